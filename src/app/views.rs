//! The state of each view, kept apart so that each fact has one home: the focus, the article
//! list, the reading pane with its links, and the search line. Rows and lines have their own
//! index types, so that a list row can never be used as a link or a display line.

use std::ops::Range;

use crate::app::config::SortOrder;
use crate::app::keymap::Pane;
use crate::domain::fulltext::Query;
use crate::domain::library::ArticleId;
use crate::domain::wrap::{DisplayLine, LinkIndex, Wrapped};

/// The pane that receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Reader,
    Links,
}

impl Focus {
    pub fn next(self) -> Self {
        match self {
            Self::List => Self::Reader,
            Self::Reader => Self::Links,
            Self::Links => Self::List,
        }
    }

    pub fn prev(self) -> Self {
        match self {
            Self::List => Self::Links,
            Self::Reader => Self::List,
            Self::Links => Self::Reader,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Reader => "reader",
            Self::Links => "links",
        }
    }

    /// The pane, for the key table's hints.
    pub fn pane(self) -> Pane {
        match self {
            Self::List => Pane::List,
            Self::Reader => Pane::Reader,
            Self::Links => Pane::Links,
        }
    }
}

/// A row of the list pane: an index into the articles it shows (or into the search results),
/// not an article id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ListRow(pub usize);

/// A row of the related-links pane: the article's outgoing links first, then its backlinks,
/// then the stories similar to it. The headings between the groups are not rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RelatedRow(pub usize);

impl RelatedRow {
    /// The outgoing link shown on this row, given the article's `outgoing` link count.
    pub fn link(self, outgoing: usize) -> Option<LinkIndex> {
        (self.0 < outgoing).then_some(LinkIndex(self.0))
    }
}

impl From<LinkIndex> for RelatedRow {
    /// Outgoing links come first, so link `n` is on row `n`.
    fn from(link: LinkIndex) -> Self {
        Self(link.0)
    }
}

/// A scrolled list: the selected row and the first visible row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListPosition {
    pub selected: ListRow,
    pub offset: ListRow,
}

impl ListPosition {
    /// Moves the selection by `delta` within `len` rows and keeps it in a window of `height`.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let last = len.saturating_sub(1);
        self.selected = ListRow(self.selected.0.saturating_add_signed(delta).min(last));
        self.keep_visible(height);
        // No blank rows below the last one while rows above are hidden: after a shrink to a
        // few rows and a grow back, the window fills again.
        self.offset = self.offset.min(ListRow(len.saturating_sub(height.max(1))));
    }

    pub fn select(&mut self, row: ListRow, height: usize) {
        self.selected = row;
        self.keep_visible(height);
    }

    fn keep_visible(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected.0 >= self.offset.0 + height {
            self.offset = ListRow(self.selected.0 + 1 - height);
        }
    }
}

/// Which articles the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListFilter {
    pub unread_only: bool,
    pub starred_only: bool,
}

impl ListFilter {
    pub fn is_active(self) -> bool {
        self.unread_only || self.starred_only
    }
}

/// One row of the article list: a folder's heading or an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListEntry {
    /// The heading of section `n` (an index into [`ArticleList::sections`]).
    Heading(usize),
    Article(ArticleId),
}

/// The articles of one folder, in the list's sort order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The folder's path in the library (`""` for files at the top).
    pub folder: String,
    /// Every article of the folder, whatever the filter.
    pub articles: Vec<ArticleId>,
    pub collapsed: bool,
}

/// The article list pane.
#[derive(Debug, Clone, Default)]
pub struct ArticleList {
    /// The folders, in path order; the list shows their headings only when there are two
    /// or more.
    pub sections: Vec<Section>,
    /// What the list shows: headings and the articles that pass the filter, section by
    /// section.
    pub rows: Vec<ListEntry>,
    /// For each article, its place in the whole sorted list (shown or not), so that a hidden
    /// article's nearest row can be found.
    pub(super) rank: Vec<usize>,
    /// For each article, the row showing it, if any.
    pub(super) row_by_id: Vec<Option<ListRow>>,
    /// The rows that are folder headings, in order.
    pub(super) headings: Vec<ListRow>,
    /// How many articles pass the filter in the sections before each section (one more
    /// entry than sections: the last is the total), to number them and count them.
    pub(super) passing: Vec<usize>,
    pub position: ListPosition,
    pub filter: ListFilter,
    pub sort: SortOrder,
}

/// One hit in the open article: bytes `range` of display line `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitSpan {
    pub line: DisplayLine,
    pub range: Range<usize>,
}

/// The hits of the last search in the article (or full-text search) in the open article, for
/// highlighting and `n`/`N`.
#[derive(Debug, Clone, Default)]
pub struct TextHits {
    /// The query whose hits the reader highlights.
    pub query: Option<Query>,
    /// Every hit, in reading order.
    pub spans: Vec<HitSpan>,
    /// The hit `n`/`N` last went to (an index into `spans`), drawn apart from the others.
    pub cursor: Option<usize>,
}

impl TextHits {
    /// The hits on display line `line`, with their indexes into `spans`.
    pub fn on_line(&self, line: DisplayLine) -> impl Iterator<Item = (usize, &HitSpan)> {
        let start = self.spans.partition_point(|span| span.line < line);
        self.spans[start..]
            .iter()
            .take_while(move |span| span.line == line)
            .enumerate()
            .map(move |(n, span)| (start + n, span))
    }
}

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

/// The reading pane and the related-links pane beside it, which both follow the open article.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    /// The open article, laid out for the pane's width.
    pub wrapped: Option<Wrapped>,
    /// The first display line shown.
    pub scroll: DisplayLine,
    /// The selected row of the related-links pane; when it is an outgoing link, the reading
    /// pane highlights that link too.
    pub link_cursor: Option<RelatedRow>,
    pub hits: TextHits,
    /// The related pane's third section, found by a worker.
    pub similar: SimilarStories,
}

/// The stories closest in content to the open article, for the related pane.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimilarStories {
    /// The article and library version they were asked for: an answer for another is stale.
    pub of: Option<(ArticleId, u64)>,
    /// Best first; `None` until the worker answers.
    pub ids: Option<Vec<ArticleId>>,
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

/// One row of the related-links pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkItem {
    /// A `Read More` link of the article and the article it resolves to.
    Outgoing {
        link: LinkIndex,
        target: Option<ArticleId>,
    },
    /// An article that links here.
    Backlink(ArticleId),
    /// A story close in content, linked neither to nor from here.
    Similar(ArticleId),
}
