//! The panel's view: `compare` (scores, ranking, disagreements, cards down, filters, CSV,
//! normalisation) and `calibrate` (leniency and agreement), checked against hand-computed figures
//! and published worked examples.
//!
//! Most panels are built through the CLI (`plan new`, `start`, `rate`, `skip`, `submit`); the
//! weighted categories, the published examples and one larger generated panel are written as
//! scorecard files, the way the acceptance checks generate them.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::support::{CardFile, Env, PANEL_ROUND, assert_clean_error, draft, submitted};

// ---------------------------------------------------------------------------------------------
// Helpers: numbers
// ---------------------------------------------------------------------------------------------

/// Asserts that a JSON number is within 1e-9 of `expected`.
#[track_caller]
fn assert_close(actual: &Value, expected: f64, what: &str) {
    let value = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, got {actual}"));
    assert!(
        (value - expected).abs() < 1e-9,
        "{what}: expected {expected}, got {value}"
    );
}

/// Asserts that a JSON number rounds to `expected` at three decimals (a published figure).
#[track_caller]
fn assert_three_decimals(actual: &Value, expected: f64, what: &str) {
    let value = actual
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, got {actual}"));
    assert!(
        (value - expected).abs() < 0.0005,
        "{what}: expected {expected:.3}, got {value}"
    );
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Shrout & Fleiss (1979) ICC(2,1) and ICC(2,k) of a complete targets x judges matrix.
fn icc_two_way_random(rows: &[Vec<f64>]) -> (f64, f64) {
    let targets = rows.len() as f64;
    let judges = rows[0].len() as f64;
    let grand = mean(&rows.iter().flatten().copied().collect::<Vec<_>>());
    let row_means: Vec<f64> = rows.iter().map(|row| mean(row)).collect();
    let column_means: Vec<f64> = (0..rows[0].len())
        .map(|j| mean(&rows.iter().map(|row| row[j]).collect::<Vec<_>>()))
        .collect();
    let between_targets = judges * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let between_judges = targets
        * column_means
            .iter()
            .map(|m| (m - grand).powi(2))
            .sum::<f64>();
    let total: f64 = rows.iter().flatten().map(|x| (x - grand).powi(2)).sum();
    let residual = total - between_targets - between_judges;
    let bms = between_targets / (targets - 1.0);
    let jms = between_judges / (judges - 1.0);
    let ems = residual / ((targets - 1.0) * (judges - 1.0));
    let single = (bms - ems) / (bms + (judges - 1.0) * ems + judges * (jms - ems) / targets);
    let average = (bms - ems) / (bms + (jms - ems) / targets);
    (single, average)
}

/// Krippendorff's interval alpha from its definition, `1 - D_o / D_e`, over units x coders
/// (None = missing); units with fewer than two values are not pairable and left out.
fn krippendorff_interval(rows: &[Vec<Option<f64>>]) -> f64 {
    let pairable: Vec<Vec<f64>> = rows
        .iter()
        .map(|row| row.iter().flatten().copied().collect::<Vec<f64>>())
        .filter(|values| values.len() >= 2)
        .collect();
    let n = pairable.iter().map(Vec::len).sum::<usize>() as f64;
    let squared_differences = |values: &[f64]| -> f64 {
        let mut sum = 0.0;
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                if i != j {
                    sum += (a - b).powi(2);
                }
            }
        }
        sum
    };
    let observed = pairable
        .iter()
        .map(|unit| squared_differences(unit) / (unit.len() as f64 - 1.0))
        .sum::<f64>()
        / n;
    let all: Vec<f64> = pairable.iter().flatten().copied().collect();
    let expected = squared_differences(&all) / (n * (n - 1.0));
    1.0 - observed / expected
}

// ---------------------------------------------------------------------------------------------
// Helpers: building panels through the CLI
// ---------------------------------------------------------------------------------------------

/// A planned round: two async questions, then one security question.
struct Plan {
    id: String,
    candidate_id: String,
    /// Question ids in plan order.
    questions: Vec<String>,
}

/// Plans the panel round (`--pick async=2 --pick security=1`) for a candidate.
fn plan(env: &Env, candidate: &str, role: &str) -> Plan {
    let mut args = vec!["plan", "new", "--candidate", candidate, "--role", role];
    args.extend(PANEL_ROUND);
    let plan = env.json(&args);
    let questions = plan["questions"].as_array().expect("questions");
    let categories: Vec<&str> = questions
        .iter()
        .map(|q| q["category"].as_str().expect("category"))
        .collect();
    assert_eq!(
        categories,
        ["async", "async", "security"],
        "the hand-computed figures assume this layout"
    );
    Plan {
        id: plan["id"].as_str().expect("plan id").to_owned(),
        candidate_id: plan["candidate_id"].as_str().expect("id").to_owned(),
        questions: questions
            .iter()
            .map(|q| q["id"].as_str().expect("question id").to_owned())
            .collect(),
    }
}

/// Every score given: `[3, 4, 2]` -> `[Some(3), Some(4), Some(2)]`.
fn all(scores: [i64; 3]) -> [Option<i64>; 3] {
    scores.map(Some)
}

// ---------------------------------------------------------------------------------------------
// Helpers: scorecard files
// ---------------------------------------------------------------------------------------------

// Scorecard files are written with `support::CardFile`.

// ---------------------------------------------------------------------------------------------
// Helpers: reading reports
// ---------------------------------------------------------------------------------------------

/// The candidates of a `compare --format json` report.
fn candidates(report: &Value) -> &Vec<Value> {
    report["candidates"]
        .as_array()
        .expect("`candidates` is an array")
}

/// Candidate ids in report order.
fn ranked_ids(report: &Value) -> Vec<&str> {
    candidates(report)
        .iter()
        .map(|c| c["candidate_id"].as_str().expect("candidate_id"))
        .collect()
}

/// One candidate of a compare report.
fn candidate<'a>(report: &'a Value, id: &str) -> &'a Value {
    candidates(report)
        .iter()
        .find(|c| c["candidate_id"] == id)
        .unwrap_or_else(|| panic!("candidate {id} in {report:#}"))
}

/// One interviewer of a calibrate report.
fn interviewer<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["interviewers"]
        .as_array()
        .expect("`interviewers` is an array")
        .iter()
        .find(|i| i["interviewer"] == name)
        .unwrap_or_else(|| panic!("interviewer {name} in {report:#}"))
}

/// A candidate's disagreements as (what, min, max), where `what` is `question X` or `category X`.
/// Question disagreements (`disagreements`, the contract's shape: every entry names a question),
/// then category ones (`category_disagreements`).
fn disagreements(candidate: &Value) -> Vec<(String, f64, f64)> {
    let questions = candidate["disagreements"]
        .as_array()
        .expect("`disagreements` is an array");
    let categories = candidate["category_disagreements"]
        .as_array()
        .expect("`category_disagreements` is an array");
    questions
        .iter()
        .map(|d| (d, "question"))
        .chain(categories.iter().map(|d| (d, "category")))
        .map(|(d, kind)| {
            let name = d[kind]
                .as_str()
                .unwrap_or_else(|| panic!("a {kind} disagreement names it: {d}"));
            let what = format!("{kind} {name}");
            (
                what,
                d["min"].as_f64().expect("min"),
                d["max"].as_f64().expect("max"),
            )
        })
        .collect()
}

/// The line of a table that mentions `needle`.
fn row_of<'a>(table: &'a str, needle: &str) -> &'a str {
    table
        .lines()
        .find(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("a line with {needle:?} in:\n{table}"))
}

// ---------------------------------------------------------------------------------------------
// The small panel: two candidates through the CLI, one written as files with weights 2 and 1
// ---------------------------------------------------------------------------------------------

/// Ada and Bob (Backend Engineer) through the CLI, Cleo (Frontend Engineer) as files.
///
/// Ada (questions q1 q2 async, q3 security):
///   Grace 3 4 2           -> async 3.5, security 2, overall 2.75, yes
///   Alan  2 (skip) 4      -> async 2,   security 4, overall 3,    strong-yes
///   candidate: async 2.75, security 3, overall 2.875;
///   q3 is 2 vs 4 and category security 2 vs 4 (disagreements); q1 3 vs 2 is not.
/// Bob:
///   Grace 1 2 1 -> async 1.5, security 1, overall 1.25, no
///   Alan  2 2 2 -> async 2,   security 2, overall 2,    no
///   candidate: async 1.75, security 1.5, overall 1.625; no disagreement.
/// Cleo (design weight 2, testing weight 1):
///   Grace d1 4, d2 3, t1 2    -> design 3.5, testing 2, overall (2*3.5 + 2) / 3 = 3, strong-yes
///   Alan  d1 2, d2 skip, t1 3 -> design 2,   testing 3, overall (2*2 + 3) / 3 = 7/3, no
///   candidate: design 2.75, testing 2.5, overall (3 + 7/3) / 2 = 8/3; d1 is 2 vs 4.
fn small_panel(env: &Env) -> (Plan, Plan) {
    let ada = plan(env, "Ada Lovelace", "Backend Engineer");
    submitted(env, &ada.id, "Grace", &all([3, 4, 2]), "yes");
    submitted(
        env,
        &ada.id,
        "Alan",
        &[Some(2), None, Some(4)],
        "strong-yes",
    );
    let bob = plan(env, "Bob Babbage", "Backend Engineer");
    submitted(env, &bob.id, "Grace", &all([1, 2, 1]), "no");
    submitted(env, &bob.id, "Alan", &all([2, 2, 2]), "no");
    let cleo = |number, interviewer| {
        CardFile::new(number, "cleo-hopper", interviewer)
            .candidate("Cleo Hopper", "Frontend Engineer")
            .category("design", 2.0)
            .category("testing", 1.0)
    };
    cleo(1, "Grace")
        .recommendation("strong-yes")
        .answer("d1", "design", Some(4))
        .answer("d2", "design", Some(3))
        .answer("t1", "testing", Some(2))
        .write(env);
    cleo(2, "Alan")
        .recommendation("no")
        .answer("d1", "design", Some(2))
        .answer("d2", "design", None)
        .answer("t1", "testing", Some(3))
        .write(env);
    (ada, bob)
}

#[test]
fn compare_json_has_the_contract_shape_and_hand_computed_scores() {
    let env = Env::new();
    let (ada_plan, bob_plan) = small_panel(&env);
    assert_eq!(
        (
            ada_plan.candidate_id.as_str(),
            bob_plan.candidate_id.as_str()
        ),
        ("ada-lovelace", "bob-babbage")
    );
    let report = env.json(&["compare"]);
    assert!(report.is_object(), "one object: {report:#}");
    assert_eq!(candidates(&report).len(), 3);
    for c in candidates(&report) {
        for key in [
            "candidate_id",
            "candidate",
            "scorecards",
            "overall",
            "categories",
            "recommendations",
            "disagreements",
        ] {
            assert!(c.get(key).is_some(), "`{key}` in {c:#}");
        }
        let tally: BTreeSet<&str> = c["recommendations"]
            .as_object()
            .expect("recommendations is an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            tally,
            BTreeSet::from(["strong-no", "no", "yes", "strong-yes"])
        );
    }

    let ada = candidate(&report, "ada-lovelace");
    assert_eq!(ada["candidate"], "Ada Lovelace");
    assert_eq!(ada["scorecards"], 2);
    assert_close(&ada["overall"], 2.875, "Ada overall");
    assert_eq!(ada["categories"].as_object().expect("object").len(), 2);
    assert_close(&ada["categories"]["async"], 2.75, "Ada async");
    assert_close(&ada["categories"]["security"], 3.0, "Ada security");
    assert_eq!(
        ada["recommendations"],
        json!({"strong-no": 0, "no": 0, "yes": 1, "strong-yes": 1})
    );
    let q3 = &ada_plan.questions[2];
    assert_eq!(
        disagreements(ada),
        [
            (format!("question {q3}"), 2.0, 4.0),
            ("category security".to_owned(), 2.0, 4.0)
        ]
    );
    // Question scores are whole numbers, as in the contract: `"min": 2`, not `2.0`.
    assert_eq!(ada["disagreements"][0]["question"], q3.as_str());
    assert_eq!(ada["disagreements"][0]["min"], json!(2));
    assert_eq!(ada["disagreements"][0]["max"], json!(4));

    let bob = candidate(&report, "bob-babbage");
    assert_eq!(bob["candidate"], "Bob Babbage");
    assert_eq!(bob["scorecards"], 2);
    assert_close(&bob["overall"], 1.625, "Bob overall");
    assert_close(&bob["categories"]["async"], 1.75, "Bob async");
    assert_close(&bob["categories"]["security"], 1.5, "Bob security");
    assert_eq!(
        bob["recommendations"],
        json!({"strong-no": 0, "no": 2, "yes": 0, "strong-yes": 0})
    );
    assert_eq!(bob["disagreements"], json!([]));

    let cleo = candidate(&report, "cleo-hopper");
    assert_eq!(cleo["candidate"], "Cleo Hopper");
    assert_eq!(cleo["scorecards"], 2);
    // Weighted: (3 + 7/3) / 2. Unweighted category means would give 2.625.
    assert_close(
        &cleo["overall"],
        8.0 / 3.0,
        "Cleo overall (weights 2 and 1)",
    );
    assert_close(&cleo["categories"]["design"], 2.75, "Cleo design");
    assert_close(&cleo["categories"]["testing"], 2.5, "Cleo testing");
    assert_eq!(
        cleo["recommendations"],
        json!({"strong-no": 0, "no": 1, "yes": 0, "strong-yes": 1})
    );
    assert_eq!(disagreements(cleo), [("question d1".to_owned(), 2.0, 4.0)]);
}

#[test]
fn compare_ranks_candidates_by_overall_best_first() {
    let env = Env::new();
    // Alphabetical order (anna, bert, carl) is not the score order (bert 3.5, carl 3, anna 2).
    for (number, id, scores) in [
        (1, "anna", [2, 2]),
        (2, "bert", [4, 3]),
        (3, "carl", [3, 3]),
    ] {
        CardFile::new(number, id, "Grace")
            .answer("q1", "async", Some(scores[0]))
            .answer("q2", "async", Some(scores[1]))
            .write(&env);
    }
    let report = env.json(&["compare"]);
    assert_eq!(ranked_ids(&report), ["bert", "carl", "anna"]);
    let table = env.ok(&["compare"]);
    let position = |id: &str| table.find(&format!("({id})")).expect("candidate row");
    assert!(position("bert") < position("carl") && position("carl") < position("anna"));
    assert!(row_of(&table, "(bert)").starts_with("| 1 "), "{table}");
}

#[test]
fn the_small_panel_ranks_ada_then_cleo_then_bob() {
    let env = Env::new();
    small_panel(&env);
    // 2.875 > 8/3 > 1.625
    assert_eq!(
        ranked_ids(&env.json(&["compare"])),
        ["ada-lovelace", "cleo-hopper", "bob-babbage"]
    );
}

// ---------------------------------------------------------------------------------------------
// Disagreements
// ---------------------------------------------------------------------------------------------

#[test]
fn disagreement_is_flagged_at_two_points_apart_not_one() {
    let env = Env::new();
    // Dora: q1 1 vs 3 (flagged), q2 3 vs 2 and q3 3 vs 4 (one apart: not flagged);
    // categories async 2 vs 2.5 and security 3 vs 4 are not flagged either.
    let dora = plan(&env, "Dora Maar", "Backend Engineer");
    submitted(&env, &dora.id, "Grace", &all([1, 3, 3]), "no");
    submitted(&env, &dora.id, "Alan", &all([3, 2, 4]), "yes");
    let report = env.json(&["compare"]);
    let q1 = &dora.questions[0];
    assert_eq!(
        disagreements(candidate(&report, "dora-maar")),
        [(format!("question {q1}"), 1.0, 3.0)]
    );
}

#[test]
fn disagreement_is_flagged_per_category_even_when_no_question_is_shared() {
    let env = Env::new();
    // Ezra: Grace rates q1 only, Alan q2 only (both async); no question has two scores, but
    // the async category means are 1 vs 3. Security is 2 vs 2.
    let ezra = plan(&env, "Ezra Pound", "Backend Engineer");
    submitted(&env, &ezra.id, "Grace", &[Some(1), None, Some(2)], "no");
    submitted(&env, &ezra.id, "Alan", &[None, Some(3), Some(2)], "yes");
    let report = env.json(&["compare"]);
    assert_eq!(
        disagreements(candidate(&report, "ezra-pound")),
        [("category async".to_owned(), 1.0, 3.0)]
    );
}

#[test]
fn compare_table_lists_the_disagreements_under_the_table() {
    let env = Env::new();
    let dora = plan(&env, "Dora Maar", "Backend Engineer");
    submitted(&env, &dora.id, "Grace", &all([1, 3, 3]), "no");
    submitted(&env, &dora.id, "Alan", &all([3, 2, 4]), "yes");
    let ezra = plan(&env, "Ezra Pound", "Backend Engineer");
    submitted(&env, &ezra.id, "Grace", &[Some(1), None, Some(2)], "no");
    submitted(&env, &ezra.id, "Alan", &[None, Some(3), Some(2)], "yes");
    let table = env.ok(&["compare"]);
    let (above, below) = table
        .split_once("Disagreements (interviewers 2+ points apart): start the debrief here\n")
        .unwrap_or_else(|| panic!("a disagreements section:\n{table}"));
    assert!(above.contains("(dora-maar)") && above.contains("(ezra-pound)"));
    let listed: Vec<&str> = below.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        listed,
        [
            format!(
                "  dora-maar: question {}: Grace 1 vs Alan 3",
                dora.questions[0]
            ),
            "  ezra-pound: category async: Grace 1 vs Alan 3".to_owned(),
        ]
    );
    // One apart is not listed.
    assert!(!below.contains(&dora.questions[1]), "{table}");
    assert!(!below.contains(&dora.questions[2]), "{table}");
}

// ---------------------------------------------------------------------------------------------
// Cards down
// ---------------------------------------------------------------------------------------------

/// Fay: Grace 4 4 4 (strong-yes) and Alan 2 2 2 (no) submitted, Hedy's draft has q1 = 1.
/// Gus: Grace 3 3 3 and Alan 3 3 3 submitted. Returns Fay's plan and Hedy's draft.
fn panel_with_a_draft(env: &Env) -> (Plan, String) {
    let fay = plan(env, "Fay Weldon", "Backend Engineer");
    submitted(env, &fay.id, "Grace", &all([4, 4, 4]), "strong-yes");
    submitted(env, &fay.id, "Alan", &all([2, 2, 2]), "no");
    let hedy = draft(env, &fay.id, "Hedy", &[Some(1)]);
    let gus = plan(env, "Gus Grissom", "Backend Engineer");
    submitted(env, &gus.id, "Grace", &all([3, 3, 3]), "yes");
    submitted(env, &gus.id, "Alan", &all([3, 3, 3]), "yes");
    (fay, hedy)
}

#[test]
fn cards_down_withholds_a_candidate_with_a_draft_and_names_who_is_pending() {
    let env = Env::new();
    panel_with_a_draft(&env);
    let report = env.json(&["compare"]);
    // The complete panel ranks first; the withheld one has no score to rank by.
    assert_eq!(ranked_ids(&report), ["gus-grissom", "fay-weldon"]);
    let fay = candidate(&report, "fay-weldon");
    assert_eq!(fay["withheld"], true);
    assert_eq!(fay["overall"], Value::Null);
    assert_eq!(fay["pending"], json!(["Hedy"]));
    // Nothing of the submitted scorecards leaks while withheld: every figure is null, never 0.
    assert_eq!(fay["categories"], Value::Null);
    assert_eq!(fay["disagreements"], Value::Null);
    assert_eq!(fay["recommendations"], Value::Null);
    let gus = candidate(&report, "gus-grissom");
    assert_eq!(gus["withheld"], false);
    assert_eq!(gus["pending"], json!([]));
    assert_close(&gus["overall"], 3.0, "Gus overall");
}

#[test]
fn cards_down_table_says_withheld_and_whom_the_panel_waits_for() {
    let env = Env::new();
    panel_with_a_draft(&env);
    let table = env.ok(&["compare"]);
    let fay = row_of(&table, "(fay-weldon)");
    assert!(fay.contains("withheld"), "{table}");
    for hidden in ["4.00", "3.00", "2.00", "0/1/0/1"] {
        assert!(!fay.contains(hidden), "{hidden} leaks in:\n{table}");
    }
    assert!(row_of(&table, "(gus-grissom)").contains("3.00"), "{table}");
    assert!(
        table.contains(
            "Waiting for scorecards (cards down: scores stay hidden until every card is in)\n  \
             fay-weldon: Hedy\n  --include-pending shows the submitted scores anyway\n"
        ),
        "{table}"
    );
    assert!(!table.contains("Disagreements"), "{table}");
}

#[test]
fn include_pending_shows_submitted_scores_and_never_the_draft() {
    let env = Env::new();
    let (fay, _) = panel_with_a_draft(&env);
    let report = env.json(&["compare", "--include-pending"]);
    let shown = candidate(&report, "fay-weldon");
    assert_eq!(shown["withheld"], false);
    assert_eq!(shown["pending"], json!(["Hedy"]));
    assert_eq!(shown["scorecards"], 2);
    // (4 + 2) / 2: Hedy's draft (q1 = 1) counts nowhere.
    assert_close(&shown["overall"], 3.0, "Fay overall");
    assert_close(&shown["categories"]["async"], 3.0, "Fay async");
    assert_close(&shown["categories"]["security"], 3.0, "Fay security");
    assert_eq!(
        shown["recommendations"],
        json!({"strong-no": 0, "no": 1, "yes": 0, "strong-yes": 1})
    );
    // Disagreements are 2 vs 4 everywhere; with the draft counted q1 would be 1 vs 4.
    let expected: Vec<(String, f64, f64)> = {
        let mut questions: Vec<&String> = fay.questions.iter().collect();
        questions.sort();
        questions
            .into_iter()
            .map(|q| (format!("question {q}"), 2.0, 4.0))
            .chain(["async", "security"].map(|c| (format!("category {c}"), 2.0, 4.0)))
            .collect()
    };
    assert_eq!(disagreements(shown), expected);

    let table = env.ok(&["compare", "--include-pending"]);
    let row = row_of(&table, "(fay-weldon)");
    assert!(row.contains("3.00") && !row.contains("withheld"), "{table}");
    assert!(table.contains("  fay-weldon: Hedy\n"), "{table}");
    assert!(!table.contains("--include-pending shows"), "{table}");
}

#[test]
fn no_command_run_while_scoring_shows_another_interviewers_scores() {
    let env = Env::new();
    let (fay, hedy) = panel_with_a_draft(&env);
    // Grace gave 4 (Strong yes) everywhere, Alan 2: neither may show up in Hedy's outputs.
    let others = |output: &str, what: &str| {
        for leak in ["Grace", "Alan", "Strong yes", "4.00", "strong-yes"] {
            assert!(!output.contains(leak), "{what} shows {leak:?}:\n{output}");
        }
    };
    let start = env.ok(&["start", &fay.id, "--interviewer", "Hedy"]);
    others(&start, "start");
    let start_json = env.json(&["start", &fay.id, "--interviewer", "Hedy"]);
    // (The JSON carries the scale's labels, so only names are checked in the text.)
    for leak in ["Grace", "Alan"] {
        assert!(!start_json.to_string().contains(leak), "{start_json:#}");
    }
    let scores: Vec<&Value> = start_json["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| &a["score"])
        .collect();
    assert_eq!(scores, [&json!(1), &Value::Null, &Value::Null]);
    // Her own figures only (with the others' scores mixed in the overall would not be 1).
    assert_close(&start_json["scores"]["overall"], 1.0, "Hedy's own overall");

    others(&env.ok(&["rate", &hedy, "2", "--score", "2"]), "rate");
    others(&env.ok(&["skip", &hedy, "3"]), "skip");

    let list = env.ok(&["list"]);
    for leak in ["Strong yes", "4.00", "2.00", "strong-yes"] {
        assert!(!list.contains(leak), "list shows {leak:?}:\n{list}");
    }
    let rows = env.json(&["list"]);
    let rows = rows.as_array().expect("list --format json is an array");
    assert_eq!(rows.len(), 5);
    for row in rows {
        let keys: Vec<&String> = row.as_object().expect("row object").keys().collect();
        for forbidden in [
            "score",
            "scores",
            "overall",
            "answers",
            "categories",
            "recommendation",
        ] {
            assert!(
                !keys.iter().any(|k| *k == forbidden),
                "list row has `{forbidden}`: {row:#}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Filters and CSV
// ---------------------------------------------------------------------------------------------

#[test]
fn compare_filters_by_repeated_candidate() {
    let env = Env::new();
    small_panel(&env);
    let report = env.json(&[
        "compare",
        "--candidate",
        "bob-babbage",
        "--candidate",
        "cleo-hopper",
    ]);
    assert_eq!(ranked_ids(&report), ["cleo-hopper", "bob-babbage"]);
    let one = env.json(&["compare", "--candidate", "ada-lovelace"]);
    assert_eq!(ranked_ids(&one), ["ada-lovelace"]);
    assert_close(&one["candidates"][0]["overall"], 2.875, "Ada overall");
}

#[test]
fn compare_filters_by_role_ignoring_case() {
    let env = Env::new();
    small_panel(&env);
    let backend = env.json(&["compare", "--role", "backend engineer"]);
    assert_eq!(ranked_ids(&backend), ["ada-lovelace", "bob-babbage"]);
    let frontend = env.json(&["compare", "--role", "FRONTEND ENGINEER"]);
    assert_eq!(ranked_ids(&frontend), ["cleo-hopper"]);
    let none = env.json(&["compare", "--role", "Designer"]);
    assert_eq!(ranked_ids(&none), Vec::<&str>::new());
}

#[test]
fn compare_refuses_an_unknown_candidate_with_a_clean_error() {
    let env = Env::new();
    small_panel(&env);
    let stderr = env.fails(&["compare", "--candidate", "nobody"], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.starts_with("error: no candidate matches `nobody`\n"),
        "{stderr}"
    );
    assert!(stderr.contains("ada-lovelace"), "lists valid ids: {stderr}");
}

#[test]
fn compare_csv_has_one_row_per_candidate_and_one_column_per_category() {
    let env = Env::new();
    small_panel(&env);
    let out = env.ok(&["compare", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header[..5],
        ["candidate_id", "candidate", "role", "scorecards", "overall"]
    );
    let categories: BTreeSet<&str> = header[5..9].iter().map(String::as_str).collect();
    assert_eq!(
        categories,
        BTreeSet::from(["async", "security", "design", "testing"])
    );
    assert_eq!(header[9..13], ["strong-no", "no", "yes", "strong-yes"]);
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);

    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, ["ada-lovelace", "cleo-hopper", "bob-babbage"]);
    let number = |row: &csv::StringRecord, name: &str| -> f64 {
        row[column(name)].parse().expect("a number")
    };

    let ada = &rows[0];
    assert_eq!(&ada[1], "Ada Lovelace");
    assert_eq!(&ada[2], "Backend Engineer");
    assert_eq!(&ada[3], "2");
    assert!((number(ada, "overall") - 2.875).abs() < 1e-9);
    assert!((number(ada, "async") - 2.75).abs() < 1e-9);
    assert!((number(ada, "security") - 3.0).abs() < 1e-9);
    assert_eq!(&ada[column("design")], "");
    assert_eq!(&ada[column("testing")], "");
    assert_eq!(&ada[column("yes")], "1");
    assert_eq!(&ada[column("strong-yes")], "1");

    let cleo = &rows[1];
    assert_eq!(&cleo[2], "Frontend Engineer");
    // CSV keeps four decimals: 8/3 -> 2.6667.
    assert!((number(cleo, "overall") - 8.0 / 3.0).abs() < 1e-4);
    assert!((number(cleo, "design") - 2.75).abs() < 1e-9);
    assert_eq!(&cleo[column("async")], "");

    let bob = &rows[2];
    assert!((number(bob, "overall") - 1.625).abs() < 1e-9);
    assert!((number(bob, "security") - 1.5).abs() < 1e-9);
    assert_eq!(&bob[column("no")], "2");
}

// ---------------------------------------------------------------------------------------------
// Leniency and normalisation: a planted lenient interviewer
// ---------------------------------------------------------------------------------------------

/// Base scores of five candidates on three questions (1-3, so +1 stays on the 1-4 scale).
const BASE: [[i64; 3]; 5] = [[1, 2, 3], [2, 2, 1], [3, 1, 2], [1, 3, 3], [2, 1, 1]];

/// Five candidates, each scored by Ann and Bob (the base scores) and Lee (base + 1), all on the
/// same three questions. `bob_skips` = (candidate, question) that Bob skips instead.
fn planted_panel(env: &Env, bob_skips: Option<(usize, usize)>) -> Vec<Plan> {
    BASE.iter()
        .enumerate()
        .map(|(c, base)| {
            let plan = plan(env, &format!("Planted {}", c + 1), "Backend Engineer");
            let fair = all(*base);
            let mut bob = fair;
            if let Some((skip_c, skip_q)) = bob_skips
                && skip_c == c
            {
                bob[skip_q] = None;
            }
            submitted(env, &plan.id, "Ann", &fair, "yes");
            submitted(env, &plan.id, "Bob", &bob, "yes");
            submitted(
                env,
                &plan.id,
                "Lee",
                &all(base.map(|s| s + 1)),
                "strong-yes",
            );
            plan
        })
        .collect()
}

#[test]
fn calibrate_finds_the_planted_lenient_interviewer() {
    let env = Env::new();
    planted_panel(&env, None);
    let report = env.json(&["calibrate"]);
    let names: Vec<&str> = report["interviewers"]
        .as_array()
        .expect("interviewers")
        .iter()
        .map(|i| i["interviewer"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Ann", "Bob", "Lee"]);
    for row in report["interviewers"].as_array().expect("interviewers") {
        for key in ["interviewer", "scorecards", "ratings", "mean", "leniency"] {
            assert!(row.get(key).is_some(), "`{key}` in {row:#}");
        }
    }
    // Per unit: Lee (b + 1) - (b + b) / 2 = +1; Ann b - (b + b + 1) / 2 = -0.5; Bob likewise.
    let base_sum: i64 = BASE.iter().flatten().sum(); // 28 over 15 ratings
    for (name, leniency, shift) in [("Ann", -0.5, 0.0), ("Bob", -0.5, 0.0), ("Lee", 1.0, 1.0)] {
        let row = interviewer(&report, name);
        assert_eq!(row["scorecards"], 5, "{name}");
        assert_eq!(row["ratings"], 15, "{name}");
        assert_eq!(row["shared_units"], 15, "{name}");
        assert_close(&row["leniency"], leniency, &format!("{name} leniency"));
        assert_close(
            &row["mean"],
            base_sum as f64 / 15.0 + shift,
            &format!("{name} mean"),
        );
    }
    let largest = report["interviewers"]
        .as_array()
        .expect("interviewers")
        .iter()
        .max_by(|a, b| {
            a["leniency"]
                .as_f64()
                .expect("leniency")
                .total_cmp(&b["leniency"].as_f64().expect("leniency"))
        })
        .expect("an interviewer");
    assert_eq!(largest["interviewer"], "Lee");
}

#[test]
fn normalize_subtracts_each_interviewers_leniency() {
    let env = Env::new();
    let plans = planted_panel(&env, None);
    // Two more candidates seen by one interviewer each, on the same base 2 2 2: Lee gives 3s,
    // Ann 2s. Their units have one rater, so the leniencies stay Lee +1, Ann and Bob -0.5.
    let lenny = plan(&env, "Lenny Solo", "Backend Engineer");
    submitted(&env, &lenny.id, "Lee", &all([3, 3, 3]), "yes");
    let fairy = plan(&env, "Fairy Solo", "Backend Engineer");
    submitted(&env, &fairy.id, "Ann", &all([2, 2, 2]), "yes");

    let raw = env.json(&["compare"]);
    assert_eq!(raw["normalized"], false);
    let normalized = env.json(&["compare", "--normalize"]);
    assert_eq!(normalized["normalized"], true);

    // Lee's 3 - (+1) = 2; Ann's 2 - (-0.5) = 2.5: the ranking of the two flips.
    assert_close(&candidate(&raw, "lenny-solo")["overall"], 3.0, "raw Lenny");
    assert_close(&candidate(&raw, "fairy-solo")["overall"], 2.0, "raw Fairy");
    let lenny_n = candidate(&normalized, "lenny-solo");
    assert_close(&lenny_n["overall"], 2.0, "normalised Lenny");
    assert_close(
        &lenny_n["categories"]["async"],
        2.0,
        "normalised Lenny async",
    );
    assert_close(
        &lenny_n["categories"]["security"],
        2.0,
        "normalised Lenny sec",
    );
    assert_close(
        &candidate(&normalized, "fairy-solo")["overall"],
        2.5,
        "normalised Fairy",
    );
    let position = |report: &Value, id: &str| {
        ranked_ids(report)
            .iter()
            .position(|c| *c == id)
            .expect("ranked")
    };
    assert!(position(&raw, "lenny-solo") < position(&raw, "fairy-solo"));
    assert!(position(&normalized, "fairy-solo") < position(&normalized, "lenny-solo"));

    // Candidates seen by all three: Ann and Bob move up 0.5 and Lee down 1, so the candidate
    // mean does not move (the leniencies sum to zero). Planted 1 (base 1 2 3): Ann and Bob
    // score async 1.5, security 3, overall 2.25; Lee 3.25; the mean is 7.75 / 3 either way.
    for plan in &plans {
        let id = plan.candidate_id.as_str();
        let before = candidate(&raw, id);
        let after = candidate(&normalized, id);
        assert_close(
            &after["overall"],
            before["overall"].as_f64().expect("overall"),
            id,
        );
    }
    assert_close(
        &candidate(&normalized, "planted-1")["overall"],
        7.75 / 3.0,
        "planted-1",
    );

    let table = env.ok(&["compare", "--normalize"]);
    assert_eq!(
        table.lines().next(),
        Some("Panel comparison: 7 candidates | scores normalised for interviewer leniency")
    );
    assert!(
        !env.ok(&["compare"]).contains("normalised"),
        "only --normalize says so"
    );
}

// ---------------------------------------------------------------------------------------------
// Agreement
// ---------------------------------------------------------------------------------------------

#[test]
fn calibrate_gives_icc_and_alpha_for_a_complete_design() {
    let env = Env::new();
    planted_panel(&env, None);
    let report = env.json(&["calibrate"]);
    let agreement = &report["agreement"];
    assert_eq!(agreement["units"], 15);
    assert_eq!(agreement["pairable_units"], 15);
    assert_eq!(agreement["icc_raters"], 3);
    assert_eq!(agreement["icc_note"], Value::Null);
    // Columns Ann, Bob, Lee; one row per (candidate, question).
    let rows: Vec<Vec<f64>> = BASE
        .iter()
        .flatten()
        .map(|&b| vec![b as f64, b as f64, b as f64 + 1.0])
        .collect();
    let (single, average) = icc_two_way_random(&rows);
    assert_close(&agreement["icc_single"], single, "ICC(2,1)");
    assert_close(&agreement["icc_average"], average, "ICC(2,3)");
    let with_gaps: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| r.iter().copied().map(Some).collect())
        .collect();
    assert_close(
        &agreement["alpha_interval"],
        krippendorff_interval(&with_gaps),
        "alpha interval",
    );
    for key in ["alpha_interval", "alpha_ordinal"] {
        let alpha = agreement[key].as_f64().expect("alpha is a number");
        assert!((-1.0..=1.0).contains(&alpha), "{key} = {alpha}");
    }
}

#[test]
fn one_skipped_answer_drops_its_unit_from_icc_not_the_whole_icc() {
    let env = Env::new();
    planted_panel(&env, Some((2, 1)));
    let report = env.json(&["calibrate"]);
    let agreement = &report["agreement"];
    // Listwise: the 14 units rated by Ann, Bob and Lee; the one Bob skipped is left out.
    assert_eq!(agreement["icc_units"], 14);
    assert_eq!(agreement["icc_dropped_units"], 1);
    assert_eq!(agreement["icc_raters"], 3);
    let rows: Vec<Vec<f64>> = BASE
        .iter()
        .flatten()
        .enumerate()
        .filter(|(unit, _)| *unit != 2 * 3 + 1)
        .map(|(_, &b)| vec![b as f64, b as f64, b as f64 + 1.0])
        .collect();
    let (single, average) = icc_two_way_random(&rows);
    assert_close(
        &agreement["icc_single"],
        single,
        "ICC(2,1) of the complete units",
    );
    assert_close(
        &agreement["icc_average"],
        average,
        "ICC(2,3) of the complete units",
    );
    // The skipped unit is still rated by Ann and Lee, so alpha keeps it.
    assert_eq!(agreement["units"], 15);
    assert_eq!(agreement["pairable_units"], 15);
    assert_eq!(agreement["pairable_values"], 44);
    assert!(agreement["alpha_interval"].is_f64());
    assert_eq!(interviewer(&report, "Bob")["ratings"], 14);
    let table = env.ok(&["calibrate"]);
    assert!(
        table.contains("on 14 units rated by the same 3 interviewers (1 left out)"),
        "{table}"
    );
}

#[test]
fn a_single_interviewer_gives_null_agreement_with_reasons_and_no_nan() {
    let env = Env::new();
    let solo = plan(&env, "Solo Candidate", "Backend Engineer");
    submitted(&env, &solo.id, "Grace", &all([1, 2, 4]), "yes");
    let text = env.ok(&["calibrate", "--format", "json"]);
    assert!(
        !text.contains("NaN") && !text.contains("Infinity"),
        "{text}"
    );
    let report: Value = serde_json::from_str(&text).expect("JSON");
    let agreement = &report["agreement"];
    assert_eq!(agreement["units"], 3);
    assert_eq!(agreement["pairable_units"], 0);
    assert_eq!(agreement["alpha_interval"], Value::Null);
    assert_eq!(agreement["alpha_ordinal"], Value::Null);
    assert_eq!(
        agreement["alpha_note"],
        "at least two interviewers are needed"
    );
    assert_eq!(agreement["icc_single"], Value::Null);
    assert_eq!(
        agreement["icc_note"],
        "no unit is rated by two or more interviewers"
    );
    assert_eq!(agreement["alpha_interval_ci"], Value::Null);
    assert_eq!(agreement["alpha_reading"], Value::Null);
    assert_eq!(agreement["icc_reading"], Value::Null);
    let grace = interviewer(&report, "Grace");
    assert_eq!(grace["leniency"], Value::Null);
    assert_close(&grace["mean"], 7.0 / 3.0, "Grace mean");

    let table = env.ok(&["calibrate"]);
    assert!(
        table.contains("  Krippendorff's alpha: none (at least two interviewers are needed)\n"),
        "{table}"
    );
    env.ok(&["compare"]);
}

#[test]
fn calibrate_table_notes_an_interviewer_with_fewer_than_five_shared_units() {
    let env = Env::new();
    // Grace and Alan share six units; Hedy joins one candidate and rates two questions.
    let first = plan(&env, "First Candidate", "Backend Engineer");
    let second = plan(&env, "Second Candidate", "Backend Engineer");
    for plan in [&first, &second] {
        submitted(&env, &plan.id, "Grace", &all([3, 2, 3]), "yes");
        submitted(&env, &plan.id, "Alan", &all([2, 2, 3]), "yes");
    }
    submitted(&env, &first.id, "Hedy", &[Some(4), Some(3), None], "yes");
    let report = env.json(&["calibrate"]);
    assert_eq!(interviewer(&report, "Hedy")["shared_units"], 2);
    assert_eq!(interviewer(&report, "Grace")["shared_units"], 6);
    let table = env.ok(&["calibrate"]);
    assert!(
        row_of(&table, "| Hedy").contains("rests on 2 shared units; read with care"),
        "{table}"
    );
    for name in ["| Grace", "| Alan"] {
        assert!(!row_of(&table, name).contains("read with care"), "{table}");
    }
}

// ---------------------------------------------------------------------------------------------
// Published worked examples, written as scorecard files
// ---------------------------------------------------------------------------------------------

/// Writes one candidate's scorecards from a units x interviewers table (None: not rated).
fn write_reliability_data(
    env: &Env,
    candidate_id: &str,
    scale: (i64, i64),
    interviewers: &[&str],
    units: &[Vec<Option<i64>>],
) {
    for (column, name) in interviewers.iter().enumerate() {
        let mut card = CardFile::new(
            u32::try_from(column).expect("few interviewers") + 1,
            candidate_id,
            name,
        )
        .scale(scale.0, scale.1)
        .category("judgement", 1.0);
        for (row, unit) in units.iter().enumerate() {
            card = card.answer(&format!("unit-{}", row + 1), "judgement", unit[column]);
        }
        card.write(env);
    }
}

#[test]
fn calibrate_reproduces_shrout_and_fleiss_table_2() {
    let env = Env::new();
    // Shrout & Fleiss (1979), Table 2: six targets, four judges, a 1-10 scale.
    let table: [[i64; 4]; 6] = [
        [9, 2, 5, 8],
        [6, 1, 3, 2],
        [8, 4, 6, 8],
        [7, 1, 2, 6],
        [10, 5, 6, 9],
        [6, 2, 4, 7],
    ];
    let units: Vec<Vec<Option<i64>>> = table.iter().map(|row| row.map(Some).to_vec()).collect();
    write_reliability_data(
        &env,
        "shrout-fleiss",
        (1, 10),
        &["Judge 1", "Judge 2", "Judge 3", "Judge 4"],
        &units,
    );
    let agreement = env.json(&["calibrate"])["agreement"].clone();
    assert_eq!(agreement["units"], 6);
    assert_eq!(agreement["icc_raters"], 4);
    // Published: ICC(2,1) = .29, ICC(2,4) = .62.
    assert_three_decimals(&agreement["icc_single"], 0.290, "ICC(2,1)");
    assert_three_decimals(&agreement["icc_average"], 0.620, "ICC(2,4)");
    // The test's own formula agrees, so it can be trusted on other panels.
    let rows: Vec<Vec<f64>> = table
        .iter()
        .map(|row| row.iter().map(|&x| x as f64).collect())
        .collect();
    let (single, average) = icc_two_way_random(&rows);
    assert_close(&agreement["icc_single"], single, "ICC(2,1) by formula");
    assert_close(&agreement["icc_average"], average, "ICC(2,4) by formula");
}

#[test]
fn calibrate_reproduces_krippendorffs_2011_example_with_missing_data() {
    let env = Env::new();
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers x 12
    // units, values 1-5, with missing data.
    // One line per observer, `.` where the observer gave no value.
    let observers: Vec<Vec<Option<i64>>> = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    .iter()
    .map(|line| line.split(' ').map(|v| v.parse().ok()).collect())
    .collect();
    let units: Vec<Vec<Option<i64>>> = (0..12)
        .map(|u| observers.iter().map(|o| o[u]).collect())
        .collect();
    write_reliability_data(
        &env,
        "krippendorff",
        (1, 5),
        &["Observer A", "Observer B", "Observer C", "Observer D"],
        &units,
    );
    let agreement = env.json(&["calibrate"])["agreement"].clone();
    assert_eq!(agreement["units"], 12);
    assert_eq!(agreement["pairable_units"], 11);
    // Published: interval .849, ordinal .815.
    assert_three_decimals(&agreement["alpha_interval"], 0.849, "alpha interval");
    assert_three_decimals(&agreement["alpha_ordinal"], 0.815, "alpha ordinal");
    let as_f64: Vec<Vec<Option<f64>>> = units
        .iter()
        .map(|u| u.iter().map(|s| s.map(|s| s as f64)).collect())
        .collect();
    assert_close(
        &agreement["alpha_interval"],
        krippendorff_interval(&as_f64),
        "alpha interval by definition",
    );
    // Krippendorff's n is 40 values; units 2 to 9 are the largest set rated by all four.
    assert_eq!(agreement["pairable_values"], 40);
    assert_eq!(agreement["icc_units"], 8);
    assert_eq!(agreement["icc_dropped_units"], 4);
    assert_eq!(agreement["icc_raters"], 4);
    // 11 pairable units: enough for a reading of .849.
    assert_eq!(agreement["alpha_reading"], "reliable");
}

// ---------------------------------------------------------------------------------------------
// A larger generated panel, written as files
// ---------------------------------------------------------------------------------------------

const GENERATED_CANDIDATES: u32 = 12;
const GENERATED_QUESTIONS: [(&str, &str); 4] = [
    ("g-async-1", "async"),
    ("g-async-2", "async"),
    ("g-security-1", "security"),
    ("g-security-2", "security"),
];

/// The fair base score (1 or 2) of candidate `c` on question `q`: a fixed scramble that gives
/// the candidates overall scores from 1 to 2 in steps of 0.25.
fn generated_base(c: u32, q: usize) -> i64 {
    let q = u32::try_from(q).expect("few questions");
    1 + i64::from((c * 17 + q * q * 5 + c * q * 3) % 9 > 3)
}

/// Twelve candidates x four questions (two categories); Fair One and Fair Two give the base
/// score, Lenient Lou base + 2 on every answer.
fn generated_panel(env: &Env) {
    for c in 0..GENERATED_CANDIDATES {
        let id = format!("gen-{c:02}");
        for (r, (name, plus)) in [("Fair One", 0), ("Fair Two", 0), ("Lenient Lou", 2)]
            .into_iter()
            .enumerate()
        {
            let mut card = CardFile::new(100 + c * 10 + u32::try_from(r).expect("r"), &id, name)
                .category("async", 1.0)
                .category("security", 1.0);
            for (q, (question, category)) in GENERATED_QUESTIONS.iter().enumerate() {
                card = card.answer(question, category, Some(generated_base(c, q) + plus));
            }
            card.write(env);
        }
    }
}

/// The fair interviewers' overall score of candidate `c`: the mean of the two category means.
fn generated_fair_overall(c: u32) -> f64 {
    let async_mean = (generated_base(c, 0) + generated_base(c, 1)) as f64 / 2.0;
    let security_mean = (generated_base(c, 2) + generated_base(c, 3)) as f64 / 2.0;
    f64::midpoint(async_mean, security_mean)
}

#[test]
fn generated_panel_scores_and_calibration_match_independent_computation() {
    let env = Env::new();
    generated_panel(&env);
    let report = env.json(&["compare"]);
    assert_eq!(candidates(&report).len(), 12);
    for c in 0..GENERATED_CANDIDATES {
        let id = format!("gen-{c:02}");
        // (fair + fair + (fair + 2)) / 3
        let expected = generated_fair_overall(c) + 2.0 / 3.0;
        assert_close(&candidate(&report, &id)["overall"], expected, &id);
    }
    let overall: Vec<f64> = candidates(&report)
        .iter()
        .map(|c| c["overall"].as_f64().expect("overall"))
        .collect();
    assert!(overall.windows(2).all(|w| w[0] >= w[1]), "{overall:?}");

    let calibration = env.json(&["calibrate"]);
    for (name, leniency) in [("Fair One", -1.0), ("Fair Two", -1.0), ("Lenient Lou", 2.0)] {
        let row = interviewer(&calibration, name);
        assert_close(&row["leniency"], leniency, name);
        assert_eq!(row["shared_units"], 48, "{name}");
        assert_eq!(row["scorecards"], 12, "{name}");
        assert_eq!(row["ratings"], 48, "{name}");
    }
    let agreement = &calibration["agreement"];
    assert_eq!(agreement["units"], 48);
    assert_eq!(agreement["pairable_units"], 48);
    assert_eq!(agreement["icc_raters"], 3);
    let rows: Vec<Vec<f64>> = (0..GENERATED_CANDIDATES)
        .flat_map(|c| {
            (0..GENERATED_QUESTIONS.len()).map(move |q| {
                let b = generated_base(c, q) as f64;
                vec![b, b, b + 2.0]
            })
        })
        .collect();
    let (single, average) = icc_two_way_random(&rows);
    assert_close(&agreement["icc_single"], single, "ICC(2,1)");
    assert_close(&agreement["icc_average"], average, "ICC(2,3)");
    let with_gaps: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| r.iter().copied().map(Some).collect())
        .collect();
    assert_close(
        &agreement["alpha_interval"],
        krippendorff_interval(&with_gaps),
        "alpha interval",
    );
}

#[test]
fn normalize_removes_category_disagreements_caused_by_a_lenient_interviewer() {
    let env = Env::new();
    generated_panel(&env);
    // Raw: Lou is 2 above both fair interviewers on every question and category.
    let raw = env.json(&["compare"]);
    for c in candidates(&raw) {
        let found = disagreements(c);
        assert_eq!(found.len(), 6, "4 questions + 2 categories: {c:#}");
        assert_eq!(found[4].0, "category async");
        assert_eq!(found[5].0, "category security");
    }
    // Normalised: the fair ones move up 1, Lou down 2, so the category means are 1 apart.
    let normalized = env.json(&["compare", "--normalize"]);
    assert_eq!(normalized["normalized"], true);
    for c in candidates(&normalized) {
        let categories: Vec<(String, f64, f64)> = disagreements(c)
            .into_iter()
            .filter(|(what, _, _)| what.starts_with("category "))
            .collect();
        assert_eq!(categories, [], "{c:#}");
    }
}

#[test]
fn normalize_removes_question_disagreements_caused_by_a_lenient_interviewer() {
    let env = Env::new();
    generated_panel(&env);
    assert!(env.ok(&["compare"]).contains("Disagreements"));
    // Normalised, every score is leniency-adjusted: Fair One and Fair Two at base + 1, Lou at
    // base, so no question is 2 points apart any more.
    let normalized = env.json(&["compare", "--normalize"]);
    for c in candidates(&normalized) {
        assert_eq!(c["disagreements"], json!([]), "{c:#}");
    }
    let table = env.ok(&["compare", "--normalize"]);
    assert!(!table.contains("Disagreements"), "{table}");
}

// ---------------------------------------------------------------------------------------------
// Broken files
// ---------------------------------------------------------------------------------------------

#[test]
fn an_unparseable_scorecard_makes_compare_fail_naming_the_file() {
    let env = Env::new();
    CardFile::new(1, "ada", "Grace")
        .answer("q1", "async", Some(3))
        .write(&env);
    let broken = "ws/candidates/bob/scorecard-01900000-0000-7000-8000-000000000099.toml";
    let text = "schema = 1\nid = \"01900000-0000-7000-8000-000000000099\"\nthis is [not toml\n";
    let path = env.write(broken, text);
    for command in ["compare", "calibrate"] {
        let stderr = env.fails(&[command], 1);
        assert_clean_error(&stderr);
        // The file, then the line of the problem.
        assert!(
            stderr.starts_with(&format!("error: {}:3:", path.display())),
            "{command} names the file: {stderr}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(path).expect("file"),
        text,
        "left as it was"
    );
}
