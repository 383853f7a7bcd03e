//! The test fixture: a temporary workspace and a sealed environment for the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;

/// Path of the binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_scorecard");

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

    /// Runs with `--format json` appended and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).expect("stdout is JSON")
    }
}

/// Every environment variable scorecard (or a library it uses) reads.
const READ_VARS: [&str; 6] = [
    "SCORECARD_WORKSPACE",
    "SCORECARD_INTERVIEWER",
    "EDITOR",
    "VISUAL",
    "COLUMNS",
    "CLICOLOR_FORCE",
];

/// Removes every environment variable scorecard reads, and turns colour off.
pub fn sealed(mut cmd: Command) -> Command {
    for var in READ_VARS {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

/// `std::process::Command` for the binary, sealed like [`sealed`]: for tests that spawn several
/// processes at once, kill them, or run them in a pseudo-terminal.
pub fn sealed_std(mut cmd: std::process::Command) -> std::process::Command {
    for var in READ_VARS {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
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
