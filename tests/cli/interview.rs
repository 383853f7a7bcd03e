//! `scorecard interview`: the live session, driven through a pseudo-terminal as an interviewer
//! would type it.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Regex};
use toml::Value;

use crate::support::Round;
use crate::support::assert_clean_error;

const SCORE_PROMPT: &str = "Score 1-4 (";
const NOTES_PROMPT: &str = "Notes (";
const RECOMMENDATION_PROMPT: &str = "Recommendation (strong-no, no, yes, strong-yes; q to quit)";
const SUMMARY_PROMPT: &str = "Summary for the panel (optional";
const SUBMIT_PROMPT: &str = "Submit now?";

/// `scorecard interview` running in a pseudo-terminal, with what it has shown so far.
struct Pty {
    session: OsSession,
    seen: String,
}

impl Pty {
    /// `scorecard interview PLAN --interviewer Grace --plain`, with extra environment variables.
    fn interview(round: &Round, vars: &[(&str, &str)]) -> Pty {
        let args = [
            "interview",
            &round.plan,
            "--interviewer",
            "Grace",
            "--plain",
        ];
        Pty::run(round, &args, vars)
    }

    /// `scorecard ARGS...` in a pseudo-terminal.
    fn run(round: &Round, args: &[&str], vars: &[(&str, &str)]) -> Pty {
        let mut cmd = round.env.std_cmd();
        cmd.args(args).env("TERM", "xterm");
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let mut session = OsSession::spawn(cmd).expect("spawn in a pseudo-terminal");
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        Pty {
            session,
            seen: String::new(),
        }
    }

    /// Waits for `text` on the screen (prompts and output, escape sequences and all).
    fn expect(&mut self, text: &str) {
        match self.session.expect(text) {
            Ok(found) => self
                .seen
                .push_str(&String::from_utf8_lossy(found.as_bytes())),
            Err(err) => {
                if let Ok(rest) = self.session.check(Regex("(?s).+")) {
                    self.seen
                        .push_str(&String::from_utf8_lossy(rest.as_bytes()));
                }
                let tail: String = {
                    let chars: Vec<char> = self.seen.chars().collect();
                    chars[chars.len().saturating_sub(3000)..].iter().collect()
                };
                panic!("waiting for {text:?}: {err}\n--- the screen so far ---\n{tail}");
            }
        }
    }

    /// Types a line and Enter.
    fn type_line(&mut self, text: &str) {
        self.session
            .send_line(text)
            .expect("type into the terminal");
    }

    /// Presses keys without Enter.
    fn press(&mut self, keys: &str) {
        if keys == "\u{3}" {
            // A person presses Ctrl-C at a prompt they see, not within the millisecond it is
            // drawn, before the prompt reads the terminal.
            std::thread::sleep(Duration::from_millis(150));
        }
        self.session.send(keys).expect("type into the terminal");
    }

    /// Answers a score prompt, then the notes prompt.
    fn answer(&mut self, score: &str, notes: &str) {
        self.expect(SCORE_PROMPT);
        self.type_line(score);
        self.expect(NOTES_PROMPT);
        self.type_line(notes);
    }

    /// Waits for the end of the output and for the exit code; returns everything shown.
    fn exits_with(mut self, code: i32) -> String {
        self.expect_eof();
        let status = self.session.get_process().wait().expect("wait");
        assert!(
            matches!(status, WaitStatus::Exited(_, c) if c == code),
            "exit status {status:?}, expected {code}\n{}",
            self.seen
        );
        self.seen
    }

    fn expect_eof(&mut self) {
        match self.session.expect(Eof) {
            Ok(found) => self
                .seen
                .push_str(&String::from_utf8_lossy(found.as_bytes())),
            Err(err) => panic!("waiting for the end: {err}\n{}", self.seen),
        }
    }
}

#[test]
fn an_interview_saves_each_answer_goes_back_quits_and_resumes_to_submission() {
    let round = Round::new();
    let q = round.questions();

    let mut pty = Pty::interview(&round, &[]);
    pty.expect("Interview Ada Lovelace | custom round | 8 questions, ");
    pty.expect("Plan ");
    pty.expect("Saved after every answer");
    pty.expect("1/8 ");
    pty.expect(&q[0]);
    pty.answer("3", "clear on phases");
    pty.expect("2/8 ");
    pty.answer("s", "");
    pty.expect("3/8 ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("9");
    pty.expect("type a score from 1 to 4, or s (skip), b (back), q (quit)");
    pty.expect(SCORE_PROMPT);
    pty.type_line("b");
    pty.expect("2/8 ");
    pty.expect("Currently: skipped");
    pty.expect(SCORE_PROMPT);
    pty.type_line("b");
    pty.expect("1/8 ");
    pty.expect("Current score: 3 (Yes)");
    pty.expect(SCORE_PROMPT);
    pty.type_line("4");
    pty.expect("Current notes: clear on phases"); // shown again: Enter keeps them
    pty.expect(NOTES_PROMPT);
    pty.type_line("");
    pty.expect("2/8 ");
    pty.answer("s", "");
    pty.expect("3/8 ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("q");
    pty.expect(&format!(
        "Saved: 2 of 8 answered. Resume with: scorecard interview {} --interviewer \"Grace\"",
        round.plan
    ));
    pty.exits_with(0);

    let list = round.env.json(&["list"]);
    let card = list[0]["id"].as_str().expect("one scorecard").to_owned();
    let answers = round.answers(&card);
    assert_eq!(answers[0]["score"].as_integer(), Some(4));
    assert_eq!(answers[0]["notes"].as_str(), Some("clear on phases"));
    assert_eq!(answers[0]["skipped"].as_bool(), Some(false));
    assert!(answers[0]["seconds"].as_integer().is_some());
    assert!(answers[0]["rated_at"].as_str().is_some());
    assert!(answers[1].get("score").is_none());
    assert_eq!(answers[1]["skipped"].as_bool(), Some(true));
    assert!(answers[1]["seconds"].as_integer().is_some());
    for open in &answers[2..] {
        assert!(open.get("score").is_none(), "{open:?}");
        assert_eq!(open["skipped"].as_bool(), Some(false));
    }
    assert_eq!(str_field(&round, &card, "status"), "draft");

    // Again: it resumes at the first open question and runs to the end.
    let mut pty = Pty::interview(&round, &[]);
    pty.expect("Resuming interview Ada Lovelace");
    pty.expect(&format!("Plan {} | Scorecard {card}", round.plan));
    let scores = ["3", "2", "4", "1", "3", "2"];
    for (n, score) in (3..=8).zip(scores) {
        pty.expect(&format!("{n}/8 "));
        pty.expect(&q[n - 1]);
        pty.answer(score, if n == 5 { "knows streams well" } else { "" });
    }
    pty.expect(&format!("Skipped: {}", q[1]));
    pty.expect(RECOMMENDATION_PROMPT);
    pty.type_line("maybe");
    pty.expect("type strong-no, no, yes or strong-yes (or sn, n, y, sy; q to quit)");
    pty.expect(RECOMMENDATION_PROMPT);
    pty.type_line("yes");
    pty.expect(SUMMARY_PROMPT);
    pty.type_line("Clear on async; weaker on security");
    pty.expect(SUBMIT_PROMPT);
    pty.press("y");
    pty.expect(&format!("Submitted scorecard {card}: yes, overall "));
    pty.exits_with(0);

    let file = round.read(&card);
    assert_eq!(file["status"].as_str(), Some("submitted"));
    assert_eq!(file["recommendation"].as_str(), Some("yes"));
    assert_eq!(
        file["summary"].as_str(),
        Some("Clear on async; weaker on security")
    );
    assert!(file["submitted_at"].as_str().is_some());
    let answers = round.answers(&card);
    let got: Vec<Option<i64>> = answers
        .iter()
        .map(|a| a.get("score").and_then(Value::as_integer))
        .collect();
    assert_eq!(
        got,
        [
            Some(4),
            None,
            Some(3),
            Some(2),
            Some(4),
            Some(1),
            Some(3),
            Some(2)
        ]
    );
    assert_eq!(answers[4]["notes"].as_str(), Some("knows streams well"));
    assert!(answers.iter().all(|a| a.get("seconds").is_some()));

    // A submitted scorecard is not interviewed again.
    let mut pty = Pty::interview(&round, &[]);
    pty.expect(&format!(
        "error: Grace's scorecard `{card}` for this plan is already submitted"
    ));
    pty.expect(&format!(
        "scorecard amend {card} QUESTION --score N --reason TEXT"
    ));
    pty.exits_with(1);
}

fn str_field(round: &Round, card: &str, key: &str) -> String {
    round.read(card)[key]
        .as_str()
        .expect("a string field")
        .to_owned()
}

#[test]
fn an_interview_without_a_terminal_exits_at_once_pointing_to_rate_and_submit() {
    let round = Round::new();
    let started = Instant::now();
    let output = round
        .env
        .cmd()
        .args(["interview", &round.plan, "--interviewer", "Grace"])
        .write_stdin("3\nclear on phases\n")
        .timeout(Duration::from_secs(10))
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "it does not hang"
    );
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: `scorecard interview` needs a terminal; stdin or stdout is not one\n\
         in scripts use `scorecard start`, `rate`, `skip` and `submit` instead\n"
    );
    assert!(output.stdout.is_empty());
    assert!(
        round
            .env
            .json(&["list"])
            .as_array()
            .is_some_and(Vec::is_empty),
        "no scorecard was started"
    );
}

#[test]
fn notes_can_be_written_in_the_editor() {
    let round = Round::new();
    let editor = round.env.write(
        "editor.sh",
        "#!/bin/sh\n\
         # Waits a moment so the file's modification time moves on, then writes the notes.\n\
         sleep 0.1\n\
         printf 'Explained the microtask queue.\\nMissed setImmediate.\\n' > \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod +x");

    let editor = editor.to_str().expect("UTF-8 path");
    let mut pty = Pty::interview(&round, &[("EDITOR", editor)]);
    pty.expect("1/8 ");
    pty.answer("2", "e");
    pty.expect("2/8 ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("q");
    pty.expect("Saved: 1 of 8 answered.");
    pty.exits_with(0);

    let list = round.env.json(&["list"]);
    let card = list[0]["id"].as_str().expect("one scorecard");
    let answers = round.answers(card);
    assert_eq!(answers[0]["score"].as_integer(), Some(2));
    assert_eq!(
        answers[0]["notes"].as_str(),
        Some("Explained the microtask queue.\nMissed setImmediate.")
    );
}

#[test]
fn e_opens_the_editor_on_a_question_that_already_has_notes() {
    let round = Round::new();
    let editor = round.env.write(
        "editor.sh",
        "#!/bin/sh\n\
         sleep 0.1\n\
         printf 'added in the editor\\n' >> \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod +x");

    let editor = editor.to_str().expect("UTF-8 path");
    let mut pty = Pty::interview(&round, &[("EDITOR", editor)]);
    pty.expect("1/8 ");
    pty.answer("3", "first thoughts");
    pty.expect("2/8 ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("b");
    pty.expect("1/8 ");
    pty.answer("3", "e");
    pty.expect("2/8 ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("q");
    pty.expect("Saved: 1 of 8 answered.");
    pty.exits_with(0);

    let list = round.env.json(&["list"]);
    let card = list[0]["id"].as_str().expect("one scorecard");
    let notes = round.answers(card)[0]["notes"].as_str().map(str::to_owned);
    assert_eq!(
        notes.as_deref(),
        Some("first thoughts\nadded in the editor"),
        "the editor opens on the current notes"
    );
}

/// The scorecard's `[[answers]]` field of question `index`, or None.
fn field(round: &Round, index: usize, key: &str) -> Option<Value> {
    let list = round.env.json(&["list"]);
    let card = list[0]["id"].as_str().expect("one scorecard");
    round.answers(card)[index].get(key).cloned()
}

#[test]
fn enter_keeps_a_shown_score_q_at_notes_quits_and_ctrl_c_saves_at_every_prompt() {
    let round = Round::new();
    let resume = format!(
        "Resume with: scorecard interview {} --interviewer \"Grace\"",
        round.plan
    );

    // Enter at the score prompt after going back keeps the score shown; `q` at Notes leaves.
    let mut pty = Pty::interview(&round, &[]);
    pty.answer("3", "first thoughts");
    pty.expect("2/8 ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("b");
    pty.expect("Current score: 3 (Yes)");
    pty.expect("Score 1-4 (Enter keeps 3, ");
    pty.type_line("");
    pty.expect(NOTES_PROMPT);
    pty.type_line("q");
    pty.expect("Saved: 1 of 8 answered.");
    pty.expect(&resume);
    pty.exits_with(0);
    assert_eq!(
        field(&round, 0, "score").and_then(|v| v.as_integer()),
        Some(3)
    );
    assert_eq!(
        field(&round, 0, "notes")
            .and_then(|v| v.as_str().map(str::to_owned))
            .as_deref(),
        Some("first thoughts"),
        "`q` is not saved as the note"
    );

    // Ctrl-C at the Notes prompt keeps the score just typed.
    let mut pty = Pty::interview(&round, &[]);
    pty.expect("2/8 ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("2");
    pty.expect(NOTES_PROMPT);
    pty.press("half a no\u{3}");
    pty.expect("Saved: 2 of 8 answered.");
    pty.expect(&resume);
    pty.exits_with(0);
    assert_eq!(
        field(&round, 1, "score").and_then(|v| v.as_integer()),
        Some(2)
    );

    // Ctrl-C at the score prompt.
    let mut pty = Pty::interview(&round, &[]);
    pty.expect("3/8 ");
    pty.expect(SCORE_PROMPT);
    pty.press("4\u{3}");
    pty.expect("Saved: 2 of 8 answered.");
    pty.expect(&resume);
    pty.exits_with(0);
    assert!(field(&round, 2, "score").is_none());
}

#[test]
fn the_summary_and_recommendation_drafts_survive_declining_ctrl_c_and_resume() {
    let round = Round::new();
    let list_card = |round: &Round| {
        round.env.json(&["list"])[0]["id"]
            .as_str()
            .expect("one scorecard")
            .to_owned()
    };
    let mut pty = Pty::interview(&round, &[]);
    for n in 1..=8 {
        pty.expect(&format!("{n}/8 "));
        pty.answer("3", "");
    }
    pty.expect(RECOMMENDATION_PROMPT);
    pty.type_line("yes");
    pty.expect(SUMMARY_PROMPT);
    pty.type_line("Solid on async");
    pty.expect(SUBMIT_PROMPT);
    pty.press("n");
    pty.expect("Not submitted; the draft, summary and recommendation are saved.");
    pty.exits_with(0);
    let card = list_card(&round);
    let file = round.read(&card);
    assert_eq!(file["summary"].as_str(), Some("Solid on async"));
    assert_eq!(file["draft_recommendation"].as_str(), Some("yes"));
    assert_eq!(file["status"].as_str(), Some("draft"));

    // Resumed: both drafts are offered; Enter keeps the recommendation, Ctrl-C at the summary.
    let mut pty = Pty::interview(&round, &[]);
    pty.expect("Summary");
    pty.expect("[yes]");
    pty.type_line("");
    pty.expect("Solid on async");
    pty.press("\u{3}");
    pty.expect("Saved: 8 of 8 answered.");
    pty.exits_with(0);
    assert_eq!(
        round.read(&card)["summary"].as_str(),
        Some("Solid on async")
    );

    // Ctrl-C at the recommendation prompt, then at "Submit now?": nothing is lost.
    let mut pty = Pty::interview(&round, &[]);
    pty.expect(RECOMMENDATION_PROMPT);
    pty.press("\u{3}");
    pty.expect("Saved: 8 of 8 answered.");
    pty.exits_with(0);
    let mut pty = Pty::interview(&round, &[]);
    pty.expect(RECOMMENDATION_PROMPT);
    pty.type_line("");
    pty.expect(SUMMARY_PROMPT);
    pty.type_line("");
    pty.expect(SUBMIT_PROMPT);
    pty.press("\u{3}");
    pty.expect("Saved: 8 of 8 answered.");
    pty.exits_with(0);
    assert_eq!(round.read(&card)["status"].as_str(), Some("draft"));

    // Enter on both offered drafts, then submit.
    let mut pty = Pty::interview(&round, &[]);
    pty.expect(RECOMMENDATION_PROMPT);
    pty.type_line("");
    pty.expect(SUMMARY_PROMPT);
    pty.type_line("");
    pty.expect(SUBMIT_PROMPT);
    pty.press("y");
    pty.expect(&format!("Submitted scorecard {card}: yes, overall 3.00"));
    pty.exits_with(0);
    let file = round.read(&card);
    assert_eq!(file["status"].as_str(), Some("submitted"));
    assert_eq!(file["recommendation"].as_str(), Some("yes"));
    assert_eq!(file["summary"].as_str(), Some("Solid on async"));
}

#[test]
fn the_end_summary_aligns_its_columns_and_the_header_names_plan_and_scorecard() {
    let round = Round::new();
    let card = round.start("Grace");
    let mut pty = Pty::interview(&round, &[]);
    pty.expect(&format!("Plan {} | Scorecard {card}", round.plan));
    for n in 1..=8 {
        pty.expect(&format!("{n}/8 "));
        pty.expect(SCORE_PROMPT);
        pty.type_line(if n <= 2 { "s" } else { "2" });
        pty.expect(NOTES_PROMPT);
        pty.type_line("");
    }
    pty.expect(RECOMMENDATION_PROMPT);
    pty.press("\u{3}");
    let seen = pty.exits_with(0);
    // The first two questions are one category's: skipped, so `-` where the others have 2.00.
    let rows: Vec<&str> = seen
        .lines()
        .filter(|l| l.contains(" rated)") || l.trim_start().starts_with("Overall"))
        .collect();
    assert_eq!(rows.len(), 5, "{seen}");
    assert!(rows[0].contains("    -  (0 rated)"), "{rows:?}");
    let column = |row: &str, text: &str| row.find(text).expect("a mean");
    let means: Vec<usize> = rows
        .iter()
        .map(|row| row.find("  (").unwrap_or(row.trim_end().len()))
        .collect();
    assert!(
        means.iter().all(|&m| m == means[0]),
        "means end in one column: {rows:?}"
    );
    assert_eq!(column(rows[1], "2.00") + 4, means[1]);
}

#[test]
fn a_scorecard_id_resumes_that_scorecard_with_its_interviewer() {
    let round = Round::new();
    let card = round.start("Grace");
    round.ok(&["rate", &card, "1", "--score", "3"]);
    let mut pty = Pty::run(&round, &["interview", &card[..13], "--plain"], &[]);
    pty.expect("Resuming interview Ada Lovelace");
    pty.expect(&format!("Plan {} | Scorecard {card}", round.plan));
    pty.expect("2/8 ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("q");
    pty.expect(&format!(
        "Resume with: scorecard interview {} --interviewer \"Grace\"",
        round.plan
    ));
    pty.exits_with(0);

    // Someone else's scorecard: refused, with the command that fits.
    let mut pty = Pty::run(
        &round,
        &["interview", &card, "--interviewer", "Alan", "--plain"],
        &[],
    );
    pty.expect(&format!("error: scorecard `{card}` is Grace's, not Alan's"));
    pty.expect(&format!(
        "to interview on the same plan yourself: scorecard interview {} --interviewer \"Alan\"",
        round.plan
    ));
    pty.exits_with(1);
}

#[test]
fn an_interview_of_one_question_says_one_question() {
    let env = crate::support::Env::new();
    let plan = env
        .ok(&[
            "plan",
            "new",
            "--candidate",
            "Ada Lovelace",
            "--pick",
            "async=1",
            "--seed",
            "1",
            "--quiet",
        ])
        .trim()
        .to_owned();
    let round = Round { env, plan };
    let mut pty = Pty::interview(&round, &[]);
    pty.expect("Interview Ada Lovelace | custom round | 1 question, ");
    pty.expect(SCORE_PROMPT);
    pty.type_line("q");
    pty.expect("Saved: 0 of 1 answered.");
    pty.exits_with(0);
}
