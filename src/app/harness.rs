//! The effects of `update` carried out for tests, in place of the event loop: jobs run at once
//! on this thread (or on real workers, for the tests about them) and their answers are applied
//! in order; mark changes, the last hand-off and a quit are kept for the test to look at.
//! Jobs that need the full-text index run only for the tests about it
//! ([`TestApp::with_index`]): building one is the slowest thing a test can do.
//!
//! The library's tests and the test binaries that drive an [`App`] without a terminal share
//! this file: the binaries include it by path, naming `crate::app` and `crate::domain` from
//! their roots, so no test code ships in the library.

use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use ratatui::layout::Rect;

use crate::app::config::Config;
use crate::app::{Answer, App, Command, Effects, Handoff, MarkChange, Msg};
use crate::domain::library::Library;
use crate::domain::worker::{Job, Runner, Submission, Ticket, Workers};

/// An [`App`] whose effects are carried out after each `update`.
pub struct TestApp {
    app: App,
    jobs: Jobs,
    /// Whether jobs that need the full-text index run.
    index: bool,
    marks: Vec<MarkChange>,
    handoff: Option<Handoff>,
    /// The user quit.
    pub quit: bool,
}

/// Where a test's jobs run.
enum Jobs {
    /// At once, on the test's thread.
    Here(Box<Runner>),
    /// On worker threads, answering to whatever the test gave them.
    Workers(Workers),
}

impl TestApp {
    /// [`App::new`], with its effects carried out.
    pub fn new(library: Library, config: Config, color: bool, screen: Rect) -> Self {
        App::new(library, config, color, screen).into()
    }

    /// Runs the jobs that need the full-text index too (similar stories, full-text search).
    pub fn with_index(mut self) -> Self {
        self.index = true;
        self
    }

    /// Hands jobs to worker threads from now on, which pass each answer to `deliver` (the
    /// test applies them); every job runs there, the index's too.
    pub fn start_workers(&mut self, deliver: impl Fn(Answer) + Send + Sync + 'static) {
        self.jobs = Jobs::Workers(Workers::with_cache(deliver, None));
    }

    /// Applies `msg` and carries out its effects, the answers of its jobs included.
    pub fn update(&mut self, msg: impl Into<Msg>) {
        let effects = self.app.update(msg);
        self.carry_out(effects);
    }

    /// Applies each of `commands` in turn, as pressing their keys would.
    pub fn press<C: Into<Command> + Copy>(&mut self, commands: &[C]) {
        for &command in commands {
            self.update(command.into());
        }
    }

    /// The mark changes made since the last call, oldest first: the effects not taken yet
    /// (the start's) are carried out first, as the event loop takes them before any input.
    pub fn take_mark_changes(&mut self) -> Vec<MarkChange> {
        let pending = self.app.take_effects();
        self.carry_out(pending);
        std::mem::take(&mut self.marks)
    }

    /// The last hand-off asked for, if not taken yet.
    pub fn take_handoff(&mut self) -> Option<Handoff> {
        self.handoff.take()
    }

    fn carry_out(&mut self, effects: Effects) {
        let mut answers = VecDeque::new();
        self.take(effects, &mut answers);
        while let Some(answer) = answers.pop_front() {
            let effects = self.app.update(answer);
            self.take(effects, &mut answers);
        }
    }

    /// Keeps what the test looks at, and runs the jobs, queueing their answers.
    fn take(&mut self, effects: Effects, answers: &mut VecDeque<Answer>) {
        self.marks.extend(effects.marks);
        self.handoff = effects.handoff.or(self.handoff.take());
        self.quit |= effects.quit;
        for Submission { generation, job } in effects.jobs {
            match &mut self.jobs {
                Jobs::Workers(workers) => workers.submit(Submission { generation, job }),
                Jobs::Here(_) if needs_index(&job) && !self.index => {}
                Jobs::Here(runner) => {
                    let ticket = Ticket::new(generation, Arc::new(AtomicU64::new(generation)));
                    runner.run(job, &ticket, &mut |answer| answers.push_back(answer));
                }
            }
        }
    }
}

/// Whether `job` builds or reads the full-text index.
fn needs_index(job: &Job) -> bool {
    matches!(
        job,
        Job::FullText { .. } | Job::Similar { .. } | Job::TextUpdate { .. }
    )
}

impl From<App> for TestApp {
    /// The app with the effects of its start (the first article's jobs) carried out when the
    /// first action's are: as the event loop does, which takes them before any input.
    fn from(app: App) -> Self {
        Self {
            app,
            // In memory: a test leaves nothing in the user's cache folder.
            jobs: Jobs::Here(Box::new(Runner::with_cache(None))),
            index: false,
            marks: Vec::new(),
            handoff: None,
            quit: false,
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
