//! The panel comparison: candidate results over the selected candidates, optionally adjusted for
//! interviewer leniency (`--normalize`) or by the rater model (`--model`), ranked; and the rating
//! table the calibration and the rater model are computed from.
//!
//! Each pass over the workspace holds only small per-candidate results, so memory stays flat
//! however large the workspace grows.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::scorecard::{Scorecard, Status, store};
use crate::stats::calibration::RatingTable;
use crate::stats::cards_down::{self, Held, LeftOut};
use crate::stats::panel::{self, Adjustments, CandidateResult, CardDigest};
use crate::stats::scales::{Range, ScaleUse};
use crate::workspace::{CandidateId, Workspace};

pub use crate::stats::scales::PICK_SCALE;

/// How scores are adjusted before averaging.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Adjustment {
    /// Raw scores.
    #[default]
    None,
    /// Each interviewer's leniency subtracted, measured over every submitted scorecard on the
    /// selection's scale.
    Normalize,
    /// Interviewer leniency and question difficulty from the rater model, fitted within the role.
    Model,
}

/// What `compare` selects.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompareOptions<'a> {
    /// Only these candidates (all when `None`).
    pub candidates: Option<&'a [CandidateId]>,
    /// Only scorecards for this role.
    pub role: Option<&'a str>,
    pub adjustment: Adjustment,
    /// Show the submitted scores of candidates whose panel still has drafts.
    pub include_pending: bool,
}

/// The ranked results of the selected candidates. The first pass finds the selection's scale
/// (refusing more than one); with an adjustment, a second measures it on that scale, and the
/// last computes the results.
pub fn compare(workspace: &Workspace, options: &CompareOptions) -> Result<Vec<CandidateResult>> {
    let first = scan_results(workspace, options, None)?;
    let scale = first.scales.single(&PICK_SCALE)?;
    let mut results = match options.adjustment {
        Adjustment::None => first.results,
        Adjustment::Normalize => {
            let adjust = adjustments(workspace, scale, options.include_pending)?;
            scan_results(workspace, options, Some(&adjust))?.results
        }
        Adjustment::Model => {
            // The model is fitted within the selected role, on the one scale just checked.
            let table = rating_table(
                workspace,
                options.role,
                options.include_pending,
                &mut LeftOut::default(),
            )?;
            let fit = table.fit();
            let groups = table.groups_of(&fit, first.interviewers.iter().map(String::as_str));
            if groups.len() > 1 {
                return Err(not_comparable(&groups));
            }
            let adjust = table.model_adjustments(&fit);
            scan_results(workspace, options, Some(&adjust))?.results
        }
    };
    panel::rank(&mut results);
    Ok(results)
}

/// One pass of `compare` over the selected candidates.
#[derive(Default)]
struct Scanned {
    results: Vec<CandidateResult>,
    /// The scales of the counted scorecards, and who uses them.
    scales: ScaleUse,
    /// The interviewers of the counted scorecards (for the rater model's connectedness).
    interviewers: BTreeSet<String>,
}

fn scan_results(
    workspace: &Workspace,
    options: &CompareOptions,
    adjust: Option<&Adjustments>,
) -> Result<Scanned> {
    let include = options.include_pending;
    let per_candidate = store::scan_all(workspace, options.candidates, |_, cards| {
        let (digests, held) = admitted_digests(&cards, options.role, include);
        if digests.is_empty() {
            return Ok(None);
        }
        let mut scales = ScaleUse::default();
        let mut interviewers = Vec::new();
        if held.is_none() {
            for digest in digests.iter().filter(|d| d.status == Status::Submitted) {
                scales.add_card(digest);
                interviewers.push(digest.interviewer.clone());
            }
        }
        let pending = cards_down::pending(&cards);
        Ok(Some((
            panel::candidate_result(&digests, adjust, pending, include),
            scales,
            interviewers,
        )))
    })?;
    let mut scanned = Scanned::default();
    for (result, used, interviewers) in per_candidate.into_iter().flatten() {
        scanned.scales.merge(&used);
        scanned.interviewers.extend(interviewers);
        scanned.results.push(result);
    }
    Ok(scanned)
}

/// Every submitted rating of scorecards for `role` (or all), read candidate by candidate, with
/// cards down applied: a candidate whose panel still has drafts is left out (and recorded in
/// `left_out`) unless `include_pending`.
pub fn rating_table(
    workspace: &Workspace,
    role: Option<&str>,
    include_pending: bool,
    left_out: &mut LeftOut,
) -> Result<RatingTable> {
    let mut table = RatingTable::default();
    store::scan(
        workspace,
        None,
        |_, cards| Ok(admitted_digests(&cards, role, include_pending)),
        |(digests, held)| {
            if left_out.record(held) {
                table.add_candidate(&digests);
            }
            Ok(())
        },
    )?;
    Ok(table)
}

/// A candidate's scorecards for `role` as digests, and the cards-down verdict over all of them.
fn admitted_digests(
    cards: &[Scorecard],
    role: Option<&str>,
    include_pending: bool,
) -> (Vec<CardDigest>, Option<Held>) {
    let digests: Vec<CardDigest> = cards
        .iter()
        .filter(|c| c.has_role(role))
        .map(CardDigest::from)
        .collect();
    // A candidate outside the selection is not "left out".
    let held = cards_down::admit(cards, include_pending).filter(|_| !digests.is_empty());
    (digests, held)
}

/// Leniency for `--normalize`, measured on `scale` alone: leniency is a property of the
/// interviewer, so it is measured over every submitted scorecard whatever the filters, but
/// scores on another scale would be pooled into it.
fn adjustments(
    workspace: &Workspace,
    scale: Option<Range>,
    include_pending: bool,
) -> Result<Adjustments> {
    let mut table = RatingTable::default();
    store::scan(
        workspace,
        None,
        |_, cards| {
            let (digests, held) = admitted_digests(&cards, None, include_pending);
            let on_scale: Vec<CardDigest> = digests
                .into_iter()
                .filter(|d| Some(d.scale) == scale)
                .collect();
            Ok((on_scale, held))
        },
        |(digests, held)| {
            if held.is_none() {
                table.add_candidate(&digests);
            }
            Ok(())
        },
    )?;
    Ok(table.adjustments())
}

/// The refusal of `compare --model` when the selected candidates were seen by interviewers the
/// model cannot compare.
fn not_comparable(groups: &[Vec<String>]) -> Error {
    let named: Vec<String> = groups
        .iter()
        .map(|g| format!("[{}]", g.join(", ")))
        .collect();
    Error::Refused {
        message: format!(
            "compare --model: the selected candidates were interviewed by {} groups of interviewers that share no candidate, so the rater model cannot compare them: {}",
            groups.len(),
            named.join(" and ")
        ),
        hints: vec![
            "compare candidates of one group (--candidate ID ...), or use --normalize".to_owned(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorecard::InterviewerKey;
    use crate::synth::{self, Shape};

    /// A generated workspace: every candidate seen by four of twelve interviewers, one of whom
    /// (`Interviewer 07`) scores a point high; some scorecards left as drafts.
    fn generated(drafts: f64) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        let shape = Shape {
            candidates: 40,
            scorecards: 4,
            answers: 6,
            drafts,
            seed: 7,
        };
        synth::workspace(&root, shape).unwrap();
        let workspace = Workspace::resolve(Some(&root), dir.path()).unwrap();
        (dir, workspace)
    }

    fn options(adjustment: Adjustment) -> CompareOptions<'static> {
        CompareOptions {
            adjustment,
            ..CompareOptions::default()
        }
    }

    #[test]
    fn results_are_ranked_best_first_with_held_candidates_withheld() {
        let (_dir, ws) = generated(0.1);
        let results = compare(&ws, &options(Adjustment::None)).unwrap();
        assert_eq!(results.len(), 40);
        let shown: Vec<f64> = results.iter().filter_map(|r| r.overall).collect();
        assert!(shown.windows(2).all(|w| w[0] >= w[1]), "{shown:?}");
        let withheld: Vec<&CandidateResult> = results.iter().filter(|r| r.withheld).collect();
        assert!(!withheld.is_empty());
        assert!(
            withheld
                .iter()
                .all(|r| r.overall.is_none() && !r.pending.is_empty())
        );

        let pending = CompareOptions {
            include_pending: true,
            ..options(Adjustment::None)
        };
        let all = compare(&ws, &pending).unwrap();
        assert!(all.iter().all(|r| !r.withheld && r.overall.is_some()));
    }

    #[test]
    fn the_role_filter_ignores_case_and_space_and_an_unknown_role_selects_nobody() {
        let (_dir, ws) = generated(0.0);
        let all = compare(&ws, &options(Adjustment::None)).unwrap();
        let role = CompareOptions {
            role: Some("  senior BACKEND engineer "),
            ..options(Adjustment::None)
        };
        assert_eq!(compare(&ws, &role).unwrap(), all);
        let nobody = CompareOptions {
            role: Some("designer"),
            ..options(Adjustment::None)
        };
        assert!(compare(&ws, &nobody).unwrap().is_empty());
    }

    #[test]
    fn candidates_narrow_the_selection() {
        let (_dir, ws) = generated(0.0);
        let ids = [
            CandidateId::parse("candidate-person-00003").unwrap(),
            CandidateId::parse("candidate-person-00011").unwrap(),
        ];
        let only = CompareOptions {
            candidates: Some(&ids),
            ..options(Adjustment::None)
        };
        let mut got: Vec<String> = compare(&ws, &only)
            .unwrap()
            .into_iter()
            .map(|r| r.candidate_id)
            .collect();
        got.sort();
        assert_eq!(got, ["candidate-person-00003", "candidate-person-00011"]);
    }

    #[test]
    fn normalising_takes_the_lenient_interviewers_point_off() {
        let (_dir, ws) = generated(0.0);
        let table = rating_table(&ws, None, false, &mut LeftOut::default()).unwrap();
        let leniency = table.adjustments();
        let lenient = leniency.interviewers[&InterviewerKey::of("Interviewer 07")];
        assert!(
            leniency
                .interviewers
                .iter()
                .all(|(name, l)| name.as_str() == "interviewer 07" || *l < lenient),
            "{leniency:?}"
        );

        let raw = compare(&ws, &options(Adjustment::None)).unwrap();
        let normalized = compare(&ws, &options(Adjustment::Normalize)).unwrap();
        assert_eq!(raw.len(), normalized.len());
        assert_ne!(raw, normalized);
        let modelled = compare(&ws, &options(Adjustment::Model)).unwrap();
        assert_eq!(raw.len(), modelled.len());
        assert_ne!(raw, modelled);
    }

    #[test]
    fn the_rating_table_leaves_out_and_records_candidates_still_waiting_for_cards() {
        let (_dir, ws) = generated(0.2);
        let mut left_out = LeftOut::default();
        let held = rating_table(&ws, None, false, &mut left_out).unwrap();
        assert!(!left_out.held.is_empty());
        let mut none_left = LeftOut::default();
        let all = rating_table(&ws, None, true, &mut none_left).unwrap();
        assert!(none_left.held.is_empty());
        assert!(held.adjustments().interviewers.len() <= all.adjustments().interviewers.len());
        assert_ne!(format!("{:?}", held.fit()), format!("{:?}", all.fit()));
    }

    #[test]
    fn the_model_refuses_candidates_seen_by_groups_that_share_no_candidate() {
        let groups = vec![
            vec!["Ada".to_owned(), "Alan".to_owned()],
            vec!["Grace".to_owned()],
        ];
        let Error::Refused { message, hints } = not_comparable(&groups) else {
            panic!("not a refusal");
        };
        assert!(message.contains("2 groups"), "{message}");
        assert!(message.ends_with("[Ada, Alan] and [Grace]"), "{message}");
        assert_eq!(hints.len(), 1);
    }
}
