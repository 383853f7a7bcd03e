//! `scorecard interview PLAN`: the live session. Starts or resumes the interviewer's scorecard at
//! the first open question, shows each question with its kit, asks for a score and notes, and saves
//! after every answer, so a closed terminal loses at most the answer being typed. At the end it
//! shows the category means and asks for the recommendation, then submits on confirmation.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use clap::Args;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Editor, Input};

use super::Context;
use super::kit::question_block;
use super::output::{BOLD, DIM, score as fmt_score};
use crate::error::{Error, Result};
use crate::plan::Plan;
use crate::plan::create::load as load_plan;
use crate::scorecard::store;
use crate::scorecard::{Recommendation, Scorecard, Status};
use crate::stats::scores::card_scores;
use crate::timestamp::Timestamp;
use crate::workspace::Kind;

#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Plan id, unique prefix (4+ characters), or plan file
    pub plan: String,
    /// Your name [default: scorecard.toml's interviewer, then $`SCORECARD_INTERVIEWER`]
    #[arg(long, value_name = "NAME")]
    pub interviewer: Option<String>,
}

/// What the interviewer typed at the score prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Score(i64),
    Skip,
    Back,
    Quit,
}

fn parse_action(text: &str, card: &Scorecard) -> std::result::Result<Action, String> {
    let text = text.trim().to_lowercase();
    match text.as_str() {
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

fn parse_recommendation(text: &str) -> std::result::Result<Recommendation, String> {
    match text.trim().to_lowercase().replace([' ', '_'], "-").as_str() {
        "strong-no" | "sn" => Ok(Recommendation::StrongNo),
        "no" | "n" => Ok(Recommendation::No),
        "yes" | "y" => Ok(Recommendation::Yes),
        "strong-yes" | "sy" => Ok(Recommendation::StrongYes),
        _ => Err("type strong-no, no, yes or strong-yes (or sn, n, y, sy)".to_owned()),
    }
}

fn prompt_error(err: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(err) = err;
    Error::Write {
        path: "<terminal>".into(),
        source: err,
    }
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
    let name = super::scorecard::interviewer(ctx, args.interviewer)?;
    let plan_path = ctx.workspace()?.find(Kind::Plan, &args.plan)?;
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
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if color { &colorful } else { &SimpleTheme };
    let session = Session {
        plan: &plan,
        path: &path,
        theme,
        color,
    };

    ctx.out.line(ctx.out.paint(
        &format!(
            "{} {} | {} | {} questions, {} minutes",
            if created {
                "Interview"
            } else {
                "Resuming interview"
            },
            plan.candidate,
            plan.round.as_deref().unwrap_or("custom round"),
            plan.questions.len(),
            plan.total_minutes()
        ),
        BOLD,
    ))?;
    ctx.out.line(ctx.out.paint(
        &format!(
            "Scorecard {} | saved after every answer | at the score prompt: s skip, b back, q quit",
            card.id
        ),
        DIM,
    ))?;

    let mut card = card;
    let mut index = card
        .answers
        .iter()
        .position(super::super::scorecard::Answer::is_open)
        .unwrap_or(card.answers.len());
    while index < card.answers.len() {
        match session.ask(&card, index, ctx)? {
            Step::Saved(updated) => {
                card = *updated;
                index += 1;
            }
            Step::Back => index = index.saturating_sub(1),
            Step::Quit => return session.quit(&card, ctx),
        }
    }
    session.finish(&card, ctx)
}

enum Step {
    Saved(Box<Scorecard>),
    Back,
    Quit,
}

struct Session<'a> {
    plan: &'a Plan,
    path: &'a Path,
    theme: &'a dyn Theme,
    color: bool,
}

impl Session<'_> {
    /// Shows question `index`, asks for its score and notes, and saves them.
    fn ask(&self, card: &Scorecard, index: usize, ctx: &mut Context) -> Result<Step> {
        let answer = &card.answers[index];
        ctx.out.line("")?;
        match self.plan.question(&answer.question) {
            Some(question) => ctx
                .out
                .write(&question_block(self.plan, index, question, self.color))?,
            None => ctx.out.line(format!(
                "{}/{} {}",
                index + 1,
                card.answers.len(),
                answer.question
            ))?,
        }
        ctx.out
            .line(format!("  Scale: {}", card.scale.describe()))?;
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

        let typed: String = Input::with_theme(self.theme)
            .with_prompt(format!(
                "Score {}-{} (s skip, b back, q quit)",
                card.scale.min, card.scale.max
            ))
            .validate_with(|text: &String| parse_action(text, card).map(|_| ()))
            .interact_text()
            .map_err(prompt_error)?;
        let action = parse_action(&typed, card).map_err(Error::refused)?;
        let score = match action {
            Action::Back => return Ok(Step::Back),
            Action::Quit => return Ok(Step::Quit),
            Action::Skip => None,
            Action::Score(score) => Some(score),
        };
        let notes = self.notes(&answer.notes, ctx)?;
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
        Ok(Step::Saved(Box::new(saved)))
    }

    /// One line of notes, `e` for the interviewer's editor, Enter to keep the current notes, `-`
    /// to clear them.
    fn notes(&self, current: &str, ctx: &mut Context) -> Result<String> {
        if !current.is_empty() {
            ctx.out.line(format!("  Current notes: {current}"))?;
            ctx.out.flush()?;
        }
        let typed: String = Input::with_theme(self.theme)
            .with_prompt(if current.is_empty() {
                "Notes (Enter for none, e for $EDITOR)"
            } else {
                "Notes (Enter to keep, e for $EDITOR, - to clear)"
            })
            .allow_empty(true)
            .interact_text()
            .map_err(prompt_error)?;
        match typed.trim() {
            "" => return Ok(current.to_owned()),
            "-" => return Ok(String::new()),
            "e" => {}
            text => return Ok(text.to_owned()),
        }
        let start = if current.is_empty() {
            String::new()
        } else {
            format!("{current}\n")
        };
        let edited = Editor::new()
            .extension(".md")
            .edit(&start)
            .map_err(prompt_error)?;
        Ok(edited.map_or_else(|| current.to_owned(), |text| text.trim().to_owned()))
    }

    fn quit(&self, card: &Scorecard, ctx: &mut Context) -> Result<()> {
        let open = card.open_questions().len();
        ctx.out.line(format!(
            "Saved: {} of {} answered. Resume with: scorecard interview {} --interviewer \"{}\"",
            card.answers.len() - open,
            card.answers.len(),
            self.plan.id,
            card.interviewer
        ))
    }

    /// The summary, the recommendation, and submission on confirmation.
    fn finish(&self, card: &Scorecard, ctx: &mut Context) -> Result<()> {
        let scores = card_scores(card);
        ctx.out.line("")?;
        ctx.out.line(ctx.out.paint("Summary", BOLD))?;
        for category in &card.categories {
            let rated = card
                .answers
                .iter()
                .filter(|a| a.category == category.id && a.score.is_some())
                .count();
            ctx.out.line(format!(
                "  {:<40} {}  ({rated} rated)",
                category.title,
                fmt_score(scores.category(&category.id))
            ))?;
        }
        ctx.out
            .line(format!("  {:<40} {}", "Overall", fmt_score(scores.overall)))?;
        let skipped: Vec<&str> = card
            .answers
            .iter()
            .filter(|a| a.skipped)
            .map(|a| a.question.as_str())
            .collect();
        if !skipped.is_empty() {
            ctx.out.line(format!("  Skipped: {}", skipped.join(", ")))?;
        }
        ctx.out.flush()?;

        let typed: String = Input::with_theme(self.theme)
            .with_prompt("Recommendation (strong-no, no, yes, strong-yes)")
            .validate_with(|text: &String| parse_recommendation(text).map(|_| ()))
            .interact_text()
            .map_err(prompt_error)?;
        let recommendation = parse_recommendation(&typed).map_err(Error::refused)?;
        let summary: String = Input::with_theme(self.theme)
            .with_prompt("Summary for the panel (optional)")
            .allow_empty(true)
            .interact_text()
            .map_err(prompt_error)?;
        let submit = Confirm::with_theme(self.theme)
            .with_prompt("Submit now? A submitted scorecard can only be amended, with a reason")
            .default(true)
            .interact()
            .map_err(prompt_error)?;
        if !submit {
            // Keep what was typed, so resuming does not ask for it again from nothing.
            store::modify(self.path, |card| {
                card.summary = Some(summary.trim().to_owned()).filter(|s| !s.is_empty());
                Ok(())
            })?;
            return ctx.out.line(format!(
                "Not submitted; the draft is saved. Submit later with: scorecard submit {} --recommendation {recommendation}",
                card.id
            ));
        }
        let (saved, ()) = store::modify(self.path, |card| {
            card.submit(recommendation, Some(&summary), true, Timestamp::now())
        })?;
        ctx.out.line(format!(
            "Submitted scorecard {}: {recommendation}, overall {}",
            saved.id,
            fmt_score(card_scores(&saved).overall)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recommendations_accept_short_forms() {
        assert_eq!(
            parse_recommendation(" Strong yes "),
            Ok(Recommendation::StrongYes)
        );
        assert_eq!(parse_recommendation("sn"), Ok(Recommendation::StrongNo));
        assert!(parse_recommendation("maybe").is_err());
    }
}
