//! Whether the index on disk still answers for an articles folder, known without loading the
//! library, so that `readmore search` can open the index and print instead of loading every
//! article's metadata to learn that nothing changed.
//!
//! After a search that loaded the library and brought the index in step with it, a small file
//! beside the index records three digests: of every article file's identity as the metadata
//! cache compares it (device, inode, size, modification and change times) and name, of the
//! options that decide how files are read, and of the index's last commit (its `meta.json`).
//! A later search surveys the folder (one `fstatat` per file, relative to its folder, on every
//! core) and trusts the index only when all three are the same. A file written, added, removed
//! or renamed, or another commit (a running reader's), takes the full path again, which records
//! new digests.
//!
//! The survey is taken before the library is loaded, so a file that changes in between makes
//! the next survey differ (the index is then refreshed once more, never trusted stale). Nothing
//! is vouched for when a file changed in the last two seconds (a second write in the same tick
//! of the file system's clock could keep its times), when the folder holds a symbolic link (its
//! target can change under an unchanged link) or a name the display path shows differently
//! (the index knows only display paths), or when anything could not be read.

use std::ffi::OsString;
use std::fs::{self, DirEntry};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use rayon::prelude::*;

use crate::domain::library::{CacheKey, LoadOptions, is_article_file, is_hidden};
use crate::domain::sanitize::visible_name;

/// The record's name in the library's cache folder, beside the index.
pub(super) const FILE: &str = "fulltext-vouch-v1";
/// What the record starts with.
const MAGIC: &str = "readmore full-text vouch 1";
/// The record is three short lines; anything longer is not one.
const MAX_BYTES: u64 = 256;
/// The largest `meta.json` hashed (as the engine reads it: a few kilobytes list the segments).
const MAX_META_BYTES: u64 = 16 << 20;
/// Files changed this recently (in nanoseconds) before the survey are not vouched for.
const RACY_NS: i64 = 2_000_000_000;

/// The state of an articles folder's files, as one digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Survey {
    /// `None` when the folder holds something the digest cannot vouch for.
    pub(super) digest: Option<u128>,
    /// The user's key, which signs the record.
    pub(super) key: CacheKey,
}

impl Survey {
    /// Whether an index could be vouched for by this survey.
    pub fn is_vouchable(&self) -> bool {
        self.digest.is_some()
    }

    /// The survey as one line for a record of something made from the folder as surveyed,
    /// to compare with a later survey's: `None` when the survey cannot vouch for anything.
    pub fn stamp(&self) -> Option<String> {
        self.digest.map(|digest| format!("{digest:032x}"))
    }

    /// The user's key, to sign such a record with.
    pub fn key(&self) -> CacheKey {
        self.key
    }
}

/// Surveys the article files below `root` as loading with `options` would find them.
pub fn survey(root: &Path, options: LoadOptions) -> Survey {
    survey_settled(root, options, now_ns() - RACY_NS)
}

/// [`survey`], vouching only for files last changed at or before `settled`.
pub(super) fn survey_settled(root: &Path, options: LoadOptions, settled: i64) -> Survey {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(settings(options).as_bytes());
    let surveyed = visit(root, &mut Vec::new(), settled, &mut |path, key| {
        hasher.update(path);
        hasher.update(&[0]);
        for field in key {
            hasher.update(&field.to_le_bytes());
        }
    });
    Survey {
        digest: surveyed.map(|()| hasher.digest128()),
        key: options.cache_key,
    }
}

/// Hands `found` each article file below `dir` (at `relative`, `/`-separated, below the
/// root) with its key: a folder's files in name order (stat relative to the folder, on every
/// core), then its folders in name order. `None` when something cannot be vouched for: a
/// symbolic link, a name shown differently, a file changed after `settled`, an error.
fn visit(
    dir: &Path,
    relative: &mut Vec<u8>,
    settled: i64,
    found: &mut dyn FnMut(&[u8], [i64; 5]),
) -> Option<()> {
    let mut entries: Vec<(OsString, DirEntry)> = fs::read_dir(dir)
        .ok()?
        .map(|entry| entry.map(|entry| (entry.file_name(), entry)))
        .filter(|entry| entry.as_ref().map_or(true, |(name, _)| !is_hidden(name)))
        .collect::<Result<_, _>>()
        .ok()?;
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for (name, entry) in entries {
        let kind = entry.file_type().ok()?;
        if kind.is_symlink() || !is_shown_as_is(name.as_bytes()) {
            return None;
        }
        if kind.is_dir() {
            folders.push((name, entry));
        } else if is_article_file(Path::new(&name)) {
            files.push((name, entry));
        }
    }
    let keys: Vec<[i64; 5]> = files
        .par_iter()
        .map(|(_, entry)| {
            let metadata = entry.metadata().ok()?;
            let key = key(&metadata);
            (metadata.is_file() && key[3].max(key[4]) <= settled).then_some(key)
        })
        .collect::<Option<_>>()?;
    let length = relative.len();
    for ((name, _), key) in files.iter().zip(keys) {
        push_name(relative, length, name);
        found(relative, key);
    }
    for (name, entry) in folders {
        push_name(relative, length, &name);
        visit(&entry.path(), relative, settled, found)?;
    }
    relative.truncate(length);
    Some(())
}

/// Whether a file name is its own display name (most are plain printable ASCII).
fn is_shown_as_is(name: &[u8]) -> bool {
    let plain = |byte: &u8| (b' '..=b'~').contains(byte) && *byte != b'\\';
    name.iter().all(plain) || visible_name(name).as_bytes() == name
}

/// Makes `relative` its first `length` bytes and then `name`.
fn push_name(relative: &mut Vec<u8>, length: usize, name: &std::ffi::OsStr) {
    relative.truncate(length);
    if length > 0 {
        relative.push(b'/');
    }
    relative.extend_from_slice(name.as_bytes());
}

/// What identifies one version of a file, as the metadata cache compares it.
fn key(metadata: &fs::Metadata) -> [i64; 5] {
    let ns = |secs: i64, nanos: i64| secs.saturating_mul(1_000_000_000).saturating_add(nanos);
    // Device and inode numbers are compared, never computed with: reinterpreting is exact.
    [
        metadata.dev() as i64,
        metadata.ino() as i64,
        i64::try_from(metadata.size()).unwrap_or(i64::MAX),
        ns(metadata.mtime(), metadata.mtime_nsec()),
        ns(metadata.ctime(), metadata.ctime_nsec()),
    ]
}

/// The options that decide what loading makes of a file.
fn settings(options: LoadOptions) -> String {
    format!(
        "{} {:?} {:?}",
        options.max_article_bytes, options.follow_symlinks, options.decoding
    )
}

/// Whether the record in the cache folder `dir` vouches for the index at `index` (its
/// folder) given the folder's `survey`.
pub(super) fn vouches(dir: &Path, index: &Path, survey: &Survey) -> bool {
    let (Some(digest), Some(meta)) = (survey.digest, meta_digest(index)) else {
        return false;
    };
    let recorded = crate::domain::own_files::read_capped(&dir.join(FILE), MAX_BYTES);
    recorded
        .ok()
        .flatten()
        .is_some_and(|bytes| bytes == record(digest, meta, survey.key).as_bytes())
}

/// Records in the cache folder `dir` that the index at `index`, as committed now, answers for
/// the folder as `survey` found it (nothing when the survey cannot vouch). Written atomically.
pub(super) fn write(dir: &Path, index: &Path, survey: &Survey) -> std::io::Result<()> {
    let (Some(digest), Some(meta)) = (survey.digest, meta_digest(index)) else {
        return Ok(());
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(record(digest, meta, survey.key).as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(dir.join(FILE)).map_err(|err| err.error)?;
    Ok(())
}

/// Removes the record: the index no longer answers for what it recorded.
pub(super) fn forget(dir: &Path) {
    let _ = fs::remove_file(dir.join(FILE));
}

/// The record's text, signed with the user's cache key (as the metadata cache is): a record
/// written by anyone else vouches for nothing.
fn record(digest: u128, meta: u128, key: CacheKey) -> String {
    let text = format!("{MAGIC}\n{digest:032x}\n{meta:032x}\n");
    let signed = key.checksum(text.as_bytes());
    format!("{text}{}\n", signed.to_hex())
}

/// A digest of the index's last commit (its `meta.json` names the segments and their
/// deletions) and of the identity of every file of the index, so that a segment file
/// rewritten under the same name voids the record too.
fn meta_digest(index: &Path) -> Option<u128> {
    let bytes = crate::domain::own_files::read_capped(&index.join("meta.json"), MAX_META_BYTES);
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&bytes.ok()??);
    // Lock files and tantivy's list of its files are hidden, and come and go with readers.
    let mut files: Vec<(OsString, [i64; 5])> = fs::read_dir(index)
        .ok()?
        .filter_map(|entry| {
            let Ok(entry) = entry else {
                return Some(None);
            };
            let name = entry.file_name();
            (!is_hidden(&name)).then(|| Some((name, key(&entry.metadata().ok()?))))
        })
        .collect::<Option<_>>()?;
    files.sort_unstable();
    for (name, key) in files {
        hasher.update(name.as_bytes());
        hasher.update(&[0]);
        for field in key {
            hasher.update(&field.to_le_bytes());
        }
    }
    Some(hasher.digest128())
}

/// The time now in nanoseconds since the Unix epoch, as file times are kept.
fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_nanos()).unwrap_or(i64::MAX)
        })
}
