//! What `update` asks the outside world to do. The app changes only its own state; running a
//! job, writing a mark, giving the terminal to the pager and quitting are the event loop's,
//! which takes them from [`App::update`]'s answer.

use super::handoff::Handoff;
use super::marks::MarkChange;
use super::state::App;
use crate::domain::worker::Submission;

/// The work one `update` leaves for the event loop, in the order it was asked for.
#[derive(Default)]
pub struct Effects {
    /// Jobs for the worker lanes, numbered: their answers carry the number.
    pub jobs: Vec<Submission>,
    /// Mark changes for the reading state's store, oldest first.
    pub marks: Vec<MarkChange>,
    /// Work for the terminal layer: the pager, the editor, the clipboard, the browser.
    pub handoff: Option<Handoff>,
    /// The user quit.
    pub quit: bool,
}

impl Effects {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty() && self.marks.is_empty() && self.handoff.is_none() && !self.quit
    }
}

impl App {
    /// The effects asked for since the last call: `update` returns them, and the loop takes
    /// those of the start (the first article's jobs, a restored session's) from here.
    pub fn take_effects(&mut self) -> Effects {
        Effects {
            jobs: std::mem::take(&mut self.background.outbox),
            marks: self.marks.take_changes(),
            handoff: self.handoff.take(),
            quit: std::mem::take(&mut self.quit),
        }
    }
}
