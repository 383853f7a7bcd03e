//! `covered` and `flags`: expected points ticked and red flags observed, set with `rate`,
//! checked against the question, shown by `show` and exported.

use toml::Value;

use crate::support::Round;

/// How many expected points and red flags planned question `n` (1-based) has.
fn counts(round: &Round, n: usize) -> (usize, usize) {
    let out = round.ok(&["plan", "show", &round.plan, "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let q = &plan["questions"][n - 1];
    let len = |key: &str| q[key].as_array().map_or(0, Vec::len);
    (len("expected"), len("red_flags"))
}

fn ints(answer: &toml::Table, key: &str) -> Option<Vec<i64>> {
    answer
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_integer).collect())
}

#[test]
fn rate_records_covered_points_and_flags_sorted_and_checks_them_against_the_question() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    let (expected, flags) = counts(&round, 1);
    assert!(expected >= 3 && flags >= 2, "{expected} {flags}");
    round.ok(&[
        "rate",
        &card,
        "1",
        "--score",
        "3",
        "--covered",
        "3,1",
        "--flags",
        "2",
    ]);
    let answers = round.answers(&card);
    assert_eq!(ints(&answers[0], "covered"), Some(vec![1, 3]));
    assert_eq!(ints(&answers[0], "flags"), Some(vec![2]));
    assert_eq!(ints(&answers[1], "covered"), None, "absent when empty");

    // Rating again without the flags keeps them; an empty --covered clears.
    round.ok(&["rate", &card, "1", "--score", "2", "--covered"]);
    let answers = round.answers(&card);
    assert_eq!(ints(&answers[0], "covered"), None);
    assert_eq!(ints(&answers[0], "flags"), Some(vec![2]));

    // Out of range: refused, naming the valid range; nothing changes.
    let too_far = (expected + 1).to_string();
    let stderr = round.refused(
        &["rate", &card, "1", "--score", "3", "--covered", &too_far],
        1,
    );
    let question = round.questions()[0].clone();
    assert_eq!(
        stderr,
        format!(
            "error: --covered {too_far} is not one of the {expected} expected points of question `{question}`\nvalid: 1 to {expected}\n"
        )
    );
    let stderr = round.refused(&["rate", &card, "1", "--score", "3", "--flags", "0"], 1);
    assert!(stderr.contains(&format!("valid: 1 to {flags}")), "{stderr}");
}

#[test]
fn a_file_with_unsorted_or_repeated_marks_is_refused_on_read() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    round.ok(&["rate", &card, "1", "--score", "3", "--covered", "1,2"]);
    let path = round.file(&card);
    let text = std::fs::read_to_string(&path).expect("read");
    let broken = text.replace("covered = [1, 2]", "covered = [2, 2]");
    assert_ne!(text, broken);
    std::fs::write(&path, &broken).expect("write");
    let stderr = round.refused(&["show", &card], 1);
    assert!(
        stderr.contains(
            "has `covered = [2, 2]`; it must list at most 1000 distinct 1-based numbers up to 1000, in increasing order"
        ),
        "{stderr}"
    );
    // A huge list is named by its start, not echoed whole.
    let many: Vec<String> = (1..=5000).map(|n| n.to_string()).collect();
    let huge = text.replace(
        "covered = [1, 2]",
        &format!("covered = [{}]", many.join(", ")),
    );
    std::fs::write(&path, &huge).expect("write");
    let stderr = round.refused(&["show", &card], 1);
    assert!(
        stderr.contains("has `covered = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... 4990 more]`")
            && stderr.len() < 1000,
        "{stderr}"
    );
    // A number past any checklist is refused too.
    std::fs::write(
        &path,
        text.replace("covered = [1, 2]", "covered = [1, 18446744073709551615]"),
    )
    .expect("write");
    round.refused(&["show", &card], 1);
}

#[test]
fn show_and_exports_carry_covered_and_flags() {
    let round = Round::new();
    let card = round.start("Grace Hopper");
    round.ok(&[
        "rate",
        &card,
        "1",
        "--score",
        "3",
        "--covered",
        "1,3",
        "--flags",
        "2",
    ]);
    for n in 2..=8 {
        round.ok(&["rate", &card, &n.to_string(), "--score", "2"]);
    }
    round.ok(&["submit", &card, "--recommendation", "yes"]);

    let table = round.ok(&["show", &card]);
    let header = table
        .lines()
        .find(|l| l.contains("question"))
        .expect("a header");
    assert!(
        header.contains("covered") && header.contains("flags"),
        "{header}"
    );
    assert!(table.contains("1, 3"), "{table}");
    let json = round.env.json(&["show", &card]);
    assert_eq!(json["answers"][0]["covered"], serde_json::json!([1, 3]));
    assert_eq!(json["answers"][0]["flags"], serde_json::json!([2]));
    assert!(json["answers"][1].get("covered").is_none());
    let toml_text = round.ok(&["show", &card, "--format", "toml"]);
    assert!(
        toml_text.contains("covered = [1, 3]\nflags = [2]"),
        "{toml_text}"
    );
    let markdown = round.ok(&["show", &card, "--format", "markdown"]);
    assert!(
        markdown.contains("| Notes | Covered | Flags |"),
        "{markdown}"
    );
    assert!(markdown.contains("| 1, 3 | 2 |"), "{markdown}");

    let csv = round.ok(&["export", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "candidate_id,candidate,role,round,interviewer,scorecard,plan,question,category,score,skipped,notes,seconds,rated_at,submitted_at,recommendation,covered,flags"
        )
    );
    let first = lines.next().expect("a row");
    assert!(first.ends_with(",yes,1;3,2"), "{first}");
    let second = lines.next().expect("a row");
    assert!(second.ends_with(",yes,,"), "{second}");
    let doc = round.ok(&["export", "markdown"]);
    assert!(doc.contains("| 1, 3 | 2 |"), "{doc}");
}
