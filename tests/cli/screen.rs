//! `scorecard interview` on the full screen, driven through a pseudo-terminal of 100x30 with
//! keys as an interviewer presses them; what was typed is then read back from the scorecard file.

use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Regex};
use toml::{Table, Value};

use crate::support::Round;

/// `scorecard interview` on a full screen in a pseudo-terminal.
struct Screen {
    session: OsSession,
    seen: String,
}

impl Screen {
    /// `scorecard interview PLAN --interviewer Grace [ARGS]` in a terminal of `cols`x`rows`.
    /// The size is set by `stty` before the binary starts, so it never sees another one.
    fn open_sized(
        round: &Round,
        args: &[&str],
        (cols, rows): (u16, u16),
        vars: &[(&str, &str)],
    ) -> Screen {
        let base = round.env.std_cmd();
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c")
            .arg(format!(
                "read -r _ && stty cols {cols} rows {rows} && exec \"$0\" \"$@\""
            ))
            .arg(base.get_program())
            .args(["interview", &round.plan, "--interviewer", "Grace"])
            .args(args);
        if let Some(dir) = base.get_current_dir() {
            cmd.current_dir(dir);
        }
        // The shell starts from the same sealed environment as the binary.
        cmd.env_clear();
        for (name, value) in base.get_envs() {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            };
        }
        cmd.env("TERM", "xterm");
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let mut session = OsSession::spawn(cmd).expect("spawn in a pseudo-terminal");
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        // The pseudo-terminal library sets 80x24 from this side once the child runs; the child
        // waits for this line, sent after that, before it sets its own size.
        session.send("\n").expect("start");
        Screen {
            session,
            seen: String::new(),
        }
    }

    /// The full screen, once it is drawn (keys sent earlier could reach a terminal not yet raw).
    fn open(round: &Round) -> Screen {
        let mut screen = Screen::open_sized(round, &[], (100, 30), &[]);
        screen.expect("Ada Lovelace · custom round");
        screen
    }

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
                panic!("waiting for {text:?}: {err}\n--- so far ---\n{}", self.seen)
            }
        }
    }

    /// Waits for each word of `text` in turn: the screen is drawn by moving the cursor over
    /// blank cells, so the spaces between words are not always written.
    fn expect_words(&mut self, text: &str) {
        for word in text.split_whitespace() {
            self.expect(word);
        }
    }

    fn press(&mut self, keys: &str) {
        self.session.send(keys).expect("type into the terminal");
    }

    /// Waits for the end of the output and the exit code; returns what was printed.
    fn exits_with(mut self, code: i32) -> String {
        match self.session.expect(Eof) {
            Ok(found) => self
                .seen
                .push_str(&String::from_utf8_lossy(found.as_bytes())),
            Err(err) => panic!("waiting for the end: {err}\n{}", self.seen),
        }
        let status = self.session.get_process().wait().expect("wait");
        assert!(
            matches!(status, WaitStatus::Exited(_, c) if c == code),
            "exit status {status:?}, expected {code}\n{}",
            self.seen
        );
        self.seen
    }
}

/// The one scorecard of the round.
fn card_id(round: &Round) -> String {
    let list = round.env.json(&["list"]);
    list[0]["id"].as_str().expect("one scorecard").to_owned()
}

/// Waits until the scorecard file satisfies `check` (every change is saved within a second).
fn saved(round: &Round, what: &str, check: impl Fn(&Table) -> bool) -> Table {
    let started = Instant::now();
    loop {
        if let Some(card) = round.env.json(&["list"])[0]["id"].as_str() {
            let file = round.read(card);
            if check(&file) {
                return file;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "not saved: {what}\n{file:#?}"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn answer(file: &Table, index: usize) -> &Table {
    file["answers"].as_array().expect("answers")[index]
        .as_table()
        .expect("a table")
}

fn ints(table: &Table, key: &str) -> Vec<i64> {
    table
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_integer).collect())
        .unwrap_or_default()
}

/// How many expected points and red flags each planned question has.
fn checklists(round: &Round) -> Vec<(usize, usize)> {
    let out = round.ok(&["plan", "show", &round.plan, "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    plan["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| {
            let len = |key: &str| q[key].as_array().map_or(0, Vec::len);
            (len("expected"), len("red_flags"))
        })
        .collect()
}

#[test]
fn a_whole_interview_by_keys_saves_exactly_what_was_typed_and_resumes_to_submission() {
    let round = Round::new();
    let lists = checklists(&round);
    assert!(lists[0].0 >= 3 && lists[1].1 >= 1, "{lists:?}");

    let mut screen = Screen::open(&round);
    // Question 1: tick points 1 and 3, score 3, notes over two lines.
    screen.press(" jj ");
    saved(&round, "points 1 and 3 ticked", |f| {
        ints(answer(f, 0), "covered") == [1, 3]
    });
    screen.press("3nclear on phases\rmixed up check\t");
    saved(&round, "score and notes", |f| {
        answer(f, 0)["notes"].as_str() == Some("clear on phases\nmixed up check")
    });
    // Question 2: mark its last red flag (the cursor stops on the last line), then skip it.
    screen.press("\t");
    screen.press(&"j".repeat(lists[1].0 + lists[1].1 + 2));
    screen.press(" s");
    saved(&round, "flag and skip", |f| {
        answer(f, 1)["skipped"].as_bool() == Some(true)
            && ints(answer(f, 1), "flags") == [i64::try_from(lists[1].1).expect("small")]
    });
    // Questions 3 to 8 scored one after another; the last Tab opens the review.
    screen.press("\t2\t4\t1\t3\t2\t4\t");
    saved(&round, "every question answered", |f| {
        f["answers"].as_array().is_some_and(|a| {
            a.iter()
                .all(|a| a.get("score").is_some() || a["skipped"].as_bool() == Some(true))
        })
    });
    // Back to question 1 after all are answered, by number: a new score.
    screen.press("g1\r4");
    saved(&round, "question 1 rescored", |f| {
        answer(f, 0)["score"].as_integer() == Some(4)
    });
    // The review: recommendation and a summary draft, then q.
    screen.press("r3wClear on async; weaker on security\t");
    saved(&round, "drafts", |f| {
        f.get("summary").and_then(Value::as_str) == Some("Clear on async; weaker on security")
            && f.get("draft_recommendation").and_then(Value::as_str) == Some("yes")
    });
    screen.press("q");
    let printed = screen.exits_with(0);
    assert!(
        printed.contains(&format!(
            "Saved: 8 of 8 answered. Resume with: scorecard interview {} --interviewer \"Grace\"",
            round.plan
        )),
        "{printed}"
    );
    let card = card_id(&round);
    let file = round.read(&card);
    assert_eq!(file["status"].as_str(), Some("draft"));
    let scores: Vec<Option<i64>> = file["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| a.get("score").and_then(Value::as_integer))
        .collect();
    assert_eq!(
        scores,
        [
            Some(4),
            None,
            Some(2),
            Some(4),
            Some(1),
            Some(3),
            Some(2),
            Some(4)
        ]
    );
    assert_eq!(ints(answer(&file, 0), "covered"), [1, 3]);
    assert!(answer(&file, 0).get("flags").is_none(), "no flags: absent");
    assert!(
        answer(&file, 2).get("covered").is_none(),
        "nothing ticked: absent"
    );
    assert!(answer(&file, 0).get("rated_at").is_some());

    // Again: everything answered, so it opens on the review with the drafts; Enter, y submits.
    let mut screen = Screen::open(&round);
    assert!(
        screen.seen.contains("Review and submit · Ada Lovelace"),
        "{}",
        screen.seen
    );
    screen.expect("weaker"); // the draft summary is offered again
    screen.press("\r");
    screen.expect_words("Submit now?");
    screen.press("y");
    let printed = screen.exits_with(0);
    assert!(
        printed.contains(&format!("Submitted scorecard {card}: yes, overall ")),
        "{printed}"
    );
    let file = round.read(&card);
    assert_eq!(file["status"].as_str(), Some("submitted"));
    assert_eq!(file["recommendation"].as_str(), Some("yes"));
    assert!(file.get("draft_recommendation").is_none());
    assert_eq!(
        file["summary"].as_str(),
        Some("Clear on async; weaker on security")
    );
    assert_eq!(ints(answer(&file, 0), "covered"), [1, 3]);
    assert_eq!(
        answer(&file, 0)["notes"].as_str(),
        Some("clear on phases\nmixed up check")
    );
}

/// Long enough for keys to be read before the next ones, as a person's would be.
const PAUSE: Duration = Duration::from_millis(300);

/// Opens the screen, presses `keys`, waits, then Ctrl-C; returns what was printed after leaving.
fn interrupt_after(round: &Round, keys: &str, wait: Duration) -> String {
    let mut screen = Screen::open(round);
    screen.press(keys);
    std::thread::sleep(wait);
    screen.press("\u{3}");
    let printed = screen.exits_with(0);
    assert!(
        printed.contains(&format!(
            "Resume with: scorecard interview {} --interviewer \"Grace\"",
            round.plan
        )),
        "{printed}"
    );
    printed
}

#[test]
fn ctrl_c_anywhere_saves_what_was_typed_and_prints_the_resume_command() {
    let round = Round::new();
    // Typing notes, more than a second into the question.
    let printed = interrupt_after(&round, "3 nhalf a tho", Duration::from_millis(1300));
    assert!(printed.contains("Saved: 1 of 8 answered."), "{printed}");
    let file = round.read(&card_id(&round));
    assert_eq!(answer(&file, 0)["score"].as_integer(), Some(3));
    assert_eq!(answer(&file, 0)["notes"].as_str(), Some("half a tho"));
    assert_eq!(ints(answer(&file, 0), "covered"), [1]);
    assert!(answer(&file, 0)["seconds"].as_integer().is_some());
    // It resumed at question 2, the first open one: score it, then Ctrl-C while typing a number.
    interrupt_after(&round, "2g7", PAUSE);
    assert_eq!(
        answer(&round.read(&card_id(&round)), 1)["score"].as_integer(),
        Some(2)
    );
    // The overview, the help, the review.
    interrupt_after(&round, "o", PAUSE);
    interrupt_after(&round, "?", PAUSE);
    // Typing the summary.
    interrupt_after(&round, "rwStrong on async", PAUSE);
    // The submit question: the recommendation stays a draft.
    interrupt_after(&round, "r2\r", PAUSE);
    let file = round.read(&card_id(&round));
    assert_eq!(file["status"].as_str(), Some("draft"));
    assert_eq!(file["summary"].as_str(), Some("Strong on async"));
    assert_eq!(file["draft_recommendation"].as_str(), Some("no"));
    // Declining to submit keeps the summary too.
    let mut screen = Screen::open(&round);
    screen.press("r\r");
    screen.expect_words("Submit now?");
    screen.press("n");
    screen.expect_words("not submitted; the draft");
    screen.press("q");
    screen.exits_with(0);
    let file = round.read(&card_id(&round));
    assert_eq!(file["status"].as_str(), Some("draft"));
    assert_eq!(file["summary"].as_str(), Some("Strong on async"));
}

#[test]
fn plain_small_and_dumb_terminals_get_line_prompts() {
    let round = Round::new();
    for (args, size, vars) in [
        (&["--plain"][..], (100, 30), &[][..]),
        (&[][..], (79, 30), &[][..]),
        (&[][..], (100, 30), &[("TERM", "dumb")][..]),
    ] {
        let mut screen = Screen::open_sized(&round, args, size, vars);
        screen.expect("Score 1-4 (");
        screen.press("q\r");
        let printed = screen.exits_with(0);
        assert!(
            !printed.contains("\u{1b}[?1049h"),
            "no alternate screen: {printed}"
        );
    }
}

#[test]
fn e_opens_the_editor_on_the_notes_and_the_screen_comes_back() {
    use std::os::unix::fs::PermissionsExt;
    let round = Round::new();
    let editor = round.env.write(
        "editor.sh",
        "#!/bin/sh\nsleep 0.1\nprintf 'written in the editor\\n' >> \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod +x");
    let editor = editor.to_str().expect("UTF-8 path");
    let mut screen = Screen::open_sized(&round, &[], (100, 30), &[("EDITOR", editor)]);
    screen.expect("Ada Lovelace · custom round");
    screen.press("2ntyped here\te");
    saved(&round, "notes from the editor", |f| {
        answer(f, 0)["notes"].as_str() == Some("typed here\nwritten in the editor")
    });
    // The screen is back: keys work again.
    screen.expect("written");
    screen.press("\t3q");
    screen.exits_with(0);
    let file = round.read(&card_id(&round));
    assert_eq!(answer(&file, 0)["score"].as_integer(), Some(2));
    assert_eq!(answer(&file, 1)["score"].as_integer(), Some(3));
}
