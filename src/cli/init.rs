//! `scorecard init [DIR]`: creates a workspace, or makes one of a folder that already holds
//! candidates.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use super::output::Quiet;
use crate::error::{Error, Result};
use crate::workspace::{self, SETTINGS_FILE, SETTINGS_TEMPLATE, Workspace};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to make a workspace of [default: --workspace, else the current folder]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub quiet: Quiet,
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
    let cwd = std::env::current_dir().map_err(|err| Error::read(std::path::Path::new("."), err))?;
    let (candidates, misnamed) = Workspace::resolve(Some(&dir), &cwd)?.all_candidate_dirs()?;
    let adopted = candidates.len();
    for folder in misnamed {
        stderr_line!(
            "warning: {}",
            crate::escape::terminal(&workspace::misnamed_folder(&folder).to_string())
        );
    }
    workspace::create_private_dir(&dir)?;
    workspace::write_new(&settings, SETTINGS_TEMPLATE.as_bytes())?;
    workspace::ensure_gitignore(&dir)?;
    for folder in ["banks", "candidates"] {
        workspace::create_private_dir(&dir.join(folder))?;
    }
    let say = args.quiet;
    say.say(format_args!("Created workspace `{}`", dir.display()));
    say.say(format_args!(
        "  {}  settings, every default commented",
        settings.display()
    ));
    say.say(format_args!(
        "  {}  keeps scorecard's temporary files out of git",
        dir.join(".gitignore").display()
    ));
    say.say(format_args!(
        "  {}  the team's own question banks",
        dir.join("banks").display()
    ));
    say.say(format_args!(
        "  {}  plans and scorecards, one folder per candidate",
        dir.join("candidates").display()
    ));
    if adopted > 0 {
        say.say(format_args!(
            "Adopted the {adopted} candidate{} already in `{}`; their plans and scorecards are kept as they are",
            if adopted == 1 { "" } else { "s" },
            dir.join("candidates").display()
        ));
    }
    say.say("Next: scorecard plan new --candidate \"Ada Lovelace\" --round phone-screen");
    Ok(())
}
