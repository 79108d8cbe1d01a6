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
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write(path, bytes, None, true)
}

/// Writes an article file atomically, its modification time set to `modified` (the
/// publication date, so that "newest first" sorts by it). With `replace` false it fails with
/// `AlreadyExists` rather than replace a file that appeared under the same name meanwhile.
pub fn write_article_file(
    path: &Path,
    bytes: &[u8],
    modified: Option<SystemTime>,
    replace: bool,
) -> io::Result<()> {
    write(path, bytes, modified, replace)
}

fn write(path: &Path, bytes: &[u8], modified: Option<SystemTime>, replace: bool) -> io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".readmore-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    if let Some(time) = modified {
        temp.as_file().set_modified(time)?;
    }
    temp.as_file().sync_all()?;
    if replace {
        temp.persist(path).map_err(|err| err.error)?;
    } else {
        temp.persist_noclobber(path).map_err(|err| err.error)?;
    }
    Ok(())
}
