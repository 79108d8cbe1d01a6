//! Full-text search of an articles folder whose index on disk vouches for it ([`super::vouch`]):
//! what `readmore search` runs when nothing changed since the index was last brought in step,
//! without loading the library. The index is opened and searched while the folder is surveyed,
//! and trusted only once the survey agrees with its record. Paths come from the index, and
//! only the articles printed are read, when printed.

use std::path::{Path, PathBuf};

use super::engine::{Engine, index_dir};
use super::survey::Survey;
use super::vouch;
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
    /// Opens the index of the articles folder `root` under the cache folder `cache` and runs
    /// `work` on it while `surveyed` surveys the folder on the other threads (a search costs
    /// little beside the survey, which is one `statx` per file). The index and what `work`
    /// made of it when the index vouches for the folder as surveyed (read with `options`);
    /// otherwise the survey, and then the library must be loaded and the index brought in step.
    pub fn open_while<T: Send>(
        cache: &Path,
        root: &Path,
        options: LoadOptions,
        surveyed: impl FnOnce() -> Survey + Send,
        work: impl FnOnce(&FolderIndex) -> T + Send,
    ) -> Result<(FolderIndex, T), Survey> {
        let dir = crate::domain::paths::library_cache_dir(cache, root);
        let index = index_dir(cache, root);
        let (survey, opened) = rayon::join(surveyed, || {
            // Without a record there is nothing to vouch for the index: no need to open it.
            if !vouch::is_recorded(&dir) {
                return None;
            }
            let folder = FolderIndex {
                engine: Engine::read_only(&index).ok()??,
                inside: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
                options,
            };
            let done = work(&folder);
            // Read once the index is open: a commit before it voids the record.
            let recorded = vouch::Recorded::read(&dir, &index)?;
            Some((folder, done, recorded))
        });
        match opened {
            Some((folder, done, recorded)) if recorded.vouches(&survey) => Ok((folder, done)),
            _ => Err(survey),
        }
    }

    /// The index of the articles folder `root` under the cache folder `cache`, if it vouches
    /// for the folder as `survey` found it: [`FolderIndex::open_while`] with a survey taken.
    pub fn open(
        cache: &Path,
        root: &Path,
        options: LoadOptions,
        survey: &Survey,
    ) -> Option<FolderIndex> {
        let survey = *survey;
        let opened = FolderIndex::open_while(cache, root, options, move || survey, |_| ());
        opened.ok().map(|(folder, ())| folder)
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
