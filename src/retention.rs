//! Retention: which candidates `purge` deletes, judged by the newest date recorded in their files,
//! and the deletion itself (whole candidate folders).
//!
//! Dates come from inside the files (plan `created_at`, scorecard `started_at`, `submitted_at`,
//! rating and amendment times), not from file times, which a `git clone` resets.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::plan::store::load as load_plan;
use crate::scorecard::store;
use crate::timestamp::Timestamp;
use crate::workspace::{self, CandidateId, Kind, Workspace};

/// The longest retention period, for `--older-than` and `retention_days` (about a century).
pub use crate::fields::MAX_RETENTION_DAYS as MAX_DAYS;

/// A candidate folder and what it holds.
#[derive(Debug, Clone)]
pub struct CandidateFiles {
    pub id: CandidateId,
    pub name: String,
    pub dir: PathBuf,
    pub plans: usize,
    pub scorecards: usize,
    /// The newest date recorded in the candidate's files.
    pub newest: Option<Timestamp>,
    /// Why the files could not all be read (a candidate named for deletion is deleted anyway:
    /// a broken file must not keep their data past its time).
    pub unreadable: Option<String>,
}

/// Reads what `purge` needs to know about one candidate folder.
pub fn candidate_files(id: CandidateId, dir: PathBuf) -> Result<CandidateFiles> {
    let mut newest: Option<Timestamp> = None;
    let mut name = String::new();
    let plans = workspace::kind_files(&dir, Kind::Plan)?;
    for path in &plans {
        let plan = load_plan(path)?;
        newest = newest.max(Some(plan.created_at));
        name = plan.candidate;
    }
    let scorecards = store::in_folder(&dir)?;
    for (_, card) in &scorecards {
        let dates = [Some(card.started_at), card.submitted_at]
            .into_iter()
            .chain(card.answers.iter().map(|a| a.rated_at))
            .chain(card.history.iter().map(|h| Some(h.at)));
        newest = newest.max(dates.flatten().max());
        name.clone_from(&card.candidate);
    }
    Ok(CandidateFiles {
        id,
        name,
        dir,
        plans: plans.len(),
        scorecards: scorecards.len(),
        newest,
        unreadable: None,
    })
}

/// What is known of a candidate folder whose files do not all parse: how many there are, and the
/// name a plan that does parse gives.
fn unreadable_candidate(id: CandidateId, dir: PathBuf, err: &Error) -> Result<CandidateFiles> {
    let plans = workspace::kind_files(&dir, Kind::Plan)?;
    let name = plans
        .iter()
        .find_map(|path| load_plan(path).ok())
        .map(|plan| plan.candidate)
        .unwrap_or_default();
    Ok(CandidateFiles {
        name,
        plans: plans.len(),
        scorecards: workspace::kind_files(&dir, Kind::Scorecard)?.len(),
        newest: None,
        unreadable: Some(err.to_string()),
        id,
        dir,
    })
}

/// Which candidates to purge.
#[derive(Debug, Clone)]
pub enum Rule {
    /// These candidates, whatever their age.
    Candidates(Vec<CandidateId>),
    /// Candidates whose newest file is older than this many days.
    OlderThan(u32),
}

/// The candidates the rule selects, by id. Unknown `--candidate` ids are an error.
pub fn select(ws: &Workspace, rule: &Rule, now: Timestamp) -> Result<Vec<CandidateFiles>> {
    let mut chosen = Vec::new();
    match rule {
        Rule::Candidates(ids) => {
            for id in ids {
                let dir = ws.existing_candidate_dir(id)?;
                let files = match candidate_files(id.clone(), dir.clone()) {
                    Ok(files) => files,
                    Err(err) => unreadable_candidate(id.clone(), dir, &err)?,
                };
                chosen.push(files);
            }
        }
        Rule::OlderThan(days) => {
            // Days are bounded at parse; the checked subtraction keeps a bad caller from panicking.
            let cutoff = now
                .0
                .checked_sub_signed(chrono::Duration::days(i64::from((*days).min(MAX_DAYS))))
                .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
            for (id, dir) in ws.candidate_dirs()? {
                // Without its dates a candidate's age is unknown: never deleted by age.
                let files = candidate_files(id.clone(), dir).map_err(|err| Error::Refused {
                    message: format!(
                        "cannot tell how old candidate `{id}`'s files are: {err}; nothing was deleted"
                    ),
                    hints: vec![format!(
                        "fix the file, or delete the candidate by name: scorecard purge --candidate {id}"
                    )],
                })?;
                // A folder with no dated file holds nothing worth keeping.
                if files.newest.is_none_or(|t| t.0 < cutoff) {
                    chosen.push(files);
                }
            }
        }
    }
    chosen.sort_by(|a, b| a.id.cmp(&b.id));
    chosen.dedup_by(|a, b| a.id == b.id);
    // Deleting a link deletes nothing it points to: the data would stay, reported deleted.
    if let Some(linked) = chosen
        .iter()
        .find(|c| std::fs::symlink_metadata(&c.dir).is_ok_and(|meta| meta.file_type().is_symlink()))
    {
        let target = std::fs::read_link(&linked.dir)
            .map_or_else(|_| "elsewhere".to_owned(), |t| format!("`{}`", t.display()));
        return Err(Error::Refused {
            message: format!(
                "candidate `{}`'s folder `{}` is a link to {target}; purge deletes only folders held in the workspace, so nothing was deleted",
                linked.id,
                linked.dir.display()
            ),
            hints: vec![
                "delete the files where the link points, then remove the link; or move the folder into the workspace and purge again".to_owned(),
            ],
        });
    }
    Ok(chosen)
}

/// Deletes the candidates' folders, each whole or not at all: under the folder's lock, renamed
/// out of sight, then removed (see [`workspace::remove_candidate_dir`]). Leftovers of a purge that
/// was killed part way are removed first.
pub fn purge(ws: &Workspace, chosen: &[CandidateFiles]) -> Result<()> {
    workspace::clean_purge_leftovers(&ws.candidates_dir());
    for candidate in chosen {
        workspace::remove_candidate_dir(&candidate.dir)?;
    }
    Ok(())
}
