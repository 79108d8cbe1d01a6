//! The whole state of the reader, and the questions drawing and `update` ask of it.

use std::sync::Arc;

use ratatui::layout::Rect;

use super::fetching::Fetching;
use super::focus::Focus;
use super::geometry::{Areas, Shape, inner, text_area};
use super::history::History;
use super::jobs::Background;
use super::list::{ArticleList, ListRow};
use super::marks::Marks;
use super::overlays::Overlays;
use super::reader::{ReadTimer, Reader};
use super::related::{LinkItem, Related, RelatedCounts, RelatedRow, related_lines};
use super::search_line::{SearchKind, SearchLine};
use crate::app::config::Config;
use crate::domain::library::{ArticleId, Library};
use crate::domain::plural::counted;
use crate::domain::search::TitleSearch;
use crate::domain::store::Remembered;
use crate::domain::worker::Job;
use crate::domain::wrap::{DisplayLine, LinkIndex};

mod fetching;
mod handoff;
mod jobs;
mod mouse;
mod overlays;
mod start;
mod window;

pub use start::Prepared;

/// The whole state of the interactive reader.
pub struct App {
    /// Shared with the workers, which search it and reload a copy of it.
    pub library: Arc<Library>,
    pub config: Config,
    /// Whether colour may be used (`NO_COLOR` unset).
    pub color: bool,
    pub(super) titles: TitleSearch,
    /// Heavy work handed out to workers, and what the app waits for from them.
    pub(super) background: Background,
    /// The fetch of the library's feeds out on a worker, and how the last one ended.
    pub(super) fetching: Fetching,
    pub screen: Rect,
    pub areas: Option<Areas>,
    pub focus: Focus,
    /// The focused pane fills the screen (`z`); the zoom follows the focus.
    pub zoomed: bool,
    /// The overlays and modal lines over the panes, the newest on top.
    pub overlays: Overlays,
    pub list: ArticleList,
    pub reader: Reader,
    /// The related-links pane beside the reader, with the peek card.
    pub related: Related,
    /// Read, starred and reading positions of every article.
    pub(super) marks: Marks,
    pub(super) history: History,
    /// The last search accepted, reopened as it was by the next search of its kind.
    pub(super) last_search: Option<SearchLine>,
    /// The last pattern found in an article with `/`: a search that finds nothing keeps it.
    pub(super) last_find: Option<String>,
    /// Counts how long the open article is shown, to mark it read.
    pub(super) read_timer: Option<ReadTimer>,
    /// One line for the status bar: loading warnings, "link not in library", and the like.
    pub message: Option<String>,
    /// Work asked of the terminal layer (pager, editor, clipboard), returned by `update`.
    pub(super) handoff: Option<super::handoff::Handoff>,
    /// What the last click selected, if the user did nothing else since.
    pub(super) last_click: Option<super::mouse::ClickTarget>,
    /// The user asked to quit: returned by `update`.
    pub(super) quit: bool,
}

impl App {
    /// The reader over `library`, opened on its first article, remembering nothing.
    pub fn new(library: Library, config: Config, color: bool, screen: Rect) -> Self {
        Self::with_marks(library, config, color, screen, |_, _| Remembered::default())
    }

    /// The reader over `library`, with `lookup` telling what is remembered of the article at a
    /// path with a title: asked for every article at start, and for new ones after a reload.
    /// Changes come back in `update`'s effects.
    pub fn with_marks(
        library: impl Into<Arc<Library>>,
        config: Config,
        color: bool,
        screen: Rect,
        lookup: impl Fn(&str, &str) -> Remembered + Send + 'static,
    ) -> Self {
        let prepared = Self::prepare(library.into(), config.sort, lookup);
        Self::with_prepared(prepared, config, color, screen)
    }

    /// The reader over what [`App::prepare`] built (on another thread), opened on the first
    /// article: what is left is the screen's layout and the first article, as much work as a
    /// keystroke.
    pub fn with_prepared(prepared: Prepared, config: Config, color: bool, screen: Rect) -> Self {
        let Prepared {
            library,
            titles,
            marks,
            list,
        } = prepared;
        let message = load_summary(&library);
        let mut app = Self {
            library,
            config,
            color,
            titles,
            background: Background::default(),
            fetching: Fetching::default(),
            screen: Rect::default(),
            areas: None,
            focus: Focus::List,
            zoomed: false,
            overlays: Overlays::default(),
            list,
            reader: Reader::default(),
            related: Related::default(),
            marks,
            history: History::default(),
            last_search: None,
            last_find: None,
            read_timer: None,
            message,
            handoff: None,
            last_click: None,
            quit: false,
        };
        app.related.peek.on = app.config.peek;
        if !app.titles.is_packed() {
            let titles = app.titles.share();
            app.submit(Job::PackTitles { titles });
        }
        app.resize(screen);
        if !app.library.is_empty() {
            app.start_on(ArticleId::new(0));
            app.hold_read_timer();
        }
        app
    }

    /// The article in the reading pane.
    pub fn current(&self) -> Option<ArticleId> {
        self.reader.current()
    }

    /// How many `Read More` links the current article has.
    pub fn outgoing_count(&self) -> usize {
        self.current()
            .map_or(0, |id| self.library.get(id).targets().len())
    }

    /// Rows of the related-links pane: outgoing links, backlinks, similar stories.
    pub fn link_count(&self) -> usize {
        self.related_counts().rows()
    }

    /// Row `row` of the related-links pane.
    pub fn link_item(&self, row: RelatedRow) -> Option<LinkItem> {
        self.related.item(&self.library, self.current()?, row)
    }

    /// The selected outgoing link of the current article, if the cursor is on one.
    pub fn selected_link(&self) -> Option<LinkIndex> {
        self.related.selected_link(self.outgoing_count())
    }

    /// How many rows each section of the related pane has for the open article.
    pub fn related_counts(&self) -> RelatedCounts {
        self.related.counts(&self.library, self.current())
    }

    /// The similar stories of the open article, once found.
    pub fn similar_stories(&self) -> &[ArticleId] {
        self.related.similar_stories()
    }

    /// How many rows the list shows (folder headings and articles).
    pub fn list_len(&self) -> usize {
        self.list.len()
    }

    /// The article on list row `row` (`None` on a folder heading).
    pub fn article_at(&self, row: ListRow) -> Option<ArticleId> {
        self.list.article_at(row)
    }

    /// The article selected in the list.
    pub fn selected_article(&self) -> Option<ArticleId> {
        self.list.selected_article()
    }

    /// The list row showing article `id`, if the filter and the folders let it through.
    pub fn row_of(&self, id: ArticleId) -> Option<ListRow> {
        self.list.row_of(id)
    }

    /// The selected article's number among the articles that pass the filter (`None` on a
    /// heading), and how many pass it.
    pub fn list_place(&self) -> (Option<usize>, usize) {
        self.list.place()
    }

    /// How many articles pass the list's filter, folded folders' included.
    pub fn filtered_count(&self) -> usize {
        self.list.filtered_count()
    }

    /// Unread and total articles of section `section`, for its heading.
    pub fn section_counts(&self, section: usize) -> (usize, usize) {
        self.list.section_counts(section, &self.marks)
    }

    /// What is remembered of article `id`.
    pub fn remembered(&self, id: ArticleId) -> Remembered {
        self.marks.get(id)
    }

    /// The articles something is remembered of (read, starred or a reading position): the
    /// only ones the store holds a row for.
    pub fn remembered_articles(&self) -> Vec<ArticleId> {
        self.marks.marked()
    }

    /// Changes what is remembered of article `id`; the change is queued for the store.
    pub(super) fn remember(&mut self, id: ArticleId, change: impl FnOnce(&mut Remembered)) {
        self.marks.change(&self.library, id, change);
    }

    /// Takes the marks other readers changed (path, title, marks as the store now has them);
    /// true if an article in the library changed, so the screen needs drawing. The list keeps
    /// its rows until the filter is switched again, as after `m` and `s`.
    pub fn marks_changed_elsewhere(
        &mut self,
        changes: impl IntoIterator<Item = (String, String, Remembered)>,
    ) -> bool {
        let mut shown = false;
        for (path, title, remembered) in changes {
            shown |= self
                .marks
                .changed_elsewhere(&self.library, &path, &title, remembered);
        }
        shown
    }

    /// Whether article `id` passes the list's filter.
    pub fn passes_filter(&self, id: ArticleId) -> bool {
        self.list.filter.passes(self.remembered(id))
    }

    /// How many articles have not been read.
    pub fn unread_count(&self) -> usize {
        self.library
            .ids()
            .filter(|&id| !self.remembered(id).read)
            .count()
    }

    /// How many articles fit in the list pane (full-text results take two rows each).
    pub fn list_height(&self) -> usize {
        let rows = self.areas.map_or(1, |a| usize::from(inner(a.list).height));
        match self.overlays.search() {
            Some(search) if search.kind == SearchKind::FullText => (rows / 2).max(1),
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

    /// What the screen's split depends on, with article `id` open.
    pub(super) fn shape(&self, id: Option<ArticleId>) -> Shape {
        let related_lines = id.map_or(0, |id| {
            related_lines(
                self.library.get(id).targets().len(),
                self.library.backlinks(id).len(),
            )
        });
        Shape {
            list_width: self.config.list_width,
            links_height: self.config.links_height,
            related_lines,
            zoom: self.zoomed.then_some(self.focus),
        }
    }

    /// The titles of the visits up to the open article, oldest first, ending with the open
    /// one (for the reader's border). While a search previews another article, that article
    /// alone: a preview is not a visit.
    pub fn history_titles(&self) -> Vec<&str> {
        self.current().map_or_else(Vec::new, |shown| {
            self.history.titles_to(&self.library, shown)
        })
    }

    /// The history of this run, newest first, with whether each row is the current visit.
    pub fn history_rows(&self) -> Vec<(&str, bool)> {
        self.history.rows(&self.library)
    }

    /// The largest useful scroll position for the current article.
    pub fn max_scroll(&self) -> DisplayLine {
        self.reader.max_scroll(self.reader_height())
    }
}

/// A status-bar summary of files that did not load cleanly, if any.
fn load_summary(library: &Library) -> Option<String> {
    let warnings = library.warnings.len();
    let skipped = library.skipped.len();
    let parts: Vec<String> = [
        (skipped, counted(skipped, "file skipped", "files skipped")),
        (warnings, counted(warnings, "warning", "warnings")),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(_, part)| part)
    .collect();
    (!parts.is_empty()).then(|| format!("{}: listed at the end of the help", parts.join(", ")))
}
