//! Full-text search of an articles folder whose index on disk vouches for it ([`super::vouch`]):
//! what `readmore search` runs when nothing changed since the index was last brought in step,
//! without loading the library. Paths come from the index, and only the articles printed are
//! read, when printed.

use std::path::{Path, PathBuf};

use super::engine::{Engine, index_dir};
use super::vouch::{self, Survey};
use super::{Query, Ranked};
use crate::domain::article::Article;
use crate::domain::library::{Library, LoadOptions};

/// An index opened to search a folder it vouches for.
pub struct FolderIndex {
    engine: Engine,
    /// The canonical articles folder, which articles are read below.
    inside: PathBuf,
    options: LoadOptions,
}

impl FolderIndex {
    /// The index of the articles folder `root` under the cache folder `cache`, if it vouches
    /// for the folder as `survey` found it (read with `options`); `None` otherwise, and then
    /// the library must be loaded and the index brought in step.
    pub fn open(
        cache: &Path,
        root: &Path,
        options: LoadOptions,
        survey: &Survey,
    ) -> Option<FolderIndex> {
        let dir = crate::domain::paths::library_cache_dir(cache, root);
        let index = index_dir(cache, root);
        // Checked again once the reader is open: a commit in between would void the record.
        let vouched = || vouch::vouches(&dir, &index, survey);
        if !vouched() {
            return None;
        }
        let engine = Engine::read_only(&index).ok()??;
        vouched().then(|| FolderIndex {
            engine,
            inside: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            options,
        })
    }

    /// The best `limit` articles for `query`, as [`super::FullText::search_paths`] finds them.
    pub fn search(&self, query: &Query, limit: usize) -> Ranked {
        super::ranked(&self.engine, query, limit)
    }

    /// Every article matching `query`, in path order, as [`super::FullText::every_path`]
    /// finds them.
    pub fn every_path(&self, query: &Query) -> Ranked {
        super::paths::every_path(&self.engine, query)
    }

    /// The article at display path `path`, read now; `None` when it cannot be read.
    pub fn article(&self, path: &str) -> Option<Article> {
        Library::read_file(&self.inside, path.as_bytes(), self.options).ok()
    }
}
