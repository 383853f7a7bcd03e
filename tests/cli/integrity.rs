//! Panel integrity: cards down in every command that reads scores, disagreements between
//! different interviewers (the two-round loop), scales never pooled, amendments of the
//! recommendation and summary, and the figures `calibrate` gives about what it rests on.

use serde_json::{Value, json};

use crate::support::{Env, assert_clean_error, draft, panel_plan, start, submitted};

/// Fay: Grace (4 4 4, strong-yes) and Alan (1 1 1, no) submitted, Hedy's card a draft.
/// Gus: Grace and Alan submitted (3 3 3, yes). Returns Grace's card of Fay and Hedy's draft.
fn pending_panel(env: &Env) -> (String, String) {
    let fay = panel_plan(env, "Fay Weldon", "Backend", &[]);
    let grace = submitted(env, &fay, "Grace", &[4, 4, 4], "strong-yes");
    submitted(env, &fay, "Alan", &[1, 1, 1], "no");
    let hedy = draft(env, &fay, "Hedy", &[2]);
    let gus = panel_plan(env, "Gus Grissom", "Backend", &[]);
    submitted(env, &gus, "Grace", &[3, 3, 3], "yes");
    submitted(env, &gus, "Alan", &[3, 3, 3], "yes");
    (grace, hedy)
}

const LEFT_OUT: &str = "note: left out 1 candidate whose panel still has drafts (cards down): fay-weldon (waiting for Hedy); --include-pending includes them\n";

#[test]
fn compare_withholds_figures_as_null_and_empty_cells_never_zero() {
    let env = Env::new();
    pending_panel(&env);
    let report = env.json(&["compare"]);
    let fay = &report["candidates"][1];
    assert_eq!(fay["candidate_id"], "fay-weldon");
    assert_eq!(fay["withheld"], true);
    assert_eq!(fay["pending"], json!(["Hedy"]));
    for field in [
        "overall",
        "categories",
        "recommendations",
        "disagreements",
        "category_disagreements",
    ] {
        assert_eq!(fay[field], Value::Null, "{field}");
    }
    let csv = env.ok(&["compare", "--format", "csv"]);
    let row = csv
        .lines()
        .find(|l| l.starts_with("fay-weldon,"))
        .expect("Fay's row");
    // candidate_id, candidate, role, scorecards, overall, async, security, 4 counts,
    // disagreements, pending: only the names and who is pending are filled in.
    assert_eq!(row, "fay-weldon,Fay Weldon,Backend,2,,,,,,,,,Hedy");

    let lifted = env.json(&["compare", "--include-pending"]);
    let fay = &lifted["candidates"][1];
    assert_eq!(fay["candidate_id"], "fay-weldon");
    assert_eq!(fay["overall"], 2.5);
    assert_eq!(
        fay["recommendations"],
        json!({"strong-no": 0, "no": 1, "yes": 0, "strong-yes": 1})
    );
}

#[test]
fn calibrate_leaves_a_pending_candidate_out_and_says_whom_it_waits_for() {
    let env = Env::new();
    pending_panel(&env);
    let (stdout, stderr) = env.outputs(&["calibrate", "--format", "json"]);
    assert_eq!(stderr, LEFT_OUT);
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let grace = &report["interviewers"][1];
    assert_eq!(grace["interviewer"], "Grace");
    assert_eq!(grace["scorecards"], 1, "only Gus counts");
    assert_eq!(report["agreement"]["units"], 3);

    // A candidate outside the selection is not reported as left out.
    let (_, stderr) = env.outputs(&["calibrate", "--role", "Data"]);
    assert!(!stderr.contains("left out"), "{stderr}");
    let (stdout, stderr) = env.outputs(&["calibrate", "--include-pending", "--format", "json"]);
    assert_eq!(stderr, "");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["interviewers"][1]["scorecards"], 2);
    assert_eq!(report["agreement"]["units"], 6);
}

#[test]
fn csv_exports_of_both_shapes_leave_a_pending_candidate_out() {
    let env = Env::new();
    pending_panel(&env);
    for shape in ["answers", "summary"] {
        let (csv, stderr) = env.outputs(&["export", "csv", "--shape", shape]);
        assert_eq!(stderr, LEFT_OUT, "{shape}");
        assert!(!csv.contains("fay-weldon"), "{shape}: {csv}");
        assert!(csv.contains("gus-grissom"), "{shape}: {csv}");
        let (csv, stderr) = env.outputs(&["export", "csv", "--shape", shape, "--include-pending"]);
        assert_eq!(stderr, "", "{shape}");
        assert!(csv.contains("fay-weldon"), "{shape}: {csv}");
    }
    // The summary of a lifted panel counts its submitted recommendations; the draft counts nowhere.
    let (csv, _) = env.outputs(&["export", "csv", "--shape", "summary", "--include-pending"]);
    let fay = csv
        .lines()
        .find(|l| l.starts_with("fay-weldon,"))
        .expect("row");
    assert!(fay.ends_with(",0,1,0,1"), "{fay}");
    // Answers: six rated answers of Grace and Alan, none of Hedy's draft.
    let (csv, _) = env.outputs(&["export", "csv", "--include-pending"]);
    assert_eq!(
        csv.lines().filter(|l| l.starts_with("fay-weldon,")).count(),
        6
    );
    assert!(!csv.contains("Hedy"), "{csv}");
}

#[test]
fn markdown_export_leaves_a_pending_candidate_out_and_anonymised_notes_stay_anonymous() {
    let env = Env::new();
    pending_panel(&env);
    let (text, stderr) = env.outputs(&["export", "markdown"]);
    assert_eq!(stderr, LEFT_OUT);
    assert!(!text.contains("Fay Weldon"), "{text}");
    assert!(text.contains("Gus Grissom"), "{text}");
    let (_, stderr) = env.outputs(&["export", "markdown", "--anonymize"]);
    assert!(!stderr.contains("fay-weldon"), "{stderr}");
    assert!(stderr.contains("waiting for Hedy"), "{stderr}");
    let (text, stderr) = env.outputs(&["export", "markdown", "--include-pending"]);
    assert_eq!(stderr, "");
    assert!(text.contains("Fay Weldon"), "{text}");
}

#[test]
fn show_keeps_another_interviewers_card_down_and_always_shows_ones_own() {
    let env = Env::new();
    let (grace, hedy) = pending_panel(&env);
    let stderr = env.fails(&["show", &grace, "--interviewer", "Hedy"], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: scorecard `{grace}` is Grace's, and the panel of `fay-weldon` is still waiting for Hedy (cards down)\n"
        )),
        "{stderr}"
    );
    // Nobody named: Hedy is still writing, so Grace's card stays down, in every format.
    for format in ["table", "json", "markdown", "toml"] {
        env.fails(&["show", &grace, "--format", format], 1);
    }
    // One's own card always shows: by flag, by environment, by settings.
    env.ok(&["show", &grace, "--interviewer", "grace"]);
    env.ok(&["show", &hedy, "--interviewer", "Hedy"]);
    env.cmd()
        .env("SCORECARD_INTERVIEWER", "Grace")
        .args(["show", &grace])
        .assert()
        .success();
    env.write("ws/scorecard.toml", "interviewer = \"Hedy\"\n");
    env.ok(&["show", &hedy]);
    env.fails(&["show", &grace], 1);
    // --include-pending lifts the rule.
    let shown = env.json(&["show", &grace, "--interviewer", "Hedy", "--include-pending"]);
    assert_eq!(shown["recommendation"], "strong-yes");
    // Once Hedy submits, everyone sees everything.
    env.ok(&[
        "submit",
        &hedy,
        "--recommendation",
        "yes",
        "--allow-unrated",
    ]);
    env.ok(&["show", &grace]);
}

#[test]
fn the_two_round_loop_flags_the_category_disagreement_with_a_colleague() {
    // Grace runs the phone screen (async 1 1) and, with Alan, the technical round (--fresh):
    // Grace async 4 4, Alan async 1 1. Grace's lowest and highest async means are both hers,
    // yet Alan is 3 points from her technical round.
    let env = Env::new();
    let screen = panel_plan(&env, "Ada Lovelace", "Backend", &[]);
    let technical = panel_plan(&env, "Ada Lovelace", "Backend", &["--fresh"]);
    submitted(&env, &screen, "Grace Hopper", &[1, 1, 3], "no");
    submitted(&env, &technical, "Grace Hopper", &[4, 4, 3], "yes");
    submitted(&env, &technical, "Alan Turing", &[1, 1, 3], "no");
    let report = env.json(&["compare"]);
    let ada = &report["candidates"][0];
    let categories = ada["category_disagreements"]
        .as_array()
        .expect("category disagreements");
    assert_eq!(categories.len(), 1, "{ada}");
    assert_eq!(categories[0]["category"], "async");
    assert_eq!(categories[0]["min"], 1);
    assert_eq!(categories[0]["max"], 4);
    assert_eq!(categories[0]["low"], "Alan Turing");
    assert_eq!(categories[0]["high"], "Grace Hopper");
    let table = env.ok(&["compare"]);
    assert!(
        table.contains("ada-lovelace: category async: Alan Turing 1 vs Grace Hopper 4"),
        "{table}"
    );
}

/// A workspace bank on a 0-10 scale, for the role `Data`.
const WIDE_BANK: &str = r#"schema = 1
id = "wide"
title = "Wide scale"
version = "1"

[scale]
min = 0
max = 10
labels = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]

[[categories]]
id = "sql"
title = "SQL"

[[questions]]
id = "joins"
category = "sql"
prompt = "Explain joins."
expected = ["inner and outer"]

[[questions]]
id = "indexes"
category = "sql"
prompt = "When does an index help?"
expected = ["selectivity"]
"#;

#[test]
fn compare_and_calibrate_refuse_to_pool_two_scales_and_name_the_flag() {
    let env = Env::new();
    env.write("ws/banks/wide.toml", WIDE_BANK);
    let ada = panel_plan(&env, "Ada Lovelace", "Backend", &[]);
    submitted(&env, &ada, "Grace", &[3, 3, 3], "yes");
    let bob = env
        .ok(&[
            "plan",
            "new",
            "--candidate",
            "Bob",
            "--role",
            "Data",
            "--bank",
            "wide",
            "--per-category",
            "2",
            "--quiet",
        ])
        .trim()
        .to_owned();
    submitted(&env, &bob, "Grace", &[9, 7], "yes");
    let expected = "error: the selected scorecards use 2 rating scales, and scores on different scales are never pooled: 0 to 10 (role `Data`; bank `wide`), 1 to 4 (role `Backend`; bank `nodejs-backend-senior`)\npick one scale with --role ROLE\n";
    for command in [
        &["compare"][..],
        &["compare", "--normalize"],
        &["calibrate"],
        &["calibrate", "--format", "json"],
    ] {
        let stderr = env.fails(command, 1);
        assert_eq!(stderr, expected, "{command:?}");
    }
    // One role, one scale: no refusal, and leniency is measured on that scale alone.
    let report = env.json(&["compare", "--role", "Data", "--normalize"]);
    assert_eq!(report["candidates"][0]["overall"], 8.0 - 0.0);
    env.ok(&["calibrate", "--role", "Backend"]);
}

#[test]
fn amended_notes_are_kept_in_the_history() {
    let env = Env::new();
    let ada = panel_plan(&env, "Ada Lovelace", "Backend", &[]);
    let card = start(&env, &ada, "Grace");
    for q in ["1", "2", "3"] {
        env.ok(&[
            "rate",
            &card,
            q,
            "--score",
            "2",
            "--notes",
            "original notes",
        ]);
    }
    env.ok(&["submit", &card, "--recommendation", "no"]);
    let (_, said) = env.outputs(&[
        "amend",
        &card,
        "1",
        "--score",
        "3",
        "--notes",
        "rewritten",
        "--reason",
        "recheck",
    ]);
    assert!(
        said.starts_with("Amended `")
            && said.contains(": 2 (notes: original notes) -> 3 (notes: rewritten) (recheck)"),
        "{said}"
    );
    let shown = env.json(&["show", &card]);
    let entry = &shown["history"][0];
    assert_eq!(
        (entry["old_notes"].as_str(), entry["new_notes"].as_str()),
        (Some("original notes"), Some("rewritten"))
    );
    // A score alone leaves the notes out of the entry.
    env.ok(&["amend", &card, "2", "--score", "4", "--reason", "recount"]);
    let entry = &env.json(&["show", &card])["history"][1];
    assert!(entry.get("old_notes").is_none(), "{entry}");
}

#[test]
fn amend_changes_a_recommendation_or_summary_with_a_reason_kept_in_history() {
    let env = Env::new();
    let ada = panel_plan(&env, "Ada Lovelace", "Backend", &[]);
    let card = draft(&env, &ada, "Grace", &[3, 3, 3]);
    let refused = env.fails(
        &["amend", &card, "--recommendation", "no", "--reason", "x"],
        1,
    );
    assert!(refused.contains("is a draft"), "{refused}");
    env.ok(&[
        "submit",
        &card,
        "--recommendation",
        "yes",
        "--summary",
        "Solid.",
    ]);
    assert_eq!(
        env.outputs(&[
            "amend",
            &card,
            "--recommendation",
            "no",
            "--reason",
            "debrief: missed the security basics"
        ])
        .1,
        "Amended recommendation: yes -> no (debrief: missed the security basics) | history has 1 amendment\n"
    );
    assert_eq!(
        env.outputs(&[
            "amend",
            &card,
            "--summary",
            "Weak on XSS.",
            "--reason",
            "rewrote it"
        ])
        .1,
        "Amended summary: Solid. -> Weak on XSS. (rewrote it) | history has 2 amendments\n"
    );
    // A change that changes nothing is refused, and the file keeps its two entries.
    let noop = env.fails(
        &[
            "amend",
            &card,
            "--recommendation",
            "no",
            "--reason",
            "again",
        ],
        1,
    );
    assert_eq!(
        noop,
        format!("error: scorecard `{card}` already recommends `no`; nothing to amend\n")
    );
    let noop = env.fails(
        &[
            "amend",
            &card,
            "--summary",
            " Weak on XSS. ",
            "--reason",
            "x",
        ],
        1,
    );
    assert!(noop.contains("nothing to amend"), "{noop}");
    // One thing at a time; a reason is required.
    env.fails(
        &[
            "amend",
            &card,
            "1",
            "--score",
            "2",
            "--recommendation",
            "no",
            "--reason",
            "x",
        ],
        2,
    );
    env.fails(&["amend", &card, "--recommendation", "no"], 2);
    env.fails(&["amend", &card, "--reason", "x"], 2);

    let shown = env.json(&["show", &card]);
    assert_eq!(shown["recommendation"], "no");
    assert_eq!(shown["summary"], "Weak on XSS.");
    assert_eq!(shown["history"][0]["old_recommendation"], "yes");
    assert_eq!(shown["history"][0]["new_recommendation"], "no");
    assert_eq!(shown["history"][1]["old_summary"], "Solid.");
    assert_eq!(shown["history"][1]["new_summary"], "Weak on XSS.");
    assert!(shown["history"][0].get("question").is_none());
    let table = env.ok(&["show", &card]);
    assert!(
        table.contains(" recommendation: yes -> no (debrief: missed the security basics)\n"),
        "{table}"
    );
    let markdown = env.ok(&["show", &card, "--format", "markdown"]);
    assert!(
        markdown.contains("| recommendation | yes | no | debrief: missed the security basics |"),
        "{markdown}"
    );
    let toml = env.ok(&["show", &card, "--format", "toml"]);
    assert!(toml.contains("new_summary = \"Weak on XSS.\""), "{toml}");
    // The Markdown export prints the history itself, not a count.
    let export = env.ok(&["export", "markdown"]);
    assert!(
        export.contains("| summary | Solid. | Weak on XSS. | rewrote it |"),
        "{export}"
    );
    assert!(
        export.contains("| recommendation | yes | no | debrief: missed the security basics |"),
        "{export}"
    );
}

/// Eight candidates, each rated on three questions by Ann, Bob and Cy (24 units); Cy skips one.
fn calibration_panel(env: &Env) {
    let scores = [
        [[4, 3, 4], [4, 4, 3], [3, 3, 4]],
        [[2, 1, 2], [2, 2, 1], [1, 2, 2]],
        [[3, 3, 2], [3, 4, 3], [3, 3, 3]],
        [[1, 2, 1], [1, 1, 2], [2, 1, 1]],
        [[4, 4, 4], [3, 4, 4], [4, 3, 4]],
        [[2, 3, 2], [2, 2, 3], [3, 2, 2]],
        [[3, 2, 3], [3, 3, 2], [2, 3, 3]],
        [[1, 1, 2], [2, 1, 1], [1, 2, 1]],
    ];
    for (c, by_rater) in scores.iter().enumerate() {
        let plan = panel_plan(env, &format!("Candidate {c}"), "Backend", &[]);
        for (name, row) in ["Ann", "Bob", "Cy"].iter().zip(by_rater) {
            let card = if *name == "Cy" && c == 7 {
                let card = draft(env, &plan, name, &row[..2]);
                env.ok(&["skip", &card, "3"]);
                card
            } else {
                draft(env, &plan, name, row)
            };
            env.ok(&["submit", &card, "--recommendation", "yes"]);
        }
    }
}

#[test]
fn calibrate_json_says_what_each_figure_rests_on() {
    let env = Env::new();
    calibration_panel(&env);
    let text = env.ok(&["calibrate", "--format", "json"]);
    let agreement = &serde_json::from_str::<Value>(&text).expect("JSON")["agreement"];
    assert_eq!(agreement["units"], 24);
    assert_eq!(agreement["pairable_units"], 24);
    assert_eq!(agreement["pairable_values"], 71);
    let alpha = agreement["alpha_interval"].as_f64().expect("alpha");
    for (figure, interval) in [
        ("alpha_interval", "alpha_interval_ci"),
        ("alpha_ordinal", "alpha_ordinal_ci"),
        ("icc_single", "icc_single_ci"),
        ("icc_average", "icc_average_ci"),
    ] {
        let value = agreement[figure].as_f64().expect(figure);
        let bounds = agreement[interval].as_array().expect(interval);
        assert_eq!(bounds.len(), 2);
        let (low, high) = (
            bounds[0].as_f64().expect("low"),
            bounds[1].as_f64().expect("high"),
        );
        assert!(
            low <= value && value <= high,
            "{interval}: {low} {value} {high}"
        );
    }
    let reading = agreement["alpha_reading"].as_str().expect("reading");
    let expected = if alpha >= 0.8 {
        "reliable"
    } else if alpha >= 0.667 {
        "tentative"
    } else {
        "unreliable"
    };
    assert_eq!(reading, expected);
    assert_eq!(agreement["icc_units"], 23);
    assert_eq!(agreement["icc_dropped_units"], 1);
    assert_eq!(agreement["icc_raters"], 3);
    assert!(
        ["poor", "moderate", "good", "excellent"]
            .contains(&agreement["icc_reading"].as_str().expect("icc reading"))
    );
    // Seeded: the same workspace gives the same intervals.
    assert_eq!(env.ok(&["calibrate", "--format", "json"]), text);
    // The table shows n and the interval beside each figure.
    let table = env.ok(&["calibrate"]);
    let interval = agreement["alpha_interval_ci"].as_array().expect("ci");
    let shown = format!(
        "interval {alpha:.3} [{:.3}, {:.3}] {reading}",
        interval[0].as_f64().expect("low"),
        interval[1].as_f64().expect("high")
    );
    assert!(table.contains(&shown), "{shown}\n{table}");
    assert!(table.contains("on 24 units (71 values)"), "{table}");
    assert!(
        table.contains("on 23 units rated by the same 3 interviewers (1 left out)"),
        "{table}"
    );
    // The Koo & Li reading stands beside the ICC(2,1) it reads, not after ICC(2,k).
    let icc = table
        .lines()
        .find(|line| line.trim_start().starts_with("ICC(2,1) "))
        .expect("the ICC line");
    let reading = agreement["icc_reading"].as_str().expect("a reading");
    assert!(
        icc.contains(&format!("] ({reading}), ICC(2,3) ")) && icc.contains("], on 23 units"),
        "{icc}"
    );
}

#[test]
fn alpha_on_fewer_than_ten_units_is_given_no_band() {
    let env = Env::new();
    let plan = panel_plan(&env, "Ada Lovelace", "Backend", &[]);
    submitted(&env, &plan, "Ann", &[1, 2, 4], "yes");
    submitted(&env, &plan, "Bob", &[1, 3, 4], "yes");
    let agreement = env.json(&["calibrate"])["agreement"].clone();
    assert_eq!(agreement["pairable_units"], 3);
    assert_eq!(agreement["alpha_reading"], "too-few");
    assert!(agreement["alpha_interval_ci"].is_array());
    assert_eq!(agreement["icc_single"], Value::Null);
    assert_eq!(agreement["icc_units"], 3);
    assert_eq!(
        agreement["icc_note"],
        "needs 5 or more units rated by the same interviewers; the largest such set has 3 (rated by 2)"
    );
    let table = env.ok(&["calibrate"]);
    let line = table
        .lines()
        .find(|l| l.contains("Krippendorff's alpha on 3 units (6 values): interval "))
        .expect("the alpha line");
    assert!(line.contains("too few units to read"), "{line}");
    assert!(
        !line.contains("reliable") && !line.contains("tentative"),
        "{line}"
    );
}
