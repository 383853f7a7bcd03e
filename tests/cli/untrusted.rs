//! Files from teammates are untrusted input: banks, plans, scorecards, settings and templates that
//! a hand edit, another release or a hostile teammate put in the workspace are refused with one
//! `error:` line naming the file, line and column, never a panic, a hang or unbounded work.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{Env, assert_clean_error, plan_new, start, submitted};

/// Every command here either answers or is refused well within this; a hang or a runaway loop
/// is killed at it and fails the test.
const HANG: Duration = Duration::from_secs(60);

const CANDIDATE_DIR: &str = "ws/candidates/ada-lovelace";

/// A workspace with one plan for Ada Lovelace (one question per category); the plan id.
fn with_plan(env: &Env) -> String {
    plan_new(env, "Ada Lovelace", &["--per-category", "1", "--seed", "1"])
}

/// Grace Hopper's scorecard on `plan`, every question rated 3, submitted `yes`.
fn submitted_card(env: &Env, plan: &str) -> String {
    submitted(env, plan, "Grace Hopper", &[3; 4], "yes")
}

/// Grace's submitted scorecard on Ada's plan: its path and its text, to edit by hand.
fn submitted_file(env: &Env) -> (PathBuf, String) {
    let plan = with_plan(env);
    submitted_card(env, &plan);
    let card = only_file(env, "scorecard");
    let text = std::fs::read_to_string(&card).expect("the scorecard");
    (card, text)
}

/// The only file of a kind (`plan` or `scorecard`) in Ada's folder.
fn only_file(env: &Env, kind: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(env.path(CANDIDATE_DIR))
        .expect("candidate folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{kind}-")))
        })
        .collect();
    assert_eq!(found.len(), 1, "one {kind} file");
    found.remove(0)
}

/// Replaces `from` (which must occur) by `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(
        text.contains(from),
        "`{from}` in {}:\n{text}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// Runs a command that must be refused with exit `code`, a single clean error line, in time.
fn refused(env: &Env, args: &[&str], code: i32) -> String {
    let output = env
        .cmd()
        .args(args)
        .timeout(HANG)
        .assert()
        .code(code)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert_clean_error(&stderr);
    stderr
}

/// Runs `list`, which leaves out a file it cannot read with a warning (a list is for finding
/// things); returns its stderr.
fn listed_with_warning(env: &Env) -> String {
    let output = env
        .cmd()
        .arg("list")
        .timeout(HANG)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(stderr.starts_with("warning: skipped "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

// Finding: the chunked bank parser sliced at byte offsets inside multi-byte characters.

/// A bank over 1 MiB whose text is mostly accents, CJK and emoji.
fn non_ascii_bank(questions: usize) -> String {
    let mut bank = scorecard::synth::bank(questions, 7);
    for (i, q) in bank.questions.iter_mut().enumerate() {
        q.prompt = format!("質問 {i}: café 🙂 résumé 日本語のテキスト 😀 naïve Ωμέγα 李小龙 ✓");
        q.expected = vec!["éàü 漢字 🚀".repeat(3)];
    }
    scorecard::synth::bank_toml(&bank)
}

#[test]
fn a_large_bank_with_non_ascii_text_parses() {
    let env = Env::new();
    let text = non_ascii_bank(6000);
    assert!(text.len() > 1 << 20, "over 1 MiB: {}", text.len());
    env.write("ws/banks/generated.toml", &text);
    let out = env.ok(&["bank", "check", "ws/banks/generated.toml"]);
    assert!(out.contains("6000 questions"), "{out}");
    let plan = env.ok(&[
        "plan",
        "new",
        "--candidate",
        "Ada",
        "--bank",
        "generated",
        "--per-category",
        "1",
        "--quiet",
    ]);
    assert_eq!(plan.trim().len(), 36, "{plan}");
}

#[test]
fn a_broken_large_non_ascii_bank_is_an_error_and_leaves_the_built_in_bank_usable() {
    let env = Env::new();
    let text = non_ascii_bank(6000).replacen("category = \"async\"", "category = \"nope\"", 1);
    env.write("ws/banks/broken.toml", &text);
    let stderr = refused(&env, &["bank", "check", "ws/banks/broken.toml"], 1);
    assert!(
        stderr.contains("ws/banks/broken.toml:") && stderr.contains("names category `nope`"),
        "{stderr}"
    );
    // Another command on the built-in bank is not troubled by it.
    let plan = with_plan(&env);
    assert_eq!(plan.len(), 36, "{plan}");
}

// Finding: plans and scorecards accepted any scale, score, id and text.

#[test]
fn a_plan_with_an_enormous_scale_is_refused_with_its_position() {
    for max in ["9223372036854775807", "2147483647", "1000000", "21"] {
        let env = Env::new();
        let plan = with_plan(&env);
        let path = only_file(&env, "plan");
        edit(&path, "max = 4", &format!("max = {max}"));
        let text = std::fs::read_to_string(&path).expect("read");
        let line = text
            .lines()
            .position(|l| l.starts_with("max = "))
            .expect("max")
            + 1;
        for format in ["table", "markdown", "json"] {
            let stderr = refused(&env, &["plan", "show", &plan, "--format", format], 1);
            assert!(
                stderr.starts_with(&format!("error: {}:{line}:7: ", path.display())),
                "{stderr}"
            );
            assert!(stderr.contains("a scale has at most 20 levels"), "{stderr}");
        }
    }
}

#[test]
fn a_scale_needs_one_label_per_level() {
    let env = Env::new();
    let plan = with_plan(&env);
    let path = only_file(&env, "plan");
    edit(&path, "\"Strong yes\"]", "\"Strong yes\", \"Extra\"]");
    let stderr = refused(&env, &["plan", "show", &plan], 1);
    assert!(
        stderr
            .contains("scale has 4 levels (1 to 4) but 5 labels; give exactly one label per level"),
        "{stderr}"
    );
}

#[test]
fn scorecard_fields_are_held_to_the_rules() {
    // (what is changed, into what, what the error says)
    let cases: &[(&str, &str, &str)] = &[
        (
            "score = 3",
            "score = 99",
            "has score 99, outside the scale; use a whole number from 1 to 4",
        ),
        (
            "score = 3",
            "score = -9223372036854775808",
            "outside the scale",
        ),
        (
            "question = \"",
            "question = \"Bad Id",
            "question id `Bad Id",
        ),
        (
            "category = \"",
            "category = \"<img src=x onerror=alert(1)>",
            "category id `<img src=x onerror=alert(1)>",
        ),
        (
            "candidate_id = \"ada-lovelace\"",
            "candidate_id = \"grace\"",
            "candidate id `grace` differs from the folder the file is in; it must be `ada-lovelace`",
        ),
        (
            "candidate_id = \"ada-lovelace\"",
            "candidate_id = \"ada_lovelace\"",
            "candidate id `ada_lovelace` is not valid",
        ),
        (
            "candidate = \"Ada Lovelace\"",
            "candidate = \"Ada\\u001b]0;pwned\\u0007\"",
            "`candidate` holds the control character U+001B",
        ),
        (
            "interviewer = \"Grace Hopper\"",
            "interviewer = \"Grace\\nHopper\"",
            "`interviewer` holds the control character U+000A",
        ),
        (
            "role = \"",
            "role = \"\\t",
            "`role` holds the control character U+0009",
        ),
        (
            "notes = \"\"",
            "notes = \"ok\\u001b[2J\"",
            "`notes` holds the control character U+001B",
        ),
        (
            "seconds = 60",
            "seconds = 18446744073709551615",
            "`seconds` is 18446744073709551615; it must be from 0 to 86400",
        ),
    ];
    for (from, to, message) in cases {
        let env = Env::new();
        let plan = with_plan(&env);
        let card = start(&env, &plan, "Grace Hopper");
        env.ok(&["rate", &card, "1", "--score", "3", "--seconds", "60"]);
        let path = only_file(&env, "scorecard");
        edit(&path, from, to);
        let before = std::fs::read(&path).expect("read");
        let line = std::fs::read_to_string(&path)
            .expect("read")
            .lines()
            .position(|l| l.contains(to))
            .expect("edited line")
            + 1;
        for args in [
            vec!["show", card.as_str()],
            vec!["compare", "--include-pending"],
            vec!["rate", card.as_str(), "2", "--score", "2"],
        ] {
            let stderr = refused(&env, &args, 1);
            assert!(
                stderr.starts_with(&format!("error: {}:{line}:", path.display())),
                "{args:?} after `{to}`: {stderr}"
            );
            assert!(stderr.contains(message), "{args:?} after `{to}`: {stderr}");
        }
        let stderr = listed_with_warning(&env);
        assert!(
            stderr.starts_with(&format!("warning: skipped {}:{line}:", path.display()))
                && stderr.contains(message),
            "list after `{to}`: {stderr}"
        );
        assert_eq!(
            std::fs::read(&path).expect("read"),
            before,
            "never overwritten"
        );
    }
}

#[test]
fn notes_keep_line_breaks_and_tabs() {
    let env = Env::new();
    let plan = with_plan(&env);
    let card = start(&env, &plan, "Grace Hopper");
    env.ok(&[
        "rate",
        &card,
        "1",
        "--score",
        "3",
        "--notes",
        "line one\n\tline two\r\nthree",
    ]);
    let shown = env.json(&["show", &card]);
    assert_eq!(
        shown["answers"][0]["notes"], "line one\n\tline two\r\nthree",
        "{shown}"
    );
    // An escape sequence is refused before it is written, as a usage error.
    let stderr = refused(
        &env,
        &[
            "rate",
            &card,
            "2",
            "--score",
            "3",
            "--notes",
            "\u{1b}]0;pwned\u{7}",
        ],
        2,
    );
    assert!(
        stderr.contains("`notes` holds the control character U+001B"),
        "{stderr}"
    );
}

// Finding: unbounded numbers overflowed dates and seconds.

#[test]
fn retention_periods_and_seconds_are_bounded() {
    let env = Env::new();
    let plan = with_plan(&env);
    for days in ["4294967295", "36501"] {
        let stderr = env.fails(&["purge", "--older-than", days, "--yes"], 2);
        assert!(stderr.contains("36500"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let output = env
        .run(&["purge", "--older-than", "36500", "--yes"])
        .success()
        .get_output()
        .clone();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("Nothing to purge"), "{said}");

    env.write("ws/scorecard.toml", "retention_days = 100000000\n");
    let stderr = refused(&env, &["purge", "--expired", "--yes"], 1);
    assert!(
        stderr.starts_with(&format!(
            "error: {}:1:18: `retention_days` is 100000000; it must be from 0 to 36500",
            env.ws().join("scorecard.toml").display()
        )),
        "{stderr}"
    );
    env.write("ws/scorecard.toml", "retention_days = 36500\n");
    env.ok(&["purge", "--expired", "--yes"]);

    let card = start(&env, &plan, "Grace Hopper");
    let stderr = env.fails(
        &["rate", &card, "1", "--score", "3", "--seconds", "86401"],
        2,
    );
    assert!(stderr.contains("86400"), "{stderr}");
    env.ok(&["rate", &card, "1", "--score", "3", "--seconds", "86400"]);
    assert_eq!(env.json(&["show", &card])["answers"][0]["seconds"], 86400);
}

// Finding: a template could panic or run forever.

#[test]
fn templates_run_with_bounded_work() {
    let env = Env::new();
    let plan = with_plan(&env);
    env.write("fixed.j2", "{{ 1.5 | fixed(65536) }}\n");
    let stderr = refused(&env, &["plan", "show", &plan, "--template", "fixed.j2"], 1);
    assert!(
        stderr.contains("fixed(65536) asks for too many decimal places"),
        "{stderr}"
    );
    env.write("fixed.j2", "{{ 1.5 | fixed(2) }}\n");
    assert!(
        env.ok(&["plan", "show", &plan, "--template", "fixed.j2"])
            .contains("1.50")
    );

    env.write(
        "loop.j2",
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}\n",
    );
    let stderr = refused(&env, &["plan", "show", &plan, "--template", "loop.j2"], 1);
    assert!(
        stderr.contains("the template failed to render: engine ran out of fuel"),
        "{stderr}"
    );
    submitted_card(&env, &plan);
    let stderr = refused(&env, &["export", "markdown", "--template", "loop.j2"], 1);
    assert!(stderr.contains("ran out of fuel"), "{stderr}");
    // The debrief page's template runs on the same fuel, and a refused page is never written.
    let stderr = refused(
        &env,
        &[
            "export",
            "html",
            "--template",
            "loop.j2",
            "--out",
            "debrief.html",
        ],
        1,
    );
    assert!(stderr.contains("ran out of fuel"), "{stderr}");
    assert!(!env.path("debrief.html").exists());
}

// Finding: reads had no bound on read-modify-write, and a FIFO or device could hang a command.

#[test]
fn a_scorecard_that_is_a_link_to_dev_zero_is_refused_by_every_command() {
    let env = Env::new();
    let plan = with_plan(&env);
    let card = submitted_card(&env, &plan);
    let path = only_file(&env, "scorecard");
    std::fs::remove_file(&path).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", &path).expect("symlink");
    for args in [
        vec!["rate", card.as_str(), "1", "--score", "2"],
        vec!["amend", card.as_str(), "1", "--score", "2", "--reason", "x"],
        vec!["show", card.as_str()],
        vec!["compare"],
    ] {
        let stderr = refused(&env, &args, 1);
        assert!(
            stderr.contains("is a device; scorecard reads only regular files"),
            "{args:?}: {stderr}"
        );
    }
    let stderr = listed_with_warning(&env);
    assert!(stderr.contains("is a device"), "{stderr}");
}

pub fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

#[test]
fn a_fifo_named_like_a_scorecard_is_refused_without_blocking() {
    let env = Env::new();
    let plan = with_plan(&env);
    let card = submitted_card(&env, &plan);
    let fifo = env.path(&format!(
        "{CANDIDATE_DIR}/scorecard-01937a2c-0000-7000-8000-00000000000f.toml"
    ));
    mkfifo(&fifo);
    let stderr = listed_with_warning(&env);
    assert!(stderr.contains("is a FIFO"), "{stderr}");
    for args in [
        vec!["compare"],
        vec!["show", "01937a2c"],
        vec!["rate", "01937a2c", "1", "--score", "2"],
        vec!["export", "csv"],
    ] {
        let stderr = refused(&env, &args, 1);
        assert!(
            stderr.contains("is a FIFO; scorecard reads only regular files"),
            "{args:?}: {stderr}"
        );
    }
    // The real scorecard beside it is still readable by its own interviewer (who needs no
    // other card of the panel to see their own).
    env.ok(&["show", &card, "--interviewer", "Grace Hopper"]);
    // The same holds for a settings file and a template.
    let settings = env.ws().join("scorecard.toml");
    // The workspace's own settings file (written when it was created) makes way for the FIFO.
    std::fs::remove_file(&settings).expect("remove the settings file");
    mkfifo(&settings);
    let stderr = refused(&env, &["list"], 1);
    assert!(stderr.contains("is a FIFO"), "{stderr}");
    std::fs::remove_file(&settings).expect("remove");
    let template = env.path("kit.j2");
    mkfifo(&template);
    let stderr = refused(&env, &["plan", "show", &plan, "--template", "kit.j2"], 1);
    assert!(stderr.contains("is a FIFO"), "{stderr}");
}

#[test]
fn a_scorecard_over_64_mib_is_refused_by_read_modify_write() {
    let env = Env::new();
    let plan = with_plan(&env);
    let card = submitted_card(&env, &plan);
    let path = only_file(&env, "scorecard");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    // Sparse: 65 MiB on paper, nothing on disk.
    file.set_len(65 << 20).expect("grow");
    drop(file);
    for args in [
        vec!["amend", card.as_str(), "1", "--score", "2", "--reason", "x"],
        vec!["show", card.as_str()],
    ] {
        let stderr = refused(&env, &args, 1);
        assert!(
            stderr.contains(
                "file is 68157440 bytes; files larger than 64 MiB (67108864 bytes) are refused"
            ),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(std::fs::metadata(&path).expect("meta").len(), 65 << 20);
}

// Finding: a candidate id read from a file could become a path.

#[test]
fn a_candidate_id_from_a_file_never_becomes_a_path() {
    let env = Env::new();
    let plan = with_plan(&env);
    submitted_card(&env, &plan);
    std::fs::create_dir_all(env.path("out/reports")).expect("mkdir");
    env.ok(&["export", "markdown", "--out", "out/reports"]);
    assert!(env.path("out/reports/ada-lovelace.md").is_file());
    std::fs::remove_file(env.path("out/reports/ada-lovelace.md")).expect("remove");

    let path = only_file(&env, "scorecard");
    edit(
        &path,
        "candidate_id = \"ada-lovelace\"",
        "candidate_id = \"../../escaped\"",
    );
    let stderr = refused(&env, &["export", "markdown", "--out", "out/reports"], 1);
    assert!(
        stderr.contains("candidate id `../../escaped` is not valid"),
        "{stderr}"
    );
    for dir in [env.root(), &env.path("out"), &env.path("out/reports")] {
        assert!(
            !dir.join("escaped.md").exists(),
            "nothing in {}",
            dir.display()
        );
    }
    assert_eq!(
        std::fs::read_dir(env.path("out/reports"))
            .expect("dir")
            .count(),
        0,
        "nothing written"
    );
}

// Finding: each error position rescanned the whole file.

#[test]
fn a_bank_with_a_problem_in_every_question_is_checked_in_one_pass() {
    let env = Env::new();
    let text = scorecard::synth::bank_toml(&scorecard::synth::bank(20_000, 1))
        .replace("category = \"async\"", "category = \"nope\"");
    env.write("big.toml", &text);
    let output = env
        .cmd()
        .args(["bank", "check", "big.toml"])
        .timeout(HANG)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(
        stderr.starts_with("error: 1 of 1 bank file is invalid (5000 problems)"),
        "{}",
        &stderr[..200.min(stderr.len())]
    );
    // Every problem has the line and column of its own question.
    let last = stderr.lines().last().expect("a line");
    let line = text.lines().count()
        - text
            .lines()
            .rev()
            .position(|l| l == "category = \"nope\"")
            .expect("nope");
    assert!(
        last.starts_with(&format!(
            "big.toml:{line}:12: question `q19996` names category `nope`"
        )),
        "{last}"
    );
}

#[test]
fn a_file_whose_id_differs_from_its_name_is_refused_and_never_counted_twice() {
    let env = Env::new();
    let plan = with_plan(&env);
    let card = submitted_card(&env, &plan);
    let original = only_file(&env, "scorecard");
    let text = std::fs::read_to_string(&original).expect("the scorecard");

    // A copy under another name: the same vote would count twice.
    let copy = env.path(&format!(
        "{CANDIDATE_DIR}/scorecard-01937a2c-0000-7000-8000-0000000000aa.toml"
    ));
    std::fs::write(&copy, &text).expect("the copy");
    let id_line = 1 + text
        .lines()
        .position(|line| line.starts_with("id = "))
        .expect("an id line");
    for command in [&["compare"][..], &["export", "csv"], &["calibrate"]] {
        let stderr = env.fails(command, 1);
        assert_clean_error(&stderr);
        assert!(
            stderr.starts_with(&format!(
                "error: {}:{id_line}:6: scorecard id `{card}` differs from the id in the file's name (`01937a2c-0000-7000-8000-0000000000aa`)",
                copy.display()
            )),
            "{command:?}: {stderr}"
        );
    }
    std::fs::remove_file(&copy).expect("remove the copy");

    // An id edited inside the file: `amend` by the file's id must not change another file.
    let edited = text.replace(&card, "01937a2c-0000-7000-8000-0000000000bb");
    std::fs::write(&original, &edited).expect("edit");
    let stderr = env.fails(
        &["amend", &card, "1", "--score", "1", "--reason", "typo"],
        1,
    );
    assert_clean_error(&stderr);
    assert!(
        stderr.contains("differs from the id in the file's name"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&original).expect("the file"),
        edited
    );

    // The plan is held to the same rule.
    std::fs::write(&original, &text).expect("restore");
    let plan_file = only_file(&env, "plan");
    let plan_text = std::fs::read_to_string(&plan_file).expect("the plan");
    std::fs::write(
        &plan_file,
        plan_text.replacen(
            &format!("id = \"{plan}\""),
            "id = \"01937a2c-0000-7000-8000-0000000000cc\"",
            1,
        ),
    )
    .expect("edit the plan");
    let stderr = env.fails(&["plan", "show", plan_file.to_str().unwrap()], 1);
    assert!(
        stderr.contains("plan id `01937a2c-0000-7000-8000-0000000000cc` differs"),
        "{stderr}"
    );
}

#[test]
fn a_scorecard_weight_that_would_overflow_the_overall_is_refused() {
    let env = Env::new();
    let (card, text) = submitted_file(&env);
    std::fs::write(&card, text.replacen("weight = 1.0", "weight = 1e308", 1)).expect("edit");
    for command in [&["compare"][..], &["export", "csv", "--shape", "summary"]] {
        let stderr = env.fails(command, 1);
        assert_clean_error(&stderr);
        assert!(
            stderr.contains(
                "has weight 1e308; a weight must be a number greater than 0 and at most 1000"
            ),
            "{stderr}"
        );
    }
}

#[test]
fn a_candidate_folder_not_named_by_an_id_is_named_not_left_out() {
    let env = Env::new();
    let plan = with_plan(&env);
    submitted_card(&env, &plan);
    let renamed = env.path("ws/candidates/Ada-Lovelace");
    std::fs::rename(env.path(CANDIDATE_DIR), &renamed).expect("rename");
    // Figures would silently leave Ada out.
    for command in [
        &["compare"][..],
        &["calibrate"],
        &["export", "csv"],
        &["questions"],
    ] {
        let stderr = env.fails(command, 1);
        assert_clean_error(&stderr);
        assert!(
            stderr.starts_with(&format!(
                "error: {}: is in candidates/ but its name is not a candidate id",
                renamed.display()
            )),
            "{command:?}: {stderr}"
        );
    }
    // A list shows what it can and says what it skipped.
    let (_, stderr) = env.outputs(&["list"]);
    assert!(
        stderr.starts_with(&format!(
            "warning: skipped {}: is in candidates/",
            renamed.display()
        )),
        "{stderr}"
    );
    // Hidden folders (version control, a purge under way) are nobody's.
    std::fs::rename(&renamed, env.path(CANDIDATE_DIR)).expect("rename back");
    std::fs::create_dir(env.path("ws/candidates/.git")).expect("a hidden folder");
    env.ok(&["compare"]);
}

#[test]
fn a_closed_stderr_ends_with_the_commands_exit_code_not_a_crash() {
    let env = Env::new();
    let plan = with_plan(&env);
    submitted_card(&env, &plan);
    for (args, code) in [
        (&["show", "ffff"][..], 1),
        (&["show", "--no-such-flag"], 2),
        (&["compare"], 0),
    ] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        // Nobody reads: every write to stderr fails with a broken pipe.
        drop(reader);
        let status = env
            .std_cmd()
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(writer)
            .status()
            .expect("run");
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}

#[test]
fn two_scorecards_of_one_interviewer_on_one_plan_are_refused_not_counted_twice() {
    let env = Env::new();
    let plan = with_plan(&env);
    let card = submitted_card(&env, &plan);
    let original = only_file(&env, "scorecard");
    // What `start` in a second clone leaves after a git merge: another id, the same interviewer
    // (spelt with other case and space), the same plan.
    let twin_id = "01937a2c-0000-7000-8000-0000000000dd";
    let twin = env.path(&format!("{CANDIDATE_DIR}/scorecard-{twin_id}.toml"));
    let text = std::fs::read_to_string(&original)
        .expect("the scorecard")
        .replace(&card, twin_id)
        .replace(
            "interviewer = \"Grace Hopper\"",
            "interviewer = \"grace hopper \"",
        );
    std::fs::write(&twin, text).expect("the twin");
    for command in [&["compare"][..], &["calibrate"], &["export", "csv"]] {
        let stderr = env.fails(command, 1);
        assert_clean_error(&stderr);
        assert!(
            stderr.contains(&format!("has two scorecards on plan {plan}"))
                && stderr.contains(&twin.display().to_string())
                && stderr.contains(&original.display().to_string()),
            "{command:?}: {stderr}"
        );
    }
}

#[test]
fn a_scorecard_that_contradicts_itself_is_refused_at_the_field() {
    let env = Env::new();
    let (card, text) = submitted_file(&env);
    let line_of = |text: &str, start: &str| {
        1 + text
            .lines()
            .position(|line| line.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting {start:?}"))
    };
    let first_answer_category = text
        .lines()
        .skip_while(|line| *line != "[[answers]]")
        .find(|line| line.starts_with("category = "))
        .expect("an answer's category")
        .to_owned();
    let cases = [
        (
            text.lines()
                .filter(|line| !line.starts_with("recommendation = "))
                .collect::<Vec<_>>()
                .join("\n"),
            "status = ",
            "the scorecard is submitted but has no `recommendation`",
        ),
        (
            text.replacen("skipped = false", "skipped = true", 1),
            "score = ",
            "is skipped and has a score",
        ),
        (
            text.replacen(&first_answer_category, "category = \"nosuchcat\"", 1),
            "category = \"nosuchcat\"",
            "is in category `nosuchcat`, which the scorecard's [[categories]] do not list",
        ),
    ];
    for (broken, at, message) in cases {
        std::fs::write(&card, &broken).expect("break it");
        let stderr = env.fails(&["compare"], 1);
        assert_clean_error(&stderr);
        let line = line_of(&broken, at);
        assert!(
            stderr.starts_with(&format!("error: {}:{line}:", card.display()))
                && stderr.contains(message),
            "{message}: {stderr}"
        );
    }
}

#[test]
fn type_errors_are_told_in_the_files_terms_not_rusts() {
    let env = Env::new();
    let (card, text) = submitted_file(&env);
    for (from, to, said) in [
        (
            "score = 3",
            "score = \"three\"",
            "invalid type: string \"three\", expected a whole number",
        ),
        (
            "skipped = false",
            "skipped = \"no\"",
            "expected true or false",
        ),
    ] {
        std::fs::write(&card, text.replacen(from, to, 1)).expect("edit");
        let stderr = env.fails(&["compare"], 1);
        assert_clean_error(&stderr);
        assert!(stderr.contains(said) && !stderr.contains("i64"), "{stderr}");
    }
}

#[test]
fn a_fifo_among_the_banks_is_named_by_bank_list_without_blocking() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("ws/banks")).expect("banks folder");
    let fifo = env.path("ws/banks/team.toml");
    mkfifo(&fifo);
    let (stdout, stderr) = env.outputs(&["bank", "list"]);
    assert!(
        stderr.starts_with(&format!("warning: skipped {}: is a FIFO", fifo.display())),
        "{stderr}"
    );
    assert!(stdout.contains("nodejs-backend-senior"), "{stdout}");
}

#[test]
fn a_plan_holds_at_most_the_questions_a_scorecard_may_answer() {
    let env = Env::new();
    let plan = crate::support::PlanFile {
        categories: vec![("js".to_owned(), "JS".to_owned(), 1.0)],
        questions: (0..1001)
            .map(|n| crate::support::QuestionFile {
                id: format!("q{n}"),
                category: "js".to_owned(),
                prompt: format!("Question {n}?"),
                minutes: 1,
                expected: Vec::new(),
            })
            .collect(),
        ..crate::support::PlanFile::new(1, "ada-lovelace")
    };
    let path = plan.write(&env);
    let stderr = env.fails(&["plan", "show", path.to_str().unwrap()], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.contains("plan has 1001 questions; a plan holds at most 1000"),
        "{stderr}"
    );
}
