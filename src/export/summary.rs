//! The per-candidate summary table shared by `export csv --shape summary` and
//! `compare --format csv`: `candidate_id, candidate, role, scorecards, overall`, one column per
//! category id, then the recommendation counts.

use indexmap::IndexSet;

use super::anonymize::Pseudonyms;
use super::csv::neutralise;
use crate::stats::panel::CandidateResult;

/// Category ids across all results, in first-seen order.
#[must_use]
pub fn category_columns(results: &[CandidateResult]) -> Vec<String> {
    results
        .iter()
        .flat_map(|result| result.category_order.iter().cloned())
        .collect::<IndexSet<String>>()
        .into_iter()
        .collect()
}

/// The header row for these category columns.
#[must_use]
pub fn header(columns: &[String]) -> Vec<String> {
    let mut header: Vec<String> = ["candidate_id", "candidate", "role", "scorecards", "overall"]
        .map(String::from)
        .to_vec();
    header.extend(columns.iter().cloned());
    header.extend(["strong-no", "no", "yes", "strong-yes"].map(String::from));
    header
}

/// One candidate's row, text cells neutralised, names replaced when `names` is given.
#[must_use]
pub fn row(
    result: &CandidateResult,
    columns: &[String],
    names: Option<&Pseudonyms>,
) -> Vec<String> {
    let (candidate_id, candidate) = match names.map(|n| n.get(&result.candidate_id)) {
        Some(p) => (p.id, p.name),
        None => (result.candidate_id.clone(), result.candidate.clone()),
    };
    let mut row = vec![
        neutralise(&candidate_id),
        neutralise(&candidate),
        neutralise(&result.role),
        result.scorecards.to_string(),
        result.overall.map(number).unwrap_or_default(),
    ];
    row.extend(
        columns
            .iter()
            .map(|c| result.category(c).map(number).unwrap_or_default()),
    );
    // A withheld tally is four empty cells, never four zeros.
    match result.recommendations {
        Some(tally) => row.extend(tally.counts().map(|n| n.to_string())),
        None => row.extend(std::iter::repeat_n(String::new(), 4)),
    }
    row
}

/// A score for CSV: up to four decimals, no trailing zeros.
#[must_use]
pub fn number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.3333");
        assert_eq!(number(-0.00001), "0");
    }
}
