//! What a load reports besides the articles: files skipped, warnings, shared titles, times.

use std::time::{Duration, Instant};

/// An article's text could not be read when it was wanted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct BodyError {
    /// The article's display path.
    pub path: String,
    pub reason: String,
}

/// A file that was not loaded, and why. Serialised as `check --json` reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Something odd about a file that still loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// One title carried by several files; links go to the first path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Duplicate {
    pub title: String,
    pub paths: Vec<String>,
}

/// How long loading took and how much of it the cache saved, for `check` and benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Walking the folder, reading and parsing files.
    pub load: Duration,
    /// Building the title index and resolving links.
    pub index: Duration,
    /// Files read and parsed.
    pub parsed: usize,
    /// Files whose title and links came from the metadata cache, unread.
    pub reused: usize,
}

/// What loading found besides the articles.
pub(super) struct Report {
    pub(super) skipped: Vec<Skipped>,
    pub(super) warnings: Vec<Warning>,
    pub(super) discovered: usize,
    pub(super) timings: Timings,
}

impl Report {
    /// The report of a load that began at `started`, found `skipped` and `warnings` (the
    /// first `discovered` of `skipped` while walking), and `parsed` files and `reused` ones
    /// from the cache.
    pub(super) fn new(
        (skipped, warnings): (Vec<Skipped>, Vec<Warning>),
        discovered: usize,
        started: Instant,
        (parsed, reused): (usize, usize),
    ) -> Self {
        Self {
            skipped,
            warnings,
            discovered,
            timings: Timings {
                load: started.elapsed(),
                index: Duration::ZERO,
                parsed,
                reused,
            },
        }
    }
}
