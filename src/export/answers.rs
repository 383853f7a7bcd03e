//! The answers shape of `export csv`: one row per answer of every exported scorecard, with the
//! scorecard's candidate, role, interviewer and recommendation repeated on each row. Rows are
//! built in the worker that read the candidate, so the export streams.

use crate::export::anonymize::Pseudonyms;
use crate::export::csv;
use crate::scorecard::{Scorecard, join_marks};

/// The header of the answers shape.
pub const COLUMNS: [&str; 18] = [
    "candidate_id",
    "candidate",
    "role",
    "round",
    "interviewer",
    "scorecard",
    "plan",
    "question",
    "category",
    "score",
    "skipped",
    "notes",
    "seconds",
    "rated_at",
    "submitted_at",
    "recommendation",
    "covered",
    "flags",
];

/// The rows of one candidate's scorecards, rendered in the worker that read them.
#[must_use]
pub fn rows(cards: &[Scorecard], names: Option<&Pseudonyms>) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for card in cards {
        let pseudonym = names.map(|n| n.get(&card.candidate_id));
        let (candidate_id, candidate) = match &pseudonym {
            Some(p) => (p.id.clone(), p.name.clone()),
            None => (card.candidate_id.clone(), card.candidate.clone()),
        };
        for answer in &card.answers {
            let notes = match names {
                Some(names) => names.scrub(&answer.notes, &card.candidate_id, &card.candidate),
                None => answer.notes.clone(),
            };
            rows.push(vec![
                neutral(&candidate_id),
                neutral(&candidate),
                neutral(&card.role),
                neutral(card.round.as_deref().unwrap_or_default()),
                neutral(&card.interviewer),
                record_id(&card.id, names),
                record_id(&card.plan, names),
                neutral(&answer.question),
                neutral(&answer.category),
                answer.score.map(|s| s.to_string()).unwrap_or_default(),
                answer.skipped.to_string(),
                neutral(&notes),
                answer.seconds.map(|s| s.to_string()).unwrap_or_default(),
                answer.rated_at.map(|t| t.to_string()).unwrap_or_default(),
                card.submitted_at.map(|t| t.to_string()).unwrap_or_default(),
                card.recommendation
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
                join_marks(&answer.covered),
                join_marks(&answer.flags),
            ]);
        }
    }
    rows
}

/// A scorecard's or plan's id, or its stand-in when anonymised.
fn record_id(id: &uuid::Uuid, names: Option<&Pseudonyms>) -> String {
    names.map_or(*id, |names| names.record_id(id)).to_string()
}

fn neutral(text: &str) -> String {
    csv::neutralise(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Scorecard {
        let text = "schema = 1\nid = \"00000000-0000-0000-0000-000000000001\"\n\
            plan = \"00000000-0000-0000-0000-000000000064\"\ncandidate = \"Ada Lovelace\"\n\
            candidate_id = \"ada-lovelace\"\nrole = \"Backend\"\nround = \"onsite\"\n\
            interviewer = \"=Grace\"\nbank = \"b\"\nstatus = \"submitted\"\n\
            recommendation = \"yes\"\nstarted_at = \"2026-11-26T09:00:00Z\"\n\
            submitted_at = \"2026-11-26T10:00:00Z\"\n\n\
            [[answers]]\nquestion = \"q1\"\ncategory = \"async\"\nscore = 3\n\
            notes = \"Ada explained the event loop\"\nseconds = 300\ncovered = [1, 3]\n\n\
            [[answers]]\nquestion = \"q2\"\ncategory = \"security\"\nskipped = true\n";
        toml::from_str(text).unwrap()
    }

    #[test]
    fn one_row_per_answer_in_the_header_order_with_formulas_neutralised() {
        let rows = rows(&[card()], None);
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|row| row.len() == COLUMNS.len()));
        let first = &rows[0];
        let cell = |name: &str| &first[COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(cell("candidate_id"), "ada-lovelace");
        assert_eq!(cell("candidate"), "Ada Lovelace");
        assert_eq!(cell("interviewer"), "'=Grace");
        assert_eq!(cell("score"), "3");
        assert_eq!(cell("skipped"), "false");
        assert_eq!(cell("notes"), "Ada explained the event loop");
        assert_eq!(cell("seconds"), "300");
        assert_eq!(cell("submitted_at"), "2026-11-26T10:00:00Z");
        assert_eq!(cell("recommendation"), "yes");
        assert_eq!(cell("covered"), "1;3");
        assert_eq!(rows[1][9], "");
        assert_eq!(rows[1][10], "true");
    }

    #[test]
    fn anonymised_rows_carry_the_pseudonym_and_scrub_the_notes() {
        let names = Pseudonyms::assign(b"key", ["ada-lovelace".to_owned()].into_iter());
        let pseudonym = names.get("ada-lovelace");
        let rows = rows(&[card()], Some(&names));
        assert_eq!(rows[0][0], pseudonym.id);
        assert_eq!(rows[0][1], pseudonym.name);
        assert_eq!(
            rows[0][11],
            format!("{} explained the event loop", pseudonym.name)
        );
        assert!(rows.iter().flatten().all(|cell| !cell.contains("Ada")));
    }
}
