//! `update`: the one place where the app's state changes. This file only dispatches; each
//! concern's handlers live beside it (navigation, links, list, mouse, reload, search).

use ratatui::layout::{Position, Rect};

use super::state::App;
use super::views::{Mode, SearchKind};
use crate::action::Action;

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
            Action::Reloaded {
                library,
                titles,
                change,
                ..
            } => self.swap_in(library.0, &titles.0, &change),
            Action::ClosestTitles { generation, ids } => self.receive_closest(generation, ids),
            Action::Wrapped {
                generation,
                wrapped,
            } => self.receive_wrapped(generation, wrapped),
            _ if self.mode == Mode::Help => {}
            Action::Search => self.open_search(SearchKind::Titles),
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
            Action::FollowLink(number) => self.follow(number.into()),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::Click { column, row } => self.click(Position::new(column, row)),
            Action::Scroll { column, row, down } => self.wheel(Position::new(column, row), down),
        }
        self.remember_position();
        self.apply_inline_answers();
    }
}
