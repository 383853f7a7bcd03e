//! The parallel loader against a sequential run: every command that reads the whole workspace
//! gives exactly the same bytes on one thread as on several.

use crate::support::Env;

/// A generated workspace: 300 candidates x 3 scorecards x 6 answers, some drafts.
fn generated() -> Env {
    let env = Env::new();
    let shape = scorecard::synth::Shape {
        candidates: 300,
        scorecards: 3,
        answers: 6,
        drafts: 0.1,
        seed: 7,
    };
    scorecard::synth::workspace(&env.ws(), shape).expect("generate a workspace");
    env
}

fn output(env: &Env, threads: &str, args: &[&str]) -> Vec<u8> {
    let output = env
        .cmd()
        .env("RAYON_NUM_THREADS", threads)
        .args(args)
        .output()
        .expect("run scorecard");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn one_thread_and_many_give_the_same_results() {
    let env = generated();
    let commands: [&[&str]; 7] = [
        &["compare", "--format", "json"],
        &["compare", "--normalize", "--format", "json"],
        &["compare", "--include-pending", "--format", "csv"],
        &["calibrate", "--format", "json"],
        &["export", "csv"],
        &["export", "csv", "--shape", "summary"],
        &["export", "markdown"],
    ];
    for args in commands {
        let sequential = output(&env, "1", args);
        let parallel = output(&env, "4", args);
        assert!(!sequential.is_empty(), "{args:?} printed something");
        assert!(
            sequential == parallel,
            "{args:?} differs between 1 and 4 threads"
        );
    }
}

#[test]
fn generated_workspaces_hold_what_was_asked_for() {
    let env = generated();
    let list = env.json(&["list"]);
    let cards = list.as_array().expect("a list");
    assert_eq!(cards.len(), 900);
    let drafts = cards.iter().filter(|c| c["status"] == "draft").count();
    assert!((30..=150).contains(&drafts), "{drafts} drafts of 900");
    let compare = env.json(&["compare"]);
    assert_eq!(
        compare["candidates"].as_array().expect("candidates").len(),
        300
    );
}
