//! Markdown templates: the defaults embedded from `templates/`, a user's replacement with
//! `--template FILE`, and the filters that keep user text from breaking a table or injecting HTML.
//!
//! A template that fails to parse is reported against its file and line; a failure while rendering
//! is reported separately, so a user can tell a typo in their template from a missing variable.

use std::path::Path;

use minijinja::{Environment, Value};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::escape;
use crate::workspace;

/// The embedded templates: (name, text).
pub const DEFAULTS: &[(&str, &str)] = &[
    ("bank.md", include_str!("../templates/bank.md.j2")),
    ("candidate.md", include_str!("../templates/candidate.md.j2")),
    ("debrief.html", include_str!("../templates/debrief.html.j2")),
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
        Template::from_source(&format!("<built-in>/templates/{name}.j2"), text, false)
    }

    /// A user's template file (`--template FILE`), or the embedded default when none is given.
    pub fn load(path: Option<&Path>, default: &str) -> Result<Template> {
        let Some(path) = path else {
            return Template::builtin(default);
        };
        Template::user(path, false)
    }

    /// An HTML template: the user's file or the embedded default, with every `{{ value }}`
    /// HTML-escaped whatever the file is called (`|safe` is the only way around it).
    pub fn load_html(path: Option<&Path>, default: &str) -> Result<Template> {
        let Some(path) = path else {
            let (name, text) = DEFAULTS
                .iter()
                .find(|(n, _)| *n == default)
                .ok_or_else(|| Error::refused(format!("no built-in template `{default}`")))?;
            return Template::from_source(&format!("<built-in>/templates/{name}.j2"), text, true);
        };
        Template::user(path, true)
    }

    /// A user's template file, Markdown or HTML.
    fn user(path: &Path, html: bool) -> Result<Template> {
        let bytes = workspace::read(path)?;
        let label = path.display().to_string();
        let text = crate::document::decode(&label, &bytes)?;
        let mut template = Template::from_source(&label, text, html)?;
        // Bounded work: a template that loops too long runs out of fuel and fails to render.
        template.env.set_fuel(Some(FUEL));
        Ok(template)
    }

    fn from_source(label: &str, text: &str, html: bool) -> Result<Template> {
        let mut env = Environment::new();
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|err| template_error(label, &err, "not a valid template"))?;
        env.set_syntax(syntax);
        if html {
            html_escaping(&mut env);
        } else {
            markdown_escaping(&mut env);
        }
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

/// Escaping that a template cannot forget. Every `{{ value }}` is escaped as a Markdown table cell
/// (safe in a cell and in running text) unless a filter already escaped it: `md` for running text
/// (line breaks as hard breaks), `cell` for a table cell, `code` for a whole code span (delimiters
/// included, so a backtick in the value cannot close it), `prompt` for a question's prompt (prose
/// as `md`, code as fenced code blocks; see [`crate::prompt::markdown`]). These return safe
/// strings, which are written as they are; `safe` is the way to write template-made Markdown
/// verbatim.
/// HTML pages: every value not marked safe is escaped for HTML (bidirectional controls made
/// visible too), whatever the template file is called.
fn html_escaping(env: &mut Environment<'static>) {
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    escaping_formatter(env, escape::html);
}

/// Writes every value through `escape`, except values marked safe (written as they are) and
/// none or undefined (written as nothing).
fn escaping_formatter(env: &mut Environment<'static>, escape: fn(&str) -> String) {
    env.set_formatter(move |out, _state, value| {
        if value.is_safe() {
            return out
                .write_str(value.as_str().unwrap_or_default())
                .map_err(Into::into);
        }
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        let text = value
            .as_str()
            .map_or_else(|| value.to_string(), ToOwned::to_owned);
        out.write_str(&escape(&text)).map_err(Into::into)
    });
}

fn markdown_escaping(env: &mut Environment<'static>) {
    env.set_auto_escape_callback(|_| {
        minijinja::AutoEscape::Custom(std::borrow::Cow::Borrowed("markdown"))
    });
    escaping_formatter(env, |text| {
        // Numbers (`fixed` gives them as text) are written as they are: `-0.50`, not `\-0.50`.
        if escape::is_plain_number(text) {
            text.to_owned()
        } else {
            escape::markdown_cell(text)
        }
    });
    env.add_filter("md", |text: &str| {
        Value::from_safe_string(escape::markdown_inline(text))
    });
    env.add_filter("cell", |text: &str| {
        Value::from_safe_string(escape::markdown_cell(text))
    });
    env.add_filter("prompt", |text: &str| {
        Value::from_safe_string(crate::prompt::markdown(text))
    });
    env.add_filter("code", |value: Value| {
        let text = value
            .as_str()
            .map_or_else(|| value.to_string(), ToOwned::to_owned);
        Value::from_safe_string(escape::markdown_code(&text, true))
    });
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
    fn every_value_is_escaped_once() {
        let template = Template::from_source(
            "t.md",
            "{{ x }}|{{ x | md }}|{{ x | cell }}|{{ id | code }}|{{ n }}|{{ -2.5 }}|{{ none }}|{{ x | e }}",
            false,
        )
        .unwrap();
        let context = serde_json::json!({"x": "<img src=x> *a*", "id": "a`b", "n": 3});
        assert_eq!(
            template.render(&context).unwrap(),
            "&lt;img src=x&gt; \\*a\\*|&lt;img src=x&gt; \\*a\\*|&lt;img src=x&gt; \\*a\\*\
             |``a`b``|3|-2.5||&lt;img src=x&gt; \\*a\\*"
        );
    }

    #[test]
    fn bars() {
        assert_eq!(bar(4.0, 1.0, 4.0, 4), "████");
        assert_eq!(bar(1.0, 1.0, 4.0, 4), "░░░░");
        assert_eq!(bar(2.5, 1.0, 4.0, 4), "██░░");
        assert_eq!(bar(f64::NAN, 1.0, 4.0, 4), "░░░░");
    }
}
