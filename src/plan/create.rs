//! Creating a plan in a workspace: resolve the bank and the candidate, gather earlier plans for
//! `--fresh`, pick, and write the file, all under the candidate folder's lock so two interviewers
//! planning the same loop at once never pick the same question.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};

use super::select::{self, Request, SelectError};
use super::{Plan, PlanHeader};
use crate::bank::{Bank, Level};
use crate::error::{Error, Result, quoted_list};
use crate::workspace::{self, CandidateId, Kind, Workspace};

/// How many questions to ask from which categories.
#[derive(Debug, Clone)]
pub enum Counts {
    /// A round preset of the bank (its picks, and its budget unless `minutes` is given).
    Round(String),
    /// The same number from every category.
    PerCategory(usize),
    /// Category id and count, as given.
    Pick(Vec<(String, usize)>),
}

/// Everything `plan new` was asked for.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub candidate: String,
    pub candidate_id: Option<String>,
    pub role: Option<String>,
    pub counts: Counts,
    pub levels: Vec<Level>,
    pub minutes: Option<u32>,
    pub seed: Option<u64>,
    pub fresh: bool,
}

/// Largest seed: seeds are stored as TOML integers, which are signed 64-bit.
pub const MAX_SEED: u64 = i64::MAX as u64;

/// Picks the questions from `bank` and writes the plan, returning it and its path.
pub fn create(workspace: &Workspace, bank: &Bank, request: &NewPlan) -> Result<(Plan, PathBuf)> {
    let candidate = checked_name(&request.candidate)?;
    let candidate_id = match &request.candidate_id {
        Some(id) => CandidateId::parse(id)?,
        None => CandidateId::from_name(&candidate)?,
    };
    let Resolved {
        counts,
        budget,
        round,
    } = resolve_counts(bank, request)?;
    let seed = request.seed.unwrap_or_else(draw_seed);

    // Locked while the earlier plans are read and the new one written; a refusal below drops
    // the guard, which removes the folder again if this plan was to be its first file.
    let folder = workspace.open_candidate_dir(&candidate_id)?;
    let dir = folder.path.clone();
    let earlier = earlier_plans(&dir)?;
    if let Some(other) = earlier
        .iter()
        .find(|p| !same_person(&p.candidate, &candidate))
    {
        return Err(Error::Refused {
            message: format!(
                "candidate id `{candidate_id}` already belongs to `{}`, not `{candidate}`",
                other.candidate
            ),
            hints: vec!["give this candidate another id with --candidate-id".to_owned()],
        });
    }
    let exclude: HashSet<String> = if request.fresh {
        earlier
            .iter()
            .flat_map(|p| p.questions.iter().map(|q| q.id.clone()))
            .collect()
    } else {
        HashSet::new()
    };
    let selection = Request {
        counts,
        levels: request.levels.clone(),
        budget,
        exclude,
        seed,
    };
    let excluded = !selection.exclude.is_empty();
    let picked: Vec<_> = select::select(bank, &selection)
        .map_err(|err| selection_error(err, &candidate_id, excluded))?
        .into_iter()
        .cloned()
        .collect();
    let header = PlanHeader {
        candidate,
        candidate_id: candidate_id.to_string(),
        role: request.role.clone().unwrap_or_else(|| bank.title.clone()),
        round,
        seed,
        minutes: budget,
    };
    let plan = Plan::new(bank, header, picked);
    plan.check_new()?;
    let path = dir.join(Kind::Plan.file_name(&plan.id));
    workspace::write_new(&path, plan.to_toml()?.as_bytes())?;
    folder.keep();
    Ok((plan, path))
}

/// Whether two spellings name the same candidate (case and spacing aside).
fn same_person(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// A candidate's name, trimmed; one line, no control characters.
fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::usage(
            "`--candidate` must not be empty; give the candidate's name",
        ));
    }
    if name.chars().any(char::is_control) || name.chars().count() > 200 {
        return Err(Error::usage(
            "`--candidate` must be one line of at most 200 characters, without control characters",
        ));
    }
    Ok(name.to_owned())
}

/// The request in terms of the bank: counts per category, the budget, and the round id.
struct Resolved {
    counts: Vec<(String, usize)>,
    budget: Option<u32>,
    round: Option<String>,
}

fn resolve_counts(bank: &Bank, request: &NewPlan) -> Result<Resolved> {
    if request.minutes == Some(0) {
        return Err(Error::usage("`--minutes` must be at least 1"));
    }
    Ok(match &request.counts {
        Counts::Round(id) => {
            let round = bank.round(id).ok_or_else(|| Error::NotFound {
                kind: "round",
                query: id.clone(),
                valid: bank.rounds.iter().map(|r| r.id.clone()).collect(),
            })?;
            let counts = round
                .pick
                .iter()
                .map(|p| (p.category.clone(), p.count))
                .collect();
            Resolved {
                counts,
                budget: request.minutes.or(Some(round.minutes)),
                round: Some(round.id.clone()),
            }
        }
        Counts::PerCategory(n) => {
            if *n == 0 {
                return Err(Error::usage("`--per-category` must be at least 1"));
            }
            let counts = bank.categories.iter().map(|c| (c.id.clone(), *n)).collect();
            Resolved {
                counts,
                budget: request.minutes,
                round: None,
            }
        }
        Counts::Pick(picks) => Resolved {
            counts: picks.clone(),
            budget: request.minutes,
            round: None,
        },
    })
}

/// Every plan already in a candidate's folder.
fn earlier_plans(dir: &Path) -> Result<Vec<Plan>> {
    workspace::kind_files(dir, Kind::Plan)?
        .iter()
        .map(|path| super::store::load(path))
        .collect()
}

/// `fresh`: earlier plans' questions were left out of the pick.
fn selection_error(err: SelectError, candidate: &CandidateId, fresh: bool) -> Error {
    match err {
        SelectError::UnknownCategory { category, valid } => Error::NotFound {
            kind: "category",
            query: category,
            valid,
        },
        SelectError::Short { ref shortages } => {
            let dry = fresh && shortages.iter().any(|s| s.already_asked > 0);
            let mut hints = Vec::new();
            if dry {
                hints.push(format!(
                    "earlier plans of `{candidate}` have used up these questions; ask fewer, or drop --fresh to allow repeats"
                ));
            }
            Error::Refused {
                message: format!("the bank cannot satisfy this request: {err}"),
                hints,
            }
        }
        SelectError::OverBudget { .. } if fresh => Error::Refused {
            message: err.to_string(),
            hints: vec![format!(
                "--fresh left out the questions in earlier plans of `{candidate}`; their lengths count against this budget"
            )],
        },
        other => Error::Refused {
            message: other.to_string(),
            hints: Vec::new(),
        },
    }
}

/// A seed for a plan made without `--seed`: random per run, small enough to type back.
fn draw_seed() -> u64 {
    // RandomState is keyed randomly per process; mixing in the time guards against a platform
    // whose keys repeat.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    if let Ok(elapsed) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(elapsed.as_nanos());
    }
    hasher.finish() % 1_000_000_000
}

/// Parses `CAT=N` (for `--pick`).
pub fn parse_pick(text: &str) -> std::result::Result<(String, usize), String> {
    let (category, count) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not CATEGORY=COUNT (for example `async=2`)"))?;
    let count: usize = count.trim().parse().map_err(|_| {
        format!("`{count}` in `{text}` is not a count; use a whole number such as `async=2`")
    })?;
    if count == 0 {
        return Err(format!(
            "`{text}` asks for no questions; use a count of 1 or more"
        ));
    }
    Ok((category.trim().to_owned(), count))
}

/// `a`, `b` for rounds in messages.
#[must_use]
pub fn round_list(bank: &Bank) -> String {
    let ids: Vec<&str> = bank.rounds.iter().map(|r| r.id.as_str()).collect();
    quoted_list(&ids, 20)
}
