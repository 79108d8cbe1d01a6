//! What is on top of the panes: a stack of overlays and modal lines, each a [`Component`] of
//! its own. (The App's side of them — handing a command to the one on top, and carrying out
//! what it asks — is in `state/overlays.rs`.)
//!
//! The top overlay hears a command first. A modal one (the help, the history, the link map,
//! a question) keeps every command from the panes beneath; a search line lets what it
//! ignores through to them (its results are the list's rows, moved with the list's keys).

use super::component::{Component, Context, Outcome};
use super::find_line::FindLine;
use super::help::Help;
use super::history::HistoryList;
use super::map::LinkMap;
use super::question::Question;
use super::search_line::SearchLine;
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
            Self::Search(search) => search.keys(),
            Self::Find(find) => find.keys(),
        }
    }

    fn handle(&mut self, command: Command, cx: &Context) -> Outcome {
        match self {
            Self::Help(help) => help.handle(command, cx),
            Self::History(list) => list.handle(command, cx),
            Self::Map(map) => map.handle(command, cx),
            Self::Question(question) => question.handle(command, cx),
            Self::Search(search) => search.handle(command, cx),
            Self::Find(find) => find.handle(command, cx),
        }
    }
}

/// The overlay of one kind, read and changed while it is on top.
macro_rules! on_top {
    ($variant:ident, $type:ty, $get:ident) => {
        #[doc = concat!("The `", stringify!($type), "`, if it is on top.")]
        pub fn $get(&self) -> Option<&$type> {
            match self.top()? {
                Overlay::$variant(it) => Some(it),
                _ => None,
            }
        }
    };
    ($variant:ident, $type:ty, $get:ident, $get_mut:ident) => {
        on_top!($variant, $type, $get);

        #[doc = concat!("The `", stringify!($type), "` to change, if it is on top.")]
        pub(super) fn $get_mut(&mut self) -> Option<&mut $type> {
            match self.top_mut()? {
                Overlay::$variant(it) => Some(it),
                _ => None,
            }
        }
    };
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

    on_top!(Search, SearchLine, search, search_mut);
    on_top!(Find, FindLine, find);
    on_top!(Map, LinkMap, map, map_mut);

    /// Shows `search`: in place of the search line on top, else over what is there.
    pub(super) fn show_search(&mut self, search: SearchLine) {
        match self.search_mut() {
            Some(top) => *top = search,
            None => self.push(Overlay::Search(search)),
        }
    }

    /// The search line taken off the top, if it is there.
    pub(super) fn take_search(&mut self) -> Option<SearchLine> {
        match self.0.pop_if(|top| matches!(top, Overlay::Search(_)))? {
            Overlay::Search(search) => Some(search),
            _ => None,
        }
    }

    /// The find line taken off the top, if it is there.
    pub(super) fn take_find(&mut self) -> Option<FindLine> {
        match self.0.pop_if(|top| matches!(top, Overlay::Find(_)))? {
            Overlay::Find(find) => Some(find),
            _ => None,
        }
    }
}
