//! Multi-file work that happens whole or not at all (an export to a folder, purge racing a
//! rating, a refused plan) and temporary files that never reach git.

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::support::{
    ASYNC_ROUND, Env, assert_clean_error, plan_new, start, write_card_with_notes,
};

// ---------------------------------------------------------------------------------------------
// All or nothing
// ---------------------------------------------------------------------------------------------

/// Every file and folder under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            found.push(
                path.strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string(),
            );
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn export_markdown_to_a_folder_writes_every_document_or_none() {
    let env = Env::new();
    for id in ["ada", "bob", "cyd"] {
        write_card_with_notes(&env, id, &[("event-loop-phases", "async", "fine")]);
    }
    // A later candidate's scorecard is broken: the export fails and writes nothing.
    env.write(
        &format!("ws/candidates/zed/scorecard-{}.toml", uuid::Uuid::now_v7()),
        "schema = 1\nthis is not toml\n",
    );
    let stderr = env.fails(&["export", "markdown", "--out", "reports/new"], 1);
    assert!(stderr.contains("zed"), "{stderr}");
    assert!(
        !env.path("reports").exists(),
        "{:?}",
        tree(&env.path("reports"))
    );
    // Into a folder that already holds files: they stay as they were, and nothing is added.
    env.write("old/ada.md", "earlier export");
    env.fails(&["export", "markdown", "--out", "old"], 1);
    assert_eq!(tree(&env.path("old")), ["ada.md"]);
    assert_eq!(
        std::fs::read_to_string(env.path("old/ada.md")).expect("read"),
        "earlier export"
    );
    // Without the broken file, every document is written.
    std::fs::remove_dir_all(env.path("ws/candidates/zed")).expect("remove");
    env.ok(&["export", "markdown", "--out", "old"]);
    assert_eq!(tree(&env.path("old")), ["ada.md", "bob.md", "cyd.md"]);
}

#[test]
fn a_refused_plan_leaves_no_candidate_folder() {
    let env = Env::new();
    plan_new(&env, "Ada Lovelace", &ASYNC_ROUND);
    let refuse = |name: &str| {
        let stderr = env.fails(
            &["plan", "new", "--candidate", name, "--pick", "async=999"],
            1,
        );
        assert_clean_error(&stderr);
    };
    // An existing candidate's folder stays when a further plan is refused.
    refuse("Ada Lovelace");
    assert!(env.path("ws/candidates/ada-lovelace").is_dir());
    // A new candidate's folder is not left behind, so purge never finds a nameless candidate.
    refuse("Bob Stone");
    assert!(!env.path("ws/candidates/bob-stone").exists());
    let output = env
        .run(&["purge", "--older-than", "0", "--yes"])
        .success()
        .get_output()
        .clone();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!said.contains("bob"), "{said}");
}

#[test]
fn purge_racing_rate_leaves_the_candidate_whole_or_gone() {
    const TRIALS: usize = 40;
    let env = Env::new();
    let mut gone = 0;
    for trial in 0..TRIALS {
        let name = format!("Racer {trial}");
        let id = format!("racer-{trial}");
        let card = start(&env, &plan_new(&env, &name, &ASYNC_ROUND), "Grace Hopper");
        let mut rate = env.std_cmd();
        rate.args(["rate", &card, "1", "--score", "3", "--notes", "racing"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut purge = env.std_cmd();
        purge
            .args(["purge", "--candidate", &id, "--yes"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let (mut a, mut b) = if trial % 2 == 0 {
            let a = rate.spawn().expect("spawn rate");
            (a, purge.spawn().expect("spawn purge"))
        } else {
            let b = purge.spawn().expect("spawn purge");
            (rate.spawn().expect("spawn rate"), b)
        };
        a.wait().expect("rate ends");
        b.wait().expect("purge ends");
        let dir = env.path(&format!("ws/candidates/{id}"));
        if dir.exists() {
            let files = tree(&dir);
            assert_eq!(
                files.len(),
                2,
                "trial {trial}: whole or gone, found {files:?}"
            );
            assert!(files.iter().any(|f| f.starts_with("plan-")), "{files:?}");
            assert!(
                files.iter().any(|f| f.starts_with("scorecard-")),
                "{files:?}"
            );
        } else {
            gone += 1;
        }
    }
    // Nothing half-deleted or hidden is left beside the candidates.
    let left = tree(&env.path("ws/candidates"));
    assert!(left.iter().all(|f| f.starts_with("racer-")), "{left:?}");
    assert!(gone > 0, "purge never won a race");
}

// ---------------------------------------------------------------------------------------------
// Temporary files
// ---------------------------------------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs")
}

#[test]
fn temporary_files_never_reach_git() {
    let env = Env::new();
    // A workspace made by `init`, and one made by the first plan.
    env.ok(&["init", "made"]);
    plan_new(&env, "Ada Lovelace", &ASYNC_ROUND);
    for ws in ["made", "ws"] {
        let root = env.path(ws);
        assert!(root.join(".gitignore").is_file(), "{ws}/.gitignore");
        std::fs::create_dir_all(root.join("candidates/ada-lovelace")).expect("folder");
        std::fs::write(
            root.join("candidates/ada-lovelace/.scorecard-a1B2c3.tmp"),
            "candidate data",
        )
        .expect("temp");
        std::fs::write(root.join(".scorecard-x.tmp"), "settings").expect("temp");
        assert!(git(&root, &["init", "-q"]).status.success());
        assert!(git(&root, &["add", "."]).status.success());
        let staged = String::from_utf8(git(&root, &["ls-files"]).stdout).expect("UTF-8");
        assert!(!staged.contains(".tmp"), "{ws}: {staged}");
        assert!(
            staged.contains("scorecard.toml") || ws == "ws",
            "{ws}: {staged}"
        );
    }
    // A team's own .gitignore is completed, not replaced.
    let env = Env::new();
    env.write("ws/.gitignore", "exports/\n");
    plan_new(&env, "Ada Lovelace", &ASYNC_ROUND);
    let ignore = std::fs::read_to_string(env.path("ws/.gitignore")).expect("read");
    assert!(
        ignore.starts_with("exports/\n") && ignore.contains(".scorecard-*.tmp"),
        "{ignore}"
    );
}

#[test]
fn a_stale_temporary_file_is_removed_by_the_next_write_in_its_folder() {
    let env = Env::new();
    let card = start(
        &env,
        &plan_new(&env, "Ada Lovelace", &ASYNC_ROUND),
        "Grace Hopper",
    );
    let dir = env.path("ws/candidates/ada-lovelace");
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let age = |path: &Path, when: SystemTime| {
        std::fs::File::options()
            .write(true)
            .open(path)
            .expect("open")
            .set_modified(when)
            .expect("set time");
    };
    // Left by a killed process an hour ago; a live writer's (locked); one just created.
    let stale = dir.join(".scorecard-Kx81aQ.tmp");
    let locked = dir.join(".scorecard-Lv22bR.tmp");
    let fresh = dir.join(".scorecard-Fr33cS.tmp");
    for path in [&stale, &locked, &fresh] {
        std::fs::write(path, "schema = 1\n").expect("temp");
    }
    age(&stale, hour_ago);
    age(&locked, hour_ago);
    let holder = std::fs::File::open(&locked).expect("open");
    holder.lock().expect("lock");
    env.ok(&["rate", &card, "1", "--score", "3"]);
    assert!(!stale.exists(), "the stale file is removed");
    assert!(locked.exists(), "a locked file belongs to a live writer");
    assert!(
        fresh.exists(),
        "a young file may belong to a writer about to lock it"
    );
    drop(holder);
}

#[test]
fn a_purge_cut_short_leaves_only_a_hidden_folder_that_the_next_purge_removes() {
    let env = Env::new();
    plan_new(&env, "Ada Lovelace", &ASYNC_ROUND);
    plan_new(&env, "Bob Stone", &ASYNC_ROUND);
    // What a purge killed between its rename and the end of its deletion leaves behind.
    env.write(
        "ws/candidates/.scorecard-purge-cyd-4242.tmp/plan-x.toml",
        "half deleted",
    );
    let listed = env.ok(&["plan", "list"]);
    assert!(!listed.contains("cyd"), "{listed}");
    env.ok(&["purge", "--candidate", "ada-lovelace", "--yes"]);
    let left = tree(&env.path("ws/candidates"));
    assert_eq!(left.len(), 2, "{left:?}");
    assert_eq!(left[0], "bob-stone");
    assert!(left[1].starts_with("bob-stone/plan-"), "{left:?}");
}
