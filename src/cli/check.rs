//! `scorecard check`: prints every problem the workspace audit finds, then a one-line summary.

use clap::Args;

use super::Context;
use crate::audit;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct CheckArgs {}

pub fn run(_args: &CheckArgs, ctx: &mut Context) -> Result<()> {
    let workspace = ctx.workspace()?.clone();
    let audit = audit::check_workspace(&workspace)?;
    let read = format!(
        "{} plan{} and {} scorecard{} of {} candidate{} in {}",
        audit.plans,
        plural(audit.plans),
        audit.scorecards,
        plural(audit.scorecards),
        audit.candidates,
        plural(audit.candidates),
        super::nothing::place(&workspace)
    );
    if audit.problems.is_empty() {
        return ctx.out.line(format!("ok: {read}"));
    }
    // As `bank check` does: the first problem is the error line, the others follow it, then the
    // count.
    let count = audit.problems.len();
    let mut lines = audit.problems.into_iter();
    let first = lines.next().unwrap_or_default();
    let mut hints: Vec<String> = lines.collect();
    hints.push(format!("{count} problem{} in {read}", plural(count)));
    Err(Error::Refused {
        message: first,
        hints,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
