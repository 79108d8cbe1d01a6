//! What the reader remembers between runs: which articles were read, which are starred, and
//! where reading stopped in each.
//!
//! Articles are keyed by path *and* title, so a renamed or rewritten file does not inherit
//! another story's state. The file is replaced atomically (a temporary file in the same
//! folder, flushed, then renamed), so killing readmore at any moment leaves the old file or
//! the new one, never a torn one. A file that cannot be parsed is moved aside, never
//! overwritten.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The state file's name inside readmore's state folder.
pub const FILE_NAME: &str = "state.toml";

/// What is remembered of one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Remembered {
    pub read: bool,
    pub starred: bool,
    /// The first line shown, out of `lines` wrapped lines: kept as a fraction so that a
    /// different terminal width still reopens near the same place.
    pub scroll: usize,
    pub lines: usize,
}

impl Remembered {
    /// The scroll position for an article now wrapped to `lines` lines.
    pub fn scroll_for(&self, lines: usize) -> usize {
        match self.lines {
            0 => 0,
            old if old == lines => self.scroll,
            // Values come from a file: never overflow, never point past the end.
            old => {
                let scaled = u128::from(self.scroll as u64) * lines as u128 / old as u128;
                usize::try_from(scaled).unwrap_or(usize::MAX).min(lines)
            }
        }
    }
}

/// What loading the state file gave.
#[derive(Debug)]
pub struct Loaded {
    pub state: ReadingState,
    /// For the status bar: the file was unreadable, moved aside, or will not be saved.
    pub warning: Option<String>,
    /// False when saving could overwrite a file that was neither read nor moved aside.
    pub may_save: bool,
}

/// Every article's remembered state, in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadingState {
    articles: HashMap<(String, String), Remembered>,
    /// Changed since the last save.
    dirty: bool,
}

#[derive(Serialize, Deserialize)]
struct File {
    #[serde(default, rename = "article")]
    articles: Vec<Record>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    path: String,
    title: String,
    #[serde(default)]
    read: bool,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    scroll: usize,
    #[serde(default)]
    lines: usize,
}

/// The default state file: `$XDG_STATE_HOME/readmore/state.toml`, else
/// `~/.local/state/readmore/state.toml`.
pub fn default_path() -> Option<PathBuf> {
    let home = || std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state"));
    let base = std::env::var_os("XDG_STATE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(home)?;
    Some(base.join("readmore").join(FILE_NAME))
}

impl ReadingState {
    /// Loads `path`. A missing file is an empty state. A file that cannot be decoded or
    /// parsed is moved aside to `state.toml.bad-<seconds>` and reported, so it is never
    /// silently overwritten; if it cannot be read or moved aside, the state starts empty and
    /// must not be saved.
    pub fn load(path: &Path) -> Loaded {
        let fresh = |warning: Option<String>, may_save| Loaded {
            state: Self::default(),
            warning,
            may_save,
        };
        let problem = match std::fs::read(path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return fresh(None, true),
            Err(err) => {
                let warning = format!(
                    "{}: cannot read reading state ({err}); not saving",
                    path.display()
                );
                return fresh(Some(warning), false);
            }
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => "not UTF-8".to_owned(),
                Ok(text) => match toml::from_str::<File>(&text) {
                    Ok(file) => {
                        return Loaded {
                            state: Self::from_records(file.articles),
                            warning: None,
                            may_save: true,
                        };
                    }
                    Err(err) => err
                        .message()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                },
            },
        };
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut aside = path.as_os_str().to_owned();
        aside.push(format!(".bad-{seconds}"));
        let aside = PathBuf::from(aside);
        match std::fs::rename(path, &aside) {
            Ok(()) => {
                let warning = format!(
                    "{}: unreadable reading state moved to {} ({problem}); starting fresh",
                    path.display(),
                    aside.display(),
                );
                fresh(Some(warning), true)
            }
            Err(rename) => {
                let warning = format!(
                    "{}: unreadable reading state ({problem}) could not be moved aside ({rename}); not saving",
                    path.display()
                );
                fresh(Some(warning), false)
            }
        }
    }

    fn from_records(records: Vec<Record>) -> Self {
        let articles = records
            .into_iter()
            .map(|r| {
                let remembered = Remembered {
                    read: r.read,
                    starred: r.starred,
                    scroll: r.scroll,
                    lines: r.lines,
                };
                ((r.path, r.title), remembered)
            })
            .collect();
        Self {
            articles,
            dirty: false,
        }
    }

    /// The state of the article at `path` titled `title`.
    pub fn get(&self, path: &str, title: &str) -> Remembered {
        self.articles
            .get(&(path.to_owned(), title.to_owned()))
            .copied()
            .unwrap_or_default()
    }

    /// Changes the state of one article; marks the state for saving if anything changed.
    pub fn update(&mut self, path: &str, title: &str, change: impl FnOnce(&mut Remembered)) {
        let key = (path.to_owned(), title.to_owned());
        let entry = self.articles.entry(key).or_default();
        let before = *entry;
        change(entry);
        if *entry != before {
            self.dirty = true;
        }
    }

    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Writes the state to `path` atomically: a temporary file in the same folder, flushed to
    /// disk, then renamed over the old one.
    pub fn save(&mut self, path: &Path) -> std::io::Result<()> {
        let mut records: Vec<Record> = self
            .articles
            .iter()
            .filter(|(_, r)| **r != Remembered::default())
            .map(|((path, title), r)| Record {
                path: path.clone(),
                title: title.clone(),
                read: r.read,
                starred: r.starred,
                scroll: r.scroll,
                lines: r.lines,
            })
            .collect();
        records.sort_by(|a, b| (&a.path, &a.title).cmp(&(&b.path, &b.title)));
        let text = toml::to_string(&File { articles: records }).map_err(std::io::Error::other)?;
        let folder = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder)?;
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(format!(".tmp-{}", std::process::id()));
        let temporary = PathBuf::from(temporary);
        let written = std::fs::File::create(&temporary).and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        });
        if let Err(err) = written.and_then(|()| std::fs::rename(&temporary, path)) {
            let _ = std::fs::remove_file(&temporary);
            return Err(err);
        }
        self.dirty = false;
        Ok(())
    }
}

/// Where the state is saved, and how often: at most once a second while running (so a crash
/// loses little), always at exit.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    last_saved: Option<std::time::Instant>,
    failed: bool,
}

/// The least time between two saves while running.
const SAVE_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl Store {
    /// Opens the state at `path`, with a warning for the status bar if it could not be read.
    pub fn open(path: PathBuf) -> (Self, ReadingState, Option<String>) {
        let loaded = ReadingState::load(&path);
        let store = Self {
            path,
            last_saved: None,
            failed: !loaded.may_save,
        };
        (store, loaded.state, loaded.warning)
    }

    /// Saves if there are changes and the last save was long enough ago. Returns a warning the
    /// first time saving fails; after that readmore keeps running, unsaved.
    pub fn save_if_due(&mut self, state: &mut ReadingState) -> Option<String> {
        let due = self.last_saved.is_none_or(|at| at.elapsed() >= SAVE_EVERY);
        if due { self.save(state) } else { None }
    }

    /// Saves now if there are changes; see [`Store::save_if_due`].
    pub fn save(&mut self, state: &mut ReadingState) -> Option<String> {
        if !state.is_dirty() || self.failed {
            return None;
        }
        self.last_saved = Some(std::time::Instant::now());
        match state.save(&self.path) {
            Ok(()) => None,
            Err(err) => {
                self.failed = true;
                Some(format!(
                    "reading state not saved ({}: {err})",
                    self.path.display()
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ReadingState {
        let mut state = ReadingState::default();
        state.update("a/one.txt", "One", |r| {
            r.read = true;
            r.scroll = 12;
            r.lines = 40;
        });
        state.update("b.txt", "Two \"quoted\" ’title’", |r| r.starred = true);
        state
    }

    #[test]
    fn state_round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/state.toml");
        let mut state = sample();
        assert!(state.is_dirty());
        state.save(&path).unwrap();
        assert!(!state.is_dirty());
        let loaded = ReadingState::load(&path);
        assert_eq!((loaded.warning, loaded.may_save), (None, true));
        assert_eq!(loaded.state, state);
        assert!(loaded.state.get("b.txt", "Two \"quoted\" ’title’").starred);
    }

    #[test]
    fn the_same_path_with_another_title_is_another_article() {
        let state = sample();
        assert!(state.get("a/one.txt", "One").read);
        assert_eq!(
            state.get("a/one.txt", "One, rewritten"),
            Remembered::default()
        );
    }

    #[test]
    fn unchanged_updates_do_not_mark_the_state_dirty() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = sample();
        state.save(&dir.path().join(FILE_NAME)).unwrap();
        state.update("a/one.txt", "One", |r| r.read = true);
        assert!(!state.is_dirty());
        state.update("a/one.txt", "One", |r| r.read = false);
        assert!(state.is_dirty());
    }

    #[test]
    fn a_missing_file_is_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = ReadingState::load(&dir.path().join(FILE_NAME));
        assert_eq!(
            (loaded.state, loaded.warning, loaded.may_save),
            (ReadingState::default(), None, true)
        );
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "[[article]]\npath = 3\n").unwrap();
        let loaded = ReadingState::load(&path);
        let mut state = loaded.state;
        assert_eq!(state, ReadingState::default());
        assert!(loaded.warning.unwrap().contains("moved to"));
        assert!(loaded.may_save);
        assert!(!path.exists());
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(aside.len(), 1);
        assert!(aside[0].starts_with("state.toml.bad-"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&aside[0])).unwrap(),
            "[[article]]\npath = 3\n",
            "the bad file is kept as it was"
        );
        state.update("x.txt", "X", |r| r.read = true);
        state.save(&path).unwrap();
        assert!(ReadingState::load(&path).state.get("x.txt", "X").read);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_moved_aside_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"[[article]]\npath = \"\xff\"\n").unwrap();
        let loaded = ReadingState::load(&path);
        assert!(loaded.warning.unwrap().contains("not UTF-8"));
        assert!(loaded.may_save && !path.exists());
    }

    #[test]
    fn an_unreadable_file_is_never_saved_over() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be: it can be neither read nor replaced.
        let path = dir.path().join(FILE_NAME);
        std::fs::create_dir(&path).unwrap();
        let (mut store, mut state, warning) = Store::open(path.clone());
        assert!(warning.unwrap().contains("not saving"));
        state.update("x.txt", "X", |r| r.read = true);
        assert_eq!(store.save(&mut state), None, "no attempt, no new warning");
        assert!(path.is_dir(), "left as it was");
    }

    #[test]
    fn a_crash_mid_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut state = sample();
        state.save(&path).unwrap();
        // A crash between writing the temporary file and renaming it leaves both.
        std::fs::write(
            dir.path().join("state.toml.tmp-99999"),
            "[[article]]\npath = \"a",
        )
        .unwrap();
        let loaded = ReadingState::load(&path);
        assert_eq!((loaded.state, loaded.warning), (state.clone(), None));
        state.update("c.txt", "C", |r| r.read = true);
        state.save(&path).unwrap();
        assert!(ReadingState::load(&path).state.get("c.txt", "C").read);
    }

    #[test]
    fn a_read_only_folder_is_an_error_not_a_panic() {
        let mut state = sample();
        // A path below a regular file can never be created, whoever runs the test.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        assert!(state.save(&file.join("readmore/state.toml")).is_err());
        assert!(state.is_dirty(), "still unsaved");
    }

    #[test]
    fn scroll_is_rescaled_to_a_new_wrap() {
        let r = Remembered {
            scroll: 50,
            lines: 200,
            ..Remembered::default()
        };
        assert_eq!(r.scroll_for(200), 50);
        assert_eq!(r.scroll_for(100), 25);
        assert_eq!(Remembered::default().scroll_for(100), 0);
        let huge = Remembered {
            scroll: usize::MAX,
            lines: 3,
            ..Remembered::default()
        };
        assert_eq!(huge.scroll_for(1000), 1000, "no overflow from a bad file");
    }
}
