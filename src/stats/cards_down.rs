//! Cards down: while any scorecard of a candidate is still a draft, no figure derived from that
//! candidate's scores is shown, so nobody reads the others' scores before writing their own.
//! `--include-pending` lifts the rule.
//!
//! This is the one policy every command that reads scores applies (`compare`, `calibrate`,
//! `show`, every export). A command that scans candidates calls [`admit`] in the worker that
//! read a candidate's scorecards and hands the verdict to a [`LeftOut`], which says on stderr
//! (through the CLI) how many candidates were left out and whom they wait for.

use indexmap::IndexMap;

use crate::scorecard::{InterviewerKey, Scorecard, Status, same_interviewer};

use super::digest::CardDigest;

/// What the policy needs to know about a scorecard.
pub trait PanelCard {
    fn status(&self) -> Status;
    fn interviewer(&self) -> &str;
    fn candidate_id(&self) -> &str;
}

impl PanelCard for Scorecard {
    fn status(&self) -> Status {
        self.status
    }
    fn interviewer(&self) -> &str {
        &self.interviewer
    }
    fn candidate_id(&self) -> &str {
        &self.candidate_id
    }
}

impl PanelCard for CardDigest {
    fn status(&self) -> Status {
        self.status
    }
    fn interviewer(&self) -> &str {
        &self.interviewer
    }
    fn candidate_id(&self) -> &str {
        &self.candidate_id
    }
}

impl<T: PanelCard> PanelCard for &T {
    fn status(&self) -> Status {
        (*self).status()
    }
    fn interviewer(&self) -> &str {
        (*self).interviewer()
    }
    fn candidate_id(&self) -> &str {
        (*self).candidate_id()
    }
}

/// A candidate whose figures are withheld, and the interviewers the panel waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub candidate_id: String,
    pub waiting_for: Vec<String>,
}

/// The interviewers (each once, in card order) whose scorecards of this candidate are drafts.
#[must_use]
pub fn pending<C: PanelCard>(cards: &[C]) -> Vec<String> {
    // The first spelling of each interviewer's name is the one shown.
    let mut names: IndexMap<InterviewerKey, String> = IndexMap::new();
    for card in cards.iter().filter(|c| c.status() == Status::Draft) {
        let name = card.interviewer().trim();
        names
            .entry(InterviewerKey::of(name))
            .or_insert_with(|| name.to_owned());
    }
    names.into_values().collect()
}

/// The verdict on one candidate: `None` when their figures may be shown (every card is in, or
/// `include_pending`), else who is left out and why. `cards` are all of the candidate's
/// scorecards, whatever other filters select: one draft holds the whole panel.
#[must_use]
pub fn admit<C: PanelCard>(cards: &[C], include_pending: bool) -> Option<Held> {
    if include_pending {
        return None;
    }
    let waiting_for = pending(cards);
    if waiting_for.is_empty() {
        return None;
    }
    Some(Held {
        candidate_id: cards
            .first()
            .map(|c| c.candidate_id().to_owned())
            .unwrap_or_default(),
        waiting_for,
    })
}

/// Whether `viewer` may see `card`: their own card always; another's only when the candidate's
/// panel has no draft, or `include_pending`. `panel` is every scorecard of the candidate. When
/// nobody says who is looking, the card is shown unless someone other than its own interviewer
/// is still writing theirs: those are the people the rule protects.
pub fn may_show<C: PanelCard>(
    card: &C,
    panel: &[C],
    viewer: Option<&str>,
    include_pending: bool,
) -> Result<(), Held> {
    let owner = card.interviewer();
    if viewer.is_some_and(|v| same_interviewer(v, owner)) {
        return Ok(());
    }
    let Some(mut held) = admit(panel, include_pending) else {
        return Ok(());
    };
    if viewer.is_none() {
        held.waiting_for
            .retain(|name| !same_interviewer(name, owner));
        if held.waiting_for.is_empty() {
            return Ok(());
        }
    }
    Err(held)
}

/// The candidates a command left out, gathered as the scan hands them on.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub held: Vec<Held>,
}

impl LeftOut {
    /// Records a verdict; returns whether the candidate is admitted.
    pub fn record(&mut self, verdict: Option<Held>) -> bool {
        match verdict {
            None => true,
            Some(held) => {
                self.held.push(held);
                false
            }
        }
    }

    /// The line a command prints on stderr, or None when nobody was left out. Names at most ten
    /// candidates, so a large workspace still gets one readable line.
    #[must_use]
    pub fn notice(&self) -> Option<String> {
        const NAMED: usize = 10;
        if self.held.is_empty() {
            return None;
        }
        let count = self.held.len();
        let mut named: Vec<String> = self
            .held
            .iter()
            .take(NAMED)
            .map(|h| {
                format!(
                    "{} (waiting for {})",
                    h.candidate_id,
                    h.waiting_for.join(", ")
                )
            })
            .collect();
        if count > NAMED {
            named.push(format!("and {} more", count - NAMED));
        }
        Some(format!(
            "note: left out {count} candidate{} whose panel still has drafts (cards down): {}; --include-pending includes them",
            if count == 1 { "" } else { "s" },
            named.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::panel::tests::card;

    #[test]
    fn one_draft_holds_the_candidate_and_names_who_is_pending() {
        let cards = [
            card(1, "ada", "Grace", Status::Submitted, &[("q1", "a", 4)]),
            card(2, "ada", "Alan", Status::Draft, &[]),
            card(3, "ada", " alan ", Status::Draft, &[]),
        ];
        let held = admit(&cards, false).expect("withheld");
        assert_eq!(held.candidate_id, "ada");
        assert_eq!(held.waiting_for, ["Alan"]);
        assert_eq!(admit(&cards, true), None);
        assert_eq!(admit(&cards[..1], false), None);
    }

    #[test]
    fn own_card_always_shows_and_others_wait() {
        let cards = [
            card(1, "ada", "Grace", Status::Submitted, &[("q1", "a", 4)]),
            card(2, "ada", "Alan", Status::Draft, &[]),
        ];
        assert!(may_show(&cards[1], &cards, Some("alan"), false).is_ok());
        assert!(may_show(&cards[0], &cards, Some("Alan"), false).is_err());
        assert!(may_show(&cards[0], &cards, None, false).is_err());
        assert!(may_show(&cards[0], &cards, None, true).is_ok());
        assert!(may_show(&cards[0], &cards[..1], None, false).is_ok());
        // Grace, not the owner, is told no although only Alan is pending.
        assert!(may_show(&cards[1], &cards, Some("Grace"), false).is_err());
        // Nobody named: Alan's own draft shows, as only Alan is writing.
        assert!(may_show(&cards[1], &cards, None, false).is_ok());
    }

    #[test]
    fn the_notice_counts_and_names() {
        let mut left = LeftOut::default();
        assert!(left.record(None));
        assert_eq!(left.notice(), None);
        assert!(!left.record(Some(Held {
            candidate_id: "ada".to_owned(),
            waiting_for: vec!["Alan".to_owned()],
        })));
        assert_eq!(
            left.notice().as_deref(),
            Some(
                "note: left out 1 candidate whose panel still has drafts (cards down): ada (waiting for Alan); --include-pending includes them"
            )
        );
    }
}
