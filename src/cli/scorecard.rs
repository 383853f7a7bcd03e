//! `scorecard start|rate|skip|submit|amend|list|show`: scorecards without the interactive screen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Context;
use super::output::{BOLD, DIM, score as fmt_score, short_id};
use crate::error::{Error, Result};
use crate::plan::create::load as load_plan;
use crate::scorecard::store;
use crate::scorecard::{Recommendation, Scorecard, Status, same_interviewer};
use crate::stats::scores::card_scores;
use crate::template::Template;
use crate::timestamp::Timestamp;
use crate::workspace::Kind;

#[derive(Debug, Args)]
pub struct StartArgs {
    /// Plan id, unique prefix (4+ characters), or plan file
    pub plan: String,
    /// Your name [default: scorecard.toml's interviewer, then $`SCORECARD_INTERVIEWER`]
    #[arg(long, value_name = "NAME")]
    pub interviewer: Option<String>,
    /// Print the scorecard's id alone
    #[arg(long, short)]
    pub quiet: bool,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct RateArgs {
    /// Scorecard id, unique prefix, or file
    pub scorecard: String,
    /// Question id, or its number in the plan (1, 2, ...)
    pub question: String,
    /// The score, on the plan's scale
    #[arg(long, allow_negative_numbers = true)]
    pub score: i64,
    /// Notes on the answer (replace earlier notes)
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// Seconds spent on the question (at most 86400)
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u64).range(0..=crate::scorecard::MAX_SECONDS))]
    pub seconds: Option<u64>,
}

#[derive(Debug, Args)]
pub struct SkipArgs {
    /// Scorecard id, unique prefix, or file
    pub scorecard: String,
    /// Question id, or its number in the plan
    pub question: String,
    /// Why it was skipped
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// Scorecard id, unique prefix, or file
    pub scorecard: String,
    /// Your overall call
    #[arg(long, value_enum)]
    pub recommendation: Recommendation,
    /// A few sentences for the panel
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
    /// Submit with questions still unrated, recording them as skipped
    #[arg(long)]
    pub allow_unrated: bool,
}

#[derive(Debug, Args)]
pub struct AmendArgs {
    /// Scorecard id, unique prefix, or file (must be submitted)
    pub scorecard: String,
    /// Question id, or its number in the plan
    pub question: String,
    /// The new score
    #[arg(long, allow_negative_numbers = true)]
    pub score: i64,
    /// Why the score changes (kept in the scorecard's history)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// New notes for the answer
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
}

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
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Table,
    Markdown,
    Json,
    Toml,
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

fn find(ctx: &Context, query: &str) -> Result<PathBuf> {
    ctx.workspace()?.find(Kind::Scorecard, query)
}

pub fn start(args: StartArgs, ctx: &mut Context) -> Result<()> {
    let name = interviewer(ctx, args.interviewer)?;
    let plan_path = ctx.workspace()?.find(Kind::Plan, &args.plan)?;
    let plan = load_plan(&plan_path)?;
    let (card, path, created) = store::start(&plan, &plan_path, &name)?;
    if !created {
        eprintln!(
            "note: {} already has a {} scorecard for this plan; returning it",
            card.interviewer,
            card.status.as_str()
        );
    }
    if args.quiet {
        return ctx.out.line(card.id.to_string());
    }
    match args.format {
        ListFormat::Json => ctx.out.json(&CardJson::new(&card, &path)),
        ListFormat::Table => {
            ctx.out.line(format!(
                "Scorecard {} for {} ({}), interviewer {}, {} questions, {}",
                card.id,
                card.candidate,
                card.candidate_id,
                card.interviewer,
                card.answers.len(),
                card.status.as_str()
            ))?;
            ctx.out.line(format!(
                "Next: scorecard interview {} --interviewer \"{}\"   (or: scorecard rate {} 1 --score N)",
                plan.id, card.interviewer, card.id
            ))
        }
    }
}

pub fn rate(args: &RateArgs, ctx: &mut Context) -> Result<()> {
    let path = find(ctx, &args.scorecard)?;
    let (card, index) = store::modify(&path, |card| {
        card.rate(
            &args.question,
            args.score,
            args.notes.as_deref(),
            args.seconds,
            Timestamp::now(),
        )?;
        card.answer_index(&args.question)
    })?;
    let answer = &card.answers[index];
    ctx.out.line(format!(
        "Rated `{}`: {} ({}) | {} of {} rated",
        answer.question,
        args.score,
        card.scale.label(args.score).unwrap_or_default(),
        card.answers.iter().filter(|a| a.score.is_some()).count(),
        card.answers.len()
    ))
}

pub fn skip(args: &SkipArgs, ctx: &mut Context) -> Result<()> {
    let path = find(ctx, &args.scorecard)?;
    let (card, index) = store::modify(&path, |card| {
        card.skip(
            &args.question,
            args.notes.as_deref(),
            None,
            Timestamp::now(),
        )?;
        card.answer_index(&args.question)
    })?;
    ctx.out.line(format!(
        "Skipped `{}` | {} open question{} left",
        card.answers[index].question,
        card.open_questions().len(),
        if card.open_questions().len() == 1 {
            ""
        } else {
            "s"
        }
    ))
}

pub fn submit(args: &SubmitArgs, ctx: &mut Context) -> Result<()> {
    let path = find(ctx, &args.scorecard)?;
    let (card, ()) = store::modify(&path, |card| {
        card.submit(
            args.recommendation,
            args.summary.as_deref(),
            args.allow_unrated,
            Timestamp::now(),
        )
    })?;
    let scores = card_scores(&card);
    let rated = card.answers.iter().filter(|a| a.score.is_some()).count();
    ctx.out.line(format!(
        "Submitted scorecard {}: {} | {rated} rated, {} skipped | overall {}",
        card.id,
        args.recommendation,
        card.answers.len() - rated,
        fmt_score(scores.overall)
    ))
}

pub fn amend(args: &AmendArgs, ctx: &mut Context) -> Result<()> {
    let path = find(ctx, &args.scorecard)?;
    let (card, ()) = store::modify(&path, |card| {
        card.amend(
            &args.question,
            args.score,
            &args.reason,
            args.notes.as_deref(),
            Timestamp::now(),
        )
    })?;
    let entry = card
        .history
        .last()
        .ok_or_else(|| Error::refused("amendment was not recorded"))?;
    ctx.out.line(format!(
        "Amended `{}`: {} -> {} ({}) | history has {} amendment{}",
        entry.question,
        entry
            .old_score
            .map_or_else(|| "unrated".to_owned(), |s| s.to_string()),
        entry.new_score,
        entry.reason,
        card.history.len(),
        if card.history.len() == 1 { "" } else { "s" }
    ))
}

/// A scorecard in JSON: the file's fields, its scores, and where it is.
#[derive(Serialize)]
struct CardJson<'a> {
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
    fn new(card: &'a Scorecard, file: &'a Path) -> Self {
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
    let (files, width) = super::listed_files(ctx, Kind::Scorecard, args.candidate.as_deref())?;
    let mut rows = Vec::new();
    for (path, card) in super::load_listed(files, store::load) {
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
                eprintln!(
                    "no scorecards match; start one with `scorecard start PLAN --interviewer NAME`"
                );
                return Ok(());
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
    let path = find(ctx, &args.scorecard)?;
    let card = store::load(&path)?;
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
    serde_json::json!({
        "card": card,
        "answers": answers,
        "categories": categories,
        "overall": scores.overall,
        "scale": card.scale.levels(),
    })
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
    let mut table = out.table(&["#", "question", "category", "score", "notes", "seconds"]);
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
        out.line(format!(
            "Amended {} {}: {} -> {} ({})",
            entry.at,
            entry.question,
            entry
                .old_score
                .map_or_else(|| "unrated".to_owned(), |s| s.to_string()),
            entry.new_score,
            entry.reason
        ))?;
    }
    Ok(())
}
