//! The history list (`T`): every visit of this run, newest first, to go back (or forward)
//! to any of them.

use super::History;
use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::app::keymap;

/// The history list, with row `selected` chosen (row 0 is the newest visit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryList {
    selected: usize,
}

impl HistoryList {
    /// The list with the current visit selected; none when nothing was visited.
    pub fn open(history: &History) -> Option<Self> {
        let last = history.visits().len().checked_sub(1)?;
        Some(Self {
            selected: last - history.cursor(),
        })
    }

    /// The list with row `selected` chosen.
    pub fn at(selected: usize) -> Self {
        Self { selected }
    }

    /// The row chosen, newest first.
    pub fn selected(self) -> usize {
        self.selected
    }
}

impl Component for HistoryList {
    fn keys(&self) -> keymap::Context {
        keymap::Context::History
    }

    /// Moves by the focused pane's page, jumps to the visit chosen, and closes.
    fn handle(&mut self, command: Command, cx: &Context) -> Outcome {
        match command {
            Command::Close | Command::History => Outcome::Close,
            Command::Move(motion) => {
                let last = cx.visits.saturating_sub(1);
                let delta = motion.rows(cx.page, cx.page / 2);
                self.selected = self.selected.saturating_add_signed(delta).min(last);
                Outcome::Handled
            }
            Command::Open => match cx.visits.checked_sub(self.selected + 1) {
                Some(index) => Outcome::Request(Request::JumpToVisit(index)),
                None => Outcome::Close,
            },
            _ => Outcome::Ignored,
        }
    }
}
