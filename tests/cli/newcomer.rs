//! The first hour with scorecard: the workspace a first command creates, empty results and
//! filters that say why, id mix-ups, `--quiet`, helpful refusals, purge's confirmation, help text,
//! the built-in bank's anchors and small cosmetics.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect};
use serde_json::Value as Json;

use crate::support::{
    BIN, Env, assert_clean_error, plan_new, rate_in_order, sealed, sealed_std, start, submit,
};

/// `scorecard ARGS` run from `dir` with no workspace given (neither flag nor variable).
fn bare(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = sealed(Command::new(BIN));
    cmd.current_dir(dir).args(args).assert()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Ada's phone screen (seed 3).
const PHONE_SCREEN: [&str; 4] = ["--seed", "3", "--round", "phone-screen"];

/// Starts, rates every question `score` and submits `yes`; returns the scorecard id.
fn submitted_all(env: &Env, plan: &str, who: &str, score: i64) -> String {
    let card = start(env, plan, who);
    let questions = env.json(&["show", &card])["answers"]
        .as_array()
        .expect("answers")
        .len();
    rate_in_order(env, &card, &vec![score; questions]);
    submit(env, &card, "yes");
    card
}

/// Ada's phone screen, submitted by Grace Hopper.
fn panel() -> (Env, String, String) {
    let env = Env::new();
    let plan = plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    let card = submitted_all(&env, &plan, "Grace Hopper", 3);
    (env, plan, card)
}

// 1. The workspace a first command creates is recognisable from inside.

#[test]
fn the_workspace_a_first_command_creates_is_found_from_inside_it() {
    let env = Env::new();
    let created = bare(
        env.root(),
        &[
            "plan",
            "new",
            "--candidate",
            "Ada Lovelace",
            "--round",
            "phone-screen",
            "--quiet",
        ],
    )
    .success();
    let stderr = text(&created.get_output().stderr);
    assert!(stderr.contains("note: created workspace"), "{stderr}");
    let settings = env.path("interviews/scorecard.toml");
    let written = std::fs::read_to_string(&settings).expect("scorecard.toml was written");
    assert!(
        written.lines().all(|l| l.is_empty() || l.starts_with('#')),
        "every default commented:\n{written}"
    );

    let inside = env.path("interviews");
    let listed = bare(&inside, &["plan", "list"]).success();
    assert!(
        text(&listed.get_output().stdout).contains("Ada Lovelace"),
        "plan list inside the workspace finds the plan: {}",
        text(&listed.get_output().stderr)
    );
    bare(
        &inside,
        &[
            "plan",
            "new",
            "--candidate",
            "Alan Turing",
            "--round",
            "phone-screen",
        ],
    )
    .success();
    assert!(
        !inside.join("interviews").exists(),
        "no workspace inside the workspace"
    );
    assert!(inside.join("candidates/alan-turing").is_dir());
}

#[test]
fn init_on_a_folder_with_candidates_says_it_adopts_them() {
    let env = Env::new();
    plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    plan_new(&env, "Alan Turing", &PHONE_SCREEN);
    // A workspace made before `scorecard.toml` was written on creation, or shared without it.
    let _ = std::fs::remove_file(env.ws().join("scorecard.toml"));

    let (stdout, stderr) = env.outputs(&["init", env.ws().to_str().unwrap()]);

    assert_eq!(stdout, "", "confirmations go to stderr");
    assert!(
        stderr.contains("Adopted the 2 candidates already in"),
        "{stderr}"
    );
    assert!(env.ws().join("scorecard.toml").is_file());
    assert!(env.ws().join("candidates/ada-lovelace").is_dir());
}

// 2. A wrong workspace is not an empty one; empty results name the workspace.

#[test]
fn read_commands_on_a_missing_workspace_fail_naming_it() {
    let env = Env::new();
    let missing = env.path("no-such-dir");
    let missing = missing.to_str().unwrap();
    let reads: [&[&str]; 7] = [
        &["list"],
        &["compare"],
        &["calibrate"],
        &["plan", "list"],
        &["show", "0193a5b3"],
        &["export", "csv"],
        &["purge", "--older-than", "1", "--yes"],
    ];
    for args in reads {
        let mut flagged = vec!["--workspace", missing];
        flagged.extend(args);
        let stderr = env.fails(&flagged, 1);
        assert_clean_error(&stderr);
        assert!(
            stderr.contains(&format!("workspace `{missing}` does not exist")),
            "{args:?}: {stderr}"
        );

        let output = env
            .cmd()
            .env("SCORECARD_WORKSPACE", missing)
            .args(args)
            .assert()
            .code(1)
            .get_output()
            .clone();
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains(missing) && stderr.contains("SCORECARD_WORKSPACE"),
            "{args:?} with the variable: {stderr}"
        );
    }
    assert!(!Path::new(missing).exists(), "nothing created");
}

#[test]
fn every_empty_result_names_the_workspace_it_looked_in() {
    let env = Env::new();
    env.ok(&["init"]);
    let place = format!("workspace `{}`", env.ws().display());
    let empties: [&[&str]; 6] = [
        &["list"],
        &["plan", "list"],
        &["compare"],
        &["calibrate"],
        &["export", "csv"],
        &["purge", "--older-than", "1", "--yes"],
    ];
    for args in empties {
        let (_, stderr) = env.outputs(args);
        assert!(stderr.contains(&place), "{args:?}: {stderr}");
    }
}

// 3. A filter that matches nothing says so and lists what exists.

#[test]
fn a_filter_that_matches_nothing_names_it_and_the_values_that_exist() {
    let (env, _, _) = panel();

    let (stdout, stderr) = env.outputs(&["compare", "--role", "Senior backend engineer"]);
    assert!(!stdout.contains("No scorecards yet"), "{stdout}");
    assert!(
        stderr.contains("--role `Senior backend engineer` matches no submitted scorecards"),
        "{stderr}"
    );
    assert!(
        stderr.contains("roles there: `Senior Node.js backend engineer`"),
        "{stderr}"
    );

    let (stdout, stderr) = env.outputs(&[
        "compare",
        "--role",
        "Senior backend engineer",
        "--format",
        "json",
    ]);
    assert!(
        stdout.contains("\"candidates\": []"),
        "JSON unchanged: {stdout}"
    );
    assert!(stderr.contains("roles there:"), "{stderr}");

    let (_, stderr) = env.outputs(&["list", "--interviewer", "Grace Hoper"]);
    assert!(!stderr.contains("start one"), "{stderr}");
    assert!(
        stderr.contains("--interviewer `Grace Hoper`")
            && stderr.contains("interviewers there: `Grace Hopper`"),
        "{stderr}"
    );

    let (_, stderr) = env.outputs(&["calibrate", "--role", "Staff engineer"]);
    assert!(stderr.contains("--role `Staff engineer`"), "{stderr}");

    let (stdout, stderr) = env.outputs(&["export", "csv", "--interviewer", "Alan Turing"]);
    assert_eq!(stdout.lines().count(), 1, "the header alone: {stdout}");
    assert!(
        stderr.contains("--interviewer `Alan Turing`") && stderr.contains("`Grace Hopper`"),
        "{stderr}"
    );

    let (stdout, stderr) = env.outputs(&["export", "markdown", "--candidate", "alan-turing"]);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("--candidate `alan-turing`")
            && stderr.contains("candidates there: `ada-lovelace`"),
        "{stderr}"
    );
}

// 4. Colour tables stay aligned.

/// The text without ANSI escape sequences.
fn visible(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn coloured_compare_table_lines_up_with_colour_forced_on() {
    let (env, plan, _) = panel();
    submitted_all(&env, &plan, "Alan Turing", 1);

    let stdout = env.ok(&["--color", "always", "compare", "--include-pending"]);

    assert!(stdout.contains('\u{1b}'), "colour is on: {stdout}");
    let table: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with('+') || l.starts_with('|'))
        .collect();
    assert!(table.len() >= 4, "{stdout}");
    let widths: Vec<usize> = table.iter().map(|l| visible(l).chars().count()).collect();
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "every line of the table is as wide as the others: {widths:?}\n{stdout}"
    );
    let header = visible(table[1]);
    let row = visible(table[3]);
    let column = |line: &str, name: &str| line.find(name).expect(name);
    let overall = column(&header, "overall");
    assert!(
        row[overall..].starts_with("2."),
        "the overall score sits under its header: {row}"
    );
    let borders = |line: &str| -> Vec<usize> {
        line.chars()
            .enumerate()
            .filter(|(_, c)| *c == '|')
            .map(|(i, _)| i)
            .collect()
    };
    assert_eq!(
        borders(&row),
        borders(&header),
        "column borders line up (overall at {overall})"
    );
}

// 5. Plan ids and scorecard ids.

#[test]
fn a_plan_id_where_a_scorecard_id_belongs_is_named_with_the_command_that_fits() {
    let (env, plan, card) = panel();

    let stderr = env.fails(&["show", &plan], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.contains(&format!(
            "no scorecard matches `{plan}`: it is the id of a plan"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("scorecard show {card}")) && stderr.contains("Grace Hopper"),
        "gives the plan's scorecards: {stderr}"
    );

    let stderr = env.fails(&["rate", &plan, "1", "--score", "2"], 1);
    assert!(
        stderr.contains(&format!("scorecard rate {card} QUESTION")),
        "{stderr}"
    );

    let fresh = plan_new(&env, "Alan Turing", &PHONE_SCREEN);
    let stderr = env.fails(&["show", &fresh], 1);
    assert!(
        stderr.contains(&format!("scorecard start {fresh} --interviewer NAME")),
        "a plan without scorecards says how to start one: {stderr}"
    );
}

#[test]
fn a_scorecard_id_where_a_plan_id_belongs_gives_its_plan() {
    let (env, plan, card) = panel();

    for (args, command) in [
        (vec!["plan", "show", card.as_str()], "scorecard plan show"),
        (
            vec!["start", card.as_str(), "--interviewer", "Alan Turing"],
            "scorecard start",
        ),
    ] {
        let stderr = env.fails(&args, 1);
        assert_clean_error(&stderr);
        assert!(
            stderr.contains(&format!(
                "no plan matches `{card}`: it is the id of a scorecard"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("its plan: {command} {plan}")),
            "{stderr}"
        );
    }
}

// 6. --quiet on every command that writes; confirmations on stderr.

#[test]
fn every_writing_command_takes_quiet_and_confirms_on_stderr() {
    let env = Env::new();
    let plan = plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    let card = start(&env, &plan, "Grace Hopper");
    let card2 = start(&env, &plan, "Alan Turing");
    let out = env.path("answers.csv");
    let out = out.to_str().unwrap();
    let reports = env.path("reports");
    let reports = reports.to_str().unwrap();
    let steps: [(&[&str], &str); 7] = [
        (&["rate", &card, "1", "--score", "3"], "Rated"),
        (&["skip", &card, "2"], "Skipped"),
        (&["rate", &card2, "1", "--score", "3"], "Rated"),
        (
            &[
                "submit",
                &card,
                "--recommendation",
                "yes",
                "--allow-unrated",
            ],
            "Submitted",
        ),
        (
            &[
                "submit",
                &card2,
                "--recommendation",
                "no",
                "--allow-unrated",
            ],
            "Submitted",
        ),
        (&["export", "csv", "--out", out], "wrote"),
        (&["export", "markdown", "--out", reports], "wrote"),
    ];
    for (args, confirmation) in steps {
        let (stdout, stderr) = env.outputs(args);
        assert_eq!(stdout, "", "{args:?}: nothing on stdout");
        assert!(stderr.contains(confirmation), "{args:?}: {stderr}");
    }
    let quiet: [&[&str]; 5] = [
        &[
            "amend", &card, "1", "--score", "2", "--reason", "re-read", "--quiet",
        ],
        &["export", "csv", "--out", out, "--quiet"],
        &["export", "markdown", "--out", reports, "-q"],
        &["init", "other", "--quiet"],
        &["purge", "--candidate", "ada-lovelace", "--yes", "--quiet"],
    ];
    for args in quiet {
        let (stdout, stderr) = env.outputs(args);
        assert_eq!(stdout, "", "{args:?}");
        for word in ["Amended", "wrote", "Created", "Deleted"] {
            assert!(!stderr.contains(word), "{args:?} is quiet: {stderr}");
        }
    }
}

#[test]
fn rate_skip_submit_take_quiet() {
    let env = Env::new();
    let plan = plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    let card = start(&env, &plan, "Grace Hopper");
    for args in [
        vec!["rate", &card, "1", "--score", "3", "--quiet"],
        vec!["skip", &card, "2", "-q"],
        vec![
            "submit",
            &card,
            "--recommendation",
            "yes",
            "--allow-unrated",
            "--quiet",
        ],
    ] {
        let (stdout, stderr) = env.outputs(&args);
        assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""), "{args:?}");
    }
}

// 7. Small refusals that help.

#[test]
fn start_on_a_submitted_card_suggests_amend() {
    let (env, plan, card) = panel();

    let (stdout, stderr) = env.outputs(&["start", &plan, "--interviewer", "Grace Hopper"]);

    assert!(stderr.contains("submitted"), "{stderr}");
    assert!(
        stdout.contains(&format!("scorecard amend {card} QUESTION")),
        "{stdout}"
    );
    assert!(!stdout.contains("scorecard rate"), "{stdout}");
    assert!(!stdout.contains("scorecard interview"), "{stdout}");
}

#[test]
fn submit_takes_the_short_recommendations() {
    let env = Env::new();
    let plan = plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    for (short, long) in [
        ("sn", "strong-no"),
        ("n", "no"),
        ("y", "yes"),
        ("sy", "strong-yes"),
    ] {
        let card = start(&env, &plan, &format!("Interviewer {short}"));
        env.ok(&[
            "submit",
            &card,
            "--recommendation",
            short,
            "--allow-unrated",
        ]);
        assert_eq!(env.json(&["show", &card])["recommendation"], long);
    }
}

#[test]
fn an_amendment_that_changes_nothing_is_refused() {
    let env = Env::new();
    let plan = plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    let card = submitted_all(&env, &plan, "Grace Hopper", 1);
    let file = env
        .json(&["show", &card])
        .get("file")
        .and_then(Json::as_str)
        .expect("file")
        .to_owned();
    let before = std::fs::read(&file).unwrap();

    let stderr = env.fails(
        &["amend", &card, "1", "--score", "1", "--reason", "typo"],
        1,
    );

    assert_clean_error(&stderr);
    assert!(stderr.contains("already scores 1"), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing recorded");
}

#[test]
fn a_negative_number_of_seconds_gets_a_helpful_error() {
    let env = Env::new();
    let plan = plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    let card = start(&env, &plan, "Grace Hopper");

    let stderr = env.fails(&["rate", &card, "1", "--score", "3", "--seconds", "-5"], 2);

    assert!(!stderr.contains("'-- -5'"), "{stderr}");
    assert!(
        stderr.contains("--seconds") && stderr.contains("whole number of seconds, 0 to 86400"),
        "{stderr}"
    );
}

#[test]
fn a_value_starting_with_a_dash_gets_the_equals_hint() {
    let env = Env::new();

    let stderr = env.fails(
        &[
            "plan",
            "new",
            "--candidate",
            "-rf",
            "--round",
            "phone-screen",
        ],
        2,
    );

    assert!(stderr.contains("`--candidate=-rf`"), "{stderr}");
}

// 8. purge.

#[test]
fn purge_speaks_of_one_candidate_warns_of_drafts_and_of_exported_copies() {
    let (env, plan, _) = panel();
    start(&env, &plan, "Alan Turing");

    let (stdout, stderr) = env.outputs(&["purge", "--candidate", "ada-lovelace", "--yes"]);

    assert_eq!(stdout, "");
    assert!(!stderr.contains("These 1"), "{stderr}");
    assert!(
        stderr.contains("This candidate will be deleted:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: `ada-lovelace` still has 1 draft scorecard (Alan Turing)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("still hold this candidate's data"),
        "{stderr}"
    );
}

const PURGE_BOTH: [&str; 5] = [
    "purge",
    "--candidate",
    "ada-lovelace",
    "--candidate",
    "alan-turing",
];

#[test]
fn purge_of_several_candidates_needs_their_number() {
    let env = Env::new();
    plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    plan_new(&env, "Alan Turing", &PHONE_SCREEN);
    for answer in ["y\n", "yes\n"] {
        env.cmd()
            .args(PURGE_BOTH)
            .write_stdin(answer)
            .assert()
            .code(1);
        assert!(env.ws().join("candidates/ada-lovelace").is_dir());
    }
    let output = env
        .cmd()
        .args(PURGE_BOTH)
        .write_stdin("2\n")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        text(&output.stderr).contains("These 2 candidates will be deleted:"),
        "{}",
        text(&output.stderr)
    );
    assert!(!env.ws().join("candidates/ada-lovelace").exists());
}

#[test]
fn purge_on_a_terminal_waits_for_enter() {
    let env = Env::new();
    plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    let folder = env.ws().join("candidates/ada-lovelace");
    let mut cmd = sealed_std(std::process::Command::new(BIN));
    cmd.current_dir(env.root())
        .env("SCORECARD_WORKSPACE", env.ws())
        .env("TERM", "xterm")
        .args(["purge", "--candidate", "ada-lovelace"]);
    let mut session = OsSession::spawn(cmd).expect("spawn in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(10)));
    session.expect("[y/N]").expect("the prompt");

    session.send("y").expect("type y");
    std::thread::sleep(Duration::from_millis(700));
    assert!(folder.is_dir(), "a key press alone deletes nothing");

    session.send("\r").expect("press Enter");
    session.expect("Deleted 1 candidate").expect("deleted");
    session.expect(Eof).expect("exits");
    assert!(!folder.exists());
}

// 9. Help text.

fn help(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.push("--help");
    Env::new().ok(&all)
}

#[test]
fn global_options_have_their_own_heading() {
    for command in [&["start"][..], &["list"], &["export", "csv"]] {
        let text = help(command);
        let global = text
            .find("Global options:")
            .expect("a Global options heading");
        let workspace = text.find("--workspace").expect("--workspace");
        let color = text.find("--color").expect("--color");
        assert!(workspace > global && color > global, "{text}");
        let options = text.find("\nOptions:").expect("Options");
        assert!(
            !text[options..global].contains("--workspace"),
            "{command:?}: {text}"
        );
    }
}

#[test]
fn help_lists_interview_keys_and_has_no_markup_leftovers() {
    let interview = help(&["interview"]);
    for key in ["s skip", "b back", "q quit", "e to write", "sn, n, y, sy"] {
        assert!(interview.contains(key), "{key}: {interview}");
    }
    for command in ["start", "interview", "show"] {
        let text = help(&[command]);
        assert!(!text.contains("$`"), "{command}: {text}");
        assert!(text.contains("$SCORECARD_INTERVIEWER"), "{command}: {text}");
    }
    let init = help(&["init"]);
    assert!(init.contains("candidates/"), "{init}");
}

#[test]
fn help_examples_never_wrap_mid_command() {
    let root = help(&[]);
    let mut commands: Vec<Vec<String>> = Vec::new();
    let subcommands = |text: &str| -> Vec<String> {
        let start = text.find("Commands:").map_or(text.len(), |i| i + 9);
        let end = text[start..].find("\n\n").map_or(text.len(), |i| start + i);
        text[start..end]
            .lines()
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| *w != "help")
            .map(str::to_owned)
            .collect()
    };
    for name in subcommands(&root) {
        let sub = help(&[&name]);
        let nested = subcommands(&sub);
        if nested.is_empty() {
            commands.push(vec![name.clone()]);
        }
        for inner in nested {
            commands.push(vec![name.clone(), inner]);
        }
    }
    assert!(commands.len() > 15, "{commands:?}");
    for command in commands {
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let text = help(&args);
        let Some(start) = text.find("Example") else {
            panic!("{command:?} has an example: {text}");
        };
        let mut previous = "";
        for line in text[start..].lines().skip(1) {
            if line.trim().is_empty() {
                break;
            }
            if line.starts_with("  scorecard ") || previous.ends_with('\\') {
                previous = line;
                continue;
            }
            panic!("{command:?}: an example wraps mid-command at {line:?}\n{text}");
        }
    }
}

#[test]
fn mistyped_subcommands_get_a_suggestion() {
    let env = Env::new();
    for (args, suggestion) in [(["plan", "nwe"], "'new'"), (["export", "cvs"], "'csv'")] {
        let stderr = env.fails(&args, 2);
        assert!(
            stderr.contains(&format!("a similar subcommand exists: {suggestion}")),
            "{args:?}: {stderr}"
        );
    }
}

// 10. The built-in bank.

#[test]
fn every_built_in_question_has_one_anchor_per_scale_level() {
    let env = Env::new();
    let banks = env.json(&["bank", "list"]);
    let built_in: Vec<&str> = banks
        .as_array()
        .expect("banks")
        .iter()
        .filter(|b| b["source"] == "built-in")
        .filter_map(|b| b["id"].as_str())
        .collect();
    assert!(!built_in.is_empty());
    for id in built_in {
        let bank = env.json(&["bank", "show", "--bank", id]);
        let levels = bank["scale"]["labels"].as_array().expect("labels").len();
        for question in bank["questions"].as_array().expect("questions") {
            let anchors = question["anchors"].as_array().map_or(0, Vec::len);
            assert_eq!(
                anchors, levels,
                "{id}: question {} has {anchors} anchors for {levels} levels",
                question["id"]
            );
            for anchor in question["anchors"].as_array().into_iter().flatten() {
                assert!(
                    anchor.as_str().is_some_and(|a| a.trim().len() > 20),
                    "{id}: {} has a real anchor: {anchor}",
                    question["id"]
                );
            }
        }
    }
}

// 11. Cosmetics.

#[test]
fn anonymize_says_once_that_it_created_its_key() {
    let (env, _, _) = panel();

    let (_, first) = env.outputs(&["export", "csv", "--anonymize"]);
    let (_, second) = env.outputs(&["export", "csv", "--anonymize"]);

    assert!(
        first.contains("created") && first.contains("anonymize.key"),
        "{first}"
    );
    assert!(!second.contains("anonymize.key"), "{second}");
}

#[test]
fn rate_and_skip_phrase_progress_the_same_way() {
    let env = Env::new();
    let plan = plan_new(&env, "Ada Lovelace", &PHONE_SCREEN);
    let card = start(&env, &plan, "Grace Hopper");

    let (_, rated) = env.outputs(&["rate", &card, "1", "--score", "3"]);
    let (_, skipped) = env.outputs(&["skip", &card, "2"]);

    let progress = |line: &str| line.split(" | ").nth(1).map(str::trim).map(str::to_owned);
    assert_eq!(
        progress(&rated).as_deref(),
        Some("1 rated, 0 skipped, 3 open of 4"),
        "{rated}"
    );
    assert_eq!(
        progress(&skipped).as_deref(),
        Some("1 rated, 1 skipped, 2 open of 4"),
        "{skipped}"
    );
}

#[test]
fn a_category_without_a_score_has_no_empty_code_span_in_markdown() {
    let env = Env::new();
    let plan = plan_new(
        &env,
        "Ada Lovelace",
        &["--seed", "3", "--pick", "async=1", "--pick", "security=1"],
    );
    let card = start(&env, &plan, "Grace Hopper");
    let show = env.json(&["show", &card]);
    let answers = show["answers"].as_array().expect("answers");
    for (n, answer) in answers.iter().enumerate() {
        let n = (n + 1).to_string();
        if answer["category"] == "async" {
            env.ok(&["rate", &card, &n, "--score", "3"]);
        } else {
            env.ok(&["skip", &card, &n]);
        }
    }
    env.ok(&["submit", &card, "--recommendation", "yes"]);

    let markdown = env.ok(&["export", "markdown"]);

    assert!(
        markdown.contains("| - |"),
        "security has no mean: {markdown}"
    );
    assert!(!markdown.contains("``"), "{markdown}");
}

#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    let env = Env::new();
    let mut child = env
        .std_cmd()
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run scorecard");
    // The reader goes away at once, as `| head -1` does after its line.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
