//! `scorecard list|show`: reading scorecards. `list` never shows scores; `show` prints one
//! scorecard in every format, with cards down for another interviewer's card.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Context;
use super::context::{find, interviewer};
use super::output::ListFormat;
use super::output::{BOLD, DIM, score as fmt_score, short_id};
use crate::error::{Error, Result};
use crate::scorecard::store;
use crate::scorecard::{Scorecard, Status, same_interviewer};
use crate::stats::cards_down;
use crate::stats::scores::card_scores;
use crate::template::Template;
use crate::workspace::Kind;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this candidate (candidate id)
    #[arg(long, value_name = "ID")]
    pub candidate: Option<String>,
    /// Only this interviewer's scorecards
    #[arg(long, value_name = "NAME")]
    pub interviewer: Option<String>,
    /// Only drafts, or only submitted scorecards
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Scorecard id, unique prefix, or file
    pub scorecard: String,
    #[arg(
        long,
        value_name = "NAME",
        help = "Who is looking: your own scorecards always show [default: scorecard.toml's interviewer, then $SCORECARD_INTERVIEWER]"
    )]
    pub interviewer: Option<String>,
    /// Show another interviewer's scorecard although the candidate's panel still has drafts
    #[arg(long)]
    pub include_pending: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Table,
    Markdown,
    Json,
    Toml,
}

/// A scorecard in JSON: the file's fields, its scores, and where it is.
#[derive(Serialize)]
pub(super) struct CardJson<'a> {
    #[serde(flatten)]
    card: &'a Scorecard,
    scores: ScoresJson,
    file: &'a Path,
}

#[derive(Serialize)]
struct ScoresJson {
    overall: Option<f64>,
    categories: BTreeMap<String, f64>,
}

impl<'a> CardJson<'a> {
    pub(super) fn new(card: &'a Scorecard, file: &'a Path) -> Self {
        let scores = card_scores(card);
        CardJson {
            card,
            scores: ScoresJson {
                overall: scores.overall,
                categories: scores
                    .categories
                    .into_iter()
                    .map(|c| (c.category, c.mean))
                    .collect(),
            },
            file,
        }
    }
}

#[derive(Serialize)]
struct ListRow {
    id: String,
    candidate: String,
    candidate_id: String,
    role: String,
    round: Option<String>,
    interviewer: String,
    status: Status,
    rated: usize,
    skipped: usize,
    questions: usize,
    started_at: String,
    submitted_at: Option<String>,
    plan: String,
    file: PathBuf,
}

pub fn list(args: &ListArgs, ctx: &mut Context) -> Result<()> {
    let (files, width) =
        super::context::listed_files(ctx, Kind::Scorecard, args.candidate.as_deref())?;
    let mut rows = Vec::new();
    for (path, card) in super::context::load_listed(files, store::load) {
        if args.status.is_some_and(|s| s != card.status)
            || args
                .interviewer
                .as_ref()
                .is_some_and(|name| !same_interviewer(name, &card.interviewer))
        {
            continue;
        }
        // Cards down: the list shows progress, never scores or recommendations.
        rows.push(ListRow {
            id: card.id.to_string(),
            rated: card.answers.iter().filter(|a| a.score.is_some()).count(),
            skipped: card.answers.iter().filter(|a| a.skipped).count(),
            questions: card.answers.len(),
            candidate: card.candidate,
            candidate_id: card.candidate_id,
            role: card.role,
            round: card.round,
            interviewer: card.interviewer,
            status: card.status,
            started_at: card.started_at.to_string(),
            submitted_at: card.submitted_at.map(|t| t.to_string()),
            plan: card.plan.to_string(),
            file: path,
        });
    }
    rows.sort_by(|a, b| (&a.started_at, &a.id).cmp(&(&b.started_at, &b.id)));
    match args.format {
        ListFormat::Json => ctx.out.json(&rows),
        ListFormat::Table => {
            if rows.is_empty() {
                let what = match args.status {
                    Some(status) => format!("{} scorecards", status.as_str()),
                    None => "scorecards".to_owned(),
                };
                let candidates: Vec<String> = args.candidate.iter().cloned().collect();
                return super::nothing::explain(
                    ctx,
                    &what,
                    |card| args.status.is_none_or(|s| s == card.status),
                    &crate::lookup::Wanted {
                        role: None,
                        interviewer: args.interviewer.as_deref(),
                        candidates: &candidates,
                        ..crate::lookup::Wanted::default()
                    },
                    Some("start one with `scorecard start PLAN --interviewer NAME`"),
                );
            }
            let mut table = ctx.out.table(&[
                "scorecard",
                "candidate",
                "interviewer",
                "round",
                "status",
                "rated",
                "started",
                "submitted",
            ]);
            for row in &rows {
                table.add_row(vec![
                    short_id(&row.id, width).to_owned(),
                    format!("{} ({})", row.candidate, row.candidate_id),
                    row.interviewer.clone(),
                    row.round.clone().unwrap_or_else(|| "-".to_owned()),
                    row.status.as_str().to_owned(),
                    format!("{}/{}", row.rated, row.questions),
                    row.started_at.clone(),
                    row.submitted_at.clone().unwrap_or_else(|| "-".to_owned()),
                ]);
            }
            ctx.out.line(table.to_string())
        }
    }
}

pub fn show(args: &ShowArgs, ctx: &mut Context) -> Result<()> {
    let path = find(ctx, &args.scorecard, "scorecard show {id}")?;
    let card = store::load(&path)?;
    check_cards_down(ctx, &card, &path, args)?;
    match args.format {
        ShowFormat::Json => ctx.out.json(&CardJson::new(&card, &path)),
        ShowFormat::Toml => {
            let text = card.to_toml()?;
            ctx.out.write(&text)
        }
        ShowFormat::Markdown => {
            let text = Template::builtin("scorecard.md")?.render(&markdown_context(&card))?;
            ctx.out.write(&text)
        }
        ShowFormat::Table => show_table(&card, ctx),
    }
}

/// Cards down: another interviewer's scorecard of a candidate whose panel still has drafts is
/// refused unless `--include-pending`; one's own always shows.
fn check_cards_down(ctx: &Context, card: &Scorecard, path: &Path, args: &ShowArgs) -> Result<()> {
    if args.include_pending {
        return Ok(());
    }
    // Nobody named is a viewer with no card of their own, not an error.
    let viewer = interviewer(ctx, args.interviewer.clone()).ok();
    // One's own card always shows, without reading (or trusting) the rest of the panel.
    if viewer
        .as_deref()
        .is_some_and(|v| crate::scorecard::same_interviewer(v, &card.interviewer))
    {
        return Ok(());
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    let panel: Vec<Scorecard> = store::in_folder(folder)?
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| c.candidate_id == card.candidate_id)
        .collect();
    cards_down::may_show(card, &panel, viewer.as_deref(), false).map_err(|held| Error::Refused {
        message: format!(
            "scorecard `{}` is {}'s, and the panel of `{}` is still waiting for {} (cards down)",
            card.id,
            card.interviewer,
            held.candidate_id,
            held.waiting_for.join(", ")
        ),
        hints: vec![
            "your own scorecards always show (--interviewer NAME says who you are); --include-pending shows this one anyway".to_owned(),
        ],
    })
}

/// What the `scorecard.md` template sees.
fn markdown_context(card: &Scorecard) -> serde_json::Value {
    let scores = card_scores(card);
    let answers: Vec<serde_json::Value> = card
        .answers
        .iter()
        .map(|a| {
            serde_json::json!({
                "question": a.question,
                "category": a.category,
                "score": a.score,
                "label": a.score.and_then(|s| card.scale.label(s)),
                "skipped": a.skipped,
                "notes": a.notes,
                "seconds": a.seconds,
                "covered": a.covered,
                "flags": a.flags,
            })
        })
        .collect();
    let categories: Vec<serde_json::Value> = card
        .categories
        .iter()
        .map(|c| {
            let title = if c.title.is_empty() { &c.id } else { &c.title };
            serde_json::json!({"id": c.id, "title": title, "weight": c.weight, "mean": scores.category(&c.id)})
        })
        .collect();
    let history: Vec<serde_json::Value> = card
        .history
        .iter()
        .map(|h| {
            let change = h.change();
            serde_json::json!({
                "at": h.at.to_string(),
                "what": change.what,
                "old": change.old,
                "new": change.new,
                "reason": h.reason,
            })
        })
        .collect();
    serde_json::json!({
        "card": card,
        "history": history,
        "answers": answers,
        "categories": categories,
        "overall": scores.overall,
        "scale": card.scale.levels(),
    })
}

/// 1-based marks for a table cell: `1, 3`, empty when none.
fn marks_text(marks: &[usize]) -> String {
    marks
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn show_table(card: &Scorecard, ctx: &mut Context) -> Result<()> {
    let out = &mut ctx.out;
    let scores = card_scores(card);
    out.line(out.paint(
        &format!("Scorecard {} ({})", card.id, card.status.as_str()),
        BOLD,
    ))?;
    out.line(format!(
        "Candidate: {} ({}) | Role: {} | Round: {} | Interviewer: {}",
        card.candidate,
        card.candidate_id,
        card.role,
        card.round.as_deref().unwrap_or("-"),
        card.interviewer
    ))?;
    out.line(out.paint(
        &format!(
            "Plan {} | started {}{}",
            card.plan,
            card.started_at,
            card.submitted_at.map(|t| format!(" | submitted {t}")).unwrap_or_default()
        ),
        DIM,
    ))?;
    let mut table = out.table(&[
        "#", "question", "category", "score", "notes", "seconds", "covered", "flags",
    ]);
    for (i, answer) in card.answers.iter().enumerate() {
        let score = match (answer.score, answer.skipped) {
            (Some(s), _) => format!("{s} {}", card.scale.label(s).unwrap_or_default()),
            (None, true) => "skipped".to_owned(),
            (None, false) => "-".to_owned(),
        };
        table.add_row(vec![
            (i + 1).to_string(),
            answer.question.clone(),
            answer.category.clone(),
            score,
            answer.notes.clone(),
            answer.seconds.map(|s| s.to_string()).unwrap_or_default(),
            marks_text(&answer.covered),
            marks_text(&answer.flags),
        ]);
    }
    out.line(table.to_string())?;
    let means: Vec<String> = scores
        .categories
        .iter()
        .map(|c| format!("{} {:.2}", c.category, c.mean))
        .collect();
    out.line(format!(
        "Overall {} | {}",
        fmt_score(scores.overall),
        if means.is_empty() {
            "nothing rated yet".to_owned()
        } else {
            means.join(" | ")
        }
    ))?;
    if let Some(rec) = card.recommendation {
        out.line(format!("Recommendation: {rec}"))?;
    }
    if let Some(summary) = &card.summary {
        out.line(format!("Summary: {summary}"))?;
    }
    for entry in &card.history {
        let change = entry.change();
        out.line(format!(
            "Amended {} {}: {} -> {} ({})",
            entry.at, change.what, change.old, change.new, entry.reason
        ))?;
    }
    Ok(())
}
