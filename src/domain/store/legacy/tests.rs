//! The old `last-open` file: imported once, for its own library, by one reader or by several
//! starting at once, and never waited on when something else was planted in its place.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::super::tests::{READERS, run_at_once, spec_of_copy, wait_for_file};
use super::super::{FILE_NAME, Session, Store, Visit, library_key};
use super::LAST_OPEN_FILE_NAME;

/// A database in `dir/readmore/`, and a library folder `dir/news`.
fn setup(dir: &tempfile::TempDir) -> (PathBuf, PathBuf) {
    let db = dir.path().join("readmore").join(FILE_NAME);
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir_all(&news).unwrap();
    (db, news)
}

/// Writes a `last-open` file beside `db`, as earlier versions did, naming `articles`.
fn write_last_open(db: &Path, articles: &Path, path: &str, scroll: usize) -> PathBuf {
    let file = db.with_file_name(LAST_OPEN_FILE_NAME);
    let text = serde_json::json!({ "articles": articles, "path": path, "scroll": scroll });
    std::fs::write(&file, text.to_string()).unwrap();
    file
}

fn one_visit(path: &str, scroll: usize) -> Session {
    Session {
        visits: vec![Visit {
            path: path.to_owned(),
            scroll,
        }],
        current: 0,
    }
}

/// The session the store opened for `articles` holds.
fn session_of(db: &Path, articles: &Path) -> Option<Session> {
    Store::open(db, &library_key(articles)).0.session()
}

#[test]
fn an_old_last_open_file_becomes_its_librarys_last_run_once() {
    let dir = tempfile::tempdir().unwrap();
    let (db, news) = setup(&dir);
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let file = write_last_open(&db, &news, "world/a.txt", 12);

    assert_eq!(session_of(&db, &other), None, "another library's");
    assert!(file.exists(), "left for its own library");
    assert_eq!(session_of(&db, &news), Some(one_visit("world/a.txt", 12)));
    assert!(!file.exists(), "renamed");
    assert!(db.with_file_name("last-open.imported").exists());
    assert_eq!(
        session_of(&db, &news),
        Some(one_visit("world/a.txt", 12)),
        "kept in the database"
    );

    // A run saved since is newer than any old file: the file is imported no more.
    let (store, _) = Store::open(&db, &library_key(&news));
    store.save_session(one_visit("b.txt", 3));
    assert_eq!(store.flush(), None);
    drop(store);
    let again = write_last_open(&db, &news, "world/a.txt", 12);
    assert_eq!(session_of(&db, &news), Some(one_visit("b.txt", 3)));
    assert!(!again.exists(), "a second old file is put aside too");
}

#[test]
fn a_last_open_file_names_its_library_by_any_path_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, news) = setup(&dir);
    let link = dir.path().join("link-to-news");
    std::os::unix::fs::symlink(&news, &link).unwrap();
    write_last_open(&db, &link, "a.txt", 0);
    assert_eq!(session_of(&db, &news), Some(one_visit("a.txt", 0)));
}

#[test]
fn missing_or_damaged_last_open_files_are_nothing_to_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (db, news) = setup(&dir);
    assert_eq!(session_of(&db, &news), None, "no file");
    let file = db.with_file_name(LAST_OPEN_FILE_NAME);
    std::fs::write(&file, "{\"path\": 1").unwrap();
    assert_eq!(session_of(&db, &news), None);
    assert!(file.exists(), "a damaged file is left as it is");
    write_last_open(&db, &news, "a.txt", 0);
    let mut padded = std::fs::read(&file).unwrap();
    padded.resize(65 * 1024, b' ');
    std::fs::write(&file, padded).unwrap();
    assert_eq!(session_of(&db, &news), None, "too large to be one");
}

#[test]
fn a_fifo_or_device_planted_as_last_open_is_never_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let (db, news) = setup(&dir);
    let file = db.with_file_name(LAST_OPEN_FILE_NAME);
    let made = std::process::Command::new("mkfifo").arg(&file).status();
    assert!(made.unwrap().success());
    let (done, answer) = std::sync::mpsc::channel();
    let (fifo_db, fifo_news) = (db.clone(), news.clone());
    std::thread::spawn(move || done.send(session_of(&fifo_db, &fifo_news)));
    // A guard against a hang, not a speed target.
    let opened = answer.recv_timeout(Duration::from_secs(60));
    assert_eq!(opened.expect("not waited on"), None);
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &file).unwrap();
    assert_eq!(session_of(&db, &news), None);
}

/// The test binary run again as a child process; see the test below.
const CHILD: &str = "READMORE_LAST_OPEN_TEST_CHILD";

/// One reader starting in a process of its own: opens the store for the library and writes
/// the last run it finds to `session-<k>` (`none` when it finds none).
#[test]
#[ignore = "run by readers_starting_at_once_all_reopen_the_old_last_open_article"]
fn child_opener() {
    let Some(parts) = spec_of_copy(CHILD) else {
        return;
    };
    let [db, k, folder, news] = &parts[..] else {
        panic!("a bad spec: {parts:?}");
    };
    let folder = Path::new(folder);
    std::fs::write(folder.join(format!("ready-{k}")), "").unwrap();
    wait_for_file(&folder.join("go"));
    let found = match session_of(Path::new(db), Path::new(news)) {
        Some(session) => format!("{:?}", session.visits),
        None => "none".to_owned(),
    };
    std::fs::write(folder.join(format!("session-{k}")), found).unwrap();
}

/// Readers started at once on a library with an old `last-open` file: every one of them
/// reopens its article, and the file is imported once (one visit, one `.imported` file).
#[test]
fn readers_starting_at_once_all_reopen_the_old_last_open_article() {
    let dir = tempfile::tempdir().unwrap();
    let (db, news) = setup(&dir);
    write_last_open(&db, &news, "world/a.txt", 12);
    let (_, module) = module_path!().split_once("::").unwrap();
    let child = format!("{module}::child_opener");
    run_at_once(dir.path(), &child, CHILD, |k| {
        let (db, folder, news) = (db.display(), dir.path().display(), news.display());
        format!("{db}|{k}|{folder}|{news}")
    });
    let expected = format!("{:?}", one_visit("world/a.txt", 12).visits);
    for k in 0..READERS {
        let found = std::fs::read_to_string(dir.path().join(format!("session-{k}"))).unwrap();
        assert_eq!(found, expected, "reader {k}");
    }
    let names: Vec<String> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(LAST_OPEN_FILE_NAME))
        .collect();
    assert_eq!(names, ["last-open.imported"], "imported once");
}
