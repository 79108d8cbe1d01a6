//! `update`: the one place where the app's state changes. This file only dispatches; each
//! concern's handlers live beside it (navigation, links, list, mouse, reload, search, trail,
//! peek, map).

use ratatui::layout::{Position, Rect};

use super::help;
use super::mouse::ClickTarget;
use super::state::App;
use super::views::{Focus, Mode, SearchKind};
use super::{Effects, Handoff};
use crate::app::action::{Answer, Command, Event, Input, Msg};

/// Rows the mouse wheel moves the link map's selection per notch, as it scrolls the panes.
const WHEEL_ROWS: isize = 3;

impl App {
    /// Applies one message; returns what it leaves for the event loop to do.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Effects {
        let msg = msg.into();
        let mut last_click = None;
        if msg.is_the_users() {
            // A message answers the action before; the next one the user makes replaces it.
            self.message = None;
            // Only a click right after a click can be its second one.
            last_click = self.last_click.take();
            // Someone is at the screen: the article shown counts as read after a while.
            self.arm_read_timer_on_input();
        }
        match msg {
            Msg::Command(command) => self.command(command),
            Msg::Input(input) => self.input(input, last_click),
            Msg::Event(event) => self.event(event),
            Msg::Answer(answer) => self.receive(answer),
        }
        self.relayout();
        self.forget_hidden_link();
        self.mark_read_at_the_end();
        self.remember_position();
        self.refresh_peek();
        self.take_effects()
    }

    /// What happened around the app lands whatever is shown.
    fn event(&mut self, event: Event) {
        match event {
            Event::Resize { width, height } => {
                self.resize(Rect::new(0, 0, width, height));
                // The map's selection stays in view on a shorter screen.
                self.move_in_map(0);
            }
            Event::Tick(elapsed) => {
                self.tick(elapsed);
                self.fetch_clock(elapsed);
            }
            Event::FilesChanged(paths) => self.files_changed(paths),
            Event::Notify(message) => self.message = Some(message),
        }
    }

    /// A worker's answer lands whatever is shown.
    fn receive(&mut self, answer: Answer) {
        match answer {
            Answer::SearchResults {
                generation,
                ids,
                complete,
            } => self.receive_results(generation, ids, complete),
            Answer::TextResults { generation, hits } => self.receive_text(generation, hits),
            Answer::TextIndexReady { version } => self.text_index_ready(version),
            Answer::TextIndexProgress { done, total, .. } => self.text_index_progress(done, total),
            Answer::SimilarStories {
                version,
                article,
                ids,
            } => self.receive_similar(version, article, ids),
            Answer::Reloaded {
                library,
                titles,
                change,
                ..
            } => {
                self.swap_in(library, &titles, &change);
                self.rebuild_map();
            }
            Answer::ClosestTitles { generation, ids } => {
                if let Some(ids) = self.receive_peek_closest(generation, ids) {
                    self.receive_closest(generation, ids);
                }
            }
            Answer::Wrapped {
                generation,
                wrapped,
            } => self.receive_wrapped(generation, wrapped),
            Answer::FetchProgress { done, total, new } => self.fetch_progressed(done, total, new),
            Answer::Fetched(end) => self.fetched(end),
        }
    }

    /// The user's input, before it is a command: a key means what the mode's keys say.
    fn input(&mut self, input: Input, last_click: Option<ClickTarget>) {
        match input {
            Input::Key(key) => self.key(key),
            _ if matches!(self.mode, Mode::Confirm(_)) || self.is_help() || self.is_trail() => {}
            Input::Scroll { down, .. } if self.is_map() => {
                self.move_in_map(if down { WHEEL_ROWS } else { -WHEEL_ROWS });
            }
            _ if self.is_map() => {}
            Input::Paste(text) => self.paste(&text),
            Input::Click { column, row } => {
                self.click(Position::new(column, row), last_click);
            }
            Input::Scroll { column, row, down } => self.wheel(Position::new(column, row), down),
        }
    }

    /// Carries out one command.
    pub(super) fn command(&mut self, command: Command) {
        match command {
            Command::Quit => self.quit = true,
            Command::Yes => self.answer(true),
            Command::No => self.answer(false),
            Command::BackOut => self.back_out(),
            Command::Help => {
                self.mode = match self.mode {
                    Mode::Help { .. } => Mode::Normal,
                    _ => Mode::Help { scroll: 0 },
                }
            }
            _ if matches!(self.mode, Mode::Confirm(_)) => {}
            Command::Close if self.is_help() || self.is_trail() || self.is_map() => {
                self.mode = Mode::Normal;
            }
            Command::Move(motion) if self.is_help() => {
                let page = self.help_page();
                self.scroll_help(motion.rows(page, page / 2));
            }
            Command::ReadOn if self.is_help() => self.scroll_help(self.help_page()),
            _ if self.is_help() => {}
            Command::Trail => self.toggle_trail(),
            Command::Move(motion) if self.is_trail() => {
                let page = self.page();
                self.move_in_trail(motion.rows(page, page / 2));
            }
            Command::Open if self.is_trail() => self.jump_in_trail(),
            _ if self.is_trail() => {}
            Command::LinkMap => self.toggle_map(),
            Command::Move(motion) if self.is_map() => {
                let page = self.map_page();
                self.move_in_map(motion.rows(page, page / 2));
            }
            Command::Open if self.is_map() => self.open_from_map(),
            _ if self.is_map() => {}
            Command::TogglePeek => self.toggle_peek(),
            Command::Search => self.open_search(SearchKind::Titles),
            Command::Find if self.focus == Focus::Reader => self.open_find(),
            Command::Find => self.open_search(SearchKind::Titles),
            Command::FullTextSearch => self.open_search(SearchKind::FullText),
            Command::NextHit => self.step_hit(true),
            Command::PrevHit => self.step_hit(false),
            Command::DeleteChar => self.delete_char(),
            Command::DeleteWord => self.delete_word(),
            Command::Cancel => self.cancel_search(),
            Command::Accept => self.accept_search(),
            Command::ToggleRead => self.toggle_mark(|r| &mut r.read, "read", "unread"),
            Command::ToggleStar => self.toggle_mark(|r| &mut r.starred, "starred", "unstarred"),
            Command::FilterUnread => self.toggle_filter(|f| f.unread_only = !f.unread_only),
            Command::FilterStarred => self.toggle_filter(|f| f.starred_only = !f.starred_only),
            Command::MarkAllRead => self.mark_folder_read(),
            Command::CatchUp => self.ask_catch_up(),
            Command::OpenInPager => self.hand_off_file(Handoff::Pager),
            Command::OpenInEditor => self.hand_off_file(Handoff::Editor),
            Command::OpenSource => self.open_source(),
            Command::FetchFeeds => self.fetch_feeds(),
            Command::CopyTitle => self.copy(false),
            Command::CopyPath => self.copy(true),
            Command::Zoom => self.zoomed = !self.zoomed,
            Command::CycleSort => self.cycle_sort(),
            Command::ToggleSection => self.toggle_section(),
            Command::FocusNext => self.focus = self.focus.next(),
            Command::FocusPrev => self.focus = self.focus.prev(),
            Command::Move(motion) => {
                let page = self.page();
                self.move_by(motion.rows(page, (page + 1) / 2));
            }
            Command::ReadOn => self.read_on(),
            Command::PrevUnread => self.prev_unread(),
            Command::NextArticle => self.step_article(true),
            Command::PrevArticle => self.step_article(false),
            Command::Open => self.open_selected(),
            Command::NextLink => self.step_link(true),
            Command::PrevLink => self.step_link(false),
            Command::FollowLink(number) => self.follow(number.into()),
            Command::Back => self.go_back(),
            Command::Forward => self.go_forward(),
            // Nothing is open to close.
            Command::Close => {}
        }
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
