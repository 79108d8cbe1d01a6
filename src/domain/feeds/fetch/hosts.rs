//! The order feeds are fetched in: at most `per_host` connections to one host at a time.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

use url::Url;

use crate::domain::feeds::subscriptions::Subscription;

/// The work queue: feeds in order, each taken only while its host has a free connection.
pub(super) struct HostQueue {
    hosts: Vec<String>,
    per_host: usize,
    state: Mutex<QueueState>,
    changed: Condvar,
}

struct QueueState {
    waiting: VecDeque<usize>,
    busy: HashMap<String, usize>,
}

impl HostQueue {
    pub(super) fn new<'a>(
        feeds: impl ExactSizeIterator<Item = &'a Subscription>,
        per_host: usize,
    ) -> Self {
        let count = feeds.len();
        let hosts = feeds
            .map(|feed| {
                Url::parse(&feed.url)
                    .ok()
                    .and_then(|url| url.host_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        Self {
            hosts,
            per_host,
            state: Mutex::new(QueueState {
                waiting: (0..count).collect(),
                busy: HashMap::new(),
            }),
            changed: Condvar::new(),
        }
    }

    /// The next feed whose host is free, waiting while every waiting feed's host is busy;
    /// `None` when no feed is left.
    pub(super) fn next(&self) -> Option<usize> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if state.waiting.is_empty() {
                return None;
            }
            let free = (state.waiting.iter()).position(|&slot| {
                state.busy.get(&self.hosts[slot]).copied().unwrap_or(0) < self.per_host
            });
            if let Some(at) = free {
                let slot = state.waiting.remove(at)?;
                *state.busy.entry(self.hosts[slot].clone()).or_default() += 1;
                return Some(slot);
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    pub(super) fn done(&self, slot: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = state.busy.get_mut(&self.hosts[slot]) {
            *count = count.saturating_sub(1);
        }
        self.changed.notify_all();
    }
}
