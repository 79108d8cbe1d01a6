//! Walking a folder and reading its article files, each taken from the metadata cache while
//! its file is unchanged; what a load, a reload and the search for stale files share.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::cache::{Cache, Key, Outcome, Record, resolve};
use super::entry::{Entries, Slot, Texts};
use super::index::Resolved;
use super::options::within_limit;
use super::read::scan_article;
use super::{
    Library, LoadError, LoadOptions, Skipped, Warning, display_path, is_article_file, is_hidden,
};

/// What a walk of the folder and its files gave, before it becomes a library.
pub(super) struct Records {
    pub(super) files: Vec<(PathBuf, String)>,
    pub(super) done: Done,
    /// The links of the articles among `done`'s records, resolved.
    pub(super) resolved: Resolved,
    pub(super) skipped: Vec<Skipped>,
    pub(super) warnings: Vec<Warning>,
    pub(super) discovered: usize,
    pub(super) inside: PathBuf,
    pub(super) started: Instant,
}

/// Walks `root` and takes each file from the metadata cache under `cache` while it is
/// unchanged, else reads it; rewrites the cache when anything changed.
pub(super) fn records(
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
        Some(cache) => cache.read().unwrap_or_else(|message| {
            problem = Some(format!("{message}; it is made again"));
            None
        }),
        None => None,
    };
    let (previous, cached_links) = previous.map_or_else(Default::default, |cached| {
        (cached.records, Some(cached.resolved))
    });
    let known = previous.len();
    let done = read_all(root, &inside, &files, options, progress, previous);
    let unchanged = done.how.iter().all(|how| how.reused);
    // The links the cache resolved hold while every record came from it; else they are
    // resolved again, from the records as read.
    let resolved = match cached_links.filter(|_| unchanged) {
        Some(resolved) => resolved,
        None => resolve(&done.records),
    };
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
        if !same && let Err(err) = cache.write(keep, &resolved) {
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
        resolved,
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
    for found in found_below(root, start) {
        match found {
            Found::File(path) => {
                let display = display_path(root, &path);
                files.push((path, display));
            }
            Found::Skipped(one) => skipped.push(one),
        }
    }
}

/// The article files below `root` in sorted path order, as [`discover`] finds them, one at a
/// time: for a caller that compares them as they come rather than holding all of them.
pub(super) fn article_files(root: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    found_below(root, root).filter_map(|found| match found {
        Found::File(path) => Some(path),
        Found::Skipped(_) => None,
    })
}

/// What a walk finds: an article file, or something it skips and why.
enum Found {
    File(PathBuf),
    Skipped(Skipped),
}

/// What [`discover_below`] collects, one at a time, in sorted path order.
fn found_below<'a>(root: &'a Path, start: &Path) -> impl Iterator<Item = Found> + 'a {
    let walker = walkdir::WalkDir::new(start)
        .follow_links(false)
        // The root may be a symbolic link to a folder; anything below it is not followed.
        .follow_root_links(start == root)
        // Siblings share their folder's path, so comparing whole paths orders them by name,
        // without taking each name apart again at every comparison.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    let whole = start == root;
    walker.filter_map(move |item| {
        let entry = match item {
            Ok(entry) => entry,
            Err(err) => {
                let gone = err
                    .io_error()
                    .is_some_and(|err| err.kind() == std::io::ErrorKind::NotFound);
                // A start that is gone holds nothing (for the root: it went after loading).
                if err.depth() == 0 && gone {
                    return None;
                }
                let path = err
                    .path()
                    .map_or_else(String::new, |p| display_path(root, p));
                let reason = err
                    .io_error()
                    .map_or_else(|| err.to_string(), ToString::to_string);
                return Some(Found::Skipped(Skipped { path, reason }));
            }
        };
        let path = entry.path();
        if entry.file_type().is_dir() || (entry.depth() == 0 && whole) {
            return None;
        }
        if entry.file_type().is_symlink() && std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            return Some(Found::Skipped(Skipped {
                path: display_path(root, path),
                reason: "symbolic link to a folder (not followed)".to_owned(),
            }));
        }
        is_article_file(path).then(|| Found::File(entry.into_path()))
    })
}

/// The files of a load or reload, read: entries, files skipped, warnings, in file order, and
/// how many files were parsed or came from the cache.
#[derive(Default)]
pub(super) struct Read {
    pub(super) entries: Entries,
    pub(super) skipped: Vec<Skipped>,
    pub(super) warnings: Vec<Warning>,
    pub(super) parsed: usize,
    pub(super) reused: usize,
}

impl Read {
    /// How many files were parsed, and how many came from the cache.
    pub(super) fn counts(&self) -> (usize, usize) {
        (self.parsed, self.reused)
    }
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
pub(super) struct Done {
    pub(super) records: Vec<Record>,
    /// How each record came.
    pub(super) how: Vec<How>,
}

/// How a record of [`Done`] came.
#[derive(Clone, Copy)]
pub(super) struct How {
    /// Whether the outcome depends only on the file's bytes, so that its key tells when it
    /// changes: a regular file (not a link), read or refused for its content.
    pub(super) cacheable: bool,
    /// Taken from the cache, unread.
    pub(super) reused: bool,
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
    let relatives: Vec<Vec<u8>> = (files.iter())
        .map(|(path, _)| relative(root, path).to_vec())
        .collect();
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

/// The raw bytes of `path`, a file the walk of `root` found, below `root`: what the cache
/// keeps a file by.
pub(super) fn relative<'a>(root: &Path, path: &'a Path) -> &'a [u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    let below = bytes
        .strip_prefix(root.as_os_str().as_encoded_bytes())
        .unwrap_or(bytes);
    below.strip_prefix(b"/").unwrap_or(below)
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
pub(super) fn sort_out(files: Vec<(PathBuf, String)>, done: Done) -> Read {
    let text = (files.iter().zip(&done.records))
        .map(|((_, path), record)| match &record.outcome {
            Outcome::Article { title, links, .. } => {
                path.len() + title.len() + links.iter().map(|link| link.len() + 1).sum::<usize>()
            }
            Outcome::Skipped { .. } => 0,
        })
        .sum();
    let mut texts = Texts::new(text);
    let mut slots = Vec::with_capacity(files.len());
    let mut read = Read::default();
    for (((_, path), record), how) in files.into_iter().zip(done.records).zip(done.how) {
        if how.reused {
            read.reused += 1;
        } else {
            read.parsed += 1;
        }
        match sorted(
            record.outcome,
            &path,
            &record.path,
            &mut read.warnings,
            &mut texts,
        ) {
            Ok(slot) => slots.push(slot),
            Err(skipped) => read.skipped.push(skipped),
        }
    }
    read.entries = Entries::new(slots, texts.finish());
    read
}

/// The entry `outcome` makes of the file at `path` (`relative` as the walk found it), its
/// strings added to `texts`, or the reason it is skipped; the warning it gave goes to
/// `warnings`. Shared by a load and a start from the cache, which holds the outcomes borrowed
/// from its bytes.
pub(super) fn sorted<S: AsRef<str> + Into<String>>(
    outcome: Outcome<S>,
    path: &str,
    relative: &[u8],
    warnings: &mut Vec<Warning>,
    texts: &mut Texts,
) -> Result<Slot, Skipped> {
    match outcome {
        Outcome::Article {
            title,
            links,
            hash,
            size,
            warning,
        } => {
            warnings.extend(warning.map(|message| Warning {
                path: path.to_owned(),
                message: message.into(),
            }));
            let links = links.iter().map(AsRef::as_ref);
            Ok(texts.push(path, relative, title.as_ref(), links, size, hash))
        }
        Outcome::Skipped { reason } => Err(Skipped {
            path: path.to_owned(),
            reason: reason.into(),
        }),
    }
}
