//! `scorecard purge`: delete candidates' data when retention ends.

use std::io::{BufRead, IsTerminal};

use clap::{ArgGroup, Args};

use super::Context;
use crate::error::{Error, Result};
use crate::retention::{self, Rule};
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
    if chosen.is_empty() {
        return ctx.out.line("Nothing to purge.");
    }
    ctx.out.line(format!(
        "These {} candidate{} will be deleted:",
        chosen.len(),
        plural(chosen.len())
    ))?;
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
    ctx.out.line(table.to_string())?;
    ctx.out.flush()?;
    if !args.yes && !confirm(chosen.len())? {
        return Err(Error::Refused {
            message: "purge not confirmed; nothing was deleted".to_owned(),
            hints: vec!["answer `y` to delete, or pass --yes in scripts".to_owned()],
        });
    }
    retention::purge(&chosen)?;
    let plans: usize = chosen.iter().map(|c| c.plans).sum();
    let scorecards: usize = chosen.iter().map(|c| c.scorecards).sum();
    ctx.out.line(format!(
        "Deleted {} candidate{}: {plans} plan{}, {scorecards} scorecard{}.",
        chosen.len(),
        plural(chosen.len()),
        plural(plans),
        plural(scorecards)
    ))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Asks on the terminal, or reads one line from stdin when it is not a terminal; only `y` or
/// `yes` confirms.
fn confirm(count: usize) -> Result<bool> {
    let prompt = format!("Delete {count} candidate{} for good?", plural(count));
    if std::io::stdin().is_terminal() {
        return dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact()
            .map_err(|dialoguer::Error::IO(err)| {
                Error::read(std::path::Path::new("<terminal>"), err)
            });
    }
    eprint!("{prompt} [y/N] ");
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|err| Error::read(std::path::Path::new("<stdin>"), err))?;
    // The answer came from a pipe, not typed, so end the prompt's line ourselves.
    eprintln!();
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}
