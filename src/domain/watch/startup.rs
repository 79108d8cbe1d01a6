//! What start-up asks of the watcher: the changes a load could have missed, and the watch it
//! starts beside the load.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::LibraryWatcher;
use crate::domain::library::startup::FolderWatch;
use crate::domain::library::{is_article_file, is_hidden};

/// What a watcher started while `root` was being loaded could have missed: the visible article
/// files and folders below `root` created, written, renamed or emptied at or after `since`
/// (modification or change time), as absolute paths in the form [`LibraryWatcher`] reports
/// them; `root` itself when a file directly in it was removed or renamed. Walking and asking for every file's times is too slow to wait for at start, so the
/// watcher and the load run side by side and this closes the gap between them afterwards;
/// a folder reported here is rescanned, which finds the files removed from it.
pub fn changed_since(root: &Path, since: std::time::SystemTime) -> Vec<PathBuf> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let recent = |metadata: &std::fs::Metadata| {
        use std::os::unix::fs::MetadataExt;
        let changed = std::time::UNIX_EPOCH
            + Duration::new(
                u64::try_from(metadata.ctime()).unwrap_or(0),
                u32::try_from(metadata.ctime_nsec()).unwrap_or(0),
            );
        changed >= since || metadata.modified().is_ok_and(|modified| modified >= since)
    };
    // The root itself is in it when a file directly in it went: then everything is rescanned.
    walkdir::WalkDir::new(&root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()))
        .flatten()
        .filter(|entry| entry.file_type().is_dir() || is_article_file(entry.path()))
        .filter(|entry| entry.metadata().is_ok_and(|metadata| recent(&metadata)))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Start-up's folder watch: a [`LibraryWatcher`] that hands the changes it sees to the
/// function it holds.
pub struct StartupWatch<F>(pub F);

impl<F> FolderWatch for StartupWatch<F>
where
    F: Fn(Vec<PathBuf>) + Clone + Send + Sync + 'static,
{
    type Watcher = LibraryWatcher;

    fn start(&self, root: &Path) -> Result<LibraryWatcher, String> {
        LibraryWatcher::start(root, self.0.clone()).map_err(|err| err.to_string())
    }

    fn changed_since(&self, root: &Path, since: std::time::SystemTime) -> Vec<PathBuf> {
        changed_since(root, since)
    }
}
