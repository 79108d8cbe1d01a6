//! What a fetch reports: feed by feed, as it goes and at the end.

use serde::Serialize;

/// How one feed's fetch ended, as `fetch --json` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Ok,
    NotModified,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::NotModified => "not-modified",
            Self::Failed => "failed",
        }
    }
}

/// One feed's line in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedReport {
    pub url: String,
    pub title: String,
    pub folder: String,
    pub status: Outcome,
    /// Items written for the first time.
    pub new: usize,
    /// Changed items whose files were rewritten.
    pub updated: usize,
    /// Why the feed failed, or what else happened (a move, edited files kept), one line.
    pub error: Option<String>,
    /// Files of changed items that were kept because the user edited them.
    #[serde(skip)]
    pub kept_edited: Vec<String>,
    /// The old URL, when a permanent redirect moved the subscription.
    #[serde(skip)]
    pub moved_from: Option<String>,
}

/// What a fetch did, feed by feed in subscription order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub feeds: Vec<FeedReport>,
}

impl Summary {
    pub fn failed(&self) -> usize {
        self.feeds
            .iter()
            .filter(|f| f.status == Outcome::Failed)
            .count()
    }

    pub fn new_items(&self) -> usize {
        self.feeds.iter().map(|f| f.new).sum()
    }
}

/// Where a fetch is, after each feed's answer: for a progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Feeds answered so far, of `total`.
    pub done: usize,
    pub total: usize,
    /// New items found so far.
    pub new: usize,
    /// The feed that just answered.
    pub url: String,
}
