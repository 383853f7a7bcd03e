//! Where banks come from: the built-in ones, the workspace's `banks/` folder, or a path.

use std::path::{Path, PathBuf};

use super::{BUILT_IN, Bank, DEFAULT_BANK, built_in};
use crate::error::{Error, Result};
use crate::workspace::{self, Workspace};

/// Where a bank was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    BuiltIn,
    File(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::BuiltIn => f.write_str("built-in"),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One entry of `bank list`: a bank, or a workspace file that failed to load.
#[derive(Debug)]
pub struct Entry {
    pub source: Source,
    pub bank: Result<Bank>,
}

/// Every bank a command can use: the workspace's (in file-name order), then the built-in ones.
pub fn list(workspace: &Workspace) -> Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = workspace_bank_files(workspace)?
        .into_iter()
        .map(|path| Entry {
            bank: load_path(&path),
            source: Source::File(path),
        })
        .collect();
    for (id, _, _) in BUILT_IN {
        if let Some(bank) = built_in(id) {
            entries.push(Entry {
                source: Source::BuiltIn,
                bank,
            });
        }
    }
    Ok(entries)
}

/// Loads the bank a command was asked for: `--bank` (a path, or the id of a workspace or built-in
/// bank), else the workspace's `default_bank`, else the built-in default. A workspace bank with the
/// same id as a built-in one takes its place.
pub fn resolve(workspace: &Workspace, requested: Option<&str>) -> Result<(Bank, Source)> {
    let query = requested
        .or(workspace.settings.default_bank.as_deref())
        .unwrap_or(DEFAULT_BANK);
    let as_path = Path::new(query);
    let looks_like_path = as_path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
        || query.contains('/');
    if looks_like_path {
        if as_path.is_file() {
            return Ok((load_path(as_path)?, Source::File(as_path.to_owned())));
        }
        let in_workspace = workspace.root.join(as_path);
        if as_path.is_relative() && in_workspace.is_file() {
            return Ok((load_path(&in_workspace)?, Source::File(in_workspace)));
        }
        return Err(Error::NotFound {
            kind: "bank file",
            query: query.to_owned(),
            valid: Vec::new(),
        });
    }
    // A file named after the id is the usual case; read it first so that an unrelated broken
    // file in banks/ does not stand in the way.
    let named = workspace.banks_dir().join(format!("{query}.toml"));
    if named.is_file() {
        let bank = load_path(&named)?;
        if bank.id == query {
            return Ok((bank, Source::File(named)));
        }
    }
    let mut known = Vec::new();
    for path in workspace_bank_files(workspace)? {
        if path == named {
            continue;
        }
        if let Ok(bank) = load_path(&path) {
            if bank.id == query {
                return Ok((bank, Source::File(path)));
            }
            known.push(bank.id);
        }
    }
    if let Some(bank) = built_in(query) {
        return Ok((bank?, Source::BuiltIn));
    }
    known.extend(BUILT_IN.iter().map(|(id, _, _)| (*id).to_owned()));
    Err(Error::NotFound {
        kind: "bank",
        query: query.to_owned(),
        valid: known,
    })
}

/// Reads and validates a bank file.
pub fn load_path(path: &Path) -> Result<Bank> {
    workspace::load_document(path, |label, text, _| super::parse_bank(label, text))
}

fn workspace_bank_files(workspace: &Workspace) -> Result<Vec<PathBuf>> {
    let dir = workspace.banks_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(Error::read(&dir, err)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|err| Error::read(&dir, err))?.path();
        // Anything named `*.toml` but a folder is a bank to read: a FIFO or a link to a device is
        // then refused by name (as `bank list` warns), never passed over in silence.
        if path.extension().is_some_and(|ext| ext == "toml") && !path.is_dir() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
