//! Reading a folder from disk: walking it, reading and parsing every article file.

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::CacheKey;
use super::cache::{Cache, Key, Outcome, Record};
use super::read::scan_article;
use super::{
    Entry, Library, MAX_ARTICLES, Report, Skipped, Timings, Warning, display_path, is_article_file,
    is_hidden, is_visible,
};
use crate::domain::article::Decoding;

/// Default for [`LoadOptions::max_article_bytes`]: larger files are skipped unread.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// How to load a folder.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub max_article_bytes: u64,
    pub follow_symlinks: FollowSymlinks,
    /// How files that are not UTF-8 are read.
    pub decoding: Decoding,
    /// The key of the metadata cache's checksum: the user's ([`CacheKey::kept_in`]) for a
    /// cache kept between runs.
    pub cache_key: CacheKey,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            follow_symlinks: FollowSymlinks::default(),
            decoding: Decoding::default(),
            cache_key: CacheKey::default(),
        }
    }
}

/// Which symbolic links to article files are read (links to folders are never followed; the
/// articles folder itself may be one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FollowSymlinks {
    /// Only links whose target lies inside the articles folder: a planted
    /// `x.txt -> /proc/self/environ` or `-> ~/.ssh/id_rsa` must not put secrets on screen.
    #[default]
    Inside,
    /// Every link to a regular file, wherever it lies.
    Always,
    /// No link at all.
    Never,
}

/// A fatal loading problem: there is no library to show.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: articles folder not found")]
    NotFound { path: String },
    #[error("{path}: not a folder")]
    NotAFolder { path: String },
    #[error("{path}: cannot read articles folder: {error}")]
    Unreadable { path: String, error: std::io::Error },
    #[error("{path}: {count} article files, more than the {MAX_ARTICLES} readmore can hold")]
    TooManyArticles { path: String, count: usize },
}

/// Fails when `count` article files are more than a library can give ids to
/// ([`MAX_ARTICLES`]): checked before reading any of them.
pub(super) fn within_limit(root: &Path, count: usize) -> Result<(), LoadError> {
    if count > MAX_ARTICLES {
        return Err(LoadError::TooManyArticles {
            path: root.display().to_string(),
            count,
        });
    }
    Ok(())
}

impl Library {
    /// Loads every `*.txt` file below `root`, reading every file (no cache).
    pub fn load(root: &Path, options: LoadOptions) -> Result<Self, LoadError> {
        Self::load_with_progress(root, options, &AtomicUsize::new(0))
    }

    /// Fails unless `root` is a readable folder: the fatal cases, checked before any UI starts.
    pub fn check_root(root: &Path) -> Result<(), LoadError> {
        let display = root.display().to_string();
        let metadata = std::fs::metadata(root).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound {
                path: display.clone(),
            },
            _ => LoadError::Unreadable {
                path: display.clone(),
                error: source,
            },
        })?;
        if !metadata.is_dir() {
            return Err(LoadError::NotAFolder { path: display });
        }
        std::fs::read_dir(root).map_err(|error| LoadError::Unreadable {
            path: display,
            error,
        })?;
        Ok(())
    }

    /// Like [`Library::load`], counting files read in `progress` as it goes, so that a UI can
    /// show how far a large library has got.
    pub fn load_with_progress(
        root: &Path,
        options: LoadOptions,
        progress: &AtomicUsize,
    ) -> Result<Self, LoadError> {
        Self::load_with_cache(root, options, None, progress)
    }

    /// Like [`Library::load_with_progress`], keeping what it learns about each file in the
    /// metadata cache under the cache folder `cache` (see [`super::cache`]), so that the next
    /// start reads only files that changed. A cache that cannot be read or written is a
    /// warning in [`Library::warnings`], never an error; `None` reads every file.
    pub fn load_with_cache(
        root: &Path,
        options: LoadOptions,
        cache: Option<&Path>,
        progress: &AtomicUsize,
    ) -> Result<Self, LoadError> {
        let Records {
            files,
            done,
            mut skipped,
            mut warnings,
            discovered,
            inside,
            started,
        } = records(root, options, cache, progress)?;
        let mut read = sort_out(files, done);
        warnings.append(&mut read.warnings);
        skipped.extend(read.skipped);
        let load = started.elapsed();

        let started = Instant::now();
        let library = Self::from_entries(read.entries);
        let report = Report {
            skipped,
            warnings,
            discovered,
            timings: Timings {
                load,
                index: started.elapsed(),
                parsed: read.parsed,
                reused: read.reused,
            },
        };
        Ok(library.with_report((root.to_path_buf(), inside), options, report))
    }
}

impl Library {
    /// The library as the metadata cache under `cache` last saw `root`, without walking the
    /// folder or reading a file: what a reader can show at once while
    /// [`Library::stale_paths`] finds what changed since. `None` when there is no usable
    /// cache (absent, damaged, made with other options, or naming a path no walk would give),
    /// in which case [`Library::load_with_cache`] is the way.
    pub fn load_cached(root: &Path, options: LoadOptions, cache: &Path) -> Option<Self> {
        Self::check_root(root).ok()?;
        let started = Instant::now();
        let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let cache = Cache::new(cache, &inside, options);
        if cache.is_below(&inside) {
            return None;
        }
        let records = cache.read(0).ok().filter(|records| !records.is_empty())?;
        // The cache is untrusted: a path must be one the walk could have found.
        let files: Vec<(PathBuf, String)> = (records.iter())
            .map(|record| {
                let relative = Path::new(std::ffi::OsStr::from_bytes(&record.path));
                (is_visible(relative) && is_article_file(relative)).then(|| {
                    let path = root.join(relative);
                    let display = display_path(root, &path);
                    (path, display)
                })
            })
            .collect::<Option<_>>()?;
        within_limit(root, files.len()).ok()?;
        let how = vec![
            How {
                cacheable: true,
                reused: true,
            };
            records.len()
        ];
        let read = sort_out(files, Done { records, how });
        let load = started.elapsed();
        let started = Instant::now();
        let library = Self::from_entries(read.entries);
        let report = Report {
            skipped: read.skipped,
            warnings: read.warnings,
            discovered: 0,
            timings: Timings {
                load,
                index: started.elapsed(),
                parsed: read.parsed,
                reused: read.reused,
            },
        };
        Some(library.with_report((root.to_path_buf(), inside), options, report))
    }
}

impl Library {
    /// What changed in the folder since this library was taken from the metadata cache
    /// ([`Library::load_cached`]): the files written, added or removed since, as absolute
    /// paths for a reload to read again. Walks the folder and reads the changed files as a
    /// load does, and brings the cache up to date, so the next start finds them there.
    pub fn stale_paths(&self, cache: &Path) -> Result<Vec<PathBuf>, LoadError> {
        let progress = AtomicUsize::new(0);
        let walked = records(&self.root, self.options, Some(cache), &progress)?;
        let mut stale: Vec<PathBuf> = (walked.files.iter().zip(&walked.done.how))
            .filter(|(_, how)| !how.reused)
            .map(|((path, _), _)| path.clone())
            .collect();
        let mut found: Vec<&str> = walked
            .files
            .iter()
            .map(|(_, display)| display.as_str())
            .collect();
        found.sort_unstable();
        stale.extend(
            self.ids()
                .filter(|&id| found.binary_search(&self.get(id).path.as_str()).is_err())
                .map(|id| self.file(id)),
        );
        Ok(stale)
    }
}

/// What a walk of the folder and its files gave, before it becomes a library.
struct Records {
    files: Vec<(PathBuf, String)>,
    done: Done,
    skipped: Vec<Skipped>,
    warnings: Vec<Warning>,
    discovered: usize,
    inside: PathBuf,
    started: Instant,
}

/// Walks `root` and takes each file from the metadata cache under `cache` while it is
/// unchanged, else reads it; rewrites the cache when anything changed.
fn records(
    root: &Path,
    options: LoadOptions,
    cache: Option<&Path>,
    progress: &AtomicUsize,
) -> Result<Records, LoadError> {
    Library::check_root(root)?;
    let started = Instant::now();
    let walk_ns = now_ns();
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    discover(root, &mut files, &mut skipped);
    within_limit(root, files.len())?;
    let discovered = skipped.len();
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());

    let cache = cache.map(|dir| Cache::new(dir, &inside, options));
    let cache_display = cache.as_ref().map(Cache::display).unwrap_or_default();
    // At most one warning about the cache: what went wrong last.
    let mut problem = None;
    // The articles folder is never written, not even when the cache folder is inside it.
    let cache = cache.filter(|cache| {
        let inside_articles = cache.is_below(&inside);
        if inside_articles {
            problem = Some("it would be inside the articles folder".to_owned());
        }
        !inside_articles
    });
    let mut warnings = Vec::new();
    let previous = match &cache {
        Some(cache) => cache.read(files.len()).unwrap_or_else(|message| {
            problem = Some(format!("{message}; it is made again"));
            Vec::new()
        }),
        None => Vec::new(),
    };
    let known = previous.len();
    let done = read_all(root, &inside, &files, options, progress, previous);
    if let Some(cache) = &cache {
        // A file whose key cannot tell a change (a symbolic link, one written just now) is
        // kept with a key no file has: shown from the cache at the next start, and read again.
        let trusted =
            |(record, how): (&Record, &How)| how.cacheable && !record.key.is_racy(walk_ns);
        let unsure: Vec<Record> = (done.records.iter().zip(&done.how))
            .filter(|&pair| !trusted(pair))
            .map(|(record, _)| Record {
                key: Key::default(),
                ..record.clone()
            })
            .collect();
        let mut unsure_ones = unsure.iter();
        let keep: Vec<&Record> = (done.records.iter().zip(&done.how))
            .filter_map(|pair| {
                if trusted(pair) {
                    Some(pair.0)
                } else {
                    unsure_ones.next()
                }
            })
            .collect();
        let same = keep.len() == known && (done.how.iter()).all(|how| how.reused || !how.cacheable);
        if !same && let Err(err) = cache.write(keep) {
            problem = Some(format!(
                "cannot write it ({err}); every start reads every file"
            ));
        }
    }
    warnings.extend(problem.map(|message| Warning {
        path: cache_display.clone(),
        message: format!("metadata cache not used: {message}"),
    }));
    Ok(Records {
        files,
        done,
        skipped,
        warnings,
        discovered,
        inside,
        started,
    })
}

/// The time now in nanoseconds since the Unix epoch, as file times are kept.
fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_nanos()).unwrap_or(i64::MAX)
        })
}

/// Collects the `*.txt` files below `root` in sorted path order, skipping hidden names.
///
/// Symbolic links to folders are not followed (they could loop or leave the articles folder)
/// and are reported as skipped; `root` itself, the folder the user named, may be one. Whether
/// a symbolic link to a file is read is decided when reading ([`FollowSymlinks`]).
fn discover(root: &Path, files: &mut Vec<(PathBuf, String)>, skipped: &mut Vec<Skipped>) {
    discover_below(root, root, files, skipped);
}

/// Like [`discover`] for `start`, a file or folder below `root` (or `root` itself): collects
/// what a walk of all of `root` would collect there. A missing `start` gives nothing.
pub(super) fn discover_below(
    root: &Path,
    start: &Path,
    files: &mut Vec<(PathBuf, String)>,
    skipped: &mut Vec<Skipped>,
) {
    let walker = walkdir::WalkDir::new(start)
        .follow_links(false)
        // The root may be a symbolic link to a folder; anything below it is not followed.
        .follow_root_links(start == root)
        // Siblings share their folder's path, so comparing whole paths orders them by name,
        // without taking each name apart again at every comparison.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for item in walker {
        let entry = match item {
            Ok(entry) => entry,
            Err(err) => {
                let gone = err
                    .io_error()
                    .is_some_and(|err| err.kind() == std::io::ErrorKind::NotFound);
                // A start that is gone holds nothing (for the root: it went after loading).
                if err.depth() == 0 && gone {
                    continue;
                }
                let path = err
                    .path()
                    .map_or_else(String::new, |p| display_path(root, p));
                let reason = err
                    .io_error()
                    .map_or_else(|| err.to_string(), ToString::to_string);
                skipped.push(Skipped { path, reason });
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() || (entry.depth() == 0 && start == root) {
            continue;
        }
        if entry.file_type().is_symlink() && std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            skipped.push(Skipped {
                path: display_path(root, path),
                reason: "symbolic link to a folder (not followed)".to_owned(),
            });
            continue;
        }
        if is_article_file(path) {
            files.push((path.to_path_buf(), display_path(root, path)));
        }
    }
}

/// The files of a load or reload, read: entries, files skipped, warnings, in file order, and
/// how many files were parsed or came from the cache.
pub(super) struct Read {
    pub(super) entries: Vec<Entry>,
    pub(super) skipped: Vec<Skipped>,
    pub(super) warnings: Vec<Warning>,
    pub(super) parsed: usize,
    pub(super) reused: usize,
}

/// Reads and parses `files` (path, display path) below `root` on every core, sorting out the
/// results.
pub(super) fn read_files(
    root: &Path,
    files: Vec<(PathBuf, String)>,
    options: LoadOptions,
    progress: &AtomicUsize,
) -> Read {
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let done = read_all(root, &inside, &files, options, progress, Vec::new());
    sort_out(files, done)
}

/// The files of a load, each read or taken from the cache, in file order.
struct Done {
    records: Vec<Record>,
    /// How each record came.
    how: Vec<How>,
}

/// How a record of [`Done`] came.
#[derive(Clone, Copy)]
struct How {
    /// Whether the outcome depends only on the file's bytes, so that its key tells when it
    /// changes: a regular file (not a link), read or refused for its content.
    cacheable: bool,
    /// Taken from the cache, unread.
    reused: bool,
}

/// Loads `files` on every core, in the same order: from `previous` (the cached records) when
/// a regular file's key still matches, else by reading it. Done in place in one vector of
/// records, which for a large library is most of the memory a start takes.
fn read_all(
    root: &Path,
    inside: &Path,
    files: &[(PathBuf, String)],
    options: LoadOptions,
    progress: &AtomicUsize,
    previous: Vec<Record>,
) -> Done {
    let root_bytes = root.as_os_str().as_encoded_bytes();
    let relative = |path: &Path| -> Vec<u8> {
        let bytes = path.as_os_str().as_encoded_bytes();
        let below = bytes.strip_prefix(root_bytes).unwrap_or(bytes);
        below.strip_prefix(b"/").unwrap_or(below).to_vec()
    };
    let relatives: Vec<Vec<u8>> = files.iter().map(|(path, _)| relative(path)).collect();
    let mut slots = align(&relatives, previous);
    let how = (slots.par_iter_mut().zip(files).zip(relatives))
        .map(|((slot, (path, _)), relative)| {
            let still = slot.as_ref().is_some_and(|record| {
                std::fs::symlink_metadata(path)
                    .is_ok_and(|now| now.file_type().is_file() && Key::of(&now) == record.key)
            });
            let how = if still {
                How {
                    cacheable: true,
                    reused: true,
                }
            } else {
                let (record, cacheable) = read_one(relative, inside, options);
                *slot = Some(record);
                How {
                    cacheable,
                    reused: false,
                }
            };
            progress.fetch_add(1, Ordering::Relaxed);
            how
        })
        .collect();
    let records = slots
        .into_iter()
        .map(|slot| slot.expect("every slot filled"))
        .collect();
    Done { records, how }
}

/// The record of `previous` for each of the files at `relatives`, if it has one. Both are in
/// walk order, so nearly every file's record is the next one (and when nothing was added or
/// removed, `previous` is the answer as it is); a lookup table is built only when a file was
/// added or removed.
fn align(relatives: &[Vec<u8>], previous: Vec<Record>) -> Vec<Option<Record>> {
    let same = previous.len() == relatives.len()
        && (previous.iter().zip(relatives)).all(|(record, relative)| &record.path == relative);
    let mut previous: Vec<Option<Record>> = previous.into_iter().map(Some).collect();
    if same {
        return previous;
    }
    let mut table: Option<HashMap<Vec<u8>, usize>> = None;
    let mut next = 0;
    let mut aligned = Vec::with_capacity(relatives.len());
    for relative in relatives {
        let in_order = previous
            .get(next)
            .and_then(Option::as_ref)
            .is_some_and(|record| &record.path == relative);
        let at = if in_order {
            Some(next)
        } else {
            let table = table.get_or_insert_with(|| {
                (previous.iter().enumerate())
                    .filter_map(|(at, record)| Some((record.as_ref()?.path.clone(), at)))
                    .collect()
            });
            table.get(relative).copied()
        };
        let record = at.and_then(|at| {
            next = at + 1;
            previous[at].take()
        });
        aligned.push(record);
    }
    aligned
}

/// Reads and parses one file into a record, and whether that can be cached.
fn read_one(relative: Vec<u8>, inside: &Path, options: LoadOptions) -> (Record, bool) {
    let (outcome, key) = match scan_article(inside, &relative, options) {
        Ok(read) => {
            let outcome = Outcome::Article {
                hash: read.hash,
                title: read.title,
                links: read.links,
                size: read.key.size,
                warning: read.warning,
            };
            (outcome, (!read.through_link).then_some(read.key))
        }
        Err(failure) => (
            Outcome::Skipped {
                reason: failure.reason,
            },
            failure.key,
        ),
    };
    let record = Record {
        path: relative,
        key: key.unwrap_or_default(),
        outcome,
    };
    (record, key.is_some())
}

/// Turns the loaded `files` into entries, skipped files and warnings, in file order.
fn sort_out(files: Vec<(PathBuf, String)>, done: Done) -> Read {
    let mut read = Read {
        entries: Vec::with_capacity(files.len()),
        skipped: Vec::new(),
        warnings: Vec::new(),
        parsed: 0,
        reused: 0,
    };
    for (((_, path), record), how) in files.into_iter().zip(done.records).zip(done.how) {
        if how.reused {
            read.reused += 1;
        } else {
            read.parsed += 1;
        }
        match record.outcome {
            Outcome::Article {
                title,
                links,
                hash,
                size,
                warning,
            } => {
                if let Some(message) = warning {
                    read.warnings.push(Warning {
                        path: path.clone(),
                        message,
                    });
                }
                let relative = record.path;
                read.entries.push(Entry::from_parts(
                    path, &relative, title, &links, size, hash,
                ));
            }
            Outcome::Skipped { reason } => read.skipped.push(Skipped { path, reason }),
        }
    }
    read
}

#[cfg(test)]
mod tests;
