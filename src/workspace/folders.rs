//! Work on folders rather than single files: locking a folder, work that spans several files and
//! must happen whole or not at all, and the housekeeping that keeps temporary files out of sight.
//!
//! - [`lock_dir`]: a folder's lock, for creating files whose uniqueness spans the folder and for
//!   deleting it.
//! - [`Batch`]: every file of a multi-file output is written to a temporary file first; only
//!   when all are written are they renamed into place. An error, or dropping the batch, removes
//!   the temporary files (and folders the batch created), so nothing is written.
//! - [`remove_candidate_dir`]: a candidate folder is deleted under its lock by first renaming it
//!   to a hidden name, so it disappears at once and whole.
//! - [`CandidateDir`]: a candidate folder made for a new plan is removed again if the plan is
//!   refused.
//! - [`ensure_gitignore`] and [`clean_stale_temps`]: temporary files never reach git, and a
//!   killed process's leftovers are removed by the next write in the folder.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::time::Instant;

use super::{LOCK_WAIT, Lock, create_private_dir, parent, sync_parent, wait_for_lock, write_temp};
use crate::error::{Error, Result};

/// The pattern every temporary file and folder of scorecard matches.
pub const TEMP_PATTERN: &str = ".scorecard-*.tmp";

/// The workspace's `.gitignore` as `init` writes it.
pub const GITIGNORE: &str = "# Temporary files of scorecard: a killed process may leave one behind.\n\
                             .scorecard-*.tmp\n";

/// A temporary file older than this, and not locked, belongs to no live writer. Writers lock
/// their temporary file from just after creating it until the rename, so the lock alone tells a
/// live write from a dead one, except in the instant between creation and locking; the age
/// covers that instant with a wide margin. Files of an unfinished [`Batch`] are closed (so
/// unlocked) while the batch renders, so the age must also outlast a long export.
const STALE_AFTER: Duration = Duration::from_secs(15 * 60);

/// Locks a folder (used while creating files whose uniqueness spans the folder, such as one
/// scorecard per interviewer per plan, and while deleting it). A folder that was renamed away or
/// removed while this waited (a purge) is reported as not found rather than locked, since files
/// written through its old path would land nowhere or in a new folder.
pub fn lock_dir(dir: &Path) -> Result<Lock> {
    let file = File::open(dir).map_err(|err| Error::read(dir, err))?;
    wait_for_lock(&file, dir, Instant::now() + LOCK_WAIT)?;
    let locked = file.metadata().map_err(|err| Error::read(dir, err))?;
    match fs::metadata(dir) {
        Ok(current) if current.ino() == locked.ino() && current.dev() == locked.dev() => {
            Ok(Lock(file))
        }
        Ok(_) | Err(_) => Err(Error::read(
            dir,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        )),
    }
}

/// Files written together: all of them, or none.
#[derive(Default)]
pub struct Batch {
    staged: Vec<(tempfile::TempPath, PathBuf)>,
    /// Folders this batch created, removed again (when empty) if it is not committed.
    created: Vec<PathBuf>,
}

impl Batch {
    #[must_use]
    pub fn new() -> Batch {
        Batch::default()
    }

    /// How many files are staged.
    #[must_use]
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Creates a folder for the batch's files (private, with missing parents); if the batch is
    /// not committed, the folders it created are removed again.
    pub fn create_dir(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut at = Some(dir);
        while let Some(d) = at.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            missing.push(d.to_owned());
            at = d.parent();
        }
        create_private_dir(dir)?;
        // Innermost first, so they can be removed in this order.
        self.created.extend(missing);
        Ok(())
    }

    /// Writes `contents` to a temporary file beside `path`, to be renamed into place by
    /// [`Batch::commit`]. The file is closed, so a large batch holds no file descriptors.
    pub fn stage(&mut self, path: &Path, contents: &[u8]) -> Result<()> {
        let temp = write_temp(path, contents)?;
        self.staged.push((temp.into_temp_path(), path.to_owned()));
        Ok(())
    }

    /// Renames every staged file into place (replacing what was there), then makes the renames
    /// durable. Only a failing file system can stop it part way.
    pub fn commit(mut self) -> Result<usize> {
        let staged = std::mem::take(&mut self.staged);
        let count = staged.len();
        let mut folders: Vec<PathBuf> = Vec::new();
        for (temp, path) in staged {
            temp.persist(&path)
                .map_err(|err| Error::write(&path, err.error))?;
            let folder = parent(&path).to_owned();
            if !folders.contains(&folder) {
                folders.push(folder);
            }
        }
        for folder in &folders {
            sync_parent(&folder.join("x"))?;
        }
        self.created.clear();
        Ok(count)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Dropping the temporary paths deletes the files; then the folders, only if empty.
        self.staged.clear();
        for dir in &self.created {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Deletes a candidate's folder whole: under the folder's lock (so no plan or scorecard is being
/// created in it), the folder is renamed to a hidden temporary name, which removes it from every
/// other command's view at once; then the renamed folder is deleted. A `rate` that was about to
/// replace a scorecard in it then fails (its folder is gone) instead of leaving the scorecard
/// behind, and a deletion cut short leaves only a hidden folder that the next purge removes.
pub fn remove_candidate_dir(dir: &Path) -> Result<()> {
    let _lock = lock_dir(dir)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let trash = parent(dir).join(format!(
        ".scorecard-purge-{name}-{}.tmp",
        std::process::id()
    ));
    fs::rename(dir, &trash).map_err(|err| Error::write(dir, err))?;
    sync_parent(dir)?;
    fs::remove_dir_all(&trash).map_err(|err| Error::write(&trash, err))?;
    sync_parent(&trash)
}

/// Removes folders left by a purge that was killed part way (see [`remove_candidate_dir`]).
pub fn clean_purge_leftovers(candidates: &Path) {
    let Ok(entries) = fs::read_dir(candidates) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".scorecard-purge-") && name.ends_with(".tmp") {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A candidate folder held locked for a new plan. If it did not exist before and the plan is
/// refused (the guard is dropped without [`CandidateDir::keep`]), it is removed again while still
/// locked, if nothing was written into it, so a refused `plan new` leaves no folder behind.
pub struct CandidateDir {
    pub path: PathBuf,
    created: bool,
    // Declared last: the lock is released after the folder is removed.
    _lock: Lock,
}

impl CandidateDir {
    /// Creates the folder if needed and locks it. If another process removed the folder while
    /// this one waited for its lock (a refused plan, a purge), it is made again.
    pub fn open(path: PathBuf) -> Result<CandidateDir> {
        loop {
            let created = !path.is_dir();
            create_private_dir(&path)?;
            match lock_dir(&path) {
                Ok(lock) => {
                    return Ok(CandidateDir {
                        path,
                        created,
                        _lock: lock,
                    });
                }
                Err(Error::Read { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
    }

    /// The plan was written: keep the folder.
    pub fn keep(mut self) {
        self.created = false;
    }
}

impl Drop for CandidateDir {
    fn drop(&mut self) {
        if self.created {
            // Fails, harmlessly, if another process wrote into the folder meanwhile.
            let _ = fs::remove_dir(&self.path);
        }
    }
}

/// Makes sure the workspace's `.gitignore` names scorecard's temporary files: creates it, or
/// adds the pattern to the team's own file when it lacks it.
pub fn ensure_gitignore(root: &Path) -> Result<()> {
    let path = root.join(".gitignore");
    if fs::symlink_metadata(&path).is_err() {
        return match super::write_new(&path, GITIGNORE.as_bytes()) {
            // Another process made it first: it holds the pattern too.
            Err(Error::Refused { .. }) => Ok(()),
            other => other,
        };
    }
    // Read like every other file: bounded, so a huge or endless `.gitignore` costs nothing.
    let bytes = super::read(&path)?;
    let text = String::from_utf8_lossy(&bytes);
    if text.lines().any(|l| l.trim() == TEMP_PATTERN) {
        return Ok(());
    }
    let separator = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let mut contents = bytes;
    contents.extend_from_slice(format!("{separator}{GITIGNORE}").as_bytes());
    super::replace(&path, &contents)
}

/// Removes temporary files of scorecard that a killed process left in `dir`: those older than
/// [`STALE_AFTER`] that no live writer holds locked. Each folder is looked at once per process,
/// so writing many files into one folder costs one listing.
pub fn clean_stale_temps(dir: &Path) {
    static SEEN: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let Ok(mut seen) = SEEN.lock() else {
            return;
        };
        if !seen.get_or_insert_with(HashSet::new).insert(dir.to_owned()) {
            return;
        }
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".scorecard-") && name.ends_with(".tmp")) {
            continue;
        }
        if is_stale_temp(&entry.path(), now) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn is_stale_temp(path: &Path, now: SystemTime) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    let old = meta
        .modified()
        .ok()
        .and_then(|t| now.duration_since(t).ok())
        .is_some_and(|age| age >= STALE_AFTER);
    if !meta.is_file() || !old {
        return false;
    }
    // A live writer holds the lock until its rename; taking it here means nobody does.
    fs::File::open(path).is_ok_and(|file| file.try_lock().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_batch_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("reports/deep");
        let mut batch = Batch::new();
        batch.create_dir(&out).unwrap();
        batch.stage(&out.join("a.md"), b"a").unwrap();
        batch.stage(&out.join("b.md"), b"b").unwrap();
        assert_eq!(fs::read_dir(&out).unwrap().count(), 2);
        drop(batch);
        assert!(!dir.path().join("reports").exists());
    }

    #[test]
    fn a_committed_batch_writes_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut batch = Batch::new();
        batch.stage(&dir.path().join("a.md"), b"a").unwrap();
        batch.stage(&dir.path().join("b.md"), b"b").unwrap();
        assert_eq!(batch.commit().unwrap(), 2);
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.md", "b.md"]);
    }

    #[test]
    fn only_old_unlocked_temps_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        let old = SystemTime::now() - STALE_AFTER - Duration::from_secs(1);
        let dead = dir.path().join(".scorecard-dead.tmp");
        let locked = dir.path().join(".scorecard-live.tmp");
        let young = dir.path().join(".scorecard-young.tmp");
        for path in [&dead, &locked, &young] {
            fs::write(path, b"x").unwrap();
        }
        for path in [&dead, &locked] {
            fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        let holder = fs::File::open(&locked).unwrap();
        holder.lock().unwrap();
        let now = SystemTime::now();
        assert!(is_stale_temp(&dead, now));
        assert!(!is_stale_temp(&locked, now));
        assert!(!is_stale_temp(&young, now));
    }

    #[test]
    fn gitignore_is_created_or_completed() {
        let dir = tempfile::tempdir().unwrap();
        ensure_gitignore(dir.path()).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            GITIGNORE
        );
        fs::write(dir.path().join(".gitignore"), "exports/").unwrap();
        ensure_gitignore(dir.path()).unwrap();
        ensure_gitignore(dir.path()).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            format!("exports/\n{GITIGNORE}")
        );
    }
}
