//! The test fixture: a temporary workspace and a sealed environment for the binary, files
//! written straight into it ([`files`]), and plans and scorecards made by running the binary as a
//! user would ([`flows`]), and the round of one plan most scorecard tests share ([`round`]).
#![allow(dead_code)]

mod files;
mod flows;
mod round;

pub use files::*;
pub use flows::*;
pub use round::*;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;

/// Path of the binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_scorecard");

/// The contract's fields of `scorecard questions --format json`, in order.
pub const QUESTION_FIELDS: [&str; 17] = [
    "bank",
    "question",
    "category",
    "asked",
    "rated",
    "skipped",
    "mean",
    "sd",
    "floor",
    "ceiling",
    "discrimination",
    "discrimination_n",
    "rater_gap",
    "rater_pairs",
    "overrun",
    "covered",
    "flags",
];

/// A temporary folder holding a workspace at `ws/`, with commands run from the folder.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Env {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// The temporary folder (commands run here).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The workspace folder every command uses.
    pub fn ws(&self) -> PathBuf {
        self.dir.path().join("ws")
    }

    /// A path inside the temporary folder.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes a file (creating folders), returning its path.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }

    /// The binary in a sealed environment, with `--workspace` pointing at `ws/` via the env var.
    pub fn cmd(&self) -> Command {
        let mut cmd = sealed(Command::new(BIN));
        cmd.current_dir(self.root())
            .env("SCORECARD_WORKSPACE", self.ws());
        cmd
    }

    /// The binary as a `std::process::Command`, in the same sealed environment as [`Env::cmd`].
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = sealed_std(std::process::Command::new(BIN));
        cmd.current_dir(self.root())
            .env("SCORECARD_WORKSPACE", self.ws());
        cmd
    }

    /// Runs `scorecard ARGS...`.
    pub fn run(&self, args: &[&str]) -> Assert {
        self.cmd().args(args).assert()
    }

    /// Runs and expects success, returning stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args).success().get_output().clone();
        String::from_utf8(output.stdout).expect("stdout is UTF-8")
    }

    /// Runs and expects failure with `code`, returning stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let output = self.run(args).code(code).get_output().clone();
        String::from_utf8(output.stderr).expect("stderr is UTF-8")
    }

    /// Runs and expects success, returning stdout and stderr.
    pub fn outputs(&self, args: &[&str]) -> (String, String) {
        let output = self.run(args).success().get_output().clone();
        (
            String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        )
    }

    /// Runs with `--format json` appended and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).expect("stdout is JSON")
    }
}

/// Variables passed through from the test run when set: `PATH` (the binary and the shell the
/// terminal tests start find programs there) and those of coverage tools.
const KEPT_VARS: [&str; 3] = ["PATH", "LLVM_PROFILE_FILE", "CARGO_LLVM_COV_TARGET_DIR"];

/// An empty home folder for every sealed command: nothing of the user's home can leak in.
fn home() -> PathBuf {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sealed-home");
    std::fs::create_dir_all(&home).expect("create the sealed home folder");
    home
}

/// The variables a sealed command starts with: the kept ones, `HOME` and `NO_COLOR`.
fn sealed_vars() -> Vec<(&'static str, std::ffi::OsString)> {
    let mut vars: Vec<_> = KEPT_VARS
        .into_iter()
        .filter_map(|name| std::env::var_os(name).map(|value| (name, value)))
        .collect();
    vars.push(("HOME", home().into_os_string()));
    vars.push(("NO_COLOR", "1".into()));
    vars
}

/// The binary with an empty environment but for [`sealed_vars`]: no `SCORECARD_*`, editor,
/// terminal or colour variable of the test run reaches it; tests set those they exercise.
pub fn sealed(mut cmd: Command) -> Command {
    cmd.env_clear().envs(sealed_vars());
    cmd
}

/// `std::process::Command` for the binary, sealed like [`sealed`]: for tests that spawn several
/// processes at once, kill them, or run them in a pseudo-terminal.
pub fn sealed_std(mut cmd: std::process::Command) -> std::process::Command {
    cmd.env_clear().envs(sealed_vars());
    cmd
}

/// A file's permission bits (`0o600` for a private file).
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// A set of strings, to compare with.
pub fn set(items: &[&str]) -> std::collections::BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Asserts that stderr is exactly one `error: ` line (plus context lines) and no panic.
pub fn assert_clean_error(stderr: &str) {
    assert!(
        stderr.starts_with("error: "),
        "stderr starts with `error: `:\n{stderr}"
    );
    assert_eq!(
        stderr.matches("error: ").count(),
        1,
        "one error line:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "no panic:\n{stderr}");
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "no backtrace:\n{stderr}"
    );
}
