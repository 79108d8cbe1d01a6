//! Start-up's events, in order, with a stand-in for the folder watch.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, mpsc};
use std::time::SystemTime;

use super::{Event, FolderWatch, Plan, start};
use crate::domain::library::{Library, LoadError, LoadOptions};

/// A watch set up at once (or failing, or panicking) that says `missed` changed since the
/// moment start-up asks about, which it records; `log` gets a line when it is set up.
#[derive(Default)]
struct StandIn {
    fails: bool,
    panics: bool,
    missed: Vec<PathBuf>,
    asked: Arc<Mutex<Vec<SystemTime>>>,
    log: Arc<Mutex<Vec<&'static str>>>,
}

impl FolderWatch for StandIn {
    type Watcher = ();

    fn start(&self, root: &Path) -> Result<(), String> {
        self.log.lock().unwrap().push("watch set up");
        assert!(!self.panics, "the watch panics");
        if self.fails {
            return Err(format!("{}: cannot watch", root.display()));
        }
        Ok(())
    }

    fn changed_since(&self, _root: &Path, since: SystemTime) -> Vec<PathBuf> {
        self.asked.lock().unwrap().push(since);
        self.missed.clone()
    }
}

/// A step as the tests compare it: the titles loaded, the paths changed, the watch's outcome.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Loaded(Result<Vec<String>, String>),
    Changed(Vec<PathBuf>),
    Watching(Result<(), String>),
}

/// Every event of a start-up of `root`, in order, until it is done; the first screen is
/// said to be drawn once the library is loaded, as the terminal does.
fn steps(root: &Path, cache: Option<&Path>, watch: StandIn) -> Vec<Step> {
    let plan = Plan {
        root: root.to_path_buf(),
        options: LoadOptions::default(),
        cache: cache.map(Path::to_path_buf),
    };
    let log = Arc::clone(&watch.log);
    let (sender, events) = mpsc::channel();
    let files = Arc::new(AtomicUsize::new(0));
    let mut shown =
        Some(start(plan, watch, files, move |event| sender.send(event).unwrap()).unwrap());
    // The channel closes when start-up is done with it.
    events
        .iter()
        .map(|event| match event {
            Event::Loaded(library) => {
                log.lock().unwrap().push("first screen drawn");
                shown.take().expect("loaded once").drawn();
                Step::Loaded(
                    library
                        .map(|library| library.entries().map(|e| e.title().to_owned()).collect())
                        .map_err(|err: LoadError| err.to_string()),
                )
            }
            Event::Changed(paths) => Step::Changed(paths),
            Event::Watching(watching) => Step::Watching(watching),
        })
        .collect()
}

fn folder(articles: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in articles {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn without_a_cache_the_folder_is_read_then_the_watch_is_set_then_what_it_missed_follows() {
    let dir = folder(&[("a.txt", "Alpha\nText."), ("b.txt", "Bravo\nText.")]);
    let missed = vec![dir.path().join("b.txt")];
    let asked = Arc::default();
    let watch = StandIn {
        missed: missed.clone(),
        asked: Arc::clone(&asked),
        ..StandIn::default()
    };
    let before = SystemTime::now();
    let steps = steps(dir.path(), None, watch);
    assert_eq!(
        steps,
        [
            Step::Loaded(Ok(vec!["Alpha".to_owned(), "Bravo".to_owned()])),
            Step::Watching(Ok(())),
            Step::Changed(missed),
        ]
    );
    let asked = asked.lock().unwrap();
    assert_eq!(asked.len(), 1);
    assert!(
        asked[0] < before,
        "what changed from before the load started, with slack for coarse file times"
    );
}

#[test]
fn the_watch_is_set_up_only_once_the_first_screen_is_drawn() {
    let dir = folder(&[("a.txt", "Alpha\nText.")]);
    let log = Arc::default();
    let watch = StandIn {
        log: Arc::clone(&log),
        ..StandIn::default()
    };
    steps(dir.path(), None, watch);
    assert_eq!(
        *log.lock().unwrap(),
        ["first screen drawn", "watch set up"],
        "its walk would take turns with the load and the first frame"
    );
}

#[test]
fn a_caller_that_drops_the_first_screen_handle_still_gets_every_step() {
    let dir = folder(&[("a.txt", "Alpha\nText.")]);
    let plan = Plan {
        root: dir.path().to_path_buf(),
        options: LoadOptions::default(),
        cache: None,
    };
    let (sender, events) = mpsc::channel();
    let files = Arc::new(AtomicUsize::new(0));
    drop(
        start(plan, StandIn::default(), files, move |event| {
            sender.send(event).unwrap()
        })
        .unwrap(),
    );
    let watching = events
        .iter()
        .filter(|event| matches!(event, Event::Watching(Ok(()))))
        .count();
    assert_eq!(watching, 1);
}

#[test]
fn nothing_missed_means_no_changed_event() {
    let dir = folder(&[("a.txt", "Alpha\nText.")]);
    let steps = steps(dir.path(), None, StandIn::default());
    assert_eq!(
        steps,
        [
            Step::Loaded(Ok(vec!["Alpha".to_owned()])),
            Step::Watching(Ok(()))
        ]
    );
}

#[test]
fn with_a_cache_its_library_comes_first_then_the_files_changed_since() {
    let dir = folder(&[("a.txt", "Alpha\nText."), ("b.txt", "Bravo\nText.")]);
    let cache = tempfile::tempdir().unwrap();
    let progress = AtomicUsize::new(0);
    let options = LoadOptions::default();
    Library::load_refreshing_cache(dir.path(), options, Some(cache.path()), &progress).unwrap();
    std::fs::write(dir.path().join("b.txt"), "Bravo Renamed\nMore text.").unwrap();
    let steps = steps(dir.path(), Some(cache.path()), StandIn::default());
    let [loaded, Step::Changed(stale), watching] = &steps[..] else {
        panic!("loaded, changed, watching: {steps:?}");
    };
    assert_eq!(
        loaded,
        &Step::Loaded(Ok(vec!["Alpha".to_owned(), "Bravo".to_owned()])),
        "the cache as it is, at once"
    );
    assert!(
        stale.iter().any(|path| path.ends_with("b.txt")),
        "the changed file is reloaded: {stale:?}"
    );
    assert_eq!(watching, &Step::Watching(Ok(())));
}

#[test]
fn a_watch_that_fails_is_said_and_nothing_is_looked_for_after_it() {
    let dir = folder(&[("a.txt", "Alpha\nText.")]);
    let asked = Arc::default();
    let watch = StandIn {
        fails: true,
        missed: vec![dir.path().join("a.txt")],
        asked: Arc::clone(&asked),
        ..StandIn::default()
    };
    let steps = steps(dir.path(), None, watch);
    let failure = format!("{}: cannot watch", dir.path().display());
    assert_eq!(
        steps,
        [
            Step::Loaded(Ok(vec!["Alpha".to_owned()])),
            Step::Watching(Err(failure))
        ]
    );
    assert!(asked.lock().unwrap().is_empty());
}

#[test]
fn a_watch_whose_setup_panics_is_a_failure_naming_the_folder() {
    let dir = folder(&[("a.txt", "Alpha\nText.")]);
    let watch = StandIn {
        panics: true,
        ..StandIn::default()
    };
    let steps = steps(dir.path(), None, watch);
    let failure = format!(
        "{}: cannot watch for changes: the watcher failed to start",
        dir.path().display()
    );
    assert_eq!(steps[1], Step::Watching(Err(failure)));
}

#[test]
fn a_missing_folder_is_a_load_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone");
    let steps = steps(&missing, None, StandIn::default());
    let Step::Loaded(Err(error)) = &steps[0] else {
        panic!("a load error first: {steps:?}");
    };
    assert!(error.contains("gone"), "{error}");
}
