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

// ---------------------------------------------------------------------------------------------
// Workspace files written directly, for chosen ids, dates, names, scales and hostile values
// ---------------------------------------------------------------------------------------------

/// The built-in bank's labels for the 1-4 scale.
pub const STANDARD_LABELS: [&str; 4] = ["Strong no", "No", "Yes", "Strong yes"];

/// A uuid numbered `n` in a family (`8000` scorecards, `9000` plans): fixed, so tests can
/// name files and order them.
pub fn numbered_uuid(family: u32, n: u32) -> String {
    format!("01900000-0000-7000-{family:04}-{n:012}")
}

/// One answer of a [`CardFile`].
#[derive(Clone, Debug)]
pub struct AnswerFile {
    pub question: String,
    pub category: String,
    /// `None` is a skipped answer.
    pub score: Option<i64>,
    /// Written only for a rated answer.
    pub rated_at: Option<String>,
    pub notes: Option<String>,
    pub seconds: Option<u64>,
    pub covered: Vec<u32>,
}

impl AnswerFile {
    /// A rated answer (no time, notes or points).
    pub fn rated(question: &str, category: &str, score: i64) -> Self {
        AnswerFile {
            question: question.to_owned(),
            category: category.to_owned(),
            score: Some(score),
            rated_at: None,
            notes: None,
            seconds: None,
            covered: Vec::new(),
        }
    }

    /// A skipped answer.
    pub fn skipped(question: &str, category: &str) -> Self {
        AnswerFile {
            score: None,
            ..AnswerFile::rated(question, category, 0)
        }
    }

    pub fn notes(mut self, notes: &str) -> Self {
        self.notes = Some(notes.to_owned());
        self
    }

    pub fn rated_at(mut self, at: &str) -> Self {
        self.rated_at = Some(at.to_owned());
        self
    }

    pub fn seconds(mut self, seconds: Option<u64>) -> Self {
        self.seconds = seconds;
        self
    }

    pub fn covered(mut self, points: &[u32]) -> Self {
        self.covered = points.to_vec();
        self
    }

    fn to_table(&self) -> toml::Table {
        let mut t = toml::Table::new();
        t.insert("question".into(), self.question.clone().into());
        t.insert("category".into(), self.category.clone().into());
        match self.score {
            Some(score) => {
                t.insert("score".into(), score.into());
                t.insert("skipped".into(), false.into());
                if let Some(at) = &self.rated_at {
                    t.insert("rated_at".into(), at.clone().into());
                }
            }
            None => {
                t.insert("skipped".into(), true.into());
            }
        }
        if let Some(notes) = &self.notes {
            t.insert("notes".into(), notes.clone().into());
        }
        if let Some(seconds) = self.seconds {
            t.insert(
                "seconds".into(),
                i64::try_from(seconds).expect("seconds").into(),
            );
        }
        if !self.covered.is_empty() {
            let points: Vec<toml::Value> =
                self.covered.iter().map(|&p| i64::from(p).into()).collect();
            t.insert("covered".into(), points.into());
        }
        t
    }
}

/// A scorecard file written straight into `ws/candidates/<candidate_id>/`: the contract's file
/// format, serialised by the `toml` crate so any value (quotes, controls, bidi) is stored as is.
///
/// [`CardFile::new`] is a submitted `yes` scorecard on the 1-4 scale labelled `Level N`, bank
/// `generated`, started 2026-11-26T09:00:00Z and submitted an hour later, with numbered ids;
/// every field can be changed.
#[derive(Clone, Debug)]
pub struct CardFile {
    pub id: String,
    pub plan: String,
    pub candidate: String,
    pub candidate_id: String,
    pub role: String,
    pub interviewer: String,
    pub bank: String,
    pub started_at: String,
    /// `None` leaves the scorecard a draft.
    pub submitted_at: Option<String>,
    pub recommendation: String,
    pub summary: Option<String>,
    pub scale: (i64, i64),
    /// `None`: `Level N` for every level of the scale.
    pub labels: Option<Vec<String>>,
    /// (id, title, weight).
    pub categories: Vec<(String, String, f64)>,
    pub answers: Vec<AnswerFile>,
}

impl CardFile {
    /// Scorecard `number` (its id, and its plan's id, are numbered) of `interviewer` on
    /// `candidate_id`, whose name is the id until [`CardFile::candidate`] sets one.
    pub fn new(number: u32, candidate_id: &str, interviewer: &str) -> Self {
        CardFile {
            id: numbered_uuid(8000, number),
            plan: numbered_uuid(9000, number),
            candidate: candidate_id.to_owned(),
            candidate_id: candidate_id.to_owned(),
            role: "Backend Engineer".to_owned(),
            interviewer: interviewer.to_owned(),
            bank: "generated".to_owned(),
            started_at: "2026-11-26T09:00:00Z".to_owned(),
            submitted_at: Some("2026-11-26T10:00:00Z".to_owned()),
            recommendation: "yes".to_owned(),
            summary: None,
            scale: (1, 4),
            labels: None,
            categories: Vec::new(),
            answers: Vec::new(),
        }
    }

    /// Random (time-ordered) ids for the scorecard and its plan, as the binary makes them.
    pub fn fresh_ids(mut self) -> Self {
        self.id = uuid::Uuid::now_v7().to_string();
        self.plan = uuid::Uuid::now_v7().to_string();
        self
    }

    pub fn candidate(mut self, name: &str, role: &str) -> Self {
        name.clone_into(&mut self.candidate);
        role.clone_into(&mut self.role);
        self
    }

    pub fn recommendation(mut self, recommendation: &str) -> Self {
        recommendation.clone_into(&mut self.recommendation);
        self
    }

    pub fn scale(mut self, min: i64, max: i64) -> Self {
        self.scale = (min, max);
        self
    }

    /// Started at `at`, with every rated answer so far rated then too.
    pub fn started(mut self, at: &str) -> Self {
        at.clone_into(&mut self.started_at);
        for answer in &mut self.answers {
            if answer.score.is_some() {
                answer.rated_at = Some(at.to_owned());
            }
        }
        self
    }

    pub fn labels(mut self, labels: &[&str]) -> Self {
        self.labels = Some(labels.iter().map(|&l| l.to_owned()).collect());
        self
    }

    /// A category titled `Category ID`.
    pub fn category(mut self, id: &str, weight: f64) -> Self {
        self.categories
            .push((id.to_owned(), format!("Category {id}"), weight));
        self
    }

    /// A rated (`Some`) or skipped (`None`) answer, rated at 2026-11-26T09:30:00Z.
    pub fn answer(mut self, question: &str, category: &str, score: Option<i64>) -> Self {
        self.answers.push(match score {
            Some(score) => {
                AnswerFile::rated(question, category, score).rated_at("2026-11-26T09:30:00Z")
            }
            None => AnswerFile::skipped(question, category),
        });
        self
    }

    /// The file's text.
    pub fn toml(&self) -> String {
        let mut t = toml::Table::new();
        t.insert("schema".into(), 1.into());
        for (key, value) in [
            ("id", &self.id),
            ("plan", &self.plan),
            ("candidate", &self.candidate),
            ("candidate_id", &self.candidate_id),
            ("role", &self.role),
            ("interviewer", &self.interviewer),
            ("bank", &self.bank),
            ("started_at", &self.started_at),
        ] {
            t.insert(key.into(), value.clone().into());
        }
        let status = if self.submitted_at.is_some() {
            "submitted"
        } else {
            "draft"
        };
        t.insert("status".into(), status.into());
        if let Some(at) = &self.submitted_at {
            t.insert("submitted_at".into(), at.clone().into());
            t.insert("recommendation".into(), self.recommendation.clone().into());
        }
        if let Some(summary) = &self.summary {
            t.insert("summary".into(), summary.clone().into());
        }
        t.insert(
            "scale".into(),
            scale_table(self.scale, self.labels.as_ref()).into(),
        );
        if !self.categories.is_empty() {
            t.insert("categories".into(), categories(&self.categories).into());
        }
        if !self.answers.is_empty() {
            let answers: Vec<toml::Value> =
                self.answers.iter().map(|a| a.to_table().into()).collect();
            t.insert("answers".into(), answers.into());
        }
        toml::to_string(&t).expect("a scorecard serialises")
    }

    /// Writes `ws/candidates/<candidate_id>/scorecard-<id>.toml`.
    pub fn write(&self, env: &Env) -> PathBuf {
        env.write(
            &format!(
                "ws/candidates/{}/scorecard-{}.toml",
                self.candidate_id, self.id
            ),
            self.toml(),
        )
    }
}

/// One question of a [`PlanFile`].
#[derive(Clone, Debug)]
pub struct QuestionFile {
    pub id: String,
    pub category: String,
    pub prompt: String,
    pub minutes: u32,
    pub expected: Vec<String>,
}

/// A plan file written straight into `ws/candidates/<candidate_id>/`, serialised like
/// [`CardFile`]. [`PlanFile::new`] is plan `number` (numbered id, the same number as the
/// [`CardFile`] of that number refers to) on bank `team`, 1-4 scale labelled `Level N`.
#[derive(Clone, Debug)]
pub struct PlanFile {
    pub id: String,
    pub created_at: String,
    pub candidate: String,
    pub candidate_id: String,
    pub role: String,
    pub seed: i64,
    /// (id, title, version).
    pub bank: (String, String, String),
    pub scale: (i64, i64),
    /// `None`: `Level N` for every level of the scale.
    pub labels: Option<Vec<String>>,
    /// (id, title, weight).
    pub categories: Vec<(String, String, f64)>,
    pub questions: Vec<QuestionFile>,
}

impl PlanFile {
    pub fn new(number: u32, candidate_id: &str) -> Self {
        PlanFile {
            id: numbered_uuid(9000, number),
            created_at: "2026-11-20T09:00:00Z".to_owned(),
            candidate: candidate_id.to_owned(),
            candidate_id: candidate_id.to_owned(),
            role: "Backend Engineer".to_owned(),
            seed: 1,
            bank: ("team".to_owned(), "Team bank".to_owned(), "1".to_owned()),
            scale: (1, 4),
            labels: None,
            categories: Vec::new(),
            questions: Vec::new(),
        }
    }

    /// The file's text.
    pub fn toml(&self) -> String {
        let mut t = toml::Table::new();
        t.insert("schema".into(), 1.into());
        for (key, value) in [
            ("id", &self.id),
            ("created_at", &self.created_at),
            ("candidate", &self.candidate),
            ("candidate_id", &self.candidate_id),
            ("role", &self.role),
        ] {
            t.insert(key.into(), value.clone().into());
        }
        t.insert("seed".into(), self.seed.into());
        let mut bank = toml::Table::new();
        bank.insert("id".into(), self.bank.0.clone().into());
        bank.insert("title".into(), self.bank.1.clone().into());
        bank.insert("version".into(), self.bank.2.clone().into());
        t.insert("bank".into(), bank.into());
        t.insert(
            "scale".into(),
            scale_table(self.scale, self.labels.as_ref()).into(),
        );
        t.insert("categories".into(), categories(&self.categories).into());
        let questions: Vec<toml::Value> = self
            .questions
            .iter()
            .map(|q| {
                let mut c = toml::Table::new();
                c.insert("id".into(), q.id.clone().into());
                c.insert("category".into(), q.category.clone().into());
                c.insert("prompt".into(), q.prompt.clone().into());
                c.insert("minutes".into(), i64::from(q.minutes).into());
                c.insert("expected".into(), q.expected.clone().into());
                c.into()
            })
            .collect();
        t.insert("questions".into(), questions.into());
        toml::to_string(&t).expect("a plan serialises")
    }

    /// Writes `ws/candidates/<candidate_id>/plan-<id>.toml`.
    pub fn write(&self, env: &Env) -> PathBuf {
        env.write(
            &format!("ws/candidates/{}/plan-{}.toml", self.candidate_id, self.id),
            self.toml(),
        )
    }
}

/// The `[scale]` table; `Level N` labels unless others are given.
fn scale_table((min, max): (i64, i64), labels: Option<&Vec<String>>) -> toml::Table {
    let labels = labels
        .cloned()
        .unwrap_or_else(|| (min..=max).map(|l| format!("Level {l}")).collect());
    let mut scale = toml::Table::new();
    scale.insert("min".into(), min.into());
    scale.insert("max".into(), max.into());
    scale.insert("labels".into(), labels.into());
    scale
}

/// The `[[categories]]` array.
fn categories(categories: &[(String, String, f64)]) -> Vec<toml::Value> {
    categories
        .iter()
        .map(|(id, title, weight)| {
            let mut c = toml::Table::new();
            c.insert("id".into(), id.clone().into());
            c.insert("title".into(), title.clone().into());
            c.insert("weight".into(), (*weight).into());
            c.into()
        })
        .collect()
}
