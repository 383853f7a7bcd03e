//! Rendering helpers shared by the commands: stdout that survives a closed pipe, tables, colour,
//! JSON, and short text helpers.

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};
use comfy_table::{Cell, ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::escape;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour what goes to stdout.
    #[must_use]
    pub fn enabled(self) -> bool {
        self.enabled_on(&std::io::stdout())
    }

    /// Whether to colour what goes to `stream`. `always` and `never` are the user's word; `auto`
    /// follows the conventions as `anstream` applies them: `NO_COLOR` turns colour off,
    /// `CLICOLOR_FORCE` turns it on even into a pipe, `CLICOLOR=0` off, and otherwise colour
    /// goes only to a terminal that is not `TERM=dumb`.
    #[must_use]
    pub fn enabled_on(self, stream: &impl anstream::stream::RawStream) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => matches!(
                anstream::AutoStream::choice(stream),
                anstream::ColorChoice::Always | anstream::ColorChoice::AlwaysAnsi
            ),
        }
    }
}

/// Standard output for command results.
pub struct Output {
    out: std::io::BufWriter<Box<dyn Write>>,
    pub color: bool,
    pub terminal: bool,
}

impl Output {
    #[must_use]
    pub fn new(color: bool) -> Self {
        Output {
            out: std::io::BufWriter::new(Box::new(std::io::stdout())),
            color,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    /// Output into any writer, rendered as for a terminal or not (for running commands in
    /// process, as the fuzzing harness does).
    #[must_use]
    pub fn to_writer(out: Box<dyn Write>, color: bool, terminal: bool) -> Self {
        Output {
            out: std::io::BufWriter::new(out),
            color,
            terminal,
        }
    }

    /// Writes text. Every control character is shown visibly (`^[`) except newline, tab and,
    /// when colour is on, the colour sequences of [`paint`]: the last line of defence, so user
    /// text can never reach the terminal as an escape sequence, whatever a command forgot.
    pub fn write(&mut self, text: &str) -> Result<()> {
        if escape::terminal_is_plain(text) {
            return self.out.write_all(text.as_bytes()).map_err(stdout_error);
        }
        let text = escape::terminal_output(text, self.color);
        self.out.write_all(text.as_bytes()).map_err(stdout_error)
    }

    /// Writes a line.
    pub fn line(&mut self, text: impl AsRef<str>) -> Result<()> {
        self.write(text.as_ref())?;
        self.write("\n")
    }

    /// Writes a value as pretty JSON. `serde_json` escapes control characters; bidirectional
    /// controls are escaped too (`\u202e`), so the value is exact and the terminal is safe.
    pub fn json(&mut self, value: &impl Serialize) -> Result<()> {
        let mut serializer = serde_json::Serializer::with_formatter(
            &mut self.out,
            BidiSafeFormatter(serde_json::ser::PrettyFormatter::new()),
        );
        value
            .serialize(&mut serializer)
            .map_err(|err| stdout_error(err.into()))?;
        self.write("\n")
    }

    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(stdout_error)
    }

    /// The underlying writer, for streaming formats (CSV).
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// Text in a style, or plain when colour is off.
    #[must_use]
    pub fn paint(&self, text: &str, style: Style) -> String {
        paint(text, style, self.color)
    }

    /// A table in the house style: box-drawing on a terminal, ASCII elsewhere. Its cells are
    /// escaped as they are added (see [`EscapedTable`]).
    #[must_use]
    pub fn table(&self, header: &[&str]) -> EscapedTable {
        EscapedTable {
            table: self.plain_table(header),
            color: self.color,
        }
    }

    fn plain_table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        if self.terminal {
            table
                .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
                .set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            table
                .load_style(presets::ASCII_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Disabled);
        }
        if self.color {
            // Cells are styled through comfy-table, which measures their text without the
            // escape codes; styling is on whenever colour is, terminal or not.
            table.enforce_styling();
        }
        table.set_header(header.iter().copied());
        table
    }

    /// A table cell in a colour, or plain when colour is off.
    #[must_use]
    pub fn cell(&self, text: impl Into<String>, color: comfy_table::Color) -> TableCell {
        TableCell {
            text: text.into(),
            color: self.color.then_some(color),
        }
    }
}

/// `--quiet` for the commands that write: the confirmation line (on stderr) is left out; warnings
/// and errors are still printed.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Quiet {
    /// Print no confirmation (warnings and errors still go to stderr)
    #[arg(long, short)]
    pub quiet: bool,
}

impl Quiet {
    /// Confirms a write on stderr, unless `--quiet`. Stdout is kept for data, so that a script can
    /// capture it.
    pub fn say(self, text: impl std::fmt::Display) {
        if !self.quiet {
            stderr_line!("{text}");
        }
    }
}

/// The pretty layout of `serde_json`, with bidirectional controls in strings written as `\uXXXX`.
struct BidiSafeFormatter<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for BidiSafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        writer.write_all(escape::json_fragment(fragment).as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// A table whose cells are escaped for the terminal as they are added, so the widths the table
/// measures are those of what is shown (`^[` for ESC), and no command can forget it.
pub struct EscapedTable {
    table: Table,
    color: bool,
}

/// A cell as a command builds it: its text, and the colour comfy-table styles it in (so the
/// padding counts visible characters only; colour is never embedded in the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCell {
    text: String,
    color: Option<comfy_table::Color>,
}

impl From<String> for TableCell {
    fn from(text: String) -> Self {
        TableCell { text, color: None }
    }
}

impl From<&String> for TableCell {
    fn from(text: &String) -> Self {
        TableCell::from(text.clone())
    }
}

impl From<&str> for TableCell {
    fn from(text: &str) -> Self {
        TableCell::from(text.to_owned())
    }
}

impl EscapedTable {
    /// Adds a row; each cell's text is escaped, keeping only this program's colour when colour
    /// is on, and styled cells are coloured by the table.
    pub fn add_row<C: Into<TableCell>>(&mut self, cells: impl IntoIterator<Item = C>) -> &mut Self {
        let color = self.color;
        self.table.add_row(cells.into_iter().map(|cell| {
            let cell: TableCell = cell.into();
            // A tab has no width the table can count: it would push the rest of the row out
            // of line. Four spaces stand in for it.
            let text = if cell.text.contains('\t') {
                cell.text.replace('\t', "    ")
            } else {
                cell.text
            };
            let shown = Cell::new(escape::terminal_output(&text, color));
            match cell.color {
                Some(fg) => shown.fg(fg),
                None => shown,
            }
        }));
        self
    }

    /// The table's column `index`, to set its alignment.
    pub fn column_mut(&mut self, index: usize) -> Option<&mut comfy_table::Column> {
        self.table.column_mut(index)
    }
}

impl std::fmt::Display for EscapedTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.table.fmt(f)
    }
}

/// Maps a write error on stdout; a closed pipe is reported as such so `main` can exit quietly.
#[must_use]
pub fn stdout_error(err: std::io::Error) -> Error {
    Error::Write {
        path: "<stdout>".into(),
        source: err,
    }
}

/// Text in a style, or plain when `enabled` is false.
#[must_use]
pub fn paint(text: &str, style: Style, enabled: bool) -> String {
    if enabled {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const GREEN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
pub const YELLOW: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
pub const RED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
pub const CYAN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));

/// A score with two decimals, or `-` when there is none.
#[must_use]
pub fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

/// The first `len` characters of an id, to show in lists (accepted back as a prefix).
#[must_use]
pub fn short_id(id: &str, len: usize) -> &str {
    id.get(..len).unwrap_or(id)
}

/// The shortest prefix length (at least 8) that tells every id apart. UUID v7 ids begin with
/// their creation time, so ids made within a minute share their first eight characters.
#[must_use]
pub fn unique_prefix_len<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    let common = ids
        .windows(2)
        .map(|pair| {
            pair[0]
                .bytes()
                .zip(pair[1].bytes())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .max()
        .unwrap_or(0);
    (common + 1).max(8)
}

/// Wraps text at `width` columns, each line after the first indented by `indent`. Control
/// characters are made visible first, so the widths are those of what is shown.
#[must_use]
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    // By display width (CJK and emoji take two columns), moving whole words to the next line.
    crate::interview::text::wrap(&escape::terminal(text), width).join(&format!("\n{indent}"))
}

/// `--format` of the list commands (`list`, `plan list`, `bank list`).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_in_a_cell_keeps_the_table_in_line() {
        let out = Output::to_writer(Box::new(std::io::sink()), false, false);
        let mut table = out.table(&["question", "notes"]);
        table.add_row(["a", "one\ttwo"]);
        table.add_row(["b", "plain"]);
        let shown = table.to_string();
        assert!(!shown.contains('\t'), "{shown}");
        let widths: std::collections::BTreeSet<usize> =
            shown.lines().map(|line| line.chars().count()).collect();
        assert_eq!(widths.len(), 1, "every line as wide:\n{shown}");
    }

    #[test]
    fn the_programs_own_styles_survive_the_terminal_pass() {
        for style in [
            BOLD,
            DIM,
            GREEN,
            YELLOW,
            RED,
            CYAN,
            BOLD.fg_color(GREEN.get_fg_color()),
        ] {
            let painted = paint("text", style, true);
            assert!(painted.contains('\u{1b}'));
            assert_eq!(escape::terminal_output(&painted, true), painted);
        }
    }
}
