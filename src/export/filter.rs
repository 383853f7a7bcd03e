//! The filters `export` shares: candidates, role, interviewer, and a date range on the
//! submission time.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::scorecard::{Scorecard, Status, same_interviewer};
use crate::stats::cards_down::{self, Held};
use crate::workspace::CandidateId;

/// Which scorecards an export takes. Only submitted scorecards are ever exported.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub candidates: Option<Vec<CandidateId>>,
    pub role: Option<String>,
    pub interviewer: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Lifts cards down: a candidate whose panel still has drafts is exported anyway (their
    /// submitted scorecards only).
    pub include_pending: bool,
}

impl Filter {
    /// Whether a scorecard passes every filter (and is submitted).
    #[must_use]
    pub fn accepts(&self, card: &Scorecard) -> bool {
        card.status == Status::Submitted && self.selects(card)
    }

    /// Whether a scorecard passes every filter, whatever its status.
    #[must_use]
    pub fn selects(&self, card: &Scorecard) -> bool {
        let role_ok = card.has_role(self.role.as_deref());
        let interviewer_ok = self
            .interviewer
            .as_ref()
            .is_none_or(|name| same_interviewer(name, &card.interviewer));
        let date = card.submitted_at.unwrap_or(card.started_at).date();
        let since_ok = self.since.is_none_or(|since| date >= since);
        let until_ok = self.until.is_none_or(|until| date <= until);
        role_ok && interviewer_ok && since_ok && until_ok
    }
}

/// The scorecards of one candidate that an export takes: those the filter accepts, sorted as
/// given, and the cards-down verdict over all of the candidate's scorecards. A held candidate
/// exports nothing, and is reported (`Some`) only when one of their scorecards matches the
/// filters. Every export (CSV, Markdown, workbook, debrief page) selects through this one
/// function, so a rule about which scorecards may be shown is changed in one place.
#[must_use]
pub fn exported(cards: Vec<Scorecard>, filter: &Filter) -> (Vec<Scorecard>, Option<Held>) {
    let held = cards_down::admit(&cards, filter.include_pending);
    if held.is_some() {
        let selected = cards.iter().any(|c| filter.selects(c));
        return (Vec::new(), held.filter(|_| selected));
    }
    (
        cards.into_iter().filter(|c| filter.accepts(c)).collect(),
        None,
    )
}

/// Parses a `--since`/`--until` date.
pub fn parse_date(flag: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::usage(format!(
            "`{text}` is not a date for {flag}; use YYYY-MM-DD, for example 2026-11-26"
        ))
    })
}
