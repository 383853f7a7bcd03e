//! `scorecard start|rate|skip|submit|amend|list|show`: scorecards without the interactive screen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::Context;
use super::output::ListFormat;
use super::output::{BOLD, DIM, Quiet, score as fmt_score, short_id};
use crate::error::{Error, Result};
use crate::plan::create::load as load_plan;
use crate::scorecard::store;
use crate::scorecard::{Recommendation, Scorecard, Status, same_interviewer};
use crate::stats::cards_down;
use crate::stats::scores::card_scores;
use crate::template::Template;
use crate::timestamp::Timestamp;
use crate::workspace::Kind;

#[derive(Debug, Args)]
pub struct StartArgs {
    /// Plan id, unique prefix (4+ characters), or plan file
    pub plan: String,
    #[arg(
        long,
        value_name = "NAME",
        help = "Your name [default: scorecard.toml's interviewer, then $SCORECARD_INTERVIEWER]"
    )]
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
    #[arg(long, value_name = "S", allow_negative_numbers = true, value_parser = parse_seconds)]
    pub seconds: Option<u64>,
    /// Expected points the candidate covered, 1-based (e.g. 1,3); replaces earlier ones
    #[arg(long, value_name = "N,...", value_delimiter = ',', num_args = 0..)]
    pub covered: Option<Vec<usize>>,
    /// Red flags observed, 1-based into the question's red flags (e.g. 2); replaces earlier ones
    #[arg(long, value_name = "N,...", value_delimiter = ',', num_args = 0..)]
    pub flags: Option<Vec<usize>>,
    #[command(flatten)]
    pub quiet: Quiet,
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
    #[command(flatten)]
    pub quiet: Quiet,
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
    #[command(flatten)]
    pub quiet: Quiet,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("change").required(true).args(["score", "recommendation", "summary"])))]
pub struct AmendArgs {
    /// Scorecard id, unique prefix, or file (must be submitted)
    pub scorecard: String,
    /// Question id, or its number in the plan (with --score)
    #[arg(requires = "score")]
    pub question: Option<String>,
    /// The question's new score
    #[arg(long, allow_negative_numbers = true, requires = "question")]
    pub score: Option<i64>,
    /// The new recommendation
    #[arg(long, value_enum)]
    pub recommendation: Option<Recommendation>,
    /// The new summary (an empty text removes it)
    #[arg(long, value_name = "TEXT")]
    pub summary: Option<String>,
    /// Why it changes (kept in the scorecard's history)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// New notes for the answer (with --score)
    #[arg(long, value_name = "TEXT", requires = "score")]
    pub notes: Option<String>,
    #[command(flatten)]
    pub quiet: Quiet,
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
    /// Who is looking: your own scorecards always show [default: scorecard.toml's interviewer,
    /// then $`SCORECARD_INTERVIEWER`]
    #[arg(long, value_name = "NAME")]
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
fn find(ctx: &Context, query: &str, command: &str) -> Result<PathBuf> {
    crate::lookup::find(ctx.workspace()?, Kind::Scorecard, query, command)
}

/// `--seconds`: a whole number of seconds, 0 or more.
fn parse_seconds(text: &str) -> std::result::Result<u64, String> {
    let max = crate::scorecard::MAX_SECONDS;
    match text.trim().parse::<u64>() {
        Ok(seconds) if seconds <= max => Ok(seconds),
        Ok(_) => Err(format!(
            "{text} is more than a day; give the time spent in seconds, 0 to {max}"
        )),
        Err(_) => Err(format!(
            "give the time spent as a whole number of seconds, 0 to {max} (for example --seconds 300)"
        )),
    }
}

/// How far a scorecard is: "2 rated, 1 skipped, 1 open of 4", the same after a rating or a skip.
fn progress(card: &Scorecard) -> String {
    let rated = card.answers.iter().filter(|a| a.score.is_some()).count();
    let skipped = card.answers.iter().filter(|a| a.skipped).count();
    format!(
        "{rated} rated, {skipped} skipped, {} open of {}",
        card.open_questions().len(),
        card.answers.len()
    )
}

pub fn start(args: StartArgs, ctx: &mut Context) -> Result<()> {
    let name = interviewer(ctx, args.interviewer)?;
    let plan_path = crate::lookup::find(
        ctx.workspace()?,
        Kind::Plan,
        &args.plan,
        "scorecard start {id}",
    )?;
    let plan = load_plan(&plan_path)?;
    let (card, path, created) = store::start(&plan, &plan_path, &name)?;
    if !created {
        eprintln!(
            "note: {} already has a {} scorecard for this plan; returning it",
            crate::escape::terminal(&card.interviewer),
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
            if card.status == Status::Submitted {
                // A submitted card takes no more ratings; only amendments change it.
                return ctx.out.line(format!(
                    "It is submitted; change a score with: scorecard amend {} QUESTION --score N --reason TEXT",
                    card.id
                ));
            }
            ctx.out.line(format!(
                "Next: scorecard interview {} --interviewer \"{}\"   (or: scorecard rate {} 1 --score N)",
                plan.id, card.interviewer, card.id
            ))
        }
    }
}

pub fn rate(args: &RateArgs, ctx: &mut Context) -> Result<()> {
    let path = find(
        ctx,
        &args.scorecard,
        "scorecard rate {id} QUESTION --score N",
    )?;
    let counts = if args.covered.is_some() || args.flags.is_some() {
        Some(mark_counts(&path, &args.question)?)
    } else {
        None
    };
    let (card, index) = store::modify(&path, |card| {
        card.rate(
            &args.question,
            args.score,
            args.notes.as_deref(),
            args.seconds,
            Timestamp::now(),
        )?;
        let index = card.answer_index(&args.question)?;
        if let Some(counts) = counts {
            let answer = &card.answers[index];
            let covered = args
                .covered
                .clone()
                .unwrap_or_else(|| answer.covered.clone());
            let flags = args.flags.clone().unwrap_or_else(|| answer.flags.clone());
            card.mark(&args.question, &covered, &flags, counts)?;
        }
        Ok(index)
    })?;
    let answer = &card.answers[index];
    args.quiet.say(format_args!(
        "Rated `{}`: {} ({}) | {}",
        answer.question,
        args.score,
        card.scale.label(args.score).unwrap_or_default(),
        progress(&card)
    ));
    Ok(())
}

/// How many expected points and red flags the question has, from the scorecard's plan (beside
/// it in the candidate's folder), so that `--covered` and `--flags` are checked against them.
fn mark_counts(path: &Path, question: &str) -> Result<(usize, usize)> {
    let card = store::load(path)?;
    let index = card.answer_index(question)?;
    let plan_path = path
        .parent()
        .unwrap_or(Path::new("."))
        .join(Kind::Plan.file_name(&card.plan));
    let plan = load_plan(&plan_path)?;
    let id = &card.answers[index].question;
    let q = plan.question(id).ok_or_else(|| {
        Error::refused(format!(
            "plan `{}` has no question `{id}`; --covered and --flags cannot be checked",
            plan.id
        ))
    })?;
    Ok((q.expected.len(), q.red_flags.len()))
}

pub fn skip(args: &SkipArgs, ctx: &mut Context) -> Result<()> {
    let path = find(ctx, &args.scorecard, "scorecard skip {id} QUESTION")?;
    let (card, index) = store::modify(&path, |card| {
        card.skip(
            &args.question,
            args.notes.as_deref(),
            None,
            Timestamp::now(),
        )?;
        card.answer_index(&args.question)
    })?;
    args.quiet.say(format_args!(
        "Skipped `{}` | {}",
        card.answers[index].question,
        progress(&card)
    ));
    Ok(())
}

pub fn submit(args: &SubmitArgs, ctx: &mut Context) -> Result<()> {
    let path = find(
        ctx,
        &args.scorecard,
        "scorecard submit {id} --recommendation R",
    )?;
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
    args.quiet.say(format_args!(
        "Submitted scorecard {}: {} | {rated} rated, {} skipped | overall {}",
        card.id,
        args.recommendation,
        card.answers.len() - rated,
        fmt_score(scores.overall)
    ));
    Ok(())
}

pub fn amend(args: &AmendArgs, ctx: &mut Context) -> Result<()> {
    let path = find(
        ctx,
        &args.scorecard,
        "scorecard amend {id} QUESTION --score N --reason TEXT",
    )?;
    let now = Timestamp::now();
    let (card, ()) = store::modify(&path, |card| {
        match (
            &args.question,
            args.score,
            args.recommendation,
            &args.summary,
        ) {
            (Some(question), Some(score), None, None) => {
                card.amend(question, score, &args.reason, args.notes.as_deref(), now)
            }
            (None, None, Some(recommendation), None) => {
                card.amend_recommendation(recommendation, &args.reason, now)
            }
            (None, None, None, Some(summary)) => card.amend_summary(summary, &args.reason, now),
            _ => Err(Error::usage(
                "amend one thing at a time: QUESTION --score N, --recommendation R, or --summary TEXT",
            )),
        }
    })?;
    let entry = card
        .history
        .last()
        .ok_or_else(|| Error::refused("amendment was not recorded"))?;
    let change = entry.change();
    let what = entry
        .question
        .as_ref()
        .map_or(change.what, |q| format!("`{q}`"));
    args.quiet.say(format_args!(
        "Amended {what}: {} -> {} ({}) | history has {} amendment{}",
        change.old,
        change.new,
        entry.reason,
        card.history.len(),
        if card.history.len() == 1 { "" } else { "s" }
    ));
    Ok(())
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
