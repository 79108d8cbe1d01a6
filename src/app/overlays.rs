//! What is on top of the panes: a stack of overlays and modal lines, each a [`Component`] of
//! its own. (The App's side of them — handing a command to the one on top, and carrying out
//! what it asks — is in `state/overlays.rs`.)
//!
//! The top overlay hears a command first. A modal one (the help, the history, the link map,
//! a question) keeps every command from the panes beneath; a search line lets what it
//! ignores through to them (its results are the list's rows, moved with the list's keys).

use super::component::{Component, Context, Outcome};
use super::help::Help;
use super::history::HistoryList;
use super::map::LinkMap;
use super::question::Question;
use super::views::{FindLine, SearchLine};
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
