//! Lookups that help put a wrong argument right: an id of the other kind (a plan id where a
//! scorecard id belongs, or the reverse), and the values that exist when a filter matches nothing.
//!
//! Only called once a command has found nothing, so reading the workspace again costs nothing in
//! the common case; files that fail to load are passed over here, since they only feed a hint.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::plan::store::load as load_plan;
use crate::scorecard::{InterviewerKey, Scorecard, same_interviewer, store};
use crate::workspace::{Kind, Workspace};

/// Finds a plan or scorecard by id, unique prefix or path, like [`Workspace::find`]. When nothing
/// of `kind` matches but an id of the other kind does, the error says what that id is and gives
/// the command that fits: `command` is the command the user ran, with `{id}` where the right id
/// goes (for example `scorecard show {id}`).
pub fn find(workspace: &Workspace, kind: Kind, query: &str, command: &str) -> Result<PathBuf> {
    match workspace.find(kind, query) {
        Err(not_found @ Error::NotFound { .. }) => {
            let other = match kind {
                Kind::Plan => Kind::Scorecard,
                Kind::Scorecard => Kind::Plan,
            };
            match workspace.find(other, query) {
                Ok(path) => Err(mixup(kind, query, &path, command)),
                Err(_) => Err(not_found),
            }
        }
        found => found,
    }
}

/// The error for an id of the other kind, found at `path`.
fn mixup(wanted: Kind, query: &str, path: &Path, command: &str) -> Error {
    let fill = |id: &str| command.replace("{id}", id);
    match wanted {
        Kind::Scorecard => {
            let Ok(plan) = load_plan(path) else {
                return not_this_kind(wanted, query, "a plan");
            };
            let dir = path.parent().unwrap_or(Path::new("."));
            let cards: Vec<Scorecard> = store::in_folder(dir)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, card)| card)
                .filter(|card| card.plan == plan.id)
                .collect();
            let mut hints = Vec::new();
            if cards.is_empty() {
                hints.push(format!(
                    "it has no scorecards yet; start one with `scorecard start {} --interviewer NAME`",
                    plan.id
                ));
            } else {
                hints.push("its scorecards:".to_owned());
                for card in &cards {
                    hints.push(format!(
                        "  {}   ({}, {})",
                        fill(&card.id.to_string()),
                        card.interviewer,
                        card.status.as_str()
                    ));
                }
            }
            Error::Refused {
                message: format!(
                    "no scorecard matches `{query}`: it is the id of a plan ({}, {}), not of a scorecard",
                    plan.candidate,
                    plan.round.as_deref().unwrap_or("no round")
                ),
                hints,
            }
        }
        Kind::Plan => {
            let Ok(card) = store::load(path) else {
                return not_this_kind(wanted, query, "a scorecard");
            };
            Error::Refused {
                message: format!(
                    "no plan matches `{query}`: it is the id of a scorecard ({}'s, {}, for {}), not of a plan",
                    card.interviewer,
                    card.status.as_str(),
                    card.candidate
                ),
                hints: vec![format!("its plan: {}", fill(&card.plan.to_string()))],
            }
        }
    }
}

fn not_this_kind(wanted: Kind, query: &str, what: &str) -> Error {
    Error::refused(format!(
        "no {} matches `{query}`: it is the id of {what}",
        wanted.name()
    ))
}

/// What the scorecards of a workspace hold: the values a filter could match.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Known {
    /// Scorecards counted (those `include` kept).
    pub scorecards: usize,
    /// The first and last day a counted scorecard was submitted on, when any was.
    pub submitted: Option<(NaiveDate, NaiveDate)>,
    pub roles: BTreeSet<String>,
    pub interviewers: BTreeSet<String>,
    pub candidates: BTreeSet<String>,
}

/// The roles, interviewers and candidate ids of the workspace's scorecards that `include` keeps
/// (for example only submitted ones, for the commands that count only those).
pub fn known(workspace: &Workspace, include: impl Fn(&Scorecard) -> bool) -> Result<Known> {
    let mut known = Known::default();
    let mut seen = BTreeSet::new();
    for path in workspace.files(Kind::Scorecard)? {
        let Ok(card) = store::load(&path) else {
            continue;
        };
        if !include(&card) {
            continue;
        }
        known.scorecards += 1;
        if let Some(at) = card.submitted_at {
            let day = at.date();
            known.submitted = Some(match known.submitted {
                Some((first, last)) => (first.min(day), last.max(day)),
                None => (day, day),
            });
        }
        known.roles.insert(card.role.trim().to_owned());
        // One name per interviewer, however each file spells it (as `start` matches them).
        if seen.insert(InterviewerKey::of(&card.interviewer)) {
            known
                .interviewers
                .insert(card.interviewer.trim().to_owned());
        }
        known.candidates.insert(card.candidate_id);
    }
    Ok(known)
}

/// The filters a command was given, to find the one that matched nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Wanted<'a> {
    pub role: Option<&'a str>,
    pub interviewer: Option<&'a str>,
    pub candidates: &'a [String],
    /// `--since` and `--until`.
    pub dates: (Option<NaiveDate>, Option<NaiveDate>),
}

/// A filter that matches no scorecard on its own, and the values that exist for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoMatch {
    /// The flag, e.g. `--role`.
    pub flag: &'static str,
    pub value: String,
    pub known: Vec<String>,
}

/// Each filter of `wanted` that matches none of the `known` values, with those values.
#[must_use]
pub fn unmatched(known: &Known, wanted: &Wanted<'_>) -> Vec<NoMatch> {
    let mut found = Vec::new();
    if let Some(role) = wanted.role
        && !known
            .roles
            .iter()
            .any(|r| r.eq_ignore_ascii_case(role.trim()))
    {
        found.push(NoMatch {
            flag: "--role",
            value: role.to_owned(),
            known: known.roles.iter().cloned().collect(),
        });
    }
    if let Some(name) = wanted.interviewer
        && !known.interviewers.iter().any(|i| same_interviewer(i, name))
    {
        found.push(NoMatch {
            flag: "--interviewer",
            value: name.to_owned(),
            known: known.interviewers.iter().cloned().collect(),
        });
    }
    for id in wanted.candidates {
        if !known.candidates.contains(id.trim()) {
            found.push(NoMatch {
                flag: "--candidate",
                value: id.clone(),
                known: known.candidates.iter().cloned().collect(),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known {
            scorecards: 2,
            submitted: None,
            roles: ["Senior Node.js backend engineer".to_owned()].into(),
            interviewers: ["Grace Hopper".to_owned()].into(),
            candidates: ["ada-lovelace".to_owned()].into(),
        }
    }

    #[test]
    fn names_each_filter_that_matches_nothing() {
        let candidates = ["alan-turing".to_owned(), "ada-lovelace".to_owned()];
        let wanted = Wanted {
            role: Some("Senior backend engineer"),
            interviewer: Some(" grace hopper "),
            candidates: &candidates,
            ..Wanted::default()
        };
        let found = unmatched(&known(), &wanted);
        assert_eq!(
            found,
            vec![
                NoMatch {
                    flag: "--role",
                    value: "Senior backend engineer".to_owned(),
                    known: vec!["Senior Node.js backend engineer".to_owned()],
                },
                NoMatch {
                    flag: "--candidate",
                    value: "alan-turing".to_owned(),
                    known: vec!["ada-lovelace".to_owned()],
                },
            ]
        );
    }

    #[test]
    fn role_matches_ignoring_case() {
        let wanted = Wanted {
            role: Some("senior node.js BACKEND engineer"),
            ..Wanted::default()
        };
        assert!(unmatched(&known(), &wanted).is_empty());
    }
}
