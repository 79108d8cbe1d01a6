//! The app's side of the workers: handing heavy work out as jobs and taking the answers back,
//! so that `update` never does more than a frame's work. A job goes out as one of `update`'s
//! effects; the event loop puts it on a worker lane.

use std::path::PathBuf;

use crate::domain::worker::{Job, Submission};
use crate::domain::wrap::DisplayLine;

/// Articles up to this size are laid out inside `update` (well under a frame); larger ones
/// show their first screen at once and are laid out in full on a worker.
pub(super) const WRAP_INLINE_BYTES: usize = 256 * 1024;

/// Where the full-text index of the library on screen stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextIndex {
    /// Not asked for yet: it is built the first time a job needs it (similar stories, search).
    #[default]
    Unbuilt,
    /// A worker is building it (or will, once the job ahead of it is done).
    Building,
    Ready,
}

/// Jobs out and answers in.
#[derive(Default)]
pub struct Background {
    /// Jobs asked for and not yet taken by the event loop.
    pub(super) outbox: Vec<Submission>,
    /// The last generation handed out, over every kind of job.
    generations: u64,
    /// Counts the libraries shown (one more per reload): an index is for one of them.
    pub(super) version: u64,
    pub(super) index: TextIndex,
    /// How far the index build has come (`done`, `total`), once a worker has said.
    pub(super) progress: Option<(usize, usize)>,
    /// `Some` while a reload is out, holding the files that changed meanwhile: they are read
    /// by the next reload, which starts from the first one's library.
    pub(super) reload: Option<Vec<PathBuf>>,
    /// The closest-titles job whose answer the search line waits for.
    pub(super) closest: Option<u64>,
    /// The job laying out the open article in full, if its first screen is all there is.
    pub(super) wrap: Option<u64>,
    /// Where the reader was in the same article before the relayout, and of how many lines:
    /// the whole layout puts it back at the same fraction.
    pub(super) wrap_from: Option<(DisplayLine, usize)>,
    /// Of a story read in windows, the window asked for last.
    pub(super) window: Option<super::window::Asked>,
    /// The jump to an end of the story the command being applied makes.
    pub(super) jump: Option<super::window::Jump>,
}

impl Background {
    /// Asks for `job` to be done; returns the generation its answers carry.
    pub fn submit(&mut self, job: Job) -> u64 {
        self.generations += 1;
        let generation = self.generations;
        self.outbox.push(Submission { generation, job });
        generation
    }
}
