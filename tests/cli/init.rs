//! `scorecard init` (a fresh folder, a workspace refused, candidates adopted, the files and their
//! permissions, `.gitignore`) and `scorecard completions` for every shell.

use crate::support::{Env, assert_clean_error, mode};

/// The line `init` writes into `.gitignore`.
const TEMP_PATTERN: &str = ".scorecard-*.tmp";

// ---------------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------------

#[test]
fn init_makes_a_private_workspace_with_settings_gitignore_and_folders() {
    let env = Env::new();
    let (stdout, stderr) = env.outputs(&["init", "team"]);
    let ws = env.path("team");

    assert_eq!(stdout, "", "init keeps stdout for data");
    assert!(stderr.starts_with("Created workspace `team`"), "{stderr}");
    for part in [
        "team/scorecard.toml",
        "team/.gitignore",
        "team/banks",
        "team/candidates",
    ] {
        assert!(stderr.contains(part), "{part} listed:\n{stderr}");
    }

    // Settings: every key commented out, so the file parses to no settings at all.
    let settings = std::fs::read_to_string(ws.join("scorecard.toml")).expect("scorecard.toml");
    for key in ["default_bank", "interviewer", "retention_days"] {
        assert!(
            settings
                .lines()
                .any(|line| line.trim_start().starts_with('#') && line.contains(key)),
            "{key} documented, commented out:\n{settings}"
        );
    }
    let table: toml::Table = toml::from_str(&settings).expect("valid TOML");
    assert!(
        table.is_empty(),
        "every setting is commented out: {table:?}"
    );

    let gitignore = std::fs::read_to_string(ws.join(".gitignore")).expect(".gitignore");
    assert!(
        gitignore.lines().any(|line| line == TEMP_PATTERN),
        "{gitignore}"
    );

    assert!(ws.join("banks").is_dir() && ws.join("candidates").is_dir());
    assert_eq!(mode(&ws), 0o700, "the workspace folder is private");
    assert_eq!(mode(&ws.join("candidates")), 0o700);
    assert_eq!(mode(&ws.join("banks")), 0o700);
    assert_eq!(mode(&ws.join("scorecard.toml")), 0o600);

    // The new workspace is found from inside it: a plan made there lands in it.
    let mut cmd = env.cmd();
    cmd.env_remove("SCORECARD_WORKSPACE").current_dir(&ws);
    cmd.args([
        "plan",
        "new",
        "--candidate",
        "Ada Lovelace",
        "--round",
        "phone-screen",
        "--quiet",
    ])
    .assert()
    .success();
    assert!(ws.join("candidates/ada-lovelace").is_dir());
    assert!(!env.ws().exists(), "nothing written elsewhere");
}

#[test]
fn init_without_a_folder_uses_the_workspace_and_quiet_prints_nothing() {
    let env = Env::new();
    let (stdout, stderr) = env.outputs(&["init", "--quiet"]);
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
    assert!(
        env.ws().join("scorecard.toml").is_file(),
        "SCORECARD_WORKSPACE used"
    );
}

#[test]
fn init_refuses_an_existing_workspace_and_leaves_it_untouched() {
    let env = Env::new();
    env.ok(&["init"]);
    let settings = env.ws().join("scorecard.toml");
    std::fs::write(&settings, "retention_days = 30\n").expect("write settings");

    let stderr = env.fails(&["init"], 1);
    assert_clean_error(&stderr);
    assert!(stderr.contains("is already a workspace"), "{stderr}");
    assert!(
        stderr.contains("scorecard.toml"),
        "names the file: {stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&settings).expect("settings"),
        "retention_days = 30\n",
        "the settings are left as they were"
    );
}

#[test]
fn init_adopts_the_candidates_already_there_and_keeps_their_files() {
    let env = Env::new();
    let plan = env.ok(&[
        "plan",
        "new",
        "--candidate",
        "Ada Lovelace",
        "--round",
        "phone-screen",
        "--quiet",
    ]);
    let plan_file = env
        .ws()
        .join(format!("candidates/ada-lovelace/plan-{}.toml", plan.trim()));
    let before = std::fs::read(&plan_file).expect("plan file");
    std::fs::remove_file(env.ws().join("scorecard.toml")).expect("remove settings");

    let (_, stderr) = env.outputs(&["init"]);
    assert!(
        stderr.contains("Adopted the 1 candidate already in"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&plan_file).expect("plan file"), before);
    assert_eq!(mode(&plan_file), 0o600, "candidate files stay private");
    assert!(env.ws().join("scorecard.toml").is_file());
}

#[test]
fn init_adds_its_line_to_a_gitignore_already_there_once() {
    let env = Env::new();
    env.write("ws/.gitignore", "target/\n*.log\n");
    env.ok(&["init"]);
    let gitignore = std::fs::read_to_string(env.ws().join(".gitignore")).expect(".gitignore");
    assert!(
        gitignore.starts_with("target/\n*.log\n"),
        "the team's lines kept: {gitignore}"
    );
    assert_eq!(
        gitignore
            .lines()
            .filter(|line| *line == TEMP_PATTERN)
            .count(),
        1,
        "{gitignore}"
    );

    // A second workspace made over the same .gitignore does not repeat the line.
    std::fs::remove_file(env.ws().join("scorecard.toml")).expect("remove settings");
    env.ok(&["init"]);
    let again = std::fs::read_to_string(env.ws().join(".gitignore")).expect(".gitignore");
    assert_eq!(again, gitignore);
}

// ---------------------------------------------------------------------------------------------
// completions
// ---------------------------------------------------------------------------------------------

/// Every subcommand a completion script must offer.
const SUBCOMMANDS: [&str; 17] = [
    "init",
    "bank",
    "plan",
    "interview",
    "start",
    "rate",
    "skip",
    "submit",
    "amend",
    "list",
    "show",
    "compare",
    "calibrate",
    "questions",
    "export",
    "purge",
    "completions",
];

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (script, stderr) = env.outputs(&["completions", shell]);
        assert_eq!(stderr, "", "{shell}");
        assert!(script.len() > 1000, "{shell}: a whole script");
        assert!(script.contains("scorecard"), "{shell}: names the program");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: offers `{sub}`");
        }
    }
    assert!(!env.ws().exists(), "completions touch no workspace");
}

#[test]
fn completions_differ_per_shell() {
    let env = Env::new();
    let scripts: std::collections::BTreeSet<String> =
        ["bash", "zsh", "fish", "powershell", "elvish"]
            .iter()
            .map(|shell| env.ok(&["completions", shell]))
            .collect();
    assert_eq!(scripts.len(), 5, "one script per shell");
    let bash = env.ok(&["completions", "bash"]);
    assert!(
        bash.contains("complete -F"),
        "a bash `complete` registration"
    );
    let fish = env.ok(&["completions", "fish"]);
    assert!(fish.contains("complete -c scorecard"), "fish `complete -c`");
}

#[test]
fn completions_for_an_unknown_or_missing_shell_are_usage_errors() {
    let env = Env::new();
    let stderr = env.fails(&["completions", "tcsh"], 2);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("tcsh"), "names the value: {stderr}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(stderr.contains(shell), "lists `{shell}`: {stderr}");
    }
    let stderr = env.fails(&["completions"], 2);
    assert!(stderr.starts_with("error: "), "{stderr}");
}

#[test]
fn init_warns_about_a_candidate_folder_not_named_by_an_id() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("team/candidates/Bad_Name")).expect("a misnamed folder");
    std::fs::create_dir_all(env.path("team/candidates/ok-one")).expect("a candidate folder");
    let (_, stderr) = env.outputs(&["init", "team"]);
    assert!(
        stderr.starts_with("warning: team/candidates/Bad_Name: is in candidates/ but its name is not a candidate id"),
        "{stderr}"
    );
    assert!(stderr.contains("Adopted the 1 candidate"), "{stderr}");
}
