//! Exports for HR (CSV in two shapes, Markdown per candidate), the filters both share,
//! anonymisation for blind review.
//!
//! Data is built through the CLI (`plan new`, `start`, `rate`, `submit`) where the clock does not
//! matter, and written as scorecard files (the contract's file format) where dates, control
//! characters or exact figures must be chosen.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::support::{
    AnswerFile, CardFile, Env, STANDARD_LABELS, assert_clean_error, interview, mode, panel_plan,
    rate, set, start,
};

// ---------------------------------------------------------------------------------------------
// Helpers: building data
// ---------------------------------------------------------------------------------------------

const ANSWER_HEADER: [&str; 18] = [
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

const ROLE: &str = "Senior backend engineer";

/// A rated answer (its notes always written, rated when the scorecard was started).
fn answer(question: &str, category: &str, score: i64, notes: &str) -> AnswerFile {
    AnswerFile::rated(question, category, score)
        .notes(notes)
        .rated_at("2026-01-15T09:00:00Z")
}

/// A skipped answer.
fn skipped(question: &str, category: &str) -> AnswerFile {
    AnswerFile::skipped(question, category).notes("")
}

/// Categories of the given weights.
fn weighted(weights: &[(&str, f64)]) -> Vec<(String, String, f64)> {
    weights
        .iter()
        .map(|(id, weight)| ((*id).to_owned(), format!("Category {id}"), *weight))
        .collect()
}

/// A submitted scorecard by Grace Hopper with one `async` answer scored 3, started
/// 2026-01-15T09:00:00Z and submitted an hour later, on the built-in bank's scale.
fn card(candidate: &str, candidate_id: &str) -> CardFile {
    CardFile {
        bank: "nodejs-backend-senior".to_owned(),
        started_at: "2026-01-15T09:00:00Z".to_owned(),
        submitted_at: Some("2026-01-15T10:00:00Z".to_owned()),
        categories: weighted(&[("async", 1.0), ("security", 1.0)]),
        answers: vec![answer("event-loop-phases", "async", 3, "")],
        ..CardFile::new(0, candidate_id, "Grace Hopper")
            .fresh_ids()
            .candidate(candidate, ROLE)
            .labels(&STANDARD_LABELS)
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers: reading exports
// ---------------------------------------------------------------------------------------------

/// Runs and expects success, returning stdout as bytes (for BOM and line-end checks).
fn stdout_bytes(env: &Env, args: &[&str]) -> Vec<u8> {
    env.run(args).success().get_output().stdout.clone()
}

/// A parsed CSV: the header and the data rows.
#[derive(Debug)]
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn parse(text: &str) -> Csv {
        let mut records = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .into_records()
            .map(|r| {
                r.expect("a well-formed CSV record")
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect::<Vec<Vec<String>>>()
            .into_iter();
        Csv {
            header: records.next().expect("a header row"),
            rows: records.collect(),
        }
    }

    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {:?}", self.header))
    }

    /// The value of `name` in `row`.
    fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.column(name)]
    }

    /// Every value of a column.
    fn values(&self, name: &str) -> Vec<String> {
        let i = self.column(name);
        self.rows.iter().map(|r| r[i].clone()).collect()
    }

    /// The only row whose `name` column is `value`.
    fn row(&self, name: &str, value: &str) -> &[String] {
        let i = self.column(name);
        let found: Vec<&Vec<String>> = self.rows.iter().filter(|r| r[i] == value).collect();
        assert_eq!(found.len(), 1, "one row with {name} = {value:?}: {self:?}");
        found[0]
    }
}

fn export_csv(env: &Env, extra: &[&str]) -> Csv {
    let mut args = vec!["export", "csv"];
    args.extend_from_slice(extra);
    Csv::parse(&env.ok(&args))
}

fn export_markdown(env: &Env, extra: &[&str]) -> String {
    let mut args = vec!["export", "markdown"];
    args.extend_from_slice(extra);
    env.ok(&args)
}

/// Exports Markdown into a fresh folder; returns file name -> contents.
fn export_markdown_files(env: &Env, extra: &[&str]) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir_in(env.root()).expect("output folder");
    let out = dir.path().join("reports");
    let out_arg = out.to_str().expect("UTF-8 path").to_owned();
    let mut args = vec!["export", "markdown", "--out", &out_arg];
    args.extend_from_slice(extra);
    let stdout = env.ok(&args);
    assert_eq!(stdout, "", "nothing on stdout with --out");
    files_in(&out)
}

/// File name -> contents of every file in a folder (empty when the folder does not exist).
fn files_in(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| {
            let path = e.expect("folder entry").path();
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&path).expect("UTF-8 file"))
        })
        .collect()
}

/// The set of candidate ids in an answers CSV.
fn candidate_ids(csv: &Csv) -> BTreeSet<String> {
    csv.values("candidate_id").into_iter().collect()
}

/// The candidate ids Markdown writes files for (`<candidate-id>.md`).
fn markdown_candidates(env: &Env, filters: &[&str]) -> BTreeSet<String> {
    export_markdown_files(env, filters)
        .into_keys()
        .map(|name| name.strip_suffix(".md").expect("a .md file").to_owned())
        .collect()
}

/// The full scorecard as `show --format json` prints it.
fn show(env: &Env, card: &str) -> Value {
    env.json(&["show", card, "--include-pending"])
}

/// Every table of a Markdown document as rows of cell texts (the header row first). Inline HTML
/// (`<br>`) is kept as written; text is unescaped, as a reader sees it.
fn tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => table = Vec::new(),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut table)),
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Vec::new(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row));
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap_or_default()),
            Event::Text(text) | Event::Code(text) | Event::InlineHtml(text) | Event::Html(text) => {
                if let Some(cell) = cell.as_mut() {
                    cell.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(cell) = cell.as_mut() {
                    cell.push('\n');
                }
            }
            _ => {}
        }
    }
    tables
}

/// Asserts every table row has as many cells as its header row. (The parser drops extra cells, so
/// content checks go with this.)
fn assert_tables_keep_shape(markdown: &str) {
    let tables = tables(markdown);
    assert!(!tables.is_empty(), "the document has tables:\n{markdown}");
    for table in &tables {
        let width = table[0].len();
        for row in table {
            assert_eq!(row.len(), width, "row {row:?} of table {table:?}");
        }
    }
}

/// The rendered HTML of a Markdown document.
fn to_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, Options::ENABLE_TABLES));
    html
}

/// Whether `word` occurs in `text` as a whole word (case-insensitive).
fn contains_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let word = word.to_lowercase();
    text.match_indices(&word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Asserts that none of `words` is left in `text`.
fn assert_no_trace(text: &str, words: &[&str], what: &str) {
    for word in words {
        assert!(
            !contains_word(text, word),
            "`{word}` is left in the {what}:\n{text}"
        );
    }
}

fn assert_pseudonym(name: &str, id: &str) {
    let hex = name
        .strip_prefix("Candidate ")
        .unwrap_or_else(|| panic!("pseudonym name {name:?}"));
    assert!(
        hex.len() >= 4
            && hex
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase()),
        "pseudonym name {name:?} is `Candidate` and upper-case hex"
    );
    assert_eq!(
        id,
        format!("candidate-{}", hex.to_lowercase()),
        "id matches name"
    );
}

// ---------------------------------------------------------------------------------------------
// CSV: answers shape
// ---------------------------------------------------------------------------------------------

#[test]
fn csv_answers_has_one_row_per_answer_of_every_submitted_scorecard_in_contract_columns() {
    let env = Env::new();
    let ada = env
        .ok(&[
            "plan",
            "new",
            "--candidate",
            "Ada Lovelace",
            "--role",
            ROLE,
            "--round",
            "phone-screen",
            "--seed",
            "7",
            "--quiet",
        ])
        .trim()
        .to_owned();
    let grace = start(&env, &ada, "Grace Hopper");
    env.ok(&[
        "rate",
        &grace,
        "1",
        "--score",
        "3",
        "--notes",
        "Knew the phases",
        "--seconds",
        "95",
    ]);
    rate(&env, &grace, 2, 4, "");
    rate(&env, &grace, 3, 2, "Vague on caching");
    env.ok(&["skip", &grace, "4", "--notes", "Out of time"]);
    env.ok(&["submit", &grace, "--recommendation", "yes"]);
    let linus = interview(
        &env,
        &ada,
        "Linus Torvalds",
        &[(2, ""), (2, ""), (2, ""), (2, "")],
        "no",
        "",
    );
    // A draft never shows in an export.
    let draft = start(&env, &ada, "Barbara Liskov");
    rate(&env, &draft, 1, 1, "draft notes");
    let bob = panel_plan(&env, "Bob Example", ROLE, &[]);
    interview(
        &env,
        &bob,
        "Grace Hopper",
        &[(3, ""), (3, ""), (3, "")],
        "yes",
        "",
    );
    // With --include-pending the submitted scorecards of a panel that still has a draft are
    // exported; the draft never is.

    let csv = export_csv(&env, &["--include-pending"]);

    assert_eq!(csv.header, ANSWER_HEADER);
    assert_eq!(csv.rows.len(), 4 + 4 + 3, "one row per answer: {csv:?}");
    assert!(
        !csv.values("interviewer")
            .contains(&"Barbara Liskov".to_owned())
    );
    let per_card: BTreeMap<String, usize> =
        csv.values("scorecard")
            .into_iter()
            .fold(BTreeMap::new(), |mut m, id| {
                *m.entry(id).or_default() += 1;
                m
            });
    assert_eq!(per_card.get(&grace), Some(&4));
    assert_eq!(per_card.get(&linus), Some(&4));

    let json = show(&env, &grace);
    let first = &json["answers"][0];
    let question = first["question"].as_str().unwrap();
    let rows: Vec<&Vec<String>> = csv
        .rows
        .iter()
        .filter(|r| csv.get(r, "scorecard") == grace && csv.get(r, "question") == question)
        .collect();
    assert_eq!(rows.len(), 1);
    let row = rows[0];
    let expected = [
        ("candidate_id", "ada-lovelace"),
        ("candidate", "Ada Lovelace"),
        ("role", ROLE),
        ("round", "phone-screen"),
        ("interviewer", "Grace Hopper"),
        ("scorecard", grace.as_str()),
        ("plan", ada.as_str()),
        ("question", question),
        ("category", first["category"].as_str().unwrap()),
        ("score", "3"),
        ("skipped", "false"),
        ("notes", "Knew the phases"),
        ("seconds", "95"),
        ("rated_at", first["rated_at"].as_str().unwrap()),
        ("submitted_at", json["submitted_at"].as_str().unwrap()),
        ("recommendation", "yes"),
    ];
    for (column, value) in expected {
        assert_eq!(csv.get(row, column), value, "column {column}");
    }
    assert!(csv.get(row, "rated_at").ends_with('Z'), "RFC 3339 UTC");

    // The skipped answer: no score, skipped, its notes kept.
    let skipped_question = json["answers"][3]["question"].as_str().unwrap();
    let skipped_row = csv
        .rows
        .iter()
        .find(|r| csv.get(r, "scorecard") == grace && csv.get(r, "question") == skipped_question)
        .expect("the skipped answer has a row");
    assert_eq!(csv.get(skipped_row, "score"), "");
    assert_eq!(csv.get(skipped_row, "skipped"), "true");
    assert_eq!(csv.get(skipped_row, "notes"), "Out of time");
    assert_eq!(csv.get(skipped_row, "seconds"), "");
}

#[test]
fn csv_notes_with_quotes_commas_newlines_and_unicode_round_trip_exactly() {
    let env = Env::new();
    let notes = [
        "She said \"it depends\", then, after a pause, \"usually\"",
        "line one\nline two\n\nline four, with a comma",
        "naïve — 日本語, emoji 🚀 and a tab\tinside",
    ];
    let p = panel_plan(&env, "Ada Lovelace", ROLE, &[]);
    interview(
        &env,
        &p,
        "Grace Hopper",
        &[(3, notes[0]), (2, notes[1]), (4, notes[2])],
        "yes",
        "",
    );

    let csv = export_csv(&env, &[]);

    assert_eq!(csv.values("notes"), notes);
}

#[test]
fn csv_neutralises_formula_starts_in_notes_and_candidate_names_but_not_numbers() {
    let env = Env::new();
    let formulas = ["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"];
    // A name is one line: it cannot hold a tab or carriage return (such a file is refused), so
    // those two starts are tried in notes alone.
    let name = |formula: &str| {
        if formula.starts_with(char::is_control) {
            "Control Start".to_owned()
        } else {
            formula.to_owned()
        }
    };
    for (i, formula) in formulas.iter().enumerate() {
        let id = format!("formula-{i}");
        let name = name(formula);
        let mut c = card(&name, &id);
        c.answers = vec![AnswerFile {
            seconds: Some(45),
            ..answer("event-loop-phases", "async", 3, formula)
        }];
        c.write(&env);
    }
    let mut harmless = card("Ada Lovelace", "ada-lovelace");
    harmless.answers = vec![answer(
        "event-loop-phases",
        "async",
        2,
        "a=b, 1+1 and -x inside",
    )];
    harmless.write(&env);

    let csv = export_csv(&env, &[]);

    assert_eq!(csv.rows.len(), formulas.len() + 1);
    for (i, formula) in formulas.iter().enumerate() {
        let row = csv.row("candidate_id", &format!("formula-{i}"));
        let expected = if formula.starts_with(char::is_control) {
            name(formula)
        } else {
            format!("'{formula}")
        };
        assert_eq!(csv.get(row, "candidate"), expected, "name {formula:?}");
        assert_eq!(
            csv.get(row, "notes"),
            format!("'{formula}"),
            "notes {formula:?}"
        );
        assert_eq!(csv.get(row, "score"), "3", "numbers stay numbers");
        assert_eq!(csv.get(row, "seconds"), "45", "numbers stay numbers");
    }
    let row = csv.row("candidate_id", "ada-lovelace");
    assert_eq!(csv.get(row, "candidate"), "Ada Lovelace");
    assert_eq!(csv.get(row, "notes"), "a=b, 1+1 and -x inside");
}

// ---------------------------------------------------------------------------------------------
// CSV: summary shape
// ---------------------------------------------------------------------------------------------

#[test]
fn csv_summary_has_one_row_per_candidate_with_category_means_and_recommendation_counts() {
    let env = Env::new();
    // Ada: Grace rates async 3 and 4 (mean 3.5) and security 2; security weighs 3, so her
    // overall is (3.5 * 1 + 2 * 3) / 4 = 2.375. Linus rates async 1 and skips the rest: async
    // 1, overall 1. Ada: async (3.5 + 1) / 2 = 2.25, security 2, overall (2.375 + 1) / 2 = 1.6875.
    let weights = vec![("async", 1.0), ("security", 3.0)];
    CardFile {
        categories: weighted(&weights),
        answers: vec![
            answer("q1", "async", 3, ""),
            answer("q2", "async", 4, ""),
            answer("q3", "security", 2, ""),
        ],
        ..card("Ada Lovelace", "ada-lovelace")
    }
    .write(&env);
    CardFile {
        interviewer: "Linus Torvalds".into(),
        recommendation: "no".into(),
        categories: weighted(&weights),
        answers: vec![
            answer("q1", "async", 1, ""),
            skipped("q2", "async"),
            skipped("q3", "security"),
        ],
        ..card("Ada Lovelace", "ada-lovelace")
    }
    .write(&env);
    // Bob: one submitted scorecard with async only; a draft that must not count.
    CardFile {
        role: "Data engineer".into(),
        recommendation: "strong-yes".into(),
        answers: vec![answer("q1", "async", 4, ""), skipped("q3", "security")],
        ..card("Bob Example", "bob-example")
    }
    .write(&env);
    CardFile {
        interviewer: "Linus Torvalds".into(),
        submitted_at: None,
        answers: vec![
            answer("q1", "async", 1, ""),
            answer("q3", "security", 1, ""),
        ],
        ..card("Bob Example", "bob-example")
    }
    .write(&env);

    let csv = export_csv(&env, &["--shape", "summary", "--include-pending"]);

    assert_eq!(
        csv.header,
        [
            "candidate_id",
            "candidate",
            "role",
            "scorecards",
            "overall",
            "async",
            "security",
            "strong-no",
            "no",
            "yes",
            "strong-yes"
        ]
    );
    assert_eq!(csv.rows.len(), 2);
    assert_eq!(
        csv.row("candidate_id", "ada-lovelace"),
        [
            "ada-lovelace",
            "Ada Lovelace",
            ROLE,
            "2",
            "1.6875",
            "2.25",
            "2",
            "0",
            "1",
            "1",
            "0"
        ]
    );
    assert_eq!(
        csv.row("candidate_id", "bob-example"),
        [
            "bob-example",
            "Bob Example",
            "Data engineer",
            "1",
            "4",
            "4",
            "",
            "0",
            "0",
            "0",
            "1"
        ],
        "no security score: an empty cell; the draft counts nowhere"
    );
}

// ---------------------------------------------------------------------------------------------
// CSV: Excel mode and --out
// ---------------------------------------------------------------------------------------------

/// The line ends of a CSV outside quoted fields: (CRLF count, bare LF count).
fn line_ends_outside_quotes(bytes: &[u8]) -> (usize, usize) {
    let (mut crlf, mut bare) = (0, 0);
    let mut quoted = false;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                if i > 0 && bytes[i - 1] == b'\r' {
                    crlf += 1;
                } else {
                    bare += 1;
                }
            }
            _ => {}
        }
    }
    (crlf, bare)
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Ada with a note that spans two lines (so a quoted field holds a bare LF).
fn multiline_notes_workspace() -> Env {
    let env = Env::new();
    let p = panel_plan(&env, "Ada Lovelace", ROLE, &[]);
    interview(
        &env,
        &p,
        "Grace Hopper",
        &[(3, "first line\nsecond line"), (2, "plain"), (4, "naïve")],
        "yes",
        "",
    );
    env
}

#[test]
fn csv_excel_starts_with_a_bom_and_ends_every_line_with_crlf() {
    let env = multiline_notes_workspace();
    for shape in ["answers", "summary"] {
        let bytes = stdout_bytes(&env, &["export", "csv", "--shape", shape, "--excel"]);

        assert!(bytes.starts_with(BOM), "{shape}: BOM first");
        assert!(
            bytes.ends_with(b"\r\n"),
            "{shape}: the last line ends with CRLF"
        );
        let (crlf, bare) = line_ends_outside_quotes(&bytes);
        assert_eq!(bare, 0, "{shape}: no bare LF outside quoted fields");
        let expected_lines = if shape == "answers" { 4 } else { 2 };
        assert_eq!(crlf, expected_lines, "{shape}: header and rows");
        let text = std::str::from_utf8(&bytes[BOM.len()..]).expect("UTF-8");
        let csv = Csv::parse(text);
        assert_eq!(
            csv.header[0], "candidate_id",
            "the BOM is not part of the first name"
        );
        if shape == "answers" {
            assert_eq!(csv.values("notes")[0], "first line\nsecond line");
        }
    }
}

#[test]
fn csv_without_excel_has_no_bom_and_lf_line_ends() {
    let env = multiline_notes_workspace();
    for shape in ["answers", "summary"] {
        let bytes = stdout_bytes(&env, &["export", "csv", "--shape", shape]);

        assert!(bytes.starts_with(b"candidate_id,"), "{shape}: no BOM");
        assert!(!bytes.contains(&b'\r'), "{shape}: no CR at all");
        let (crlf, bare) = line_ends_outside_quotes(&bytes);
        assert_eq!(crlf, 0);
        assert_eq!(bare, if shape == "answers" { 4 } else { 2 });
    }
}

#[test]
fn csv_out_writes_a_private_file_and_nothing_to_stdout_and_a_rerun_replaces_it() {
    let env = multiline_notes_workspace();
    let p = panel_plan(&env, "Bob Example", ROLE, &[]);
    interview(
        &env,
        &p,
        "Grace Hopper",
        &[(1, ""), (1, ""), (1, "")],
        "no",
        "",
    );
    let expected = env.ok(&["export", "csv"]);
    let out = env.path("answers.csv");

    let stdout = env.ok(&["export", "csv", "--out", "answers.csv"]);

    assert_eq!(stdout, "");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    assert_eq!(mode(&out), 0o600, "candidate data is private");

    let stdout = env.ok(&[
        "export",
        "csv",
        "--out",
        "answers.csv",
        "--candidate",
        "bob-example",
    ]);

    assert_eq!(stdout, "");
    let replaced = Csv::parse(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(replaced.rows.len(), 3, "replaced, not appended");
    assert_eq!(candidate_ids(&replaced), set(&["bob-example"]));
    assert_eq!(mode(&out), 0o600);
}

// ---------------------------------------------------------------------------------------------
// Filters (both exports)
// ---------------------------------------------------------------------------------------------

/// Ada (backend, Grace), Alan (backend, Linus), Joan (data, Grace and Linus).
fn people_workspace() -> Env {
    let env = Env::new();
    card("Ada Lovelace", "ada-lovelace").write(&env);
    CardFile {
        interviewer: "Linus Torvalds".into(),
        ..card("Alan Turing", "alan-turing")
    }
    .write(&env);
    CardFile {
        role: "Data engineer".into(),
        ..card("Joan Clarke", "joan-clarke")
    }
    .write(&env);
    CardFile {
        role: "Data engineer".into(),
        interviewer: "Linus Torvalds".into(),
        ..card("Joan Clarke", "joan-clarke")
    }
    .write(&env);
    env
}

/// (candidate id, interviewer) of every row of the answers CSV.
fn exported_cards(env: &Env, filters: &[&str]) -> BTreeSet<(String, String)> {
    let csv = export_csv(env, filters);
    let ids = csv.values("candidate_id");
    ids.into_iter().zip(csv.values("interviewer")).collect()
}

fn pairs(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// Candidate id -> scorecards in the summary CSV.
fn summary_counts(env: &Env, filters: &[&str]) -> BTreeMap<String, String> {
    let mut args = vec!["--shape", "summary"];
    args.extend_from_slice(filters);
    let csv = export_csv(env, &args);
    let ids = csv.values("candidate_id");
    ids.into_iter().zip(csv.values("scorecards")).collect()
}

#[test]
fn export_candidate_filter_is_repeatable_and_keeps_only_those_candidates() {
    let env = people_workspace();
    let filters = ["--candidate", "ada-lovelace", "--candidate", "joan-clarke"];

    assert_eq!(
        exported_cards(&env, &filters),
        pairs(&[
            ("ada-lovelace", "Grace Hopper"),
            ("joan-clarke", "Grace Hopper"),
            ("joan-clarke", "Linus Torvalds"),
        ])
    );
    assert_eq!(
        summary_counts(&env, &filters),
        BTreeMap::from([
            ("ada-lovelace".to_owned(), "1".to_owned()),
            ("joan-clarke".to_owned(), "2".to_owned()),
        ])
    );
    assert_eq!(
        markdown_candidates(&env, &filters),
        set(&["ada-lovelace", "joan-clarke"])
    );
}

#[test]
fn export_role_filter_keeps_only_that_roles_scorecards() {
    let env = people_workspace();
    let filters = ["--role", "Data engineer"];

    assert_eq!(
        exported_cards(&env, &filters),
        pairs(&[
            ("joan-clarke", "Grace Hopper"),
            ("joan-clarke", "Linus Torvalds")
        ])
    );
    assert_eq!(
        summary_counts(&env, &filters),
        BTreeMap::from([("joan-clarke".to_owned(), "2".to_owned())])
    );
    assert_eq!(markdown_candidates(&env, &filters), set(&["joan-clarke"]));
}

#[test]
fn export_interviewer_filter_keeps_only_that_interviewers_scorecards() {
    let env = people_workspace();
    let filters = ["--interviewer", "Grace Hopper"];

    assert_eq!(
        exported_cards(&env, &filters),
        pairs(&[
            ("ada-lovelace", "Grace Hopper"),
            ("joan-clarke", "Grace Hopper")
        ])
    );
    assert_eq!(
        summary_counts(&env, &filters),
        BTreeMap::from([
            ("ada-lovelace".to_owned(), "1".to_owned()),
            ("joan-clarke".to_owned(), "1".to_owned()),
        ])
    );
    let files = export_markdown_files(&env, &filters);
    assert_eq!(
        files.keys().cloned().collect::<BTreeSet<_>>(),
        set(&["ada-lovelace.md", "joan-clarke.md"])
    );
    assert!(
        !files["joan-clarke.md"].contains("Linus Torvalds"),
        "Linus's scorecard is filtered out of Joan's document:\n{}",
        files["joan-clarke.md"]
    );
}

/// One candidate per submission time around 2026-01-15 .. 2026-01-20, and a draft.
fn dated_workspace() -> Env {
    let env = Env::new();
    let dated = |name, id, started_at, submitted_at: &str| CardFile {
        submitted_at: Some(submitted_at.into()),
        ..card(name, id).started(started_at)
    };
    dated(
        "Early Bird",
        "early",
        "2026-01-14T09:00:00Z",
        "2026-01-14T23:59:59Z",
    )
    .write(&env);
    dated(
        "First Day",
        "first-day",
        "2026-01-15T00:00:00Z",
        "2026-01-15T00:00:00Z",
    )
    .write(&env);
    // Started before the range, submitted inside it: the submission time decides.
    dated(
        "Mid Way",
        "mid",
        "2026-01-10T09:00:00Z",
        "2026-01-17T10:00:00Z",
    )
    .write(&env);
    dated(
        "Last Day",
        "last-day",
        "2026-01-20T09:00:00Z",
        "2026-01-20T23:59:59Z",
    )
    .write(&env);
    dated(
        "Late Comer",
        "late",
        "2026-01-21T00:00:00Z",
        "2026-01-21T00:00:00Z",
    )
    .write(&env);
    CardFile {
        submitted_at: None,
        ..card("Draft Only", "draft-only").started("2026-01-16T09:00:00Z")
    }
    .write(&env);
    env
}

/// The candidates both exports (CSV in both shapes, Markdown) keep with `filters`; asserts they
/// agree.
fn kept_by_every_export(env: &Env, filters: &[&str]) -> BTreeSet<String> {
    let answers = candidate_ids(&export_csv(env, filters));
    let summary: BTreeSet<String> = summary_counts(env, filters).into_keys().collect();
    let markdown = markdown_candidates(env, filters);
    assert_eq!(
        answers, summary,
        "answers and summary agree for {filters:?}"
    );
    assert_eq!(answers, markdown, "CSV and Markdown agree for {filters:?}");
    answers
}

#[test]
fn export_since_and_until_are_inclusive_dates_of_the_submission_time() {
    let env = dated_workspace();

    assert_eq!(
        kept_by_every_export(&env, &["--since", "2026-01-15", "--until", "2026-01-20"]),
        set(&["first-day", "mid", "last-day"])
    );
    assert_eq!(
        kept_by_every_export(&env, &["--since", "2026-01-17"]),
        set(&["mid", "last-day", "late"]),
        "started on the 10th, submitted on the 17th: in"
    );
    assert_eq!(
        kept_by_every_export(&env, &["--until", "2026-01-16"]),
        set(&["early", "first-day"]),
        "started on the 10th, submitted on the 17th: out"
    );
    assert_eq!(
        kept_by_every_export(&env, &["--since", "2026-01-14", "--until", "2026-01-14"]),
        set(&["early"])
    );
    assert_eq!(
        kept_by_every_export(&env, &[]),
        set(&["early", "first-day", "mid", "last-day", "late"]),
        "the draft is never exported"
    );
}

#[test]
fn export_filters_combine() {
    let env = people_workspace();

    assert_eq!(
        exported_cards(
            &env,
            &["--role", "Data engineer", "--interviewer", "Linus Torvalds"]
        ),
        pairs(&[("joan-clarke", "Linus Torvalds")])
    );
    assert_eq!(
        exported_cards(
            &env,
            &[
                "--candidate",
                "ada-lovelace",
                "--interviewer",
                "Linus Torvalds"
            ]
        ),
        BTreeSet::new()
    );
}

#[test]
fn export_bad_dates_are_usage_errors_naming_the_flag_and_the_format() {
    let env = people_workspace();
    for export in ["csv", "markdown"] {
        for flag in ["--since", "--until"] {
            for date in ["2026-13-01", "yesterday", "26-11-30", "2026-1-5"] {
                let stderr = env.fails(&["export", export, flag, date], 2);

                assert_clean_error(&stderr);
                assert_eq!(
                    stderr.lines().next().unwrap(),
                    format!(
                        "error: `{date}` is not a date for {flag}; use YYYY-MM-DD, for example 2026-11-26"
                    ),
                    "export {export} {flag} {date}"
                );
            }
        }
    }
}

#[test]
fn csv_filter_matching_nothing_gives_the_header_alone() {
    let env = people_workspace();
    let header_alone = format!("{}\n", ANSWER_HEADER.join(","));

    let answers = env.ok(&["export", "csv", "--role", "Astronaut"]);
    assert_eq!(answers, header_alone);

    let summary = env.ok(&["export", "csv", "--shape", "summary", "--role", "Astronaut"]);
    assert_eq!(
        summary,
        "candidate_id,candidate,role,scorecards,overall,strong-no,no,yes,strong-yes\n"
    );

    let candidate = env.ok(&["export", "csv", "--candidate", "nobody-here"]);
    assert_eq!(
        candidate, header_alone,
        "an unknown candidate id matches nothing"
    );
}

#[test]
fn markdown_filter_matching_nothing_writes_nothing() {
    let env = people_workspace();

    assert_eq!(export_markdown(&env, &["--role", "Astronaut"]), "");
    assert_eq!(
        export_markdown(&env, &["--since", "2030-01-01"]),
        "",
        "a date range holding nothing"
    );
    assert!(
        export_markdown_files(&env, &["--role", "Astronaut"]).is_empty(),
        "no files in --out DIR"
    );
    env.ok(&[
        "export",
        "markdown",
        "--role",
        "Astronaut",
        "--out",
        "all.md",
    ]);
    assert!(!env.path("all.md").exists(), "no --out FILE written");
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/// Ada interviewed by Grace and Linus (who disagree on question 1), and Bob by Grace.
/// Returns (env, Ada's question ids in plan order, Grace's and Linus's scorecard ids).
fn panel_workspace() -> (Env, Vec<String>, String, String) {
    let env = Env::new();
    let ada = panel_plan(&env, "Ada Lovelace", ROLE, &[]);
    let grace = interview(
        &env,
        &ada,
        "Grace Hopper",
        &[
            (4, "Walked through every phase"),
            (3, "Good"),
            (2, "Missed CSRF"),
        ],
        "strong-yes",
        "Clear thinker.",
    );
    let linus = interview(
        &env,
        &ada,
        "Linus Torvalds",
        &[(1, "Confused microtasks"), (3, ""), (2, "")],
        "no",
        "Not yet.",
    );
    let bob = panel_plan(&env, "Bob Example", ROLE, &[]);
    interview(
        &env,
        &bob,
        "Grace Hopper",
        &[(2, ""), (2, ""), (2, "")],
        "no",
        "",
    );
    let questions = show(&env, &grace)["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| a["question"].as_str().expect("a question id").to_owned())
        .collect();
    (env, questions, grace, linus)
}

#[test]
fn markdown_writes_one_document_per_candidate_to_stdout() {
    let (env, ..) = panel_workspace();

    let markdown = export_markdown(&env, &[]);

    let titles: Vec<&str> = markdown.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(titles, ["# Ada Lovelace", "# Bob Example"]);
}

#[test]
fn markdown_out_dir_writes_one_private_file_per_candidate() {
    let (env, ..) = panel_workspace();

    let stdout = env.ok(&["export", "markdown", "--out", "reports"]);

    assert_eq!(stdout, "");
    let files = files_in(&env.path("reports"));
    assert_eq!(
        files.keys().cloned().collect::<BTreeSet<_>>(),
        set(&["ada-lovelace.md", "bob-example.md"])
    );
    assert!(files["ada-lovelace.md"].starts_with("# Ada Lovelace\n"));
    assert!(!files["ada-lovelace.md"].contains("Bob Example"));
    assert!(files["bob-example.md"].starts_with("# Bob Example\n"));
    assert!(!files["bob-example.md"].contains("Ada Lovelace"));
    for name in files.keys() {
        assert_eq!(mode(&env.path("reports").join(name)), 0o600, "{name}");
    }
}

#[test]
fn markdown_document_has_header_panel_summary_disagreements_and_every_scorecard() {
    let (env, questions, grace, linus) = panel_workspace();
    let grace_json = show(&env, &grace);
    let linus_json = show(&env, &linus);

    let doc = export_markdown(&env, &["--candidate", "ada-lovelace"]);

    let doc_lines: Vec<&str> = doc.lines().collect();
    let has = |expected: &str| {
        assert!(
            doc_lines.contains(&expected),
            "the document has the line\n{expected}\n---\n{doc}"
        );
    };
    // Header.
    has("# Ada Lovelace");
    has("| Candidate | Ada Lovelace (`ada-lovelace`) |");
    has(&format!("| Role | {ROLE} |"));
    has("| Interviewers | Grace Hopper, Linus Torvalds |");
    has("| Recommendations | strong-no 0, no 1, yes 0, strong-yes 1 |");
    // Panel summary: async Grace 3.5, Linus 2 -> 2.75; security 2 and 2 -> 2.
    has("| Category | Weight | Mean | Bar | Grace Hopper | Linus Torvalds |");
    has("| Event loop &amp; asynchronous operations | 1.0 | 2.75 | `██████░░░░` | 3.50 | 2.00 |");
    has("| Security &amp; error handling | 1.0 | 2.00 | `███░░░░░░░` | 2.00 | 2.00 |");
    // Disagreements: question 1 is 4 against 1.
    has("## Disagreements");
    has(&format!(
        "- Question `{}`: Linus Torvalds 1, Grace Hopper 4",
        questions[0]
    ));
    assert!(
        !doc.contains(&format!("Question `{}`", questions[1])),
        "3 and 3 agree"
    );
    // Each scorecard: interviewer, recommendation, summary, every question with score, label
    // and notes.
    has("## Grace Hopper");
    has(&format!(
        "Recommendation: **strong-yes**; overall 2.75; submitted {}.",
        grace_json["submitted_at"].as_str().unwrap()
    ));
    has("Clear thinker.");
    has(&format!(
        "| 1 | `{}` | async | 4 Strong yes | Walked through every phase |  |  |",
        questions[0]
    ));
    has(&format!(
        "| 2 | `{}` | async | 3 Yes | Good |  |  |",
        questions[1]
    ));
    has(&format!(
        "| 3 | `{}` | security | 2 No | Missed CSRF |  |  |",
        questions[2]
    ));
    has("## Linus Torvalds");
    has(&format!(
        "Recommendation: **no**; overall 2.00; submitted {}.",
        linus_json["submitted_at"].as_str().unwrap()
    ));
    has("Not yet.");
    has(&format!(
        "| 1 | `{}` | async | 1 Strong no | Confused microtasks |  |  |",
        questions[0]
    ));
    assert_tables_keep_shape(&doc);
    // The panel summary parses as a table with a bar cell.
    let tables = tables(&doc);
    let panel = tables
        .iter()
        .find(|t| t[0][0] == "Category")
        .expect("a panel summary table");
    assert_eq!(panel.len(), 3, "header and one row per category");
    assert!(panel[1][3].contains('█'));
}

#[test]
fn markdown_tables_keep_their_shape_when_notes_hold_pipes_and_newlines() {
    let env = Env::new();
    let p = panel_plan(&env, "Ada Lovelace", ROLE, &[]);
    interview(
        &env,
        &p,
        "Grace Hopper",
        &[
            (3, "a | b || c"),
            (2, "first line\nsecond | line"),
            (4, "ends with a backslash \\"),
        ],
        "yes",
        "",
    );

    let doc = export_markdown(&env, &[]);

    assert_tables_keep_shape(&doc);
    let tables = tables(&doc);
    let answers = tables
        .iter()
        .find(|t| {
            t[0] == [
                "#", "Question", "Category", "Score", "Notes", "Covered", "Flags",
            ]
        })
        .expect("an answers table");
    assert_eq!(
        answers.len(),
        4,
        "header and three answers, no row split:\n{doc}"
    );
    let notes: Vec<&str> = answers[1..].iter().map(|r| r[4].as_str()).collect();
    assert_eq!(
        notes,
        [
            "a | b || c",
            "first line<br>second | line",
            "ends with a backslash \\"
        ]
    );
}

#[test]
fn markdown_tables_keep_their_shape_when_notes_hold_a_bare_carriage_return() {
    let env = Env::new();
    let p = panel_plan(&env, "Ada Lovelace", ROLE, &[]);
    interview(
        &env,
        &p,
        "Grace Hopper",
        &[(3, "first\rsecond | third"), (2, "ok"), (4, "ok")],
        "yes",
        "",
    );

    let doc = export_markdown(&env, &[]);

    let tables = tables(&doc);
    let answers = tables
        .iter()
        .find(|t| {
            t[0] == [
                "#", "Question", "Category", "Score", "Notes", "Covered", "Flags",
            ]
        })
        .expect("an answers table");
    assert_eq!(answers.len(), 4, "header and three answers:\n{doc:?}");
    assert!(
        answers[1][4].contains("first") && answers[1][4].contains("second | third"),
        "the whole note stays in its cell: {:?}",
        answers[1]
    );
}

#[test]
fn markdown_never_renders_script_from_notes_summary_or_names() {
    let env = Env::new();
    let script = "<script>alert(1)</script>";
    let p = panel_plan(&env, "Ada <b>Lovelace</b>", ROLE, &[]);
    interview(
        &env,
        &p,
        "Grace <script>alert(2)</script> Hopper",
        &[
            (4, script),
            (3, &format!("before\n{script}\nafter")),
            (2, "<img src=x onerror=alert(3)>"),
        ],
        "yes",
        &format!("{script}\n\n<div>block</div>"),
    );
    interview(
        &env,
        &p,
        "Linus Torvalds",
        &[(1, ""), (3, ""), (2, "")],
        "no",
        "",
    );

    let doc = export_markdown(&env, &[]);

    for event in Parser::new_ext(&doc, Options::ENABLE_TABLES) {
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            let html = html.to_lowercase();
            assert!(
                !html.contains("script") && !html.contains("<img") && !html.contains("<div"),
                "raw HTML {event:?} in:\n{doc}"
            );
        }
    }
    let html = to_html(&doc);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert_tables_keep_shape(&doc);
}

#[test]
fn markdown_template_flag_replaces_the_built_in_template() {
    let (env, ..) = panel_workspace();
    env.write(
        "tiny.md.j2",
        "Candidate: {{ candidate }}\n{% for card in scorecards %}- {{ card.interviewer }}: {{ card.recommendation }}\n{% endfor %}",
    );

    let doc = export_markdown(
        &env,
        &["--candidate", "ada-lovelace", "--template", "tiny.md.j2"],
    );

    assert_eq!(
        doc,
        "Candidate: Ada Lovelace\n- Grace Hopper: strong-yes\n- Linus Torvalds: no\n"
    );
}

#[test]
fn markdown_broken_template_is_a_clean_error_naming_the_file() {
    let (env, ..) = panel_workspace();
    env.write(
        "broken.md.j2",
        "# {{ candidate }}\n{% for card in scorecards %}\n- {{ card.interviewer }}\n",
    );

    let stderr = env.fails(&["export", "markdown", "--template", "broken.md.j2"], 1);

    assert_clean_error(&stderr);
    assert!(
        stderr.lines().next().unwrap().contains("broken.md.j2"),
        "{stderr}"
    );

    let stderr = env.fails(&["export", "markdown", "--template", "missing.md.j2"], 1);

    assert_clean_error(&stderr);
    assert!(stderr.contains("missing.md.j2"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Anonymisation
// ---------------------------------------------------------------------------------------------

/// Everything that would identify Ada Lovelace or Boris Quaid (`ats-4711`).
const IDENTIFYING: [&str; 8] = [
    "Ada Lovelace",
    "Ada",
    "Lovelace",
    "ada-lovelace",
    "Boris Quaid",
    "Boris",
    "Quaid",
    "ats-4711",
];

const ADA_ROLE: &str = "Staff engineer";
const BORIS_ROLE: &str = "Data engineer";

/// Ada (role "Staff engineer") and Boris (role "Data engineer", ATS id `ats-4711`), with notes
/// and summaries that name them.
fn named_workspace() -> Env {
    let env = Env::new();
    let ada = env
        .ok(&[
            "plan",
            "new",
            "--candidate",
            "Ada Lovelace",
            "--role",
            ADA_ROLE,
            "--pick",
            "async=2",
            "--pick",
            "security=1",
            "--seed",
            "7",
            "--quiet",
        ])
        .trim()
        .to_owned();
    interview(
        &env,
        &ada,
        "Grace Hopper",
        &[
            (4, "Ada Lovelace explained the event loop"),
            (3, "ADA was calm; Lovelace's answer was fine"),
            (2, "see ada-lovelace/notes.txt"),
        ],
        "yes",
        "Ada would be a strong hire. I'd hire Lovelace.",
    );
    interview(
        &env,
        &ada,
        "Linus Torvalds",
        &[(1, "ada"), (3, ""), (2, "")],
        "no",
        "",
    );
    let boris = env
        .ok(&[
            "plan",
            "new",
            "--candidate",
            "Boris Quaid",
            "--candidate-id",
            "ats-4711",
            "--role",
            BORIS_ROLE,
            "--pick",
            "async=2",
            "--pick",
            "security=1",
            "--seed",
            "7",
            "--quiet",
        ])
        .trim()
        .to_owned();
    interview(
        &env,
        &boris,
        "Grace Hopper",
        &[
            (3, "Boris asked about ATS-4711"),
            (3, "quaid: solid"),
            (3, "Boris Quaid, again"),
        ],
        "strong-yes",
        "Boris is ready.",
    );
    env
}

/// Role -> (pseudonym name, pseudonym id) in an anonymised CSV of either shape.
fn csv_pseudonyms(csv: &Csv) -> BTreeMap<String, (String, String)> {
    let mut found = BTreeMap::new();
    for row in &csv.rows {
        let pseudonym = (
            csv.get(row, "candidate").to_owned(),
            csv.get(row, "candidate_id").to_owned(),
        );
        let previous = found.insert(csv.get(row, "role").to_owned(), pseudonym.clone());
        assert!(
            previous.is_none_or(|p| p == pseudonym),
            "one pseudonym per candidate"
        );
    }
    found
}

#[test]
fn anonymized_csv_answers_leave_no_name_name_part_or_id() {
    let env = named_workspace();

    let text = env.ok(&["export", "csv", "--anonymize"]);

    assert_no_trace(&text, &IDENTIFYING, "answers CSV");
    let csv = Csv::parse(&text);
    assert_eq!(csv.rows.len(), 9);
    let pseudonyms = csv_pseudonyms(&csv);
    assert_eq!(pseudonyms.len(), 2);
    for (name, id) in pseudonyms.values() {
        assert_pseudonym(name, id);
    }
    let (ada_name, ada_id) = &pseudonyms[ADA_ROLE];
    // Anonymised rows come in pseudonym order, so pick Ada's by her role.
    let notes: Vec<&str> = csv
        .rows
        .iter()
        .filter(|row| csv.get(row, "role") == ADA_ROLE)
        .map(|row| csv.get(row, "notes"))
        .collect();
    assert_eq!(notes[0], format!("{ada_name} explained the event loop"));
    assert_eq!(notes[2], format!("see {ada_id}/notes.txt"));
    assert_ne!(pseudonyms[ADA_ROLE], pseudonyms[BORIS_ROLE]);
}

/// The ids of every plan and scorecard file in the workspace.
fn file_ids(env: &Env) -> Vec<String> {
    let mut ids = Vec::new();
    for folder in std::fs::read_dir(env.path("ws/candidates")).expect("candidates") {
        for file in std::fs::read_dir(folder.expect("a folder").path()).expect("a folder") {
            let name = file
                .expect("a file")
                .file_name()
                .to_string_lossy()
                .into_owned();
            let id = name
                .strip_prefix("plan-")
                .or_else(|| name.strip_prefix("scorecard-"))
                .and_then(|rest| rest.strip_suffix(".toml"));
            ids.extend(id.map(str::to_owned));
        }
    }
    ids
}

#[test]
fn anonymized_exports_replace_scorecard_and_plan_ids() {
    let env = named_workspace();
    let real = file_ids(&env);
    assert_eq!(real.len(), 2 + 3, "two plans and three scorecards");

    let text = env.ok(&["export", "csv", "--anonymize"]);
    // A file's id would lead anyone with the workspace to the candidate's folder.
    assert_no_trace(
        &text,
        &real.iter().map(String::as_str).collect::<Vec<_>>(),
        "answers CSV",
    );
    let csv = Csv::parse(&text);
    let stand_ins: BTreeSet<&str> = csv
        .rows
        .iter()
        .map(|row| csv.get(row, "scorecard"))
        .collect();
    let plans: BTreeSet<&str> = csv.rows.iter().map(|row| csv.get(row, "plan")).collect();
    assert_eq!(
        (stand_ins.len(), plans.len()),
        (3, 2),
        "one stand-in per scorecard and plan"
    );
    for id in stand_ins.iter().chain(&plans) {
        assert_eq!(
            uuid::Uuid::parse_str(id).expect("a uuid").get_version_num(),
            4
        );
    }
    assert_eq!(
        env.ok(&["export", "csv", "--anonymize"]),
        text,
        "stable from run to run"
    );

    let page = env.path("debrief.html");
    env.ok(&[
        "export",
        "html",
        "--anonymize",
        "--out",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).expect("the page");
    assert_no_trace(
        &html,
        &real.iter().map(String::as_str).collect::<Vec<_>>(),
        "debrief page",
    );
    assert!(
        stand_ins.iter().all(|id| html.contains(id)),
        "the page shows the same stand-ins"
    );
}

#[test]
fn anonymized_csv_summary_leaves_no_name_or_id() {
    let env = named_workspace();

    let text = env.ok(&["export", "csv", "--shape", "summary", "--anonymize"]);

    assert_no_trace(&text, &IDENTIFYING, "summary CSV");
    let csv = Csv::parse(&text);
    assert_eq!(csv.rows.len(), 2);
    for (name, id) in csv_pseudonyms(&csv).values() {
        assert_pseudonym(name, id);
    }
}

#[test]
fn anonymized_markdown_leaves_no_name_name_part_or_id_in_documents_or_file_names() {
    let env = named_workspace();

    let doc = export_markdown(&env, &["--anonymize"]);

    assert_no_trace(&doc, &IDENTIFYING, "Markdown");
    assert_eq!(
        doc.lines()
            .filter(|l| l.starts_with("# Candidate "))
            .count(),
        2
    );

    let files = export_markdown_files(&env, &["--anonymize"]);

    assert_eq!(files.len(), 2);
    for (name, text) in &files {
        assert_no_trace(name, &IDENTIFYING, "file name");
        assert_no_trace(text, &IDENTIFYING, "Markdown file");
        let id = name.strip_suffix(".md").unwrap();
        let title = text.lines().next().unwrap();
        assert_pseudonym(title.strip_prefix("# ").unwrap(), id);
    }
}

#[test]
fn pseudonyms_are_the_same_across_exports_and_runs_and_differ_between_candidates() {
    let env = named_workspace();

    let answers = csv_pseudonyms(&export_csv(&env, &["--anonymize"]));
    let summary = csv_pseudonyms(&export_csv(&env, &["--shape", "summary", "--anonymize"]));
    let markdown: BTreeMap<String, (String, String)> =
        export_markdown_files(&env, &["--anonymize"])
            .into_iter()
            .map(|(file, text)| {
                let name = text
                    .lines()
                    .next()
                    .unwrap()
                    .trim_start_matches("# ")
                    .to_owned();
                let role = text
                    .lines()
                    .find_map(|l| l.strip_prefix("| Role | "))
                    .and_then(|l| l.strip_suffix(" |"))
                    .unwrap()
                    .to_owned();
                (role, (name, file.trim_end_matches(".md").to_owned()))
            })
            .collect();

    assert_eq!(answers, summary, "CSV answers and summary agree");
    assert_eq!(answers, markdown, "CSV and Markdown agree");
    assert_ne!(answers[ADA_ROLE], answers[BORIS_ROLE]);

    // A later candidate changes nobody's pseudonym, and a second run gives the same ones.
    let p = panel_plan(&env, "Carol Danvers", ROLE, &[]);
    interview(
        &env,
        &p,
        "Grace Hopper",
        &[(2, ""), (2, ""), (2, "")],
        "no",
        "",
    );
    let again = csv_pseudonyms(&export_csv(&env, &["--anonymize"]));
    assert_eq!(again[ADA_ROLE], answers[ADA_ROLE]);
    assert_eq!(again[BORIS_ROLE], answers[BORIS_ROLE]);
    assert_eq!(again.len(), 3);
    let distinct: BTreeSet<&(String, String)> = again.values().collect();
    assert_eq!(distinct.len(), 3, "every candidate has their own pseudonym");
}

/// A candidate named `name` whose notes and summary say `mention`, plus Ada for company.
/// Returns the anonymised answers CSV and Markdown.
fn anonymized_mentioning(name: &str, mention: &str) -> (String, String) {
    let env = Env::new();
    let ada = panel_plan(&env, "Ada Lovelace", ROLE, &[]);
    interview(
        &env,
        &ada,
        "Grace Hopper",
        &[(3, ""), (3, ""), (3, "")],
        "yes",
        "",
    );
    let p = panel_plan(&env, name, ROLE, &[]);
    interview(
        &env,
        &p,
        "Grace Hopper",
        &[(3, mention), (3, ""), (3, "")],
        "yes",
        mention,
    );
    (
        env.ok(&["export", "csv", "--anonymize"]),
        export_markdown(&env, &["--anonymize"]),
    )
}

#[test]
fn anonymized_exports_hide_other_candidates_named_in_notes() {
    let (csv, markdown) =
        anonymized_mentioning("Boris Quaid", "Stronger than Ada Lovelace; Ada was slower");

    for (text, what) in [(&csv, "answers CSV"), (&markdown, "Markdown")] {
        assert_no_trace(text, &["Ada Lovelace", "Ada", "Lovelace"], what);
    }
}

#[test]
fn anonymized_exports_hide_short_name_parts() {
    let (csv, markdown) = anonymized_mentioning("Li Na", "Li explained it well; Na agreed");

    for (text, what) in [(&csv, "answers CSV"), (&markdown, "Markdown")] {
        assert_no_trace(text, &["Li Na", "Li", "Na", "li-na"], what);
    }
}

#[test]
fn anonymized_exports_hide_unaccented_spellings_of_a_name() {
    let (csv, markdown) = anonymized_mentioning("José Núñez", "Jose explained it; Nunez agreed");

    for (text, what) in [(&csv, "answers CSV"), (&markdown, "Markdown")] {
        assert_no_trace(
            text,
            &["José", "Núñez", "Jose", "Nunez", "jose-nunez"],
            what,
        );
    }
}

#[test]
fn anonymized_exports_come_in_pseudonym_order_not_name_order() {
    let env = Env::new();
    for name in [
        "Ann Abel",
        "Ben Baker",
        "Cat Cole",
        "Dan Dahl",
        "Eve Ernst",
        "Fay Fox",
    ] {
        let plan = env.ok(&[
            "plan",
            "new",
            "--candidate",
            name,
            "--pick",
            "async=1",
            "--seed",
            "1",
            "--quiet",
        ]);
        let card = env.ok(&["start", plan.trim(), "--interviewer", "Grace", "--quiet"]);
        env.ok(&["rate", card.trim(), "1", "--score", "3"]);
        env.ok(&["submit", card.trim(), "--recommendation", "yes"]);
    }
    for shape in ["answers", "summary"] {
        let csv = Csv::parse(&env.ok(&["export", "csv", "--shape", shape, "--anonymize"]));
        let ids = csv.values("candidate_id");
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids.len(), 6, "{shape}");
        assert_eq!(ids, sorted, "{shape}: rows in pseudonym order");
    }
}
