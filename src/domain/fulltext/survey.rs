//! The survey: the state of an articles folder's files as one digest, taken without loading
//! the library, so that a record of something made from the folder (the full-text index, the
//! kept `check` report) can be trusted only while the folder is as it was.
//!
//! Each article file counts by its display path and its identity as the metadata cache
//! compares it (device, inode, size, modification and change times, in nanoseconds). Writing a
//! file in place changes its change time even when size and modification time are kept, so no
//! rewrite goes unseen; adding, removing or renaming changes the paths. Nothing is vouched for
//! when a file changed in the last two seconds (a second write in the same tick of the file
//! system's clock could keep its times), when the folder holds a symbolic link (its target can
//! change under an unchanged link) or a name the display path shows differently (records know
//! only display paths), or when anything could not be read.
//!
//! It is the whole cost of a search the index answers (one `statx` per file), so it is taken
//! the cheapest way the kernel offers: each folder read with `getdents64` into one buffer (or
//! its names taken from the listing kept since, while the folder's own times say no entry was
//! added, removed or renamed: see [`super::listing`]) and each file stated relative to its open
//! folder, with nothing allocated per file, on every core (a folder's files split in chunks,
//! folders side by side). Each file's hash is added up, so the order the threads finish in
//! does not matter.

use std::cell::RefCell;
use std::ffi::CStr;
use std::mem::MaybeUninit;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags, RawDir, Statx, StatxFlags};
use xxhash_rust::xxh3::xxh3_128;

use super::listing::{self, Identity, Listing, Listings};
use crate::domain::library::{CacheKey, LoadOptions, is_article_file};
use crate::domain::sanitize::visible_name;

/// Files changed this recently (in nanoseconds) before the survey are not vouched for.
const RACY_NS: i64 = 2_000_000_000;
/// Bytes of folder entries read by one `getdents64`.
const ENTRIES_BUFFER: usize = 64 << 10;
/// Files a thread states before another thread may take the rest of the folder.
pub(super) const CHUNK: usize = 512;
/// What a survey asks `statx` for: the identity, and the type to tell a regular file.
const WANTED: StatxFlags = StatxFlags::TYPE
    .union(StatxFlags::INO)
    .union(StatxFlags::SIZE)
    .union(StatxFlags::MTIME)
    .union(StatxFlags::CTIME);

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
    survey_settled(root, options, now_ns() - RACY_NS, Listings::none())
}

/// [`survey`], reading again only the folders changed since the listings kept in the cache
/// folder `cache` were taken, and keeping what it reads there for the next survey.
pub fn survey_keeping(root: &Path, options: LoadOptions, cache: &Path) -> Survey {
    let dir = crate::domain::paths::library_cache_dir(cache, root);
    let listings = Listings::kept_in(listing::file_in(&dir), options.cache_key);
    survey_settled(root, options, now_ns() - RACY_NS, listings)
}

/// [`survey`], vouching only for files (and keeping listings only of folders) last changed at
/// or before `settled`, and trusting the kept `listings`.
pub(super) fn survey_settled(
    root: &Path,
    options: LoadOptions,
    settled: i64,
    listings: Listings,
) -> Survey {
    let tally = Tally {
        settled,
        sum: Mutex::new((0, 0)),
        failed: AtomicBool::new(false),
        listings,
    };
    let opened = open_folder(CWD, root, OFlags::empty());
    match opened {
        Ok(fd) => rayon::scope(|scope| visit(scope, &tally, fd, Vec::new())),
        Err(_) => tally.fail(),
    }
    let (sum, files) = tally
        .sum
        .into_inner()
        .unwrap_or_else(|err| err.into_inner());
    let failed = tally.failed.into_inner();
    if !failed {
        tally.listings.save();
    }
    let digest = (!failed).then(|| {
        let settings = settings(options);
        let mut whole = Vec::with_capacity(settings.len() + 24);
        whole.extend_from_slice(settings.as_bytes());
        whole.extend_from_slice(&sum.to_le_bytes());
        whole.extend_from_slice(&files.to_le_bytes());
        xxh3_128(&whole)
    });
    Survey {
        digest,
        key: options.cache_key,
    }
}

/// What the threads of one survey add up.
struct Tally {
    /// Files changed after this are not vouched for.
    settled: i64,
    /// The wrapping sum of every file's hash, and how many files.
    sum: Mutex<(u128, u64)>,
    /// Set at the first thing that cannot be vouched for: every thread then stops.
    failed: AtomicBool,
    /// The folders' kept listings, and those taken now.
    listings: Listings,
}

impl Tally {
    fn fail(&self) {
        self.failed.store(true, Ordering::Relaxed);
    }

    fn has_failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    fn add(&self, sum: u128, files: u64) {
        let mut total = self.sum.lock().unwrap_or_else(|err| err.into_inner());
        total.0 = total.0.wrapping_add(sum);
        total.1 += files;
    }
}

/// One open folder's article files: their names, each ending in NUL, one after the other.
struct Folder {
    fd: OwnedFd,
    /// The folder's path below the root, `/`-separated (empty for the root).
    relative: Vec<u8>,
    names: Vec<u8>,
    /// Where each name starts in `names`.
    starts: Vec<usize>,
}

impl Folder {
    fn name(&self, at: usize) -> &CStr {
        let end = self.starts.get(at + 1).copied().unwrap_or(self.names.len());
        // Each name was copied from a directory entry with its NUL, and holds no other.
        CStr::from_bytes_with_nul(&self.names[self.starts[at]..end]).unwrap_or_default()
    }
}

/// Reads the folder open as `fd` (at `relative` below the root): its folders are visited on
/// other tasks, its article files stated in chunks that other threads may take.
fn visit<'s>(scope: &rayon::Scope<'s>, tally: &'s Tally, fd: OwnedFd, relative: Vec<u8>) {
    if tally.has_failed() {
        return;
    }
    let Some(folder) = list(scope, tally, fd, relative) else {
        tally.fail();
        return;
    };
    let files = folder.starts.len();
    let folder = Arc::new(folder);
    for start in (CHUNK..files).step_by(CHUNK) {
        let folder = Arc::clone(&folder);
        scope.spawn(move |_| state_files(tally, &folder, start..files.min(start + CHUNK)));
    }
    state_files(tally, &folder, 0..files.min(CHUNK));
}

/// The article files of the folder open as `fd`, each folder in it handed to a new task: from
/// its kept listing while the folder is as it was then, else read now (and kept when settled).
/// `None` when something in it cannot be vouched for.
fn list<'s>(
    scope: &rayon::Scope<'s>,
    tally: &'s Tally,
    fd: OwnedFd,
    relative: Vec<u8>,
) -> Option<Folder> {
    // Stated before the entries are read: a change while they are read changes the times
    // kept with them, and the next survey reads the folder again.
    let identity = identity(&fd).ok()?;
    let mut folder = Folder {
        fd,
        relative,
        names: Vec::new(),
        starts: Vec::new(),
    };
    if let Some(kept) = tally.listings.trusted(&folder.relative, &identity) {
        for name in listing::names(&kept.folders) {
            visit_inner(scope, tally, &folder, name)?;
        }
        for name in listing::names(&kept.files) {
            folder.starts.push(folder.names.len());
            folder.names.extend_from_slice(name.to_bytes_with_nul());
        }
        tally.listings.take(&folder.relative, kept, false);
        return Some(folder);
    }
    thread_local! {
        /// Each thread's buffer for folder entries, kept across the folders it reads.
        static BUFFER: RefCell<Vec<MaybeUninit<u8>>> =
            RefCell::new(vec![MaybeUninit::uninit(); ENTRIES_BUFFER]);
    }
    let mut folders = Vec::new();
    BUFFER
        .with_borrow_mut(|buffer| read_entries(scope, tally, &mut folder, &mut folders, buffer))?;
    if identity[2].max(identity[3]) <= tally.settled {
        let listing = Listing {
            identity,
            folders,
            files: folder.names.clone(),
        };
        tally.listings.take(&folder.relative, &listing, true);
    } else {
        tally.listings.read_unkept();
    }
    Some(folder)
}

/// Opens the folder `name` in `folder` and hands it to a new task.
fn visit_inner<'s>(
    scope: &rayon::Scope<'s>,
    tally: &'s Tally,
    folder: &Folder,
    name: &CStr,
) -> Option<()> {
    let inner = open_folder(&folder.fd, name, OFlags::NOFOLLOW).ok()?;
    let mut path = folder.relative.clone();
    push_name(&mut path, name.to_bytes());
    scope.spawn(move |scope| visit(scope, tally, inner, path));
    Some(())
}

/// The identity of the folder open as `fd`, as [`Listing`] keeps it.
fn identity(fd: &OwnedFd) -> rustix::io::Result<Identity> {
    let wanted = StatxFlags::INO | StatxFlags::MTIME | StatxFlags::CTIME;
    let stat = rustix::fs::statx(fd, c"", AtFlags::EMPTY_PATH, wanted)?;
    if stat.stx_mask & wanted.bits() != wanted.bits() {
        return Err(rustix::io::Errno::NOSYS);
    }
    let [device, inode, _, modified, changed] = key(&stat);
    Ok([device, inode, modified, changed])
}

/// Reads the entries of `folder` into it, each folder in it handed to a new task and its name
/// (ending in NUL) added to `folders`.
fn read_entries<'s>(
    scope: &rayon::Scope<'s>,
    tally: &'s Tally,
    folder: &mut Folder,
    folders: &mut Vec<u8>,
    buffer: &mut [MaybeUninit<u8>],
) -> Option<()> {
    let mut entries = RawDir::new(&folder.fd, buffer);
    while let Some(entry) = entries.next() {
        let entry = entry.ok()?;
        let name = entry.file_name();
        let bytes = name.to_bytes();
        // Hidden names (and `.`, `..`) are never loaded.
        if bytes.first() == Some(&b'.') {
            continue;
        }
        if !is_shown_as_is(bytes) {
            return None;
        }
        let kind = match entry.file_type() {
            FileType::Unknown => {
                FileType::from_raw_mode(state(&folder.fd, name).ok()?.stx_mode.into())
            }
            kind => kind,
        };
        match kind {
            FileType::Symlink => return None,
            FileType::Directory => {
                visit_inner(scope, tally, folder, name)?;
                folders.extend_from_slice(name.to_bytes_with_nul());
            }
            _ if is_article_file(Path::new(std::ffi::OsStr::from_bytes(bytes))) => {
                folder.starts.push(folder.names.len());
                folder.names.extend_from_slice(name.to_bytes_with_nul());
            }
            _ => {}
        }
    }
    Some(())
}

/// States the files `range` of `folder` and adds them to the tally: each file's hash is of its
/// path and its key.
fn state_files(tally: &Tally, folder: &Folder, range: std::ops::Range<usize>) {
    let mut sum = 0u128;
    let mut hashed = folder.relative.clone();
    let length = hashed.len();
    for at in range.clone() {
        if tally.has_failed() {
            return;
        }
        let name = folder.name(at);
        let key = state(&folder.fd, name)
            .ok()
            .filter(|stat| FileType::from_raw_mode(stat.stx_mode.into()) == FileType::RegularFile)
            .filter(|stat| stat.stx_mask & WANTED.bits() == WANTED.bits())
            .map(|stat| key(&stat))
            .filter(|key| key[3].max(key[4]) <= tally.settled);
        let Some(key) = key else {
            tally.fail();
            return;
        };
        hashed.truncate(length);
        push_name(&mut hashed, name.to_bytes());
        hashed.push(0);
        for field in key {
            hashed.extend_from_slice(&field.to_le_bytes());
        }
        sum = sum.wrapping_add(xxh3_128(&hashed));
    }
    tally.add(sum, range.len() as u64);
}

/// The file `name` in the folder open as `dir`, not following a link.
fn state(dir: &OwnedFd, name: &CStr) -> rustix::io::Result<Statx> {
    rustix::fs::statx(dir, name, AtFlags::SYMLINK_NOFOLLOW, WANTED)
}

/// Opens the folder `path` (relative to `dir`) to read its entries.
fn open_folder<P: rustix::path::Arg, D: std::os::fd::AsFd>(
    dir: D,
    path: P,
    flags: OFlags,
) -> rustix::io::Result<OwnedFd> {
    let flags = flags | OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    rustix::fs::openat(dir, path, flags, Mode::empty())
}

/// Whether a file name is its own display name (most are plain printable ASCII).
fn is_shown_as_is(name: &[u8]) -> bool {
    let plain = |byte: &u8| (b' '..=b'~').contains(byte) && *byte != b'\\';
    name.iter().all(plain) || visible_name(name).as_bytes() == name
}

/// Appends `/name` to `relative` (`name` alone when it is empty).
fn push_name(relative: &mut Vec<u8>, name: &[u8]) {
    if !relative.is_empty() {
        relative.push(b'/');
    }
    relative.extend_from_slice(name);
}

/// What identifies one version of a file, as the metadata cache compares it.
fn key(stat: &Statx) -> [i64; 5] {
    let ns = |time: rustix::fs::StatxTimestamp| {
        time.tv_sec
            .saturating_mul(1_000_000_000)
            .saturating_add(i64::from(time.tv_nsec))
    };
    let device = (u64::from(stat.stx_dev_major) << 32) | u64::from(stat.stx_dev_minor);
    // Device and inode numbers are compared, never computed with: reinterpreting is exact.
    [
        device as i64,
        stat.stx_ino as i64,
        i64::try_from(stat.stx_size).unwrap_or(i64::MAX),
        ns(stat.stx_mtime),
        ns(stat.stx_ctime),
    ]
}

/// The options that decide what loading makes of a file.
fn settings(options: LoadOptions) -> String {
    format!(
        "{} {:?} {:?}",
        options.max_article_bytes, options.follow_symlinks, options.decoding
    )
}

/// The time now in nanoseconds since the Unix epoch, as file times are kept.
fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_nanos()).unwrap_or(i64::MAX)
        })
}
