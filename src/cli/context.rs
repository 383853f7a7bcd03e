//! What every command is handed: the `Context` (the workspace, resolved on first use, and
//! stdout), and the helpers several commands share: who is interviewing, finding a scorecard,
//! listing files.

use std::cell::OnceCell;
use std::path::PathBuf;

use super::output::Output;
use crate::error::{Error, Result};
use crate::escape;
use crate::workspace::{Kind, Origin, Workspace};

/// What every command gets: the workspace (resolved on first use) and stdout.
pub struct Context {
    pub(super) workspace_arg: Option<PathBuf>,
    pub(super) workspace: OnceCell<Workspace>,
    /// Whether a workspace given by `--workspace` or `SCORECARD_WORKSPACE` must already exist:
    /// true for every command but those that create one.
    pub(super) must_exist: bool,
    pub out: Output,
}

impl Context {
    /// The workspace, resolved the first time a command needs it.
    pub fn workspace(&self) -> Result<&Workspace> {
        if let Some(workspace) = self.workspace.get() {
            return Ok(workspace);
        }
        let cwd =
            std::env::current_dir().map_err(|err| Error::read(std::path::Path::new("."), err))?;
        let workspace = Workspace::resolve(self.workspace_arg.as_deref(), &cwd)?;
        // A mistyped --workspace must not look like an empty workspace.
        if self.must_exist && workspace.origin == Origin::Given && !workspace.existed {
            let from_env = std::env::var_os("SCORECARD_WORKSPACE")
                .is_some_and(|v| std::path::Path::new(&v) == workspace.root);
            return Err(Error::Refused {
                message: format!(
                    "workspace `{}` does not exist (given by {})",
                    workspace.root.display(),
                    if from_env {
                        "SCORECARD_WORKSPACE"
                    } else {
                        "--workspace"
                    }
                ),
                hints: vec![format!(
                    "check the path, or create it with `scorecard init {}`",
                    workspace.root.display()
                )],
            });
        }
        Ok(self.workspace.get_or_init(|| workspace))
    }
}

/// Loads the files a list shows. A list is for finding things, so a file that fails to load is
/// reported as a warning and left out rather than hiding every other file.
pub(super) fn load_listed<T>(
    files: Vec<PathBuf>,
    load: impl Fn(&std::path::Path) -> Result<T>,
) -> Vec<(PathBuf, T)> {
    files
        .into_iter()
        .filter_map(|path| match load(&path) {
            Ok(item) => Some((path, item)),
            Err(err) => {
                stderr_line!("warning: skipped {}", escape::terminal(&err.to_string()));
                None
            }
        })
        .collect()
}

/// The files a list shows (all of `kind`, or one candidate's), and how many characters of their
/// ids to show: enough to tell apart every id of this kind in the workspace, not just the rows
/// shown, so a shown prefix always works as an argument. The workspace is listed once.
pub(super) fn listed_files(
    ctx: &Context,
    kind: crate::workspace::Kind,
    candidate: Option<&str>,
) -> Result<(Vec<PathBuf>, usize)> {
    let workspace = ctx.workspace()?;
    for dir in workspace.all_candidate_dirs()?.1 {
        stderr_line!(
            "warning: skipped {}",
            escape::terminal(&crate::workspace::misnamed_folder(&dir).to_string())
        );
    }
    let all = workspace.files(kind)?;
    let width = super::output::unique_prefix_len(all.iter().filter_map(|path| kind.id_of(path)));
    let files = match candidate {
        None => all,
        Some(id) => {
            let dir = workspace.candidate_dir(&crate::workspace::CandidateId::parse(id)?);
            all.into_iter()
                .filter(|path| path.parent() == Some(dir.as_path()))
                .collect()
        }
    };
    Ok((files, width))
}

/// The interviewer: the flag, then scorecard.toml's `interviewer`, then `$SCORECARD_INTERVIEWER`.
pub fn interviewer(ctx: &Context, flag: Option<String>) -> Result<String> {
    let from_settings = ctx.workspace()?.settings.interviewer.clone();
    let from_env = std::env::var("SCORECARD_INTERVIEWER").ok();
    flag.or(from_settings)
        .or(from_env)
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .ok_or_else(|| {
            Error::usage(
                "who is interviewing? give --interviewer NAME, set `interviewer` in scorecard.toml, or set SCORECARD_INTERVIEWER",
            )
        })
}

/// Finds a scorecard; a plan id in its place is named as such, with the scorecards on that plan
/// in `command` (`{id}` is where the scorecard id goes).
pub(super) fn find(ctx: &Context, query: &str, command: &str) -> Result<PathBuf> {
    crate::lookup::find(ctx.workspace()?, Kind::Scorecard, query, command)
}

/// Refuses an `--out` before any work or side effect (a pseudonym key created, files read): one
/// that cannot be replaced by a regular file, or one of the workspace's own files, which an export
/// would overwrite with no way back.
pub(super) fn check_out(ctx: &Context, path: &std::path::Path) -> Result<()> {
    crate::workspace::check_target(path)?;
    outside_workspace(ctx, path)
}

/// Refuses an `--out` (file or folder) among the workspace's own files.
pub(super) fn outside_workspace(ctx: &Context, path: &std::path::Path) -> Result<()> {
    if ctx.workspace()?.owns(path) {
        return Err(Error::usage(format!(
            "--out `{}` is inside the workspace's own files (scorecard.toml, anonymize.key, candidates/, banks/); write exports elsewhere",
            path.display()
        )));
    }
    Ok(())
}
