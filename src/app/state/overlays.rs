//! The App's side of the overlays: handing a command to the one on top, and carrying out
//! what it asks.

use super::App;
use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::app::focus::Focus;
use crate::app::help::Help;
use crate::app::history::HistoryList;
use crate::app::map::LinkMap;
use crate::app::overlays::{Overlay, Overlays};

impl App {
    /// What components may read of the app, beside the overlays lent out to hear a command.
    fn split(&mut self) -> (&mut Overlays, Context<'_>) {
        let page = self.page();
        let pane_height = self.pane_height(self.active_pane());
        let cx = Context {
            library: &self.library,
            config: &self.config,
            screen: self.screen,
            page,
            visits: self.history.visits().len(),
            last_fetch: self.fetching.last(),
            marks: &self.marks,
            open: self.reader.current(),
            pane_height,
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
            marks: &self.marks,
            open: self.reader.current(),
            pane_height: self.pane_height(self.active_pane()),
        }
    }

    /// Hands `command` to the overlay on top; what it ignores reaches the panes unless the
    /// overlay is modal.
    pub(in crate::app) fn route(&mut self, command: Command) {
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
                    .remember(self.reader.scroll(), self.related.link_cursor);
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
            Request::QueryEdited { cut } => self.query_edited(cut),
            Request::AcceptSearch => self.accept_search(),
            Request::CancelSearch => self.cancel_search(),
            request => self.carry_out_for_panes(request),
        }
    }

    /// `?`: opens the help over what is shown, or closes it.
    pub(in crate::app) fn toggle_help(&mut self) {
        if matches!(self.overlays.top(), Some(Overlay::Help(_))) {
            self.overlays.pop();
        } else {
            self.overlays.push(Overlay::Help(Help::default()));
        }
    }

    /// `T`: opens the history list on the current visit, or closes it.
    pub(in crate::app) fn toggle_history(&mut self) {
        if matches!(self.overlays.top(), Some(Overlay::History(_))) {
            self.overlays.pop();
        } else if let Some(list) = HistoryList::open(&self.history) {
            self.overlays.push(Overlay::History(list));
        }
    }

    /// `M`: opens the map of the open article on its first link.
    pub(in crate::app) fn open_map(&mut self) {
        let Some(root) = self.current() else {
            self.message = Some("no article open".to_owned());
            return;
        };
        let map = LinkMap::open(&self.library, root, self.screen);
        self.overlays.push(Overlay::Map(map));
    }

    /// After a reload, the open map is built again from the new library (ids may have moved).
    pub(in crate::app) fn rebuild_map(&mut self) {
        let root = self.current();
        let (overlays, cx) = self.split();
        if let (Some(map), Some(root)) = (overlays.map_mut(), root) {
            map.rebuild(cx.library, root, cx.screen);
        }
    }

    /// Esc with something on top: a search line cancels, a question hears no, an overlay
    /// closes. False when nothing is on top.
    pub(in crate::app) fn back_out_of_overlay(&mut self) -> bool {
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
    ) -> crate::app::help::HelpLayout {
        Help::at(scroll).layout(&self.component_context(), screen)
    }
}
