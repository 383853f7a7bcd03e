//! The workspace folder: finding it, its settings, candidate ids, id prefixes, and every file write.
//!
//! Invariants this module keeps for the rest of scorecard:
//! - nothing from user input becomes a path except through [`CandidateId`] (a checked slug) and
//!   UUIDs that scorecard generated;
//! - every write is atomic (temporary file in the same folder, fsync, rename, fsync of the folder),
//!   so a killed process leaves each file as it was or as it was meant to become;
//! - a read-modify-write holds an exclusive lock on the file, so concurrent writers lose nothing;
//! - candidate files are 0600 and their folders 0700.

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::at;
use crate::document;
use crate::error::{Error, Result};
use crate::fields::Checks;

mod folders;
mod read;
pub use folders::{
    Batch, CandidateDir, GITIGNORE, TEMP_PATTERN, clean_purge_leftovers, ensure_gitignore,
    lock_dir, remove_candidate_dir,
};
pub use read::{load_document, parse_document, read};
use read::{open_regular, read_bounded};

/// The settings file that marks a workspace.
pub const SETTINGS_FILE: &str = "scorecard.toml";
/// The workspace's pseudonym key (see `export::anonymize`).
pub const KEY_FILE: &str = "anonymize.key";
/// Where a workspace is created when none is found.
pub const DEFAULT_DIR: &str = "interviews";
/// How long a writer waits for another writer's lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// How the workspace was found, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--workspace` or `SCORECARD_WORKSPACE`.
    Given,
    /// The nearest ancestor holding `scorecard.toml`.
    Found,
    /// `./interviews`, created on first write.
    Default,
}

/// `scorecard.toml`: optional settings of a workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Bank used when `--bank` is not given.
    pub default_bank: Option<String>,
    /// Interviewer name used when `--interviewer` is not given.
    pub interviewer: Option<String>,
    /// Days after which `purge --expired` deletes a candidate's files.
    pub retention_days: Option<u32>,
}

/// The settings file `scorecard init` writes: every default, commented.
pub const SETTINGS_TEMPLATE: &str = r#"# scorecard workspace settings. Every key is optional; remove the `#` to set one.

# Bank used when `--bank` is not given: a built-in bank id, the id of a bank in banks/, or a path.
# default_bank = "nodejs-backend-senior"

# Interviewer name used when `--interviewer` is not given. In a workspace shared through git, leave
# this unset and let each interviewer set SCORECARD_INTERVIEWER instead.
# interviewer = "Grace Hopper"

# Days a candidate's files are kept; `scorecard purge --expired` deletes candidates whose newest
# file is older than this.
# retention_days = 365
"#;

/// A candidate's id and folder.
pub type CandidateFolder = (CandidateId, PathBuf);

/// A resolved workspace.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub origin: Origin,
    pub settings: Settings,
    /// Whether the folder existed when it was resolved (to say so when a command creates it).
    pub existed: bool,
}

impl Workspace {
    /// Resolves the workspace: `given` (flag or env), else the nearest ancestor of `cwd` holding
    /// `scorecard.toml`, else `cwd/interviews`.
    pub fn resolve(given: Option<&Path>, cwd: &Path) -> Result<Workspace> {
        let (root, origin) = if let Some(dir) = given {
            (dir.to_owned(), Origin::Given)
        } else if let Some(found) = cwd
            .ancestors()
            .find(|dir| dir.join(SETTINGS_FILE).is_file())
        {
            (found.to_owned(), Origin::Found)
        } else {
            (cwd.join(DEFAULT_DIR), Origin::Default)
        };
        if root.exists() && !root.is_dir() {
            return Err(Error::Usage {
                message: format!("workspace `{}` is not a folder", root.display()),
            });
        }
        let settings = read_settings(&root.join(SETTINGS_FILE))?;
        Ok(Workspace {
            existed: root.is_dir(),
            root,
            origin,
            settings,
        })
    }

    #[must_use]
    pub fn banks_dir(&self) -> PathBuf {
        self.root.join("banks")
    }

    #[must_use]
    pub fn candidates_dir(&self) -> PathBuf {
        self.root.join("candidates")
    }

    #[must_use]
    pub fn candidate_dir(&self, id: &CandidateId) -> PathBuf {
        self.candidates_dir().join(id.as_str())
    }

    /// The folder of a candidate who must exist; an unknown id lists the known ones.
    pub fn existing_candidate_dir(&self, id: &CandidateId) -> Result<PathBuf> {
        let dir = self.candidate_dir(id);
        if dir.is_dir() {
            return Ok(dir);
        }
        Err(Error::NotFound {
            kind: "candidate",
            query: id.to_string(),
            valid: self
                .all_candidate_dirs()?
                .0
                .into_iter()
                .map(|(id, _)| id.to_string())
                .collect(),
        })
    }

    /// Creates the candidate's folder (and the workspace) if needed, readable by the owner alone,
    /// and locks it; the folder is removed again if dropped unkept (see [`CandidateDir`]). The
    /// workspace's `.gitignore` is checked first, since this is how candidate data first arrives.
    pub fn open_candidate_dir(&self, id: &CandidateId) -> Result<CandidateDir> {
        self.ensure_root()?;
        ensure_gitignore(&self.root)?;
        CandidateDir::open(self.candidate_dir(id))
    }

    /// Creates the workspace folder if it does not exist, with its `scorecard.toml` (every
    /// setting commented out), so that commands run inside it find it.
    pub fn ensure_root(&self) -> Result<()> {
        if self.root.is_dir() {
            return Ok(());
        }
        create_private_dir(&self.root)?;
        let settings = self.root.join(SETTINGS_FILE);
        match write_new(&settings, SETTINGS_TEMPLATE.as_bytes()) {
            // Another process created the workspace at the same moment.
            Err(_) if settings.is_file() => Ok(()),
            written => written,
        }
    }

    /// Candidate folders, sorted by id, for commands whose figures must leave nobody out: a folder
    /// whose name is not a candidate id is an error naming it (its candidate would silently be
    /// missing). Hidden folders (`.git`, a purge under way) are passed over.
    pub fn candidate_dirs(&self) -> Result<Vec<CandidateFolder>> {
        let (found, misnamed) = self.all_candidate_dirs()?;
        match misnamed.first() {
            Some(dir) => Err(misnamed_folder(dir)),
            None => Ok(found),
        }
    }

    /// Candidate folders, sorted by id, and the folders whose names are not candidate ids (for
    /// commands that list what they can and warn about the rest).
    pub fn all_candidate_dirs(&self) -> Result<(Vec<CandidateFolder>, Vec<PathBuf>)> {
        let dir = self.candidates_dir();
        let mut found = Vec::new();
        let mut misnamed = Vec::new();
        for entry in read_dir_if_exists(&dir)? {
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            // The entry's type costs no system call; only a symlink needs its target looked up.
            let is_dir = entry
                .file_type()
                .is_ok_and(|kind| kind.is_dir() || (kind.is_symlink() && entry.path().is_dir()));
            if !is_dir {
                continue;
            }
            match name.to_str().map(CandidateId::parse) {
                Some(Ok(id)) => found.push((id, entry.path())),
                _ => misnamed.push(entry.path()),
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        misnamed.sort();
        Ok((found, misnamed))
    }

    /// Whether `path` is one of the workspace's own files or folders (settings, pseudonym key,
    /// anything under `candidates/` or `banks/`), which an export must never replace. `path`'s
    /// folder must exist.
    #[must_use]
    pub fn owns(&self, path: &Path) -> bool {
        let Ok(root) = self.root.canonicalize() else {
            return false;
        };
        let resolved = match (path.canonicalize(), path.file_name()) {
            (Ok(resolved), _) => resolved,
            (Err(_), Some(name)) => match parent(path).canonicalize() {
                Ok(dir) => dir.join(name),
                Err(_) => return false,
            },
            (Err(_), None) => return false,
        };
        resolved == root
            || resolved == root.join(SETTINGS_FILE)
            || resolved == root.join(KEY_FILE)
            || resolved == root.join(GITIGNORE)
            || resolved.starts_with(root.join("candidates"))
            || resolved.starts_with(root.join("banks"))
    }

    /// Every file of one kind (`plan` or `scorecard`) in the workspace, sorted by path (folders
    /// whose names are not candidate ids are passed over: lists warn about them).
    pub fn files(&self, kind: Kind) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for (_, dir) in self.all_candidate_dirs()?.0 {
            files.extend(kind_files(&dir, kind)?);
        }
        Ok(files)
    }

    /// Finds a plan or scorecard by a unique id prefix of 4+ characters, or by its file path.
    pub fn find(&self, kind: Kind, query: &str) -> Result<PathBuf> {
        let as_path = Path::new(query);
        let is_toml = as_path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"));
        if is_toml && as_path.is_file() {
            return Ok(as_path.to_owned());
        }
        let prefix = query.trim().to_ascii_lowercase();
        if prefix.len() < 4 || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(Error::Usage {
                message: format!(
                    "`{query}` is not a {} id; give its id or a unique prefix of at least 4 characters (see `scorecard {}`)",
                    kind.name(),
                    kind.list_command()
                ),
            });
        }
        let mut matches: Vec<PathBuf> = self
            .files(kind)?
            .into_iter()
            .filter(|path| kind.id_of(path).is_some_and(|id| id.starts_with(&prefix)))
            .collect();
        match matches.len() {
            1 => Ok(matches.remove(0)),
            0 => Err(Error::NotFound {
                kind: kind.name(),
                query: query.to_owned(),
                valid: Vec::new(),
            }),
            _ => {
                // In id order, whatever folders the files are in.
                let mut ids: Vec<String> = matches
                    .iter()
                    .filter_map(|p| kind.id_of(p).map(str::to_owned))
                    .collect();
                ids.sort();
                Err(Error::Ambiguous {
                    kind: kind.name(),
                    prefix: query.to_owned(),
                    matches: ids,
                })
            }
        }
    }
}

/// The error for a folder in `candidates/` whose name is not a candidate id.
#[must_use]
pub fn misnamed_folder(dir: &Path) -> Error {
    Error::invalid(
        dir.display().to_string(),
        None,
        "is in candidates/ but its name is not a candidate id (1 to 64 lowercase letters, digits and `-`, starting with a letter or digit); rename it to the `candidate_id` its files hold".to_owned(),
    )
}

/// The two kinds of candidate file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Plan,
    Scorecard,
}

impl Kind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Scorecard => "scorecard",
        }
    }

    fn list_command(self) -> &'static str {
        match self {
            Kind::Plan => "plan list",
            Kind::Scorecard => "list",
        }
    }

    /// The file name of an object of this kind.
    #[must_use]
    pub fn file_name(self, id: &uuid::Uuid) -> String {
        format!("{}-{}.toml", self.name(), id.hyphenated())
    }

    /// The id part of a file name of this kind, if the path is one.
    #[must_use]
    pub fn id_of(self, path: &Path) -> Option<&str> {
        let name = path.file_name()?.to_str()?;
        let id = name
            .strip_prefix(self.name())?
            .strip_prefix('-')?
            .strip_suffix(".toml")?;
        (id.len() == 36).then_some(id)
    }
}

/// Files of one kind directly inside a candidate folder, sorted by name.
pub fn kind_files(dir: &Path, kind: Kind) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = read_dir_if_exists(dir)?
        .into_iter()
        .map(|entry| entry.path())
        .filter(|path| kind.id_of(path).is_some())
        .collect();
    files.sort();
    Ok(files)
}

fn read_dir_if_exists(dir: &Path) -> Result<Vec<fs::DirEntry>> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(|err| Error::read(dir, err)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(err) => Err(Error::read(dir, err)),
    }
}

fn read_settings(path: &Path) -> Result<Settings> {
    let bytes = match fs::symlink_metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        _ => read(path)?,
    };
    parse_document(path, &bytes, |label, text, _| {
        let settings: Settings = toml::from_str(text).map_err(|err| Error::Invalid {
            problems: vec![document::toml_problem(label, text, &err)],
        })?;
        let mut checks = Checks::new();
        settings.check(&mut checks);
        checks.finish(label, text)?;
        Ok(settings)
    })
}

impl Settings {
    /// Every rule the settings file must keep, one field at a time.
    fn check(&self, checks: &mut Checks) {
        if let Some(bank) = &self.default_bank {
            checks.one_line(at!["default_bank"], "`default_bank`", bank, true);
        }
        if let Some(name) = &self.interviewer {
            checks.one_line(at!["interviewer"], "`interviewer`", name, true);
        }
        if let Some(days) = self.retention_days {
            let max = u64::from(crate::fields::MAX_RETENTION_DAYS);
            checks.bounded(
                at!["retention_days"],
                "`retention_days`",
                u64::from(days),
                0..=max,
            );
        }
    }
}

/// A candidate id: `[a-z0-9][a-z0-9-]{0,63}`, safe to use as a folder name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CandidateId(String);

impl CandidateId {
    /// Checks a given id (`--candidate-id`, or a folder name).
    pub fn parse(id: &str) -> Result<CandidateId> {
        if crate::fields::is_valid_candidate_id(id) {
            Ok(CandidateId(id.to_owned()))
        } else {
            Err(Error::Usage {
                message: format!(
                    "`{id}` is not a valid candidate id; use 1 to 64 lowercase letters, digits and `-`, starting with a letter or digit"
                ),
            })
        }
    }

    /// The id made from a candidate's name: ASCII-folded, lowercase, words joined by `-`.
    pub fn from_name(name: &str) -> Result<CandidateId> {
        let folded = deunicode::deunicode(name).to_ascii_lowercase();
        let mut slug = String::new();
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.truncate(64);
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            return Err(Error::Usage {
                message: format!(
                    "cannot make a candidate id from the name `{name}`; give one with `--candidate-id` (lowercase letters, digits and `-`)"
                ),
            });
        }
        CandidateId::parse(slug)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CandidateId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Creates a folder and its missing parents, readable by the owner alone.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|err| Error::write(dir, err))
}

/// Writes a new file atomically; refuses to replace an existing one.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    let temp = write_temp(path, contents)?;
    temp.persist_noclobber(path).map_err(|err| {
        if err.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::refused(format!(
                "`{}` already exists; it was left untouched",
                path.display()
            ))
        } else {
            Error::write(path, err.error)
        }
    })?;
    sync_parent(path)
}

/// Replaces an existing file atomically (writes that must not touch anything else go through
/// [`update`], which also locks).
pub fn replace(path: &Path, contents: &[u8]) -> Result<()> {
    let temp = write_temp(path, contents)?;
    temp.persist(path)
        .map_err(|err| Error::write(path, err.error))?;
    sync_parent(path)
}

/// Streams a new version of a file into a temporary file beside it, then renames it into place,
/// so readers never see a half-written export.
pub fn write_streaming(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    write_with_file(path, |file| {
        let mut buffered = std::io::BufWriter::new(file);
        write(&mut buffered)?;
        buffered.flush().map_err(|err| Error::write(path, err))
    })
}

/// [`write_streaming`] for writers that need the file itself (a workbook writer wants an owned,
/// sendable writer): `write` receives the temporary file; it is synced and renamed into place once
/// it returns, and removed if it fails.
pub fn write_with_file(path: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let mut temp = write_temp(path, b"")?;
    // The writer only writes the file: a write error is about `path`, whatever the writer
    // called it (its temporary name means nothing to the user).
    write(temp.as_file_mut()).map_err(|err| match err {
        Error::Write { source, .. } => Error::write(path, source),
        other => other,
    })?;
    temp.as_file()
        .sync_all()
        .map_err(|err| Error::write(path, err))?;
    temp.persist(path)
        .map_err(|err| Error::write(path, err.error))?;
    sync_parent(path)
}

/// Read-modify-write under an exclusive lock: `change` receives the current bytes and returns the
/// new ones (or an error, and the file is left as it was).
pub fn update<T>(path: &Path, change: impl FnOnce(&[u8]) -> Result<(Vec<u8>, T)>) -> Result<T> {
    let (mut file, size, _lock) = lock_file(path)?;
    let current = read_bounded(&mut file, size, path)?;
    let (contents, result) = change(&current)?;
    replace(path, &contents)?;
    Ok(result)
    // The lock is released when `file` closes, after the rename: a waiting writer then finds the
    // path pointing at the new file and reads it.
}

/// A held lock; dropping it releases the lock.
pub struct Lock(File);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Locks the file at `path`, waiting for another writer if need be. Because writes replace the
/// file by rename, the lock is only good if `path` still names the locked file afterwards; if a
/// writer replaced it meanwhile, lock the new one.
fn lock_file(path: &Path) -> Result<(File, u64, Lock)> {
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        let (file, _) = open_regular(path)?;
        wait_for_lock(&file, path, deadline)?;
        let locked = file.metadata().map_err(|err| Error::read(path, err))?;
        let current = fs::metadata(path).map_err(|err| Error::read(path, err))?;
        if locked.ino() == current.ino() && locked.dev() == current.dev() {
            let handle = file.try_clone().map_err(|err| Error::read(path, err))?;
            return Ok((file, locked.len(), Lock(handle)));
        }
    }
}

fn wait_for_lock(file: &File, path: &Path, deadline: Instant) -> Result<()> {
    let mut pause = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::LockTimeout {
                    path: path.to_owned(),
                });
            }
            Err(fs::TryLockError::Error(err)) => return Err(Error::write(path, err)),
        }
    }
}

/// Refuses a file that cannot be replaced by a regular one: a folder, a device or a FIFO
/// (renaming over one would replace it; as root, `/dev/null` itself), or one in a folder that does
/// not exist. Commands that write to a path the user gave call it before doing the work.
pub fn check_target(path: &Path) -> Result<()> {
    if path.as_os_str().as_encoded_bytes().ends_with(b"/") {
        return Err(Error::write(
            path,
            std::io::Error::other("it names a folder; give a file name"),
        ));
    }
    if let Ok(meta) = fs::metadata(path) {
        let refusal = if meta.is_dir() {
            Some("it is a folder; give a file name".to_owned())
        } else if meta.is_file() {
            None
        } else {
            Some(format!(
                "it is {}; scorecard writes only regular files",
                read::kind_name(&meta)
            ))
        };
        if let Some(refusal) = refusal {
            return Err(Error::write(path, std::io::Error::other(refusal)));
        }
    }
    let dir = parent(path);
    if !dir.is_dir() {
        let why = if dir.exists() {
            format!("`{}` is a file, not a folder", dir.display())
        } else {
            format!("folder `{}` does not exist", dir.display())
        };
        return Err(Error::write(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, why),
        ));
    }
    Ok(())
}

fn write_temp(path: &Path, contents: &[u8]) -> Result<tempfile::NamedTempFile> {
    check_target(path)?;
    let dir = parent(path);
    folders::clean_stale_temps(dir);
    let mut temp = tempfile::Builder::new()
        .prefix(".scorecard-")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|err| Error::write(path, without_temp_name(&err)))?;
    // Held until the rename: it tells a live write from a killed one's leftover.
    let _ = temp.as_file().try_lock();
    // Through the file itself: `NamedTempFile`'s own writes add its temporary name to errors.
    temp.as_file_mut()
        .write_all(contents)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|err| Error::write(path, err))?;
    Ok(temp)
}

/// The OS reason of a failure to create the temporary file, without the temporary file's name,
/// which means nothing to the user (`tempfile` wraps the reason with the path it tried).
fn without_temp_name(err: &std::io::Error) -> std::io::Error {
    let reason = std::error::Error::source(err)
        .or_else(|| {
            err.get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static))
        })
        .and_then(|inner| inner.source().or(Some(inner)))
        .map(ToString::to_string);
    match (err.raw_os_error(), reason) {
        (Some(code), _) => std::io::Error::from_raw_os_error(code),
        (None, Some(reason)) if !reason.contains(".scorecard-") => {
            std::io::Error::new(err.kind(), reason)
        }
        (None, _) => std::io::Error::from(err.kind()),
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Makes a rename durable: the folder's entry is flushed too.
fn sync_parent(path: &Path) -> Result<()> {
    let dir = parent(path);
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|err| Error::write(dir, err))
}

#[cfg(test)]
mod tests;
