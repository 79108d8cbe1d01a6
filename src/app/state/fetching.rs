//! Fetching feeds from the reader: `R` and `auto_fetch`'s clock send the fetch job; its
//! progress and end land here (what they keep is `Fetching`).

use super::App;
use crate::app::fetch_report::end_message;
use crate::app::fetching::FetchProgress;
use crate::domain::worker::FetchEnd;
use crate::domain::worker::{FetchPlan, Job};
use std::time::Duration;

impl App {
    /// `R`: fetch every subscription in the background, unless a fetch is out already.
    pub(in crate::app) fn fetch_feeds(&mut self) {
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

    pub(in crate::app) fn fetch_progressed(&mut self, done: usize, total: usize, new: usize) {
        if self.fetching.running.is_some() {
            self.fetching.running = Some(Some((done, total, new)));
        }
    }

    /// The fetch is over: say how it went (an automatic one only when there is something to
    /// say), and keep its details for the help.
    pub(in crate::app) fn fetched(&mut self, end: FetchEnd) {
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
    pub(in crate::app) fn showing_fetch_end(&self) -> bool {
        self.message.is_some() && self.message == self.fetching.said
    }

    /// Time passed: with `auto_fetch` set, a fetch starts once that many minutes went by
    /// since the last one ended.
    pub(in crate::app) fn fetch_clock(&mut self, elapsed: Duration) {
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
    pub(in crate::app) fn fetch_clock_left(&self) -> Option<Duration> {
        let minutes = self.config.fetch.auto_fetch;
        if minutes == 0 || self.fetching.running.is_some() {
            return None;
        }
        Some(Duration::from_secs(60 * u64::from(minutes)).saturating_sub(self.fetching.idle))
    }
}
