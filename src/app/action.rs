//! Everything that can change the app's state. Keys, mouse events, resizes, the folder watcher
//! and the search thread are first turned into an `Action`; `App::update` is the only place
//! that acts on one.
//!
//! It depends on the domain only (the answers of workers carry libraries and search results),
//! never on the app, the UI, the terminal, the config or the key map, so that the key map and
//! the config can name actions without depending on the app. The config's key names come from
//! the variants themselves (`FocusNext` is `focus_next` in `[keys]`); variants that no key can
//! trigger are skipped.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::fulltext::TextHit;
use crate::domain::library::{ArticleId, Change, Library};
use crate::domain::search::TitleSearch;
use crate::domain::wrap::{LinkNumber, Wrapped};

/// One change request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave readmore.
    Quit,
    /// Back out one level: close the overlay (help, history, map, the peek card), else
    /// leave the reader or links pane for the list.
    BackOut,
    /// Move focus to the next pane (list → reader → links).
    FocusNext,
    /// Move focus to the previous pane.
    FocusPrev,
    /// Move the selection down, or scroll the reader one line.
    Down,
    /// Move the selection up, or scroll the reader one line.
    Up,
    /// One page down in the focused pane.
    PageDown,
    /// One page up in the focused pane.
    PageUp,
    /// Half a page down in the focused pane, as `ctrl-d` in less and vim.
    HalfPageDown,
    /// Half a page up in the focused pane.
    HalfPageUp,
    /// Read on: one page down in the reader, whatever has focus; at the end of the article,
    /// the next unread one (as space in mutt and slrn).
    ReadOn,
    /// Open the previous unread article in list order (space's counterpart), from any pane.
    PrevUnread,
    /// Open the next article in list order, from any pane.
    NextArticle,
    /// Open the previous article in list order, from any pane.
    PrevArticle,
    /// Go to the first row (or the top of the article).
    Top,
    /// Go to the last row (or the end of the article).
    Bottom,
    /// Open the selected article (list) or follow the selected link (reader, links).
    Open,
    /// Select the next `Read More` link of the open article.
    NextLink,
    /// Select the previous `Read More` link of the open article.
    PrevLink,
    /// Back to the previous article in history.
    Back,
    /// Forward again in history.
    Forward,
    /// Show or hide the history of this run, to jump back to any point of it.
    Trail,
    /// Peek mode on or off: while on, the selected link's story (title, path, links, first
    /// paragraph) shows in a popup over the reader, without leaving the open article.
    TogglePeek,
    /// Show the map of the open article's links, out and back, two levels deep, or close it.
    LinkMap,
    /// Open the title search line, from any pane.
    Search,
    /// Search inside the open article when the reader has focus (less's `/`); elsewhere the
    /// title search.
    Find,
    /// Open the full-text search line (titles and paragraphs).
    FullTextSearch,
    /// Scroll the reader to the next hit of the last search in the article or full text.
    NextHit,
    /// Scroll the reader to the previous hit.
    PrevHit,
    /// Show or hide the key help.
    Help,
    /// Mark the selected (list) or open article read or unread.
    ToggleRead,
    /// Star or unstar the selected (list) or open article.
    ToggleStar,
    /// Show only unread articles in the list, or all again.
    FilterUnread,
    /// Show only starred articles in the list, or all again.
    FilterStarred,
    /// Mark every article of the selected row's folder read (those the filter shows).
    MarkAllRead,
    /// Mark every article of the library read, after a y/n question.
    CatchUp,
    /// Open the article's file in `$PAGER` (`less`), the terminal handed over until it quits.
    OpenInPager,
    /// Open the article's file in `$VISUAL` or `$EDITOR` (`vi`).
    OpenInEditor,
    /// Copy the article's title to the clipboard (OSC 52, so it works over ssh too).
    CopyTitle,
    /// Copy the article's path to the clipboard.
    CopyPath,
    /// Show the focused pane on the whole screen, or all panes again.
    Zoom,
    /// Sort the list in the next order: path, title, newest first, unread first.
    CycleSort,
    /// Collapse or expand the folder section the list's selection is in.
    ToggleSection,
    /// Fetch every subscription of the library in the background; new stories arrive
    /// through live reload.
    FetchFeeds,
    /// Open the article's source page (its `Source:` line) in `$BROWSER`.
    OpenSource,
    /// The answer to the question on the status line: `y` is yes, any other key no.
    #[serde(skip)]
    Answer(bool),
    /// A key that no action is bound to, by its name: the status line says so.
    #[serde(skip)]
    Unbound(String),
    /// This much time passed with the screen as it is (from the event loop's clock, so that
    /// `update` never reads one): the open article counts as read after a few seconds shown.
    #[serde(skip)]
    Tick(Duration),
    /// The terminal now has this many columns and rows.
    #[serde(skip)]
    Resize { width: u16, height: u16 },
    /// A mouse click at a screen cell.
    #[serde(skip)]
    Click { column: u16, row: u16 },
    /// The mouse wheel turned over a screen cell.
    #[serde(skip)]
    Scroll { column: u16, row: u16, down: bool },
    /// Article files changed on disk (from the folder watcher): re-read them.
    #[serde(skip)]
    FilesChanged(Vec<PathBuf>),
    /// A character typed into the open search line.
    #[serde(skip)]
    SearchInput(char),
    /// Text pasted into the open search line, searched once rather than per character.
    #[serde(skip)]
    SearchPaste(String),
    /// Delete the last character of the search query.
    #[serde(skip)]
    SearchDeleteChar,
    /// Delete the last word of the search query.
    #[serde(skip)]
    SearchDeleteWord,
    /// Leave the search and restore the list as it was.
    #[serde(skip)]
    SearchCancel,
    /// Open the selected search result.
    #[serde(skip)]
    SearchAccept,
    /// Show a message in the status bar: a warning from outside the app, such as the reading
    /// state that could not be saved or live reload that stopped.
    #[serde(skip)]
    Notify(String),
    /// The title search answered job `generation` with these articles: best first when
    /// `complete`, else a quick first few in path order while the ranking runs.
    #[serde(skip)]
    SearchResults {
        generation: u64,
        ids: Vec<ArticleId>,
        complete: bool,
    },
    /// The full-text search answered job `generation`: matching articles, best first.
    #[serde(skip)]
    TextResults { generation: u64, hits: Vec<TextHit> },
    /// The full-text index of library `version` (counted by the app, one per reload) is
    /// built: searches from now on take only as long as the search.
    #[serde(skip)]
    TextIndexReady { version: u64 },
    /// The full-text index of library `version` is being built: `done` of the `total`
    /// articles that need indexing are in (sent a few times a second at most).
    #[serde(skip)]
    TextIndexProgress {
        version: u64,
        done: usize,
        total: usize,
    },
    /// The stories closest in content to `article` of library `version`, best first, none of
    /// them linked to or from it: for the related pane, if that article is still open.
    #[serde(skip)]
    SimilarStories {
        version: u64,
        article: ArticleId,
        ids: Vec<ArticleId>,
    },
    /// Reload job `generation` is done: the library with the changed files read again, its
    /// title searcher, and what changed (nothing, when no article did).
    #[serde(skip)]
    Reloaded {
        generation: u64,
        library: Shared<Library>,
        titles: Shared<TitleSearch>,
        change: Change,
    },
    /// The titles closest to a dangling link, best first, for job `generation`.
    #[serde(skip)]
    ClosestTitles {
        generation: u64,
        ids: Vec<ArticleId>,
    },
    /// An article laid out in full for a width, for job `generation` (a large article shows
    /// its first screen at once and the rest when this lands).
    #[serde(skip)]
    Wrapped {
        generation: u64,
        wrapped: Shared<Wrapped>,
    },
    /// The fetch in the background has heard from `done` of `total` feeds, which brought
    /// `new` stories so far.
    #[serde(skip)]
    FetchProgress {
        done: usize,
        total: usize,
        new: usize,
    },
    /// The fetch in the background is over.
    #[serde(skip)]
    Fetched(FetchEnd),
    /// Follow a `Read More` link of the open article by its number. Named `follow_link_1` …
    /// `follow_link_9` in the config: one name per number, so each can have its own key.
    /// (Last, because serde wants its untagged variants after the named ones.)
    #[serde(untagged, with = "follow_link_name")]
    FollowLink(LinkNumber),
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

/// A worker's result handed over whole (a library, a wrapped article): too large to compare
/// or print, so two are equal only when they are the same value, and printing names the type.
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Eq for Shared<T> {}

impl<T> std::hash::Hash for Shared<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

impl<T> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared<{}>", std::any::type_name::<T>())
    }
}

/// `follow_link_N`, the config name of [`Action::FollowLink`].
mod follow_link_name {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    use super::LinkNumber;

    const PREFIX: &str = "follow_link_";

    pub fn serialize<S: Serializer>(number: &LinkNumber, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{PREFIX}{number}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<LinkNumber, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.strip_prefix(PREFIX)
            .filter(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|digits| digits.parse().ok())
            .and_then(LinkNumber::new)
            .ok_or_else(|| D::Error::custom(format!("not a follow_link_N name: {name:?}")))
    }
}
