//! `update`: the one place where the app's state changes. This file only dispatches; each
//! concern's handlers live beside it (navigation, links, list, mouse, reload, search, trail,
//! peek, map).

use ratatui::layout::{Position, Rect};

use super::help;
use super::state::App;
use super::views::{Focus, Mode, SearchKind};
use super::{Effects, Handoff};
use crate::app::action::Action;

/// Rows the mouse wheel moves the link map's selection per notch, as it scrolls the panes.
const WHEEL_ROWS: isize = 3;

impl App {
    /// Applies one action; returns what it leaves for the event loop to do.
    pub fn update(&mut self, action: Action) -> Effects {
        let jump = super::window::Jump::of(&action, self);
        let mut last_click = None;
        if changes_the_view(&action) {
            // A message answers the action before; the next one the user makes replaces it.
            self.message = None;
            // Only a click right after a click can be its second one.
            last_click = self.last_click.take();
            // Someone is at the screen: the article shown counts as read after a while.
            self.arm_read_timer_on_input();
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => {
                self.resize(Rect::new(0, 0, width, height));
                // The map's selection stays in view on a shorter screen.
                self.move_in_map(0);
            }
            Action::Tick(elapsed) => {
                self.tick(elapsed);
                self.fetch_clock(elapsed);
            }
            Action::Answer(yes) => self.answer(yes),
            Action::Unbound(key) => self.unbound(&key),
            Action::BackOut => self.back_out(),
            Action::Help => {
                self.mode = match self.mode {
                    Mode::Help { .. } => Mode::Normal,
                    _ => Mode::Help { scroll: 0 },
                }
            }
            // Answers from the watcher and the workers must land whatever is shown.
            Action::FilesChanged(paths) => self.files_changed(paths),
            Action::Notify(message) => self.message = Some(message),
            Action::SearchResults {
                generation,
                ids,
                complete,
            } => self.receive_results(generation, ids, complete),
            Action::TextResults { generation, hits } => self.receive_text(generation, hits),
            Action::TextIndexReady { version } => self.text_index_ready(version),
            Action::TextIndexProgress { done, total, .. } => self.text_index_progress(done, total),
            Action::SimilarStories {
                version,
                article,
                ids,
            } => self.receive_similar(version, article, ids),
            Action::Reloaded {
                library,
                titles,
                change,
                ..
            } => {
                self.swap_in(library.0, &titles.0, &change);
                self.rebuild_map();
            }
            Action::ClosestTitles { generation, ids } => {
                if let Some(ids) = self.receive_peek_closest(generation, ids) {
                    self.receive_closest(generation, ids);
                }
            }
            Action::Wrapped {
                generation,
                wrapped,
            } => self.receive_wrapped(generation, wrapped),
            Action::FetchProgress { done, total, new } => self.fetch_progressed(done, total, new),
            Action::Fetched(end) => self.fetched(end),
            _ if matches!(self.mode, Mode::Confirm(_)) => {}
            Action::Down if self.is_help() => self.scroll_help(1),
            Action::Up if self.is_help() => self.scroll_help(-1),
            Action::PageDown if self.is_help() => self.scroll_help(self.help_page()),
            Action::PageUp if self.is_help() => self.scroll_help(-self.help_page()),
            Action::ReadOn if self.is_help() => self.scroll_help(self.help_page()),
            Action::HalfPageDown if self.is_help() => self.scroll_help(self.help_page() / 2),
            Action::HalfPageUp if self.is_help() => self.scroll_help(-self.help_page() / 2),
            Action::Top if self.is_help() => self.scroll_help(isize::MIN),
            Action::Bottom if self.is_help() => self.scroll_help(isize::MAX),
            _ if self.is_help() => {}
            Action::Trail => self.toggle_trail(),
            Action::Down if self.is_trail() => self.move_in_trail(1),
            Action::Up if self.is_trail() => self.move_in_trail(-1),
            Action::PageDown if self.is_trail() => self.move_in_trail(self.page()),
            Action::PageUp if self.is_trail() => self.move_in_trail(-self.page()),
            Action::Top if self.is_trail() => self.move_in_trail(isize::MIN),
            Action::Bottom if self.is_trail() => self.move_in_trail(isize::MAX),
            Action::Open if self.is_trail() => self.jump_in_trail(),
            _ if self.is_trail() => {}
            Action::LinkMap => self.toggle_map(),
            Action::Down if self.is_map() => self.move_in_map(1),
            Action::Up if self.is_map() => self.move_in_map(-1),
            Action::PageDown if self.is_map() => self.move_in_map(self.map_page()),
            Action::PageUp if self.is_map() => self.move_in_map(-self.map_page()),
            Action::HalfPageDown if self.is_map() => self.move_in_map(self.map_page() / 2),
            Action::HalfPageUp if self.is_map() => self.move_in_map(-self.map_page() / 2),
            Action::Top if self.is_map() => self.move_in_map(isize::MIN),
            Action::Bottom if self.is_map() => self.move_in_map(isize::MAX),
            Action::Open if self.is_map() => self.open_from_map(),
            Action::Scroll { down, .. } if self.is_map() => {
                self.move_in_map(if down { WHEEL_ROWS } else { -WHEEL_ROWS });
            }
            _ if self.is_map() => {}
            Action::TogglePeek => self.toggle_peek(),
            Action::Search => self.open_search(SearchKind::Titles),
            Action::Find if self.focus == Focus::Reader => self.open_find(),
            Action::Find => self.open_search(SearchKind::Titles),
            Action::FullTextSearch => self.open_search(SearchKind::FullText),
            Action::NextHit => self.step_hit(true),
            Action::PrevHit => self.step_hit(false),
            Action::SearchInput(c) => self.type_char(c),
            Action::SearchPaste(text) => self.paste(&text),
            Action::SearchDeleteChar => self.delete_char(),
            Action::SearchDeleteWord => self.delete_word(),
            Action::SearchCancel => self.cancel_search(),
            Action::SearchAccept => self.accept_search(),
            Action::ToggleRead => self.toggle_mark(|r| &mut r.read, "read", "unread"),
            Action::ToggleStar => self.toggle_mark(|r| &mut r.starred, "starred", "unstarred"),
            Action::FilterUnread => self.toggle_filter(|f| f.unread_only = !f.unread_only),
            Action::FilterStarred => self.toggle_filter(|f| f.starred_only = !f.starred_only),
            Action::MarkAllRead => self.mark_folder_read(),
            Action::CatchUp => self.ask_catch_up(),
            Action::OpenInPager => self.hand_off_file(Handoff::Pager),
            Action::OpenInEditor => self.hand_off_file(Handoff::Editor),
            Action::OpenSource => self.open_source(),
            Action::FetchFeeds => self.fetch_feeds(),
            Action::CopyTitle => self.copy(false),
            Action::CopyPath => self.copy(true),
            Action::Zoom => self.zoomed = !self.zoomed,
            Action::CycleSort => self.cycle_sort(),
            Action::ToggleSection => self.toggle_section(),
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(self.page()),
            Action::PageUp => self.move_by(-self.page()),
            Action::HalfPageDown => self.move_by((self.page() + 1) / 2),
            Action::HalfPageUp => self.move_by(-(self.page() + 1) / 2),
            Action::ReadOn => self.read_on(),
            Action::PrevUnread => self.prev_unread(),
            Action::NextArticle => self.step_article(true),
            Action::PrevArticle => self.step_article(false),
            Action::Top => self.move_by(isize::MIN),
            Action::Bottom => self.move_by(isize::MAX),
            Action::Open => self.open_selected(),
            Action::NextLink => self.step_link(true),
            Action::PrevLink => self.step_link(false),
            Action::FollowLink(number) => self.follow(number.into()),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::Click { column, row } => {
                self.click(Position::new(column, row), last_click);
            }
            Action::Scroll { column, row, down } => self.wheel(Position::new(column, row), down),
        }
        self.relayout();
        self.follow_window(jump);
        self.forget_hidden_link();
        self.mark_read_at_the_end();
        self.remember_position();
        self.refresh_peek();
        self.take_effects()
    }

    fn is_help(&self) -> bool {
        matches!(self.mode, Mode::Help { .. })
    }

    fn is_trail(&self) -> bool {
        matches!(self.mode, Mode::Trail { .. })
    }

    fn is_map(&self) -> bool {
        matches!(self.mode, Mode::Map(_))
    }

    /// Rows in one page of the link map, less one for context.
    fn map_page(&self) -> isize {
        isize::try_from(self.map_height().saturating_sub(1).max(1)).unwrap_or(1)
    }

    /// Lines in one page of the help, less one for context.
    fn help_page(&self) -> isize {
        let visible = self.help_layout(self.screen, 0).visible();
        isize::try_from(visible.saturating_sub(1).max(1)).unwrap_or(1)
    }

    /// The help overlay on `screen`, scrolled to `scroll`, ending with what the last fetch
    /// has to say and the library's problems.
    pub fn help_layout(&self, screen: Rect, scroll: usize) -> help::HelpLayout {
        let appendices = [
            self.fetch_appendix(),
            help::Appendix::problems(&self.library),
        ];
        help::layout(&self.config, &appendices, screen, scroll)
    }

    fn scroll_help(&mut self, delta: isize) {
        if let Mode::Help { scroll } = self.mode {
            let wanted = scroll.saturating_add_signed(delta);
            let scroll = self.help_layout(self.screen, wanted).scroll;
            self.mode = Mode::Help { scroll };
        }
    }
}

/// Whether `action` is the user's (a key, a click): the screen it leaves answers it, so an
/// older message goes. Resizes, timers, reloads and answers from other threads are not.
fn changes_the_view(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize { .. }
            | Action::Tick(_)
            | Action::FilesChanged(_)
            | Action::Notify(_)
            | Action::SearchResults { .. }
            | Action::TextResults { .. }
            | Action::TextIndexReady { .. }
            | Action::TextIndexProgress { .. }
            | Action::SimilarStories { .. }
            | Action::Reloaded { .. }
            | Action::ClosestTitles { .. }
            | Action::Wrapped { .. }
            | Action::FetchProgress { .. }
            | Action::Fetched(_)
    )
}
