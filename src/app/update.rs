//! `update`: the one place where the app's state changes.

use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::state::{App, Filter, Focus, LinkItem, ListPosition, Mode, SearchKind};
use std::path::PathBuf;

use crate::library::{ArticleId, LoadOptions};
use crate::reading_state::Remembered;
use crate::sanitize::{is_unsafe, sanitize};
use crate::search::TitleSearch;
use crate::search::closest;
use crate::ui::layout::{Areas, inner, text_area};
use crate::ui::links;
use crate::wrap::{LineKind, Targets, wrap_article};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: isize = 3;
/// How many close titles a dangling link offers.
const CLOSEST_TITLES: usize = 10;

impl App {
    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => self.resize(Rect::new(0, 0, width, height)),
            Action::Help => {
                self.mode = match self.mode {
                    Mode::Help => Mode::Normal,
                    _ => Mode::Help,
                }
            }
            // Answers from the watcher and the search thread must land whatever is shown.
            Action::FilesChanged(paths) => self.reload(&paths),
            Action::SearchResults {
                generation,
                ids,
                complete,
            } => self.receive_results(generation, ids, complete),
            _ if self.mode == Mode::Help => {}
            Action::Search => self.open_search(SearchKind::Titles),
            Action::FullTextSearch => self.open_search(SearchKind::FullText),
            Action::NextHit => self.step_hit(true),
            Action::PrevHit => self.step_hit(false),
            Action::SearchInput(c) if !is_unsafe(c) => self.edit_query(|query| query.push(c)),
            Action::SearchInput(_) => {}
            Action::SearchPaste(text) => {
                let text = sanitize(&text.replace(['\r', '\n'], " "));
                self.edit_query(|query| query.push_str(&text));
            }
            Action::SearchDeleteChar => self.edit_query(|query| {
                query.pop();
            }),
            Action::SearchDeleteWord => self.edit_query(|query| {
                let kept = query.trim_end().rfind(' ').map_or(0, |i| i + 1);
                query.truncate(kept);
            }),
            Action::SearchCancel => self.cancel_search(),
            Action::SearchAccept => self.accept_search(),
            Action::ToggleRead => self.toggle_mark(|r| &mut r.read, "read", "unread"),
            Action::ToggleStar => self.toggle_mark(|r| &mut r.starred, "starred", "unstarred"),
            Action::FilterUnread => self.toggle_filter(|f| f.unread_only = !f.unread_only),
            Action::FilterStarred => self.toggle_filter(|f| f.starred_only = !f.starred_only),
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(self.page()),
            Action::PageUp => self.move_by(-self.page()),
            Action::Top => self.move_by(isize::MIN),
            Action::Bottom => self.move_by(isize::MAX),
            Action::Open => self.open_selected(),
            Action::NextLink => self.step_link(true),
            Action::PrevLink => self.step_link(false),
            Action::FollowLink(n) => self.follow(n.wrapping_sub(1)),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::Click { column, row } => self.click(Position::new(column, row)),
            Action::Scroll { column, row, down } => {
                if let Some(focus) = self.pane_at(Position::new(column, row)) {
                    let delta = if down { WHEEL_LINES } else { -WHEEL_LINES };
                    self.move_in(focus, delta);
                }
            }
        }
        self.remember_position();
    }

    /// Re-reads the changed files (the only file reading `update` does: a handful of files,
    /// where a fresh load would read them all), then puts the open article, the selection and
    /// history back on the same articles, found by path.
    fn reload(&mut self, paths: &[PathBuf]) {
        let old_paths: Vec<String> = self
            .library
            .entries()
            .iter()
            .map(|e| e.path.clone())
            .collect();
        let selected = self
            .list_id(self.list.selected)
            .map(|id| old_paths[id].clone());
        let current = self.current().map(|id| old_paths[id].clone());
        let options = LoadOptions {
            max_article_bytes: self.config.max_article_bytes,
            follow_symlinks: self.config.follow_symlinks,
        };
        // Search results and the list's saved position are article ids, which a reload
        // changes; the list is restored by path below.
        let search_again = match &self.mode {
            Mode::Search(search) => Some((search.kind, search.query.clone())),
            _ => None,
        };
        let restore = match &self.mode {
            Mode::Search(search) => self.list_id(search.restore.selected),
            _ => None,
        }
        .map(|id| old_paths[id].clone());
        let change = self.library.reload(paths, options);
        let Some(summary) = change.summary() else {
            return;
        };
        if search_again.is_some() {
            self.cancel_search();
        }
        let selected = restore.or(selected);
        let library = &self.library;
        self.history
            .renumber(|old| library.find_path(&old_paths[old]));
        self.titles = TitleSearch::for_library(&self.library);
        self.fulltext = None;
        if let Some(worker) = &self.worker {
            worker.replace_titles(self.titles.share());
        }
        self.load_marks();
        self.recompute_visible();
        // The open article stays where it was read; if it is gone, history's current visit
        // (moved to the nearest surviving one) comes back where it was left.
        let open = match current.and_then(|path| self.library.find_path(&path)) {
            Some(id) => Some((id, self.scroll, self.link_cursor)),
            None => self
                .history
                .current()
                .map(|visit| (visit.article, visit.scroll, visit.link))
                .or((!self.library.is_empty()).then_some((0, 0, None))),
        };
        let was_empty = self.wrapped.take().is_none();
        match open {
            // The first article of a library that was empty is a new visit, so back works.
            Some((id, _, _)) if was_empty => self.preview(id),
            Some((id, scroll, link_cursor)) => self.show(id, scroll, link_cursor),
            None => {}
        }
        let index = selected
            .and_then(|path| self.library.find_path(&path))
            .map_or(0, |id| self.nearest_row(id))
            .min(self.list_len().saturating_sub(1));
        let height = self.list_height();
        self.list.select(index, height);
        // A search in progress runs again over the new library, query kept.
        if let Some((kind, query)) = search_again {
            self.open_search(kind);
            self.edit_query(|typed| *typed = query);
        }
        self.message = Some(format!("library changed: {summary}"));
    }

    /// Records where the open article is scrolled to, for the next run.
    fn remember_position(&mut self) {
        let Some(wrapped) = &self.wrapped else { return };
        let (id, scroll, lines) = (wrapped.article, self.scroll, wrapped.lines.len());
        self.remember(id, |r| {
            r.scroll = scroll;
            r.lines = lines;
        });
    }

    /// The article `m` and `s` act on: the list's selection when the list has focus, else
    /// the open one.
    fn marked_article(&self) -> Option<ArticleId> {
        match self.focus {
            Focus::List => self.list_id(self.list.selected),
            Focus::Reader | Focus::Links => self.current(),
        }
    }

    /// Flips one flag of the article `m` or `s` acts on, and says which way it went.
    fn toggle_mark(&mut self, flag: fn(&mut Remembered) -> &mut bool, on: &str, off: &str) {
        let Some(id) = self.marked_article() else {
            return;
        };
        let mut now = false;
        self.remember(id, |r| {
            let flag = flag(r);
            *flag = !*flag;
            now = *flag;
        });
        self.message = Some(format!("marked {}", if now { on } else { off }));
    }

    /// The list row of article `id`, or of the next article after it when the filter hides it.
    fn nearest_row(&self, id: ArticleId) -> usize {
        match &self.visible {
            Some(visible) => visible.partition_point(|&shown| shown < id),
            None => id,
        }
    }

    /// Which articles the list shows under the current filter.
    fn recompute_visible(&mut self) {
        self.visible = self.filter.is_active().then(|| {
            (0..self.library.len())
                .filter(|&id| self.passes_filter(id))
                .collect()
        });
    }

    /// Switches a list filter, keeping the selection on the same article when it stays visible.
    fn toggle_filter(&mut self, change: impl FnOnce(&mut Filter)) {
        let selected = self.list_id(self.list.selected);
        change(&mut self.filter);
        self.recompute_visible();
        let index = selected.map_or(0, |id| self.nearest_row(id));
        let height = self.list_height();
        self.list = ListPosition::default();
        self.list.move_by(
            isize::try_from(index).unwrap_or(isize::MAX),
            self.list_len(),
            height,
        );
        self.message = Some(match (self.filter.unread_only, self.filter.starred_only) {
            (false, false) => format!("showing all {} articles", self.list_len()),
            (true, false) => format!("showing {} unread articles", self.list_len()),
            (false, true) => format!("showing {} starred articles", self.list_len()),
            (true, true) => format!("showing {} unread starred articles", self.list_len()),
        });
    }

    /// Adapts to a new screen size: new pane sizes, the article re-wrapped at the new width.
    pub(super) fn resize(&mut self, screen: Rect) {
        self.screen = screen;
        self.areas = Areas::new(screen, self.config.list_width, self.config.links_height);
        let height = self.list_height();
        self.list.move_by(0, self.list_len(), height);
        if let Mode::Search(search) = &mut self.mode {
            search.position.move_by(0, search.results.len(), height);
        }
        if let Some(old) = &self.wrapped {
            let width = self.reader_width();
            if old.width != width {
                let (id, old_lines) = (old.article, old.lines.len().max(1));
                let wrapped = wrap_article(&self.library, id, width, Targets::WhenDifferent);
                self.scroll = self.scroll * wrapped.lines.len() / old_lines;
                self.wrapped = Some(wrapped);
            }
        }
        self.scroll = self.scroll.min(self.max_scroll());
        self.find_hits();
        self.refresh_highlights();
    }

    /// Opens `id` as a new visit in history.
    /// Opening an article marks it read and returns to where reading stopped last time.
    pub(super) fn visit(&mut self, id: ArticleId) {
        self.preview(id);
        self.remember(id, |r| r.read = true);
    }

    /// Shows `id` as a new visit, where reading stopped last time, without marking it read:
    /// the article shown at start-up was not chosen by the user.
    pub(super) fn preview(&mut self, id: ArticleId) {
        self.history.remember(self.scroll, self.link_cursor);
        self.history.push(id);
        self.show(id, 0, None);
        let lines = self.wrapped.as_ref().map_or(0, |w| w.lines.len());
        self.scroll = self.remembered(id).scroll_for(lines).min(self.max_scroll());
    }

    /// Puts `id` in the reading pane at `scroll`, and selects it in the list.
    fn show(&mut self, id: ArticleId, scroll: usize, link_cursor: Option<usize>) {
        let width = self.reader_width();
        if self.current() != Some(id) || self.wrapped.as_ref().is_some_and(|w| w.width != width) {
            self.wrapped = Some(wrap_article(
                &self.library,
                id,
                width,
                Targets::WhenDifferent,
            ));
        }
        self.scroll = scroll.min(self.max_scroll());
        self.link_cursor = link_cursor.filter(|&cursor| cursor < self.link_count());
        self.find_hits();
        let height = self.list_height();
        if let Some(index) = self.list_index_of(id) {
            self.list.select(index, height);
        }
    }

    fn go_back(&mut self) {
        self.history.remember(self.scroll, self.link_cursor);
        match self.history.back() {
            Some(visit) => self.show(visit.article, visit.scroll, visit.link),
            None => self.message = Some("already at the oldest article in history".to_owned()),
        }
    }

    fn go_forward(&mut self) {
        self.history.remember(self.scroll, self.link_cursor);
        match self.history.forward() {
            Some(visit) => self.show(visit.article, visit.scroll, visit.link),
            None => self.message = Some("already at the newest article in history".to_owned()),
        }
    }

    /// The pane movement keys act on: the results list while searching, else the focus.
    fn active_pane(&self) -> Focus {
        match self.mode {
            Mode::Search(_) => Focus::List,
            _ => self.focus,
        }
    }

    /// Lines or rows in one page of the active pane, less one for context.
    fn page(&self) -> isize {
        let height = match self.active_pane() {
            Focus::Reader => self.reader_height(),
            Focus::Links => self.areas.map_or(1, |a| usize::from(inner(a.links).height)),
            Focus::List => self.list_height(),
        };
        isize::try_from(height.saturating_sub(1).max(1)).unwrap_or(1)
    }

    fn move_by(&mut self, delta: isize) {
        self.move_in(self.active_pane(), delta);
    }

    /// Moves the selection (list, links) or the scroll position (reader) of a pane.
    fn move_in(&mut self, focus: Focus, delta: isize) {
        let height = self.list_height();
        match focus {
            Focus::List => match &mut self.mode {
                Mode::Search(search) => {
                    search.position.move_by(delta, search.results.len(), height);
                    self.refresh_highlights();
                }
                _ => self.list.move_by(delta, self.list_len(), height),
            },
            Focus::Reader => {
                self.scroll = self
                    .scroll
                    .saturating_add_signed(delta)
                    .min(self.max_scroll());
            }
            Focus::Links => {
                let count = self.link_count();
                if count == 0 {
                    return;
                }
                // With nothing selected, moving down starts above the first row and moving up
                // below the last, so the first step lands on the first or last row.
                let last = isize::try_from(count - 1).unwrap_or(isize::MAX);
                let from = match self.link_cursor {
                    Some(cursor) => isize::try_from(cursor).unwrap_or(isize::MAX),
                    None if delta < 0 => last + 1,
                    None => -1,
                };
                let cursor = from.saturating_add(delta).clamp(0, last);
                self.link_cursor = Some(usize::try_from(cursor).unwrap_or(0));
                if let Some(link) = self.selected_link() {
                    self.scroll_to_link(link);
                }
            }
        }
    }

    /// Enter: opens the selected article (list), or follows the selected link.
    fn open_selected(&mut self) {
        match self.focus {
            Focus::List => {
                let Some(id) = self.list_id(self.list.selected) else {
                    return;
                };
                if self.current() == Some(id) {
                    self.remember(id, |r| r.read = true);
                } else {
                    self.visit(id);
                }
                self.focus = Focus::Reader;
            }
            Focus::Reader | Focus::Links => match self.link_cursor {
                Some(cursor) => self.activate(cursor),
                None => {
                    self.message = Some("no link selected: press ] to select one".to_owned());
                }
            },
        }
    }

    /// Follows link `index` (0-based) of the current article.
    fn follow(&mut self, index: usize) {
        if index >= self.outgoing_count() {
            self.message = Some(format!(
                "this article has no link {}",
                index.wrapping_add(1)
            ));
            return;
        }
        self.activate(index);
    }

    /// Acts on row `cursor` of the related-links pane: follows a link or opens a backlink.
    fn activate(&mut self, cursor: usize) {
        self.link_cursor = Some(cursor);
        let (Some(id), Some(item)) = (self.current(), self.link_item(cursor)) else {
            return;
        };
        match item {
            LinkItem::Outgoing {
                target: Some(target),
                ..
            }
            | LinkItem::Backlink(target) => {
                self.visit(target);
                self.message = None;
            }
            LinkItem::Outgoing {
                index,
                target: None,
            } => {
                let text = self
                    .library
                    .get(id)
                    .article
                    .links()
                    .nth(index)
                    .unwrap_or_default()
                    .to_owned();
                self.scroll_to_link(index);
                self.message = Some(format!("“{text}” is not in the library; closest titles:"));
                let results = closest(&self.library, &text, CLOSEST_TITLES);
                self.open_search_with(SearchKind::Titles, text, results);
            }
        }
    }

    /// `]` / `[`: selects the next or previous link and scrolls the reader to it.
    fn step_link(&mut self, forward: bool) {
        let count = self.outgoing_count();
        if count == 0 {
            self.message = Some("this article has no Read More links".to_owned());
            return;
        }
        let next = match (self.selected_link(), forward) {
            (Some(link), true) => (link + 1).min(count - 1),
            (Some(link), false) => link.saturating_sub(1),
            (None, true) => self.first_link_from(self.scroll).unwrap_or(0),
            (None, false) => count - 1,
        };
        self.link_cursor = Some(next);
        self.scroll_to_link(next);
    }

    /// The first link starting at or below display line `line`.
    fn first_link_from(&self, line: usize) -> Option<usize> {
        let wrapped = self.wrapped.as_ref()?;
        wrapped.link_lines.iter().position(|&start| start >= line)
    }

    /// Scrolls the reader so that link `index` is fully in view.
    fn scroll_to_link(&mut self, index: usize) {
        let Some(wrapped) = &self.wrapped else { return };
        let Some(&start) = wrapped.link_lines.get(index) else {
            return;
        };
        let end = wrapped.lines[start..]
            .iter()
            .take_while(|line| line.kind == LineKind::Link(index))
            .count()
            + start;
        let height = self.reader_height();
        if start < self.scroll {
            self.scroll = start;
        } else if end > self.scroll + height {
            self.scroll = end.saturating_sub(height).min(start);
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }

    /// The pane under a screen position.
    fn pane_at(&self, position: Position) -> Option<Focus> {
        let areas = self.areas?;
        [
            (areas.list, Focus::List),
            (areas.reader, Focus::Reader),
            (areas.links, Focus::Links),
        ]
        .into_iter()
        .find(|(area, _)| area.contains(position))
        .map(|(_, focus)| focus)
    }

    /// A click focuses the pane under it and selects the row clicked.
    fn click(&mut self, position: Position) {
        let (Some(areas), Some(focus)) = (self.areas, self.pane_at(position)) else {
            return;
        };
        if self.mode == Mode::Help {
            return;
        }
        self.focus = focus;
        match focus {
            Focus::List => {
                let area = inner(areas.list);
                if !area.contains(position) {
                    return;
                }
                let row = usize::from(position.y - area.y);
                let height = self.list_height();
                match &mut self.mode {
                    Mode::Search(search) => {
                        let per_result = match search.kind {
                            SearchKind::Titles => 1,
                            SearchKind::FullText => 2,
                        };
                        let index = search.position.offset + row / per_result;
                        if index < search.results.len() {
                            search.position.select(index, height);
                        }
                    }
                    _ => {
                        let index = self.list.offset + row;
                        if index < self.list_len() {
                            self.list.select(index, height);
                        }
                    }
                }
            }
            Focus::Reader => {
                let area = text_area(areas.reader);
                let line = self.scroll + usize::from(position.y.saturating_sub(area.y));
                let kind = self
                    .wrapped
                    .as_ref()
                    .and_then(|w| w.lines.get(line))
                    .map(|l| l.kind);
                if let Some(LineKind::Link(index)) = kind {
                    self.link_cursor = Some(index);
                }
            }
            Focus::Links => {
                let area = text_area(areas.links);
                let line = usize::from(position.y.saturating_sub(area.y));
                let outgoing = self.outgoing_count();
                let offset =
                    links::scroll_offset(self.link_cursor, outgoing, usize::from(area.height));
                if let Some(cursor) =
                    links::item_at_line(offset + line, outgoing, self.link_count())
                {
                    self.link_cursor = Some(cursor);
                    if let Some(link) = self.selected_link() {
                        self.scroll_to_link(link);
                    }
                }
            }
        }
    }
}
