//! Fetching feeds from the reader: `R`, and `auto_fetch`'s clock, send the library's
//! subscriptions to the fetch lane; the status line counts its progress, its end is a message,
//! and the help lists what failed. New stories arrive like any changed file, through live
//! reload: nothing here reads or writes one, and nothing here waits for the network.

use std::time::Duration;

use crate::domain::worker::FetchEnd;

/// The reader's fetches: the one out, if any, and how the last one ended.
#[derive(Debug, Default)]
pub struct Fetching {
    /// `Some` while a fetch is out, with (feeds done, feeds in all, new stories) once the
    /// fetch has said.
    pub(super) running: Option<Option<(usize, usize, usize)>>,
    /// Whether the fetch out was started by the clock rather than by the user: it speaks only
    /// when it has something to say.
    pub(super) automatic: bool,
    /// How the last fetch of this run ended, for the help.
    pub(super) last: Option<FetchEnd>,
    /// The message that fetch's end put on the status line: the reload of the stories it
    /// wrote, which comes right after, leaves it there.
    pub(super) said: Option<String>,
    /// Time since the last fetch ended (or the reader started), for `auto_fetch`.
    pub(super) idle: Duration,
}

/// How far a fetch has come, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchProgress {
    /// Sent, no feed answered yet (or the subscriptions are being read).
    Started,
    /// `done` of `total` feeds answered, with `new` stories so far.
    Counting {
        done: usize,
        total: usize,
        new: usize,
    },
}

impl Fetching {
    /// How the last fetch of this run ended, for the help.
    pub(super) fn last(&self) -> Option<&FetchEnd> {
        self.last.as_ref()
    }
}
