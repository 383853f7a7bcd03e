//! `scorecard init [DIR]`: creates a workspace.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::error::{Error, Result};
use crate::workspace::{self, SETTINGS_FILE, SETTINGS_TEMPLATE};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to make a workspace of [default: --workspace, else the current folder]
    pub dir: Option<PathBuf>,
}

pub fn run(args: &InitArgs, ctx: &mut Context) -> Result<()> {
    let dir = args
        .dir
        .clone()
        .or_else(|| ctx.workspace_arg.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let settings = dir.join(SETTINGS_FILE);
    if settings.exists() {
        return Err(Error::refused(format!(
            "`{}` is already a workspace: `{}` exists and was left untouched",
            dir.display(),
            settings.display()
        )));
    }
    workspace::create_private_dir(&dir)?;
    workspace::write_new(&settings, SETTINGS_TEMPLATE.as_bytes())?;
    workspace::ensure_gitignore(&dir)?;
    for folder in ["banks", "candidates"] {
        workspace::create_private_dir(&dir.join(folder))?;
    }
    ctx.out
        .line(format!("Created workspace `{}`", dir.display()))?;
    ctx.out.line(format!(
        "  {}  settings, every default commented",
        settings.display()
    ))?;
    ctx.out.line(format!(
        "  {}  keeps scorecard's temporary files out of git",
        dir.join(".gitignore").display()
    ))?;
    ctx.out.line(format!(
        "  {}  the team's own question banks",
        dir.join("banks").display()
    ))?;
    ctx.out.line(format!(
        "  {}  plans and scorecards, one folder per candidate",
        dir.join("candidates").display()
    ))?;
    ctx.out
        .line("Next: scorecard plan new --candidate \"Ada Lovelace\" --round phone-screen")
}
