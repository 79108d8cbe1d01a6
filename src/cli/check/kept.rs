//! The report of the last `check` kept beside the metadata cache, for a check of a folder
//! that has not changed since to print without loading the library.
//!
//! The file (`check-v1` in the library's cache folder) holds a header, the report in postcard
//! and a checksum of both keyed with the user's cache key: a file written by anyone else, or
//! damaged, is not used. The header names this build, the folder's survey taken before the
//! library was loaded (a file that changes meanwhile makes the next survey differ, so the
//! report is made again, never trusted stale) and the identity of the metadata cache file the
//! library came from (a cache made again, or damaged, means a new check, which says so).
//! Nothing is kept when the survey cannot vouch for the folder (see
//! [`crate::domain::fulltext::survey`]) or when the metadata cache could not be used: its
//! warning belongs to that run only.

use std::fs;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Report;
use crate::domain::fulltext::Survey;
use crate::domain::library::{Timings, metadata_cache_file};

/// The file's name in the library's cache folder.
const FILE: &str = "check-v1";
/// What the header starts with; the build's version follows, as a new build may check more.
const MAGIC: &str = "readmore check report 1";
/// The largest file read: a report of a million orphans takes about a tenth of this.
const MAX_BYTES: u64 = 1 << 30;
/// What begins the warning of a metadata cache that could not be used.
const CACHE_NOT_USED: &str = "metadata cache not used";

/// A report kept by an earlier check.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Kept {
    pub(super) report: Report,
    /// How many files that check found (parsed or from the metadata cache).
    pub(super) files: usize,
}

/// The report kept under the cache folder `cache` for the articles folder `root`, when it was
/// made from the folder as `surveyed` finds it now and from the metadata cache there now.
pub(super) fn read(cache: &Path, root: &Path, surveyed: &Survey) -> Option<Kept> {
    let header = header(cache, root, surveyed)?;
    let dir = crate::domain::paths::library_cache_dir(cache, root);
    let bytes = crate::domain::own_files::read_capped(&dir.join(FILE), MAX_BYTES).ok()??;
    let at = bytes.len().checked_sub(blake3::OUT_LEN)?;
    let (signed, checksum) = bytes.split_at(at);
    let checksum = blake3::Hash::from_bytes(checksum.try_into().ok()?);
    // Compared in constant time, as the metadata cache's checksum is.
    if surveyed.key().checksum(signed) != checksum {
        return None;
    }
    let payload = signed.strip_prefix(header.as_bytes())?;
    postcard::from_bytes(payload).ok()
}

/// Keeps `report`, made by a load with `timings` of the folder `surveyed` found, under the
/// cache folder `cache` for the articles folder `root`. Written atomically; a report that
/// cannot be kept is dropped (it only saves time).
pub(super) fn keep(
    cache: &Path,
    root: &Path,
    surveyed: &Survey,
    report: &Report,
    timings: Timings,
) {
    let dir = crate::domain::paths::library_cache_dir(cache, root);
    let cache_trouble = (report.warnings.iter()).any(|w| w.message.starts_with(CACHE_NOT_USED));
    let header = header(cache, root, surveyed).filter(|_| !cache_trouble);
    let Some(header) = header else {
        let _ = fs::remove_file(dir.join(FILE));
        return;
    };
    let kept = KeptRef {
        report,
        files: timings.parsed + timings.reused,
    };
    let Ok(payload) = postcard::to_allocvec(&kept) else {
        return;
    };
    let mut signed = header.into_bytes();
    signed.extend_from_slice(&payload);
    let checksum = surveyed.key().checksum(&signed);
    let written = tempfile::NamedTempFile::new_in(&dir).and_then(|mut file| {
        file.write_all(&signed)?;
        file.write_all(checksum.as_bytes())?;
        file.as_file().sync_all()?;
        file.persist(dir.join(FILE)).map_err(|err| err.error)
    });
    if written.is_err() {
        let _ = fs::remove_file(dir.join(FILE));
    }
}

/// [`Kept`] as written, borrowing the report.
#[derive(Serialize)]
struct KeptRef<'a> {
    report: &'a Report,
    files: usize,
}

/// The header a report kept for the folder as `surveyed` found it must have: `None` when the
/// survey cannot vouch for the folder or there is no metadata cache file.
fn header(cache: &Path, root: &Path, surveyed: &Survey) -> Option<String> {
    let stamp = surveyed.stamp()?;
    let metadata = fs::symlink_metadata(metadata_cache_file(cache, root)).ok()?;
    let identity = [
        metadata.dev(),
        metadata.ino(),
        metadata.size(),
        metadata.mtime() as u64,
        metadata.mtime_nsec() as u64,
        metadata.ctime() as u64,
        metadata.ctime_nsec() as u64,
    ];
    let identity: Vec<String> = identity.iter().map(u64::to_string).collect();
    Some(format!(
        "{MAGIC} {}\n{stamp}\n{}\n",
        env!("CARGO_PKG_VERSION"),
        identity.join(" ")
    ))
}
