//! The search lines' state, shown on top of the panes (the overlay stack is in `overlays`;
//! the panes are components of their own: `list`, `reader`, `related`).

use super::list::ListPosition;
use super::related::RelatedRow;
use crate::domain::fulltext::Query;
use crate::domain::library::ArticleId;
use crate::domain::wrap::DisplayLine;

/// The search line inside the open article, with where the reader was when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindLine {
    pub query: String,
    /// The scroll to return to on Esc, and to search from.
    pub from: DisplayLine,
    /// The query is the last pattern, reopened: enter looks for it again, the first
    /// character typed replaces it (as in less, where `/` then enter repeats the search).
    pub reopened: bool,
}

/// What the search line searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchKind {
    /// Titles, fuzzily, as you type.
    #[default]
    Titles,
    /// Titles and paragraphs, every word (or "phrase") must match.
    FullText,
}

/// The search line, with what to restore when it is cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchLine {
    pub kind: SearchKind,
    pub query: String,
    /// For full-text results, a one-line snippet around each article's first hit.
    pub snippets: Vec<String>,
    /// For each snippet, the byte ranges of its hits, found when the results arrived.
    pub snippet_hits: Vec<Vec<std::ops::Range<usize>>>,
    /// The full-text query the results answer, parsed once when they arrived.
    pub parsed: Query,
    /// Matching articles, best first.
    pub results: Vec<ArticleId>,
    /// The results are the titles closest to a link that is not in the library (the query is
    /// the link's text), until the query is edited.
    pub closest: bool,
    /// For each visible result (from `position.offset`), the matched char positions.
    pub highlights: Vec<Vec<usize>>,
    pub position: ListPosition,
    /// The list as it was when the search opened.
    pub restore: ListPosition,
    /// The article open when the search opened, where it was scrolled: previews replace it
    /// in the reader, and `Esc` brings it back.
    pub article: Option<(ArticleId, DisplayLine, Option<RelatedRow>)>,
    /// Reopened from the last search: the first character typed replaces the query, as in a
    /// browser's find bar.
    pub reopened: bool,
    /// The search job whose answer will replace `results`, if one is out.
    pub pending: Option<u64>,
    /// Enter was pressed while a request was out: open the top match when it lands.
    pub accept_when_ready: bool,
}
