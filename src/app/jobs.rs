//! The app's side of the workers: handing heavy work out as jobs and taking the answers back,
//! so that `update` never does more than a frame's work. A job goes out as one of `update`'s
//! effects; the event loop puts it on a worker lane.

use std::path::PathBuf;
use std::sync::Arc;

use super::state::App;
use crate::domain::library::{ArticleId, Change};
use crate::domain::worker::{Job, Submission};
use crate::domain::wrap::{DisplayLine, Targets, Wrapped, wrap_article, wrap_head};

/// Articles up to this size are laid out inside `update` (well under a frame); larger ones
/// show their first screen at once and are laid out in full on a worker.
const WRAP_INLINE_BYTES: usize = 256 * 1024;

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
    progress: Option<(usize, usize)>,
    /// `Some` while a reload is out, holding the files that changed meanwhile: they are read
    /// by the next reload, which starts from the first one's library.
    reload: Option<Vec<PathBuf>>,
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

impl App {
    /// Whether the full-text index is being built (the status bar counts, and a full-text
    /// search says it waits for it).
    pub fn indexing(&self) -> bool {
        self.background.index == TextIndex::Building
    }

    /// How far the full-text index build has come, as (`done`, `total`) articles, while it is
    /// being built and a worker has said.
    pub fn index_progress(&self) -> Option<(usize, usize)> {
        self.background.progress.filter(|_| self.indexing())
    }

    /// Asks for `job` to be done; returns the generation its answers carry.
    pub(super) fn submit(&mut self, job: Job) -> u64 {
        self.background.generations += 1;
        let generation = self.background.generations;
        self.background.outbox.push(Submission { generation, job });
        generation
    }

    /// Files changed on disk: reload them on a worker, or after the reload that is out.
    pub(super) fn files_changed(&mut self, paths: Vec<PathBuf>) {
        match &mut self.background.reload {
            Some(queued) => queued.extend(paths),
            None => self.start_reload(paths),
        }
    }

    fn start_reload(&mut self, paths: Vec<PathBuf>) {
        self.background.reload = Some(Vec::new());
        // Changed files are read as the library's files were, with the options it was loaded
        // with (made from the config in one place, when the command line is read).
        self.submit(Job::Reload {
            library: Arc::clone(&self.library),
            paths,
            options: self.library.options(),
        });
    }

    /// A reload is done: the next one, if files changed meanwhile, starts from its library.
    pub(super) fn reload_done(&mut self) {
        match self.background.reload.take() {
            Some(queued) if !queued.is_empty() => self.start_reload(queued),
            _ => {}
        }
    }

    /// The index built for library `version`, if that is still the one shown.
    pub(super) fn text_index_ready(&mut self, version: u64) {
        if version == self.background.version {
            self.background.index = TextIndex::Ready;
            self.background.progress = None;
        }
    }

    /// How far the index build has come. A build for the library before a reload counts too:
    /// the reload's update follows it on the same worker.
    pub(super) fn text_index_progress(&mut self, done: usize, total: usize) {
        if self.indexing() {
            self.background.progress = Some((done, total));
        }
    }

    /// A job that needs the full-text index is going out: the worker builds the index first
    /// if it has none, and the status bar says so.
    pub(super) fn index_wanted(&mut self) {
        if self.background.index == TextIndex::Unbuilt {
            self.background.index = TextIndex::Building;
        }
    }

    /// A reload made the library shown version `from` + 1 by `change`: the index a worker
    /// holds (or is building) for `from` re-indexes just the changed articles, ahead of any
    /// later search, instead of being opened again.
    pub(super) fn follow_reload(&mut self, change: Change) {
        let from = self.background.version;
        self.background.version += 1;
        if self.background.index != TextIndex::Unbuilt {
            let library = Arc::clone(&self.library);
            self.submit(Job::TextUpdate {
                library,
                change,
                from,
                to: from + 1,
            });
        }
    }

    /// Lays out article `id` for `width` columns: in full when it is small, else its first
    /// screen now and the rest when a worker has done it.
    pub(super) fn lay_out(&mut self, id: ArticleId, width: usize) -> Wrapped {
        // The file's size, known without reading it: reading is the worker's part.
        let size = usize::try_from(self.library.get(id).size()).unwrap_or(usize::MAX);
        if self.windowed(id) {
            return self.lay_out_window(id, width);
        }
        self.background.window = None;
        if size <= WRAP_INLINE_BYTES {
            (self.background.wrap, self.background.wrap_from) = (None, None);
            return wrap_article(&self.library, id, width, Targets::WhenDifferent);
        }
        // The first two screens from the top: laying out down to a deep reading position
        // would cost as much as the whole.
        let lines = 2 * self.reader_height();
        let head = wrap_head(&self.library, id, width, Targets::WhenDifferent, lines);
        let shown = (self.reader.wrapped.as_ref()).filter(|wrapped| wrapped.article == id);
        // While a whole layout is still out, what is shown is a first screen: the place to
        // come back to is the one recorded before it.
        if self.background.wrap.is_none() || shown.is_none() {
            self.background.wrap_from =
                shown.map(|wrapped| (self.reader.scroll, wrapped.lines.len().max(1)));
        }
        let library = Arc::clone(&self.library);
        self.background.wrap = Some(self.submit(Job::Wrap {
            library,
            id,
            width,
            around: None,
        }));
        head
    }

    /// The open article laid out in full: it replaces its first screen, if it is for the
    /// article and width on screen.
    pub(super) fn receive_wrapped(&mut self, generation: u64, wrapped: Arc<Wrapped>) {
        if self.background.wrap != Some(generation) {
            return;
        }
        self.background.wrap = None;
        let width = self.reader_width();
        let current = self.reader.wrapped.as_ref().map(|w| (w.article, w.width));
        if current == Some((wrapped.article, width)) {
            // The worker let go of it: taken whole, not copied.
            let wrapped = Arc::try_unwrap(wrapped).unwrap_or_else(|shared| (*shared).clone());
            if let Some((scroll, lines)) = self.background.wrap_from.take() {
                self.reader.scroll = DisplayLine(scroll.0 * wrapped.lines.len() / lines);
            }
            self.reader.wrapped = Some(wrapped);
            self.reader.scroll = self.reader.scroll.min(self.max_scroll());
            self.place_in_window();
            self.find_hits();
        }
    }

    /// The closest titles to a dangling link, for the search line that waits for them.
    pub(super) fn receive_closest(&mut self, generation: u64, ids: Vec<ArticleId>) {
        if self.background.closest == Some(generation) && self.overlays.search().is_some() {
            self.background.closest = None;
            self.show_results(ids);
        }
    }
}
