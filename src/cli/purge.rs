//! `scorecard purge`: delete candidates' data when retention ends.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use clap::{ArgGroup, Args};

use super::Context;
use super::output::Quiet;
use crate::error::{Error, Result};
use crate::retention::{self, CandidateFiles, Rule};
use crate::scorecard::{Status, store};
use crate::timestamp::Timestamp;
use crate::workspace::CandidateId;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["candidate", "older_than", "expired"])))]
pub struct PurgeArgs {
    /// Delete these candidates (candidate ids; repeatable)
    #[arg(long, value_name = "ID")]
    pub candidate: Vec<String>,
    /// Delete candidates whose newest file is older than this many days (at most 36500)
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=i64::from(retention::MAX_DAYS)))]
    pub older_than: Option<u32>,
    /// Delete candidates older than `retention_days` in scorecard.toml
    #[arg(long)]
    pub expired: bool,
    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
    #[command(flatten)]
    pub quiet: Quiet,
}

pub fn run(args: &PurgeArgs, ctx: &mut Context) -> Result<()> {
    let workspace = ctx.workspace()?;
    let rule = if !args.candidate.is_empty() {
        Rule::Candidates(
            args.candidate
                .iter()
                .map(|id| CandidateId::parse(id))
                .collect::<Result<_>>()?,
        )
    } else if let Some(days) = args.older_than {
        Rule::OlderThan(days)
    } else {
        let days = workspace
            .settings
            .retention_days
            .ok_or_else(|| Error::Refused {
                message: "`--expired` needs `retention_days` in scorecard.toml".to_owned(),
                hints: vec![
                    "set for example `retention_days = 365`, or use --older-than DAYS".to_owned(),
                ],
            })?;
        Rule::OlderThan(days)
    };
    let chosen = retention::select(workspace, &rule, Timestamp::now())?;
    let say = args.quiet;
    if chosen.is_empty() {
        say.say(format_args!(
            "Nothing to purge in {}.",
            super::nothing::place(workspace)
        ));
        return Ok(());
    }
    // What is about to go is shown whenever someone is asked, and otherwise unless --quiet.
    if !args.yes || !say.quiet {
        stderr_line!(
            "{}",
            if chosen.len() == 1 {
                "This candidate will be deleted:".to_owned()
            } else {
                format!("These {} candidates will be deleted:", chosen.len())
            }
        );
        let mut table = ctx
            .out
            .table(&["candidate", "name", "plans", "scorecards", "newest"]);
        for c in &chosen {
            table.add_row(vec![
                c.id.to_string(),
                c.name.clone(),
                c.plans.to_string(),
                c.scorecards.to_string(),
                c.newest
                    .map_or_else(|| "-".to_owned(), |t| t.date().to_string()),
            ]);
        }
        stderr_line!("{table}");
    }
    for candidate in &chosen {
        if let Some(why) = &candidate.unreadable {
            stderr_line!(
                "warning: `{}` has a file that does not parse ({}); purging deletes the whole folder all the same",
                candidate.id,
                crate::escape::terminal(why)
            );
        }
    }
    warn_drafts(&chosen);
    if !args.yes && !confirm(&chosen)? {
        return Err(Error::Refused {
            message: "purge not confirmed; nothing was deleted".to_owned(),
            hints: vec![format!(
                "type {} and Enter to delete, or pass --yes in scripts",
                expected_answer(&chosen)
            )],
        });
    }
    retention::purge(ctx.workspace()?, &chosen)?;
    let plans: usize = chosen.iter().map(|c| c.plans).sum();
    let scorecards: usize = chosen.iter().map(|c| c.scorecards).sum();
    say.say(format_args!(
        "Deleted {} candidate{}: {plans} plan{}, {scorecards} scorecard{}.",
        chosen.len(),
        plural(chosen.len()),
        plural(plans),
        plural(scorecards)
    ));
    // Deleting the workspace's files cannot reach the copies made from them.
    stderr_line!(
        "note: files exported earlier (CSV, Markdown, printed kits and any copies of them) still hold {} data; delete them too",
        if chosen.len() == 1 {
            "this candidate's"
        } else {
            "these candidates'"
        }
    );
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Warns about scorecards still being written: purging takes an interviewer's draft with it.
fn warn_drafts(chosen: &[CandidateFiles]) {
    for candidate in chosen {
        let drafts: Vec<String> = store::in_folder(&candidate.dir)
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, card)| card.status == Status::Draft)
            .map(|(_, card)| card.interviewer)
            .collect();
        if !drafts.is_empty() {
            stderr_line!(
                "warning: `{}` still has {} draft scorecard{} ({}); purging deletes {} too",
                candidate.id,
                drafts.len(),
                plural(drafts.len()),
                drafts.join(", "),
                if drafts.len() == 1 { "it" } else { "them" }
            );
        }
    }
}

/// What confirms: `y` for one candidate (or its id), the number of candidates for several, so
/// that a stray key press never deletes a whole list.
fn expected_answer(chosen: &[CandidateFiles]) -> String {
    match chosen {
        [one] => format!("`y` (or `{}`)", one.id),
        many => format!("`{}` (the number of candidates)", many.len()),
    }
}

fn confirmed(answer: &str, chosen: &[CandidateFiles]) -> bool {
    let answer = answer.trim().to_lowercase();
    match chosen {
        [one] => matches!(answer.as_str(), "y" | "yes") || answer == one.id.as_str(),
        many => answer == many.len().to_string(),
    }
}

/// Reads one line, on a terminal or from a pipe: the answer counts only once Enter is pressed.
fn confirm(chosen: &[CandidateFiles]) -> Result<bool> {
    let prompt = match chosen {
        [one] => format!("Delete `{}` for good? Type y and Enter [y/N] ", one.id),
        many => format!(
            "Delete these {} candidates for good? Type {} and Enter to confirm: ",
            many.len(),
            many.len()
        ),
    };
    {
        use std::io::Write as _;
        let mut stderr = std::io::stderr();
        let _ = write!(stderr, "{prompt}").and_then(|()| stderr.flush());
    }
    let mut answer = String::new();
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|err| Error::read(Path::new("<stdin>"), err))?;
    if !terminal {
        // The answer came from a pipe, not typed, so end the prompt's line ourselves.
        stderr_line!();
    }
    Ok(confirmed(&answer, chosen))
}
