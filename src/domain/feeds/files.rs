//! The library's hidden data folder and atomic writes into it and into the library.
//!
//! Everything fetch keeps lives in `<library>/.readmore/`: the loader skips hidden names, so
//! the folder travels with the library (copied, moved, synced to another machine) without
//! ever being read as articles.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The hidden folder inside a library that holds subscriptions, the ledger and the lock.
pub const DATA_DIR: &str = ".readmore";

/// `<library>/.readmore`, created when missing.
pub fn data_dir(library: &Path) -> io::Result<PathBuf> {
    let dir = library.join(DATA_DIR);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, synced and renamed
/// over it: a reader (or a crash, or kill -9) sees the old file or the new one, never half.
/// The temporary file's name is hidden (`.readmore-*.tmp`), so loading never reads one a
/// killed process left; [`remove_leftovers`] clears them.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write(path, bytes, None, true, true)
}

/// Writes an article file atomically, its modification time set to `modified` (the
/// publication date, so that "newest first" sorts by it). With `replace` false it fails with
/// `AlreadyExists` rather than replace a file that appeared under the same name meanwhile.
///
/// Not synced one by one (thousands of fsyncs would be most of a fetch's time): the rename
/// is atomic for any reader and for a killed process, and [`sync_library`] flushes them all
/// before the ledger that records them is written.
pub fn write_article_file(
    path: &Path,
    bytes: &[u8],
    modified: Option<SystemTime>,
    replace: bool,
) -> io::Result<()> {
    write(path, bytes, modified, replace, false)
}

/// Flushes everything written to the file system that holds `library` (`syncfs(2)`), so that
/// after a power loss the ledger never records a story whose file did not reach the disk.
pub fn sync_library(library: &Path) -> io::Result<()> {
    let folder = std::fs::File::open(library)?;
    // SAFETY: syncfs takes a descriptor this function owns and touches no memory.
    let done = unsafe { libc::syncfs(std::os::fd::AsRawFd::as_raw_fd(&folder)) };
    if done == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

fn write(
    path: &Path,
    bytes: &[u8],
    modified: Option<SystemTime>,
    replace: bool,
    sync: bool,
) -> io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".readmore-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    if let Some(time) = modified {
        temp.as_file().set_modified(time)?;
    }
    if sync {
        temp.as_file().sync_all()?;
    }
    if replace {
        temp.persist(path).map_err(|err| err.error)?;
    } else {
        temp.persist_noclobber(path).map_err(|err| err.error)?;
    }
    Ok(())
}

/// Removes the temporary files a killed writer left in `folder` (not below it). Call it only
/// while holding the library's [`super::lock::FetchLock`], so no live write is removed.
pub fn remove_leftovers(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".readmore-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
