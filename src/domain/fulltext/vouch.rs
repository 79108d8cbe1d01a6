//! Whether the index on disk still answers for an articles folder, known without loading the
//! library, so that `readmore search` can open the index and print instead of loading every
//! article's metadata to learn that nothing changed.
//!
//! After a search that loaded the library and brought the index in step with it, a small file
//! beside the index records two digests: the folder's [`Survey`] (every article file's path
//! and identity, and the options that decide how files are read) and the index's last commit
//! (its `meta.json` and the identity of its files). A later search trusts the index only when
//! a survey taken now and the index as opened give the same two. A file written, added,
//! removed or renamed, or another commit (a running reader's), takes the full path again,
//! which records new digests.
//!
//! The survey is taken before the library is loaded, so a file that changes in between makes
//! the next survey differ (the index is then refreshed once more, never trusted stale).

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::survey::Survey;
use crate::domain::library::{CacheKey, is_hidden};

/// The record's name in the library's cache folder, beside the index.
pub(super) const FILE: &str = "fulltext-vouch-v1";
/// What the record starts with.
const MAGIC: &str = "readmore full-text vouch 2";
/// The record is three short lines; anything longer is not one.
const MAX_BYTES: u64 = 256;
/// The largest `meta.json` hashed (as the engine reads it: a few kilobytes list the segments).
const MAX_META_BYTES: u64 = 16 << 20;

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

/// What the record in a cache folder says of the index beside it, read with the index as
/// opened, to be held against a survey taken meanwhile.
pub(super) struct Recorded {
    record: Vec<u8>,
    meta: u128,
}

impl Recorded {
    /// The record in the cache folder `dir` and the index at `index` (its folder) as it is
    /// now; `None` when either cannot be read.
    pub(super) fn read(dir: &Path, index: &Path) -> Option<Recorded> {
        let meta = meta_digest(index)?;
        let record = crate::domain::own_files::read_capped(&dir.join(FILE), MAX_BYTES);
        Some(Recorded {
            record: record.ok()??,
            meta,
        })
    }

    /// Whether the record vouches for the index given the folder's `survey`.
    pub(super) fn vouches(&self, survey: &Survey) -> bool {
        (survey.digest)
            .is_some_and(|digest| self.record == record(digest, self.meta, survey.key).as_bytes())
    }
}

/// Whether the cache folder `dir` holds a record at all (it may still vouch for nothing).
pub(super) fn is_recorded(dir: &Path) -> bool {
    dir.join(FILE).is_file()
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
