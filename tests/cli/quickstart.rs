//! The README's quick start, run as written: the same commands in the same order, from a fresh
//! folder with no workspace given, checking what the README says they print or write.
//!
//! The commands are listed here verbatim and compared with the README's block first, so the two
//! cannot drift apart. Ids are random: they are captured from `--quiet` output, as the README's
//! `$(...)` does. Grace's `interview` runs in a pseudo-terminal; the technical round, which the
//! README only mentions in a comment, is run by Barbara from a script.

use std::path::Path;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect};

use crate::support::{BIN, sealed, sealed_std};

/// The quick start's commands, as the README shows them (comments and blank lines left out).
const QUICK_START: [&str; 17] = [
    "scorecard init interviews && cd interviews",
    r#"phone=$(scorecard plan new --candidate "Ada Lovelace" --round phone-screen --quiet)"#,
    r#"tech=$(scorecard plan new --candidate "Ada Lovelace" --round technical --fresh --quiet)"#,
    r#"scorecard plan show "$phone" --format markdown > kit.md"#,
    r#"scorecard interview "$phone" --interviewer "Grace Hopper""#,
    r#"card=$(scorecard start "$phone" --interviewer "Alan Turing" --quiet)"#,
    r#"scorecard rate "$card" 1 --score 1 --notes "mixed up the phases" --seconds 480"#,
    r#"scorecard rate "$card" 2 --score 3"#,
    r#"scorecard skip "$card" 3 --notes "ran out of time""#,
    r#"scorecard rate "$card" 4 --score 3"#,
    r#"scorecard submit "$card" --recommendation no --summary "Unsure about the event loop""#,
    r#"scorecard amend "$card" 4 --score 2 --reason "re-read my notes: only an in-process lock""#,
    "scorecard compare",
    "scorecard calibrate",
    "scorecard export csv --out answers.csv --excel",
    "scorecard export markdown --out reports/",
    "scorecard purge --candidate ada-lovelace",
];

/// The `sh` block under the README's "Quick start" heading, without comments and blank lines.
fn readme_quick_start() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Quick start"))
        .expect("a Quick start section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a sh block in the quick start");
    block
        .lines()
        .map(|line| {
            // A trailing comment starts at `#` after two spaces; `$(...)` and quotes hold none.
            line.split("  #").next().unwrap_or(line).trim().to_owned()
        })
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// One command of the quick start, run from `dir` with nothing but the folder to find the
/// workspace by (no `--workspace`, no `SCORECARD_WORKSPACE`).
struct Shell<'a> {
    dir: &'a Path,
}

impl Shell<'_> {
    /// Runs `scorecard ARGS` and expects success; returns (stdout, stderr).
    fn run(&self, args: &[&str], stdin: &str) -> (String, String) {
        let mut cmd = sealed(assert_cmd::Command::new(BIN));
        let output = cmd
            .current_dir(self.dir)
            .args(args)
            .write_stdin(stdin)
            .timeout(Duration::from_secs(60))
            .assert()
            .success()
            .get_output()
            .clone();
        (
            String::from_utf8(output.stdout).expect("UTF-8"),
            String::from_utf8(output.stderr).expect("UTF-8"),
        )
    }

    /// `$(scorecard ARGS)`: stdout, trimmed.
    fn capture(&self, args: &[&str]) -> String {
        self.run(args, "").0.trim().to_owned()
    }

    /// `scorecard ARGS`, returning stderr (where confirmations go).
    fn stderr(&self, args: &[&str]) -> String {
        self.run(args, "").1
    }
}

/// Grace's `scorecard interview "$phone" --interviewer "Grace Hopper"`, typed at a terminal
/// (`TERM=dumb`: the prompts rather than the full screen, which has its own tests).
fn grace_interviews(dir: &Path, phone: &str) {
    let mut cmd = sealed_std(std::process::Command::new(BIN));
    cmd.current_dir(dir).env("TERM", "dumb").args([
        "interview",
        phone,
        "--interviewer",
        "Grace Hopper",
    ]);
    let mut session = OsSession::spawn(cmd).expect("spawn in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    let mut type_after = |prompt: &str, keys: &str| {
        session
            .expect(prompt)
            .unwrap_or_else(|err| panic!("waiting for {prompt:?}: {err}"));
        session.send(keys).expect("type into the terminal");
    };
    type_after("Interview Ada Lovelace", "");
    for (n, score) in (1..=4).zip(["3", "3", "2", "4"]) {
        type_after(&format!("{n}/4 "), "");
        type_after("Score 1-4 (", &format!("{score}\n"));
        type_after("Notes (", "\n");
    }
    type_after("Recommendation (", "yes\n");
    type_after("Summary for the panel", "Solid on the event loop\n");
    type_after("Submit now?", "y");
    type_after("Submitted scorecard ", "");
    session.expect(Eof).expect("the end");
    let status = session.get_process().wait().expect("wait");
    assert!(
        matches!(status, WaitStatus::Exited(_, 0)),
        "interview exit {status:?}"
    );
}

#[test]
fn the_readme_quick_start_runs_as_written() {
    assert_eq!(
        readme_quick_start(),
        QUICK_START,
        "the README's quick start and this test list the same commands"
    );

    let tmp = tempfile::tempdir().expect("temporary folder");
    let top = Shell { dir: tmp.path() };

    // scorecard init interviews && cd interviews
    let stderr = top.stderr(&["init", "interviews"]);
    assert!(
        stderr.starts_with("Created workspace `interviews`"),
        "{stderr}"
    );
    let ws = tmp.path().join("interviews");
    let sh = Shell { dir: &ws };

    // Plan both rounds.
    let phone = sh.capture(&[
        "plan",
        "new",
        "--candidate",
        "Ada Lovelace",
        "--round",
        "phone-screen",
        "--quiet",
    ]);
    let tech = sh.capture(&[
        "plan",
        "new",
        "--candidate",
        "Ada Lovelace",
        "--round",
        "technical",
        "--fresh",
        "--quiet",
    ]);
    for id in [&phone, &tech] {
        assert!(
            ws.join(format!("candidates/ada-lovelace/plan-{id}.toml"))
                .is_file(),
            "`--quiet` prints the plan's id: {id:?}"
        );
    }
    let question_ids = |plan: &str| -> Vec<String> {
        let json = sh.capture(&["plan", "show", plan, "--format", "json"]);
        let plan: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        plan["questions"]
            .as_array()
            .expect("questions")
            .iter()
            .map(|q| q["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let phone_questions = question_ids(&phone);
    let tech_questions = question_ids(&tech);
    assert_eq!(phone_questions.len(), 4, "Alan's lines count 4 questions");
    assert!(
        tech_questions.iter().all(|q| !phone_questions.contains(q)),
        "--fresh: no phone-screen question in the technical round"
    );

    // scorecard plan show "$phone" --format markdown > kit.md
    let kit = sh.capture(&["plan", "show", &phone, "--format", "markdown"]);
    std::fs::write(ws.join("kit.md"), &kit).expect("kit.md");
    assert!(kit.starts_with('#'), "a Markdown document:\n{kit}");
    assert!(kit.contains("Ada Lovelace"), "{kit}");

    grace_interviews(&ws, &phone);

    // Alan does the same from a script; the README shows what he sees on stderr.
    let card = sh.capture(&["start", &phone, "--interviewer", "Alan Turing", "--quiet"]);
    let rated = sh.stderr(&[
        "rate",
        &card,
        "1",
        "--score",
        "1",
        "--notes",
        "mixed up the phases",
        "--seconds",
        "480",
    ]);
    assert_eq!(
        rated,
        format!(
            "Rated `{}`: 1 (Strong no) | 1 rated, 0 skipped, 3 open of 4\n",
            phone_questions[0]
        )
    );
    sh.stderr(&["rate", &card, "2", "--score", "3"]);
    let skipped = sh.stderr(&["skip", &card, "3", "--notes", "ran out of time"]);
    assert_eq!(
        skipped,
        format!(
            "Skipped `{}` | 2 rated, 1 skipped, 1 open of 4\n",
            phone_questions[2]
        )
    );
    sh.stderr(&["rate", &card, "4", "--score", "3"]);
    let submitted = sh.stderr(&[
        "submit",
        &card,
        "--recommendation",
        "no",
        "--summary",
        "Unsure about the event loop",
    ]);
    assert_eq!(
        submitted,
        format!("Submitted scorecard {card}: no | 3 rated, 1 skipped | overall 2.33\n")
    );
    let amended = sh.stderr(&[
        "amend",
        &card,
        "4",
        "--score",
        "2",
        "--reason",
        "re-read my notes: only an in-process lock",
    ]);
    assert_eq!(
        amended,
        format!(
            "Amended `{}`: 3 -> 2 (re-read my notes: only an in-process lock) | history has 1 amendment\n",
            phone_questions[3]
        )
    );

    // Barbara runs the technical round (interview "$tech"), here from a script.
    let barbara = sh.capture(&["start", &tech, "--interviewer", "Barbara Liskov", "--quiet"]);
    for n in 1..=tech_questions.len() {
        sh.stderr(&["rate", &barbara, &n.to_string(), "--score", "3"]);
    }
    sh.stderr(&["submit", &barbara, "--recommendation", "yes"]);

    // Then the panel meets.
    let (compare, _) = sh.run(&["compare"], "");
    assert!(compare.contains("Ada Lovelace"), "{compare}");
    let (calibrate, _) = sh.run(&["calibrate"], "");
    for who in ["Grace Hopper", "Alan Turing", "Barbara Liskov"] {
        assert!(calibrate.contains(who), "{who} in:\n{calibrate}");
    }

    // HR.
    let (stdout, _) = sh.run(&["export", "csv", "--out", "answers.csv", "--excel"], "");
    assert_eq!(stdout, "", "--out writes nothing to stdout");
    let csv = std::fs::read(ws.join("answers.csv")).expect("answers.csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "--excel: a BOM");
    let csv = String::from_utf8_lossy(&csv);
    assert_eq!(
        csv.lines().count(),
        1 + 4 + 4 + tech_questions.len(),
        "a header and one row per answer of the three scorecards:\n{csv}"
    );
    sh.run(&["export", "markdown", "--out", "reports/"], "");
    let report = std::fs::read_to_string(ws.join("reports/ada-lovelace.md"))
        .expect("one Markdown report per candidate");
    assert!(report.contains("Ada Lovelace"), "{report}");

    // scorecard purge --candidate ada-lovelace, confirmed at its prompt.
    let (_, stderr) = sh.run(&["purge", "--candidate", "ada-lovelace"], "y\n");
    assert!(
        stderr.contains("Deleted 1 candidate: 2 plans, 3 scorecards."),
        "{stderr}"
    );
    assert!(!ws.join("candidates/ada-lovelace").exists());
}
