//! What a command says on stderr when it finds nothing: the workspace it looked in, and which
//! filter matched nothing with the values that exist, so an empty result is never mistaken for
//! an empty panel.

use super::Context;
use crate::error::Result;
use crate::lookup::{self, Wanted};
use crate::scorecard::Scorecard;
use crate::workspace::Workspace;

/// "workspace `DIR`", saying when the folder does not exist (yet).
#[must_use]
pub fn place(workspace: &Workspace) -> String {
    if workspace.root.is_dir() {
        format!("workspace `{}`", workspace.root.display())
    } else {
        format!(
            "workspace `{}` (it does not exist yet)",
            workspace.root.display()
        )
    }
}

/// Explains an empty result. `what` names what was looked for ("submitted scorecards"),
/// `include` keeps the scorecards of that kind, `wanted` holds the command's filters and `next`
/// says how to make one when there is none at all.
pub fn explain(
    ctx: &Context,
    what: &str,
    include: impl Fn(&Scorecard) -> bool,
    wanted: &Wanted<'_>,
    next: Option<&str>,
) -> Result<()> {
    let workspace = ctx.workspace()?;
    let place = place(workspace);
    let known = lookup::known(workspace, include)?;
    if known.scorecards == 0 {
        if let Some(next) = next {
            stderr_line!("no {what} in {place}; {next}");
        } else {
            stderr_line!("no {what} in {place}");
        }
        return Ok(());
    }
    let misses = lookup::unmatched(&known, wanted);
    if misses.is_empty() {
        match (wanted.dates, known.submitted) {
            ((None, None), _) | (_, None) => stderr_line!(
                "no {what} in {place} match these filters together ({} {what} in all)",
                known.scorecards
            ),
            ((since, until), Some((first, last))) => {
                let range = match (since, until) {
                    (Some(since), Some(until)) => format!("from {since} to {until}"),
                    (Some(since), None) => format!("on or after {since}"),
                    (None, _) => format!("on or before {}", until.unwrap_or(last)),
                };
                let when = if first == last {
                    format!("on {first}")
                } else {
                    format!("from {first} to {last}")
                };
                stderr_line!(
                    "no {what} in {place} match the filters, submitted {range}: the {} there were submitted {when}",
                    known.scorecards
                );
            }
        }
    }
    for miss in misses {
        let values = match miss.flag {
            "--role" => "roles",
            "--interviewer" => "interviewers",
            _ => "candidates",
        };
        stderr_line!(
            "{} `{}` matches no {what} in {place}",
            miss.flag,
            miss.value
        );
        let list: Vec<String> = miss.known.iter().map(|v| format!("`{v}`")).collect();
        stderr_line!("  {values} there: {}", list.join(", "));
    }
    Ok(())
}
