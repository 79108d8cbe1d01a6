//! What is on top of the panes: a stack of overlays and modal lines, each a [`Component`] of
//! its own, and the App's side of them — handing a command to the one on top, and carrying
//! out what it asks.
//!
//! The top overlay hears a command first. A modal one (the help, the history, the link map,
//! a question) keeps every command from the panes beneath; a search line lets what it
//! ignores through to them (its results are the list's rows, moved with the list's keys).

use super::component::{Component, Context, Outcome, Request};
use super::help::Help;
use super::history::HistoryList;
use super::map::LinkMap;
use super::question::Question;
use super::state::App;
use super::views::{FindLine, Focus, SearchLine};
use crate::app::action::Command;
use crate::app::keymap;

/// One overlay or modal line, by type, so that drawing can tell them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help(Help),
    History(HistoryList),
    Map(LinkMap),
    /// A yes/no question on the status line.
    Question(Question),
    /// The title or full-text search line over the list.
    Search(SearchLine),
    /// Searching inside the open article, as `/` in less.
    Find(FindLine),
}

impl Overlay {
    /// Whether the commands it ignores, and the mouse, stop here rather than reach the panes.
    pub fn is_modal(&self) -> bool {
        !matches!(self, Self::Search(_) | Self::Find(_))
    }
}

impl Component for Overlay {
    fn keys(&self) -> keymap::Context {
        match self {
            Self::Help(help) => help.keys(),
            Self::History(list) => list.keys(),
            Self::Map(map) => map.keys(),
            Self::Question(question) => question.keys(),
            Self::Search(_) | Self::Find(_) => keymap::Context::Search,
        }
    }

    fn handle(&mut self, command: Command, cx: &Context) -> Outcome {
        match self {
            Self::Help(help) => help.handle(command, cx),
            Self::History(list) => list.handle(command, cx),
            Self::Map(map) => map.handle(command, cx),
            Self::Question(question) => question.handle(command, cx),
            // The search lines' editing is still the App's (it sends the search jobs).
            Self::Search(_) | Self::Find(_) => Outcome::Ignored,
        }
    }
}

/// The overlays open, the newest on top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlays(Vec<Overlay>);

impl Overlays {
    /// The overlay on top, which hears commands first.
    pub fn top(&self) -> Option<&Overlay> {
        self.0.last()
    }

    pub fn top_mut(&mut self) -> Option<&mut Overlay> {
        self.0.last_mut()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn push(&mut self, overlay: Overlay) {
        self.0.push(overlay);
    }

    pub(super) fn pop(&mut self) -> Option<Overlay> {
        self.0.pop()
    }

    /// Puts `overlay` in place of the one on top (the history opened from the link map takes
    /// its place, as the panes' `T` would).
    pub(super) fn replace_top(&mut self, overlay: Overlay) {
        self.0.pop();
        self.0.push(overlay);
    }

    /// The search line, if it is on top.
    pub fn search(&self) -> Option<&SearchLine> {
        match self.top()? {
            Overlay::Search(search) => Some(search),
            _ => None,
        }
    }

    pub(super) fn search_mut(&mut self) -> Option<&mut SearchLine> {
        match self.top_mut()? {
            Overlay::Search(search) => Some(search),
            _ => None,
        }
    }

    /// Shows `search`: in place of the search line on top, else over what is there.
    pub(super) fn show_search(&mut self, search: SearchLine) {
        match self.search_mut() {
            Some(top) => *top = search,
            None => self.push(Overlay::Search(search)),
        }
    }

    /// The search line taken off the top, if it is there.
    pub(super) fn take_search(&mut self) -> Option<SearchLine> {
        self.search()?;
        match self.0.pop() {
            Some(Overlay::Search(search)) => Some(search),
            _ => None,
        }
    }

    /// The find line, if it is on top.
    pub fn find(&self) -> Option<&FindLine> {
        match self.top()? {
            Overlay::Find(find) => Some(find),
            _ => None,
        }
    }

    pub(super) fn find_mut(&mut self) -> Option<&mut FindLine> {
        match self.top_mut()? {
            Overlay::Find(find) => Some(find),
            _ => None,
        }
    }

    /// The find line taken off the top, if it is there.
    pub(super) fn take_find(&mut self) -> Option<FindLine> {
        self.find()?;
        match self.0.pop() {
            Some(Overlay::Find(find)) => Some(find),
            _ => None,
        }
    }

    /// The link map, if it is on top.
    pub fn map(&self) -> Option<&LinkMap> {
        match self.top()? {
            Overlay::Map(map) => Some(map),
            _ => None,
        }
    }

    pub(super) fn map_mut(&mut self) -> Option<&mut LinkMap> {
        match self.top_mut()? {
            Overlay::Map(map) => Some(map),
            _ => None,
        }
    }
}

impl App {
    /// What components may read of the app, beside the overlays lent out to hear a command.
    fn split(&mut self) -> (&mut Overlays, Context<'_>) {
        let page = self.page();
        let cx = Context {
            library: &self.library,
            config: &self.config,
            screen: self.screen,
            page,
            visits: self.history.visits().len(),
            last_fetch: self.fetching.last(),
        };
        (&mut self.overlays, cx)
    }

    /// The context components read, for drawing and tests.
    pub fn component_context(&self) -> Context<'_> {
        Context {
            library: &self.library,
            config: &self.config,
            screen: self.screen,
            page: self.page(),
            visits: self.history.visits().len(),
            last_fetch: self.fetching.last(),
        }
    }

    /// Hands `command` to the overlay on top; what it ignores reaches the panes unless the
    /// overlay is modal.
    pub(super) fn route(&mut self, command: Command) {
        let (overlays, cx) = self.split();
        let (outcome, modal) = match overlays.top_mut() {
            Some(top) => (top.handle(command, &cx), top.is_modal()),
            None => (Outcome::Ignored, false),
        };
        match outcome {
            Outcome::Ignored if modal => {}
            Outcome::Ignored => self.pane_command(command),
            Outcome::Handled => {}
            Outcome::Close => {
                self.overlays.pop();
            }
            Outcome::Request(request) => self.carry_out(request),
        }
    }

    /// Carries out what the overlay on top asked.
    fn carry_out(&mut self, request: Request) {
        match request {
            Request::OpenStory(id) => {
                self.overlays.pop();
                if self.current() != Some(id) {
                    self.open_article(id);
                }
                self.focus_on(Focus::Reader);
            }
            Request::JumpToVisit(index) => {
                self.overlays.pop();
                self.history
                    .remember(self.reader.scroll, self.reader.link_cursor);
                if let Some(visit) = self.history.jump(index) {
                    self.display(visit.article, visit.scroll, visit.link);
                }
            }
            Request::ShowHistory => match HistoryList::open(&self.history) {
                Some(list) => self.overlays.replace_top(Overlay::History(list)),
                None => {
                    self.overlays.pop();
                }
            },
            Request::Say(message) => self.message = Some(message),
            Request::CloseSaying(message) => {
                self.overlays.pop();
                self.message = Some(message);
            }
            Request::CatchUp => {
                self.overlays.pop();
                self.catch_up();
            }
        }
    }

    /// `?`: opens the help over what is shown, or closes it.
    pub(super) fn toggle_help(&mut self) {
        if matches!(self.overlays.top(), Some(Overlay::Help(_))) {
            self.overlays.pop();
        } else {
            self.overlays.push(Overlay::Help(Help::default()));
        }
    }

    /// `T`: opens the history list on the current visit, or closes it.
    pub(super) fn toggle_history(&mut self) {
        if matches!(self.overlays.top(), Some(Overlay::History(_))) {
            self.overlays.pop();
        } else if let Some(list) = HistoryList::open(&self.history) {
            self.overlays.push(Overlay::History(list));
        }
    }

    /// `M`: opens the map of the open article on its first link.
    pub(super) fn open_map(&mut self) {
        let Some(root) = self.current() else {
            self.message = Some("no article open".to_owned());
            return;
        };
        let map = LinkMap::open(&self.library, root, self.screen);
        self.overlays.push(Overlay::Map(map));
    }

    /// After a reload, the open map is built again from the new library (ids may have moved).
    pub(super) fn rebuild_map(&mut self) {
        let root = self.current();
        let (overlays, cx) = self.split();
        if let (Some(map), Some(root)) = (overlays.map_mut(), root) {
            map.rebuild(cx.library, root, cx.screen);
        }
    }

    /// Esc with something on top: a search line cancels, a question hears no, an overlay
    /// closes. False when nothing is on top.
    pub(super) fn back_out_of_overlay(&mut self) -> bool {
        match self.overlays.top() {
            None => return false,
            Some(Overlay::Search(_) | Overlay::Find(_)) => self.cancel_search(),
            Some(_) => self.route(Command::Close),
        }
        true
    }

    /// The help overlay on `screen`, scrolled to `scroll`, ending with what the last fetch
    /// has to say and the library's problems.
    pub fn help_layout(
        &self,
        screen: ratatui::layout::Rect,
        scroll: usize,
    ) -> super::help::HelpLayout {
        Help::at(scroll).layout(&self.component_context(), screen)
    }
}
