//! Time in the app: `update` never reads a clock; the event loop passes time in as
//! `Event::Tick`, and only while something waits for it, which [`App::next_timer`] says.

use std::time::Duration;

use super::state::App;

impl App {
    /// How long until the first thing that waits for time is due: the open article counted
    /// as read, `auto_fetch`'s next fetch. `None` when nothing waits: then time passing
    /// changes nothing, and the event loop sleeps until there is input.
    pub fn next_timer(&self) -> Option<Duration> {
        [self.read_timer_left(), self.fetch_clock_left()]
            .into_iter()
            .flatten()
            .min()
    }
}
