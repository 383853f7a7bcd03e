//! Reading files from a workspace, which may hold anything a teammate put there: regular files
//! only (a FIFO or a device is refused without blocking) and never more than the size limit.

use std::fs::{self, File};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use crate::document;
use crate::error::{Error, Result};
use crate::fields::Location;
use crate::workspace::Kind;

/// Reads a whole file, naming it in the error. Files over the size limit are refused before they
/// are read, so a stray multi-gigabyte file costs nothing; a path that is not a regular file
/// (FIFO, device, socket) is refused without blocking.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let (mut file, size) = open_regular(path)?;
    read_bounded(&mut file, size, path)
}

/// The one preamble of every file loader: `bytes` (read from `path`) decoded as UTF-8 without
/// its BOM, handed to `parse` with the file's label for messages and the name of its folder
/// (which a candidate file's `candidate_id` must equal).
pub fn parse_document<T>(
    path: &Path,
    bytes: &[u8],
    parse: impl FnOnce(&str, &str, &Location) -> Result<T>,
) -> Result<T> {
    let label = path.display().to_string();
    parse(&label, document::decode(&label, bytes)?, &location(path))
}

/// Where the file at `path` lies: its folder's name and the id in its name, read as
/// [`Kind::id_of`] reads names everywhere else.
fn location(path: &Path) -> Location {
    Location {
        folder: path
            .parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .map(str::to_owned),
        file_id: Kind::Plan
            .id_of(path)
            .or_else(|| Kind::Scorecard.id_of(path))
            .map(str::to_owned),
    }
}

/// Reads `path` ([`read`]: bounded, regular files only) and parses it with [`parse_document`].
pub fn load_document<T>(
    path: &Path,
    parse: impl FnOnce(&str, &str, &Location) -> Result<T>,
) -> Result<T> {
    parse_document(path, &read(path)?, parse)
}

/// Opens a regular file for reading, refusing anything else before it can block or run forever.
///
/// The path is checked first (following symlinks, so a link to `/dev/zero` is a device), then
/// opened non-blocking so that a FIFO swapped in after the check cannot hang the open, then
/// checked again on the open handle, which is what is actually read. Returns the file and its
/// size then.
pub(super) fn open_regular(path: &Path) -> Result<(File, u64)> {
    let meta = fs::metadata(path).map_err(|err| Error::read(path, err))?;
    check_regular(path, &meta)?;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|err| Error::read(path, err))?;
    let meta = file.metadata().map_err(|err| Error::read(path, err))?;
    check_regular(path, &meta)?;
    Ok((file, meta.len()))
}

fn check_regular(path: &Path, meta: &fs::Metadata) -> Result<()> {
    let label = path.display().to_string();
    if !meta.is_file() {
        return Err(Error::invalid(
            label,
            None,
            format!("is {}; scorecard reads only regular files", kind_name(meta)),
        ));
    }
    if meta.len() > document::MAX_FILE_BYTES as u64 {
        return Err(document::too_large(&label, meta.len()));
    }
    Ok(())
}

/// What a path that is not a regular file is, for messages: `a FIFO`, `a device`...
pub(super) fn kind_name(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Reads at most the size limit plus one byte, so a file that grows after its size was checked
/// is still refused without being read whole.
///
/// The buffer is sized from `size`, the length the open file had, so a file is read in one call (plus the one
/// that sees its end) rather than in a run of growing reads: tens of thousands of files are read
/// per command.
pub(super) fn read_bounded(file: &mut File, size: u64, path: &Path) -> Result<Vec<u8>> {
    let limit = document::MAX_FILE_BYTES as u64;
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0) + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| Error::read(path, err))?;
    if bytes.len() as u64 > limit {
        let size = fs::metadata(path).map_or(limit + 1, |m| m.len().max(limit + 1));
        return Err(document::too_large(&path.display().to_string(), size));
    }
    Ok(bytes)
}
