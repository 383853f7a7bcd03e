//! `scorecard interview PLAN`: the live session. On a terminal of 80x24 or more it opens the
//! full screen (`cli/screen.rs` around the pure `interview` module); with `--plain`, on a
//! smaller or dumb terminal, it asks line by line. Either way it starts or resumes the
//! interviewer's scorecard, saves every change through the same locked write as `rate`, and
//! `q` or Ctrl-C save what was typed and print the command that resumes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input};

use super::Context;
use super::kit::question_block;
use super::output::{BOLD, DIM, score as fmt_score};
use super::screen::{self, Outcome};
use crate::error::{Error, Result};
use crate::interview::Model;
use crate::interview::text::{count, pad, width as text_width};
use crate::interview::view::{MIN_HEIGHT, MIN_WIDTH};
use crate::plan::Plan;
use crate::plan::store::load as load_plan;
use crate::scorecard::store;
use crate::scorecard::{Recommendation, Scorecard, Status, same_interviewer};
use crate::stats::scores::card_scores;
use crate::timestamp::Timestamp;
use crate::workspace::Kind;

#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Plan id, unique prefix (4+ characters), or plan file; a scorecard id resumes that scorecard
    pub plan: String,
    #[arg(
        long,
        value_name = "NAME",
        help = "Your name [default: scorecard.toml's interviewer, then $SCORECARD_INTERVIEWER]"
    )]
    pub interviewer: Option<String>,
    /// Ask line by line instead of opening the full screen (also used on terminals smaller than
    /// 80x24 and when TERM=dumb)
    #[arg(long)]
    pub plain: bool,
}

/// What the interviewer typed at the score prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Score(i64),
    /// Enter on a question that already has a score or a skip: keep it.
    Keep,
    Skip,
    Back,
    Quit,
}

fn parse_action(text: &str, card: &Scorecard, kept: bool) -> std::result::Result<Action, String> {
    let text = text.trim().to_lowercase();
    match text.as_str() {
        "" if kept => return Ok(Action::Keep),
        "s" | "skip" => return Ok(Action::Skip),
        "b" | "back" => return Ok(Action::Back),
        "q" | "quit" => return Ok(Action::Quit),
        _ => {}
    }
    match text.parse::<i64>() {
        Ok(score) if card.scale.contains(score) => Ok(Action::Score(score)),
        _ => Err(format!(
            "type a score from {} to {}, or s (skip), b (back), q (quit)",
            card.scale.min, card.scale.max
        )),
    }
}

fn parse_recommendation(text: &str) -> std::result::Result<Option<Recommendation>, String> {
    match text.trim().to_lowercase().replace([' ', '_'], "-").as_str() {
        "strong-no" | "sn" => Ok(Some(Recommendation::StrongNo)),
        "no" | "n" => Ok(Some(Recommendation::No)),
        "yes" | "y" => Ok(Some(Recommendation::Yes)),
        "strong-yes" | "sy" => Ok(Some(Recommendation::StrongYes)),
        "q" | "quit" => Ok(None),
        _ => Err("type strong-no, no, yes or strong-yes (or sn, n, y, sy; q to quit)".to_owned()),
    }
}

/// What a prompt gave: the text, or Ctrl-C.
enum Typed<T> {
    Value(T),
    Interrupted,
}

fn prompt_error(err: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(err) = err;
    Error::Write {
        path: "<terminal>".into(),
        source: err,
    }
}

/// Ctrl-C at a prompt is a way to leave, not an error: it is told apart so what was typed
/// before it is saved and the resume command printed.
fn typed<T>(result: std::result::Result<T, dialoguer::Error>) -> Result<Typed<T>> {
    match result {
        Ok(value) => Ok(Typed::Value(value)),
        Err(dialoguer::Error::IO(err)) if err.kind() == std::io::ErrorKind::Interrupted => {
            Ok(Typed::Interrupted)
        }
        Err(err) => Err(prompt_error(err)),
    }
}

/// Whether the full screen fits: a terminal of at least 80x24 that is not dumb.
fn full_screen_fits() -> bool {
    if std::env::var("TERM").is_ok_and(|term| term == "dumb") {
        return false;
    }
    crossterm::terminal::size().is_ok_and(|(w, h)| w >= MIN_WIDTH && h >= MIN_HEIGHT)
}

/// The plan to interview on: `query` names a plan, or a scorecard whose plan is then used (the
/// scorecard's interviewer is the default name).
fn resolve(ctx: &Context, query: &str) -> Result<(PathBuf, Option<Scorecard>)> {
    let workspace = ctx.workspace()?;
    if Kind::Scorecard.id_of(Path::new(query)).is_none() || !Path::new(query).is_file() {
        match workspace.find(Kind::Plan, query) {
            Ok(path) => return Ok((path, None)),
            Err(plan_error) => {
                if workspace.find(Kind::Scorecard, query).is_err() {
                    return Err(plan_error);
                }
            }
        }
    }
    let card_path = workspace.find(Kind::Scorecard, query)?;
    let card = store::load(&card_path)?;
    let plan_path = card_path
        .parent()
        .unwrap_or(Path::new("."))
        .join(Kind::Plan.file_name(&card.plan));
    Ok((plan_path, Some(card)))
}

pub fn run(args: InterviewArgs, ctx: &mut Context) -> Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(Error::Refused {
            message: "`scorecard interview` needs a terminal; stdin or stdout is not one"
                .to_owned(),
            hints: vec![
                "in scripts use `scorecard start`, `rate`, `skip` and `submit` instead".to_owned(),
            ],
        });
    }
    let (plan_path, given_card) = resolve(ctx, &args.plan)?;
    let name = match (&given_card, args.interviewer) {
        (Some(card), None) => card.interviewer.clone(),
        (Some(card), Some(name)) if !same_interviewer(&card.interviewer, &name) => {
            return Err(Error::Refused {
                message: format!(
                    "scorecard `{}` is {}'s, not {name}'s",
                    card.id, card.interviewer
                ),
                hints: vec![format!(
                    "to interview on the same plan yourself: scorecard interview {} --interviewer \"{name}\"",
                    card.plan
                )],
            });
        }
        (_, flag) => super::context::interviewer(ctx, flag)?,
    };
    let plan = load_plan(&plan_path)?;
    let (card, path, created) = store::start(&plan, &plan_path, &name)?;
    if card.status == Status::Submitted {
        return Err(Error::Refused {
            message: format!(
                "{}'s scorecard `{}` for this plan is already submitted",
                card.interviewer, card.id
            ),
            hints: vec![format!(
                "to change a score, use `scorecard amend {} QUESTION --score N --reason TEXT`",
                card.id
            )],
        });
    }
    let color = ctx.out.color;
    if !args.plain && full_screen_fits() {
        let outcome = screen::run(Model::new(plan.clone(), card)?, &path, color)?;
        return match outcome {
            Outcome::Left(card) => quit_message(&plan, &card, ctx),
            Outcome::Submitted(card) => submitted_message(&card, ctx),
        };
    }
    // The prompts' terminal library answers Ctrl-C by raising SIGINT, which would end the
    // process with nothing saved and nothing said. With a handler installed the prompt returns
    // an `Interrupted` error instead, which leaves like `q`: saved, with the resume command.
    signal_hook::flag::register(
        signal_hook::consts::SIGINT,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    )
    .map_err(|err| Error::Write {
        path: "<terminal>".into(),
        source: err,
    })?;
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if color { &colorful } else { &SimpleTheme };
    let columns = crossterm::terminal::size()
        .map_or(80, |(w, _)| usize::from(w))
        .clamp(40, 100);
    let session = Session {
        plan: &plan,
        path: &path,
        theme,
        color,
        columns,
    };
    session.header(&card, created, ctx)?;
    session.ask_all(card, ctx)
}

/// `Saved: ...` and the command that resumes.
fn quit_message(plan: &Plan, card: &Scorecard, ctx: &mut Context) -> Result<()> {
    let open = card.open_questions().len();
    ctx.out.line(format!(
        "Saved: {} of {} answered. Resume with: scorecard interview {} --interviewer \"{}\"",
        card.answers.len() - open,
        card.answers.len(),
        plan.id,
        card.interviewer
    ))
}

fn submitted_message(card: &Scorecard, ctx: &mut Context) -> Result<()> {
    ctx.out.line(format!(
        "Submitted scorecard {}: {}, overall {}",
        card.id,
        card.recommendation
            .map_or_else(String::new, |r| r.to_string()),
        fmt_score(card_scores(card).overall)
    ))
}

/// What one question's prompts ended with.
enum Step {
    Saved(Box<Scorecard>),
    Back,
    Quit(Box<Scorecard>),
}

struct Session<'a> {
    plan: &'a Plan,
    path: &'a Path,
    theme: &'a dyn Theme,
    color: bool,
    /// Text width: the terminal's, within 40 to 100 columns.
    columns: usize,
}

impl Session<'_> {
    fn header(&self, card: &Scorecard, created: bool, ctx: &mut Context) -> Result<()> {
        ctx.out.line(ctx.out.paint(
            &format!(
                "{} {} | {} | {}, {}",
                if created {
                    "Interview"
                } else {
                    "Resuming interview"
                },
                self.plan.candidate,
                self.plan.round.as_deref().unwrap_or("custom round"),
                count(self.plan.questions.len() as u64, "question"),
                count(u64::from(self.plan.total_minutes()), "minute")
            ),
            BOLD,
        ))?;
        ctx.out.line(ctx.out.paint(
            &format!("Plan {} | Scorecard {}", self.plan.id, card.id),
            DIM,
        ))?;
        ctx.out.line(ctx.out.paint(
            "Saved after every answer | at the score prompt: s skip, b back, q quit, Enter keeps a shown score",
            DIM,
        ))
    }

    /// Asks every question from the first open one, then the review; `b` goes back.
    fn ask_all(&self, card: Scorecard, ctx: &mut Context) -> Result<()> {
        let mut card = card;
        let mut index = card
            .answers
            .iter()
            .position(crate::scorecard::Answer::is_open)
            .unwrap_or(card.answers.len());
        while index < card.answers.len() {
            match self.ask(&card, index, ctx)? {
                Step::Saved(updated) => {
                    card = *updated;
                    index += 1;
                }
                Step::Back => index = index.saturating_sub(1),
                Step::Quit(saved) => return quit_message(self.plan, &saved, ctx),
            }
        }
        self.finish(&card, ctx)
    }

    /// Shows question `index`, asks for its score and notes, and saves them.
    fn ask(&self, card: &Scorecard, index: usize, ctx: &mut Context) -> Result<Step> {
        let answer = &card.answers[index];
        ctx.out.line("")?;
        match self.plan.question(&answer.question) {
            Some(question) => ctx.out.write(&question_block(
                self.plan,
                index,
                question,
                self.color,
                self.columns,
            ))?,
            None => ctx.out.line(format!(
                "{}/{} {}",
                index + 1,
                card.answers.len(),
                answer.question
            ))?,
        }
        ctx.out
            .line(format!("  Scale: {}", card.scale.describe()))?;
        let kept = answer.score.is_some() || answer.skipped;
        if let Some(score) = answer.score {
            ctx.out.line(format!(
                "  Current score: {score} ({})",
                card.scale.label(score).unwrap_or_default()
            ))?;
        } else if answer.skipped {
            ctx.out.line("  Currently: skipped")?;
        }
        ctx.out.flush()?;
        let shown = Instant::now();

        let keep_hint = match (answer.score, answer.skipped) {
            (Some(score), _) => format!("Enter keeps {score}, "),
            (None, true) => "Enter keeps the skip, ".to_owned(),
            (None, false) => String::new(),
        };
        let prompt = Input::<String>::with_theme(self.theme)
            .with_prompt(format!(
                "Score {}-{} ({keep_hint}s skip, b back, q quit)",
                card.scale.min, card.scale.max
            ))
            .allow_empty(true)
            .validate_with(|text: &String| parse_action(text, card, kept).map(|_| ()))
            .interact_text();
        let Typed::Value(text) = typed(prompt)? else {
            return Ok(Step::Quit(Box::new(card.clone())));
        };
        let action = parse_action(&text, card, kept).map_err(Error::refused)?;
        let score = match action {
            Action::Back => return Ok(Step::Back),
            Action::Quit => return Ok(Step::Quit(Box::new(card.clone()))),
            Action::Keep => answer.score,
            Action::Skip => None,
            Action::Score(score) => Some(score),
        };
        let (notes, quit) = self.notes(&answer.notes, ctx)?;
        // Time adds up over visits, saturating at the most one answer records.
        let seconds = answer
            .seconds
            .unwrap_or(0)
            .saturating_add(shown.elapsed().as_secs())
            .min(crate::scorecard::MAX_SECONDS);
        let question = answer.question.clone();
        let (saved, ()) = store::modify(self.path, |card| {
            let now = Timestamp::now();
            match score {
                Some(score) => card.rate(&question, score, Some(&notes), Some(seconds), now),
                None => card.skip(&question, Some(&notes), Some(seconds), now),
            }
        })?;
        if quit {
            return Ok(Step::Quit(Box::new(saved)));
        }
        Ok(Step::Saved(Box::new(saved)))
    }

    /// One line of notes, `e` for the interviewer's editor, Enter to keep the current notes, `-`
    /// to clear them. A lone `q` (or Ctrl-C) keeps the current notes and leaves after saving the
    /// score just given; a note that is just "q" can be written in the editor. The bool says
    /// whether to leave.
    fn notes(&self, current: &str, ctx: &mut Context) -> Result<(String, bool)> {
        if !current.is_empty() {
            ctx.out.line(format!("  Current notes: {current}"))?;
            ctx.out.flush()?;
        }
        let prompt = Input::<String>::with_theme(self.theme)
            .with_prompt(if current.is_empty() {
                "Notes (Enter for none, e for $EDITOR, q to save and quit)"
            } else {
                "Notes (Enter to keep, e for $EDITOR, - to clear, q to save and quit)"
            })
            .allow_empty(true)
            .interact_text();
        let Typed::Value(text) = typed(prompt)? else {
            return Ok((current.to_owned(), true));
        };
        match text.trim() {
            "" => return Ok((current.to_owned(), false)),
            "-" => return Ok((String::new(), false)),
            "q" => return Ok((current.to_owned(), true)),
            "e" => {}
            text => return Ok((text.to_owned(), false)),
        }
        let edited = super::editor::edit(current)?;
        Ok((edited.unwrap_or_else(|| current.to_owned()), false))
    }

    /// The summary, the recommendation, and submission on confirmation. Drafts of both are saved
    /// as soon as they are typed and offered again on the next run.
    fn finish(&self, card: &Scorecard, ctx: &mut Context) -> Result<()> {
        Self::review(card, ctx)?;
        let mut input = Input::<String>::with_theme(self.theme)
            .with_prompt("Recommendation (strong-no, no, yes, strong-yes; q to quit)")
            .validate_with(|text: &String| parse_recommendation(text).map(|_| ()));
        if let Some(draft) = card.draft_recommendation {
            input = input.default(draft.to_string());
        }
        let Typed::Value(text) = typed(input.interact_text())? else {
            return quit_message(self.plan, card, ctx);
        };
        let Some(recommendation) = parse_recommendation(&text).map_err(Error::refused)? else {
            return quit_message(self.plan, card, ctx);
        };
        let (card, ()) = store::modify(self.path, |card| {
            card.draft_recommendation = Some(recommendation);
            Ok(())
        })?;
        let summary_prompt = Input::<String>::with_theme(self.theme)
            .with_prompt("Summary for the panel (optional; Enter keeps what is shown)")
            .with_initial_text(card.summary.clone().unwrap_or_default())
            .allow_empty(true)
            .interact_text();
        let Typed::Value(summary) = typed(summary_prompt)? else {
            return quit_message(self.plan, &card, ctx);
        };
        let (card, ()) = store::modify(self.path, |card| {
            card.summary = Some(summary.trim().to_owned()).filter(|s| !s.is_empty());
            Ok(())
        })?;
        let confirm = Confirm::with_theme(self.theme)
            .with_prompt("Submit now? A submitted scorecard can only be amended, with a reason")
            .default(true)
            .interact();
        let submit = match typed(confirm)? {
            Typed::Value(submit) => submit,
            Typed::Interrupted => return quit_message(self.plan, &card, ctx),
        };
        if !submit {
            return ctx.out.line(format!(
                "Not submitted; the draft, summary and recommendation are saved. Submit later with: scorecard submit {} --recommendation {recommendation}",
                card.id
            ));
        }
        let (saved, ()) = store::modify(self.path, |card| {
            let summary = card.summary.clone();
            card.submit(recommendation, summary.as_deref(), true, Timestamp::now())
        })?;
        submitted_message(&saved, ctx)
    }

    /// Category means (aligned by display width), overall, and the skipped questions.
    fn review(card: &Scorecard, ctx: &mut Context) -> Result<()> {
        let scores = card_scores(card);
        ctx.out.line("")?;
        ctx.out.line(ctx.out.paint("Summary", BOLD))?;
        let titles: Vec<&str> = card
            .categories
            .iter()
            .map(|c| {
                if c.title.is_empty() {
                    c.id.as_str()
                } else {
                    c.title.as_str()
                }
            })
            .collect();
        let column = titles
            .iter()
            .map(|t| text_width(t))
            .chain([text_width("Overall")])
            .max()
            .unwrap_or(0);
        for (category, title) in card.categories.iter().zip(&titles) {
            let rated = card
                .answers
                .iter()
                .filter(|a| a.category == category.id && a.score.is_some())
                .count();
            ctx.out.line(format!(
                "  {} {:>5}  ({rated} rated)",
                pad(title, column),
                fmt_score(scores.category(&category.id))
            ))?;
        }
        ctx.out.line(format!(
            "  {} {:>5}",
            pad("Overall", column),
            fmt_score(scores.overall)
        ))?;
        let skipped: Vec<&str> = card
            .answers
            .iter()
            .filter(|a| a.skipped)
            .map(|a| a.question.as_str())
            .collect();
        if !skipped.is_empty() {
            ctx.out.line(format!("  Skipped: {}", skipped.join(", ")))?;
        }
        ctx.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recommendations_accept_short_forms() {
        assert_eq!(
            parse_recommendation(" Strong yes "),
            Ok(Some(Recommendation::StrongYes))
        );
        assert_eq!(
            parse_recommendation("sn"),
            Ok(Some(Recommendation::StrongNo))
        );
        assert_eq!(parse_recommendation("q"), Ok(None));
        assert!(parse_recommendation("maybe").is_err());
    }
}
