//! Purge: deleting whole candidates by id, by age (the newest date inside their files) or by the
//! workspace's retention setting, only after confirmation.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::{Env, assert_clean_error, interview, panel_plan, set, start};

const ROLE: &str = "Senior backend engineer";

fn candidate_folders(env: &Env) -> BTreeSet<String> {
    files_in_names(&env.ws().join("candidates"))
}

fn files_in_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| {
                    e.expect("folder entry")
                        .file_name()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every file of every candidate, with its contents.
fn snapshot(env: &Env) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    for candidate in candidate_folders(env) {
        let dir = env.ws().join("candidates").join(candidate);
        for name in files_in_names(&dir) {
            let path = dir.join(name);
            all.insert(path.clone(), std::fs::read(&path).expect("readable file"));
        }
    }
    all
}

/// Ada (one plan, two scorecards) and Bob (one plan, one scorecard).
fn purge_workspace() -> Env {
    let env = Env::new();
    let ada = panel_plan(&env, "Ada Lovelace", ROLE, &[]);
    interview(
        &env,
        &ada,
        "Grace Hopper",
        &[(3, ""), (3, ""), (3, "")],
        "yes",
        "",
    );
    start(&env, &ada, "Linus Torvalds");
    let bob = panel_plan(&env, "Bob Example", ROLE, &[]);
    interview(
        &env,
        &bob,
        "Grace Hopper",
        &[(2, ""), (2, ""), (2, "")],
        "no",
        "",
    );
    env
}

/// Sets the given timestamp fields (at any depth) of a TOML file to `at`.
fn backdate(path: &Path, keys: &[&str], at: &str) {
    fn walk(value: &mut toml::Value, keys: &[&str], at: &str) {
        match value {
            toml::Value::Table(table) => {
                for (key, value) in table.iter_mut() {
                    if keys.contains(&key.as_str()) && value.is_str() {
                        *value = toml::Value::String(at.to_owned());
                    } else {
                        walk(value, keys, at);
                    }
                }
            }
            toml::Value::Array(items) => items.iter_mut().for_each(|v| walk(v, keys, at)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(path).expect("readable file");
    let mut value: toml::Value = toml::from_str(&text).expect("a TOML file");
    walk(&mut value, keys, at);
    let text = toml::to_string(&value).expect("TOML out");
    std::fs::write(path, text).expect("writable file");
}

const ALL_DATES: [&str; 5] = ["created_at", "started_at", "submitted_at", "rated_at", "at"];
const LONG_AGO: &str = "2020-03-01T10:00:00Z";

/// Backdates the given fields in every file of a candidate's folder.
fn backdate_candidate(env: &Env, candidate_id: &str, keys: &[&str]) {
    let dir = env.ws().join("candidates").join(candidate_id);
    for name in files_in_names(&dir) {
        backdate(&dir.join(name), keys, LONG_AGO);
    }
}

/// Four candidates: `old` (every date in 2020), `old-plan` (plan from 2020, scorecard now),
/// `late-submission` (everything in 2020 but the submission), and `fresh`.
fn aged_workspace() -> Env {
    let env = Env::new();
    for name in ["Old", "Old Plan", "Late Submission", "Fresh"] {
        let p = panel_plan(&env, name, ROLE, &[]);
        interview(
            &env,
            &p,
            "Grace Hopper",
            &[(3, ""), (3, ""), (3, "")],
            "yes",
            "",
        );
    }
    backdate_candidate(&env, "old", &ALL_DATES);
    backdate_candidate(&env, "old-plan", &["created_at"]);
    backdate_candidate(
        &env,
        "late-submission",
        &["created_at", "started_at", "rated_at"],
    );
    env
}

#[test]
fn purge_candidate_with_yes_deletes_exactly_that_folder_and_reports_counts() {
    let env = purge_workspace();
    let before = snapshot(&env);

    let output = env.run(&["purge", "--candidate", "ada-lovelace", "--yes"]);
    let stderr = String::from_utf8(output.success().get_output().stderr.clone()).unwrap();

    assert!(
        stderr.contains("\nDeleted 1 candidate: 1 plan, 2 scorecards.\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ada-lovelace"),
        "lists what it deletes: {stderr}"
    );
    assert_eq!(candidate_folders(&env), set(&["bob-example"]));
    let bob_before: BTreeMap<_, _> = before
        .into_iter()
        .filter(|(path, _)| path.starts_with(env.ws().join("candidates/bob-example")))
        .collect();
    assert_eq!(snapshot(&env), bob_before, "Bob's files untouched");
}

#[test]
fn purge_refused_or_unanswered_confirmation_deletes_nothing() {
    let env = purge_workspace();
    let before = snapshot(&env);
    for answer in ["n\n", "", "no\n", "maybe\n"] {
        let output = env
            .cmd()
            .args(["purge", "--candidate", "ada-lovelace"])
            .write_stdin(answer)
            .assert()
            .code(1)
            .get_output()
            .clone();

        let stderr = String::from_utf8(output.stderr).unwrap();
        let error = &stderr[stderr.find("error: ").expect("an error line")..];
        assert_clean_error(error);
        assert_eq!(
            error.lines().next().unwrap(),
            "error: purge not confirmed; nothing was deleted",
            "answer {answer:?}"
        );
        assert_eq!(snapshot(&env), before, "answer {answer:?}: nothing deleted");
    }
}

#[test]
fn purge_refusal_error_starts_on_its_own_line() {
    let env = purge_workspace();

    let output = env
        .cmd()
        .args(["purge", "--candidate", "ada-lovelace"])
        .write_stdin("n\n")
        .assert()
        .code(1)
        .get_output()
        .clone();

    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .any(|l| l == "error: purge not confirmed; nothing was deleted"),
        "{stderr:?}"
    );
}

#[test]
fn purge_confirmed_with_y_on_stdin_deletes() {
    let env = purge_workspace();

    let output = env
        .cmd()
        .args(["purge", "--candidate", "ada-lovelace"])
        .write_stdin("y\n")
        .assert()
        .success()
        .get_output()
        .clone();

    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("\nDeleted 1 candidate: 1 plan, 2 scorecards.\n"),
        "{stderr}"
    );
    assert_eq!(candidate_folders(&env), set(&["bob-example"]));
}

#[test]
fn purge_older_than_judges_by_the_newest_date_inside_the_files() {
    let env = aged_workspace();

    let output = env.run(&["purge", "--older-than", "365", "--yes"]);
    let stderr = String::from_utf8(output.success().get_output().stderr.clone()).unwrap();

    assert!(
        stderr.contains("\nDeleted 1 candidate: 1 plan, 1 scorecard.\n"),
        "{stderr}"
    );
    assert_eq!(
        candidate_folders(&env),
        set(&["fresh", "late-submission", "old-plan"]),
        "a newer date anywhere in a candidate's files keeps them"
    );
}

#[test]
fn purge_expired_uses_retention_days_from_the_workspace_settings() {
    let env = aged_workspace();
    env.write("ws/scorecard.toml", "retention_days = 365\n");

    let output = env.run(&["purge", "--expired", "--yes"]);
    let stderr = String::from_utf8(output.success().get_output().stderr.clone()).unwrap();

    assert!(stderr.contains("Deleted 1 candidate"), "{stderr}");
    assert_eq!(
        candidate_folders(&env),
        set(&["fresh", "late-submission", "old-plan"])
    );
}

#[test]
fn purge_expired_without_retention_days_is_a_clean_error() {
    let env = aged_workspace();
    let before = snapshot(&env);

    let stderr = env.fails(&["purge", "--expired", "--yes"], 1);

    assert_clean_error(&stderr);
    assert_eq!(
        stderr.lines().next().unwrap(),
        "error: `--expired` needs `retention_days` in scorecard.toml"
    );
    assert_eq!(snapshot(&env), before);
}

#[test]
fn purge_needs_one_of_candidate_older_than_or_expired() {
    let env = purge_workspace();
    let before = snapshot(&env);

    let stderr = env.fails(&["purge", "--yes"], 2);

    assert!(stderr.starts_with("error: "), "{stderr}");
    for flag in ["--candidate", "--older-than", "--expired"] {
        assert!(stderr.contains(flag), "names {flag}: {stderr}");
    }
    assert_eq!(snapshot(&env), before);
}

#[test]
fn purge_unknown_candidate_fails_listing_the_valid_ones() {
    let env = purge_workspace();
    let before = snapshot(&env);

    let stderr = env.fails(&["purge", "--candidate", "nobody", "--yes"], 1);

    assert_clean_error(&stderr);
    assert_eq!(
        stderr,
        "error: no candidate matches `nobody`\nvalid: `ada-lovelace`, `bob-example`\n"
    );
    assert_eq!(snapshot(&env), before);
}

#[test]
fn a_candidate_named_for_deletion_is_purged_even_with_a_broken_file_but_never_by_age() {
    let env = purge_workspace();
    let ada = env.ws().join("candidates/ada-lovelace");
    let card = std::fs::read_dir(&ada)
        .expect("Ada's folder")
        .map(|e| e.expect("an entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("scorecard-"))
        })
        .expect("a scorecard");
    let mut text = std::fs::read_to_string(&card).expect("the scorecard");
    text.push_str("\nx = [\n");
    std::fs::write(&card, text).expect("break it");

    // By age, the broken file's dates are unknown: nothing is deleted, and the way out is named.
    let stderr = env.fails(&["purge", "--older-than", "0", "--yes"], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.starts_with("error: cannot tell how old candidate `ada-lovelace`'s files are: ")
            && stderr.contains("nothing was deleted")
            && stderr.contains("scorecard purge --candidate ada-lovelace"),
        "{stderr}"
    );
    assert_eq!(
        candidate_folders(&env),
        set(&["ada-lovelace", "bob-example"])
    );

    // By name, the candidate's data goes, broken file and all.
    let output = env.run(&["purge", "--candidate", "ada-lovelace", "--yes"]);
    let stderr = String::from_utf8(output.success().get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("warning: `ada-lovelace` has a file that does not parse ("),
        "{stderr}"
    );
    assert!(
        stderr.contains("Ada Lovelace"),
        "the table names her from her plan: {stderr}"
    );
    assert!(
        stderr.contains("Deleted 1 candidate: 1 plan, 2 scorecards."),
        "{stderr}"
    );
    assert_eq!(candidate_folders(&env), set(&["bob-example"]));
}

#[test]
fn a_candidate_folder_that_is_a_link_is_refused_not_reported_deleted() {
    let env = purge_workspace();
    let bob = env.ws().join("candidates/bob-example");
    let elsewhere = env.path("elsewhere");
    std::fs::rename(&bob, &elsewhere).expect("move Bob's folder out");
    std::os::unix::fs::symlink(&elsewhere, &bob).expect("link it back");
    let stderr = env.fails(&["purge", "--candidate", "bob-example", "--yes"], 1);
    assert_clean_error(&stderr);
    assert!(
        stderr.contains("is a link to") && stderr.contains("nothing was deleted"),
        "{stderr}"
    );
    assert!(bob.exists() && elsewhere.join(".").is_dir());
    assert_eq!(
        files_in_names(&elsewhere).len(),
        2,
        "Bob's plan and scorecard are still there"
    );
}
