//! `update`: the one place where the app's state changes. This file only dispatches; each
//! concern's handlers live beside it (navigation, links, list, mouse, reload, search, peek),
//! and the overlays on top are components (`overlays.rs`).

use ratatui::layout::{Position, Rect};

use super::focus::Focus;
use super::mouse::ClickTarget;
use super::overlays::Overlay;
use super::search_line::SearchKind;
use super::state::App;
use super::{Effects, Handoff};
use crate::app::action::{Answer, Command, Event, Input, Msg};

/// Rows the mouse wheel moves the link map's selection per notch, as it scrolls the panes.
pub(super) const WHEEL_ROWS: isize = 3;

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
        let jump = self.background.jump.take();
        self.follow_window(jump);
        self.take_effects()
    }

    /// What happened around the app lands whatever is shown.
    fn event(&mut self, event: Event) {
        match event {
            Event::Resize { width, height } => {
                self.resize(Rect::new(0, 0, width, height));
                // The map's selection stays in view on a shorter screen.
                if let Some(map) = self.overlays.map_mut() {
                    map.move_by(0, self.screen);
                }
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
                total,
            } => self.receive_results(generation, ids, total, complete),
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
                if let Some(ids) = self.related.receive_peek_closest(generation, ids) {
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

    /// The user's input, before it is a command: a key means what the context's keys say;
    /// the mouse and a paste go to the overlay on top (the link map scrolls, the others take
    /// nothing), else to the panes.
    fn input(&mut self, input: Input, last_click: Option<ClickTarget>) {
        let screen = self.screen;
        let modal = self.overlays.top().is_some_and(Overlay::is_modal);
        match (input, self.overlays.map_mut()) {
            (Input::Key(key), _) => self.key(key),
            (Input::Scroll { down, .. }, Some(map)) => {
                map.move_by(if down { WHEEL_ROWS } else { -WHEEL_ROWS }, screen);
            }
            _ if modal => {}
            (Input::Paste(text), _) => self.paste(&text),
            (Input::Click { column, row }, _) => {
                self.click(Position::new(column, row), last_click);
            }
            (Input::Scroll { column, row, down }, _) => {
                self.wheel(Position::new(column, row), down);
            }
        }
    }

    /// Carries out one command: what works whatever is on top first, then the overlay on top
    /// (`overlays.rs`), then the panes, if the overlay lets the command through.
    pub(super) fn command(&mut self, command: Command) {
        // Keys reach here too, mapped by the key tables.
        let reading = self.focus == Focus::Reader && self.overlays.is_empty();
        self.background.jump = super::window::Jump::of(command, reading);
        match command {
            Command::Quit => self.quit = true,
            Command::BackOut => self.back_out(),
            Command::Help => self.toggle_help(),
            command => self.route(command),
        }
    }

    /// A command over the panes, or that a search line let through: the pane it is for takes
    /// it first ([`App::route_to_pane`]), then what needs more than one pane.
    pub(super) fn pane_command(&mut self, command: Command) {
        if self.route_to_pane(command) {
            return;
        }
        match command {
            Command::History => self.toggle_history(),
            Command::LinkMap => self.open_map(),
            Command::TogglePeek => self.toggle_peek(),
            Command::Search => self.open_search(SearchKind::Titles),
            Command::Find if self.focus == Focus::Reader => self.open_find(),
            Command::Find => self.open_search(SearchKind::Titles),
            Command::FullTextSearch => self.open_search(SearchKind::FullText),
            Command::NextHit => self.step_hit(true),
            Command::PrevHit => self.step_hit(false),
            Command::ToggleRead => self.toggle_mark(|r| &mut r.read, "read", "unread"),
            Command::ToggleStar => self.toggle_mark(|r| &mut r.starred, "starred", "unstarred"),
            Command::MarkAllRead => self.mark_folder_read(),
            Command::CatchUp => self.ask_catch_up(),
            Command::OpenInPager => self.hand_off_file(Handoff::Pager),
            Command::OpenInEditor => self.hand_off_file(Handoff::Editor),
            Command::OpenSource => self.open_source(),
            Command::FetchFeeds => self.fetch_feeds(),
            Command::CopyTitle => self.copy(false),
            Command::CopyPath => self.copy(true),
            Command::Zoom => self.toggle_zoom(),
            Command::FocusNext => self.focus_on(self.focus.next()),
            Command::FocusPrev => self.focus_on(self.focus.prev()),
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
            // The list's own, which the list always takes.
            Command::FilterUnread
            | Command::FilterStarred
            | Command::CycleSort
            | Command::ToggleSection => {}
            // Nothing is open to close, no line to edit; the rest works whatever is on top.
            Command::Close
            | Command::DeleteChar
            | Command::DeleteWord
            | Command::Cancel
            | Command::Accept
            | Command::Quit
            | Command::Yes
            | Command::No
            | Command::BackOut
            | Command::Help => {}
        }
    }
}
