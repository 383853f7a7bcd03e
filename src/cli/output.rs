//! Rendering helpers shared by the commands: stdout that survives a closed pipe, tables, colour,
//! JSON, and short text helpers.

use std::io::{IsTerminal, Write};

use anstyle::{AnsiColor, Style};
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};

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
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
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

    /// Writes text as it is.
    pub fn write(&mut self, text: &str) -> Result<()> {
        self.out.write_all(text.as_bytes()).map_err(stdout_error)
    }

    /// Writes a line.
    pub fn line(&mut self, text: impl AsRef<str>) -> Result<()> {
        self.write(text.as_ref())?;
        self.write("\n")
    }

    /// Writes a value as pretty JSON.
    pub fn json(&mut self, value: &impl Serialize) -> Result<()> {
        serde_json::to_writer_pretty(&mut self.out, value)
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

    /// A table in the house style: box-drawing on a terminal, ASCII elsewhere.
    #[must_use]
    pub fn table(&self, header: &[&str]) -> Table {
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
        table.set_header(header.iter().copied());
        table
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

/// Wraps text at `width` columns, each line after the first indented by `indent`.
#[must_use]
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join(&format!("\n{indent}"))
}
