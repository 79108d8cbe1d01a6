//! Fetching feeds from the reader: `R`, and `auto_fetch`'s clock, send the library's
//! subscriptions to the fetch lane; the status line counts its progress, its end is a message,
//! and the help lists what failed. New stories arrive like any changed file, through live
//! reload: nothing here reads or writes one, and nothing here waits for the network.

use std::time::Duration;

use crate::domain::plural::counted;
use crate::domain::worker::{FetchEnd, FetchTally};

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

/// The status line's message at the end of a fetch.
pub(super) fn end_message(end: &FetchEnd) -> String {
    match end {
        FetchEnd::Done(tally) if tally.feeds == 0 => {
            "no feeds to fetch: subscribe with readmore feeds add URL".to_owned()
        }
        FetchEnd::Done(tally) => {
            let failed = tally.failed();
            let others = tally.notes.len() - failed;
            let pointer = if failed > 0 {
                ": the help lists them"
            } else if others > 0 {
                " · notes in the help"
            } else {
                ""
            };
            format!("fetched {}{pointer}", tally_line(tally))
        }
        FetchEnd::Busy => {
            "another fetch is running on this library: try again when it is done".to_owned()
        }
        FetchEnd::Failed(why) => format!("fetch failed: {why}"),
    }
}

/// "40 feeds · 7 new · 1 updated · 2 failed", leaving out what is zero past the new count.
pub(super) fn tally_line(tally: &FetchTally) -> String {
    let mut parts = vec![
        counted(tally.feeds, "feed", "feeds"),
        format!("{} new", tally.new),
    ];
    if tally.updated > 0 {
        parts.push(format!("{} updated", tally.updated));
    }
    let failed = tally.failed();
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    parts.join(" · ")
}
