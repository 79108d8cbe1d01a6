//! The `last-open` file of earlier versions (the article open at quit, one library only),
//! imported once into the reading state, which now keeps each library's last run.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::state::{Session, Visit};

const FILE_NAME: &str = "last-open";

/// A few hundred bytes; anything larger is not ours and is ignored.
const MAX_BYTES: u64 = 64 * 1024;

/// The article open at quit, as earlier versions wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct LastOpen {
    /// The articles folder it belongs to.
    articles: PathBuf,
    /// Its path relative to the articles folder.
    path: String,
    /// The first display line shown.
    scroll: usize,
}

/// `$XDG_STATE_HOME/readmore/last-open`, or `~/.local/state/readmore/last-open`.
pub fn default_path() -> Option<PathBuf> {
    crate::domain::paths::state_dir().map(|dir| dir.join(FILE_NAME))
}

/// The session `file` remembers for the library in `articles`, renaming the file
/// `last-open.imported` so that it is imported once. A file for another library is left for
/// that library's next start; a missing or damaged one is nothing to reopen.
pub fn import(file: &Path, articles: &Path) -> Option<Session> {
    // A FIFO or a device planted there is nothing to import, and never waited on.
    let bytes = crate::domain::own_files::read_capped(file, MAX_BYTES).ok()??;
    let last: LastOpen = serde_json::from_slice(&bytes).ok()?;
    let same = |a: &Path, b: &Path| {
        a == b
            || std::fs::canonicalize(a)
                .is_ok_and(|a| std::fs::canonicalize(b).is_ok_and(|b| a == b))
    };
    if !same(&last.articles, articles) {
        return None;
    }
    let mut imported = file.as_os_str().to_owned();
    imported.push(".imported");
    std::fs::rename(file, imported).ok()?;
    Some(Session {
        visits: vec![Visit {
            path: last.path,
            scroll: last.scroll,
        }],
        current: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_file_is_imported_once_for_its_own_library_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        let (news, other) = (dir.path().join("news"), dir.path().join("other"));
        std::fs::create_dir(&news).unwrap();
        std::fs::create_dir(&other).unwrap();
        let text = format!(
            "{{\"articles\": {:?}, \"path\": \"world/a.txt\", \"scroll\": 12}}\n",
            news.display().to_string()
        );
        std::fs::write(&file, text).unwrap();
        assert_eq!(import(&file, &other), None, "another library's");
        let session = import(&file, &news).unwrap();
        assert_eq!(
            session.visits,
            [Visit {
                path: "world/a.txt".to_owned(),
                scroll: 12
            }]
        );
        assert!(!file.exists(), "renamed");
        assert!(dir.path().join("last-open.imported").exists());
        assert_eq!(import(&file, &news), None, "once");
    }

    #[test]
    fn missing_or_damaged_files_are_nothing_to_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        assert_eq!(import(&file, dir.path()), None);
        std::fs::write(&file, "{\"path\": 1").unwrap();
        assert_eq!(import(&file, dir.path()), None);
        assert!(file.exists(), "a damaged file is left as it is");
    }

    #[test]
    fn a_planted_fifo_or_device_is_nothing_to_import_and_never_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let articles = dir.path().to_path_buf();
        let (done, answer) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send((import(&fifo, &articles), import(&zero, &articles))));
        // A guard against a hang, not a speed target.
        let loaded = answer.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(loaded.expect("not waited on"), (None, None));
    }
}
