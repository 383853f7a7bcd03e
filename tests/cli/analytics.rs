//! `questions` (the question report in all three formats) and the rater model in `calibrate`
//! and `compare --model`, on workspaces whose plans and scorecards are written directly.

use serde_json::Value;

use crate::support::{
    AnswerFile, CardFile, Env, PlanFile, QuestionFile, assert_clean_error, numbered_uuid,
};

/// A planned question: id, category, minutes, number of expected points.
type Q = (&'static str, &'static str, u32, usize);

/// One answer: question, score (None: skipped), seconds, covered points.
type A = (&'static str, Option<i64>, Option<u64>, Vec<u32>);

const QUESTIONS: [Q; 4] = [
    ("closures", "js", 5, 2),
    ("streams", "node", 5, 2),
    ("easy-one", "js", 5, 0),
    ("long-one", "node", 4, 0),
];

/// `L1`, `L2`, ... for every level of the scale.
fn labels((min, max): (i64, i64)) -> Vec<String> {
    (min..=max).map(|l| format!("L{l}")).collect()
}

/// Writes the plan `n` of a candidate with the given questions.
fn write_plan(env: &Env, n: u32, candidate_id: &str, questions: &[Q], scale: (i64, i64)) {
    let plan = PlanFile {
        role: "Backend".to_owned(),
        scale,
        labels: Some(labels(scale)),
        categories: ["js", "node"]
            .map(|c| (c.to_owned(), c.to_owned(), 1.0))
            .to_vec(),
        questions: questions
            .iter()
            .map(|(id, category, minutes, expected)| QuestionFile {
                id: (*id).to_owned(),
                category: (*category).to_owned(),
                prompt: format!("Explain {id}"),
                minutes: *minutes,
                expected: (1..=*expected).map(|p| format!("point {p}")).collect(),
            })
            .collect(),
        ..PlanFile::new(n, candidate_id)
    };
    plan.write(env);
}

/// Writes scorecard `n` of `interviewer` on plan `plan`.
#[allow(clippy::too_many_arguments)]
fn write_card(
    env: &Env,
    n: u32,
    plan: u32,
    candidate_id: &str,
    interviewer: &str,
    status: &str,
    scale: (i64, i64),
    answers: &[A],
) {
    let card = CardFile {
        plan: numbered_uuid(9000, plan),
        role: "Backend".to_owned(),
        bank: "team".to_owned(),
        submitted_at: (status == "submitted").then(|| "2026-11-26T10:00:00Z".to_owned()),
        scale,
        labels: Some(labels(scale)),
        answers: answers
            .iter()
            .map(|(question, score, seconds, covered)| {
                let category = QUESTIONS
                    .iter()
                    .find(|q| q.0 == *question)
                    .map_or("js", |q| q.1);
                let answer = match score {
                    Some(score) => AnswerFile::rated(question, category, *score),
                    None => AnswerFile::skipped(question, category),
                };
                answer.seconds(*seconds).covered(covered)
            })
            .collect(),
        ..CardFile::new(n, candidate_id, interviewer)
    };
    card.write(env);
}

/// 24 candidates, each scored by Grace and Alan on the four questions. `closures` and
/// `streams` follow the candidate's level; `easy-one` is always 4 (too easy); `long-one` takes
/// 480 s of its 4 minutes (overruns). Grace ticks point 1 of 2 on `closures`.
fn planted(env: &Env) {
    for c in 0..24u32 {
        let id = format!("cand-{c:02}");
        write_plan(env, c, &id, &QUESTIONS, (1, 4));
        let level = i64::from(1 + c % 4);
        for (k, who) in (0u32..).zip(["Grace Hopper", "Alan Turing"]) {
            let covered = if k == 0 { vec![1] } else { Vec::new() };
            let answers: Vec<A> = vec![
                ("closures", Some(level), Some(300), covered),
                ("streams", Some(level), Some(240), Vec::new()),
                ("easy-one", Some(4), Some(200), Vec::new()),
                ("long-one", Some(level), Some(480), Vec::new()),
            ];
            let n = c * 10 + k;
            write_card(env, n, c, &id, who, "submitted", (1, 4), &answers);
        }
    }
}

fn row<'a>(report: &'a Value, question: &str) -> &'a Value {
    report["questions"]
        .as_array()
        .expect("`questions` is an array")
        .iter()
        .find(|r| r["question"] == question)
        .unwrap_or_else(|| panic!("no row for {question} in {report}"))
}

#[test]
fn questions_json_has_the_contract_fields_and_planted_figures() {
    let env = Env::new();
    planted(&env);
    let report = env.json(&["questions"]);
    let rows = report["questions"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let fields: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = crate::support::QUESTION_FIELDS.to_vec();
    let mut got = fields.clone();
    got.sort_unstable();
    expected.sort_unstable();
    assert_eq!(got, expected);

    let easy = row(&report, "easy-one");
    assert_eq!(easy["bank"], "team");
    assert_eq!(easy["category"], "js");
    assert_eq!(
        (easy["asked"].as_u64(), easy["rated"].as_u64()),
        (Some(48), Some(48))
    );
    assert_eq!(easy["ceiling"], 1.0);
    assert_eq!(easy["sd"], 0.0);
    // No variance: no discrimination, but the pairs it would rest on are counted.
    assert_eq!(easy["discrimination"], Value::Null);
    assert_eq!(easy["discrimination_n"], 48);
    assert_eq!(easy["flags"], serde_json::json!(["too-easy"]));
    // Two interviewers per candidate: one pair per candidate.
    assert_eq!(easy["rater_pairs"], 24);
    assert_eq!(easy["rater_gap"], 0.0);
    // Grace ticked 1 of 2 points of `closures` on every candidate and none of `streams`;
    // Alan's scorecards never used the checklist, so they do not count for coverage; `easy-one`
    // has no checklist.
    assert_eq!(row(&report, "closures")["covered"], 0.5);
    assert_eq!(row(&report, "streams")["covered"], 0.0);
    assert_eq!(row(&report, "easy-one")["covered"], Value::Null);
    // 480 s of a 4-minute question: twice its time.
    let long = row(&report, "long-one");
    assert_eq!(long["overrun"], 2.0);
    assert_eq!(long["flags"], serde_json::json!(["overruns"]));
    let closures = row(&report, "closures");
    assert_eq!(closures["overrun"], 1.0);
    assert_eq!(closures["flags"], serde_json::json!([]));
    assert!(closures["discrimination"].as_f64().unwrap() > 0.9);
    // Levels 1, 2, 3, 4 six times each: mean 2.5, floor and ceiling a quarter each.
    assert_eq!(closures["mean"], 2.5);
    assert_eq!(
        (closures["floor"].as_f64(), closures["ceiling"].as_f64()),
        (Some(0.25), Some(0.25))
    );
}

#[test]
fn questions_csv_has_the_same_fields() {
    let env = Env::new();
    planted(&env);
    let csv = env.ok(&["questions", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "bank,question,category,asked,rated,skipped,mean,sd,floor,ceiling,discrimination,\
         discrimination_n,rater_gap,rater_pairs,overrun,covered,flags"
    );
    assert_eq!(lines.len(), 5);
    // Rows in bank and question order; nulls are empty cells.
    assert_eq!(
        lines[2],
        "team,easy-one,js,48,48,0,4,0,0,1,,48,0,24,0.6666666666666666,,too-easy"
    );
    assert!(lines[3].starts_with("team,long-one,node,48,48,0,2.5,"));
    assert!(lines[3].ends_with(",2,,overruns"));
}

#[test]
fn questions_table_puts_flagged_questions_first() {
    let env = Env::new();
    planted(&env);
    let table = env.ok(&["questions"]);
    assert!(
        table.starts_with("Questions: 4 used, 2 to look at\n"),
        "{table}"
    );
    let position = |needle: &str| table.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(position("team/easy-one") < position("team/closures"));
    assert!(position("team/long-one") < position("team/streams"));
    assert!(table.contains("too-easy") && table.contains("overruns"));
    // NO_COLOR is set in the test environment: no escape sequences.
    assert!(!table.contains('\u{1b}'));
    let coloured = env.ok(&["--color", "always", "questions"]);
    assert!(coloured.contains('\u{1b}'), "{coloured}");
    // Colour goes through the table's styling: without its escapes the table is the plain one.
    assert_eq!(strip_escapes(&coloured), table);
}

/// The text of `s` without its ANSI escape sequences (`ESC [ ... letter`).
fn strip_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn questions_filters_by_bank_role_and_date() {
    let env = Env::new();
    planted(&env);
    let none = env
        .run(&["questions", "--bank", "other", "--format", "json"])
        .success();
    let output = none.get_output();
    assert_eq!(
        serde_json::from_slice::<Value>(&output.stdout).unwrap()["questions"],
        serde_json::json!([])
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no scorecard uses bank `other`; banks in use: team"),
        "{stderr}"
    );
    let team = env.json(&["questions", "--bank", "team", "--role", "backend"]);
    assert_eq!(team["questions"].as_array().unwrap().len(), 4);
    let later = env.json(&["questions", "--since", "2026-11-27"]);
    assert_eq!(later["questions"], serde_json::json!([]));
    let until = env.json(&["questions", "--until", "2026-11-26"]);
    assert_eq!(until["questions"].as_array().unwrap().len(), 4);
    let stderr = env.fails(&["questions", "--since", "yesterday"], 2);
    assert_clean_error(&stderr);
}

#[test]
fn questions_leaves_out_a_candidate_with_a_draft_unless_pending_is_included() {
    let env = Env::new();
    planted(&env);
    write_card(
        &env,
        900,
        0,
        "cand-00",
        "Ada Lovelace",
        "draft",
        (1, 4),
        &[("closures", Some(1), None, Vec::new())],
    );
    let output = env
        .run(&["questions", "--format", "json"])
        .success()
        .get_output()
        .clone();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(row(&report, "closures")["asked"], 46);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("left out 1 candidate whose panel still has drafts (cards down): cand-00 (waiting for Ada Lovelace)"),
        "{stderr}"
    );
    let pending = env.json(&["questions", "--include-pending"]);
    // The draft itself never counts.
    assert_eq!(row(&pending, "closures")["asked"], 48);
}

#[test]
fn questions_refuses_mixed_scales() {
    let env = Env::new();
    planted(&env);
    write_plan(&env, 99, "cand-99", &QUESTIONS, (1, 5));
    write_card(
        &env,
        990,
        99,
        "cand-99",
        "Grace Hopper",
        "submitted",
        (1, 5),
        &[("closures", Some(5), None, Vec::new())],
    );
    let stderr = env.fails(&["questions"], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.starts_with(
            "error: the selected scorecards use 2 rating scales, and scores on different scales are never pooled: 1 to 4 (role `Backend`; bank `team`), 1 to 5 (role `Backend`; bank `team`)\npick one scale with --bank B or --role ROLE"
        ),
        "{stderr}"
    );
}

#[test]
fn questions_pass_over_a_missing_plan_and_refuse_one_that_is_a_folder() {
    let env = Env::new();
    planted(&env);
    // Every plan gone: the scores still count; timing and coverage have nothing to rest on.
    for c in 0..24u32 {
        let plan = env.path(&format!(
            "ws/candidates/cand-{c:02}/plan-{}.toml",
            numbered_uuid(9000, c)
        ));
        std::fs::remove_file(plan).expect("remove plan");
    }
    let report = env.json(&["questions"]);
    let closures = row(&report, "closures");
    assert_eq!(closures["asked"], 48);
    assert_eq!(closures["mean"], 2.5);
    assert_eq!(closures["overrun"], Value::Null);
    assert_eq!(closures["covered"], Value::Null);

    // A folder where a plan belongs is named, not passed over as if it were missing.
    let folder = format!("ws/candidates/cand-03/plan-{}.toml", numbered_uuid(9000, 3));
    std::fs::create_dir(env.path(&folder)).expect("folder");
    let stderr = env.fails(&["questions"], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.contains(&folder) && stderr.contains("is a folder"),
        "{stderr}"
    );
}

/// Two connected interviewers and one more pair that shares no candidate with them.
/// Lenient scores one point above Fair on every shared question.
fn model_panel(env: &Env, bridge: bool) {
    let mut n = 0;
    for c in 0..6u32 {
        let id = format!("m-{c}");
        write_plan(env, 100 + c, &id, &QUESTIONS[..2], (1, 4));
        let level = i64::from(1 + c % 3);
        let pair = if c < 4 {
            ["Fair", "Lenient"]
        } else {
            ["Other", "Another"]
        };
        for (k, who) in pair.iter().enumerate() {
            let up = i64::from(*who == "Lenient");
            let answers: Vec<A> = vec![
                ("closures", Some(level + up), None, Vec::new()),
                ("streams", Some((level + 1 + up).min(4)), None, Vec::new()),
            ];
            n += 1;
            write_card(
                env,
                1000 + n,
                100 + c,
                &id,
                who,
                "submitted",
                (1, 4),
                &answers,
            );
            let _ = k;
        }
        if bridge && c == 5 {
            n += 1;
            let answers: Vec<A> = vec![("closures", Some(level), None, Vec::new())];
            write_card(
                env,
                1000 + n,
                100 + c,
                &id,
                "Fair",
                "submitted",
                (1, 4),
                &answers,
            );
        }
    }
}

#[test]
fn calibrate_json_has_the_model_fields() {
    let env = Env::new();
    model_panel(&env, true);
    let report = env.json(&["calibrate"]);
    let model = &report["model"];
    assert_eq!(model["connected"], true);
    assert_eq!(
        model["groups"],
        serde_json::json!([["Another", "Fair", "Lenient", "Other"]])
    );
    assert_eq!(model["ratings"], 25);
    assert!(model["residual_sd"].as_f64().unwrap() >= 0.0);
    let interviewers = report["interviewers"].as_array().unwrap();
    let lenient = |name: &str| {
        interviewers
            .iter()
            .find(|i| i["interviewer"] == name)
            .unwrap()["model_leniency"]
            .as_f64()
            .unwrap()
    };
    let sum: f64 = ["Another", "Fair", "Lenient", "Other"]
        .iter()
        .map(|n| lenient(n))
        .sum();
    assert!(sum.abs() < 1e-9, "leniencies sum to {sum}");
    assert!(lenient("Lenient") - lenient("Fair") > 0.5);
    for i in interviewers {
        assert!(i["model_leniency_se"].is_number(), "{i}");
    }
    let table = env.ok(&["calibrate"]);
    assert!(table.contains("model leniency"), "{table}");
    assert!(!table.contains("Not connected"), "{table}");
}

#[test]
fn calibrate_names_the_groups_of_a_disconnected_design() {
    let env = Env::new();
    model_panel(&env, false);
    let report = env.json(&["calibrate"]);
    assert_eq!(report["model"]["connected"], false);
    assert_eq!(
        report["model"]["groups"],
        serde_json::json!([["Another", "Other"], ["Fair", "Lenient"]])
    );
    let table = env.ok(&["calibrate"]);
    assert!(
        table.contains("Not connected: these 2 groups share no candidate, so model leniencies compare only within a group:\n    Another, Other\n    Fair, Lenient\n"),
        "{table}"
    );
}

#[test]
fn compare_with_the_model_adjusts_and_says_so() {
    let env = Env::new();
    model_panel(&env, true);
    let report = env.json(&["compare", "--model"]);
    assert_eq!(report["adjustment"], "model");
    let raw = env.json(&["compare"]);
    assert_eq!(raw.get("adjustment"), None);
    // m-0 (level 1): Lenient's one extra point is taken out, so its adjusted overall is below
    // the raw one.
    let overall = |report: &Value, id: &str| {
        report["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["candidate_id"] == id)
            .unwrap()["overall"]
            .as_f64()
            .unwrap()
    };
    assert!(overall(&report, "m-0") < overall(&raw, "m-0"));
    let table = env.ok(&["compare", "--model"]);
    assert!(
        table.contains("scores adjusted by the rater model"),
        "{table}"
    );
}

#[test]
fn compare_with_the_model_refuses_candidates_it_cannot_compare() {
    let env = Env::new();
    model_panel(&env, false);
    let stderr = env.fails(&["compare", "--model"], 1);
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: compare --model: the selected candidates were interviewed by 2 groups of interviewers that share no candidate, so the rater model cannot compare them: [Another, Other] and [Fair, Lenient]\n\
         compare candidates of one group (--candidate ID ...), or use --normalize\n"
    );
    // Candidates of one group can be compared.
    let report = env.json(&[
        "compare",
        "--model",
        "--candidate",
        "m-0",
        "--candidate",
        "m-1",
    ]);
    assert_eq!(report["candidates"].as_array().unwrap().len(), 2);
    // --model and --normalize are alternatives.
    let stderr = env.fails(&["compare", "--model", "--normalize"], 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn the_model_leaves_out_a_candidate_whose_panel_has_a_draft() {
    let env = Env::new();
    model_panel(&env, true);
    write_card(
        &env,
        2000,
        100,
        "m-0",
        "Other",
        "draft",
        (1, 4),
        &[("closures", Some(1), None, Vec::new())],
    );
    // m-0's four submitted ratings no longer count (cards down), nor does the draft.
    let report = env.json(&["calibrate"]);
    assert_eq!(report["model"]["ratings"], 21);
}
