//! Bank commands and the bank format.
//!
//! Malformed banks go through the real binary (`bank check`): each case starts from [`BASE`], a
//! small valid bank, and replaces one piece of it. The character `‸` in a case marks where the
//! offending value starts; it is removed before the file is written, and the problem must be
//! reported at exactly that `LINE:COL` (1-based, columns in characters).

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rand_chacha::ChaCha8Rng;
use rand_core::{Rng as _, SeedableRng};
use scorecard::bank::parse::parse_bank_bytes;

use super::support::{Env, assert_clean_error};

/// A small valid bank. Line numbers, for reading the cases below:
/// 2 `id`, 6-9 `[scale]`, 11-14 first category (`async`), 16-18 second (`security`),
/// 20-26 question `event-loop`, 28-33 `promises`, 35-40 `xss`, 42-46 round `screen`.
const BASE: &str = r#"schema = 1
id = "demo"
title = "Demo bank"
version = "1"

[scale]
min = 1
max = 4
labels = ["Strong no", "No", "Yes", "Strong yes"]

[[categories]]
id = "async"
title = "Async"
weight = 1.0

[[categories]]
id = "security"
title = "Security"

[[questions]]
id = "event-loop"
category = "async"
prompt = "Explain the event loop."
minutes = 10
expected = ["phases"]
anchors = ["a", "b", "c", "d"]

[[questions]]
id = "promises"
category = "async"
prompt = "Explain promises."
minutes = 5
expected = ["microtasks"]

[[questions]]
id = "xss"
category = "security"
prompt = "What is XSS?"
minutes = 5
expected = ["escaping"]

[[rounds]]
id = "screen"
title = "Screen"
minutes = 30
pick = { async = 1, security = 1 }
"#;

/// Marks where the offending value starts in a case; removed before the file is written.
const MARK: &str = "‸";

/// The file every malformed case is written to (relative to the folder commands run in).
const FILE: &str = "team/broken-bank.toml";

/// The header of `bank check` on one file with one problem.
const ONE_PROBLEM: &str = "error: 1 of 1 bank file is invalid (1 problem)";

/// The shipped bank, as a user would check it from the repository.
fn shipped_bank() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("banks/nodejs-backend-senior.toml")
}

/// [`BASE`] with each `(from, to)` edit applied; `from` must occur exactly once.
fn bank_with(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` occurs once in the bank"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

/// Removes [`MARK`], returning the bytes and the 1-based line and character column where it stood.
fn unmark(bytes: &[u8]) -> (Vec<u8>, Option<(usize, usize)>) {
    let mark = MARK.as_bytes();
    let Some(at) = bytes.windows(mark.len()).position(|w| w == mark) else {
        return (bytes.to_vec(), None);
    };
    let before = std::str::from_utf8(&bytes[..at]).expect("the text before the mark is UTF-8");
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(&bytes[at + mark.len()..]);
    (out, Some((line, column)))
}

/// `text` with `raw` bytes inserted right after the mark (for bytes a `&str` cannot hold).
fn with_bytes_at_mark(text: &str, raw: &[u8]) -> Vec<u8> {
    let at = text.find(MARK).expect("the text has a mark") + MARK.len();
    let mut out = text.as_bytes()[..at].to_vec();
    out.extend_from_slice(raw);
    out.extend_from_slice(&text.as_bytes()[at..]);
    out
}

/// Runs `bank check FILE` on `bytes` and returns stderr, after checking exit code 1 and a clean
/// error.
fn check_stderr(env: &Env, bytes: &[u8]) -> String {
    env.write(FILE, bytes);
    let stderr = env.fails(&["bank", "check", FILE], 1);
    assert_clean_error(&stderr);
    stderr
}

/// What the one problem of a case must say.
enum Says {
    /// The whole message (scorecard's own, stable wording).
    Exactly(String),
    /// A fragment (wording that comes from the TOML parser).
    Containing(&'static str),
}

/// Checks that `bank check` rejects `text` with exactly one problem, naming [`FILE`], at the
/// position of the mark (or with no position when there is no mark), saying `says`.
/// Returns the problem line.
fn rejected(text: impl AsRef<[u8]>, says: &Says) -> String {
    let (bytes, position) = unmark(text.as_ref());
    let env = Env::new();
    let stderr = check_stderr(&env, &bytes);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.first(), Some(&ONE_PROBLEM), "header:\n{stderr}");
    assert_eq!(lines.len(), 2, "one problem line:\n{stderr}");
    let prefix = match position {
        Some((line, column)) => format!("{FILE}:{line}:{column}: "),
        None => format!("{FILE}: "),
    };
    let problem = lines[1];
    match says {
        Says::Exactly(message) => assert_eq!(problem, format!("{prefix}{message}")),
        Says::Containing(fragment) => {
            assert!(
                problem.starts_with(&prefix),
                "starts with `{prefix}`:\n{stderr}"
            );
            assert!(problem.contains(fragment), "says `{fragment}`:\n{stderr}");
        }
    }
    problem.to_owned()
}

fn exactly(message: impl Into<String>) -> Says {
    Says::Exactly(message.into())
}

fn bad_id(what: &str, id: &str) -> Says {
    exactly(format!(
        "{what} id `{id}` is not valid; use lowercase letters, digits, `-` and `_`, starting with a letter or digit (at most 64)"
    ))
}

#[test]
fn base_bank_of_the_cases_is_valid() {
    let env = Env::new();
    env.write(FILE, BASE);
    let stdout = env.ok(&["bank", "check", FILE]);
    assert_eq!(
        stdout,
        format!("ok: {FILE}: bank `demo`, 2 categories, 3 questions, 1 round\n")
    );
}

#[test]
fn unmark_finds_the_line_and_character_column() {
    assert_eq!(unmark(b"ab\ncd"), (b"ab\ncd".to_vec(), None));
    assert_eq!(
        unmark("a\nb\u{e9}‸c".as_bytes()),
        ("a\nb\u{e9}c".as_bytes().to_vec(), Some((2, 3)))
    );
}

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

#[test]
fn bank_id_that_is_not_a_slug_is_rejected_at_its_value() {
    rejected(
        bank_with(&[(r#"id = "demo""#, r#"id = ‸"Demo_Bank""#)]),
        &bad_id("bank", "Demo_Bank"),
    );
}

#[test]
fn category_id_starting_with_a_dash_is_rejected_at_its_value() {
    rejected(
        bank_with(&[(
            "title = \"Security\"\n",
            "title = \"Security\"\n\n[[categories]]\nid = ‸\"-networking\"\ntitle = \"Networking\"\n",
        )]),
        &bad_id("category", "-networking"),
    );
}

#[test]
fn question_id_in_capitals_is_rejected_at_its_value() {
    rejected(
        bank_with(&[(r#"id = "xss""#, r#"id = ‸"XSS""#)]),
        &bad_id("question", "XSS"),
    );
}

#[test]
fn round_id_with_a_space_is_rejected_at_its_value() {
    rejected(
        bank_with(&[(r#"id = "screen""#, r#"id = ‸"phone screen""#)]),
        &bad_id("round", "phone screen"),
    );
}

#[test]
fn question_id_longer_than_64_characters_is_rejected() {
    let long = "q".repeat(65);
    rejected(
        bank_with(&[(r#"id = "xss""#, &format!("id = ‸\"{long}\""))]),
        &bad_id("question", &long),
    );
}

#[test]
fn duplicate_category_id_is_reported_at_its_second_use() {
    rejected(
        bank_with(&[(
            "title = \"Security\"\n",
            "title = \"Security\"\n\n[[categories]]\nid = ‸\"async\"\ntitle = \"More async\"\n",
        )]),
        &exactly("category id `async` is used twice; ids must be unique"),
    );
}

#[test]
fn duplicate_question_id_is_reported_at_its_second_use() {
    rejected(
        bank_with(&[(r#"id = "promises""#, r#"id = ‸"event-loop""#)]),
        &exactly("question id `event-loop` is used twice; ids must be unique"),
    );
}

#[test]
fn duplicate_round_id_is_reported_at_its_second_use() {
    let mut text = BASE.to_owned();
    text.push_str(
        "\n[[rounds]]\nid = ‸\"screen\"\ntitle = \"Again\"\nminutes = 30\npick = { async = 1 }\n",
    );
    rejected(
        text,
        &exactly("round id `screen` is used twice; ids must be unique"),
    );
}

// ---------------------------------------------------------------------------------------------
// References between categories, questions and rounds
// ---------------------------------------------------------------------------------------------

#[test]
fn question_naming_an_unknown_category_lists_the_valid_ones() {
    rejected(
        bank_with(&[(
            "category = \"async\"\nprompt = \"Explain promises.\"",
            "category = ‸\"asynch\"\nprompt = \"Explain promises.\"",
        )]),
        &exactly(
            "question `promises` names category `asynch`, which the bank does not define; valid: `async`, `security`",
        ),
    );
}

#[test]
fn round_picking_an_unknown_category_lists_the_valid_ones() {
    rejected(
        bank_with(&[("security = 1 }", "‸network = 1 }")]),
        &exactly(
            "round `screen` picks from category `network`, which the bank does not define; valid: `async`, `security`",
        ),
    );
}

#[test]
fn round_picking_more_questions_than_the_category_has_says_the_most_it_can_pick() {
    rejected(
        bank_with(&[("async = 1,", "async = ‸3,")]),
        &exactly("round `screen` picks 3 from `async`, which has 2 questions; pick at most 2"),
    );
}

#[test]
fn round_budget_its_shortest_pick_cannot_fit_says_the_minimum() {
    // The shortest pick is `promises` (5) and `xss` (5): 10 minutes.
    rejected(
        bank_with(&[("minutes = 30", "minutes = ‸9")]),
        &exactly(
            "round `screen` has a budget of 9 minutes, but its shortest possible pick takes 10; raise `minutes` to at least 10 or pick fewer questions",
        ),
    );
}

#[test]
fn round_picking_zero_questions_from_a_category_is_rejected() {
    rejected(
        bank_with(&[("async = 1,", "async = ‸0,")]),
        &exactly("round `screen` picks 0 from `async`; a count must be 1 or more"),
    );
}

#[test]
fn round_picking_a_negative_count_is_rejected() {
    rejected(
        bank_with(&[("async = 1,", "async = ‸-2,")]),
        &exactly("round `screen` picks -2 from `async`; a count must be 1 or more"),
    );
}

#[test]
fn round_that_picks_nothing_is_rejected() {
    rejected(
        bank_with(&[("pick = { async = 1, security = 1 }", "pick = ‸{}")]),
        &exactly("round `screen` picks nothing; give `pick = { category = count }`"),
    );
}

#[test]
fn round_budget_above_600_minutes_is_rejected() {
    rejected(
        bank_with(&[("minutes = 30", "minutes = ‸601")]),
        &exactly("round `screen` has a budget of 601 minutes; it must be from 1 to 600"),
    );
}

// ---------------------------------------------------------------------------------------------
// Scale, anchors, minutes, weights
// ---------------------------------------------------------------------------------------------

/// [`BASE`] without the anchors of `event-loop`, so that a broken scale is the only problem.
const ANCHORS: &str = "anchors = [\"a\", \"b\", \"c\", \"d\"]\n";

#[test]
fn scale_with_min_equal_to_max_is_rejected_at_max() {
    rejected(
        bank_with(&[
            ("min = 1", "min = 4"),
            ("max = 4", "max = ‸4"),
            (ANCHORS, ""),
        ]),
        &exactly("scale `max` (4) must be greater than `min` (4)"),
    );
}

#[test]
fn scale_far_from_zero_is_rejected() {
    rejected(
        bank_with(&[
            ("min = 1", "min = 9223372036854775804"),
            ("max = 4", "max = ‸9223372036854775807"),
            (ANCHORS, ""),
        ]),
        &exactly(
            "scale `min` 9223372036854775804 to `max` 9223372036854775807 is out of range; both must lie within -1000 to 1000",
        ),
    );
}

#[test]
fn scale_with_min_above_max_is_rejected_at_max() {
    rejected(
        bank_with(&[
            ("min = 1", "min = 5"),
            ("max = 4", "max = ‸3"),
            (ANCHORS, ""),
        ]),
        &exactly("scale `max` (3) must be greater than `min` (5)"),
    );
}

#[test]
fn scale_with_more_than_20_levels_is_rejected() {
    rejected(
        bank_with(&[("max = 4", "max = ‸21"), (ANCHORS, "")]),
        &exactly("a scale has at most 20 levels; `min` 1 to `max` 21 has 21"),
    );
}

#[test]
fn scale_with_one_label_too_few_is_rejected_at_the_labels() {
    rejected(
        bank_with(&[(r#"labels = ["Strong no", "No","#, r#"labels = ‸["No","#)]),
        &exactly("scale has 4 levels (1 to 4) but 3 labels; give exactly one label per level"),
    );
}

#[test]
fn scale_with_one_label_too_many_is_rejected_at_the_labels() {
    rejected(
        bank_with(&[(
            r#"labels = ["Strong no","#,
            r#"labels = ‸["Never", "Strong no","#,
        )]),
        &exactly("scale has 4 levels (1 to 4) but 5 labels; give exactly one label per level"),
    );
}

#[test]
fn anchors_not_matching_the_scale_levels_are_rejected() {
    rejected(
        bank_with(&[(ANCHORS, "anchors = ‸[\"a\", \"b\", \"c\"]\n")]),
        &exactly(
            "question `event-loop` has 3 anchors; give exactly one per scale level (4), or none",
        ),
    );
}

#[test]
fn anchors_must_follow_a_custom_scale() {
    // A 1..=5 scale: the four anchors of `event-loop` are now one short.
    rejected(
        bank_with(&[
            ("max = 4", "max = 5"),
            (r#""Strong yes"]"#, r#""Strong yes", "Hire now"]"#),
            (ANCHORS, "anchors = ‸[\"a\", \"b\", \"c\", \"d\"]\n"),
        ]),
        &exactly(
            "question `event-loop` has 4 anchors; give exactly one per scale level (5), or none",
        ),
    );
}

#[test]
fn question_of_zero_minutes_is_rejected() {
    rejected(
        bank_with(&[("minutes = 10", "minutes = ‸0")]),
        &exactly("question `event-loop` takes 0 minutes; minutes must be from 1 to 120"),
    );
}

#[test]
fn question_of_121_minutes_is_rejected() {
    rejected(
        bank_with(&[("minutes = 10", "minutes = ‸121")]),
        &exactly("question `event-loop` takes 121 minutes; minutes must be from 1 to 120"),
    );
}

#[test]
fn category_weight_zero_is_rejected() {
    rejected(
        bank_with(&[("weight = 1.0", "weight = ‸0")]),
        &exactly(
            "category `async` has weight 0; a weight must be a number greater than 0 and at most 1000",
        ),
    );
}

#[test]
fn negative_category_weight_is_rejected() {
    rejected(
        bank_with(&[("weight = 1.0", "weight = ‸-2.5")]),
        &exactly(
            "category `async` has weight -2.5; a weight must be a number greater than 0 and at most 1000",
        ),
    );
}

#[test]
fn category_weight_nan_is_rejected() {
    rejected(
        bank_with(&[("weight = 1.0", "weight = ‸nan")]),
        &exactly(
            "category `async` has weight NaN; a weight must be a number greater than 0 and at most 1000",
        ),
    );
}

#[test]
fn category_weight_that_could_overflow_the_overall_is_rejected() {
    rejected(
        bank_with(&[("weight = 1.0", "weight = ‸1e308")]),
        &exactly(
            "category `async` has weight 1e308; a weight must be a number greater than 0 and at most 1000",
        ),
    );
}

#[test]
fn question_without_expected_points_is_rejected() {
    rejected(
        bank_with(&[(r#"expected = ["escaping"]"#, "expected = ‸[]")]),
        &exactly(
            "question `xss` needs `expected`: one or more non-empty points a strong answer covers",
        ),
    );
}

#[test]
fn blank_bank_title_is_rejected() {
    rejected(
        bank_with(&[(r#"title = "Demo bank""#, r#"title = ‸"   ""#)]),
        &exactly("`title` must not be empty"),
    );
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_schema_is_reported_at_the_top_of_the_file() {
    rejected(
        bank_with(&[("schema = 1\n", "‸")]),
        &exactly("missing `schema = 1` at the top of the bank file"),
    );
}

#[test]
fn newer_schema_says_it_is_newer_and_to_upgrade() {
    rejected(
        bank_with(&[("schema = 1", "schema = ‸2")]),
        &exactly(
            "bank schema 2 is newer than this scorecard understands (it reads schema 1); upgrade scorecard",
        ),
    );
}

#[test]
fn newer_schema_is_refused_before_its_unknown_fields() {
    rejected(
        bank_with(&[("schema = 1\n", "schema = ‸3\nreviewers = [\"ada\"]\n")]),
        &exactly(
            "bank schema 3 is newer than this scorecard understands (it reads schema 1); upgrade scorecard",
        ),
    );
}

#[test]
fn schema_written_as_a_string_is_rejected() {
    rejected(
        bank_with(&[("schema = 1", "schema = ‸\"1\"")]),
        &exactly("`schema` must be 1"),
    );
}

// ---------------------------------------------------------------------------------------------
// Unknown keys, types, TOML syntax
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_top_level_key_is_rejected_with_the_valid_keys() {
    rejected(
        bank_with(&[("version = \"1\"\n", "version = \"1\"\n‸colour = \"blue\"\n")]),
        &Says::Containing(
            "unknown field `colour`, expected one of `schema`, `id`, `title`, `version`, `description`, `scale`, `categories`, `questions`, `rounds`",
        ),
    );
}

#[test]
fn typo_in_a_question_key_does_not_pass() {
    rejected(
        bank_with(&[(
            "expected = [\"microtasks\"]\n",
            "expected = [\"microtasks\"]\n‸folow_ups = [\"And async/await?\"]\n",
        )]),
        &Says::Containing("unknown field `folow_ups`, expected one of `id`, `category`, `prompt`"),
    );
}

#[test]
fn typo_in_a_scale_key_does_not_pass() {
    rejected(
        bank_with(&[("labels = [", "‸lables = [")]),
        &Says::Containing("unknown field `lables`, expected one of `min`, `max`, `labels`"),
    );
}

#[test]
fn unknown_key_in_a_round_does_not_pass() {
    rejected(
        bank_with(&[("title = \"Screen\"\n", "title = \"Screen\"\n‸budget = 30\n")]),
        &Says::Containing("unknown field `budget`"),
    );
}

#[test]
fn minutes_written_as_words_is_a_type_error_at_the_value() {
    rejected(
        bank_with(&[("minutes = 10", "minutes = ‸\"eight\"")]),
        &Says::Containing("invalid type: string \"eight\""),
    );
}

#[test]
fn unknown_level_lists_the_valid_levels() {
    rejected(
        bank_with(&[("minutes = 10", "level = ‸\"principal\"\nminutes = 10")]),
        &Says::Containing(
            "unknown value `principal`, expected one of `junior`, `mid`, `senior`, `staff`",
        ),
    );
}

#[test]
fn type_error_after_non_ascii_text_is_located_by_character_column() {
    rejected(
        bank_with(&[(
            r#"labels = ["Strong no", "No", "Yes", "Strong yes"]"#,
            r#"labels = ["Très non", "Non", "Oui", ‸true]"#,
        )]),
        &Says::Containing("invalid type: boolean `true`"),
    );
}

#[test]
fn unterminated_string_is_a_syntax_error_on_its_line() {
    // The closing quote is missing at the end of line 13.
    rejected(
        bank_with(&[("title = \"Async\"\n", "title = \"Async‸\n")]),
        &Says::Containing("invalid basic string"),
    );
}

#[test]
fn unclosed_table_header_is_a_syntax_error_on_its_line() {
    rejected(
        bank_with(&[("[[rounds]]", "[[rounds]‸")]),
        &Says::Containing("unclosed array table"),
    );
}

#[test]
fn missing_required_field_is_reported_at_its_table() {
    rejected(
        bank_with(&[
            (
                "[[questions]]\nid = \"xss\"",
                "‸[[questions]]\nid = \"xss\"",
            ),
            ("expected = [\"escaping\"]\n", ""),
        ]),
        &Says::Containing("missing field `expected`"),
    );
}

#[test]
fn positions_are_the_same_with_crlf_line_endings() {
    let text = bank_with(&[("minutes = 10", "minutes = ‸0")]).replace('\n', "\r\n");
    rejected(
        text,
        &exactly("question `event-loop` takes 0 minutes; minutes must be from 1 to 120"),
    );
}

// ---------------------------------------------------------------------------------------------
// Files that are not a bank at all
// ---------------------------------------------------------------------------------------------

const EMPTY: &str = "file is empty; a bank file starts with `schema = 1`";

#[test]
fn empty_file_is_rejected_without_a_position() {
    rejected("", &exactly(EMPTY));
}

#[test]
fn whitespace_only_file_is_rejected_as_empty() {
    rejected(" \n\t\n\r\n   \n", &exactly(EMPTY));
}

#[test]
fn binary_garbage_is_rejected_as_not_utf8_text() {
    let png = with_bytes_at_mark(
        "‸",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66",
    );
    rejected(
        png,
        &exactly("file is not UTF-8 text (TOML files must be UTF-8)"),
    );
}

#[test]
fn nul_and_control_bytes_are_rejected_by_the_toml_parser() {
    // Valid UTF-8, so it gets past the encoding check to the TOML parser.
    rejected(
        with_bytes_at_mark("‸schema = 1\n", b"\0\x01\x02\x03\x7f"),
        &Says::Containing("invalid"),
    );
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_character_column() {
    // Line 23, after `prompt = "Explain the évent ` (28 characters, 29 bytes).
    let text = bank_with(&[(
        "prompt = \"Explain the event loop.\"",
        "prompt = \"Explain the évent ‸loop.\"",
    )]);
    let problem = rejected(
        with_bytes_at_mark(&text, b"\xff\xfe"),
        &exactly("file is not UTF-8 text (TOML files must be UTF-8)"),
    );
    assert!(problem.starts_with(&format!("{FILE}:23:29: ")), "{problem}");
}

#[test]
fn deeply_nested_arrays_are_rejected_without_a_crash() {
    let mut text = BASE.to_owned();
    text.push_str("deep = ");
    text.push_str(&"[".repeat(100_000));
    text.push('\n');
    let env = Env::new();
    let stderr = check_stderr(&env, text.as_bytes());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one problem:\n{stderr}");
    assert_eq!(lines[0], ONE_PROBLEM);
    // The column is where the TOML parser's depth limit stops it, somewhere in the brackets.
    assert!(lines[1].starts_with(&format!("{FILE}:47:")), "{stderr}");
    assert!(lines[1].contains("max recursion depth"), "{stderr}");
}

#[test]
fn deeply_nested_dotted_keys_are_rejected_without_a_crash() {
    let mut text = String::from("schema = 1\n");
    text.push_str(&vec!["a"; 100_000].join("."));
    text.push_str(" = 1\n");
    rejected(text, &Says::Containing("recursion limit"));
}

#[test]
fn file_over_64_mib_is_refused_by_size() {
    // A valid start, then a 65 MiB comment. Parsing it would take seconds and end in `missing
    // field`; the size message shows it is refused before parsing.
    let mut bytes = Vec::with_capacity(65 * 1024 * 1024 + 64);
    bytes.extend_from_slice(b"schema = 1\n# ");
    bytes.resize(65 * 1024 * 1024 + 16, b'x');
    bytes.push(b'\n');
    rejected(
        bytes,
        &exactly("file is 68157457 bytes; files larger than 64 MiB (67108864 bytes) are refused"),
    );
}

#[test]
fn missing_file_is_reported_by_name() {
    let env = Env::new();
    let stderr = env.fails(&["bank", "check", "team/no-such-bank.toml"], 1);
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: 1 of 1 bank file is invalid (1 problem)\n\
         cannot read `team/no-such-bank.toml`: No such file or directory (os error 2)\n"
    );
}

#[test]
fn bank_check_without_a_file_is_a_usage_error() {
    let env = Env::new();
    let stderr = env.fails(&["bank", "check"], 2);
    assert!(stderr.contains("<FILE>"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Several problems, several files
// ---------------------------------------------------------------------------------------------

#[test]
fn every_problem_of_a_file_is_reported_at_once_in_line_order() {
    // The sections are written in the opposite order to the one the checker visits them in
    // (bank, scale, categories, questions, rounds), so the output is sorted, not just collected.
    let text = r#"schema = 1
id = "Demo"
title = "Demo bank"
version = "1"

[[rounds]]
id = "screen"
title = "Screen"
minutes = 30
pick = { async = 0 }

[[questions]]
id = "promises"
category = "async"
prompt = "Explain promises."
minutes = 0
expected = ["microtasks"]

[[questions]]
id = "promises"
category = "nowhere"
prompt = "Explain promises again."
expected = ["microtasks"]

[[categories]]
id = "async"
title = "Async"
weight = -1

[scale]
min = 1
max = 4
labels = ["No", "Yes"]
"#;
    let env = Env::new();
    let stderr = check_stderr(&env, text.as_bytes());
    let lines: Vec<&str> = stderr.lines().collect();
    let expected = [
        "error: 1 of 1 bank file is invalid (7 problems)".to_owned(),
        format!(
            "{FILE}:2:6: bank id `Demo` is not valid; use lowercase letters, digits, `-` and `_`, starting with a letter or digit (at most 64)"
        ),
        format!("{FILE}:10:18: round `screen` picks 0 from `async`; a count must be 1 or more"),
        format!("{FILE}:16:11: question `promises` takes 0 minutes; minutes must be from 1 to 120"),
        format!("{FILE}:20:6: question id `promises` is used twice; ids must be unique"),
        format!(
            "{FILE}:21:12: question `promises` names category `nowhere`, which the bank does not define; valid: `async`"
        ),
        format!(
            "{FILE}:28:10: category `async` has weight -1; a weight must be a number greater than 0 and at most 1000"
        ),
        format!(
            "{FILE}:33:10: scale has 4 levels (1 to 4) but 2 labels; give exactly one label per level"
        ),
    ];
    assert_eq!(lines, expected, "{stderr}");
    // The header counts the context lines.
    assert_eq!(lines.len() - 1, 7);
}

#[test]
fn problems_without_a_position_come_before_positioned_ones() {
    let text = "schema = 1\nid = \"Bad Id\"\ntitle = \"t\"\nversion = \"1\"\n";
    let env = Env::new();
    let stderr = check_stderr(&env, text.as_bytes());
    assert_eq!(
        stderr,
        format!(
            "error: 1 of 1 bank file is invalid (3 problems)\n\
             {FILE}: the bank has no `[[categories]]`; add at least one\n\
             {FILE}: the bank has no `[[questions]]`; add at least one\n\
             {FILE}:2:6: bank id `Bad Id` is not valid; use lowercase letters, digits, `-` and `_`, starting with a letter or digit (at most 64)\n"
        )
    );
}

#[test]
fn check_of_several_files_prints_ok_for_valid_ones_and_fails_for_the_others() {
    let env = Env::new();
    env.write("a-valid.toml", BASE);
    env.write(
        "b-broken.toml",
        bank_with(&[
            ("minutes = 10", "minutes = 0"),
            ("weight = 1.0", "weight = 0"),
        ]),
    );
    env.write(
        "c-valid.toml",
        bank_with(&[(r#"id = "demo""#, r#"id = "other""#)]),
    );
    env.write("d-empty.toml", "");
    let output = env
        .run(&[
            "bank",
            "check",
            "a-valid.toml",
            "b-broken.toml",
            "c-valid.toml",
            "d-empty.toml",
        ])
        .code(1)
        .get_output()
        .clone();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stdout,
        "ok: a-valid.toml: bank `demo`, 2 categories, 3 questions, 1 round\n\
         ok: c-valid.toml: bank `other`, 2 categories, 3 questions, 1 round\n"
    );
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: 2 of 4 bank files are invalid (3 problems)\n\
         b-broken.toml:14:10: category `async` has weight 0; a weight must be a number greater than 0 and at most 1000\n\
         b-broken.toml:24:11: question `event-loop` takes 0 minutes; minutes must be from 1 to 120\n\
         d-empty.toml: file is empty; a bank file starts with `schema = 1`\n"
    );
}

#[test]
fn check_of_several_valid_files_succeeds() {
    let env = Env::new();
    env.write("one.toml", BASE);
    env.write(
        "two.toml",
        bank_with(&[(r#"id = "demo""#, r#"id = "two""#)]),
    );
    let stdout = env.ok(&["bank", "check", "one.toml", "two.toml"]);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stdout.lines().all(|line| line.starts_with("ok: ")),
        "{stdout}"
    );
}

#[test]
fn every_shipped_bank_passes_check() {
    // The equivalent of `scorecard bank check banks/*.toml` in the repository.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("banks");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .map(|path| path.display().to_string())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "banks/ holds the shipped banks");
    let env = Env::new();
    let mut args = vec!["bank", "check"];
    args.extend(files.iter().map(String::as_str));
    let stdout = env.ok(&args);
    assert_eq!(stdout.lines().count(), files.len(), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "ok: {}: bank `nodejs-backend-senior`, 4 categories, 40 questions, 3 rounds\n",
            shipped_bank().display()
        )),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------------------------
// bank show
// ---------------------------------------------------------------------------------------------

const CATEGORIES: [&str; 4] = ["async", "architecture", "performance", "security"];

/// The binary run from a folder that is no workspace, with no workspace given.
fn run_elsewhere(env: &Env, args: &[&str]) -> String {
    let elsewhere = env.path("elsewhere/deeper");
    std::fs::create_dir_all(&elsewhere).expect("create folder");
    let output = env
        .cmd()
        .env_remove("SCORECARD_WORKSPACE")
        .current_dir(&elsewhere)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    value
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|item| item[key].as_str().expect("a JSON string").to_owned())
        .collect()
}

#[test]
fn bank_show_outside_a_workspace_shows_the_built_in_bank() {
    let env = Env::new();
    let table = run_elsewhere(&env, &["bank", "show"]);
    assert!(
        table.starts_with(
            "Senior Node.js backend engineer (nodejs-backend-senior, version 2026.1, built-in)\n"
        ),
        "{table}"
    );
    for id in CATEGORIES {
        assert!(table.contains(&format!("| {id} ")), "{id} in:\n{table}");
    }

    let json: serde_json::Value =
        serde_json::from_str(&run_elsewhere(&env, &["bank", "show", "--format", "json"])).unwrap();
    assert_eq!(json["id"], "nodejs-backend-senior");
    assert_eq!(json["title"], "Senior Node.js backend engineer");
    assert_eq!(json["source"], "built-in");
    assert_eq!(strings(&json["categories"], "id"), CATEGORIES);
    assert_eq!(json["questions"].as_array().unwrap().len(), 40);
    assert_eq!(
        strings(&json["rounds"], "id"),
        ["phone-screen", "technical", "onsite"]
    );
    // Reading a bank is no reason to create a workspace.
    assert!(!env.path("elsewhere/deeper/interviews").exists());
}

#[test]
fn bank_show_category_filters_categories_and_questions() {
    let env = Env::new();
    let json = env.json(&["bank", "show", "--category", "security"]);
    assert_eq!(strings(&json["categories"], "id"), ["security"]);
    let questions = json["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 10);
    assert_eq!(json["categories"][0]["questions"], 10);
    assert!(
        questions.iter().all(|q| q["category"] == "security"),
        "{json:#}"
    );

    let table = env.ok(&["bank", "show", "--category", "security"]);
    let rows: Vec<Vec<&str>> = table
        .lines()
        .filter(|line| line.starts_with("| "))
        .map(|line| line.split('|').map(str::trim).collect())
        .collect();
    // The categories table has the id in its first column, the questions table in its second.
    let categories: Vec<&str> = rows
        .iter()
        .filter(|row| CATEGORIES.contains(&row[1]))
        .map(|row| row[1])
        .collect();
    let questions: Vec<&str> = rows
        .iter()
        .filter(|row| CATEGORIES.contains(&row[2]))
        .map(|row| row[2])
        .collect();
    assert_eq!(categories, ["security"], "{table}");
    assert_eq!(questions, ["security"; 10], "{table}");
}

#[test]
fn bank_show_unknown_category_lists_the_valid_ones() {
    let env = Env::new();
    let stderr = env.fails(&["bank", "show", "--category", "secruity"], 1);
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: no category matches `secruity`\nvalid: `async`, `architecture`, `performance`, `security`\n"
    );
}

/// The rendered prompt of every question (a level-3 heading): the paragraphs and code blocks
/// between its heading and its first list, joined by newlines (Text and Code events joined,
/// breaks as newlines, a code block's lines as they are).
fn markdown_prompts(markdown: &str) -> Vec<String> {
    let mut prompts: Vec<String> = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut block: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H3,
                ..
            }) => current = Some(Vec::new()),
            Event::Start(Tag::List(_)) => {
                if let Some(blocks) = current.take() {
                    prompts.push(blocks.join("\n"));
                }
            }
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_)) if current.is_some() => {
                block = Some(String::new());
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock) => {
                if let (Some(blocks), Some(text)) = (&mut current, block.take()) {
                    blocks.push(text.trim_end_matches('\n').to_owned());
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(paragraph) = &mut block {
                    paragraph.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(paragraph) = &mut block {
                    paragraph.push('\n');
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("the Markdown holds raw HTML `{html}`:\n{markdown}")
            }
            _ => {}
        }
    }
    prompts
}

/// Each line trimmed and blank lines left out: Markdown keeps neither leading spaces after a line
/// break nor the blank lines between blocks.
fn trim_lines(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_markdown_holds_the_prompts(env: &Env, extra: &[&str]) {
    let mut json_args = vec!["bank", "show"];
    json_args.extend(extra);
    let json = env.json(&json_args);
    let prompts: Vec<String> = strings(&json["questions"], "prompt");
    assert!(!prompts.is_empty());

    let mut md_args = json_args.clone();
    md_args.extend(["--format", "markdown"]);
    let markdown = env.ok(&md_args);
    let rendered: Vec<String> = markdown_prompts(&markdown)
        .iter()
        .map(|p| trim_lines(p))
        .collect();
    let prompts: Vec<String> = prompts.iter().map(|p| trim_lines(p)).collect();
    assert_eq!(
        rendered, prompts,
        "each question's prompt, in order:\n{markdown}"
    );
}

#[test]
fn bank_show_markdown_of_a_category_renders_every_prompt_of_it() {
    let env = Env::new();
    assert_markdown_holds_the_prompts(&env, &["--category", "security"]);
}

#[test]
fn bank_show_markdown_renders_every_prompt_of_the_bank() {
    // Includes prompts with backticks, `=>` and a multi-line code snippet.
    let env = Env::new();
    assert_markdown_holds_the_prompts(&env, &[]);
}

#[test]
fn bank_show_markdown_of_a_category_leaves_out_the_others() {
    let env = Env::new();
    let markdown = env.ok(&[
        "bank",
        "show",
        "--category",
        "security",
        "--format",
        "markdown",
    ]);
    let all = env.json(&["bank", "show"]);
    let shown = markdown_prompts(&markdown);
    for question in all["questions"].as_array().unwrap() {
        if question["category"] != "security" {
            let prompt = trim_lines(question["prompt"].as_str().unwrap());
            assert!(
                !shown.iter().any(|p| trim_lines(p) == prompt),
                "{} is not shown",
                question["id"]
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// bank list and --bank
// ---------------------------------------------------------------------------------------------

/// An environment whose workspace holds `team-bank` in `banks/other-name.toml`.
fn env_with_workspace_bank() -> (Env, PathBuf) {
    let env = Env::new();
    let path = env.write(
        "ws/banks/other-name.toml",
        bank_with(&[(r#"id = "demo""#, r#"id = "team-bank""#)]),
    );
    (env, path)
}

#[test]
fn bank_list_shows_the_built_in_and_workspace_banks() {
    let (env, path) = env_with_workspace_bank();
    let json = env.json(&["bank", "list"]);
    assert_eq!(strings(&json, "id"), ["team-bank", "nodejs-backend-senior"]);
    assert_eq!(json[0]["source"], path.display().to_string());
    assert_eq!(json[0]["questions"], 3);
    assert_eq!(json[1]["source"], "built-in");
    assert_eq!(json[1]["questions"], 40);
    assert_eq!(json[1]["categories"], 4);

    let table = env.ok(&["bank", "list"]);
    assert!(table.contains("| team-bank "), "{table}");
    assert!(table.contains("| nodejs-backend-senior "), "{table}");
}

#[test]
fn bank_list_without_workspace_banks_shows_the_built_in_one() {
    let env = Env::new();
    let json = env.json(&["bank", "list"]);
    assert_eq!(strings(&json, "id"), ["nodejs-backend-senior"]);
}

#[test]
fn bank_list_warns_about_an_invalid_workspace_bank_and_succeeds() {
    let (env, _) = env_with_workspace_bank();
    let broken = env.write(
        "ws/banks/broken.toml",
        bank_with(&[("async = 1,", "async = 3,")]),
    );
    let output = env
        .cmd()
        .args(["bank", "list", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(strings(&json, "id"), ["team-bank", "nodejs-backend-senior"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    let broken = broken.display();
    assert_eq!(
        stderr,
        format!(
            "warning: skipped {broken}:46:18: round `screen` picks 3 from `async`, which has 2 questions; pick at most 2 (see `scorecard bank check {broken}`)\n"
        )
    );
}

#[test]
fn bank_show_finds_a_workspace_bank_by_its_id() {
    let (env, path) = env_with_workspace_bank();
    let json = env.json(&["bank", "show", "--bank", "team-bank"]);
    assert_eq!(json["id"], "team-bank");
    assert_eq!(json["source"], path.display().to_string());
    assert_eq!(json["questions"].as_array().unwrap().len(), 3);
}

#[test]
fn bank_show_reads_a_bank_from_a_path() {
    let env = Env::new();
    env.write(
        "elsewhere/path/custom.toml",
        bank_with(&[(r#"id = "demo""#, r#"id = "custom""#)]),
    );
    let json = env.json(&["bank", "show", "--bank", "elsewhere/path/custom.toml"]);
    assert_eq!(json["id"], "custom");
    assert_eq!(json["source"], "elsewhere/path/custom.toml");
    assert_eq!(strings(&json["categories"], "id"), ["async", "security"]);
}

#[test]
fn bank_show_of_an_invalid_bank_file_reports_its_problems() {
    let env = Env::new();
    env.write(
        "custom.toml",
        bank_with(&[
            ("minutes = 10", "minutes = 0"),
            ("weight = 1.0", "weight = 0"),
        ]),
    );
    let stderr = env.fails(&["bank", "show", "--bank", "custom.toml"], 1);
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: custom.toml:14:10: category `async` has weight 0; a weight must be a number greater than 0 and at most 1000\n\
         custom.toml:24:11: question `event-loop` takes 0 minutes; minutes must be from 1 to 120\n"
    );
}

#[test]
fn bank_show_unknown_bank_lists_the_valid_ids() {
    let (env, _) = env_with_workspace_bank();
    let stderr = env.fails(&["bank", "show", "--bank", "nodejs"], 1);
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: no bank matches `nodejs`\nvalid: `team-bank`, `nodejs-backend-senior`\n"
    );
}

#[test]
fn bank_show_missing_bank_file_is_named() {
    let env = Env::new();
    let stderr = env.fails(&["bank", "show", "--bank", "nowhere/bank.toml"], 1);
    assert_clean_error(&stderr);
    assert_eq!(stderr, "error: no bank file matches `nowhere/bank.toml`\n");
}

// ---------------------------------------------------------------------------------------------
// Edges of the scale, the byte-order mark and the size limit
// ---------------------------------------------------------------------------------------------

#[test]
fn scale_with_extreme_bounds_is_rejected_without_overflow() {
    rejected(
        bank_with(&[
            ("min = 1", "min = -9223372036854775808"),
            ("max = 4", "max = ‸4"),
            (ANCHORS, ""),
        ]),
        &Says::Containing("a scale has at most 20 levels"),
    );
}

#[test]
fn scale_with_max_at_i64_min_is_rejected_without_overflow() {
    rejected(
        bank_with(&[("max = 4", "max = ‸-9223372036854775808"), (ANCHORS, "")]),
        &exactly("scale `max` (-9223372036854775808) must be greater than `min` (1)"),
    );
}

#[test]
fn broken_scale_does_not_also_blame_the_anchors() {
    rejected(
        bank_with(&[("min = 1", "min = 5"), ("max = 4", "max = ‸3")]),
        &exactly("scale `max` (3) must be greater than `min` (5)"),
    );
}

#[test]
fn byte_order_mark_is_not_counted_as_a_column() {
    // Editors show no column for the mark: `2` is at 1:10, as without it.
    let text = bank_with(&[("schema = 1", "\u{feff}schema = 2")]);
    let env = Env::new();
    let stderr = check_stderr(&env, text.as_bytes());
    assert_eq!(
        stderr,
        format!(
            "{ONE_PROBLEM}\n{FILE}:1:10: bank schema 2 is newer than this scorecard understands (it reads schema 1); upgrade scorecard\n"
        )
    );
}

#[test]
fn file_one_byte_over_the_limit_states_a_size_over_the_limit() {
    let mut bytes = b"schema = 1\n# ".to_vec();
    bytes.resize(64 * 1024 * 1024 + 1, b'x');
    let problem = rejected(
        bytes,
        &Says::Containing("files larger than 64 MiB (67108864 bytes) are refused"),
    );
    assert!(problem.contains("file is 67108865 bytes;"), "{problem}");
}

// ---------------------------------------------------------------------------------------------
// Mutations of the shipped bank
// ---------------------------------------------------------------------------------------------

/// Seeded `ChaCha8`, one stream per mutant: the same seed gives the same mutants.
struct Rng(ChaCha8Rng);

impl Rng {
    fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Rng(rng)
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("less than n fits in usize")
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers a mutation writes in place of one in the bank.
const EXTREME_NUMBERS: &[&str] = &[
    "0",
    "-1",
    "-120",
    "121",
    "601",
    "65",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999",
    "1e308",
    "-0.0",
    "nan",
    "inf",
];

/// Byte runs a mutation inserts: invalid UTF-8, NULs, TOML punctuation.
const NASTY_BYTES: &[&[u8]] = &[
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x80",
    b"\xed\xa0\x80",
    b"\"",
    b"\"\"\"",
    b"[",
    b"]]",
    b"{",
    b"=",
    b"\n",
    b"\r",
    b"#",
    b"\\",
    b"\xef\xbb\xbf",
    "é".as_bytes(),
];

/// Line ranges (start, end without the newline) of `bytes`.
fn lines_of(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        lines.push((start, bytes.len()));
    }
    lines
}

/// Applies one random mutation.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    if bytes.is_empty() {
        let nasty = NASTY_BYTES[rng.below(NASTY_BYTES.len())];
        bytes.extend_from_slice(nasty);
        return;
    }
    match rng.below(7) {
        // Delete a byte range.
        0 => {
            let start = rng.below(bytes.len());
            let len = 1 + rng.below(64);
            bytes.drain(start..(start + len).min(bytes.len()));
        }
        // Duplicate a line.
        1 => {
            let lines = lines_of(bytes);
            let (start, end) = *rng.pick(&lines);
            let mut copy = bytes[start..end].to_vec();
            copy.push(b'\n');
            bytes.splice(start..start, copy);
        }
        // Swap two lines.
        2 => {
            let lines = lines_of(bytes);
            let a = *rng.pick(&lines);
            let b = *rng.pick(&lines);
            let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
            if first != second {
                let one = bytes[first.0..first.1].to_vec();
                let two = bytes[second.0..second.1].to_vec();
                bytes.splice(second.0..second.1, one);
                bytes.splice(first.0..first.1, two);
            }
        }
        // Insert random bytes, or a nasty run.
        3 => {
            let at = rng.below(bytes.len() + 1);
            let insert: Vec<u8> = if rng.below(2) == 0 {
                rng.pick(NASTY_BYTES).to_vec()
            } else {
                (0..=rng.below(8))
                    .map(|_| rng.next().to_le_bytes()[0])
                    .collect()
            };
            bytes.splice(at..at, insert);
        }
        // Replace a number with an extreme one.
        4 | 5 => {
            let numbers: Vec<(usize, usize)> = {
                let mut found = Vec::new();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i].is_ascii_digit() {
                        let start = i;
                        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                            i += 1;
                        }
                        found.push((start, i));
                    } else {
                        i += 1;
                    }
                }
                found
            };
            if !numbers.is_empty() {
                let (start, end) = *rng.pick(&numbers);
                let number = rng.pick(EXTREME_NUMBERS).as_bytes().to_vec();
                bytes.splice(start..end, number);
            }
        }
        // Truncate.
        _ => {
            let at = rng.below(bytes.len());
            bytes.truncate(at);
        }
    }
}

/// The mutant number `i` of the run seeded with `seed`: 1 to 3 mutations of the shipped bank.
fn mutant(seed: u64, i: u64, original: &[u8]) -> Vec<u8> {
    let mut rng = Rng::new(seed, i);
    let mut bytes = original.to_vec();
    for _ in 0..=rng.below(3) {
        mutate(&mut rng, &mut bytes);
    }
    bytes
}

const MUTATION_SEED: u64 = 0x5c0a_ecad;

/// What must hold for the result of parsing any mutant; returns a description of what does not.
fn check_mutant_result(
    bytes: &[u8],
    result: Result<scorecard::bank::Bank, scorecard::Error>,
) -> Result<(), String> {
    match result {
        Ok(bank) => {
            // A bank that parses keeps every invariant the rest of scorecard relies on.
            let levels = bank.scale.max - bank.scale.min + 1;
            let ok = scorecard::bank::is_valid_id(&bank.id)
                && bank.scale.min < bank.scale.max
                && usize::try_from(levels).ok() == Some(bank.scale.labels.len())
                && !bank.categories.is_empty()
                && bank.categories.iter().all(|c| {
                    scorecard::bank::is_valid_id(&c.id) && c.weight > 0.0 && c.weight.is_finite()
                })
                && bank.questions.iter().all(|q| {
                    scorecard::bank::is_valid_id(&q.id)
                        && bank.category(&q.category).is_some()
                        && (1..=120).contains(&q.minutes)
                        && (q.anchors.is_empty() || q.anchors.len() == bank.scale.labels.len())
                })
                && bank.rounds.iter().all(|r| {
                    r.pick
                        .iter()
                        .all(|p| p.count >= 1 && p.count <= bank.questions_in(&p.category).count())
                });
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "accepted a bank that breaks an invariant: {bank:#?}"
                ))
            }
        }
        Err(err) => {
            let shown = err.to_string();
            if !shown.starts_with("mutant.toml") {
                return Err(format!("error does not name the file: {shown:?}"));
            }
            if shown
                .trim_start_matches("mutant.toml")
                .trim_start_matches(':')
                .trim()
                .is_empty()
            {
                return Err(format!("empty error: {shown:?}"));
            }
            let scorecard::Error::Invalid { problems } = err else {
                return Err(format!("not an Invalid error: {shown:?}"));
            };
            let lines = bytes.split(|&b| b == b'\n').count();
            for problem in &problems {
                if problem.file != "mutant.toml" || problem.message.trim().is_empty() {
                    return Err(format!("problem without file or message: {problem:?}"));
                }
                if let Some((line, column)) = problem.position
                    && (line == 0 || line > lines || column == 0)
                {
                    return Err(format!("position outside the file: {problem:?}"));
                }
            }
            Ok(())
        }
    }
}

#[test]
fn mutants_of_the_shipped_bank_are_parsed_or_rejected_never_panic() {
    // About 8 ms of parsing per mutant in a debug build; 2,000 keep this test near 8 s on two
    // cores. (A scale overflow mutants once hit is pinned by
    // `scale_with_extreme_bounds_is_rejected_without_overflow`.)
    const MUTANTS: u64 = 2_000;
    let original = std::fs::read(shipped_bank()).unwrap();
    let threads = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let threads = u64::try_from(threads).unwrap().min(8);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                let original = &original;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    let mut i = worker;
                    while i < MUTANTS {
                        let bytes = mutant(MUTATION_SEED, i, original);
                        let result =
                            std::panic::catch_unwind(|| parse_bank_bytes("mutant.toml", &bytes));
                        let verdict = match result {
                            Ok(result) => check_mutant_result(&bytes, result),
                            Err(_) => Err("panicked".to_owned()),
                        };
                        if let Err(why) = verdict {
                            failures.push(format!("mutant {i} (seed {MUTATION_SEED:#x}): {why}"));
                        }
                        i += threads;
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {MUTANTS} mutants failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn binary_exits_0_or_1_on_mutants_of_the_shipped_bank() {
    let original = std::fs::read(shipped_bank()).unwrap();
    let env = Env::new();
    for i in 0..30 {
        let bytes = mutant(MUTATION_SEED, i, &original);
        let file = format!("mutants/mutant-{i}.toml");
        env.write(&file, &bytes);
        let output = env.cmd().args(["bank", "check", &file]).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        match output.status.code() {
            Some(0) => assert!(
                stdout.starts_with(&format!("ok: {file}: ")),
                "mutant {i}:\n{stdout}"
            ),
            Some(1) => {
                assert_clean_error(&stderr);
                assert!(
                    stderr.lines().skip(1).all(|line| line.starts_with(&file)),
                    "mutant {i}:\n{stderr}"
                );
            }
            code => panic!("mutant {i}: exit {code:?}\n{stderr}"),
        }
    }
}
