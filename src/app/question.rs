//! A yes/no question on the status line: `y` says yes; any other key, and Esc, say no.

use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::app::keymap;

/// What a yes/no question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Mark every article of the library read: `unread` of them are not yet.
    CatchUp { unread: usize },
}

impl Component for Question {
    fn keys(&self) -> keymap::Context {
        keymap::Context::Question
    }

    /// Yes carries out what it asks; no (or closing) says that nothing was done.
    fn handle(&mut self, command: Command, _: &Context) -> Outcome {
        match (*self, command) {
            (Self::CatchUp { .. }, Command::Yes) => Outcome::Request(Request::CatchUp),
            (Self::CatchUp { .. }, Command::No | Command::Close) => {
                Outcome::Request(Request::CloseSaying("nothing marked".to_owned()))
            }
            _ => Outcome::Ignored,
        }
    }
}
