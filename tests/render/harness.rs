//! `update`'s effects carried out for the tests that drive an [`App`] without a terminal:
//! each job runs at once on the test's thread, and its answers are applied in order, as the
//! event loop would apply the workers'. Jobs that need the full-text index (similar stories,
//! full-text search) run only where the test asks ([`TestApp::with_index`]): building an index
//! is the slowest thing a test App can do.

use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use readmore::app::action::Msg;
use readmore::app::config::Config;
use readmore::app::{App, Effects};
use readmore::domain::library::Library;
use readmore::domain::worker::{Job, Runner, Submission, Ticket};

/// An [`App`] whose jobs are run, and answered, after each `update`.
pub struct TestApp {
    app: App,
    runner: Runner,
    index: bool,
}

impl TestApp {
    /// [`App::new`] over `library`; the jobs of its start run with the first action's.
    pub fn new(library: Library, config: Config, color: bool, screen: Rect) -> Self {
        Self {
            app: App::new(library, config, color, screen),
            // In memory: a test leaves nothing in the user's cache folder.
            runner: Runner::with_cache(None),
            index: false,
        }
    }

    /// Runs the jobs that need the full-text index too.
    pub fn with_index(mut self) -> Self {
        self.index = true;
        self
    }

    /// Applies `msg`, then runs its jobs and applies their answers.
    pub fn update(&mut self, msg: impl Into<Msg>) {
        let mut answers = VecDeque::from([msg.into()]);
        while let Some(msg) = answers.pop_front() {
            let Effects { jobs, .. } = self.app.update(msg);
            for Submission { generation, job } in jobs {
                let index_job = matches!(
                    job,
                    Job::FullText { .. } | Job::Similar { .. } | Job::TextUpdate { .. }
                );
                if index_job && !self.index {
                    continue;
                }
                let ticket = Ticket::new(generation, Arc::new(AtomicU64::new(generation)));
                (self.runner).run(job, &ticket, &mut |answer| answers.push_back(answer.into()));
            }
        }
    }
}

impl Deref for TestApp {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}

impl DerefMut for TestApp {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

/// Drawn as the app it holds.
impl Widget for &TestApp {
    fn render(self, area: Rect, buffer: &mut Buffer) {
        (&self.app).render(area, buffer);
    }
}
