use super::*;

/// Receives calls until `want` has been seen (or the time is up); returns every path seen.
fn collect_until(
    calls: &Receiver<Vec<PathBuf>>,
    want: impl Fn(&BTreeSet<PathBuf>) -> bool,
    within: Duration,
) -> BTreeSet<PathBuf> {
    let deadline = Instant::now() + within;
    let mut seen = BTreeSet::new();
    while !want(&seen) {
        let left = deadline.saturating_duration_since(Instant::now());
        match calls.recv_timeout(left) {
            Ok(paths) => seen.extend(paths),
            Err(_) => break,
        }
    }
    seen
}

fn watch(root: &Path) -> (LibraryWatcher, Receiver<Vec<PathBuf>>) {
    let (tx, rx) = mpsc::channel();
    let watcher = LibraryWatcher::start(root, move |paths| {
        let _ = tx.send(paths);
    })
    .expect("watching starts");
    (watcher, rx)
}

#[test]
fn txt_changes_are_reported_and_hidden_or_other_files_never() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    let (_watcher, calls) = watch(&root);
    let article = root.join("a.txt");
    let within = Duration::from_secs(2);

    std::fs::write(&article, "Title\nbody").unwrap();
    std::fs::write(root.join(".hidden.txt"), "Hidden").unwrap();
    std::fs::write(root.join(".git").join("x.txt"), "Hidden too").unwrap();
    std::fs::write(root.join("notes.md"), "Markdown").unwrap();
    let seen = collect_until(&calls, |seen| seen.contains(&article), within);
    assert_eq!(seen, BTreeSet::from([article.clone()]), "created");

    std::fs::write(&article, "New title\nbody").unwrap();
    let seen = collect_until(&calls, |seen| seen.contains(&article), within);
    assert_eq!(seen, BTreeSet::from([article.clone()]), "changed");

    std::fs::remove_file(&article).unwrap();
    std::fs::remove_file(root.join("notes.md")).unwrap();
    std::fs::remove_file(root.join(".hidden.txt")).unwrap();
    let seen = collect_until(&calls, |seen| seen.contains(&article), within);
    assert_eq!(seen, BTreeSet::from([article.clone()]), "removed");

    // Any straggling call names the article too.
    let seen = collect_until(&calls, |_| false, QUIET * 2);
    assert!(seen.iter().all(|path| *path == article), "{seen:?}");
}

#[test]
fn an_editor_save_burst_is_one_call() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    let article = root.join("a.txt");
    std::fs::write(&article, "Title").unwrap();
    let (_watcher, calls) = watch(&root);

    // Write a hidden temporary file, rename it over the article, change its mode.
    let temp = root.join(".a.txt.swp");
    std::fs::write(&temp, "Title\nnew body").unwrap();
    std::fs::rename(&temp, &article).unwrap();
    let permissions = std::fs::metadata(&article).unwrap().permissions();
    std::fs::set_permissions(&article, permissions).unwrap();
    std::fs::write(&article, "Title\nnewer body").unwrap();

    let first = calls.recv_timeout(Duration::from_secs(2)).expect("a call");
    assert_eq!(first, vec![article]);
    assert!(
        calls.recv_timeout(QUIET * 3).is_err(),
        "no second call for one burst"
    );
}

#[test]
fn folders_are_reported_when_they_appear_and_go() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    std::fs::create_dir_all(root.join("old/deep")).unwrap();
    std::fs::write(root.join("old/deep/a.txt"), "A").unwrap();
    std::fs::write(root.join("keep.md"), "not an article").unwrap();
    let (_watcher, calls) = watch(&root);
    let within = Duration::from_secs(2);

    // A folder renamed away: the old path is reported though its files had no events.
    let outside = tempfile::tempdir().unwrap();
    std::fs::rename(root.join("old"), outside.path().join("old")).unwrap();
    let old = root.join("old");
    let seen = collect_until(&calls, |seen| seen.contains(&old), within);
    assert_eq!(seen, BTreeSet::from([old]));

    // A folder moved in whole, and a plain new folder.
    std::fs::rename(outside.path().join("old"), root.join("new")).unwrap();
    std::fs::create_dir(root.join("made")).unwrap();
    let (new, made) = (root.join("new"), root.join("made"));
    let seen = collect_until(
        &calls,
        |seen| seen.contains(&new) && seen.contains(&made),
        within,
    );
    assert_eq!(seen, BTreeSet::from([made.clone(), new.clone()]));

    // A removed folder; a removed or renamed non-article file is not reported.
    std::fs::rename(root.join("keep.md"), root.join("kept.md")).unwrap();
    std::fs::remove_dir_all(&new).unwrap();
    let seen = collect_until(&calls, |seen| seen.contains(&new), within);
    assert!(seen.contains(&new), "{seen:?}");
    assert!(
        seen.iter().all(|path| path.starts_with(&new)),
        "only the folder and its files: {seen:?}"
    );
}

#[test]
fn dropping_the_watcher_stops_the_calls() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    let (watcher, calls) = watch(&root);
    drop(watcher);
    std::fs::write(root.join("a.txt"), "A").unwrap();
    assert!(matches!(
        calls.recv_timeout(QUIET * 3),
        Err(RecvTimeoutError::Disconnected)
    ));
}

/// Waits until the watcher reports the root, then checks that it watches the new folder:
/// a file written there is reported.
#[track_caller]
fn assert_follows_the_new_root(
    watcher: &LibraryWatcher,
    calls: &Receiver<Vec<PathBuf>>,
    root: &Path,
    name: &str,
) {
    let within = ROOT_CHECK * 3;
    let root = root.to_path_buf();
    let seen = collect_until(calls, |seen| seen.contains(&root), within);
    assert!(seen.contains(&root), "the root is reported: {seen:?}");
    let message = watcher.last_error().unwrap_or_default();
    assert!(message.contains("replaced"), "{message}");
    let article = root.join(name);
    std::fs::write(&article, "New\nbody").unwrap();
    let seen = collect_until(calls, |seen| seen.contains(&article), within);
    assert!(seen.contains(&article), "watching the new folder: {seen:?}");
}

#[test]
fn a_root_removed_and_made_again_is_watched_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap().join("lib");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("a.txt"), "A").unwrap();
    let (watcher, calls) = watch(&root);
    std::fs::remove_dir_all(&root).unwrap();
    std::fs::create_dir(&root).unwrap();
    assert_follows_the_new_root(&watcher, &calls, &root, "b.txt");
}

#[test]
fn a_root_moved_away_and_replaced_is_watched_again() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::path::absolute(dir.path()).unwrap();
    let root = base.join("lib");
    std::fs::create_dir(&root).unwrap();
    std::fs::create_dir(base.join("new")).unwrap();
    std::fs::write(base.join("new/n.txt"), "N").unwrap();
    let (watcher, calls) = watch(&root);
    std::fs::rename(&root, base.join("old")).unwrap();
    std::fs::rename(base.join("new"), &root).unwrap();
    assert_follows_the_new_root(&watcher, &calls, &root, "c.txt");
    // The old folder is no longer watched: its changes are not reported as the root's.
    std::fs::write(base.join("old/x.txt"), "X").unwrap();
    let seen = collect_until(&calls, |_| false, QUIET * 3);
    assert!(!seen.contains(&root.join("x.txt")), "{seen:?}");
}

#[test]
fn a_switched_symbolic_link_root_is_watched_again() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::path::absolute(dir.path()).unwrap();
    std::fs::create_dir(base.join("a")).unwrap();
    std::fs::create_dir(base.join("b")).unwrap();
    let root = base.join("lib");
    std::os::unix::fs::symlink("a", &root).unwrap();
    let (watcher, calls) = watch(&root);
    // As `ln -sfn b lib` does it: a new link renamed over the old one.
    std::os::unix::fs::symlink("b", base.join("lib.tmp")).unwrap();
    std::fs::rename(base.join("lib.tmp"), &root).unwrap();
    assert_follows_the_new_root(&watcher, &calls, &root, "z.txt");
    assert!(base.join("b/z.txt").exists());
}

#[test]
fn a_missing_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let Err(err) = LibraryWatcher::start(&missing, |_| {}) else {
        panic!("watching a missing folder starts");
    };
    let message = err.to_string();
    assert!(message.contains("nope"), "{message}");
    assert!(!message.contains('\n'), "{message}");
}

#[test]
fn changed_since_finds_what_changed_after_the_moment_and_nothing_older() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::absolute(dir.path()).unwrap();
    for folder in ["old", "new", ".git"] {
        std::fs::create_dir(root.join(folder)).unwrap();
    }
    std::fs::write(root.join("old/kept.txt"), "Kept").unwrap();
    std::fs::write(root.join("old/gone.txt"), "Gone").unwrap();
    std::fs::write(root.join("written.txt"), "Before").unwrap();
    // Set every time well in the past, then take the moment.
    let past = std::time::SystemTime::now() - Duration::from_secs(3600);
    let times = std::fs::FileTimes::new().set_modified(past);
    for file in ["old/kept.txt", "old/gone.txt", "written.txt"] {
        let handle = std::fs::File::options()
            .write(true)
            .open(root.join(file))
            .unwrap();
        handle.set_times(times).unwrap();
    }
    // Change times cannot be set back: the moment is after everything made so far.
    std::thread::sleep(Duration::from_millis(20));
    let moment = std::time::SystemTime::now();
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(changed_since(&root, moment), Vec::<PathBuf>::new());

    std::fs::write(root.join("written.txt"), "After").unwrap();
    std::fs::write(root.join("new/added.txt"), "Added").unwrap();
    std::fs::write(root.join("new/notes.md"), "not an article").unwrap();
    std::fs::write(root.join(".git/hidden.txt"), "Hidden").unwrap();
    std::fs::remove_file(root.join("old/gone.txt")).unwrap();
    let mut found = changed_since(&root, moment);
    found.sort();
    let expected: Vec<PathBuf> = ["new", "new/added.txt", "old", "written.txt"]
        .iter()
        .map(|path| root.join(path))
        .collect();
    assert_eq!(
        found, expected,
        "the folder a file left is there to be rescanned"
    );

    std::fs::remove_file(root.join("written.txt")).unwrap();
    assert_eq!(
        changed_since(&root, moment).first(),
        Some(&root),
        "a file gone from the root itself: all is rescanned"
    );
}
