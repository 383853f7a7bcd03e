//! Whole-screen snapshots of the outputs people read most: the help, the built-in bank, a
//! compare table and an interview kit. Ids, times and paths are scrubbed; `cargo insta review`
//! shows a change side by side.

use crate::support::Env;

/// Runs snapshot assertions with UUIDs and timestamps, which change from run to run, replaced.
fn scrubbed(assertions: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[uuid]",
    );
    settings.add_filter(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "[time]");
    settings.bind(assertions);
}

#[test]
fn help_lists_every_command() {
    let output = crate::support::sealed(assert_cmd::Command::new(crate::support::BIN))
        .arg("--help")
        .output()
        .expect("run scorecard --help");
    assert!(output.status.success());
    insta::assert_snapshot!(String::from_utf8(output.stdout).expect("UTF-8 help"));
}

#[test]
fn bank_show_on_the_built_in_bank() {
    let env = Env::new();
    insta::assert_snapshot!(env.ok(&["bank", "show", "--category", "security"]));
}

#[test]
fn compare_table_of_a_small_panel() {
    let env = Env::new();
    for (candidate, scores) in [("Ada Lovelace", [4, 3, 1]), ("Alan Turing", [2, 2, 3])] {
        let plan = env.ok(&[
            "plan",
            "new",
            "--candidate",
            candidate,
            "--pick",
            "async=1",
            "--pick",
            "security=2",
            "--seed",
            "11",
            "--quiet",
        ]);
        for (interviewer, shift) in [("Grace", 0), ("Barbara", 1)] {
            let card = env.ok(&[
                "start",
                plan.trim(),
                "--interviewer",
                interviewer,
                "--quiet",
            ]);
            for (i, score) in scores.iter().enumerate() {
                let score = (score + shift).min(4).to_string();
                env.ok(&["rate", card.trim(), &(i + 1).to_string(), "--score", &score]);
            }
            env.ok(&["submit", card.trim(), "--recommendation", "yes"]);
        }
    }
    scrubbed(|| insta::assert_snapshot!(env.ok(&["compare"])));
}

#[test]
fn interview_kit_in_markdown() {
    let env = Env::new();
    let plan = env.ok(&[
        "plan",
        "new",
        "--candidate",
        "Ada Lovelace",
        "--round",
        "phone-screen",
        "--seed",
        "3",
        "--quiet",
    ]);
    let kit = env.ok(&["plan", "show", plan.trim(), "--format", "markdown"]);
    scrubbed(|| insta::assert_snapshot!(kit));
}
