//! Moving around: resizing, opening articles, history, paging and focus-dependent movement.

use ratatui::layout::Rect;

use super::component::{Component, Context, Outcome, Request};
use super::focus::Focus;
use super::geometry::{Areas, inner};
use super::history::{History, Visit};
use super::overlays::Overlay;
use super::reader::Moved;
use super::related::RelatedRow;
use super::state::App;
use crate::app::action::Command;
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
        // The card shows for a link selected in the reader or the Related pane.
        self.refresh_peek();
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
        self.list.move_by(0, height);
        if let Some(search) = self.overlays.search_mut() {
            search.position.move_by(0, search.results.len(), height);
        }
        let (width, height) = (self.reader_width(), self.reader_height());
        let scroll = self.reader.scroll();
        let moved = match self.reader.wrapped() {
            Some(old) if old.width != width => {
                let (id, old_lines) = (old.article, old.lines.len().max(1));
                let wrapped = self.lay_out(id, width);
                let scroll = DisplayLine(scroll.0 * wrapped.lines.len() / old_lines);
                self.reader.show(wrapped, scroll, height)
            }
            _ => self.reader.scroll_to(scroll, height),
        };
        self.reader.find_hits();
        self.reader_moved(moved);
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
            .remember(self.reader.scroll(), self.related.link_cursor);
        self.history.push(id);
        self.display_where_stopped(id);
    }

    /// The first article shown, where reading stopped last time: placed where the store keeps
    /// it, so nothing is written back until the view moves or the user chooses it.
    pub(super) fn start_on(&mut self, id: ArticleId) {
        self.history.push(id);
        let moved = self.show(id, None, None);
        self.reader_placed(moved);
        self.refresh_peek();
    }

    /// Shows `id` where reading stopped last time, leaving history alone (a search's
    /// previews).
    pub(super) fn display_where_stopped(&mut self, id: ArticleId) {
        let moved = self.show(id, None, None);
        self.reader_moved(moved);
        self.refresh_peek();
    }

    /// Puts `id` in the reading pane at `scroll` and selects it in the list, leaving history
    /// alone (back, forward and reload use it).
    pub(super) fn display(
        &mut self,
        id: ArticleId,
        scroll: DisplayLine,
        link_cursor: Option<RelatedRow>,
    ) {
        let moved = self.show(id, Some(scroll), link_cursor);
        self.reader_moved(moved);
        self.refresh_peek();
    }

    /// Puts `id` in the reading pane at `scroll` (`None`: where reading stopped last time)
    /// with `link_cursor` selected in the related pane, and selects it in the list; what
    /// follows the view is the caller's, with the [`Moved`] handed back.
    fn show(
        &mut self,
        id: ArticleId,
        scroll: Option<DisplayLine>,
        link_cursor: Option<RelatedRow>,
    ) -> Moved {
        // The related pane's height (and so the reader's) depends on the article's links.
        self.areas = Areas::new(self.screen, &self.shape(Some(id)));
        let width = self.reader_width();
        // Read before the view moves: moving it remembers where it is.
        let stopped = self.remembered(id);
        if self.current() != Some(id) {
            self.arm_read_timer(id);
            self.ask_similar(id);
        }
        let height = self.reader_height();
        let wrapped = self.reader.wrapped();
        let relaid = (self.current() != Some(id) || wrapped.is_some_and(|w| w.width != width))
            .then(|| self.lay_out(id, width));
        let lines = (relaid.as_ref().or(self.reader.wrapped())).map_or(0, |w| w.lines.len());
        let scroll = scroll.unwrap_or_else(|| DisplayLine(stopped.scroll_for(lines)));
        let moved = match relaid {
            Some(wrapped) => self.reader.show(wrapped, scroll, height),
            None => self.reader.scroll_to(scroll, height),
        };
        self.reader.find_hits();
        let rows = self.related.rows_to_come(self.link_count());
        self.related.link_cursor = link_cursor.filter(|cursor| cursor.0 < rows);
        let height = self.list_height();
        self.list.select_article(id, height);
        moved
    }

    /// The open article's path in the library and its scroll, for the next run to reopen
    /// (the article open before a search, while its results are previewed).
    pub fn open_position(&self) -> Option<(&str, usize)> {
        let (id, scroll) = match self.overlays.search() {
            Some(search) => search.article.map(|(id, scroll, _)| (id, scroll))?,
            None => (self.current()?, self.reader.scroll()),
        };
        Some((self.library.get(id).path(), scroll.0))
    }

    /// Back one visit in history, where it was left.
    pub(super) fn go_back(&mut self) {
        self.walk_history(History::back, "oldest");
    }

    /// Forward one visit in history, where it was left.
    pub(super) fn go_forward(&mut self) {
        self.walk_history(History::forward, "newest");
    }

    /// Leaves the current visit for the one `step` goes to; says so at the `end` of history.
    fn walk_history(&mut self, step: fn(&mut History) -> Option<Visit>, end: &str) {
        self.history
            .remember(self.reader.scroll(), self.related.link_cursor);
        match step(&mut self.history) {
            Some(visit) => self.display(visit.article, visit.scroll, visit.link),
            None => self.message = Some(format!("already at the {end} article in history")),
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
        match self.list.step_from(self.current(), forward) {
            Some(id) => self.open_article(id),
            None if forward => self.message = Some("this is the last article".to_owned()),
            None => self.message = Some("this is the first article".to_owned()),
        }
    }

    /// Space: a page down in the reader; at the end of the article, the next unread one
    /// after it in list order (from the top again if need be).
    pub(super) fn read_on(&mut self) {
        if self.reader.scroll() < self.max_scroll() {
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
                let title = &self.library.get(id).title();
                self.message = Some(format!("next unread: {title}"));
            }
            None => self.message = Some("no more unread articles".to_owned()),
        }
    }

    /// The first unread article after (or before) `from` in list order, going round.
    pub(super) fn unread_from(&self, from: Option<ArticleId>, forward: bool) -> Option<ArticleId> {
        self.list
            .unread_from(from, forward, |id| self.remembered(id).read)
    }

    /// Lines or rows pane `pane` shows.
    pub(super) fn pane_height(&self, pane: Focus) -> usize {
        match pane {
            Focus::Reader => self.reader_height(),
            Focus::Links => self.areas.map_or(1, |a| usize::from(inner(a.links).height)),
            Focus::List => self.list_height(),
        }
    }

    /// Lines or rows in one page of the active pane, less one for context.
    pub(super) fn page(&self) -> isize {
        let height = self.pane_height(self.active_pane());
        isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1)
    }

    /// Hands `command` to the pane it is for: the list's sorting, filters and folders to the
    /// list whatever has the focus, the rest to the active pane (not while a search line's
    /// results take the moves); false when the pane does not take it.
    pub(super) fn route_to_pane(&mut self, command: Command) -> bool {
        let pane = match command {
            Command::ToggleSection
            | Command::CycleSort
            | Command::FilterUnread
            | Command::FilterStarred => Focus::List,
            _ if self.overlays.search().is_some() => return false,
            _ => self.active_pane(),
        };
        let (page, pane_height) = (self.page(), self.pane_height(pane));
        let Self {
            library,
            config,
            history,
            fetching,
            marks,
            list,
            reader,
            related,
            ..
        } = self;
        let cx = Context {
            library,
            config,
            screen: self.screen,
            page,
            visits: history.visits().len(),
            last_fetch: fetching.last(),
            marks,
            open: reader.current(),
            pane_height,
        };
        let outcome = match pane {
            Focus::List => list.handle(command, &cx),
            Focus::Reader => reader.handle(command, &cx),
            Focus::Links => related.handle(command, &cx),
        };
        match outcome {
            Outcome::Ignored => return false,
            Outcome::Handled | Outcome::Close => {}
            Outcome::Request(request) => self.carry_out_for_panes(request),
        }
        true
    }

    /// Carries out what a pane asked (the overlays' own requests come from the overlays, and
    /// `carry_out` takes them).
    pub(super) fn carry_out_for_panes(&mut self, request: Request) {
        match request {
            Request::Scrolled => {
                if let Some(moved) = self.reader.take_moved() {
                    self.reader_moved(moved);
                    self.reading_the_open_article();
                }
            }
            Request::SelectRow(row) => self.select_row(row),
            Request::Activate(row) => self.activate(row),
            Request::Say(message) => self.message = Some(message),
            Request::OpenStory(_)
            | Request::JumpToVisit(_)
            | Request::ShowHistory
            | Request::CloseSaying(_)
            | Request::CatchUp
            | Request::QueryEdited { .. }
            | Request::AcceptSearch
            | Request::CancelSearch => {}
        }
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
                    // `Motion::Bottom` moves by the most there is.
                    self.rank_more_if_near_the_end(delta == isize::MAX);
                }
                None => self.list.move_by(delta, height),
            },
            Focus::Reader => {
                if let Some(moved) = self.reader.scroll_by(delta, self.reader_height()) {
                    self.reader_moved(moved);
                    self.reading_the_open_article();
                }
            }
            Focus::Links => {
                if let Some(row) = self.related.moved_cursor(delta, self.link_count()) {
                    self.select_row(row);
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
                    self.route_to_pane(Command::ToggleSection);
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
                    self.chose_the_open_article(id);
                } else {
                    self.open_article(id);
                }
                self.focus_on(Focus::Reader);
            }
            Focus::Reader | Focus::Links => match self.related.link_cursor {
                Some(row) => self.activate(row),
                None => {
                    self.message = Some("no link selected: press ] to select one".to_owned());
                }
            },
        }
    }
}
