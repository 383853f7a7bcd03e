//! Bank files: strict serde types that keep each value's position, then a validation pass that
//! reports every problem in the file at once, as `FILE:LINE:COL: message` with what would be valid.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;

use super::raw::{RawBank, RawCategory, RawQuestion, RawRound, RawScale};
use super::{Bank, Category, Pick, Question, Round, Scale, is_valid_id};
use crate::document::{self, LineIndex};
use crate::error::{Error, Problem, quoted_list};
use crate::fields::{MAX_SCALE_LEVELS, MAX_SCALE_VALUE, text_problem};

const MAX_ROUND_MINUTES: i64 = 600;

/// Parses and validates a bank file. `label` names the file in messages.
pub fn parse_bank(label: &str, text: &str) -> Result<Bank, Error> {
    let raw: RawBank = match super::chunked::parse_in_chunks(text) {
        Some(raw) => raw,
        None => document::parse_toml(label, text, "bank")?,
    };
    document::require_schema(label, text, "bank", raw.schema)?;
    let mut check = Checker {
        label,
        lines: LineIndex::new(text),
        problems: Vec::new(),
    };
    let bank = check.bank(raw);
    if check.problems.is_empty() {
        return Ok(bank);
    }
    let mut problems = check.problems;
    problems.sort_by_key(|p| p.position);
    Err(Error::Invalid { problems })
}

/// Parses a bank from raw bytes, with the size and encoding checks of any file.
pub fn parse_bank_bytes(label: &str, bytes: &[u8]) -> Result<Bank, Error> {
    parse_bank(label, document::decode(label, bytes)?)
}

struct Checker<'a> {
    label: &'a str,
    /// Built once per file: every problem needs a position.
    lines: LineIndex<'a>,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, span: Range<usize>, message: String) {
        self.problems
            .push(self.lines.problem_at(self.label, span, message));
    }

    fn id(&mut self, what: &str, id: &Spanned<String>) {
        if !is_valid_id(id.get_ref()) {
            self.report(
                id.span(),
                format!(
                    "{what} id `{}` is not valid; use lowercase letters, digits, `-` and `_`, starting with a letter or digit (at most 64)",
                    id.get_ref()
                ),
            );
        }
    }

    /// One-line text that must not be empty (titles).
    fn text(&mut self, what: &str, value: &Spanned<String>) {
        if value.get_ref().trim().is_empty() {
            self.report(value.span(), format!("{what} must not be empty"));
        } else {
            self.control(what, value.span(), value.get_ref(), false);
        }
    }

    /// Control characters in text: none in one-line text, line breaks and tabs in multi-line.
    fn control(&mut self, what: &str, span: Range<usize>, value: &str, multi_line: bool) {
        if let Some(problem) = text_problem(value, multi_line) {
            self.report(span, format!("{what} {problem}"));
        }
    }

    fn unique<'s>(&mut self, what: &str, ids: impl Iterator<Item = &'s Spanned<String>>) {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id.get_ref().as_str()) {
                self.report(
                    id.span(),
                    format!(
                        "{what} id `{}` is used twice; ids must be unique",
                        id.get_ref()
                    ),
                );
            }
        }
    }

    fn bank(&mut self, raw: RawBank) -> Bank {
        self.id("bank", &raw.id);
        self.text("`title`", &raw.title);
        self.control(
            "`version`",
            raw.version.span(),
            raw.version.get_ref(),
            false,
        );
        if let Some(description) = &raw.description {
            self.control("`description`", raw.id.span(), description, true);
        }
        let scale = self.scale(raw.scale);
        if raw.categories.is_empty() {
            self.problems.push(Problem::new(
                self.label,
                None,
                "the bank has no `[[categories]]`; add at least one".to_owned(),
            ));
        }
        if raw.questions.is_empty() {
            self.problems.push(Problem::new(
                self.label,
                None,
                "the bank has no `[[questions]]`; add at least one".to_owned(),
            ));
        }
        let categories = self.categories(&raw.categories);
        let mut category_ids: Vec<String> = Vec::new();
        for c in &categories {
            if !category_ids.contains(&c.id) {
                category_ids.push(c.id.clone());
            }
        }
        let questions = self.questions(raw.questions, &category_ids, &scale);
        let rounds = self.rounds(raw.rounds, &category_ids, &questions);
        Bank {
            id: raw.id.into_inner(),
            title: raw.title.into_inner(),
            version: raw.version.into_inner(),
            description: raw.description,
            scale,
            categories,
            questions,
            rounds,
        }
    }

    fn scale(&mut self, raw: Option<RawScale>) -> Scale {
        let Some(raw) = raw else {
            return Scale::default();
        };
        let (min, max) = (*raw.min.get_ref(), *raw.max.get_ref());
        // i128: `max - min + 1` must not overflow whatever the file says.
        let levels = i128::from(max) - i128::from(min) + 1;
        if min >= max {
            self.report(
                raw.max.span(),
                format!("scale `max` ({max}) must be greater than `min` ({min})"),
            );
        } else if levels > i128::from(MAX_SCALE_LEVELS) {
            self.report(
                raw.max.span(),
                format!("a scale has at most {MAX_SCALE_LEVELS} levels; `min` {min} to `max` {max} has {levels}"),
            );
        } else if min < -MAX_SCALE_VALUE || max > MAX_SCALE_VALUE {
            let span = if min < -MAX_SCALE_VALUE {
                raw.min.span()
            } else {
                raw.max.span()
            };
            self.report(
                span,
                format!(
                    "scale `min` {min} to `max` {max} is out of range; both must lie within -{MAX_SCALE_VALUE} to {MAX_SCALE_VALUE}"
                ),
            );
        } else if usize::try_from(levels).ok() != Some(raw.labels.get_ref().len()) {
            self.report(
                raw.labels.span(),
                format!(
                    "scale has {levels} levels ({min} to {max}) but {} labels; give exactly one label per level",
                    raw.labels.get_ref().len()
                ),
            );
        }
        if raw.labels.get_ref().iter().any(|l| l.trim().is_empty()) {
            self.report(
                raw.labels.span(),
                "scale labels must not be empty".to_owned(),
            );
        }
        for label in raw.labels.get_ref() {
            self.control("a scale label", raw.labels.span(), label, false);
        }
        Scale {
            min,
            max,
            labels: raw.labels.into_inner(),
        }
    }

    fn categories(&mut self, raw: &[RawCategory]) -> Vec<Category> {
        self.unique("category", raw.iter().map(|c| &c.id));
        raw.iter()
            .map(|category| {
                self.id("category", &category.id);
                self.text("category `title`", &category.title);
                let weight = category.weight.as_ref().map_or(1.0, |w| *w.get_ref());
                if let Some(spanned) = &category.weight
                    && !crate::fields::weight_is_valid(weight)
                {
                    self.report(
                        spanned.span(),
                        format!(
                            "category `{}` has weight {}; {}",
                            category.id.get_ref(),
                            crate::fields::shown_weight(weight),
                            crate::fields::WEIGHT_RULE
                        ),
                    );
                }
                Category {
                    id: category.id.get_ref().clone(),
                    title: category.title.get_ref().clone(),
                    weight,
                }
            })
            .collect()
    }

    fn questions(
        &mut self,
        raw: Vec<RawQuestion>,
        categories: &[String],
        scale: &Scale,
    ) -> Vec<Question> {
        self.unique("question", raw.iter().map(|q| &q.id));
        // None when the scale itself is broken (already reported): anchors cannot be judged then.
        let levels = (scale.min < scale.max)
            .then(|| i128::from(scale.max) - i128::from(scale.min) + 1)
            .filter(|&n| n <= i128::from(MAX_SCALE_LEVELS))
            .and_then(|n| usize::try_from(n).ok());
        raw.into_iter()
            .map(|q| {
                self.id("question", &q.id);
                let id = q.id.get_ref();
                if !categories.iter().any(|c| c == q.category.get_ref()) {
                    self.report(
                        q.category.span(),
                        format!(
                            "question `{id}` names category `{}`, which the bank does not define; valid: {}",
                            q.category.get_ref(),
                            quoted_list(categories, 20)
                        ),
                    );
                }
                if q.prompt.get_ref().trim().is_empty() {
                    self.report(q.prompt.span(), format!("the prompt of question `{id}` must not be empty"));
                }
                self.control(&format!("the prompt of question `{id}`"), q.prompt.span(), q.prompt.get_ref(), true);
                for (field, items) in [("expected", &q.expected.get_ref()[..]), ("follow_ups", &q.follow_ups), ("red_flags", &q.red_flags), ("anchors", q.anchors.as_ref().map_or(&[][..], |a| &a.get_ref()[..]))] {
                    for item in items {
                        self.control(&format!("`{field}` of question `{id}`"), q.id.span(), item, true);
                    }
                }
                for tag in &q.tags {
                    self.control(&format!("a tag of question `{id}`"), q.id.span(), tag, false);
                }
                let minutes = match &q.minutes {
                    None => 5,
                    Some(m) => {
                        let value = *m.get_ref();
                        if !(1..=120).contains(&value) {
                            self.report(
                                m.span(),
                                format!("question `{id}` takes {value} minutes; minutes must be from 1 to 120"),
                            );
                        }
                        u32::try_from(value.clamp(1, 120)).unwrap_or(5)
                    }
                };
                if q.expected.get_ref().is_empty() || q.expected.get_ref().iter().any(|e| e.trim().is_empty()) {
                    self.report(
                        q.expected.span(),
                        format!("question `{id}` needs `expected`: one or more non-empty points a strong answer covers"),
                    );
                }
                if let (Some(anchors), Some(levels)) = (&q.anchors, levels)
                    && anchors.get_ref().len() != levels
                {
                    self.report(
                        anchors.span(),
                        format!(
                            "question `{id}` has {} anchors; give exactly one per scale level ({levels}), or none",
                            anchors.get_ref().len()
                        ),
                    );
                }
                Question {
                    id: id.clone(),
                    category: q.category.into_inner(),
                    prompt: q.prompt.into_inner(),
                    level: q.level,
                    minutes,
                    expected: q.expected.into_inner(),
                    follow_ups: q.follow_ups,
                    red_flags: q.red_flags,
                    anchors: q.anchors.map(Spanned::into_inner).unwrap_or_default(),
                    tags: q.tags,
                }
            })
            .collect()
    }

    fn rounds(
        &mut self,
        raw: Vec<RawRound>,
        categories: &[String],
        questions: &[Question],
    ) -> Vec<Round> {
        self.unique("round", raw.iter().map(|r| &r.id));
        let mut minutes_by_category: HashMap<&str, Vec<u32>> = HashMap::new();
        for q in questions {
            minutes_by_category
                .entry(&q.category)
                .or_default()
                .push(q.minutes);
        }
        for minutes in minutes_by_category.values_mut() {
            minutes.sort_unstable();
        }
        raw.into_iter()
            .map(|round| {
                self.id("round", &round.id);
                self.text("round `title`", &round.title);
                let id = round.id.get_ref().clone();
                let budget = *round.minutes.get_ref();
                if !(1..=MAX_ROUND_MINUTES).contains(&budget) {
                    self.report(
                        round.minutes.span(),
                        format!("round `{id}` has a budget of {budget} minutes; it must be from 1 to {MAX_ROUND_MINUTES}"),
                    );
                }
                if round.pick.get_ref().is_empty() {
                    self.report(round.pick.span(), format!("round `{id}` picks nothing; give `pick = {{ category = count }}`"));
                }
                let mut smallest_total: u64 = 0;
                let mut pick = Vec::new();
                for (category, count) in round.pick.into_inner() {
                    let n = *count.get_ref();
                    let Some(minutes) = categories
                        .iter()
                        .any(|c| c == category.get_ref())
                        .then(|| minutes_by_category.get(category.get_ref().as_str()).map_or(&[][..], Vec::as_slice))
                    else {
                        self.report(
                            category.span(),
                            format!(
                                "round `{id}` picks from category `{}`, which the bank does not define; valid: {}",
                                category.get_ref(),
                                quoted_list(categories, 20)
                            ),
                        );
                        continue;
                    };
                    let Ok(wanted) = usize::try_from(n) else {
                        self.report(count.span(), format!("round `{id}` picks {n} from `{}`; a count must be 1 or more", category.get_ref()));
                        continue;
                    };
                    if wanted == 0 {
                        self.report(count.span(), format!("round `{id}` picks 0 from `{}`; a count must be 1 or more", category.get_ref()));
                        continue;
                    }
                    if wanted > minutes.len() {
                        self.report(
                            count.span(),
                            format!(
                                "round `{id}` picks {wanted} from `{}`, which has {} question{}; pick at most {}",
                                category.get_ref(),
                                minutes.len(),
                                if minutes.len() == 1 { "" } else { "s" },
                                minutes.len()
                            ),
                        );
                        continue;
                    }
                    smallest_total += minutes[..wanted].iter().map(|&m| u64::from(m)).sum::<u64>();
                    pick.push(Pick {
                        category: category.into_inner(),
                        count: wanted,
                    });
                }
                if (1..=MAX_ROUND_MINUTES).contains(&budget) && smallest_total > budget.unsigned_abs() {
                    self.report(
                        round.minutes.span(),
                        format!(
                            "round `{id}` has a budget of {budget} minute{}, but its shortest possible pick takes {smallest_total}; raise `minutes` to at least {smallest_total} or pick fewer questions",
                            if budget == 1 { "" } else { "s" }
                        ),
                    );
                }
                // Keep picks in bank order, whatever order the file wrote them in.
                pick.sort_by_key(|p| categories.iter().position(|c| *c == p.category));
                Round {
                    id,
                    title: round.title.into_inner(),
                    minutes: u32::try_from(budget.clamp(1, MAX_ROUND_MINUTES)).unwrap_or(1),
                    pick,
                }
            })
            .collect()
    }
}
