//! The state of the interview screen: the draft scorecard as typed so far, where the interviewer
//! is, and what is being edited. Every change the interviewer makes lands in `card`, which the
//! terminal edge saves; position and clocks are derived from it on the next start.

use std::time::Duration;

use crate::bank::Question;
use crate::error::{Error, Result};
use crate::plan::Plan;
use crate::scorecard::{Scorecard, Status};

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// One question with its kit, checklist, score and notes.
    Question,
    /// Every question with its state, to jump to one.
    Overview,
    /// Category means, skipped and unrated questions, recommendation, summary, submit.
    Review,
}

/// What the keys type into, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Editing {
    /// Keys are commands.
    Nothing,
    /// Keys type into the current question's notes.
    Notes,
    /// Keys type into the summary for the panel.
    Summary,
    /// Keys type the number of a question to go to.
    Jump(String),
}

/// The interview screen's state.
// The flags are independent facts (help shown, a question asked, unsaved changes, scrolling
// mode), not the states of one machine.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone)]
pub struct Model {
    pub plan: Plan,
    /// The draft as typed: scores, skips, notes, ticks, seconds, summary and recommendation.
    pub card: Scorecard,
    /// Index of the question shown (into `card.answers`).
    pub current: usize,
    pub screen: Screen,
    pub editing: Editing,
    /// The key help is shown over the screen.
    pub help: bool,
    /// The checklist line under the cursor: expected points first, then red flags.
    pub cursor: usize,
    /// Lines scrolled down in a kit longer than the screen.
    pub scroll: u16,
    /// The kit scrolls to keep the checklist cursor in view (until a page key scrolls it).
    pub follow_cursor: bool,
    /// The highlighted line of the overview.
    pub overview: usize,
    /// "Submit now?" is being asked.
    pub confirm: bool,
    /// A one-line message for the interviewer (what just happened, or why a key did nothing).
    pub status: String,
    /// Something changed since the last save.
    pub dirty: bool,
    /// Time on the current question not yet counted in whole seconds.
    pub(crate) carry: Duration,
}

impl Model {
    /// The screen for `card` (a draft of `plan`), opened where the interviewer left off: the
    /// first question neither rated nor skipped, or the review once every question has one.
    pub fn new(plan: Plan, card: Scorecard) -> Result<Model> {
        if card.status != Status::Draft {
            return Err(Error::refused(format!(
                "scorecard `{}` is submitted; it cannot be interviewed again",
                card.id
            )));
        }
        let first_open = card
            .answers
            .iter()
            .position(crate::scorecard::Answer::is_open);
        let (current, screen) = match first_open {
            Some(index) => (index, Screen::Question),
            None => (card.answers.len().saturating_sub(1), Screen::Review),
        };
        Ok(Model {
            plan,
            card,
            current,
            screen,
            editing: Editing::Nothing,
            help: false,
            cursor: 0,
            scroll: 0,
            follow_cursor: true,
            overview: current,
            confirm: false,
            status: String::new(),
            dirty: false,
            carry: Duration::ZERO,
        })
    }

    /// The plan's question behind answer `index` (None if the plan lost it).
    #[must_use]
    pub fn question(&self, index: usize) -> Option<&Question> {
        self.card
            .answers
            .get(index)
            .and_then(|a| self.plan.question(&a.question))
    }

    /// How many checklist lines the current question has (expected points, then red flags).
    #[must_use]
    pub fn checklist_len(&self) -> usize {
        self.question(self.current)
            .map_or(0, |q| q.expected.len() + q.red_flags.len())
    }

    /// Seconds spent on the current question.
    #[must_use]
    pub fn question_seconds(&self) -> u64 {
        self.card
            .answers
            .get(self.current)
            .and_then(|a| a.seconds)
            .unwrap_or(0)
    }

    /// The current question's time budget, in seconds.
    #[must_use]
    pub fn question_budget(&self) -> u64 {
        self.question(self.current)
            .map_or(0, |q| u64::from(q.minutes) * 60)
    }

    /// Seconds spent on the round: the sum over its questions, so it survives a restart.
    #[must_use]
    pub fn round_seconds(&self) -> u64 {
        self.card
            .answers
            .iter()
            .filter_map(|a| a.seconds)
            .fold(0, u64::saturating_add)
    }

    /// The round's budget in seconds: the plan's `--minutes`, else the sum of its questions'.
    #[must_use]
    pub fn round_budget(&self) -> u64 {
        u64::from(
            self.plan
                .minutes
                .unwrap_or_else(|| self.plan.total_minutes()),
        ) * 60
    }

    /// How many answers are rated, skipped and still open.
    #[must_use]
    pub fn progress(&self) -> (usize, usize, usize) {
        let rated = self
            .card
            .answers
            .iter()
            .filter(|a| a.score.is_some())
            .count();
        let skipped = self.card.answers.iter().filter(|a| a.skipped).count();
        (rated, skipped, self.card.answers.len() - rated - skipped)
    }
}

/// Copies what was typed on the screen into `file`, the scorecard as just read from disk under
/// its lock: every answer, the summary and the draft recommendation. Refuses when the file is no
/// longer the same draft (submitted meanwhile, or its questions differ), so nothing is clobbered.
pub fn save_into(typed: &Scorecard, file: &mut Scorecard) -> Result<()> {
    if file.status != Status::Draft {
        return Err(Error::refused(format!(
            "scorecard `{}` was submitted while the interview was open; nothing more was saved",
            file.id
        )));
    }
    let same = file.id == typed.id
        && file.answers.len() == typed.answers.len()
        && file
            .answers
            .iter()
            .zip(&typed.answers)
            .all(|(a, b)| a.question == b.question);
    if !same {
        return Err(Error::refused(format!(
            "scorecard `{}` changed on disk in a way the interview cannot merge",
            file.id
        )));
    }
    file.answers.clone_from(&typed.answers);
    file.summary = typed
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    file.draft_recommendation = typed.draft_recommendation;
    Ok(())
}
