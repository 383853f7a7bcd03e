//! `scorecard start|rate|skip|submit|amend`: changing scorecards without the interactive screen.

use std::path::Path;

use clap::Args;

use super::Context;
use super::context::{find, interviewer};
use super::output::ListFormat;
use super::output::{Quiet, score as fmt_score};
use super::show::CardJson;
use crate::error::{Error, Result};
use crate::interview::text::count;
use crate::plan::store::load as load_plan;
use crate::scorecard::store;
use crate::scorecard::{Recommendation, Scorecard, Status};
use crate::stats::scores::card_scores;
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
        stderr_line!(
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
                "Scorecard {} for {} ({}), interviewer {}, {}, {}",
                card.id,
                card.candidate,
                card.candidate_id,
                card.interviewer,
                count(card.answers.len() as u64, "question"),
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
