//! Scorecards without the interactive screen: start, rate, skip, submit, amend, list, show; the
//! file format; every refusal leaving the file as it was; concurrent and killed writers.

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng as _, SeedableRng};
use serde_json::Value as Json;
use toml::{Table, Value};

use crate::support::{
    CANDIDATE, CANDIDATE_ID, Env, Round, candidate_dir, int_of, keys, mode, parse_file, round_plan,
    str_of, tables,
};

const SCALE_HINT: &str = "scale: 1 (Strong no), 2 (No), 3 (Yes), 4 (Strong yes)";

/// An RFC 3339 timestamp in UTC, to the second: `2026-11-26T09:00:00Z`.
fn assert_utc_timestamp(value: &str) {
    assert!(
        value.len() == 20 && value.ends_with('Z'),
        "`{value}` is RFC 3339 UTC to the second"
    );
    chrono::DateTime::parse_from_rfc3339(value)
        .unwrap_or_else(|err| panic!("`{value}` is RFC 3339: {err}"));
}

/// The row of a text table that names `question`.
fn row<'a>(table: &'a str, question: &str) -> &'a str {
    table
        .lines()
        .find(|line| line.contains(&format!(" {question} ")))
        .unwrap_or_else(|| panic!("a row for `{question}` in\n{table}"))
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("needle in haystack")
}

// ---------------------------------------------------------------------------------------------
// The life of a scorecard

#[test]
fn start_rate_skip_submit_amend_list_and_show() {
    let round = Round::new();
    let q = round.questions();
    assert_eq!(q.len(), 8, "2 questions in each of 4 categories");

    let started = round
        .env
        .json(&["start", &round.plan, "--interviewer", "Grace Hopper"]);
    let card = started["id"]
        .as_str()
        .expect("start prints the id")
        .to_owned();
    assert_eq!(started["status"], "draft");
    assert_eq!(started["interviewer"], "Grace Hopper");
    assert_eq!(started["answers"].as_array().map(Vec::len), Some(8));
    assert_eq!(
        started["file"].as_str().map(PathBuf::from),
        Some(round.file(&card))
    );

    let table = round.cmd(&format!(
        "start {} --interviewer 'Grace Hopper'",
        round.plan
    ));
    assert!(
        table.starts_with(&format!(
            "Scorecard {card} for Ada Lovelace (ada-lovelace), interviewer Grace Hopper, 8 questions, draft\n"
        )),
        "{table}"
    );

    // Confirmations go to stderr; stdout stays empty for scripts.
    assert_eq!(
        round.output(&format!(
            "rate {card} 1 --score 3 --notes 'clear on phases' --seconds 410"
        )),
        (
            String::new(),
            format!(
                "Rated `{}`: 3 (Yes) | 1 rated, 0 skipped, 7 open of 8\n",
                q[0]
            )
        )
    );
    assert_eq!(
        round.output(&format!("rate {card} {} --score 4", q[1])).1,
        format!(
            "Rated `{}`: 4 (Strong yes) | 2 rated, 0 skipped, 6 open of 8\n",
            q[1]
        )
    );
    assert_eq!(
        round
            .output(&format!("skip {card} 3 --notes 'ran out of time'"))
            .1,
        format!("Skipped `{}` | 2 rated, 1 skipped, 5 open of 8\n", q[2])
    );
    // Rating again replaces the score; notes and seconds stay unless given.
    round.cmd(&format!("rate {card} {} --score 2", q[0]));
    let answers = round.answers(&card);
    assert_eq!(int_of(&answers[0], "score"), 2);
    assert_eq!(str_of(&answers[0], "notes"), "clear on phases");
    assert_eq!(int_of(&answers[0], "seconds"), 410);
    assert_eq!(answers[2]["skipped"].as_bool(), Some(true));
    assert_eq!(str_of(&answers[2], "notes"), "ran out of time");

    // The list shows progress, never scores.
    let list = round.env.json(&["list"]);
    let rows = list.as_array().expect("list is an array");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], card.as_str());
    assert_eq!(rows[0]["status"], "draft");
    assert_eq!(rows[0]["rated"], 2);
    assert_eq!(rows[0]["skipped"], 1);
    assert_eq!(rows[0]["questions"], 8);
    assert_eq!(rows[0]["candidate_id"], CANDIDATE_ID);
    assert_eq!(rows[0]["plan"], round.plan.as_str());
    for hidden in ["score", "scores", "overall", "recommendation", "answers"] {
        assert!(rows[0].get(hidden).is_none(), "list hides `{hidden}`");
    }

    let (_, submitted) = round.output(&format!(
        "submit {card} --recommendation yes --summary 'Strong on async' --allow-unrated"
    ));
    assert_eq!(
        submitted,
        format!("Submitted scorecard {card}: yes | 2 rated, 6 skipped | overall 3.00\n")
    );
    let file = round.read(&card);
    assert_eq!(str_of(&file, "status"), "submitted");
    assert_eq!(str_of(&file, "recommendation"), "yes");
    assert_eq!(str_of(&file, "summary"), "Strong on async");

    assert_eq!(round.count("list --status submitted"), 1);
    assert_eq!(round.count("list --status draft"), 0);
    assert_eq!(round.count("list --interviewer 'grace hopper'"), 1);
    assert_eq!(round.count("list --interviewer 'Alan Turing'"), 0);
    assert_eq!(round.count("list --candidate ada-lovelace"), 1);
    assert_eq!(round.count("list --candidate someone-else"), 0);
    let list = round.cmd("list");
    assert!(list.contains("Grace Hopper"), "{list}");
    assert!(list.contains("submitted"), "{list}");
    assert!(list.contains(&card[..8]), "{list}");

    assert_eq!(
        round
            .output(&format!(
                "amend {card} {} --score 3 --reason 're-read my notes'",
                q[1]
            ))
            .1,
        format!(
            "Amended `{}`: 4 -> 3 (re-read my notes) | history has 1 amendment\n",
            q[1]
        )
    );
    assert_eq!(
        round
            .output(&format!(
                "amend {card} 4 --score 1 --reason 'asked after all'"
            ))
            .1,
        format!(
            "Amended `{}`: unrated -> 1 (asked after all) | history has 2 amendments\n",
            q[3]
        )
    );

    let shown = round.cmd(&format!("show {card}"));
    assert!(
        shown.starts_with(&format!("Scorecard {card} (submitted)\n")),
        "{shown}"
    );
    assert!(shown.contains("Interviewer: Grace Hopper"), "{shown}");
    assert!(shown.contains("Recommendation: yes\n"), "{shown}");
    assert!(shown.contains("Summary: Strong on async\n"), "{shown}");
    assert!(shown.contains(": 4 -> 3 (re-read my notes)"), "{shown}");
    assert!(row(&shown, &q[0]).contains("2 No"), "{shown}");
    assert!(row(&shown, &q[0]).contains("clear on phases"), "{shown}");
    assert!(row(&shown, &q[0]).contains("410"), "{shown}");
    assert!(row(&shown, &q[2]).contains("skipped"), "{shown}");
    assert!(row(&shown, &q[3]).contains("1 Strong no"), "{shown}");
}

#[test]
fn a_question_is_named_by_id_or_by_number() {
    let round = Round::new();
    let q = round.questions();
    let card = round.start("Grace Hopper");
    round.cmd(&format!("rate {card} 8 --score 4"));
    round.cmd(&format!("rate {card} {} --score 1", q[6]));
    round.ok(&["rate", &card, &format!(" {} ", q[5]), "--score", "2"]);
    let answers = round.answers(&card);
    assert_eq!(int_of(&answers[7], "score"), 4);
    assert_eq!(int_of(&answers[6], "score"), 1);
    assert_eq!(int_of(&answers[5], "score"), 2);
}

#[test]
fn a_scorecard_is_named_by_id_unique_prefix_or_file() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    let file = round.file(&card);
    round.ok(&["rate", &card[..13], "1", "--score", "1"]);
    round.ok(&["rate", &card.to_uppercase(), "2", "--score", "2"]);
    round.ok(&[
        "rate",
        file.to_str().expect("UTF-8 path"),
        "3",
        "--score",
        "3",
    ]);
    let scores: Vec<Option<i64>> = round
        .answers(&card)
        .iter()
        .map(|a| a.get("score").and_then(Value::as_integer))
        .collect();
    assert_eq!(&scores[..4], &[Some(1), Some(2), Some(3), None]);
}

#[test]
fn starting_twice_returns_the_same_scorecard_whatever_the_case_of_the_name() {
    let round = Round::new();
    let first = round.start("Grace Hopper");
    let plan = &round.plan;
    let (stdout, stderr) = round.output(&format!(
        "start {plan} --interviewer '  grace HOPPER ' --quiet"
    ));
    assert_eq!(stdout, format!("{first}\n"));
    assert_eq!(
        stderr,
        "note: Grace Hopper already has a draft scorecard for this plan; returning it\n"
    );

    round.cmd(&format!(
        "submit {first} --recommendation no --allow-unrated"
    ));
    let (stdout, stderr) = round.output(&format!("start {plan} --interviewer 'GRACE HOPPER' -q"));
    assert_eq!(stdout, format!("{first}\n"));
    assert_eq!(
        stderr,
        "note: Grace Hopper already has a submitted scorecard for this plan; returning it\n"
    );
    assert_eq!(round.count("list"), 1);
}

#[test]
fn two_interviewers_get_two_scorecards() {
    let round = Round::new();
    let grace = round.start("Grace Hopper");
    let alan = round.start("Alan Turing");
    assert_ne!(grace, alan);
    assert!(round.file(&grace).is_file());
    assert!(round.file(&alan).is_file());
    assert_eq!(str_of(&round.read(&grace), "interviewer"), "Grace Hopper");
    assert_eq!(str_of(&round.read(&alan), "interviewer"), "Alan Turing");
    let list = round.env.json(&["list"]);
    let mut names: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|row| row["interviewer"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Alan Turing", "Grace Hopper"]);
    assert_eq!(round.count("list --interviewer 'alan turing'"), 1);
}

#[test]
fn the_interviewer_defaults_to_the_settings_then_the_environment() {
    let round = Round::new();
    let start_as = |env_name: Option<&str>| -> String {
        let mut cmd = round.env.cmd();
        cmd.args(["start", &round.plan, "--quiet"]);
        if let Some(name) = env_name {
            cmd.env("SCORECARD_INTERVIEWER", name);
        }
        let output = cmd.assert().success().get_output().clone();
        let id = String::from_utf8(output.stdout).expect("UTF-8");
        str_of(&round.read(id.trim()), "interviewer").to_owned()
    };

    assert_eq!(start_as(Some("Alan Turing")), "Alan Turing");
    round
        .env
        .write("ws/scorecard.toml", "interviewer = \"Grace Hopper\"\n");
    assert_eq!(start_as(None), "Grace Hopper");
    assert_eq!(
        start_as(Some("Alan Turing")),
        "Grace Hopper",
        "scorecard.toml comes before $SCORECARD_INTERVIEWER"
    );
    // The flag comes first.
    let card = round.start("Barbara Liskov");
    assert_eq!(str_of(&round.read(&card), "interviewer"), "Barbara Liskov");
}

#[test]
fn starting_without_an_interviewer_is_a_usage_error() {
    let round = Round::new();
    let stderr = round.refuse(&format!("start {}", round.plan), 2);
    assert_eq!(
        stderr,
        "error: who is interviewing? give --interviewer NAME, set `interviewer` in scorecard.toml, or set SCORECARD_INTERVIEWER\n"
    );
    let mut cmd = round.env.cmd();
    cmd.args(["start", &round.plan])
        .env("SCORECARD_INTERVIEWER", "  ");
    cmd.assert().code(2);
    round.refuse(&format!("start {} --interviewer ' '", round.plan), 2);
    assert_eq!(round.count("list"), 0, "no scorecard was started");
}

// ---------------------------------------------------------------------------------------------
// show

/// A submitted scorecard with notes, a summary and an amendment that try to break Markdown.
fn hostile_card(round: &Round) -> (String, &'static str) {
    let notes = "uses a | b pipes\nsecond line <script>alert(1)</script> **bold** [x](y)";
    let card = round.start("Grace <b>Hopper</b> | QA");
    round.ok(&[
        "rate",
        &card,
        "1",
        "--score",
        "3",
        "--notes",
        notes,
        "--seconds",
        "60",
    ]);
    round.cmd(&format!("skip {card} 2 --notes '| leading pipe'"));
    round.cmd(&format!("rate {card} 5 --score 2"));
    round.ok(&[
        "submit",
        &card,
        "--recommendation",
        "strong-yes",
        "--summary",
        "# not a heading\n<script>alert(2)</script> | pipe",
        "--allow-unrated",
    ]);
    round.ok(&[
        "amend",
        &card,
        "5",
        "--score",
        "4",
        "--reason",
        "missed it | <script>alert(3)</script>\nsecond line",
    ]);
    (card, notes)
}

#[test]
fn show_table_has_a_row_per_answer_and_the_overall_score() {
    let round = Round::new();
    let q = round.questions();
    let card = round.start("Grace Hopper");
    round.cmd(&format!(
        "rate {card} 1 --score 3 --notes 'clear on phases'"
    ));
    round.cmd(&format!("skip {card} 2"));
    let shown = round.cmd(&format!("show {card}"));
    assert!(
        shown.starts_with(&format!("Scorecard {card} (draft)\n")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("Plan {} | started ", round.plan)),
        "{shown}"
    );
    assert!(row(&shown, &q[0]).contains("3 Yes"), "{shown}");
    assert!(row(&shown, &q[0]).contains("clear on phases"), "{shown}");
    assert!(row(&shown, &q[1]).contains("skipped"), "{shown}");
    for question in &q[2..] {
        assert!(row(&shown, question).contains(" - "), "{shown}");
    }
    assert!(shown.contains("Overall 3.00 | "), "{shown}");
    assert!(!shown.contains("Recommendation"), "{shown}");
}

/// A Markdown table: its header cells and rows, each cell as the text a reader sees (`<br>` read
/// back as a line break).
pub struct MarkdownTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Parses Markdown (tables on) and checks what a reader relies on: every row of a table has as
/// many cells as its header, and no raw HTML mentions `script`.
pub fn markdown_tables(markdown: &str) -> Vec<MarkdownTable> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let mut tables: Vec<MarkdownTable> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut in_cell = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            assert!(
                !html.to_lowercase().contains("script"),
                "raw HTML `{html}` in\n{markdown}"
            );
        }
        match event {
            Event::Start(Tag::Table(_)) => tables.push(MarkdownTable {
                header: Vec::new(),
                rows: Vec::new(),
            }),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells.clear(),
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                cells.push(String::new());
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::End(TagEnd::TableHead) => {
                tables
                    .last_mut()
                    .expect("a table")
                    .header
                    .clone_from(&cells);
            }
            Event::End(TagEnd::TableRow) => {
                let table = tables.last_mut().expect("a table");
                assert_eq!(
                    cells.len(),
                    table.header.len(),
                    "row {cells:?} has as many cells as its header in\n{markdown}"
                );
                table.rows.push(cells.clone());
            }
            Event::Text(text) | Event::Code(text) if in_cell => {
                cells.last_mut().expect("a cell").push_str(&text);
            }
            Event::InlineHtml(html) if in_cell && html.as_ref() == "<br>" => {
                cells.last_mut().expect("a cell").push('\n');
            }
            _ => {}
        }
    }
    tables
}

/// The table whose first header cell is `first`.
fn table_headed<'a>(tables: &'a [MarkdownTable], first: &str) -> &'a MarkdownTable {
    tables
        .iter()
        .find(|t| t.header.first().is_some_and(|h| h == first))
        .unwrap_or_else(|| panic!("a table headed `{first}`"))
}

#[test]
fn show_markdown_escapes_what_would_break_a_table_or_inject_html() {
    let round = Round::new();
    let (card, notes) = hostile_card(&round);
    let markdown = round.cmd(&format!("show {card} --format markdown"));
    let tables = markdown_tables(&markdown);

    // The text of each cell reads back as it was typed.
    let answers = table_headed(&tables, "#");
    assert_eq!(
        answers.header,
        [
            "#", "Question", "Category", "Score", "Notes", "Covered", "Flags"
        ]
    );
    assert_eq!(answers.rows.len(), 8, "one row per answer in\n{markdown}");
    assert_eq!(answers.rows[0][4], notes);
    assert_eq!(answers.rows[1][4], "| leading pipe");
    let amendments = table_headed(&tables, "When");
    assert_eq!(amendments.rows.len(), 1, "{markdown}");
    assert_eq!(
        amendments.rows[0][4],
        "missed it | <script>alert(3)</script>\nsecond line"
    );
    let header = &tables[0];
    let interviewer = header
        .rows
        .iter()
        .find(|row| row[0] == "Interviewer")
        .unwrap_or_else(|| panic!("an Interviewer row in\n{markdown}"));
    assert_eq!(interviewer[1], "Grace <b>Hopper</b> | QA");

    assert!(
        markdown.starts_with("# Scorecard: Ada Lovelace\n"),
        "{markdown}"
    );
    assert!(
        !markdown
            .lines()
            .any(|line| line.starts_with("# not a heading")),
        "the summary cannot make a heading:\n{markdown}"
    );
}

#[test]
fn show_markdown_keeps_a_carriage_return_inside_its_cell() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    round.ok(&[
        "rate",
        &card,
        "1",
        "--score",
        "3",
        "--notes",
        "first\rsecond | third",
    ]);
    let markdown = round.cmd(&format!("show {card} --format markdown"));
    let tables = markdown_tables(&markdown);
    let answers = table_headed(&tables, "#");
    assert_eq!(answers.rows.len(), 8, "one row per answer in\n{markdown}");
    assert!(
        answers.rows[0][4].ends_with("second | third"),
        "{:?}",
        answers.rows[0]
    );
}

#[test]
fn show_json_is_the_file_plus_scores() {
    let round = Round::new();
    let (card, _) = hostile_card(&round);
    let json = round.env.json(&["show", &card]);
    let object = json.as_object().expect("an object");
    for field in [
        "schema",
        "id",
        "plan",
        "candidate",
        "candidate_id",
        "role",
        "interviewer",
        "bank",
        "status",
        "started_at",
        "submitted_at",
        "recommendation",
        "summary",
        "scale",
        "categories",
        "answers",
        "history",
        "scores",
    ] {
        assert!(object.contains_key(field), "`{field}` in {json:#}");
    }
    assert_eq!(json["id"], card.as_str());
    assert_eq!(json["status"], "submitted");
    assert_eq!(json["recommendation"], "strong-yes");
    // Answer 1 is 3, answer 5 was amended to 4, both in different categories of weight 1.
    let overall = json["scores"]["overall"].as_f64().expect("overall");
    assert!((overall - 3.5).abs() < 1e-9, "{json:#}");
    let categories = json["scores"]["categories"]
        .as_object()
        .expect("category means");
    assert_eq!(categories.len(), 2, "{json:#}");

    // Every other field is the file's, value for value.
    let mut rest = object.clone();
    rest.remove("scores");
    rest.remove("file");
    let file: Json = serde_json::to_value(round.read(&card)).expect("TOML as JSON");
    assert_eq!(Json::Object(rest), file);
}

#[test]
fn show_toml_is_the_file() {
    let round = Round::new();
    let (card, _) = hostile_card(&round);
    let shown: Table = toml::from_str(&round.cmd(&format!("show {card} --format toml")))
        .expect("show --format toml parses");
    assert_eq!(shown, round.read(&card));
}

// ---------------------------------------------------------------------------------------------
// The file

#[test]
fn the_file_holds_exactly_the_contract_fields() {
    let env = Env::new();
    let plan = round_plan(
        &env,
        &["--round", "phone-screen", "--role", "Backend engineer"],
    );
    let round = Round { env, plan };
    let plan_file =
        parse_file(&candidate_dir(&round.env).join(format!("plan-{}.toml", round.plan)));
    let card = round.start("Grace Hopper");
    let path = round.file(&card);
    assert_eq!(
        mode(&path),
        0o600,
        "the scorecard is readable by its owner alone"
    );
    for folder in [
        round.env.ws(),
        round.env.ws().join("candidates"),
        candidate_dir(&round.env),
    ] {
        assert_eq!(mode(&folder), 0o700, "{} is private", folder.display());
    }

    // A new draft.
    let draft = round.read(&card);
    assert_eq!(
        keys(&draft),
        [
            "answers",
            "bank",
            "candidate",
            "candidate_id",
            "categories",
            "id",
            "interviewer",
            "plan",
            "role",
            "round",
            "scale",
            "schema",
            "started_at",
            "status"
        ]
    );
    assert_eq!(int_of(&draft, "schema"), 1);
    assert_eq!(str_of(&draft, "id"), card);
    assert_eq!(str_of(&draft, "plan"), round.plan);
    assert_eq!(str_of(&draft, "candidate"), CANDIDATE);
    assert_eq!(str_of(&draft, "candidate_id"), CANDIDATE_ID);
    assert_eq!(str_of(&draft, "role"), "Backend engineer");
    assert_eq!(str_of(&draft, "round"), "phone-screen");
    assert_eq!(str_of(&draft, "interviewer"), "Grace Hopper");
    assert_eq!(str_of(&draft, "bank"), "nodejs-backend-senior");
    assert_eq!(str_of(&draft, "status"), "draft");
    assert_utc_timestamp(str_of(&draft, "started_at"));
    let scale = draft["scale"].as_table().expect("[scale]");
    assert_eq!(scale, plan_file["scale"].as_table().expect("plan [scale]"));
    assert_eq!(int_of(scale, "min"), 1);
    assert_eq!(int_of(scale, "max"), 4);
    assert_eq!(
        scale["labels"],
        Value::Array(
            ["Strong no", "No", "Yes", "Strong yes"]
                .map(|l| Value::String(l.to_owned()))
                .to_vec()
        )
    );
    let categories = tables(&draft, "categories");
    assert_eq!(categories, tables(&plan_file, "categories"));
    for category in &categories {
        assert_eq!(keys(category), ["id", "title", "weight"]);
    }
    let planned = tables(&plan_file, "questions");
    let answers = tables(&draft, "answers");
    assert_eq!(answers.len(), planned.len());
    for (answer, question) in answers.iter().zip(&planned) {
        assert_eq!(
            keys(answer),
            ["category", "notes", "question", "skipped"],
            "score absent until rated"
        );
        assert_eq!(str_of(answer, "question"), str_of(question, "id"));
        assert_eq!(str_of(answer, "category"), str_of(question, "category"));
        assert_eq!(answer["skipped"].as_bool(), Some(false));
    }

    // Rated, skipped, submitted, amended.
    round.cmd(&format!(
        "rate {card} 1 --score 3 --notes 'clear on phases' --seconds 410"
    ));
    round.cmd(&format!("skip {card} 2 --notes 'no time'"));
    assert_eq!(mode(&path), 0o600, "still 0600 after a rewrite");
    round.cmd(&format!(
        "submit {card} --recommendation strong-no --summary '  Needs more depth  ' --allow-unrated"
    ));
    round.cmd(&format!(
        "amend {card} 1 --score 2 --reason 're-read notes'"
    ));
    let file = round.read(&card);
    assert_eq!(
        keys(&file),
        [
            "answers",
            "bank",
            "candidate",
            "candidate_id",
            "categories",
            "history",
            "id",
            "interviewer",
            "plan",
            "recommendation",
            "role",
            "round",
            "scale",
            "schema",
            "started_at",
            "status",
            "submitted_at",
            "summary"
        ]
    );
    assert_eq!(str_of(&file, "status"), "submitted");
    assert_eq!(str_of(&file, "recommendation"), "strong-no");
    assert_eq!(str_of(&file, "summary"), "Needs more depth");
    assert_utc_timestamp(str_of(&file, "submitted_at"));
    assert!(str_of(&file, "submitted_at") >= str_of(&file, "started_at"));

    let answers = tables(&file, "answers");
    assert_eq!(
        keys(&answers[0]),
        [
            "category", "notes", "question", "rated_at", "score", "seconds", "skipped"
        ]
    );
    assert_eq!(int_of(&answers[0], "score"), 2);
    assert_eq!(str_of(&answers[0], "notes"), "clear on phases");
    assert_eq!(int_of(&answers[0], "seconds"), 410);
    assert_eq!(answers[0]["skipped"].as_bool(), Some(false));
    assert_utc_timestamp(str_of(&answers[0], "rated_at"));
    assert_eq!(
        keys(&answers[1]),
        ["category", "notes", "question", "rated_at", "skipped"]
    );
    assert_eq!(answers[1]["skipped"].as_bool(), Some(true));
    assert_eq!(str_of(&answers[1], "notes"), "no time");
    for answer in &answers[2..] {
        assert_eq!(
            answer["skipped"].as_bool(),
            Some(true),
            "--allow-unrated records open questions as skipped"
        );
        assert!(answer.get("score").is_none());
    }

    let history = tables(&file, "history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        keys(&history[0]),
        ["at", "new_score", "old_score", "question", "reason"]
    );
    assert_utc_timestamp(str_of(&history[0], "at"));
    assert_eq!(str_of(&history[0], "question"), str_of(&planned[0], "id"));
    assert_eq!(int_of(&history[0], "old_score"), 3);
    assert_eq!(int_of(&history[0], "new_score"), 2);
    assert_eq!(str_of(&history[0], "reason"), "re-read notes");
    let text = std::fs::read_to_string(&path).expect("file");
    assert!(text.starts_with("schema = 1\n"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Refusals: exit 1 (2 for usage), one clean error, the workspace untouched

#[test]
fn a_score_off_the_scale_is_refused_with_the_range_and_labels() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    round.cmd(&format!("rate {card} 1 --score 2 --notes kept"));
    for score in ["0", "5", "-1"] {
        let stderr = round.refused(&["rate", &card, "1", "--score", score], 1);
        assert_eq!(
            stderr,
            format!(
                "error: score {score} is not on this scorecard's scale; use a whole number from 1 to 4\n{SCALE_HINT}\n"
            )
        );
    }
    round.refuse(&format!("rate {card} 1 --score 2.5"), 2);
    round.refuse(&format!("rate {card} 1"), 2);
}

#[test]
fn an_unknown_question_is_refused_listing_the_valid_ids() {
    let round = Round::new();
    let q = round.questions();
    let card = round.start("Grace Hopper");
    let valid = q
        .iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    for question in ["event-loop-phasez", "0", "9"] {
        let stderr = round.refused(&["rate", &card, question, "--score", "3"], 1);
        assert_eq!(
            stderr,
            format!(
                "error: scorecard `{card}` has no question `{question}`\nvalid: {valid}, or the question's number from 1 to 8\n"
            )
        );
    }
    let stderr = round.refuse(&format!("skip {card} nope"), 1);
    assert!(stderr.contains(&valid), "{stderr}");
}

#[test]
fn a_submitted_scorecard_cannot_be_rated_or_skipped() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    round.cmd(&format!("rate {card} 1 --score 3"));
    round.cmd(&format!(
        "submit {card} --recommendation yes --allow-unrated"
    ));
    let hint = format!(
        "to change a score after submitting, use `scorecard amend {card} QUESTION --score N --reason TEXT`"
    );
    assert_eq!(
        round.refuse(&format!("rate {card} 1 --score 4"), 1),
        format!("error: scorecard `{card}` is submitted; it cannot be rated\n{hint}\n")
    );
    assert_eq!(
        round.refuse(&format!("skip {card} 2"), 1),
        format!("error: scorecard `{card}` is submitted; it cannot be changed\n{hint}\n")
    );
}

#[test]
fn submitting_twice_is_refused() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    round.cmd(&format!(
        "submit {card} --recommendation yes --allow-unrated"
    ));
    let submitted_at = str_of(&round.read(&card), "submitted_at").to_owned();
    let stderr = round.refuse(
        &format!("submit {card} --recommendation no --allow-unrated"),
        1,
    );
    assert_eq!(
        stderr,
        format!(
            "error: scorecard `{card}` was already submitted on {submitted_at}\n\
             to change it, use `scorecard amend {card} QUESTION --score N --reason TEXT` (or --recommendation R, --summary TEXT)\n"
        )
    );
}

#[test]
fn submitting_with_unrated_questions_lists_them_unless_allowed() {
    let round = Round::new();
    let q = round.questions();
    let card = round.start("Grace Hopper");
    round.cmd(&format!("rate {card} 1 --score 3"));
    round.cmd(&format!("skip {card} 2"));
    let open = q[2..]
        .iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let stderr = round.refuse(&format!("submit {card} --recommendation yes"), 1);
    assert_eq!(
        stderr,
        format!(
            "error: 6 questions are not rated: {open}\nrate or skip them first, or submit with --allow-unrated to record them as skipped\n"
        )
    );
    for n in 3..8 {
        round.ok(&["rate", &card, &n.to_string(), "--score", "2"]);
    }
    let stderr = round.refuse(&format!("submit {card} --recommendation yes"), 1);
    assert!(
        stderr.starts_with(&format!("error: 1 question is not rated: `{}`\n", q[7])),
        "{stderr}"
    );
    round.refuse(&format!("submit {card} --recommendation maybe"), 2);
    round.refuse(&format!("submit {card}"), 2);

    round.cmd(&format!(
        "submit {card} --recommendation yes --allow-unrated"
    ));
    let answers = round.answers(&card);
    assert_eq!(answers[7]["skipped"].as_bool(), Some(true));
    assert!(answers[7].get("score").is_none());
    assert_eq!(int_of(&answers[6], "score"), 2);
}

#[test]
fn amending_is_for_submitted_scorecards_with_a_reason_and_a_score_on_the_scale() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    round.cmd(&format!("rate {card} 1 --score 3"));
    assert_eq!(
        round.refuse(&format!("amend {card} 1 --score 2 --reason x"), 1),
        format!(
            "error: scorecard `{card}` is a draft; change it with `scorecard rate` (amend is for submitted scorecards)\n"
        )
    );
    round.cmd(&format!(
        "submit {card} --recommendation yes --allow-unrated"
    ));

    let stderr = round.refuse(&format!("amend {card} 1 --score 2"), 2);
    assert!(stderr.contains("--reason <TEXT>"), "{stderr}");
    for empty in ["", "   "] {
        assert_eq!(
            round.refused(&["amend", &card, "1", "--score", "2", "--reason", empty], 2),
            "error: an amendment needs a reason: --reason TEXT\n"
        );
    }
    for score in ["0", "5", "-1"] {
        assert_eq!(
            round.refused(&["amend", &card, "1", "--score", score, "--reason", "x"], 1),
            format!(
                "error: score {score} is not on this scorecard's scale; use a whole number from 1 to 4\n{SCALE_HINT}\n"
            )
        );
    }
    let stderr = round.refuse(&format!("amend {card} nope --score 2 --reason x"), 1);
    assert!(stderr.contains("has no question `nope`"), "{stderr}");
    assert!(round.read(&card).get("history").is_none());
}

#[test]
fn a_scorecard_file_that_does_not_parse_is_never_overwritten() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    round.cmd(&format!("rate {card} 1 --score 3"));
    let path = round.file(&card);
    let good = std::fs::read(&path).expect("file");
    let garbage = b"this is not = = a scorecard [\n\x00".to_vec();
    // Cut inside a quoted string, as a half-written file would be.
    let cut = find(&good, b"interviewer = \"") + 18;
    let truncated = good[..cut].to_vec();
    let unknown_field = [&good[..], b"surprise = true\n"].concat();
    for bytes in [garbage, truncated, unknown_field] {
        std::fs::write(&path, &bytes).expect("write");
        for args in [
            vec!["rate", &card, "2", "--score", "3"],
            vec!["skip", &card, "2"],
            vec![
                "submit",
                &card,
                "--recommendation",
                "yes",
                "--allow-unrated",
            ],
            vec!["show", &card],
        ] {
            let stderr = round.refused(&args, 1);
            assert!(
                stderr.starts_with(&format!("error: {}", path.display())),
                "the error names the file: {stderr}"
            );
        }
        assert_eq!(std::fs::read(&path).expect("file"), bytes);
    }
    std::fs::write(&path, &good).expect("write");
    round.cmd(&format!("rate {card} 2 --score 3"));
}

#[test]
fn a_scorecard_from_a_newer_schema_is_refused_and_left_alone() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    let path = round.file(&card);
    let good = std::fs::read_to_string(&path).expect("file");
    let newer = good.replacen("schema = 1\n", "schema = 2\n", 1);
    let newer_with_fields = format!("{newer}new_field = \"from the future\"\n");
    for text in [newer, newer_with_fields] {
        std::fs::write(&path, &text).expect("write");
        let stderr = round.refuse(&format!("rate {card} 1 --score 3"), 1);
        assert!(stderr.contains("newer"), "{stderr}");
        assert!(
            stderr.starts_with(&format!(
                "error: {}:1:10: scorecard schema 2 is newer than this scorecard understands",
                path.display()
            )),
            "{stderr}"
        );
        assert_eq!(std::fs::read_to_string(&path).expect("file"), text);
    }
}

#[test]
fn a_scorecard_id_prefix_must_be_long_enough_unique_and_known() {
    let round = Round::new();
    let grace = round.start("Grace Hopper");
    let alan = round.start("Alan Turing");

    for short in ["019", "abc", "zzzzzzzz", ""] {
        let stderr = round.refused(&["rate", short, "1", "--score", "3"], 2);
        assert_eq!(
            stderr,
            format!(
                "error: `{short}` is not a scorecard id; give its id or a unique prefix of at least 4 characters (see `scorecard list`)\n"
            )
        );
    }

    let common: String = grace
        .chars()
        .zip(alan.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    assert!(
        common.len() >= 4,
        "UUID v7 ids made together share their time prefix: {grace} {alan}"
    );
    let prefix = &common[..4];
    let mut ids = [grace.clone(), alan.clone()];
    ids.sort();
    assert_eq!(
        round.refused(&["rate", prefix, "1", "--score", "3"], 1),
        format!(
            "error: `{prefix}` matches 2 scorecards; give more characters\n  {}\n  {}\n",
            ids[0], ids[1]
        )
    );
    assert_eq!(
        round.refuse("show ffffffff", 1),
        "error: no scorecard matches `ffffffff`\n"
    );
    // A plan id is not a scorecard id.
    round.refuse(&format!("show {}", round.plan), 1);
}

#[test]
fn an_ambiguous_prefix_lists_ids_in_id_order_across_candidates() {
    let env = Env::new();
    // Zed's scorecard is made first (the smaller id) but lies in the later folder.
    let mut ids = Vec::new();
    for name in ["Zed Last", "Abe First"] {
        let plan = crate::support::plan_new(&env, name, &["--per-category", "1", "--seed", "1"]);
        ids.push(crate::support::start(&env, &plan, "Grace Hopper"));
    }
    let common: String = ids[0]
        .chars()
        .zip(ids[1].chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    assert!(common.len() >= 4, "{ids:?}");
    let stderr = env.fails(&["show", &common[..4]], 1);
    assert!(ids[0] < ids[1], "{ids:?}");
    assert!(
        stderr.ends_with(&format!("\n  {}\n  {}\n", ids[0], ids[1])),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// Concurrent and killed writers

#[test]
fn eight_concurrent_rates_on_one_scorecard_lose_nothing() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    let children: Vec<_> = (1..=8)
        .map(|n| {
            round
                .env
                .std_cmd()
                .args([
                    "rate",
                    &card,
                    &n.to_string(),
                    "--score",
                    &(n % 4 + 1).to_string(),
                    "--notes",
                    &format!("note {n}"),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn scorecard")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("wait");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let answers = round.answers(&card);
    for (n, answer) in (1..=8).zip(&answers) {
        assert_eq!(int_of(answer, "score"), n % 4 + 1, "{answers:?}");
        assert_eq!(str_of(answer, "notes"), format!("note {n}"));
    }
}

#[test]
fn concurrent_starts_by_one_interviewer_make_one_scorecard() {
    let round = Round::new();
    let children: Vec<_> = [
        "Grace Hopper",
        "grace hopper",
        "GRACE HOPPER",
        " Grace Hopper ",
    ]
    .into_iter()
    .map(|name| {
        round
            .env
            .std_cmd()
            .args(["start", &round.plan, "--interviewer", name, "--quiet"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn scorecard")
    })
    .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("wait");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8(output.stdout)
                .expect("UTF-8")
                .trim()
                .to_owned()
        })
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(round.count("list"), 1);
}

/// Seeded `ChaCha8`: random delays and text that a printed seed reproduces.
struct Random(ChaCha8Rng);

impl Random {
    fn new(seed: u64) -> Self {
        Random(ChaCha8Rng::seed_from_u64(seed))
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Words, spaces, newlines and quotes: a long note that needs escaping in TOML.
    fn text(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz     \n\"'\\|#";
        let mut text: String = (0..len)
            .map(|_| {
                let i = usize::try_from(self.below(CHARS.len() as u64)).expect("index");
                char::from(CHARS[i])
            })
            .collect();
        text.push_str(&self.next().to_string());
        text
    }
}

/// The notes and score of the first answer, as the file on disk holds them now. Panics if the file
/// does not parse, with `toml` or with scorecard itself.
fn first_answer(round: &Round, card: &str, context: &str) -> (String, Option<i64>) {
    let text = std::fs::read_to_string(round.file(card)).expect("the scorecard file exists");
    let file: Table = toml::from_str(&text)
        .unwrap_or_else(|err| panic!("{context}: the file does not parse: {err}"));
    let shown = round
        .env
        .cmd()
        .args(["show", card, "--format", "json"])
        .output()
        .expect("run scorecard");
    assert!(
        shown.status.success(),
        "{context}: scorecard cannot read the file: {}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let answer = &tables(&file, "answers")[0];
    let notes = answer
        .get("notes")
        .and_then(Value::as_str)
        .unwrap_or_default();
    (
        notes.to_owned(),
        answer.get("score").and_then(Value::as_integer),
    )
}

/// Temporary files of scorecard in the candidate's folder.
fn temp_files(env: &Env) -> usize {
    std::fs::read_dir(candidate_dir(env))
        .expect("folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".scorecard-"))
        .count()
}

/// The signal `Child::kill` sends on Unix.
const SIGKILL: i32 = 9;
/// Kills the SIGKILL test needs to count as having tested anything.
const MIN_KILLS: usize = 10;

#[test]
fn a_rate_killed_at_any_moment_leaves_the_old_or_the_new_scorecard() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_secs());
    println!("seed {seed}");
    let mut random = Random::new(seed);
    let (mut killed, mut killed_after_saving, mut finished) = (0, 0, 0);
    // A kill between the temporary file's creation and its rename leaves the file behind (the
    // next write removes only leftovers older than an hour): proof of a kill mid-write.
    let mut killed_mid_write = 0;
    let mut temps = temp_files(&round.env);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut old = first_answer(&round, &card, "before");
    // Sixty rates, and more (until the deadline) while none has been killed mid-write yet.
    for iteration in 0.. {
        if Instant::now() > deadline || (iteration >= 60 && killed_mid_write >= 1) {
            break;
        }
        let len = usize::try_from(20_000 + random.below(60_000)).expect("length");
        let notes = random.text(len);
        let score = iteration % 4 + 1;
        let mut child = round
            .env
            .std_cmd()
            .args(["rate", &card, "1", "--score", &score.to_string()])
            .args(["--notes", &notes])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn scorecard");
        std::thread::sleep(Duration::from_micros(random.below(15_001)));
        let _ = child.kill(); // SIGKILL; fails only if the process is already gone
        let status = child.wait().expect("wait");

        let context = format!("iteration {iteration} (seed {seed})");
        let now = first_answer(&round, &card, &context);
        let new = (notes, Some(score));
        assert!(
            now == old || now == new,
            "{context}: the answer is neither the old nor the new one"
        );
        if status.success() {
            finished += 1;
            assert!(now == new, "{context}: a rate that finished is saved");
        } else {
            // Anything but SIGKILL (an error exit, another signal) is a failure, not a kill.
            assert_eq!(
                status.signal(),
                Some(SIGKILL),
                "{context}: the rate either finished or was killed, not {status}"
            );
            killed += 1;
            if now == new {
                killed_after_saving += 1;
            }
        }
        let temps_now = temp_files(&round.env);
        if temps_now > temps {
            killed_mid_write += 1;
        }
        temps = temps_now;
        old = now;
    }
    println!(
        "{killed} killed ({killed_mid_write} mid-write, {killed_after_saving} after saving), \
         {finished} finished"
    );
    // Without kills the test proves nothing; the random delays spread them over the whole run
    // (start-up, reading, writing the temporary file, after the rename).
    assert!(
        killed >= MIN_KILLS,
        "only {killed} of the rates were killed (seed {seed}); the test needs at least {MIN_KILLS}"
    );
    assert!(
        killed_mid_write >= 1,
        "no rate was killed mid-write (seed {seed}): no temporary file was left behind"
    );

    // Temporary files may remain after SIGKILL; the list ignores them.
    round.env.write(
        &format!("ws/candidates/{CANDIDATE_ID}/.scorecard-leftover.tmp"),
        "schema = 1\nhalf a file",
    );
    assert_eq!(round.count("list"), 1);
    println!("{} temporary files, including ours", temp_files(&round.env));
    round.cmd(&format!("rate {card} 2 --score 4"));
}
