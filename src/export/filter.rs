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

/// Parses a `--since`/`--until` date: exactly `YYYY-MM-DD`. chrono alone would read `26-11-30` as
/// the year 26 and accept `+2026-1-5`, silently selecting nothing or everything.
pub fn parse_date(flag: &str, text: &str) -> Result<NaiveDate> {
    let trimmed = text.trim();
    let shaped = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            Error::usage(format!(
                "`{text}` is not a date for {flag}; use YYYY-MM-DD, for example 2026-11-26"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_exactly_year_month_day() {
        assert_eq!(
            parse_date("--since", "2026-11-30").ok(),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        for bad in [
            "26-11-30",
            "2026-1-5",
            "+2026-11-30",
            "2026/11/30",
            "2026-13-01",
            "2026-02-30",
            "20261-1-30",
            "",
        ] {
            assert!(parse_date("--since", bad).is_err(), "{bad:?}");
        }
    }
}
