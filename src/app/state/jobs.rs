//! The app's side of the workers: jobs out, answers in (the state they need is `Background`).

use super::App;
use crate::app::jobs::{TextIndex, WRAP_INLINE_BYTES};
use crate::domain::library::{ArticleId, Change};
use crate::domain::worker::Job;
use crate::domain::wrap::{DisplayLine, Targets, Wrapped, wrap_article, wrap_head};
use std::path::PathBuf;
use std::sync::Arc;

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
    pub(in crate::app) fn submit(&mut self, job: Job) -> u64 {
        self.background.submit(job)
    }

    /// Files changed on disk: reload them on a worker, or after the reload that is out.
    pub(in crate::app) fn files_changed(&mut self, paths: Vec<PathBuf>) {
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
    pub(in crate::app) fn reload_done(&mut self) {
        match self.background.reload.take() {
            Some(queued) if !queued.is_empty() => self.start_reload(queued),
            _ => {}
        }
    }

    /// The index built for library `version`, if that is still the one shown.
    pub(in crate::app) fn text_index_ready(&mut self, version: u64) {
        if version == self.background.version {
            self.background.index = TextIndex::Ready;
            self.background.progress = None;
        }
    }

    /// How far the index build has come. A build for the library before a reload counts too:
    /// the reload's update follows it on the same worker.
    pub(in crate::app) fn text_index_progress(&mut self, done: usize, total: usize) {
        if self.indexing() {
            self.background.progress = Some((done, total));
        }
    }

    /// A job that needs the full-text index is going out: the worker builds the index first
    /// if it has none, and the status bar says so.
    pub(in crate::app) fn index_wanted(&mut self) {
        if self.background.index == TextIndex::Unbuilt {
            self.background.index = TextIndex::Building;
        }
    }

    /// A reload made the library shown version `from` + 1 by `change`: the index a worker
    /// holds (or is building) for `from` re-indexes just the changed articles, ahead of any
    /// later search, instead of being opened again.
    pub(in crate::app) fn follow_reload(&mut self, change: Change) {
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
    pub(in crate::app) fn lay_out(&mut self, id: ArticleId, width: usize) -> Wrapped {
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
        let shown = (self.reader.wrapped()).filter(|wrapped| wrapped.article == id);
        // While a whole layout is still out, what is shown is a first screen: the place to
        // come back to is the one recorded before it.
        if self.background.wrap.is_none() || shown.is_none() {
            self.background.wrap_from =
                shown.map(|wrapped| (self.reader.scroll(), wrapped.lines.len().max(1)));
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
    pub(in crate::app) fn receive_wrapped(&mut self, generation: u64, wrapped: Arc<Wrapped>) {
        if self.background.wrap != Some(generation) {
            return;
        }
        self.background.wrap = None;
        let width = self.reader_width();
        let current = self.reader.wrapped().map(|w| (w.article, w.width));
        if current == Some((wrapped.article, width)) {
            // The worker let go of it: taken whole, not copied.
            let wrapped = Arc::try_unwrap(wrapped).unwrap_or_else(|shared| (*shared).clone());
            let scroll = match self.background.wrap_from.take() {
                Some((scroll, lines)) => DisplayLine(scroll.0 * wrapped.lines.len() / lines),
                None => self.reader.scroll(),
            };
            let moved = self.reader.show(wrapped, scroll, self.reader_height());
            // A window is shown where it was asked for before anything follows the view.
            let moved = self.place_in_window().unwrap_or(moved);
            self.reader.find_hits();
            self.reader_moved(moved);
        }
    }

    /// The closest titles to a dangling link, for the search line that waits for them.
    pub(in crate::app) fn receive_closest(&mut self, generation: u64, ids: Vec<ArticleId>) {
        if self.background.closest == Some(generation) && self.overlays.search().is_some() {
            self.background.closest = None;
            let total = ids.len();
            self.show_results(ids, total);
        }
    }
}
