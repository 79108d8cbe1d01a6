//! Moving around: resizing, opening articles, history, paging and focus-dependent movement.

use ratatui::layout::Rect;

use super::geometry::{Areas, inner};
use super::overlays::Overlay;
use super::state::App;
use super::views::{Focus, ListRow, RelatedRow};
use crate::domain::library::ArticleId;
use crate::domain::wrap::DisplayLine;

impl App {
    /// Adapts to a new screen size: new pane sizes, the article re-wrapped at the new width.
    pub(super) fn resize(&mut self, screen: Rect) {
        self.screen = screen;
        self.areas = Areas::new(screen, &self.shape(self.current()));
        self.fit_to_areas();
    }

    /// Moves the focus to `focus`; the zoomed pane follows it.
    pub(super) fn focus_on(&mut self, focus: Focus) {
        self.focus = focus;
        self.relayout();
    }

    /// `z`: the focused pane fills the screen, or no longer does.
    pub(super) fn toggle_zoom(&mut self) {
        self.zoomed = !self.zoomed;
        self.relayout();
    }

    /// Lays the screen out again after the zoom or the focus changed what it depends on; a
    /// no-op when nothing moved. (An article shown lays the screen out for its own links:
    /// [`App::display`].)
    pub(super) fn relayout(&mut self) {
        let areas = Areas::new(self.screen, &self.shape(self.current()));
        if areas != self.areas {
            self.areas = areas;
            self.fit_to_areas();
        }
    }

    /// Fits the list windows, the wrapped article and its scroll to new areas.
    fn fit_to_areas(&mut self) {
        let height = self.list_height();
        let len = self.list_len();
        self.list.position.move_by(0, len, height);
        if let Some(search) = self.overlays.search_mut() {
            search.position.move_by(0, search.results.len(), height);
        }
        if let Some(old) = &self.reader.wrapped {
            let width = self.reader_width();
            if old.width != width {
                let (id, old_lines) = (old.article, old.lines.len().max(1));
                let wrapped = self.lay_out(id, width);
                self.reader.scroll =
                    DisplayLine(self.reader.scroll.0 * wrapped.lines.len() / old_lines);
                self.reader.wrapped = Some(wrapped);
            }
        }
        self.reader.scroll = self.reader.scroll.min(self.max_scroll());
        self.find_hits();
        self.refresh_highlights();
    }

    /// Opens `id` as a new visit in history and marks it read: the user chose it.
    pub(super) fn open_article(&mut self, id: ArticleId) {
        self.push_visit(id);
        self.remember(id, |r| r.read = true);
        self.read_timer = None;
    }

    /// Shows `id` as a new visit in history, where reading stopped last time, without marking
    /// it read: the article shown at start-up was not chosen by the user.
    pub(super) fn push_visit(&mut self, id: ArticleId) {
        self.history
            .remember(self.reader.scroll, self.reader.link_cursor);
        self.history.push(id);
        self.display(id, DisplayLine(0), None);
        let lines = self.reader.wrapped.as_ref().map_or(0, |w| w.lines.len());
        let scroll = DisplayLine(self.remembered(id).scroll_for(lines));
        self.reader.scroll = scroll.min(self.max_scroll());
    }

    /// Puts `id` in the reading pane at `scroll` and selects it in the list, leaving history
    /// alone (back, forward and reload use it).
    pub(super) fn display(
        &mut self,
        id: ArticleId,
        scroll: DisplayLine,
        link_cursor: Option<RelatedRow>,
    ) {
        // The related pane's height (and so the reader's) depends on the article's links.
        self.areas = Areas::new(self.screen, &self.shape(Some(id)));
        let width = self.reader_width();
        if self.current() != Some(id) {
            self.arm_read_timer(id);
            self.ask_similar(id);
        }
        let wrapped = &self.reader.wrapped;
        if self.current() != Some(id) || wrapped.as_ref().is_some_and(|w| w.width != width) {
            self.reader.wrapped = Some(self.lay_out(id, width));
        }
        self.reader.scroll = scroll.min(self.max_scroll());
        let rows = self.related_rows_to_come();
        self.reader.link_cursor = link_cursor.filter(|cursor| cursor.0 < rows);
        self.find_hits();
        let height = self.list_height();
        if let Some(row) = self.row_of(id) {
            self.list.position.select(row, height);
        }
    }

    /// The open article's path in the library and its scroll, for the next run to reopen
    /// (the article open before a search, while its results are previewed).
    pub fn open_position(&self) -> Option<(&str, usize)> {
        let (id, scroll) = match self.overlays.search() {
            Some(search) => search.article.map(|(id, scroll, _)| (id, scroll))?,
            None => (self.current()?, self.reader.scroll),
        };
        Some((self.library.get(id).path.as_str(), scroll.0))
    }

    pub(super) fn go_back(&mut self) {
        self.history
            .remember(self.reader.scroll, self.reader.link_cursor);
        match self.history.back() {
            Some(visit) => self.display(visit.article, visit.scroll, visit.link),
            None => self.message = Some("already at the oldest article in history".to_owned()),
        }
    }

    pub(super) fn go_forward(&mut self) {
        self.history
            .remember(self.reader.scroll, self.reader.link_cursor);
        match self.history.forward() {
            Some(visit) => self.display(visit.article, visit.scroll, visit.link),
            None => self.message = Some("already at the newest article in history".to_owned()),
        }
    }

    /// The pane movement keys act on: the results list while searching, the reader while
    /// finding in it, else the focus.
    pub(super) fn active_pane(&self) -> Focus {
        match self.overlays.top() {
            Some(Overlay::Search(_)) => Focus::List,
            Some(Overlay::Find(_)) => Focus::Reader,
            _ => self.focus,
        }
    }

    /// `J` / `K`: opens the article after (or before) the open one in list order.
    pub(super) fn step_article(&mut self, forward: bool) {
        let row = match self.current() {
            Some(id) => self.nearest_row(id),
            None => ListRow(0),
        };
        // The open article may be filtered out: its nearest row is then the next one.
        // Folder headings are stepped over.
        let shown = self.current().and_then(|id| self.row_of(id)).is_some();
        let next = if forward {
            let from = if shown { row.0 + 1 } else { row.0 };
            (from..self.list_len()).find(|&r| self.article_at(ListRow(r)).is_some())
        } else {
            (0..row.0)
                .rev()
                .find(|&r| self.article_at(ListRow(r)).is_some())
        };
        match next.and_then(|row| self.article_at(ListRow(row))) {
            Some(id) => self.open_article(id),
            None if forward => self.message = Some("this is the last article".to_owned()),
            None => self.message = Some("this is the first article".to_owned()),
        }
    }

    /// Space: a page down in the reader; at the end of the article, the next unread one
    /// after it in list order (from the top again if need be).
    pub(super) fn read_on(&mut self) {
        if self.reader.scroll < self.max_scroll() {
            let page = isize::try_from(self.reader_height().saturating_sub(1).max(1));
            self.move_in(Focus::Reader, page.unwrap_or(1));
            return;
        }
        let current = self.current();
        // Space at the end of a story leaves it read, however short it was.
        if let Some(id) = current {
            self.mark_read_now(id);
        }
        let next = self.unread_from(current, true);
        match next {
            Some(id) => {
                self.open_article(id);
                let title = &self.library.get(id).title;
                self.message = Some(format!("next unread: {title}"));
            }
            None => self.message = Some("no more unread articles".to_owned()),
        }
    }

    /// The first unread article after (or before) `from` in list order, going round the list;
    /// `from` itself is not one. An article the filter hides has a place in the list all the
    /// same: the search starts from there, so the first unread row after it is not skipped.
    pub(super) fn unread_from(&self, from: Option<ArticleId>, forward: bool) -> Option<ArticleId> {
        let len = self.list_len();
        if len == 0 {
            return None;
        }
        let start = match from {
            // Rows after: from its own row's next, or from the row that took its place.
            Some(id) if forward => match self.row_of(id) {
                Some(row) => row.0 + 1,
                None => self.nearest_row(id).0,
            },
            // Rows before: its own row, or the one that took its place, is the first left out.
            Some(id) => self.nearest_row(id).0 + len - 1,
            None if forward => 0,
            None => len - 1,
        };
        (0..len)
            .map(|step| {
                let row = if forward {
                    start + step
                } else {
                    start + len - step
                };
                ListRow(row % len)
            })
            .filter_map(|row| self.article_at(row))
            .find(|&id| Some(id) != from && !self.remembered(id).read)
    }

    /// Lines or rows in one page of the active pane, less one for context.
    pub(super) fn page(&self) -> isize {
        let height = match self.active_pane() {
            Focus::Reader => self.reader_height(),
            Focus::Links => self.areas.map_or(1, |a| usize::from(inner(a.links).height)),
            Focus::List => self.list_height(),
        };
        isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1)
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        self.move_in(self.active_pane(), delta);
    }

    /// Moves the selection (list, links) or the scroll position (reader) of a pane.
    pub(super) fn move_in(&mut self, focus: Focus, delta: isize) {
        let height = self.list_height();
        match focus {
            Focus::List => match self.overlays.search_mut() {
                Some(search) => {
                    search.position.move_by(delta, search.results.len(), height);
                    self.refresh_highlights();
                    self.preview();
                }
                None => {
                    let len = self.list_len();
                    self.list.position.move_by(delta, len, height);
                }
            },
            Focus::Reader => {
                let scroll = DisplayLine(self.reader.scroll.0.saturating_add_signed(delta));
                let scroll = scroll.min(self.max_scroll());
                if scroll != self.reader.scroll {
                    self.reader.scroll = scroll;
                    self.reading_the_open_article();
                }
            }
            Focus::Links => {
                let count = self.link_count();
                if count == 0 {
                    return;
                }
                // With nothing selected, moving down starts above the first row and moving up
                // below the last, so the first step lands on the first or last row.
                let last = isize::try_from(count - 1).unwrap_or(isize::MAX);
                let from = match self.reader.link_cursor {
                    Some(cursor) => isize::try_from(cursor.0).unwrap_or(isize::MAX),
                    None if delta < 0 => last + 1,
                    None => -1,
                };
                let cursor = from.saturating_add(delta).clamp(0, last);
                self.reader.link_cursor = Some(RelatedRow(usize::try_from(cursor).unwrap_or(0)));
                if let Some(link) = self.selected_link() {
                    self.scroll_to_link(link);
                }
            }
        }
    }

    /// Enter: opens the selected article (list), or follows the selected link.
    pub(super) fn open_selected(&mut self) {
        match self.focus {
            Focus::List => {
                let Some(id) = self.selected_article() else {
                    // Enter on a folder heading collapses or expands it.
                    self.toggle_section();
                    return;
                };
                if self.current() == Some(id) {
                    // `]` in the list selected a link of the open article: enter follows it.
                    if let Some(link) = self.selected_link() {
                        self.activate(link.into());
                        if self.overlays.is_empty() {
                            self.focus_on(Focus::Reader);
                        }
                        return;
                    }
                    self.remember(id, |r| r.read = true);
                } else {
                    self.open_article(id);
                }
                self.focus_on(Focus::Reader);
            }
            Focus::Reader | Focus::Links => match self.reader.link_cursor {
                Some(row) => self.activate(row),
                None => {
                    self.message = Some("no link selected: press ] to select one".to_owned());
                }
            },
        }
    }
}
