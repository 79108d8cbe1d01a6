//! Fetching feeds from the reader: `R`, and `auto_fetch`'s clock, send the library's
//! subscriptions to the fetch lane; the status line counts its progress, its end is a message,
//! and the help lists what failed. New stories arrive like any changed file, through live
//! reload: nothing here reads or writes one, and nothing here waits for the network.

use std::time::Duration;

use super::fetch_report::end_message;
use super::state::App;
use crate::domain::worker::FetchEnd;
use crate::domain::worker::{FetchPlan, Job};

/// The reader's fetches: the one out, if any, and how the last one ended.
#[derive(Debug, Default)]
pub struct Fetching {
    /// `Some` while a fetch is out, with (feeds done, feeds in all, new stories) once the
    /// fetch has said.
    running: Option<Option<(usize, usize, usize)>>,
    /// Whether the fetch out was started by the clock rather than by the user: it speaks only
    /// when it has something to say.
    automatic: bool,
    /// How the last fetch of this run ended, for the help.
    last: Option<FetchEnd>,
    /// The message that fetch's end put on the status line: the reload of the stories it
    /// wrote, which comes right after, leaves it there.
    said: Option<String>,
    /// Time since the last fetch ended (or the reader started), for `auto_fetch`.
    idle: Duration,
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

impl App {
    /// `R`: fetch every subscription in the background, unless a fetch is out already.
    pub(super) fn fetch_feeds(&mut self) {
        if let Some(progress) = self.fetch_progress() {
            self.message = Some(match progress {
                FetchProgress::Started => "already fetching".to_owned(),
                FetchProgress::Counting { done, total, .. } => {
                    format!("already fetching: {done}/{total} feeds")
                }
            });
            return;
        }
        self.start_fetch(false);
    }

    fn start_fetch(&mut self, automatic: bool) {
        let fetch = &self.config.fetch;
        let plan = FetchPlan {
            jobs: fetch.jobs.into(),
            connect_timeout: Duration::from_secs(fetch.connect_timeout.into()),
            timeout: Duration::from_secs(fetch.timeout.into()),
            max_bytes: fetch.max_bytes,
            max_redirects: fetch.max_redirects.into(),
        };
        self.fetching.running = Some(None);
        self.fetching.automatic = automatic;
        let root = self.library.root().to_path_buf();
        self.submit(Job::Fetch { root, plan });
    }

    /// How far the fetch out has come; `None` when none is.
    pub fn fetch_progress(&self) -> Option<FetchProgress> {
        let running = self.fetching.running?;
        Some(match running {
            None => FetchProgress::Started,
            Some((done, total, new)) => FetchProgress::Counting { done, total, new },
        })
    }

    pub(super) fn fetch_progressed(&mut self, done: usize, total: usize, new: usize) {
        if self.fetching.running.is_some() {
            self.fetching.running = Some(Some((done, total, new)));
        }
    }

    /// The fetch is over: say how it went (an automatic one only when there is something to
    /// say), and keep its details for the help.
    pub(super) fn fetched(&mut self, end: FetchEnd) {
        self.fetching.running = None;
        self.fetching.idle = Duration::ZERO;
        let quiet = self.fetching.automatic
            && matches!(&end, FetchEnd::Done(tally) if tally.new == 0 && tally.failed() == 0);
        if !quiet {
            let message = end_message(&end);
            self.fetching.said = Some(message.clone());
            self.message = Some(message);
        }
        self.fetching.last = Some(end);
    }

    /// Whether the status line still shows how the last fetch ended: a reload does not
    /// replace that (it says "6 new" already, and what failed).
    pub(super) fn showing_fetch_end(&self) -> bool {
        self.message.is_some() && self.message == self.fetching.said
    }

    /// Time passed: with `auto_fetch` set, a fetch starts once that many minutes went by
    /// since the last one ended.
    pub(super) fn fetch_clock(&mut self, elapsed: Duration) {
        let minutes = self.config.fetch.auto_fetch;
        if minutes == 0 || self.fetching.running.is_some() {
            return;
        }
        self.fetching.idle = self.fetching.idle.saturating_add(elapsed);
        if self.fetching.idle >= Duration::from_secs(60 * u64::from(minutes)) {
            self.start_fetch(true);
        }
    }

    /// How long until `auto_fetch` starts a fetch, while its clock runs.
    pub(super) fn fetch_clock_left(&self) -> Option<Duration> {
        let minutes = self.config.fetch.auto_fetch;
        if minutes == 0 || self.fetching.running.is_some() {
            return None;
        }
        Some(Duration::from_secs(60 * u64::from(minutes)).saturating_sub(self.fetching.idle))
    }
}
