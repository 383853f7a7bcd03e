//! A round: a workspace holding one plan for Ada Lovelace, and the commands and file reads that
//! the scorecard, interview and screen tests run against it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use toml::{Table, Value};

use super::{Env, assert_clean_error, plan_new, start};

/// The candidate of every [`Round`].
pub const CANDIDATE: &str = "Ada Lovelace";
/// Their candidate id (and folder).
pub const CANDIDATE_ID: &str = "ada-lovelace";

/// A workspace holding one plan for Ada Lovelace: 2 questions in each of the 4 categories.
pub struct Round {
    pub env: Env,
    pub plan: String,
}

impl Round {
    pub fn new() -> Self {
        let env = Env::new();
        let plan = round_plan(&env, &["--per-category", "2"]);
        Round { env, plan }
    }

    /// `scorecard start PLAN --interviewer WHO --quiet`: the scorecard id.
    pub fn start(&self, interviewer: &str) -> String {
        start(&self.env, &self.plan, interviewer)
    }

    /// Runs `scorecard ARGS...`, expecting success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        self.env.ok(args)
    }

    /// Runs a command line, expecting success; returns stdout. Words are split at spaces, and
    /// `'single quotes'` keep a word with spaces together.
    pub fn cmd(&self, line: &str) -> String {
        let words = words(line);
        self.env
            .ok(&words.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// Runs a command line, expecting success; returns stdout and stderr.
    pub fn output(&self, line: &str) -> (String, String) {
        let output = self.env.cmd().args(words(line)).assert().success();
        let output = output.get_output();
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// How many rows a command line prints with `--format json` (`list ...`).
    pub fn count(&self, line: &str) -> usize {
        let mut words = words(line);
        words.extend(["--format".to_owned(), "json".to_owned()]);
        let output = self.env.cmd().args(words).assert().success();
        let json: Json = serde_json::from_slice(&output.get_output().stdout).expect("JSON");
        json.as_array().expect("an array").len()
    }

    /// [`Round::refused`] for a command line.
    pub fn refuse(&self, line: &str, code: i32) -> String {
        let words = words(line);
        self.refused(&words.iter().map(String::as_str).collect::<Vec<_>>(), code)
    }

    /// The scorecard's file.
    pub fn file(&self, card: &str) -> PathBuf {
        candidate_dir(&self.env).join(format!("scorecard-{card}.toml"))
    }

    /// The scorecard file, parsed with `toml` (not with scorecard).
    pub fn read(&self, card: &str) -> Table {
        parse_file(&self.file(card))
    }

    /// The `[[answers]]` of the scorecard file.
    pub fn answers(&self, card: &str) -> Vec<Table> {
        tables(&self.read(card), "answers")
    }

    /// The planned question ids, in plan order, read from the plan file.
    pub fn questions(&self) -> Vec<String> {
        let plan = parse_file(&candidate_dir(&self.env).join(format!("plan-{}.toml", self.plan)));
        tables(&plan, "questions")
            .iter()
            .map(|q| str_of(q, "id").to_owned())
            .collect()
    }

    /// Runs a command that must be refused with `code`: the error is clean and no file of the
    /// workspace changes (nor appears). Returns stderr.
    pub fn refused(&self, args: &[&str], code: i32) -> String {
        let before = snapshot(&self.env.ws());
        let stderr = self.env.fails(args, code);
        assert_clean_error(&stderr);
        assert!(
            before == snapshot(&self.env.ws()),
            "`scorecard {}` changed the workspace",
            args.join(" ")
        );
        stderr
    }
}

/// `scorecard plan new --candidate "Ada Lovelace" --seed 1 EXTRA... --quiet`: the plan id.
pub fn round_plan(env: &Env, extra: &[&str]) -> String {
    let mut args = vec!["--seed", "1"];
    args.extend(extra);
    plan_new(env, CANDIDATE, &args)
}

/// A command line split into words: at spaces, except inside `'single quotes'`.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in line.chars() {
        if c == '\'' {
            quoted = !quoted;
            word.get_or_insert_with(String::new);
        } else if c == ' ' && !quoted {
            words.extend(word.take());
        } else {
            word.get_or_insert_with(String::new).push(c);
        }
    }
    assert!(!quoted, "unbalanced quote in `{line}`");
    words.extend(word);
    words
}

pub fn candidate_dir(env: &Env) -> PathBuf {
    env.ws().join("candidates").join(CANDIDATE_ID)
}

pub fn parse_file(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).expect("read file");
    toml::from_str(&text).unwrap_or_else(|err| panic!("{} parses: {err}", path.display()))
}

pub fn tables(table: &Table, key: &str) -> Vec<Table> {
    table
        .get(key)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("`{key}` is an array"))
        .iter()
        .map(|v| v.as_table().expect("array of tables").clone())
        .collect()
}

pub fn str_of<'a>(table: &'a Table, key: &str) -> &'a str {
    table
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("`{key}` is a string in {table:?}"))
}

pub fn int_of(table: &Table, key: &str) -> i64 {
    table
        .get(key)
        .and_then(Value::as_integer)
        .unwrap_or_else(|| panic!("`{key}` is an integer in {table:?}"))
}

pub fn keys(table: &Table) -> Vec<&str> {
    table.keys().map(String::as_str).collect()
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.insert(path, bytes);
            }
        }
    }
    files
}
