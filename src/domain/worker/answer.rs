//! What the workers answer: the domain's results, handed back whole (a library, a wrapped
//! article) and tagged with the job's generation. The app maps each to its state.

use std::sync::Arc;

use crate::domain::fulltext::TextHit;
use crate::domain::library::{ArticleId, Change, Library};
use crate::domain::search::TitleSearch;
use crate::domain::wrap::Wrapped;

/// One answer of a job.
#[derive(Clone, strum::IntoStaticStr)]
pub enum Answer {
    /// The title search answered job `generation` with these articles: the best of the
    /// `total` matches, best first, when `complete`; else a quick first few in path order
    /// while the ranking runs (`total` is then how many those are).
    SearchResults {
        generation: u64,
        ids: Vec<ArticleId>,
        complete: bool,
        total: usize,
    },
    /// The full-text search answered job `generation`: matching articles, best first.
    TextResults { generation: u64, hits: Vec<TextHit> },
    /// The full-text index of library `version` (counted by the app, one per reload) is
    /// built: searches from now on take only as long as the search.
    TextIndexReady { version: u64 },
    /// The full-text index of library `version` is being built: `done` of the `total`
    /// articles that need indexing are in (sent a few times a second at most).
    TextIndexProgress {
        version: u64,
        done: usize,
        total: usize,
    },
    /// The stories closest in content to `article` of library `version`, best first, none of
    /// them linked to or from it: for the related pane, if that article is still open.
    SimilarStories {
        version: u64,
        article: ArticleId,
        ids: Vec<ArticleId>,
    },
    /// Reload job `generation` is done: the library with the changed files read again, its
    /// title searcher, and what changed (nothing, when no article did).
    Reloaded {
        generation: u64,
        library: Arc<Library>,
        titles: Arc<TitleSearch>,
        change: Change,
    },
    /// The titles closest to a dangling link, best first, for job `generation`.
    ClosestTitles {
        generation: u64,
        ids: Vec<ArticleId>,
    },
    /// An article laid out in full for a width, for job `generation` (a large article shows
    /// its first screen at once and the rest when this lands).
    Wrapped {
        generation: u64,
        wrapped: Arc<Wrapped>,
    },
    /// The fetch in the background has heard from `done` of `total` feeds, which brought
    /// `new` stories so far.
    FetchProgress {
        done: usize,
        total: usize,
        new: usize,
    },
    /// The fetch in the background is over.
    Fetched(FetchEnd),
}

/// Names the answer (its payload can be a whole library).
impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.into())
    }
}

/// How a fetch of the library's subscriptions ended, as the reader tells it. Every string is
/// one sanitised line: feed titles and errors come from servers and feeds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchEnd {
    /// The fetch ran.
    Done(FetchTally),
    /// Another fetch (another reader, `readmore fetch`) holds the library's lock.
    Busy,
    /// The fetch could not run at all (say, an unreadable subscriptions file): why.
    Failed(String),
}

/// What a fetch did, counted, with a line for every feed that failed or has something to say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FetchTally {
    /// Feeds fetched (or skipped for a reason the notes give).
    pub feeds: usize,
    /// Stories written for the first time.
    pub new: usize,
    /// Stories rewritten because their item changed.
    pub updated: usize,
    pub notes: Vec<FeedNote>,
}

impl FetchTally {
    /// How many feeds failed.
    pub fn failed(&self) -> usize {
        self.notes.iter().filter(|note| note.failed).count()
    }
}

/// One feed's line in the fetch's details: why it failed, or what else happened to it (it
/// moved, an edited file was kept).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedNote {
    /// The feed's title, else its URL.
    pub feed: String,
    pub text: String,
    pub failed: bool,
}
