//! `export xlsx`: one workbook with the sheets `Summary` (the summary shape), `Answers` (the
//! answers shape), `Interviewers` (calibrate's rows over the exported scorecards) and `Questions`
//! (the questions report's rows), in typed cells.
//!
//! One pass over the workspace: each candidate's answer rows are written as soon as the candidate
//! is read; only the small per-candidate results (for `Summary`) and the compact rating table (for
//! `Interviewers`) are kept until the end, so memory stays flat however many answers there are.

use std::path::Path;
use std::sync::mpsc;
use std::thread;

use super::anonymize::Pseudonyms;
use super::filter::{Filter, exported};
use super::summary;
use super::xlsx::{Book, Cell};
use crate::analytics::{self, CandidateItems, QuestionReport, QuestionScan, Selection};
use crate::error::{Error, Result};
use crate::scorecard::{Scorecard, join_marks, store};
use crate::stats::calibration::{self, RatingTable};
use crate::stats::cards_down::{self, Held, LeftOut};
use crate::stats::panel::{self, CandidateResult, CardDigest};
use crate::stats::questions;
use crate::stats::scales::PICK_SCALE;
use crate::workspace::{self, CandidateId, Workspace};

/// The sheets, in workbook order.
pub const SHEETS: [&str; 4] = ["Summary", "Answers", "Interviewers", "Questions"];
const SUMMARY: usize = 0;
const ANSWERS: usize = 1;
const INTERVIEWERS: usize = 2;
const QUESTIONS: usize = 3;

/// The `Answers` sheet's columns: those of `export csv --shape answers`.
pub const ANSWER_COLUMNS: [&str; 18] = super::answers::COLUMNS;

/// The `Interviewers` sheet's columns: `calibrate`'s per-interviewer fields.
pub const INTERVIEWER_COLUMNS: [&str; 6] = [
    "interviewer",
    "scorecards",
    "ratings",
    "mean",
    "leniency",
    "shared_units",
];

/// The `Questions` sheet's columns: the fields of `scorecard questions --format json`.
pub const QUESTION_COLUMNS: [&str; 17] = crate::stats::questions::COLUMNS;

/// One row of the questions report as the `Questions` sheet writes it: counts and figures as
/// numbers, flags as `a;b` like the CSV.
fn question_cells(row: &questions::QuestionRow) -> Vec<Cell<'_>> {
    let count = |n: usize| Cell::Number(n as f64);
    let figure = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Decimal);
    vec![
        Cell::text(&row.bank),
        Cell::text(&row.question),
        Cell::text(&row.category),
        count(row.asked),
        count(row.rated),
        count(row.skipped),
        figure(row.mean),
        figure(row.sd),
        figure(row.floor),
        figure(row.ceiling),
        figure(row.discrimination),
        count(row.discrimination_n),
        figure(row.rater_gap),
        count(row.rater_pairs),
        figure(row.overrun),
        figure(row.covered),
        Cell::owned(
            row.flags
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        ),
    ]
}

/// What to export.
pub struct Request<'a> {
    pub workspace: &'a Workspace,
    pub filter: &'a Filter,
    /// Candidates in export order (None: all, by id).
    pub order: Option<&'a [CandidateId]>,
    pub names: Option<&'a Pseudonyms>,
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    pub candidates: usize,
    pub answers: usize,
    /// Candidates cards down left out.
    pub left_out: LeftOut,
    /// Why the `Questions` sheet holds its header alone (scorecards on more than one scale, a
    /// plan that does not parse), when it does.
    pub questions_refused: Option<Error>,
    /// Why the `Interviewers` sheet holds its header alone (scorecards on more than one scale),
    /// when it does.
    pub interviewers_refused: Option<Error>,
}

/// The scorecards the `Questions` sheet judges: the export's role, dates and cards-down rule.
/// Questions are judged across the whole panel, so `--candidate` and `--interviewer` do not
/// narrow it.
fn question_selection(filter: &Filter) -> Selection {
    Selection {
        role: filter.role.clone(),
        bank: None,
        since: filter.since,
        until: filter.until,
        include_pending: filter.include_pending,
    }
}

/// The `Questions` sheet's rows: being tallied, made beforehand, or refused.
enum Questions {
    Scanning(QuestionScan),
    Ready(QuestionReport),
    Refused(Error),
}

/// What one candidate contributes, made in the worker that read their scorecards: the exported
/// scorecards (anonymised in place when asked), their summary result and their digests.
struct CandidateRows {
    cards: Vec<Scorecard>,
    /// The candidate's contribution to the `Questions` sheet, when it is tallied in this scan.
    questions: Option<Result<CandidateItems>>,
    held: Option<Held>,
    result: Option<CandidateResult>,
    digests: Vec<CardDigest>,
}

/// Candidates read but not yet written that the writer thread may hold; bounds memory.
const IN_FLIGHT: usize = 64;

/// Writes the workbook to `path` atomically (a temporary file beside it, synced, then renamed).
///
/// The answer rows are written on a thread of their own while the next candidates are read and
/// parsed, so writing the workbook (which must be sequential) overlaps with reading the files.
pub fn write(path: &Path, request: &Request) -> Result<Written> {
    let selection = question_selection(request.filter);
    // Visiting every candidate in id order, the export's own scan can tally the questions
    // report on the way, as `scorecard questions` does; a narrower or reordered export reads the
    // workspace once more for it.
    let same_scan = request.order.is_none();
    let mut questions = if same_scan {
        Questions::Scanning(QuestionScan::default())
    } else {
        match analytics::question_report(request.workspace, &selection) {
            Ok(report) => Questions::Ready(report),
            Err(err) => Questions::Refused(err),
        }
    };
    let mut written = Written {
        candidates: 0,
        answers: 0,
        left_out: LeftOut::default(),
        questions_refused: None,
        interviewers_refused: None,
    };
    let mut left_out = LeftOut::default();
    workspace::write_with_file(path, |file| {
        let mut book = Book::new(path, file, &SHEETS);
        book.header(ANSWERS, &ANSWER_COLUMNS)?;
        let mut results = Vec::new();
        let mut table = RatingTable::default();
        let (sender, receiver) = mpsc::sync_channel::<Vec<Scorecard>>(IN_FLIGHT);
        let (book, answers) = thread::scope(|scope| {
            let writer = scope.spawn(move || write_answers(book, &receiver));
            let scanned = store::scan(
                request.workspace,
                request.order,
                |_, cards| {
                    let items = same_scan
                        .then(|| CandidateItems::of(request.workspace, &cards, &selection));
                    let pending = cards_down::pending(&cards);
                    let (cards, held) = exported(cards, request.filter);
                    Ok(candidate_rows(
                        cards,
                        items,
                        (pending, held, request.filter.include_pending),
                        request.names,
                    ))
                },
                |rows| {
                    left_out.record(rows.held);
                    table.add_candidate(&rows.digests);
                    results.extend(rows.result);
                    if let (Questions::Scanning(scan), Some(items)) =
                        (&mut questions, rows.questions)
                    {
                        match items {
                            Ok(items) => scan.add(items),
                            Err(err) => questions = Questions::Refused(err),
                        }
                    }
                    // A closed channel means the writer failed; its error is reported below.
                    sender.send(rows.cards).map_err(|_| writer_stopped())
                },
            );
            drop(sender);
            let written = writer.join().map_err(|_| writer_stopped())?;
            let written = written?;
            scanned?;
            Ok::<_, Error>(written)
        })?;
        let mut book = book;
        // The answers are complete: their sheet leaves the zip's one open entry to the next.
        book.end_sheet(ANSWERS)?;
        written.answers = answers;
        written.left_out = left_out;
        written.candidates = results.len();
        write_summary(&mut book, &results, request.names)?;
        written.interviewers_refused = write_interviewers(&mut book, &table)?;
        book.header(QUESTIONS, &QUESTION_COLUMNS)?;
        let report = match questions {
            Questions::Scanning(scan) => scan.finish(),
            Questions::Ready(report) => Ok(report),
            Questions::Refused(err) => Err(err),
        };
        match report {
            Ok(report) => {
                for row in &report.rows {
                    book.row(QUESTIONS, &question_cells(row))?;
                }
            }
            Err(err) => written.questions_refused = Some(err),
        }
        book.save()
    })?;
    Ok(written)
}

/// The writer thread: every received candidate's answer rows, in order. Returns the book and the
/// number of rows written.
fn write_answers<'f>(
    mut book: Book<'f>,
    cards: &mpsc::Receiver<Vec<Scorecard>>,
) -> Result<(Book<'f>, usize)> {
    let mut answers = 0;
    for cards in cards {
        for card in &cards {
            let ids = (card.id.to_string(), card.plan.to_string());
            for row in answer_cells(card, &ids) {
                book.row(ANSWERS, &row)?;
            }
            answers += card.answers.len();
        }
    }
    Ok((book, answers))
}

fn writer_stopped() -> Error {
    Error::refused("the workbook writer stopped before the export was complete")
}

#[allow(clippy::needless_pass_by_value)] // the cards are anonymised in place and handed on
fn candidate_rows(
    mut cards: Vec<Scorecard>,
    questions: Option<Result<CandidateItems>>,
    (pending, mut held, include_pending): (Vec<String>, Option<Held>, bool),
    names: Option<&Pseudonyms>,
) -> CandidateRows {
    let digests: Vec<CardDigest> = cards.iter().map(CardDigest::from).collect();
    let result = (!digests.is_empty())
        .then(|| panel::candidate_result(&digests, None, pending, include_pending));
    if let (Some(held), Some(names)) = (held.as_mut(), names) {
        held.candidate_id = names.get(&held.candidate_id).id;
    }
    if let Some(names) = names {
        for card in &mut cards {
            anonymize(card, names);
        }
    }
    CandidateRows {
        cards,
        questions,
        held,
        result,
        digests,
    }
}

/// Replaces the candidate's name and id with their pseudonym, the scorecard's and plan's ids
/// with their stand-ins, and scrubs the notes, as `export csv --anonymize` does.
fn anonymize(card: &mut Scorecard, names: &Pseudonyms) {
    for answer in &mut card.answers {
        answer.notes = names.scrub(&answer.notes, &card.candidate_id, &card.candidate);
    }
    let pseudonym = names.get(&card.candidate_id);
    card.candidate_id = pseudonym.id;
    card.candidate = pseudonym.name;
    card.id = names.record_id(&card.id);
    card.plan = names.record_id(&card.plan);
}

/// One card's rows in the `Answers` sheet, borrowing its text and its (scorecard, plan) ids.
fn answer_cells<'a>(
    card: &'a Scorecard,
    (id, plan): &'a (String, String),
) -> impl Iterator<Item = Vec<Cell<'a>>> {
    let scale = (card.scale.min, card.scale.max);
    card.answers.iter().map(move |answer| {
        vec![
            Cell::text(&card.candidate_id),
            Cell::text(&card.candidate),
            Cell::text(&card.role),
            Cell::text(card.round.as_deref().unwrap_or_default()),
            Cell::text(&card.interviewer),
            Cell::text(id),
            Cell::text(plan),
            Cell::text(&answer.question),
            Cell::text(&answer.category),
            answer.score.map_or(Cell::Empty, |s| Cell::Score {
                value: s as f64,
                scale,
                whole: true,
            }),
            Cell::Bool(answer.skipped),
            Cell::text(&answer.notes),
            Cell::number(answer.seconds.map(|s| s as f64)),
            answer.rated_at.map_or(Cell::Empty, Cell::Date),
            card.submitted_at.map_or(Cell::Empty, Cell::Date),
            card.recommendation
                .map_or(Cell::Empty, |r| Cell::text(r.as_str())),
            marks(&answer.covered),
            marks(&answer.flags),
        ]
    })
}

/// `covered` or `flags` as the CSV writes them (`1;3`), text so a spreadsheet does not read a
/// single mark as a number; empty when none was recorded.
fn marks(marks: &[usize]) -> Cell<'static> {
    if marks.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(std::borrow::Cow::Owned(join_marks(marks)))
    }
}

fn write_summary(
    book: &mut Book,
    results: &[CandidateResult],
    names: Option<&Pseudonyms>,
) -> Result<()> {
    let columns = summary::category_columns(results);
    book.header(SUMMARY, &summary::header(&columns))?;
    for result in results {
        let (candidate_id, candidate) = match names.map(|n| n.get(&result.candidate_id)) {
            Some(p) => (p.id, p.name),
            None => (result.candidate_id.clone(), result.candidate.clone()),
        };
        let score = |value: Option<f64>| {
            value.map_or(Cell::Empty, |value| Cell::Score {
                value,
                scale: result.scale,
                whole: false,
            })
        };
        let mut row = vec![
            Cell::text(&candidate_id),
            Cell::text(&candidate),
            Cell::text(&result.role),
            Cell::Number(result.scorecards as f64),
            score(result.overall),
        ];
        row.extend(columns.iter().map(|c| score(result.category(c))));
        // A withheld tally is four empty cells, never zeros.
        match result.recommendations {
            Some(tally) => row.extend(tally.counts().map(|n| Cell::Number(n as f64))),
            None => row.extend((0..4).map(|_| Cell::Empty)),
        }
        book.row(SUMMARY, &row)?;
    }
    Ok(())
}

/// Writes the `Interviewers` sheet, or its header alone when the scorecards are on more than one
/// scale (scores on different scales are never pooled); returns why, then.
fn write_interviewers(book: &mut Book, table: &RatingTable) -> Result<Option<Error>> {
    book.header(INTERVIEWERS, &INTERVIEWER_COLUMNS)?;
    if let Err(err) = table.scales().single(&PICK_SCALE) {
        return Ok(Some(err));
    }
    // The sheet lists interviewers alone: no agreement figures and no rater model to compute.
    for i in calibration::interviewers(table, None) {
        book.row(
            INTERVIEWERS,
            &[
                Cell::text(&i.interviewer),
                Cell::Number(i.scorecards as f64),
                Cell::Number(i.ratings as f64),
                i.mean.map_or(Cell::Empty, Cell::Decimal),
                i.leniency.map_or(Cell::Empty, Cell::Decimal),
                Cell::Number(i.shared_units as f64),
            ],
        )?;
    }
    Ok(None)
}
