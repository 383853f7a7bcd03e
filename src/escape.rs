//! Escaping user text for each medium it leaves the program in: the terminal, Markdown, CSV and
//! HTML. Every function here is total (any string in, safe text out) and never panics.
//!
//! Two rules hold in every medium:
//!
//! - A control character from user text is never passed on raw. C0 controls and DEL are shown in
//!   caret notation (`^[` for ESC, `^G` for BEL, `^?` for DEL), C1 controls as `<U+009B>`. Newline
//!   and tab are kept where the medium can carry them; `\r\n` is read as a newline.
//! - A bidirectional control (U+202A–U+202E, U+2066–U+2069) is shown as `<U+202E>`, so it can
//!   neither reorder the text around it nor hide that it was there.
//!
//! The medium's own escaping then applies to that visible text.

use std::fmt::Write as _;

/// Whether `c` is one of the bidirectional embedding, override and isolate controls.
#[must_use]
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The visible stand-in for a character that must not reach a medium raw, or `None` for a
/// character that may. `keep` lists the controls the caller's medium can carry (newline, tab).
fn visible(c: char, keep: &[char]) -> Option<String> {
    if keep.contains(&c) {
        return None;
    }
    match c {
        // Caret notation: ESC (0x1B) is `^[`, BEL (0x07) is `^G`, NUL is `^@`.
        '\0'..='\u{1f}' => Some(format!("^{}", char::from(c as u8 + 0x40))),
        '\u{7f}' => Some("^?".to_owned()),
        '\u{80}'..='\u{9f}' => Some(format!("<U+{:04X}>", u32::from(c))),
        c if is_bidi_control(c) => Some(format!("<U+{:04X}>", u32::from(c))),
        _ => None,
    }
}

/// The length of a prefix of `text` that is printable ASCII (no control, nothing else to check),
/// found 64 bytes at a time: a whole chunk without a branch per byte runs on vectors, which is
/// what settles most text quickly. It stops at the first chunk holding anything else, so the
/// text after it is for the caller to look at closely; the prefix ends on a character boundary.
#[must_use]
pub fn printable_ascii_prefix(text: &str) -> usize {
    let printable = |b: &u8| (0x20..0x7f).contains(b);
    text.as_bytes()
        .chunks(64)
        .take_while(|chunk| chunk.iter().fold(true, |all, b| all & printable(b)))
        .map(<[u8]>::len)
        .sum()
}

/// Whether `text` holds no control or bidirectional control outside `keep`, so it may be used as
/// it is: printable ASCII a chunk at a time, then byte by byte, and from the first non-ASCII
/// character, character by character.
fn is_plain(text: &str, keep: &[char]) -> bool {
    let rest = &text[printable_ascii_prefix(text)..];
    let bytes = rest.as_bytes();
    let stop = bytes
        .iter()
        .position(|&b| b >= 0x80 || ((b < 0x20 || b == 0x7f) && !keep.contains(&char::from(b))));
    match stop {
        None => true,
        Some(at) if bytes[at] < 0x80 => false,
        // The first byte of a non-ASCII character: decode from there.
        Some(at) => rest[at..].chars().all(|c| visible(c, keep).is_none()),
    }
}

/// Text with every control and bidirectional control made visible, except those in `keep`.
/// `\r\n` becomes `\n` first when newlines are kept, so Windows line ends are not shown as `^M`.
fn neutralise_controls(text: &str, keep: &[char]) -> String {
    let normal;
    let text = if keep.contains(&'\n') && text.contains('\r') {
        normal = text.replace("\r\n", "\n");
        normal.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match visible(c, keep) {
            Some(shown) => out.push_str(&shown),
            None => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet (xlsx)

/// User text for a workbook cell: a cell may hold newlines and tabs, every other control and
/// every bidirectional control is shown visibly. Borrowed when nothing needs to change, which is
/// almost always, so a large export does not copy its notes.
#[must_use]
pub fn spreadsheet(text: &str) -> std::borrow::Cow<'_, str> {
    const KEEP: [char; 2] = ['\n', '\t'];
    if is_plain(text, &KEEP) {
        return text.into();
    }
    neutralise_controls(text, &KEEP).into()
}

// ---------------------------------------------------------------------------------------------
// Terminal

/// User text for the terminal: newlines and tabs kept, every other control character and every
/// bidirectional control shown visibly, so no escape sequence can retitle, clear or recolour the
/// reader's terminal or write to their clipboard.
#[must_use]
pub fn terminal(text: &str) -> String {
    neutralise_controls(text, &['\n', '\t'])
}

/// Whether [`terminal`] would leave `text` as it is (no control character but newline and tab,
/// no bidirectional control), so a writer can skip the copy for ordinary text.
#[must_use]
pub fn terminal_is_plain(text: &str) -> bool {
    is_plain(text, &['\n', '\t'])
}

/// The last pass over everything written to the terminal. With `styles` false it is
/// [`terminal`]. With `styles` true, the colour sequences the program itself uses (SGR with the
/// parameters of [`is_own_style`]: reset, bold, dim, the eight colours) pass through and every
/// other control is shown visibly, so whatever a command forgot to escape, the terminal receives
/// nothing but text and those styles.
#[must_use]
pub fn terminal_output(text: &str, styles: bool) -> String {
    if !styles {
        return terminal(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&terminal(&rest[..at]));
        let after = &rest[at + 1..];
        let sgr_len = sgr_length(after);
        if sgr_len > 0 {
            out.push('\u{1b}');
            out.push_str(&after[..sgr_len]);
        } else {
            out.push_str("^[");
        }
        rest = &after[sgr_len..];
    }
    out.push_str(&terminal(rest));
    out
}

/// Whether an SGR parameter list is one of the program's own styles: reset (`0` or empty), bold
/// (`1`), dim (`2`), normal weight (`22`), a foreground colour (`30`-`37`, `39`, `90`-`97`).
/// Concealed text, blinking and the rest are left out.
fn is_own_style(params: &str) -> bool {
    params.split(';').all(|p| {
        matches!(
            p,
            "" | "0"
                | "1"
                | "2"
                | "22"
                | "39"
                | "30"
                | "31"
                | "32"
                | "33"
                | "34"
                | "35"
                | "36"
                | "37"
                | "90"
                | "91"
                | "92"
                | "93"
                | "94"
                | "95"
                | "96"
                | "97"
        )
    })
}

/// The length of an own-style SGR sequence's body (`[1;32m`) at the start of `text`, or 0 when
/// there is none.
fn sgr_length(text: &str) -> usize {
    let Some(body) = text.strip_prefix('[') else {
        return 0;
    };
    let params = body
        .bytes()
        .take(33)
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    if params <= 32 && body.as_bytes().get(params) == Some(&b'm') && is_own_style(&body[..params]) {
        params + 2
    } else {
        0
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Escapes text for running Markdown: no HTML element or attribute, no emphasis, links or block
/// markers from the text; line breaks kept as hard breaks; `http(s)://` URLs kept byte for byte
/// as autolinks.
#[must_use]
pub fn markdown_inline(text: &str) -> String {
    markdown_lines(text)
        .iter()
        .map(|line| markdown_line(line, false))
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// Escapes text for a Markdown table cell: as [`markdown_inline`], with line breaks as `<br>`
/// and every `|` escaped (a `|` inside a URL is written `%7C`, its percent-encoding, since tables
/// split rows on `|` before reading links).
#[must_use]
pub fn markdown_cell(text: &str) -> String {
    markdown_lines(text)
        .iter()
        .map(|line| markdown_line(line, true))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A whole code span for `text`, delimiters included: fenced by one more backtick than the
/// longest run inside, padded with a space when the text starts or ends with a backtick, on one
/// line, with `|` escaped when `cell` (table rows are split before code spans are read).
#[must_use]
pub fn markdown_code(text: &str, cell: bool) -> String {
    let flat = neutralise_controls(text, &['\n', '\t']).replace(['\n', '\t'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') || flat.trim().is_empty() {
        " "
    } else {
        ""
    };
    let body = if cell { flat.replace('|', "\\|") } else { flat };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A fenced code block holding `lines` as written, indentation and all. The fence is three
/// backticks, or one more than the longest run of backticks in the code, so no line of it can
/// close the block (`CommonMark` closes a fence only with a run at least as long), and it carries
/// no info string. Code in a block is literal text: nothing in it becomes HTML, a link or
/// emphasis, so only controls need changing (shown visibly; tabs kept).
#[must_use]
pub fn markdown_fence(lines: &[&str]) -> String {
    let shown: Vec<String> = lines
        .iter()
        .map(|line| neutralise_controls(line, &['\t']))
        .collect();
    let longest = shown
        .iter()
        .flat_map(|line| line.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let mut out = String::with_capacity(shown.iter().map(|l| l.len() + 1).sum::<usize>() + 16);
    out.push_str(&fence);
    out.push('\n');
    for line in &shown {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&fence);
    out
}

/// Lines as Markdown sees them: `\n`, `\r\n` and a lone `\r` each end a line. Blank lines inside
/// the text are kept; a final line break is not a line of its own.
fn markdown_lines(text: &str) -> Vec<String> {
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = normal.strip_suffix('\n').unwrap_or(&normal);
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed
        .split('\n')
        .map(|line| neutralise_controls(line, &['\t']))
        .collect()
}

fn markdown_line(line: &str, cell: bool) -> String {
    let text = line.trim_start_matches([' ', '\t']);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    if !text.is_empty() {
        push_indent(&mut out, &line[..line.len() - text.len()]);
    }
    // Block markers only matter at the start of a line; an ordered-list marker is digits then `.`.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let ordered = digits > 0 && matches!(chars.get(digits), Some('.' | ')'));
    let mut i = 0;
    while i < chars.len() {
        if let Some(len) = url_at(&chars, i) {
            push_autolink(&mut out, &chars[i..i + len], cell);
            i += len;
            continue;
        }
        let c = chars[i];
        let alnum = |at: Option<&char>| at.is_some_and(|c| c.is_alphanumeric());
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // An underscore between letters or digits (`engine_core`) can neither open nor close
            // emphasis, so ids read the same in text and in code.
            '_' if !(i > 0 && alnum(chars.get(i - 1)) && alnum(chars.get(i + 1))) => {
                out.push_str("\\_");
            }
            '#' | '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if ordered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// A line's indentation as non-breaking spaces (a tab to the next multiple of four columns). As
/// plain spaces it would be dropped after a line break, collapsed by HTML, or turn the line into
/// an indented code block; `&nbsp;` keeps the writer's layout and is not whitespace to Markdown.
fn push_indent(out: &mut String, indent: &str) {
    let mut column = 0;
    for c in indent.chars() {
        let width = if c == '\t' { 4 - column % 4 } else { 1 };
        column += width;
        for _ in 0..width {
            out.push_str("&nbsp;");
        }
    }
}

/// The length of an `http://` or `https://` URL starting at `at`, or `None`. Like GitHub's
/// autolinks, a URL ends at whitespace or `<`/`>`, and trailing punctuation that usually ends a
/// sentence (`.`, `,`, `:`, `;`, `!`, `?`, quotes, `*`, `_`, `~`, an unbalanced `)` or `]`) is
/// left out of it.
fn url_at(chars: &[char], at: usize) -> Option<usize> {
    if at > 0 && chars[at - 1].is_alphanumeric() {
        return None;
    }
    let rest = &chars[at..];
    let scheme = ["https://", "http://"]
        .iter()
        .find(|s| rest.len() > s.len() && rest.iter().zip(s.chars()).all(|(a, b)| *a == b))?;
    let mut end = rest
        .iter()
        .position(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'))
        .unwrap_or(rest.len());
    while let Some(&last) = rest[..end].last() {
        let unbalanced = |open: char, close: char| {
            last == close && {
                let body = &rest[..end];
                body.iter().filter(|c| **c == close).count()
                    > body.iter().filter(|c| **c == open).count()
            }
        };
        let trailing = matches!(
            last,
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~'
        ) || unbalanced('(', ')')
            || unbalanced('[', ']');
        if !trailing {
            break;
        }
        end -= 1;
    }
    // A scheme alone is not a link.
    (end > scheme.len()).then_some(end)
}

/// A URL as an autolink of `CommonMark`, `<URL>`: its text and target are the URL byte for byte (no
/// backslash escapes or entities are read inside), and the closing `>` keeps a following hard
/// line break out of it. In a table cell `|` would end the cell even there, so it is written as
/// `%7C`, the form RFC 3986 asks for anyway.
fn push_autolink(out: &mut String, url: &[char], cell: bool) {
    out.push('<');
    for &c in url {
        if cell && c == '|' {
            out.push_str("%7C");
        } else {
            out.push(c);
        }
    }
    out.push('>');
}

// ---------------------------------------------------------------------------------------------
// CSV

/// A CSV text cell: controls other than tab, newline and carriage return shown visibly (quoting
/// carries those), and a cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, tab or carriage return) prefixed with an apostrophe, as OWASP advises. Applying it twice
/// changes nothing more.
#[must_use]
pub fn csv_cell(text: &str) -> String {
    let shown = neutralise_controls(text, &['\t', '\n', '\r']);
    match shown.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{shown}"),
        _ => shown,
    }
}

/// Whether [`csv_cell`] would leave `text` as it is: it starts with no formula character and
/// holds no control character but tab and line breaks, and no bidirectional control. Lets a
/// writer skip the copy for the usual cell.
#[must_use]
pub fn csv_cell_is_plain(text: &str) -> bool {
    !text.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !text
            .chars()
            .any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c))
}

/// Whether text is a plain finite decimal number (`-2.5`): a spreadsheet reads it as a number,
/// never a formula, and Markdown gives it no meaning, so it needs no escaping in either.
#[must_use]
pub fn is_plain_number(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'.'))
        && text.parse::<f64>().is_ok_and(f64::is_finite)
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Text for an HTML text node or a quoted attribute value: `& < > " '` as entities, controls and
/// bidirectional controls shown visibly (newlines and tabs kept).
#[must_use]
pub fn html(text: &str) -> String {
    let shown = neutralise_controls(text, &['\n', '\t']);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A fragment of a JSON string with each bidirectional control written as a `\u202e` escape, so
/// JSON output keeps the value exactly while the terminal never receives the raw character.
#[must_use]
pub fn json_fragment(fragment: &str) -> std::borrow::Cow<'_, str> {
    if !fragment.chars().any(is_bidi_control) {
        return std::borrow::Cow::Borrowed(fragment);
    }
    let mut out = String::with_capacity(fragment.len() + 8);
    for c in fragment.chars() {
        if is_bidi_control(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests;
