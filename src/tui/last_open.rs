//! Where reading stopped: the article open at quit and its scroll, reopened at the next start
//! (as less and browsers restore a session). Kept in `$XDG_STATE_HOME/readmore/last-open`,
//! apart from the reading marks; a missing or damaged file only means starting at the top.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const FILE_NAME: &str = "last-open";

/// A few hundred bytes; anything larger is not ours and is ignored.
const MAX_BYTES: u64 = 64 * 1024;

/// The article open at quit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastOpen {
    /// The articles folder it belongs to: another library does not reopen it.
    pub articles: PathBuf,
    /// Its path relative to the articles folder.
    pub path: String,
    /// The first display line shown.
    pub scroll: usize,
}

/// `$XDG_STATE_HOME/readmore/last-open`, or `~/.local/state/readmore/last-open`. A relative
/// `XDG_STATE_HOME` is ignored, as the XDG spec asks.
pub fn default_path() -> Option<PathBuf> {
    crate::paths::state_dir().map(|dir| dir.join(FILE_NAME))
}

/// What `file` remembers, if it can be read and is well formed.
pub fn load(file: &Path) -> Option<LastOpen> {
    let bytes = crate::own_files::read_capped(file, MAX_BYTES).ok()??;
    serde_json::from_slice(&bytes).ok()
}

/// Writes `last` to `file` atomically: a reader (or a crash) sees the old file or the new
/// one, never half of one.
pub fn save(file: &Path, last: &LastOpen) -> io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut temp, last)?;
    temp.write_all(b"\n")?;
    temp.as_file().sync_all()?;
    temp.persist(file).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_and_loads_through_a_new_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("readmore").join(FILE_NAME);
        let last = LastOpen {
            articles: PathBuf::from("/news"),
            path: "world/a.txt".to_owned(),
            scroll: 12,
        };
        save(&file, &last).unwrap();
        assert_eq!(load(&file), Some(last.clone()));
        let moved = LastOpen { scroll: 3, ..last };
        save(&file, &moved).unwrap();
        assert_eq!(load(&file), Some(moved));
        let names: Vec<_> = std::fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, [FILE_NAME], "no temporary file is left behind");
    }

    #[test]
    fn missing_or_damaged_files_are_nothing_to_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        assert_eq!(load(&file), None);
        std::fs::write(&file, "{\"path\": 1").unwrap();
        assert_eq!(load(&file), None);
    }

    #[test]
    fn a_planted_fifo_or_device_is_nothing_to_reopen_and_never_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let (done, answer) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send((load(&fifo), load(&zero))));
        // A guard against a hang, not a speed target.
        let loaded = answer.recv_timeout(std::time::Duration::from_secs(60));
        assert_eq!(loaded.expect("not waited on"), (None, None));
    }
}
