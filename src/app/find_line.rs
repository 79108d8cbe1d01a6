//! The find line inside the open article (`/` in the reader, as in less): its query, edited
//! here; finding the hits and scrolling to them are the App's, asked for with a `Request`.

use super::search_line::{edit_query, line_command};
use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome};
use crate::app::keymap;
use crate::domain::wrap::DisplayLine;

/// The search line inside the open article, with where the reader was when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindLine {
    pub query: String,
    /// The scroll to return to on Esc, and to search from.
    pub from: DisplayLine,
    /// The query is the last pattern, reopened: enter looks for it again, the first
    /// character typed replaces it (as in less, where `/` then enter repeats the search).
    pub reopened: bool,
}

impl FindLine {
    /// Edits the query (the reopened one is replaced, not edited); whether it was cut.
    pub(super) fn edit(&mut self, edit: impl FnOnce(&mut String)) -> bool {
        edit_query(&mut self.query, &mut self.reopened, edit)
    }
}

impl Component for FindLine {
    fn keys(&self) -> keymap::Context {
        keymap::Context::Search
    }

    /// Edits the query; the rest (scrolling, `n`/`N`) goes on to the reader beneath.
    fn handle(&mut self, command: Command, _: &Context) -> Outcome {
        line_command(command, &mut self.query, &mut self.reopened)
    }
}
