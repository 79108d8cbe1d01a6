//! Moving around: resizing, opening articles, history, paging and focus-dependent movement.

use ratatui::layout::Rect;

use super::geometry::{Areas, inner};
use super::state::App;
use super::views::{Focus, Mode, RelatedRow};
use crate::library::ArticleId;
use crate::wrap::DisplayLine;

impl App {
    /// Adapts to a new screen size: new pane sizes, the article re-wrapped at the new width.
    pub(super) fn resize(&mut self, screen: Rect) {
        self.screen = screen;
        self.areas = Areas::new(screen, self.config.list_width, self.config.links_height);
        let height = self.list_height();
        let len = self.list_len();
        self.list.position.move_by(0, len, height);
        if let Mode::Search(search) = &mut self.mode {
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
        let width = self.reader_width();
        let wrapped = &self.reader.wrapped;
        if self.current() != Some(id) || wrapped.as_ref().is_some_and(|w| w.width != width) {
            self.reader.wrapped = Some(self.lay_out(id, width));
        }
        self.reader.scroll = scroll.min(self.max_scroll());
        let rows = self.link_count();
        self.reader.link_cursor = link_cursor.filter(|cursor| cursor.0 < rows);
        self.find_hits();
        let height = self.list_height();
        if let Some(row) = self.row_of(id) {
            self.list.position.select(row, height);
        }
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

    /// The pane movement keys act on: the results list while searching, else the focus.
    pub(super) fn active_pane(&self) -> Focus {
        match self.mode {
            Mode::Search(_) => Focus::List,
            _ => self.focus,
        }
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
            Focus::List => match &mut self.mode {
                Mode::Search(search) => {
                    search.position.move_by(delta, search.results.len(), height);
                    self.refresh_highlights();
                }
                _ => {
                    let len = self.list_len();
                    self.list.position.move_by(delta, len, height);
                }
            },
            Focus::Reader => {
                let scroll = DisplayLine(self.reader.scroll.0.saturating_add_signed(delta));
                self.reader.scroll = scroll.min(self.max_scroll());
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
                    return;
                };
                if self.current() == Some(id) {
                    self.remember(id, |r| r.read = true);
                } else {
                    self.open_article(id);
                }
                self.focus = Focus::Reader;
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
