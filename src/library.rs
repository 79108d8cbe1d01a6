//! The in-memory library: every article of a folder, the title index and the link graph.
//!
//! Loading never stops at a bad file: what cannot be read or parsed is recorded as skipped with
//! its reason, and the rest of the library still loads. Only a missing or unreadable articles
//! folder is fatal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::article::{self, Article};
use crate::normalize::normalize_title;
use crate::sanitize::sanitize;

/// Index of an article in [`Library::articles`], which is in path order.
pub type ArticleId = usize;

/// Default for [`LoadOptions::max_article_bytes`]: larger files are skipped unread.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// How to load a folder.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub max_article_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
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
}

/// A loaded article and where it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the articles folder, `/`-separated and sanitised for display.
    pub path: String,
    pub article: Article,
    /// For each link block, in order, the article it resolves to.
    pub targets: Vec<Option<ArticleId>>,
}

/// A file that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Something odd about a file that still loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// One title carried by several files; links go to the first path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub title: String,
    pub paths: Vec<String>,
}

/// How long loading took, for `check` and benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Walking the folder, reading and parsing files.
    pub load: Duration,
    /// Building the title index and resolving links.
    pub index: Duration,
}

/// Every article of one folder with its link graph.
#[derive(Debug, Default)]
pub struct Library {
    root: PathBuf,
    entries: Vec<Entry>,
    by_title: HashMap<String, ArticleId>,
    backlinks: Vec<Vec<ArticleId>>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    pub duplicates: Vec<Duplicate>,
    pub timings: Timings,
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
        let mut parsed = Vec::with_capacity(files.len());
        let mut warnings = Vec::new();
        for ((_, display), result) in files.iter().zip(read_all(&files, options, progress)) {
            match result {
                Ok((article, warning)) => {
                    if let Some(message) = warning {
                        warnings.push(Warning {
                            path: display.clone(),
                            message,
                        });
                    }
                    parsed.push((display.clone(), article));
                }
                Err(reason) => skipped.push(Skipped {
                    path: display.clone(),
                    reason,
                }),
            }
        }
        drop(files);
        let load = started.elapsed();

        let started = Instant::now();
        let mut library = Self::from_articles(parsed);
        library.root = root.to_path_buf();
        library.skipped = skipped;
        library.warnings = warnings;
        library.timings = Timings {
            load,
            index: started.elapsed(),
        };
        Ok(library)
    }

    /// Builds a library from already parsed articles, given as (display path, article) in path
    /// order: indexes titles, resolves links and collects backlinks.
    pub fn from_articles(articles: Vec<(String, Article)>) -> Self {
        let mut by_title: HashMap<String, ArticleId> = HashMap::with_capacity(articles.len());
        let mut same_title: HashMap<ArticleId, Vec<ArticleId>> = HashMap::new();
        for (id, (_, article)) in articles.iter().enumerate() {
            let key = normalize_title(&article.title);
            match by_title.get(&key) {
                Some(&first) => same_title.entry(first).or_default().push(id),
                None => {
                    by_title.insert(key, id);
                }
            }
        }

        let mut entries: Vec<Entry> = articles
            .into_iter()
            .map(|(path, article)| Entry {
                path,
                article,
                targets: Vec::new(),
            })
            .collect();
        let mut backlinks = vec![Vec::new(); entries.len()];
        for (id, entry) in entries.iter_mut().enumerate() {
            entry.targets = entry
                .article
                .links()
                .map(|text| by_title.get(&normalize_title(text)).copied())
                .collect();
            let mut linked: Vec<ArticleId> = entry.targets.iter().flatten().copied().collect();
            linked.sort_unstable();
            linked.dedup();
            for target in linked {
                backlinks[target].push(id);
            }
        }

        let mut duplicates: Vec<Duplicate> = same_title
            .into_iter()
            .map(|(first, others)| Duplicate {
                title: entries[first].article.title.clone(),
                paths: std::iter::once(first)
                    .chain(others)
                    .map(|id| entries[id].path.clone())
                    .collect(),
            })
            .collect();
        duplicates.sort_by(|a, b| a.paths[0].cmp(&b.paths[0]));

        Self {
            entries,
            by_title,
            backlinks,
            duplicates,
            ..Self::default()
        }
    }

    /// The folder the library was loaded from (empty for an in-memory library).
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: ArticleId) -> &Entry {
        &self.entries[id]
    }

    /// The article whose title matches `title` after normalisation (the first in path order).
    pub fn find(&self, title: &str) -> Option<ArticleId> {
        self.by_title.get(&normalize_title(title)).copied()
    }

    /// Articles that link to `id`, each once, in path order.
    pub fn backlinks(&self, id: ArticleId) -> &[ArticleId] {
        &self.backlinks[id]
    }

    /// Every link that names no article: (linking article, link text).
    pub fn dangling(&self) -> impl Iterator<Item = (ArticleId, &str)> {
        self.entries.iter().enumerate().flat_map(|(id, entry)| {
            entry
                .article
                .links()
                .zip(&entry.targets)
                .filter(|(_, target)| target.is_none())
                .map(move |(text, _)| (id, text))
        })
    }
}

/// Collects the `*.txt` files below `root` in sorted path order, skipping hidden names.
///
/// Symbolic links to files are followed; symbolic links to folders are not (they could loop or
/// leave the articles folder), and are reported as skipped.
fn discover(root: &Path, files: &mut Vec<(PathBuf, String)>, skipped: &mut Vec<Skipped>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for item in walker {
        let entry = match item {
            Ok(entry) => entry,
            Err(err) => {
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
        if entry.file_type().is_dir() {
            continue;
        }
        if entry.file_type().is_symlink() && std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            skipped.push(Skipped {
                path: display_path(root, path),
                reason: "symbolic link to a folder (not followed)".to_owned(),
            });
            continue;
        }
        if path.extension().is_some_and(|ext| ext == "txt") {
            files.push((path.to_path_buf(), display_path(root, path)));
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// `path` relative to `root`, with `/` separators and nothing a terminal would interpret.
fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|part| sanitize(&part.as_os_str().to_string_lossy()))
        .collect();
    parts.join("/")
}

/// What reading one file gave: the article and an optional warning, or why it was skipped.
type ReadResult = Result<(Article, Option<String>), String>;

/// Reads and parses `files` on every core, returning results in the same order.
fn read_all(
    files: &[(PathBuf, String)],
    options: LoadOptions,
    progress: &AtomicUsize,
) -> Vec<ReadResult> {
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = files.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(path, _)| {
                            let result = read_article(path, options);
                            progress.fetch_add(1, Ordering::Relaxed);
                            result
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Reads and parses one file; returns the article and an optional warning, or the reason the
/// file was skipped.
fn read_article(path: &Path, options: LoadOptions) -> ReadResult {
    let metadata = std::fs::metadata(path).map_err(|err| err.to_string())?;
    if !metadata.is_file() {
        return Err("not a regular file".to_owned());
    }
    if metadata.len() > options.max_article_bytes {
        return Err(format!(
            "larger than max_article_bytes ({} > {})",
            metadata.len(),
            options.max_article_bytes
        ));
    }
    let bytes = std::fs::read(path).map_err(|err| err.to_string())?;
    let parsed = article::parse(&bytes).map_err(|err| err.to_string())?;
    let warning = parsed.invalid_utf8_at.map(|(line, column)| {
        format!("invalid UTF-8 at line {line}, column {column}; decoded with U+FFFD")
    });
    Ok((parsed.article, warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(articles: &[(&str, &str)]) -> Library {
        Library::from_articles(
            articles
                .iter()
                .map(|(path, text)| {
                    let article = article::parse(text.as_bytes()).unwrap().article;
                    ((*path).to_owned(), article)
                })
                .collect(),
        )
    }

    #[test]
    fn links_resolve_through_case_spacing_and_typography() {
        let lib = library(&[
            (
                "a.txt",
                "Korea’s Big Day – Part One\nRead More: the other  STORY",
            ),
            (
                "b.txt",
                "The Other Story\nRead More: korea's big day - part one\nRead More: Nowhere",
            ),
        ]);
        assert_eq!(lib.get(0).targets, vec![Some(1)]);
        assert_eq!(lib.get(1).targets, vec![Some(0), None]);
        assert_eq!(lib.backlinks(0), &[1]);
        assert_eq!(lib.backlinks(1), &[0]);
        assert_eq!(lib.find("“the other story”"), Some(1));
    }

    #[test]
    fn dangling_links_are_kept_and_listed() {
        let lib = library(&[("a.txt", "A\nRead More: Missing one\ntext\nRead More: A")]);
        assert_eq!(lib.get(0).targets, vec![None, Some(0)]);
        assert_eq!(lib.dangling().collect::<Vec<_>>(), vec![(0, "Missing one")]);
    }

    #[test]
    fn self_links_and_cycles_are_fine() {
        let lib = library(&[
            ("a.txt", "A\nRead More: A\nRead More: B"),
            ("b.txt", "B\nRead More: A\nRead More: a"),
        ]);
        assert_eq!(lib.get(0).targets, vec![Some(0), Some(1)]);
        assert_eq!(lib.backlinks(0), &[0, 1], "each linking article once");
        assert_eq!(lib.backlinks(1), &[0]);
    }

    #[test]
    fn duplicate_titles_all_load_and_links_go_to_the_first() {
        let lib = library(&[
            ("a/one.txt", "Same Title\nfirst"),
            ("b/two.txt", "same  title\nsecond"),
            ("c.txt", "C\nRead More: Same Title"),
        ]);
        assert_eq!(lib.len(), 3);
        assert_eq!(lib.get(2).targets, vec![Some(0)]);
        assert_eq!(
            lib.duplicates,
            vec![Duplicate {
                title: "Same Title".to_owned(),
                paths: vec!["a/one.txt".to_owned(), "b/two.txt".to_owned()],
            }]
        );
    }
}
