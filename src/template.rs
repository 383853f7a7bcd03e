//! Markdown templates: the defaults embedded from `templates/`, a user's replacement with
//! `--template FILE`, and the filters that keep user text from breaking a table or injecting HTML.
//!
//! A template that fails to parse is reported against its file and line; a failure while rendering
//! is reported separately, so a user can tell a typo in their template from a missing variable.

use std::path::Path;

use minijinja::{Environment, Value};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::workspace;

/// The embedded templates: (name, text).
pub const DEFAULTS: &[(&str, &str)] = &[
    ("bank.md", include_str!("../templates/bank.md.j2")),
    ("candidate.md", include_str!("../templates/candidate.md.j2")),
    ("kit.md", include_str!("../templates/kit.md.j2")),
    ("scorecard.md", include_str!("../templates/scorecard.md.j2")),
];

/// The fuel of one render of a user's template: minijinja charges one per instruction and one per
/// 64 bytes allocated, so this bounds both time (a fraction of a second) and memory (about
/// 128 MB). The built-in kit, used as a `--template`, renders a 2,000-question plan within it.
const FUEL: u64 = 2_000_000;

/// The most decimal places `fixed` gives: more than an f64 holds.
const MAX_PLACES: usize = 17;

/// A loaded template, ready to render.
pub struct Template {
    env: Environment<'static>,
    name: String,
}

impl Template {
    /// One of the embedded templates.
    pub fn builtin(name: &str) -> Result<Template> {
        let (name, text) = DEFAULTS
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| Error::refused(format!("no built-in template `{name}`")))?;
        Template::from_source(&format!("<built-in>/templates/{name}.j2"), text)
    }

    /// A user's template file (`--template FILE`), or the embedded default when none is given.
    pub fn load(path: Option<&Path>, default: &str) -> Result<Template> {
        let Some(path) = path else {
            return Template::builtin(default);
        };
        let bytes = workspace::read(path)?;
        let label = path.display().to_string();
        let text = crate::document::decode(&label, &bytes)?;
        let mut template = Template::from_source(&label, text)?;
        // Bounded work: a template that loops too long runs out of fuel and fails to render.
        template.env.set_fuel(Some(FUEL));
        Ok(template)
    }

    fn from_source(label: &str, text: &str) -> Result<Template> {
        let mut env = Environment::new();
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|err| template_error(label, &err, "not a valid template"))?;
        env.set_syntax(syntax);
        env.add_filter("md", |text: &str| escape_inline(text));
        env.add_filter("cell", |text: &str| escape_cell(text));
        env.add_filter("bar", |value: f64, min: f64, max: f64| {
            bar(value, min, max, 10)
        });
        env.add_filter("fixed", fixed);
        env.add_template_owned(label.to_owned(), text.to_owned())
            .map_err(|err| template_error(label, &err, "not a valid template"))?;
        Ok(Template {
            env,
            name: label.to_owned(),
        })
    }

    /// Renders with a serializable context.
    pub fn render(&self, context: &impl Serialize) -> Result<String> {
        let template = self
            .env
            .get_template(&self.name)
            .map_err(|err| template_error(&self.name, &err, "not a valid template"))?;
        template
            .render(Value::from(minijinja::value::Serde(context)))
            .map_err(|err| template_error(&self.name, &err, "the template failed to render"))
    }
}

fn template_error(label: &str, err: &minijinja::Error, what: &str) -> Error {
    let detail = err
        .detail()
        .map_or_else(|| err.kind().to_string(), ToOwned::to_owned);
    Error::invalid(
        label,
        err.line().map(|line| (line, 1)),
        format!("{what}: {detail}"),
    )
}

/// Escapes text for running Markdown: no HTML, no emphasis or links, no block markers at the start
/// of a line; line breaks kept as hard breaks.
#[must_use]
pub fn escape_inline(text: &str) -> String {
    let lines: Vec<String> = markdown_lines(text)
        .iter()
        .map(|l| escape_line(l))
        .collect();
    lines.join("\\\n")
}

/// Lines as Markdown sees them: `\n`, `\r\n` and a lone `\r` each end a line. Blank lines inside
/// the text are kept; a final line break is not a line of its own.
fn markdown_lines(text: &str) -> Vec<String> {
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = normal.strip_suffix('\n').unwrap_or(&normal);
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed.split('\n').map(str::to_owned).collect()
}

fn escape_line(line: &str) -> String {
    let trimmed = line.trim_start();
    let mut out = String::with_capacity(line.len() + 8);
    // Block markers only matter at the start of a line; an ordered-list marker is digits then `.`.
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let ordered = digits > 0 && matches!(trimmed[digits..].chars().next(), Some('.' | ')'));
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if ordered && i == digits => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a Markdown table cell: as [`escape_inline`], with line breaks as `<br>`.
#[must_use]
pub fn escape_cell(text: &str) -> String {
    let lines: Vec<String> = markdown_lines(text)
        .iter()
        .map(|l| escape_line(l))
        .collect();
    lines.join("<br>")
}

/// The `fixed` filter: a number with `places` decimals (at most [`MAX_PLACES`]).
fn fixed(value: f64, places: usize) -> std::result::Result<String, minijinja::Error> {
    if places > MAX_PLACES {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("fixed({places}) asks for too many decimal places; use 0 to {MAX_PLACES}"),
        ));
    }
    Ok(format!("{value:.places$}"))
}

/// A text bar such as `██████░░░░` for a value between `min` and `max`.
#[must_use]
pub fn bar(value: f64, min: f64, max: f64, width: usize) -> String {
    let fraction = if max > min && value.is_finite() {
        ((value - min) / (max - min)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let filled = (fraction * width as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_cannot_inject_html_or_blocks() {
        assert_eq!(
            escape_inline("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(
            escape_inline("# title\n- item\n1. one"),
            "\\# title\\\n\\- item\\\n1\\. one"
        );
        assert_eq!(escape_inline("a | b"), "a \\| b");
        assert_eq!(escape_inline("2024 - 2025"), "2024 - 2025");
    }

    #[test]
    fn cells_keep_one_line() {
        assert_eq!(escape_cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(escape_cell("x\r\ny\n"), "x<br>y");
        assert_eq!(escape_cell("a\rb"), "a<br>b");
        assert_eq!(escape_inline("a\r- item"), "a\\\n\\- item");
    }

    #[test]
    fn bars() {
        assert_eq!(bar(4.0, 1.0, 4.0, 4), "████");
        assert_eq!(bar(1.0, 1.0, 4.0, 4), "░░░░");
        assert_eq!(bar(2.5, 1.0, 4.0, 4), "██░░");
        assert_eq!(bar(f64::NAN, 1.0, 4.0, 4), "░░░░");
    }
}
