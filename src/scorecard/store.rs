//! Scorecards in the workspace: load, start (one per interviewer per plan), and change under the
//! file's lock so that concurrent writers lose nothing and a file that fails to parse is never
//! overwritten.

use std::path::{Path, PathBuf};

use super::{InterviewerKey, Scorecard, parse_scorecard_in, same_interviewer};
use crate::error::{Error, Result};
use crate::plan::Plan;
use crate::timestamp::Timestamp;
use rayon::prelude::*;

use crate::workspace::{self, CandidateId, Kind, Workspace};

/// Reads and parses a scorecard file.
pub fn load(path: &Path) -> Result<Scorecard> {
    workspace::load_document(path, parse_scorecard_in)
}

fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Scorecard> {
    workspace::parse_document(path, bytes, parse_scorecard_in)
}

/// Every scorecard in a candidate's folder, with its path.
pub fn in_folder(dir: &Path) -> Result<Vec<(PathBuf, Scorecard)>> {
    workspace::kind_files(dir, Kind::Scorecard)?
        .into_iter()
        .map(|path| load(&path).map(|card| (path, card)))
        .collect()
}

/// Starts `interviewer`'s scorecard on the plan at `plan_path`, or returns the one they already
/// have (draft or submitted). The bool says whether it was created now.
pub fn start(
    plan: &Plan,
    plan_path: &Path,
    interviewer: &str,
) -> Result<(Scorecard, PathBuf, bool)> {
    let interviewer = interviewer.trim();
    if interviewer.is_empty() || interviewer.chars().any(char::is_control) {
        return Err(Error::usage(
            "the interviewer name must be one line of text; give it with --interviewer NAME",
        ));
    }
    let dir = plan_path.parent().unwrap_or(Path::new("."));
    let _lock = workspace::lock_dir(dir)?;
    for (path, card) in in_folder(dir)? {
        if card.plan == plan.id && same_interviewer(&card.interviewer, interviewer) {
            return Ok((card, path, false));
        }
    }
    let card = Scorecard::start(plan, interviewer, Timestamp::now());
    card.check_change()?;
    let path = dir.join(Kind::Scorecard.file_name(&card.id));
    workspace::write_new(&path, card.to_toml()?.as_bytes())?;
    Ok((card, path, true))
}

/// Applies `change` to the scorecard at `path` under its lock and saves it. If the file does not
/// parse, or `change` refuses, the file is left exactly as it was.
pub fn modify<T>(
    path: &Path,
    change: impl FnOnce(&mut Scorecard) -> Result<T>,
) -> Result<(Scorecard, T)> {
    workspace::update(path, |bytes| {
        let mut card = parse_bytes(path, bytes)?;
        let result = change(&mut card)?;
        card.check_change()?;
        let text = card.to_toml()?;
        Ok((text.into_bytes(), (card, result)))
    })
}

/// How many candidate folders are read in parallel before their results are handed on; bounds
/// memory for streaming commands while keeping every core busy.
const CHUNK: usize = 256;

/// Reads every scorecard of the chosen candidates (all when `candidates` is None) in parallel,
/// one candidate folder per task, and hands each candidate's result to `sink` in order: the
/// order of `candidates` when given (ids without a folder are passed over), else candidate-id
/// order. `per_candidate` receives the candidate's id (the name of the folder, the only id that
/// may become a path) and the candidate's scorecards sorted by id.
///
/// Reading runs one chunk ahead of `sink` (a thread of its own starts each chunk's parallel
/// reads), so the cores keep reading while the chunk before is handed on; at most three chunks'
/// results are held at once. The first error, of either side, stops both.
pub fn scan<T: Send>(
    workspace: &Workspace,
    candidates: Option<&[CandidateId]>,
    per_candidate: impl Fn(&CandidateId, Vec<Scorecard>) -> Result<T> + Sync,
    mut sink: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let dirs: Vec<(CandidateId, std::path::PathBuf)> = match candidates {
        None => workspace.candidate_dirs()?,
        Some(wanted) => wanted
            .iter()
            .map(|id| (id.clone(), workspace.candidate_dir(id)))
            .filter(|(_, dir)| dir.is_dir())
            .collect(),
    };
    let read_chunk = |chunk: &[(CandidateId, PathBuf)]| -> Vec<Result<T>> {
        chunk
            .par_iter()
            .map(|(id, dir)| {
                let paths = workspace::kind_files(dir, Kind::Scorecard)?;
                let cards = paths
                    .iter()
                    .map(|path| load(path))
                    .collect::<Result<Vec<_>>>()?;
                one_per_interviewer(&paths, &cards)?;
                per_candidate(id, cards)
            })
            .collect()
    };
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Result<T>>>(1);
        scope.spawn(move || {
            for chunk in dirs.chunks(CHUNK) {
                // A closed channel means the sink stopped; nothing more is needed.
                if sender.send(read_chunk(chunk)).is_err() {
                    break;
                }
            }
        });
        for results in receiver {
            for result in results {
                sink(result?)?;
            }
        }
        Ok(())
    })
}

/// Refuses two scorecards of one interviewer on one plan (names compared as `start` does): both
/// would count, one vote twice. It happens when `start` ran in two clones of the workspace and git
/// merged both files.
pub fn one_per_interviewer(paths: &[PathBuf], cards: &[Scorecard]) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for (path, card) in paths.iter().zip(cards) {
        let key = (card.plan, InterviewerKey::of(&card.interviewer));
        if let Some(first) = seen.insert(key, path) {
            return Err(Error::Refused {
                message: format!(
                    "{} has two scorecards on plan {}: `{}` and `{}`; an interviewer has one scorecard per plan",
                    card.interviewer.trim(),
                    card.plan,
                    first.display(),
                    path.display()
                ),
                hints: vec![
                    "keep one: move the other out of the workspace (copy any notes worth keeping into the one kept)".to_owned(),
                ],
            });
        }
    }
    Ok(())
}

/// [`scan`] collecting every candidate's result.
pub fn scan_all<T: Send>(
    workspace: &Workspace,
    candidates: Option<&[CandidateId]>,
    per_candidate: impl Fn(&CandidateId, Vec<Scorecard>) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let mut all = Vec::new();
    scan(workspace, candidates, per_candidate, |item| {
        all.push(item);
        Ok(())
    })?;
    Ok(all)
}
