//! The fetch lane's job: every subscription of a library fetched through [`crate::domain::feeds`],
//! its progress and its end told as answers the reader can show: counts and sanitised lines,
//! nothing of HTTP. The fetch writes the new stories; the reader sees them through live
//! reload like any other changed file.

use std::path::Path;
use std::time::Duration;

use super::answer::{Answer, FeedNote, FetchEnd, FetchTally};
use crate::domain::feeds::fetch::{FetchError, FetchOptions, Outcome, Summary, fetch_all};
use crate::domain::feeds::http::HttpOptions;
use crate::domain::feeds::lock::LockError;
use crate::domain::sanitize::one_line;

/// Longest feed name or reason shown, in characters: a feed's title can be 100 kB of text.
const MAX_NOTE_CHARS: usize = 300;

/// How the reader's fetch runs: the `[fetch]` settings, as plain numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchPlan {
    /// Feeds fetched at once.
    pub jobs: usize,
    pub connect_timeout: Duration,
    /// For one whole feed.
    pub timeout: Duration,
    /// Largest feed accepted, in bytes.
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl FetchPlan {
    /// The domain's options for this plan. The reader never waits for another fetch's lock:
    /// it says that one runs.
    fn options(self) -> FetchOptions {
        FetchOptions {
            jobs: self.jobs,
            http: HttpOptions {
                connect_timeout: self.connect_timeout,
                timeout: self.timeout,
                max_bytes: self.max_bytes,
                max_redirects: self.max_redirects,
                ..HttpOptions::default()
            },
            lock_wait: Duration::ZERO,
            ..FetchOptions::default()
        }
    }
}

/// Fetches every subscription of the library at `root`: [`Answer::FetchProgress`] after each
/// feed's answer (the event loop applies a burst of them before one draw), then
/// [`Answer::Fetched`].
pub(super) fn run(root: &Path, plan: FetchPlan, deliver: &mut dyn FnMut(Answer)) {
    let result = fetch_all(root, &plan.options(), |progress| {
        deliver(Answer::FetchProgress {
            done: progress.done,
            total: progress.total,
            new: progress.new,
        });
    });
    deliver(Answer::Fetched(end_of(result)));
}

/// The reader's account of a fetch's result.
fn end_of(result: Result<Summary, FetchError>) -> FetchEnd {
    match result {
        Ok(summary) => FetchEnd::Done(tally(&summary)),
        Err(FetchError::Lock(LockError::Busy(_))) => FetchEnd::Busy,
        Err(error) => FetchEnd::Failed(one_line(&error.to_string())),
    }
}

/// Counts, and a line for each feed that failed or has something to say.
fn tally(summary: &Summary) -> FetchTally {
    let notes = (summary.feeds.iter())
        .filter_map(|feed| {
            let text = feed.error.as_deref()?;
            let name = if feed.title.trim().is_empty() {
                &feed.url
            } else {
                &feed.title
            };
            Some(FeedNote {
                feed: short_line(name),
                text: short_line(text),
                failed: feed.status == Outcome::Failed,
            })
        })
        .collect();
    FetchTally {
        feeds: summary.feeds.len(),
        new: summary.new_items(),
        updated: summary.feeds.iter().map(|feed| feed.updated).sum(),
        notes,
    }
}

/// `text` as one safe line of at most [`MAX_NOTE_CHARS`] characters.
fn short_line(text: &str) -> String {
    let line = one_line(text);
    match line.char_indices().nth(MAX_NOTE_CHARS) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}
