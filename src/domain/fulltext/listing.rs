//! Kept folder listings: what a survey found in each folder, kept beside the index and signed
//! with the user's key, so that the next survey need not read a folder again (`getdents64`,
//! which on ext4 rebuilds a tree of the folder's hashed names on every read) while the folder
//! is as it was.
//!
//! A listing is trusted only while the folder's own identity (device, inode, modification and
//! change times in nanoseconds) is the one stated before it was read: adding, removing or
//! renaming an entry changes the folder's times. And it is kept only when those times were
//! settled (older than the survey's settled time, two seconds before it began), since an entry
//! changed in the same tick of the file system's clock as the folder's last change could leave
//! its times as they were. Files themselves are still each stated: writing a file in place
//! changes nothing of its folder.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::domain::library::CacheKey;

/// The listings' file name in the library's cache folder.
pub(super) const FILE: &str = "folder-listings-v1";
/// What the file starts with.
const MAGIC: &[u8] = b"readmore folder listings 1\n";
/// The largest listings file read (a million names take about 12 MB).
const MAX_BYTES: u64 = 256 << 20;
/// The signature's length, at the end of the file.
const SIGNATURE: usize = 32;

/// A folder's identity as stated before its entries were read: device, inode, modification
/// and change times (nanoseconds).
pub(super) type Identity = [i64; 4];

/// What a survey found in one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Listing {
    pub(super) identity: Identity,
    /// The names of its folders, each ending in NUL.
    pub(super) folders: Vec<u8>,
    /// The names of its article files, each ending in NUL.
    pub(super) files: Vec<u8>,
}

/// The listings one survey may trust, and those it takes to keep for the next.
pub(super) struct Listings {
    /// Where they are kept, and the key that signs them; `None` keeps nothing.
    file: Option<(PathBuf, CacheKey)>,
    /// By the folder's path below the root (`/`-separated, empty for the root).
    kept: HashMap<Vec<u8>, Listing>,
    taken: Mutex<Vec<(Vec<u8>, Listing)>>,
    /// Set when a folder was read rather than taken from a kept listing.
    read_afresh: AtomicBool,
}

impl Listings {
    /// No listing trusted, none kept.
    pub(super) fn none() -> Listings {
        Listings {
            file: None,
            kept: HashMap::new(),
            taken: Mutex::new(Vec::new()),
            read_afresh: AtomicBool::new(false),
        }
    }

    /// The listings kept in `file`, trusted when signed with `key`; an unreadable, foreign or
    /// damaged file holds none.
    pub(super) fn kept_in(file: PathBuf, key: CacheKey) -> Listings {
        let bytes = crate::domain::own_files::read_capped(&file, MAX_BYTES);
        let kept = (bytes.ok().flatten())
            .and_then(|bytes| decode(&bytes, key))
            .unwrap_or_default();
        Listings {
            file: Some((file, key)),
            kept,
            ..Listings::none()
        }
    }

    /// The kept listing of the folder at `relative`, if it has `identity` still.
    pub(super) fn trusted(&self, relative: &[u8], identity: &Identity) -> Option<&Listing> {
        (self.kept.get(relative)).filter(|listing| listing.identity == *identity)
    }

    /// Keeps `listing` of the folder at `relative` for the next survey: `read` when the folder
    /// was read now rather than taken from a kept listing.
    pub(super) fn take(&self, relative: &[u8], listing: &Listing, read: bool) {
        if self.file.is_none() {
            return;
        }
        if read {
            self.read_afresh.store(true, Ordering::Relaxed);
        }
        let mut taken = self.taken.lock().unwrap_or_else(|err| err.into_inner());
        taken.push((relative.to_vec(), listing.clone()));
    }

    /// Notes that a folder was read and not kept (its times were not settled).
    pub(super) fn read_unkept(&self) {
        self.read_afresh.store(true, Ordering::Relaxed);
    }

    /// Writes the listings taken when they differ from those kept (atomically; a listing that
    /// cannot be written only costs the next survey its folder reads).
    pub(super) fn save(self) {
        let Some((file, key)) = self.file else {
            return;
        };
        let taken = self
            .taken
            .into_inner()
            .unwrap_or_else(|err| err.into_inner());
        if !self.read_afresh.into_inner() && taken.len() == self.kept.len() {
            return;
        }
        let _ = write(&file, key, &taken);
    }
}

/// The file `FILE` in the library's cache folder `dir`.
pub(super) fn file_in(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// Writes `listings` to `file`, signed with `key`, atomically.
fn write(file: &Path, key: CacheKey, listings: &[(Vec<u8>, Listing)]) -> std::io::Result<()> {
    let mut bytes = MAGIC.to_vec();
    for (relative, listing) in listings {
        put(&mut bytes, relative);
        for field in listing.identity {
            bytes.extend_from_slice(&field.to_le_bytes());
        }
        put(&mut bytes, &listing.folders);
        put(&mut bytes, &listing.files);
    }
    let signature = key.checksum(&bytes);
    bytes.extend_from_slice(signature.as_bytes());
    // Into the library's cache folder as loading made it: none is made here.
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(&bytes)?;
    temp.persist(file).map_err(|err| err.error)?;
    Ok(())
}

/// Appends `part` with its length before it.
fn put(bytes: &mut Vec<u8>, part: &[u8]) {
    let length = u32::try_from(part.len()).unwrap_or(u32::MAX);
    bytes.extend_from_slice(&length.to_le_bytes());
    bytes.extend_from_slice(part);
}

/// The listings in `bytes` when signed with `key` and whole.
fn decode(bytes: &[u8], key: CacheKey) -> Option<HashMap<Vec<u8>, Listing>> {
    let body = bytes.get(..bytes.len().checked_sub(SIGNATURE)?)?;
    let signature = bytes.get(body.len()..)?;
    if key.checksum(body).as_bytes() != signature {
        return None;
    }
    let mut rest = body.strip_prefix(MAGIC)?;
    let mut listings = HashMap::new();
    while !rest.is_empty() {
        let relative = take(&mut rest)?.to_vec();
        let mut identity = [0; 4];
        for field in &mut identity {
            let (number, after) = rest.split_first_chunk::<8>()?;
            *field = i64::from_le_bytes(*number);
            rest = after;
        }
        let folders = take(&mut rest)?.to_vec();
        let files = take(&mut rest)?.to_vec();
        let names_end_in_nul = |names: &[u8]| names.is_empty() || names.ends_with(&[0]);
        if !names_end_in_nul(&folders) || !names_end_in_nul(&files) {
            return None;
        }
        let listing = Listing {
            identity,
            folders,
            files,
        };
        listings.insert(relative, listing);
    }
    Some(listings)
}

/// Takes one length-prefixed part from the front of `rest`.
fn take<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let (length, after) = rest.split_first_chunk::<4>()?;
    let length = usize::try_from(u32::from_le_bytes(*length)).ok()?;
    let part = after.get(..length)?;
    *rest = &after[length..];
    Some(part)
}

/// Each NUL-ended name in `names`, with its NUL.
pub(super) fn names(names: &[u8]) -> impl Iterator<Item = &std::ffi::CStr> {
    names
        .split_inclusive(|byte| *byte == 0)
        .filter_map(|name| std::ffi::CStr::from_bytes_with_nul(name).ok())
}

#[cfg(test)]
impl Listings {
    /// The folders whose listings are kept, by path below the root.
    pub(super) fn kept_folders(&self) -> Vec<&[u8]> {
        let mut folders: Vec<&[u8]> = self.kept.keys().map(Vec::as_slice).collect();
        folders.sort_unstable();
        folders
    }

    /// Writes the kept listings, each changed by `change`, to `file` signed with `key`.
    pub(super) fn write_changed(
        &self,
        file: &Path,
        key: CacheKey,
        change: impl Fn(&[u8], &mut Listing),
    ) {
        let mut listings: Vec<(Vec<u8>, Listing)> = self.kept.clone().into_iter().collect();
        for (relative, listing) in &mut listings {
            change(relative, listing);
        }
        write(file, key, &listings).unwrap();
    }
}
