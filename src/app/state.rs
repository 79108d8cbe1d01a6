//! What the reader shows and where the user is: focus, mode, selections, history.

use ratatui::layout::Rect;

use super::geometry::{Areas, inner, text_area};
use super::history::History;
use crate::config::Config;
use crate::fulltext::{FullText, Query};
use crate::library::{ArticleId, Library};
use crate::reading_state::{ReadingState, Remembered};
use crate::search::TitleSearch;
use crate::search::worker::{Answer, SearchWorker};
use crate::wrap::Wrapped;

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
}

/// A scrolled list: the selected row and the first visible row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListPosition {
    pub selected: usize,
    pub offset: usize,
}

impl ListPosition {
    /// Moves the selection by `delta` within `len` rows and keeps it in a window of `height`.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let last = len.saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.keep_visible(height);
    }

    pub fn select(&mut self, index: usize, height: usize) {
        self.selected = index;
        self.keep_visible(height);
    }

    fn keep_visible(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }
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
pub struct Search {
    pub kind: SearchKind,
    pub query: String,
    /// Full text over a large library searches on Enter, not on every key: the results are
    /// for an older query until then.
    pub stale: bool,
    /// For full-text results, a one-line snippet around each article's first hit.
    pub snippets: Vec<String>,
    /// Matching articles, best first.
    pub results: Vec<ArticleId>,
    /// For each visible result (from `position.offset`), the matched char positions.
    pub highlights: Vec<Vec<usize>>,
    pub position: ListPosition,
    /// The list as it was when the search opened.
    pub restore: ListPosition,
    /// The background search request whose answer will replace `results`, if one is out.
    pub pending: Option<u64>,
    /// Enter was pressed while a request was out: open the top match when it lands.
    pub accept_when_ready: bool,
}

/// Which articles the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filter {
    pub unread_only: bool,
    pub starred_only: bool,
}

impl Filter {
    pub fn is_active(self) -> bool {
        self.unread_only || self.starred_only
    }
}

/// What the screen is showing on top of the panes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Normal,
    Search(Search),
    Help,
}

/// One row of the related-links pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkItem {
    /// The n-th `Read More` link of the article and the article it resolves to.
    Outgoing {
        index: usize,
        target: Option<ArticleId>,
    },
    /// An article that links here.
    Backlink(ArticleId),
}

/// The whole state of the interactive reader.
pub struct App {
    pub library: Library,
    pub config: Config,
    /// Whether colour may be used (`NO_COLOR` unset).
    pub color: bool,
    pub(super) titles: TitleSearch,
    /// Set for large libraries: searches run there instead of inside `update`.
    pub(super) worker: Option<SearchWorker>,
    /// The full-text index, built the first time full-text search is used.
    pub(super) fulltext: Option<FullText>,
    /// The last full-text query, whose hits the reader highlights.
    pub text_query: Option<Query>,
    /// Display lines of the open article holding a hit of `text_query`, for `n` and `N`.
    pub hit_lines: Vec<usize>,
    /// The hit `n`/`N` last went to (an index into `hit_lines`).
    pub hit_cursor: Option<usize>,
    pub screen: Rect,
    pub areas: Option<Areas>,
    pub focus: Focus,
    pub mode: Mode,
    /// The list's position, as an index into the visible articles.
    pub list: ListPosition,
    pub filter: Filter,
    /// The articles the list shows when a filter is on, in path order; `None` shows all.
    pub visible: Option<Vec<ArticleId>>,
    /// Read, starred and reading positions, remembered between runs.
    pub reading: ReadingState,
    /// The same per article, by id, for lookups while drawing; kept in step with `reading`.
    marks: Vec<Remembered>,
    /// The article in the reading pane, laid out for the pane's width.
    pub wrapped: Option<Wrapped>,
    pub scroll: usize,
    /// The selected row of the related-links pane (see [`App::link_item`]); when it
    /// is an outgoing link, the reading pane highlights that link too.
    pub link_cursor: Option<usize>,
    pub(super) history: History,
    /// One line for the status bar: loading warnings, "link not in library", and the like.
    pub message: Option<String>,
    pub quit: bool,
}

impl App {
    /// The reader over `library`, opened on its first article, remembering nothing.
    pub fn new(library: Library, config: Config, color: bool, screen: Rect) -> Self {
        Self::with_reading(library, config, color, screen, ReadingState::default())
    }

    /// The reader over `library` with what was remembered from earlier runs.
    pub fn with_reading(
        library: Library,
        config: Config,
        color: bool,
        screen: Rect,
        reading: ReadingState,
    ) -> Self {
        let titles = TitleSearch::for_library(&library);
        let message = load_summary(&library);
        let mut app = Self {
            library,
            config,
            color,
            titles,
            worker: None,
            fulltext: None,
            text_query: None,
            hit_lines: Vec::new(),
            hit_cursor: None,
            screen: Rect::default(),
            areas: None,
            focus: Focus::List,
            mode: Mode::Normal,
            list: ListPosition::default(),
            filter: Filter::default(),
            visible: None,
            marks: Vec::new(),
            reading,
            wrapped: None,
            scroll: 0,
            link_cursor: None,
            history: History::default(),
            message,
            quit: false,
        };
        app.load_marks();
        app.resize(screen);
        if !app.library.is_empty() {
            app.preview(0);
        }
        app
    }

    /// Moves title search to its own thread; each answer goes to `deliver`, whose receiver
    /// should pass it back as [`super::Action::SearchResults`].
    pub fn search_in_background(&mut self, deliver: impl Fn(Answer) + Send + 'static) {
        self.worker = Some(SearchWorker::spawn(self.titles.share(), deliver));
    }

    /// The article in the reading pane.
    pub fn current(&self) -> Option<ArticleId> {
        self.wrapped.as_ref().map(|wrapped| wrapped.article)
    }

    /// How many `Read More` links the current article has.
    pub fn outgoing_count(&self) -> usize {
        self.current()
            .map_or(0, |id| self.library.get(id).targets.len())
    }

    /// Rows of the related-links pane: outgoing links, then backlinks.
    pub fn link_count(&self) -> usize {
        self.current().map_or(0, |id| {
            self.library.get(id).targets.len() + self.library.backlinks(id).len()
        })
    }

    /// Row `cursor` of the related-links pane.
    pub fn link_item(&self, cursor: usize) -> Option<LinkItem> {
        let entry = self.library.get(self.current()?);
        match entry.targets.get(cursor) {
            Some(&target) => Some(LinkItem::Outgoing {
                index: cursor,
                target,
            }),
            None => {
                let backlinks = self.library.backlinks(self.current()?);
                let from = *backlinks.get(cursor - entry.targets.len())?;
                Some(LinkItem::Backlink(from))
            }
        }
    }

    /// The selected outgoing link of the current article, if the cursor is on one.
    pub fn selected_link(&self) -> Option<usize> {
        self.link_cursor
            .filter(|&cursor| cursor < self.outgoing_count())
    }

    /// How many articles the list shows.
    pub fn list_len(&self) -> usize {
        self.visible.as_ref().map_or(self.library.len(), Vec::len)
    }

    /// The article on row `index` of the list.
    pub fn list_id(&self, index: usize) -> Option<ArticleId> {
        match &self.visible {
            Some(visible) => visible.get(index).copied(),
            None => (index < self.library.len()).then_some(index),
        }
    }

    /// The list row showing article `id`, if the filter lets it through.
    pub fn list_index_of(&self, id: ArticleId) -> Option<usize> {
        match &self.visible {
            Some(visible) => visible.binary_search(&id).ok(),
            None => (id < self.library.len()).then_some(id),
        }
    }

    /// Looks up what is remembered of every article, once, for fast drawing.
    pub(super) fn load_marks(&mut self) {
        self.marks = self
            .library
            .entries()
            .iter()
            .map(|entry| self.reading.get(&entry.path, &entry.article.title))
            .collect();
    }

    /// What is remembered of article `id`.
    pub fn remembered(&self, id: ArticleId) -> Remembered {
        self.marks.get(id).copied().unwrap_or_default()
    }

    /// Changes what is remembered of article `id`.
    pub(super) fn remember(&mut self, id: ArticleId, change: impl FnOnce(&mut Remembered)) {
        let Some(mark) = self.marks.get_mut(id) else {
            return;
        };
        change(mark);
        let mark = *mark;
        let entry = self.library.get(id);
        self.reading
            .update(&entry.path, &entry.article.title, |r| *r = mark);
    }

    /// Whether article `id` passes the list's filter.
    pub fn passes_filter(&self, id: ArticleId) -> bool {
        let remembered = self.remembered(id);
        (!self.filter.unread_only || !remembered.read)
            && (!self.filter.starred_only || remembered.starred)
    }

    /// How many articles have not been read.
    pub fn unread_count(&self) -> usize {
        (0..self.library.len())
            .filter(|&id| !self.remembered(id).read)
            .count()
    }

    /// How many articles fit in the list pane (full-text results take two rows each).
    pub fn list_height(&self) -> usize {
        let rows = self.areas.map_or(1, |a| usize::from(inner(a.list).height));
        match &self.mode {
            Mode::Search(search) if search.kind == SearchKind::FullText => (rows / 2).max(1),
            _ => rows,
        }
    }

    /// Visible lines of the reading pane.
    pub fn reader_height(&self) -> usize {
        self.areas
            .map_or(1, |a| usize::from(inner(a.reader).height))
    }

    /// Columns the article is wrapped to: the pane, or `max_width` when narrower.
    pub fn reader_width(&self) -> usize {
        // Too small to draw: keep a sensible width rather than wrapping to one column.
        self.areas.map_or(usize::from(self.config.max_width), |a| {
            usize::from(text_area(a.reader).width.min(self.config.max_width)).max(1)
        })
    }

    /// The largest useful scroll position for the current article.
    pub fn max_scroll(&self) -> usize {
        self.wrapped
            .as_ref()
            .map_or(0, |w| w.lines.len().saturating_sub(self.reader_height()))
    }
}

/// A status-bar summary of files that did not load cleanly, if any.
fn load_summary(library: &Library) -> Option<String> {
    let warnings = library.warnings.len();
    let skipped = library.skipped.len();
    (warnings + skipped > 0).then(|| {
        format!("{skipped} file(s) skipped, {warnings} warning(s): `readmore check` lists them")
    })
}
