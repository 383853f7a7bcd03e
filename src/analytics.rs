//! The question report read from a workspace: which scorecards count (one function, so the rule
//! lives in one place), and a streaming scan that turns each candidate's counted scorecards, with
//! the minutes and checklists of their plans, into the compact records
//! [`stats::questions`](crate::stats::questions) tallies.
//!
//! Candidates are read in parallel and handed over one by one in id order; each candidate's
//! scorecards and plans are dropped once reduced, so memory stays flat however many there are.

use std::collections::{BTreeSet, HashMap};
use std::io::ErrorKind;
use std::path::Path;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::bank::catalog;
use crate::error::{Error, Result};
use crate::plan::{self, Plan};
use crate::scorecard::{InterviewerKey, Scorecard, Status, store};
use crate::stats::cards_down::{self, Held, LeftOut};
use crate::stats::questions::{ItemAnswer, ItemCard, QuestionRow, QuestionTally};
use crate::stats::scales::ScaleUse;
use crate::workspace::{CandidateId, Kind, Workspace};

/// Which scorecards a report takes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub role: Option<String>,
    /// A bank id; scorecards of other banks are left out.
    pub bank: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Count the submitted scorecards of candidates whose panel still has drafts.
    pub include_pending: bool,
}

impl Selection {
    /// Whether a scorecard passes the filters (whatever its status). The date is the
    /// submission's, or the start's for a draft.
    fn matches(&self, card: &Scorecard) -> bool {
        let role_ok = card.has_role(self.role.as_deref());
        let bank_ok = self.bank.as_ref().is_none_or(|bank| *bank == card.bank);
        let date = card.submitted_at.unwrap_or(card.started_at).date();
        let since_ok = self.since.is_none_or(|since| date >= since);
        let until_ok = self.until.is_none_or(|until| date <= until);
        role_ok && bank_ok && since_ok && until_ok
    }
}

/// One candidate's scorecards that count, or why none do.
#[derive(Debug)]
pub struct Counted<'a> {
    pub cards: Vec<&'a Scorecard>,
    /// Set when cards down leaves the candidate out.
    pub held: Option<Held>,
}

/// The one rule for which of a candidate's scorecards the report counts: those passing the
/// filters and submitted; while any of the candidate's scorecards is a draft, none (cards down,
/// the policy of [`cards_down::admit`]), unless `include_pending`.
#[must_use]
pub fn counted<'a>(cards: &'a [Scorecard], selection: &Selection) -> Counted<'a> {
    let held = cards_down::admit(cards, selection.include_pending);
    let mut matching: Vec<&Scorecard> = cards.iter().filter(|c| selection.matches(c)).collect();
    if held.is_some() {
        // A candidate outside the selection is not "left out".
        return Counted {
            held: held.filter(|_| !matching.is_empty()),
            cards: Vec::new(),
        };
    }
    matching.sort_by_key(|c| c.id);
    matching.retain(|c| c.status == Status::Submitted);
    Counted {
        cards: matching,
        held: None,
    }
}

/// What the report needs of a planned question: its minutes and how many expected points its
/// checklist has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub minutes: u32,
    pub expected: usize,
}

/// The plans' questions, by plan id and question id.
pub type PlanIndex = HashMap<Uuid, HashMap<String, Planned>>;

fn planned(plan: &Plan) -> HashMap<String, Planned> {
    plan.questions
        .iter()
        .map(|q| {
            (
                q.id.clone(),
                Planned {
                    minutes: q.minutes,
                    expected: q.expected.len(),
                },
            )
        })
        .collect()
}

/// The compact record of each counted scorecard. Timing needs the question's minutes and
/// coverage its checklist, both in the plan; without the plan those figures are left out.
/// An answer counts for coverage when its question has a checklist and the interviewer ticked
/// points somewhere on that scorecard (so a scorecard kept without the checklist is not read as
/// "nothing covered").
#[must_use]
pub fn item_cards(cards: &[&Scorecard], plans: &PlanIndex) -> Vec<ItemCard> {
    cards
        .iter()
        .map(|card| {
            let questions = plans.get(&card.plan);
            let ticked = card.answers.iter().any(|a| !a.covered.is_empty());
            let answers = card
                .answers
                .iter()
                .map(|a| {
                    let planned = questions.and_then(|q| q.get(&a.question));
                    let overrun = match (a.seconds, planned) {
                        (Some(seconds), Some(p)) if p.minutes > 0 => {
                            Some(seconds as f64 / (f64::from(p.minutes) * 60.0))
                        }
                        _ => None,
                    };
                    let covered = match planned {
                        Some(p) if ticked && p.expected > 0 && a.score.is_some() => {
                            let points: BTreeSet<usize> = a
                                .covered
                                .iter()
                                .copied()
                                .filter(|&n| n >= 1 && n <= p.expected)
                                .collect();
                            Some(points.len() as f64 / p.expected as f64)
                        }
                        _ => None,
                    };
                    ItemAnswer {
                        question: a.question.clone(),
                        category: a.category.clone(),
                        score: if a.skipped { None } else { a.score },
                        skipped: a.skipped,
                        overrun,
                        covered,
                    }
                })
                .collect();
            ItemCard {
                bank: card.bank.clone(),
                interviewer: InterviewerKey::of(&card.interviewer),
                scale: (card.scale.min, card.scale.max),
                answers,
            }
        })
        .collect()
}

/// The question report and what it left out.
#[derive(Debug)]
pub struct QuestionReport {
    /// One row per question, ordered by bank and question id.
    pub rows: Vec<QuestionRow>,
    /// Candidates left out because their panel has drafts.
    /// Candidates cards down left out.
    pub left_out: LeftOut,
    /// Every bank id that scorecards in the workspace name (to say what exists when a filter
    /// matches nothing).
    pub banks: BTreeSet<String>,
}

/// What one candidate contributes to the report: the compact records of their counted
/// scorecards, made where their files were read (in parallel), then added in candidate order.
#[derive(Debug)]
pub struct CandidateItems {
    cards: Vec<ItemCard>,
    held: Option<Held>,
    scales: ScaleUse,
    banks: Vec<String>,
}

impl CandidateItems {
    /// Reduces one candidate's scorecards (all of them, as read) to what the report needs,
    /// reading the plans timing and coverage need.
    pub fn of(workspace: &Workspace, cards: &[Scorecard], selection: &Selection) -> Result<Self> {
        let banks = cards.iter().map(|c| c.bank.clone()).collect();
        let counted = counted(cards, selection);
        let plans = load_plans(workspace, &counted.cards)?;
        let mut scales = ScaleUse::default();
        for card in &counted.cards {
            scales.add((card.scale.min, card.scale.max), &card.role, &card.bank);
        }
        Ok(CandidateItems {
            scales,
            cards: item_cards(&counted.cards, &plans),
            held: counted.held,
            banks,
        })
    }
}

/// The question report being built, candidate by candidate in id order.
#[derive(Debug, Default)]
pub struct QuestionScan {
    tally: QuestionTally,
    left_out: LeftOut,
    banks: BTreeSet<String>,
    scales: ScaleUse,
}

impl QuestionScan {
    /// Adds the next candidate.
    pub fn add(&mut self, items: CandidateItems) {
        self.scales.merge(&items.scales);
        self.tally.add_candidate(&items.cards);
        self.left_out.record(items.held);
        self.banks.extend(items.banks);
    }

    /// The report. Refuses scorecards on more than one rating scale: floor, ceiling and means
    /// are in scale points.
    pub fn finish(self) -> Result<QuestionReport> {
        self.scales.single(&["--bank B", "--role ROLE"])?;
        Ok(QuestionReport {
            rows: self.tally.report(),
            left_out: self.left_out,
            banks: self.banks,
        })
    }
}

/// Reads the workspace and builds the question report. Refuses scorecards on more than one
/// rating scale: floor, ceiling and means are in scale points.
pub fn question_report(workspace: &Workspace, selection: &Selection) -> Result<QuestionReport> {
    let mut scan = QuestionScan::default();
    store::scan(
        workspace,
        None,
        |_, cards| CandidateItems::of(workspace, &cards, selection),
        |items| {
            scan.add(items);
            Ok(())
        },
    )?;
    scan.finish()
}

/// The plans of `cards` that timing or coverage needs (none when no answer was timed or
/// ticked). A plan that is missing is passed over; one that does not parse is an error.
fn load_plans(workspace: &Workspace, cards: &[&Scorecard]) -> Result<PlanIndex> {
    let mut plans = PlanIndex::new();
    for card in cards {
        let needed = card
            .answers
            .iter()
            .any(|a| a.seconds.is_some() || !a.covered.is_empty());
        if !needed || plans.contains_key(&card.plan) {
            continue;
        }
        let dir = workspace.candidate_dir(&CandidateId::parse(&card.candidate_id)?);
        let path = dir.join(Kind::Plan.file_name(&card.plan));
        match plan::store::load(&path) {
            Ok(plan) => {
                plans.insert(card.plan, planned(&plan));
            }
            Err(Error::Read { source, .. }) if source.kind() == ErrorKind::NotFound => {}
            Err(err) => return Err(err),
        }
    }
    Ok(plans)
}

/// The bank id `--bank` names: the id of the bank in a file when given a path, else the value
/// itself (scorecards keep their bank's id, and the bank may since have been removed).
pub fn bank_id(value: &str) -> Result<String> {
    let path = Path::new(value);
    let looks_like_path = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
        || value.contains(std::path::MAIN_SEPARATOR);
    if looks_like_path && path.is_file() {
        return Ok(catalog::load_path(path)?.id);
    }
    Ok(value.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::Answer;

    fn scorecard(n: u128, interviewer: &str, status: Status, role: &str) -> Scorecard {
        let text = format!(
            "schema = 1\nid = \"{}\"\nplan = \"{}\"\ncandidate = \"Ada\"\ncandidate_id = \"ada\"\n\
             role = \"{role}\"\ninterviewer = \"{interviewer}\"\nbank = \"b\"\nstatus = \"draft\"\n\
             started_at = \"2026-11-26T09:00:00Z\"\n",
            Uuid::from_u128(n),
            Uuid::from_u128(100)
        );
        let mut card: Scorecard = toml::from_str(&text).unwrap();
        card.status = status;
        card
    }

    fn answer(question: &str, score: i64, seconds: Option<u64>, covered: &[usize]) -> Answer {
        Answer {
            question: question.to_owned(),
            category: "c".to_owned(),
            score: Some(score),
            skipped: false,
            notes: String::new(),
            seconds,
            covered: covered.to_vec(),
            flags: Vec::new(),
            rated_at: None,
        }
    }

    #[test]
    fn a_draft_keeps_the_whole_candidate_out_unless_pending_is_included() {
        let cards = || {
            vec![
                scorecard(1, "Grace", Status::Submitted, "Backend"),
                scorecard(2, "Alan", Status::Draft, "Backend"),
                scorecard(3, "Ada", Status::Draft, "Frontend"),
            ]
        };
        let backend = Selection {
            role: Some("backend".to_owned()),
            ..Selection::default()
        };
        let all = cards();
        let out = counted(&all, &backend);
        assert!(out.cards.is_empty());
        // Cards down holds the whole candidate while any of their scorecards is a draft.
        let held = out.held.expect("held");
        assert_eq!(held.candidate_id, "ada");
        let mut waiting = held.waiting_for.clone();
        waiting.sort();
        assert_eq!(waiting, ["Ada", "Alan"]);
        let pending = Selection {
            include_pending: true,
            ..backend
        };
        let out = counted(&all, &pending);
        assert_eq!(out.cards.len(), 1);
        assert_eq!(out.cards[0].interviewer, "Grace");
        assert!(out.held.is_none());
    }

    #[test]
    fn timing_and_coverage_come_from_the_plan() {
        let mut card = scorecard(1, "Grace", Status::Submitted, "Backend");
        card.answers = vec![
            answer("q1", 3, Some(900), &[1, 3, 9]),
            answer("q2", 2, Some(60), &[]),
            answer("q3", 2, Some(60), &[]),
        ];
        let mut plans = PlanIndex::new();
        plans.insert(
            card.plan,
            HashMap::from([
                (
                    "q1".to_owned(),
                    Planned {
                        minutes: 10,
                        expected: 4,
                    },
                ),
                (
                    "q2".to_owned(),
                    Planned {
                        minutes: 2,
                        expected: 2,
                    },
                ),
            ]),
        );
        let items = item_cards(&[&card], &plans);
        let answers = &items[0].answers;
        // 900 s of a 10-minute question; points 1 and 3 of 4 (9 is not on the checklist).
        assert_eq!(answers[0].overrun, Some(1.5));
        assert_eq!(answers[0].covered, Some(0.5));
        // Nothing ticked on q2, while the scorecard's checklist was in use: 0 covered.
        assert_eq!(
            (answers[1].overrun, answers[1].covered),
            (Some(0.5), Some(0.0))
        );
        // q3 is not in the plan: no timing, no coverage.
        assert_eq!((answers[2].overrun, answers[2].covered), (None, None));
        // Without ticks anywhere on the scorecard, coverage is not read at all.
        for answer in &mut card.answers {
            answer.covered.clear();
        }
        let items = item_cards(&[&card], &plans);
        assert!(items[0].answers.iter().all(|a| a.covered.is_none()));
        assert_eq!(items[0].interviewer.as_str(), "grace");
    }
}
