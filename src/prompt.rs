//! A question's prompt read as prose and code: the one reading that the interview screen and the
//! Markdown outputs (kit, bank) share, so a line shown as code in one is code in the other.
//!
//! Code is a fenced block (between lines starting with three backticks), a line indented by four
//! spaces or a tab, or a line that looks like a statement (see [`looks_like_code`]); every other
//! non-blank line is prose.

use crate::escape;

/// One line of a prompt, as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// A line of backticks that opens or closes a fenced block; not shown itself.
    Fence,
    /// A line of code, exactly as written.
    Code(&'a str),
    /// An empty or whitespace-only line outside a fenced block.
    Blank,
    /// A line of prose, without its surrounding spaces.
    Prose(&'a str),
}

/// Every line of `prompt`, read as prose or code.
///
/// Text after a fence's backticks is never dropped: one word opening a block is its language
/// (`js`), anything else is prose, shown before an opening fence or after a closing one.
#[must_use]
pub fn lines(prompt: &str) -> Vec<Line<'_>> {
    let mut fenced = false;
    let mut read = Vec::new();
    for line in prompt.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("```") {
            let rest = rest.trim_start_matches('`').trim();
            let opening = !fenced;
            fenced = !fenced;
            let language = opening && !rest.contains(char::is_whitespace);
            if rest.is_empty() || language {
                read.push(Line::Fence);
            } else if opening {
                read.extend([Line::Prose(rest), Line::Fence]);
            } else {
                read.extend([Line::Fence, Line::Prose(rest)]);
            }
        } else if fenced
            || line.starts_with("    ")
            || line.starts_with('\t')
            || looks_like_code(line)
        {
            read.push(Line::Code(line));
        } else if line.trim().is_empty() {
            read.push(Line::Blank);
        } else {
            read.push(Line::Prose(line.trim()));
        }
    }
    read
}

/// A line of a snippet written without a fence or indentation, as banks often hold them: it ends
/// like a statement or a block (`;`, `{`, `}`), opens or closes one, or is a comment or an arrow
/// function. Prose lines in banks are joined by TOML's line continuation, so a line of prose
/// that ends this way is rare, and keeping it as written costs little.
fn looks_like_code(line: &str) -> bool {
    let line = line.trim();
    line.ends_with(';')
        || line.ends_with('{')
        || line.starts_with('}')
        || line.starts_with("//")
        || line.contains("=> ")
}

/// A prompt as Markdown: each paragraph of prose escaped as running text (its line breaks kept as
/// hard breaks), each run of code lines one fenced code block that keeps the code's indentation
/// (less what all its lines share) and cannot be closed by anything the code holds. Blank lines
/// between two runs of code stay inside one block, as they would in an indented code block.
#[must_use]
pub fn markdown(prompt: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut prose: Vec<&str> = Vec::new();
    let mut code: Vec<&str> = Vec::new();
    // Blank lines after code wait: they belong to the block only if more code follows.
    let mut blanks = 0;
    let flush_prose = |prose: &mut Vec<&str>, blocks: &mut Vec<String>| {
        if !prose.is_empty() {
            blocks.push(escape::markdown_inline(&prose.join("\n")));
            prose.clear();
        }
    };
    let flush_code = |code: &mut Vec<&str>, blocks: &mut Vec<String>| {
        if !code.is_empty() {
            blocks.push(escape::markdown_fence(&dedent(code)));
            code.clear();
        }
    };
    for line in lines(prompt) {
        match line {
            Line::Fence => flush_prose(&mut prose, &mut blocks),
            Line::Blank => {
                flush_prose(&mut prose, &mut blocks);
                if !code.is_empty() {
                    blanks += 1;
                }
            }
            Line::Code(text) => {
                flush_prose(&mut prose, &mut blocks);
                code.extend(std::iter::repeat_n("", blanks));
                blanks = 0;
                code.push(text);
            }
            Line::Prose(text) => {
                flush_code(&mut code, &mut blocks);
                blanks = 0;
                prose.push(text);
            }
        }
    }
    flush_prose(&mut prose, &mut blocks);
    flush_code(&mut code, &mut blocks);
    blocks.join("\n\n")
}

/// Code lines without the leading whitespace that all their non-blank lines share, so a snippet
/// indented to mark it as code in the bank is not shown indented in the block.
fn dedent<'a>(code: &[&'a str]) -> Vec<&'a str> {
    let indent = |line: &'a str| &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let mut common: Option<&str> = None;
    for line in code.iter().filter(|l| !l.trim().is_empty()) {
        let this = indent(line);
        common = Some(match common {
            None => this,
            Some(shared) => {
                let same = shared
                    .bytes()
                    .zip(this.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &shared[..same]
            }
        });
    }
    let common = common.unwrap_or_default();
    code.iter()
        .map(|line| {
            if line.trim().is_empty() {
                ""
            } else {
                line.strip_prefix(common).unwrap_or(line)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_as_prose_code_and_fences() {
        let prompt = "Why?\n\n```\nif (a) {\n  b();\n\n}\n```\n    c();\nd => e\nplain";
        assert_eq!(
            lines(prompt),
            [
                Line::Prose("Why?"),
                Line::Blank,
                Line::Fence,
                Line::Code("if (a) {"),
                Line::Code("  b();"),
                Line::Code(""),
                Line::Code("}"),
                Line::Fence,
                Line::Code("    c();"),
                Line::Code("d => e"),
                Line::Prose("plain"),
            ]
        );
    }

    #[test]
    fn text_beside_a_fence_is_kept_as_prose() {
        let prompt = "What does this print?\n```js\nconsole.log(1)\n``` Explain why, and what changes with `await`.\nThen?";
        assert_eq!(
            lines(prompt),
            [
                Line::Prose("What does this print?"),
                Line::Fence,
                Line::Code("console.log(1)"),
                Line::Fence,
                Line::Prose("Explain why, and what changes with `await`."),
                Line::Prose("Then?"),
            ]
        );
        assert_eq!(
            lines("``` Look at this:\nx\n```"),
            [
                Line::Prose("Look at this:"),
                Line::Fence,
                Line::Code("x"),
                Line::Fence
            ]
        );
        assert!(markdown(prompt).contains("Explain why, and what changes with \\`await\\`."));
    }

    #[test]
    fn markdown_fences_code_and_keeps_its_relative_indentation() {
        let prompt =
            "What does this print?\nExplain.\n\n    if (a) {\n        b();\n\n    }\nThen:";
        assert_eq!(
            markdown(prompt),
            "What does this print?\\\nExplain.\n\n```\nif (a) {\n    b();\n\n}\n```\n\nThen:"
        );
    }

    #[test]
    fn blank_lines_after_the_last_code_line_are_not_code() {
        assert_eq!(markdown("a();\n\n\nWhy?"), "```\na();\n```\n\nWhy?");
        assert_eq!(
            markdown("```\nx\n"),
            "```\nx\n```",
            "an open fence ends with the prompt"
        );
    }

    #[test]
    fn dedent_removes_only_shared_whitespace() {
        assert_eq!(dedent(&["  a", "    b", "", "  c"]), ["a", "  b", "", "c"]);
        assert_eq!(dedent(&["\ta", "  b"]), ["\ta", "  b"]);
        assert_eq!(dedent(&["a", " "]), ["a", ""]);
    }
}
