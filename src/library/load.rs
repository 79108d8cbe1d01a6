//! Reading a folder from disk: walking it, reading and parsing every article file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::{
    Library, MAX_ARTICLES, Skipped, Timings, Warning, display_path, is_article_file, is_hidden,
};
use crate::article::{self, Article, Decoding};

/// Default for [`LoadOptions::max_article_bytes`]: larger files are skipped unread.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// How to load a folder.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub max_article_bytes: u64,
    pub follow_symlinks: FollowSymlinks,
    /// How files that are not UTF-8 are read.
    pub decoding: Decoding,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            follow_symlinks: FollowSymlinks::default(),
            decoding: Decoding::default(),
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
    /// Loads every `*.txt` file below `root`.
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
        Self::check_root(root)?;
        let started = Instant::now();
        let mut files = Vec::new();
        let mut skipped = Vec::new();
        discover(root, &mut files, &mut skipped);
        within_limit(root, files.len())?;
        let discovered = skipped.len();
        let read = read_files(root, files, options, progress);
        let (parsed, warnings) = (read.articles, read.warnings);
        skipped.extend(read.skipped);
        let load = started.elapsed();

        let started = Instant::now();
        let library = Self::from_articles(parsed);
        let timings = Timings {
            load,
            index: started.elapsed(),
        };
        Ok(library.with_report(root.to_path_buf(), skipped, warnings, discovered, timings))
    }
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
        .sort_by_file_name()
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

/// The files of a load or reload, read: articles, files skipped, warnings, in file order.
pub(super) struct Read {
    pub(super) articles: Vec<(String, Article)>,
    pub(super) skipped: Vec<Skipped>,
    pub(super) warnings: Vec<Warning>,
}

/// Reads and parses `files` (path, display path) below `root` on every core, sorting out the
/// results.
pub(super) fn read_files(
    root: &Path,
    files: Vec<(PathBuf, String)>,
    options: LoadOptions,
    progress: &AtomicUsize,
) -> Read {
    let mut read = Read {
        articles: Vec::with_capacity(files.len()),
        skipped: Vec::new(),
        warnings: Vec::new(),
    };
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let results = read_all(&inside, &files, options, progress);
    for ((_, path), result) in files.into_iter().zip(results) {
        match result {
            Ok((article, warning)) => {
                if let Some(message) = warning {
                    read.warnings.push(Warning {
                        path: path.clone(),
                        message,
                    });
                }
                read.articles.push((path, article));
            }
            Err(reason) => read.skipped.push(Skipped { path, reason }),
        }
    }
    read
}

/// What reading one file gave: the article and an optional warning, or why it was skipped.
type ReadResult = Result<(Article, Option<String>), String>;

/// Reads and parses `files` on every core, returning results in the same order.
fn read_all(
    inside: &Path,
    files: &[(PathBuf, String)],
    options: LoadOptions,
    progress: &AtomicUsize,
) -> Vec<ReadResult> {
    files
        .par_iter()
        .map(|(path, _)| {
            let result = read_article(path, inside, options);
            progress.fetch_add(1, Ordering::Relaxed);
            result
        })
        .collect()
}

/// Reads and parses one file below the canonical folder `inside`; returns the article and an
/// optional warning, or the reason the file was skipped.
fn read_article(path: &Path, inside: &Path, options: LoadOptions) -> ReadResult {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let kind = std::fs::symlink_metadata(path)
        .map_err(|err| err.to_string())?
        .file_type();
    let target = if kind.is_symlink() {
        link_target(path, inside, options.follow_symlinks)?
    } else if kind.is_file() {
        path.to_path_buf()
    } else {
        // A device or FIFO is never opened: opening alone can block or have effects.
        return Err("not a regular file".to_owned());
    };
    // Opened without following a link swapped in since, without blocking, and checked through
    // the open handle, so a file swapped for a FIFO after listing cannot hang the reader, and
    // one that grew cannot exceed the limit.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(&target)
        .map_err(|err| err.to_string())?;
    let metadata = file.metadata().map_err(|err| err.to_string())?;
    if !metadata.is_file() {
        return Err("not a regular file".to_owned());
    }
    let too_large = |size: u64| {
        format!(
            "larger than max_article_bytes ({size} > {})",
            options.max_article_bytes
        )
    };
    if metadata.len() > options.max_article_bytes {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(options.max_article_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| err.to_string())?;
    if bytes.len() as u64 > options.max_article_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    let parsed = article::parse_with(&bytes, options.decoding).map_err(|err| err.to_string())?;
    Ok((parsed.article, parsed.decoded.map(|note| note.to_string())))
}

/// Where the symbolic link `path` leads, canonical, if `follow` allows reading it there: a
/// regular file, inside the canonical folder `inside` unless links are followed anywhere.
fn link_target(path: &Path, inside: &Path, follow: FollowSymlinks) -> Result<PathBuf, String> {
    if follow == FollowSymlinks::Never {
        return Err("symbolic link (not followed: follow_symlinks = \"never\")".to_owned());
    }
    let target =
        std::fs::canonicalize(path).map_err(|err| format!("symbolic link to nowhere ({err})"))?;
    if follow == FollowSymlinks::Inside && !target.starts_with(inside) {
        return Err(
            "symbolic link to a file outside the articles folder (not followed: \
             follow_symlinks = \"inside\")"
                .to_owned(),
        );
    }
    let metadata = std::fs::metadata(&target).map_err(|err| err.to_string())?;
    if !metadata.is_file() {
        return Err("symbolic link to something that is not a regular file".to_owned());
    }
    Ok(target)
}

#[cfg(test)]
mod tests;
