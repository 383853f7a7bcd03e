//! Rules for the fields of files read from a workspace (plans, scorecards, settings), shared so
//! that every format is held to the same standard as a bank: id syntax, text without control
//! characters, scales of 2 to 20 levels, scores on their scale, bounded numbers.
//!
//! Checks run on the parsed value and name each problem by its field path (`answers[3].score`).
//! Only when a file has problems is it parsed a second time with positions, to turn those paths
//! into lines and columns: valid files, read by the tens of thousands, pay nothing for it.

use std::collections::HashSet;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::document::LineIndex;
use crate::error::{Error, Problem};
use crate::rubric::{Category, Scale};

/// The most levels a scale has.
pub const MAX_SCALE_LEVELS: i64 = 20;

/// The furthest from 0 a scale's `min` or `max` may be: scores are averaged as floating-point
/// numbers, which keep small integers exact.
pub const MAX_SCALE_VALUE: i64 = 1000;

/// The largest category weight: weights only set proportions, and an overall score must never
/// overflow to infinity.
pub const MAX_WEIGHT: f64 = 1000.0;

/// Whether a category weight is usable: a number above 0, at most [`MAX_WEIGHT`].
#[must_use]
pub fn weight_is_valid(weight: f64) -> bool {
    weight.is_finite() && weight > 0.0 && weight <= MAX_WEIGHT
}

/// A weight as messages show it: huge ones in exponent form (`1e308`), not in 309 digits.
#[must_use]
pub fn shown_weight(weight: f64) -> String {
    if weight.is_finite() && weight.abs() >= 1e6 {
        format!("{weight:e}")
    } else {
        weight.to_string()
    }
}

/// What a weight must be, for messages.
pub const WEIGHT_RULE: &str = "a weight must be a number greater than 0 and at most 1000";

/// The longest retention period, for `purge --older-than` and the setting `retention_days`
/// (about a century).
pub const MAX_RETENTION_DAYS: u32 = 36_500;

/// One step of a field path: a key of a table or an index into an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Name(&'static str),
    Index(usize),
}

impl From<&'static str> for Key {
    fn from(name: &'static str) -> Self {
        Key::Name(name)
    }
}

impl From<usize> for Key {
    fn from(index: usize) -> Self {
        Key::Index(index)
    }
}

/// A field path: `at!["answers", 3, "score"]`.
#[macro_export]
macro_rules! at {
    ($($key:expr),* $(,)?) => {
        &[$($crate::fields::Key::from($key)),*][..]
    };
}

/// Whether a content id (bank, category, question, round) is valid: `[a-z0-9][a-z0-9_-]{0,63}`.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    is_slug(id, true)
}

/// Whether a candidate id is valid: `[a-z0-9][a-z0-9-]{0,63}` (it names a folder).
#[must_use]
pub fn is_valid_candidate_id(id: &str) -> bool {
    is_slug(id, false)
}

fn is_slug(id: &str, underscore: bool) -> bool {
    let mut chars = id.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    id.len() <= 64
        && (first.is_ascii_lowercase() || first.is_ascii_digit())
        && chars.all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (underscore && c == '_')
        })
}

/// What is wrong with a text value, if anything. One-line text holds no control character at all;
/// multi-line text may hold line breaks (`\n`, `\r\n` or a lone `\r`, each shown as a line
/// break) and tabs.
#[must_use]
pub fn text_problem(value: &str, multi_line: bool) -> Option<String> {
    // Printable ASCII holds no control character; most text is that, and is passed over fast.
    let rest = &value[crate::escape::printable_ascii_prefix(value)..];
    for c in rest.chars() {
        let allowed = multi_line && matches!(c, '\n' | '\r' | '\t');
        if c.is_control() && !allowed {
            let valid = if multi_line {
                "text may hold line breaks and tabs but no other control character"
            } else {
                "one-line text holds no control character (no line break or tab either)"
            };
            return Some(format!(
                "holds the control character U+{:04X}; {valid}",
                u32::from(c)
            ));
        }
    }
    None
}

/// What is wrong with a scale, if anything: 2 to 20 levels, one non-empty one-line label each.
/// The field named is where the problem shows (`max` or `labels`).
#[must_use]
pub fn scale_problem(scale: &Scale) -> Option<(&'static str, String)> {
    let (min, max) = (scale.min, scale.max);
    // i128: `max - min + 1` must not overflow whatever the file says.
    let levels = i128::from(max) - i128::from(min) + 1;
    if min >= max {
        return Some((
            "max",
            format!(
                "scale `max` ({max}) must be greater than `min` ({min}); a scale has 2 to {MAX_SCALE_LEVELS} levels"
            ),
        ));
    }
    if levels > i128::from(MAX_SCALE_LEVELS) {
        return Some((
            "max",
            format!(
                "a scale has at most {MAX_SCALE_LEVELS} levels; `min` {min} to `max` {max} has {levels}"
            ),
        ));
    }
    if min < -MAX_SCALE_VALUE || max > MAX_SCALE_VALUE {
        return Some((
            if min < -MAX_SCALE_VALUE { "min" } else { "max" },
            format!(
                "scale `min` {min} to `max` {max} is out of range; both must lie within -{MAX_SCALE_VALUE} to {MAX_SCALE_VALUE}"
            ),
        ));
    }
    if usize::try_from(levels).ok() != Some(scale.labels.len()) {
        return Some((
            "labels",
            format!(
                "scale has {levels} levels ({min} to {max}) but {} labels; give exactly one label per level",
                scale.labels.len()
            ),
        ));
    }
    if scale.labels.iter().any(|l| l.trim().is_empty()) {
        return Some(("labels", "scale labels must not be empty".to_owned()));
    }
    scale
        .labels
        .iter()
        .find_map(|l| text_problem(l, false))
        .map(|problem| ("labels", format!("a scale label {problem}")))
}

/// Problems found in one file, each at a field path until [`Checks::finish`] locates them.
#[derive(Debug, Default)]
pub struct Checks {
    problems: Vec<(Vec<Key>, String)>,
}

impl Checks {
    #[must_use]
    pub fn new() -> Self {
        Checks::default()
    }

    pub fn report(&mut self, at: &[Key], message: String) {
        self.problems.push((at.to_vec(), message));
    }

    /// A content id (`what` says which: "question", "category"...).
    pub fn id(&mut self, at: &[Key], what: &str, id: &str) {
        if !is_valid_id(id) {
            self.report(
                at,
                format!(
                    "{what} id `{}` is not valid; use lowercase letters, digits, `-` and `_`, starting with a letter or digit (at most 64)",
                    id.escape_debug()
                ),
            );
        }
    }

    /// A candidate id, which must also be the name of the folder the file is in (when known).
    pub fn candidate_id(&mut self, at: &[Key], id: &str, folder: Option<&str>) {
        if !is_valid_candidate_id(id) {
            self.report(
                at,
                format!(
                    "candidate id `{}` is not valid; use 1 to 64 lowercase letters, digits and `-`, starting with a letter or digit",
                    id.escape_debug()
                ),
            );
        } else if let Some(folder) = folder
            && folder != id
        {
            self.report(
                at,
                format!(
                    "candidate id `{id}` differs from the folder the file is in; it must be `{}`",
                    folder.escape_debug()
                ),
            );
        }
    }

    /// A plan's or scorecard's `id` against the id its file is named by: commands find files by
    /// name, so a copied or edited file whose id differs would be counted twice or changed in place
    /// of another.
    pub fn file_id(&mut self, at: &[Key], kind: &str, id: &uuid::Uuid, file_id: Option<&str>) {
        if let Some(file_id) = file_id
            && !file_id.eq_ignore_ascii_case(&id.hyphenated().to_string())
        {
            self.report(
                at,
                format!(
                    "{kind} id `{id}` differs from the id in the file's name (`{}`); a {kind} file is named {kind}-<its id>.toml, so rename the file or put its id back",
                    file_id.escape_debug()
                ),
            );
        }
    }

    /// One-line text (names, roles, titles); `required` refuses an empty value.
    pub fn one_line(&mut self, at: &[Key], what: &str, value: &str, required: bool) {
        if required && value.trim().is_empty() {
            self.report(at, format!("{what} must not be empty"));
        } else if let Some(problem) = text_problem(value, false) {
            self.report(at, format!("{what} {problem}"));
        }
    }

    /// Multi-line text (notes, prompts, summaries, reasons).
    pub fn multi_line(&mut self, at: &[Key], what: &str, value: &str) {
        if let Some(problem) = text_problem(value, true) {
            self.report(at, format!("{what} {problem}"));
        }
    }

    /// A scale; returns whether it is valid (scores can only be judged against a valid one).
    pub fn scale(&mut self, at: &[Key], scale: &Scale) -> bool {
        match scale_problem(scale) {
            Some((field, problem)) => {
                let mut path = at.to_vec();
                path.push(Key::Name(field));
                self.report(&path, problem);
                false
            }
            None => true,
        }
    }

    /// A score, which must lie on the scale.
    pub fn score(&mut self, at: &[Key], what: &str, scale: &Scale, score: i64) {
        if !scale.contains(score) {
            self.report(
                at,
                format!(
                    "{what} has score {score}, outside the scale; use a whole number from {} to {}",
                    scale.min, scale.max
                ),
            );
        }
    }

    /// A whole number that must lie in `range`.
    pub fn bounded(
        &mut self,
        at: &[Key],
        what: &str,
        value: u64,
        range: std::ops::RangeInclusive<u64>,
    ) {
        if !range.contains(&value) {
            self.report(
                at,
                format!(
                    "{what} is {value}; it must be from {} to {}",
                    range.start(),
                    range.end()
                ),
            );
        }
    }

    /// The fields a plan and a scorecard both open with: the candidate's name and id (equal to
    /// the `folder` the file is in, when read from one), the role and the round.
    pub fn candidate_fields(
        &mut self,
        (candidate, candidate_id): (&str, &str),
        folder: Option<&str>,
        role: &str,
        round: Option<&str>,
    ) {
        self.one_line(at!["candidate"], "`candidate`", candidate, true);
        self.candidate_id(at!["candidate_id"], candidate_id, folder);
        self.one_line(at!["role"], "`role`", role, false);
        if let Some(round) = round {
            self.id(at!["round"], "round", round);
        }
    }

    /// The categories copied into a plan or scorecard: valid unique ids, one-line titles, weights
    /// greater than 0.
    pub fn categories(&mut self, categories: &[Category]) {
        let mut seen = HashSet::new();
        for (i, category) in categories.iter().enumerate() {
            self.id(at!["categories", i, "id"], "category", &category.id);
            if !seen.insert(category.id.as_str()) {
                self.report(
                    at!["categories", i, "id"],
                    format!(
                        "category id `{}` is listed twice; ids must be unique",
                        category.id
                    ),
                );
            }
            self.one_line(
                at!["categories", i, "title"],
                "category `title`",
                &category.title,
                false,
            );
            if !weight_is_valid(category.weight) {
                self.report(
                    at!["categories", i, "weight"],
                    format!(
                        "category `{}` has weight {}; {WEIGHT_RULE}",
                        category.id,
                        shown_weight(category.weight)
                    ),
                );
            }
        }
    }

    /// For a value about to be written: a usage error with the first problem, since what breaks a
    /// rule came from the command line (a file scorecard cannot read back is never written).
    pub fn before_write(self) -> Result<(), Error> {
        match self.problems.into_iter().next() {
            Some((_, message)) => Err(Error::usage(message)),
            None => Ok(()),
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Ok if nothing was reported, else every problem with its line and column in `text`.
    pub fn finish(self, label: &str, text: &str) -> Result<(), Error> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let root = DeTable::parse(text).ok().map(|table| {
            let span = table.span();
            Spanned::new(span, DeValue::Table(table.into_inner()))
        });
        let lines = LineIndex::new(text);
        let mut problems: Vec<Problem> = self
            .problems
            .into_iter()
            .map(|(path, message)| {
                let position = root
                    .as_ref()
                    .and_then(|root| locate(root, &path))
                    .map(|offset| lines.position(offset));
                Problem::new(label, position, message)
            })
            .collect();
        problems.sort_by_key(|p| p.position);
        Err(Error::Invalid { problems })
    }
}

/// Byte offset of the field at `path`, or of the nearest enclosing value the file spells out (a
/// field left to its default has no position of its own).
fn locate(root: &Spanned<DeValue<'_>>, path: &[Key]) -> Option<usize> {
    let mut value = root;
    let mut found = None;
    for key in path {
        let next = match *key {
            Key::Name(name) => value.get_ref().get(name),
            Key::Index(i) => value.get_ref().get(i),
        };
        let Some(next) = next else { break };
        value = next;
        found = Some(value.span().start);
    }
    found
}

/// Where a candidate file lies, as its path tells: the folder it is in, which its `candidate_id`
/// must equal, and the id in its name (`plan-<id>.toml`, `scorecard-<id>.toml`), which its `id`
/// must equal. Both are None for a file read from elsewhere (or not read at all).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Location {
    pub folder: Option<String>,
    pub file_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("event-loop-phases"));
        assert!(is_valid_id("event_loop"));
        assert!(is_valid_id("0day"));
        assert!(!is_valid_id("_x"));
        assert!(!is_valid_id("Async"));
        assert!(!is_valid_id(&"a".repeat(65)));
        assert!(is_valid_id(&"a".repeat(64)));
        assert!(!is_valid_candidate_id("a_b"));
        assert!(!is_valid_candidate_id("../x"));
    }

    #[test]
    fn text_rules() {
        assert_eq!(text_problem("a\tb\nc\r\nd", true), None);
        assert_eq!(text_problem("a\rb", true), None);
        assert!(text_problem("a\u{1b}[2J", true).is_some());
        assert!(text_problem("a\nb", false).is_some());
        assert!(text_problem("a\tb", false).is_some());
        assert_eq!(text_problem("Ada Lovelace 🙂", false), None);
        // Past the first 64 printable bytes, and on a chunk's edge.
        for lead in [63, 64, 65, 200] {
            let long = |tail: &str| format!("{}{tail}", "x".repeat(lead));
            assert!(text_problem(&long("\u{1b}"), true).is_some(), "{lead}");
            assert!(text_problem(&long("\u{85}"), false).is_some(), "{lead}");
            assert!(text_problem(&long("\n"), false).is_some(), "{lead}");
            assert_eq!(text_problem(&long("é\n"), true), None, "{lead}");
        }
    }

    #[test]
    fn scales() {
        let scale = |min, max, labels: usize| Scale {
            min,
            max,
            labels: (0..labels).map(|i| format!("l{i}")).collect(),
        };
        assert_eq!(scale_problem(&scale(1, 4, 4)), None);
        assert!(scale_problem(&scale(1, 1, 1)).is_some());
        assert!(scale_problem(&scale(1, 21, 21)).is_some());
        assert!(scale_problem(&scale(0, i64::MAX, 0)).is_some());
        assert!(scale_problem(&scale(i64::MIN, i64::MAX, 0)).is_some());
        assert!(scale_problem(&scale(1, 4, 3)).is_some());
    }

    #[test]
    fn problems_are_located_by_field_path() {
        let text = "a = 1\n[[answers]]\nscore = 1\n[[answers]]\nnotes = \"x\"\nscore = 9\n";
        let mut checks = Checks::new();
        checks.report(at!["answers", 1usize, "score"], "bad score".to_owned());
        checks.report(at!["answers", 1usize, "seconds"], "missing".to_owned());
        checks.report(at!["nothing"], "whole file".to_owned());
        let err = checks.finish("x.toml", text).unwrap_err();
        let Error::Invalid { problems } = err else {
            panic!("invalid")
        };
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "x.toml: whole file",
                "x.toml:4:1: missing",
                "x.toml:6:9: bad score"
            ]
        );
    }
}
