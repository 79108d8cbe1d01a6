//! The store against the failures of the old whole-file `state.toml` and of whole-row writes:
//! several readers and processes on one database, modes, symlinks, planted files, pruning,
//! imports.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

fn starred() -> Remembered {
    Remembered {
        starred: true,
        ..Remembered::default()
    }
}

fn read_at(scroll: usize) -> Remembered {
    Remembered {
        read: true,
        scroll,
        lines: 100,
        ..Remembered::default()
    }
}

/// The library the tests' stores keep marks for.
const LIBRARY: &[u8] = b"/news";

fn db_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("readmore").join(FILE_NAME)
}

/// A new temporary folder, and where the database in it goes; nothing made yet.
fn new_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = db_in(&dir);
    (dir, path)
}

/// [`new_db`] with the database's folder made.
fn new_db_in_made_folder() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = new_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    (dir, path)
}

/// Stars `a.txt` (titled `A`) in the store at `path`, flushed, and closes the store.
fn star_a_and_close(path: &Path) {
    let store = open(path);
    store.record("a.txt", "A", Edit::whole(starred()));
    assert_eq!(store.flush(), None);
    drop(store);
}

/// Opens, checks there was nothing to warn about, and returns the store.
fn open(path: &Path) -> Store {
    let (store, warning) = Store::open(path, LIBRARY);
    assert_eq!(warning, None);
    store
}

/// Two readers' stores on the database at `path`, opened one after the other.
fn two_readers(path: &Path) -> (Store, Store) {
    (open(path), open(path))
}

fn reopened(path: &Path) -> Snapshot {
    open(path).snapshot()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn marks_survive_a_restart() {
    let (_dir, path) = new_db();
    let store = open(&path);
    store.record("a/one.txt", "One", Edit::whole(read_at(12)));
    store.record("b.txt", "Two \"quoted\" ’title’", Edit::whole(starred()));
    assert_eq!(store.flush(), None);
    drop(store);
    let snapshot = reopened(&path);
    assert_eq!(snapshot.get("a/one.txt", "One"), read_at(12));
    assert_eq!(snapshot.get("b.txt", "Two \"quoted\" ’title’"), starred());
    assert_eq!(snapshot.len(), 2);
}

#[test]
fn a_snapshot_includes_changes_not_yet_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&db_in(&dir));
    store.record("a.txt", "A", Edit::whole(starred()));
    assert_eq!(store.snapshot().get("a.txt", "A"), starred());
}

/// A stars story 1, B reads story 2, both quit; the old store kept only the
/// last writer's whole state.
#[test]
fn two_readers_on_one_database_merge_per_article() {
    let (_dir, path) = new_db();
    let (a, b) = two_readers(&path);
    let (seen_by_a, seen_by_b) = (a.snapshot(), b.snapshot());
    assert!(seen_by_a.is_empty() && seen_by_b.is_empty());
    a.record("1.txt", "Story one", Edit::whole(starred()));
    b.record("2.txt", "Story two", Edit::whole(read_at(5)));
    assert_eq!(b.flush(), None);
    assert_eq!(
        a.flush(),
        None,
        "A quits last, with a snapshot older than B's change"
    );
    drop((a, b));
    let snapshot = reopened(&path);
    assert_eq!(snapshot.get("1.txt", "Story one"), starred());
    assert_eq!(snapshot.get("2.txt", "Story two"), read_at(5));
}

/// The test binary run again as a child process; see the tests below.
const CHILD: &str = "READMORE_STATE_TEST_CHILD";

/// How many articles the four readers share, and how many readers there are.
const SHARED_ARTICLES: usize = 40;
pub(super) const READERS: usize = 4;

/// Waits until `file` exists (the parent's signal that every reader has started).
pub(super) fn wait_for_file(file: &Path) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !file.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "{} never came",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs [`READERS`] copies of the ignored test `test` (its path below the crate) in processes
/// of their own, copy `k` with `variable` set to `spec(k)`; lets them go together (the file
/// `go` in `dir`) once each has written `ready-<k>` there, and waits for every one to pass.
pub(super) fn run_at_once(dir: &Path, test: &str, variable: &str, spec: impl Fn(usize) -> String) {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..READERS)
        .map(|k| {
            std::process::Command::new(&exe)
                .args(["--exact", test, "--ignored"])
                .args(["--test-threads", "1"])
                .env(variable, spec(k))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for k in 0..READERS {
        wait_for_file(&dir.join(format!("ready-{k}")));
    }
    std::fs::write(dir.join("go"), "").unwrap();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
}

/// The spec [`run_at_once`] gave this copy in `variable`, split at `|`; `None` when the test
/// runs on its own rather than as a copy, and then it does nothing.
pub(super) fn spec_of_copy(variable: &str) -> Option<Vec<String>> {
    let spec = std::env::var_os(variable)?.into_string().unwrap();
    Some(spec.split('|').map(str::to_owned).collect())
}

/// One reader in a process of its own, as the app uses the store: the marks it saw at start,
/// changed one at a time, each change handed to the store. Reader `k` opens article 0 (which
/// marks it read), stars every article `n` with `n % 4 == k`, marks read those with
/// `n % 4 == (k + 1) % 4` and leaves a reading position in those with `n % 4 == (k + 2) % 4`.
#[test]
#[ignore = "run by four_readers_touching_the_same_articles_keep_every_mark"]
fn child_reader() {
    let Some(parts) = spec_of_copy(CHILD) else {
        return;
    };
    let [path, k, folder] = &parts[..] else {
        panic!("a bad spec: {parts:?}");
    };
    let (path, k, folder) = (
        Path::new(path),
        k.parse::<usize>().unwrap(),
        Path::new(folder),
    );
    let store = open(path);
    let mut seen = store.snapshot();
    std::fs::write(folder.join(format!("ready-{k}")), "").unwrap();
    wait_for_file(&folder.join("go"));
    let mut change = |n: usize, edit: &dyn Fn(&mut Remembered)| {
        let name = format!("{n}.txt");
        let before = seen.get(&name, "T");
        let mut marks = before;
        edit(&mut marks);
        seen.set(&name, "T", marks);
        // What the app hands over: the fields the reader changed (`Marks::change`).
        store.record(&name, "T", Edit::between(before, marks));
    };
    change(0, &|r| r.read = true);
    for n in 0..SHARED_ARTICLES {
        match (n + READERS - k) % READERS {
            0 => change(n, &|r| r.starred = true),
            1 => change(n, &|r| r.read = true),
            2 => change(n, &|r| {
                r.scroll = 7;
                r.lines = 70;
            }),
            _ => {}
        }
        // Small batches, so the processes' transactions interleave.
        if n % 3 == 0 {
            assert_eq!(store.flush(), None);
        }
    }
    assert_eq!(store.flush(), None);
}

/// Four readers start at once, each with the marks it saw at start, and mark, star and
/// scroll overlapping articles: every mark made by any of them is kept (a reader that writes
/// its whole copy of a row loses the others' marks).
#[test]
fn four_readers_touching_the_same_articles_keep_every_mark() {
    let (dir, path) = new_db();
    drop(open(&path));
    run_at_once(
        dir.path(),
        "domain::store::tests::child_reader",
        CHILD,
        |k| format!("{}|{k}|{}", path.display(), dir.path().display()),
    );
    let snapshot = reopened(&path);
    let everything = Remembered {
        read: true,
        starred: true,
        scroll: 7,
        lines: 70,
    };
    let lost: Vec<String> = (0..SHARED_ARTICLES)
        .filter(|n| snapshot.get(format!("{n}.txt"), "T") != everything)
        .map(|n| format!("{n}.txt: {:?}", snapshot.get(format!("{n}.txt"), "T")))
        .collect();
    assert!(lost.is_empty(), "marks lost: {lost:#?}");
}

/// a `kill -9` loses at most the last second; a change recorded without any
/// flush is in the database within a second.
#[test]
fn a_change_is_written_within_a_second_without_a_flush() {
    let (_dir, path) = new_db();
    let store = open(&path);
    store.record("a.txt", "A", Edit::whole(starred()));
    std::thread::sleep(Duration::from_millis(1000));
    // Another connection, as another process would see it; the store is still running.
    let other = rusqlite::Connection::open(&path).unwrap();
    let count: i64 = other
        .query_row("SELECT count(*) FROM mark WHERE starred = 1", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(count, 1);
    drop(store);
}

/// names that look alike once cleaned for display are different files.
#[test]
fn articles_are_keyed_by_exact_path_bytes_and_title() {
    let (_dir, path) = new_db();
    let store = open(&path);
    store.record("b\x1b[31m.txt", "B", Edit::whole(starred()));
    store.record(b"c\xff.txt", "C", Edit::whole(read_at(3)));
    store.record("a.txt", "Old title", Edit::whole(read_at(1)));
    assert_eq!(store.flush(), None);
    drop(store);
    let snapshot = reopened(&path);
    assert_eq!(snapshot.get("b.txt", "B"), Remembered::default());
    assert_eq!(snapshot.get("b\x1b[31m.txt", "B"), starred());
    assert_eq!(snapshot.get(b"c\xff.txt", "C"), read_at(3));
    assert_eq!(snapshot.get("c\u{fffd}.txt", "C"), Remembered::default());
    assert_eq!(
        snapshot.get("a.txt", "New title"),
        Remembered::default(),
        "a rewritten file with another title does not inherit the marks"
    );
}

/// a new database is private; one the user chmod'ed keeps its mode, and so
/// do the `-wal` and `-shm` files beside it.
#[test]
fn the_database_is_created_private_and_keeps_the_users_mode() {
    let (_dir, path) = new_db();
    drop(open(&path));
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    for chosen in [0o600, 0o640] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(chosen)).unwrap();
        let store = open(&path);
        store.record("a.txt", "A", Edit::whole(read_at(chosen as usize)));
        assert_eq!(store.flush(), None);
        for file in [FILE_NAME, "state.db-wal", "state.db-shm"] {
            assert_eq!(mode(&path.with_file_name(file)), chosen, "{file}");
        }
        drop(store);
        assert_eq!(mode(&path), chosen);
    }
}

/// a `state.db` that is a symlink into a dotfiles folder is written
/// through, not replaced by a regular file.
#[test]
fn a_symlinked_database_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let dotfiles = dir.path().join("dotfiles");
    std::fs::create_dir(&dotfiles).unwrap();
    let target = dotfiles.join("readmore.db");
    let path = db_in(&dir);
    drop(open(&target));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink(&target, &path).unwrap();
    star_a_and_close(&path);
    assert!(
        std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(reopened(&target).get("a.txt", "A"), starred());
}

/// a symlink planted where the old store put its temporary file is never
/// written through; leftovers of the old store are removed.
#[test]
fn planted_temporaries_are_never_followed_and_leftovers_are_removed() {
    let (dir, path) = new_db_in_made_folder();
    let folder = path.parent().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    for pid in [std::process::id(), 1, 99_999] {
        symlink(&victim, folder.join(format!("state.toml.tmp-{pid}"))).unwrap();
    }
    std::fs::write(folder.join("state.toml.tmp-12"), "[[article]]\npath = \"a").unwrap();
    star_a_and_close(&path);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let mut names: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [FILE_NAME]);
}

/// Sets every row's `seen_at` to `days` ago, as if the store had last seen them then.
fn age_rows(path: &Path, days: i64) {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection
        .execute(
            "UPDATE mark SET seen_at = ?1",
            [db::now() - days * 24 * 60 * 60],
        )
        .unwrap();
}

/// entries for files not seen for a long time are pruned, so the database
/// does not grow with years of use.
#[test]
fn articles_not_seen_for_long_are_pruned() {
    let (_dir, path) = new_db();
    let store = open(&path);
    for name in ["kept.txt", "gone.txt", "recent.txt"] {
        store.record(name, "T", Edit::whole(starred()));
    }
    assert_eq!(store.flush(), None);
    age_rows(&path, 100);
    store.record("recent.txt", "T", Edit::whole(read_at(1)));
    store.mark_seen([("kept.txt", "T")]);
    store.prune(PRUNE_AFTER);
    assert_eq!(store.flush(), None);
    let snapshot = store.snapshot();
    assert_eq!(snapshot.get("kept.txt", "T"), starred(), "seen now");
    assert_eq!(snapshot.get("recent.txt", "T"), read_at(1), "changed now");
    assert_eq!(snapshot.get("gone.txt", "T"), Remembered::default());
    assert_eq!(snapshot.len(), 2);
    age_rows(&path, 30);
    store.prune(PRUNE_AFTER);
    assert_eq!(store.snapshot().len(), 2, "a month unseen is not long");
}

#[test]
fn an_old_state_toml_is_imported_once_and_kept() {
    let (_dir, path) = new_db_in_made_folder();
    let folder = path.parent().unwrap();
    let old = "[[article]]\npath = \"a/one.txt\"\ntitle = \"One\"\nread = true\nscroll = 12\n\
               lines = 100\n\n[[article]]\npath = \"b.txt\"\ntitle = \"B\"\nstarred = true\n";
    std::fs::write(folder.join(LEGACY_FILE_NAME), old).unwrap();
    let store = open(&path);
    let snapshot = store.snapshot();
    assert_eq!(snapshot.get("a/one.txt", "One"), read_at(12));
    assert_eq!(snapshot.get("b.txt", "B"), starred());
    assert!(!folder.join(LEGACY_FILE_NAME).exists());
    assert_eq!(
        std::fs::read_to_string(folder.join("state.toml.imported")).unwrap(),
        old
    );
    store.record("b.txt", "B", Edit::whole(Remembered::default()));
    assert_eq!(store.flush(), None);
    drop(store);
    assert_eq!(
        reopened(&path).get("b.txt", "B"),
        Remembered::default(),
        "not imported again over a newer change"
    );
}

#[test]
fn a_corrupt_state_toml_is_moved_aside_and_reported() {
    let (_dir, path) = new_db_in_made_folder();
    let folder = path.parent().unwrap();
    std::fs::write(folder.join(LEGACY_FILE_NAME), "[[article]\npath = ").unwrap();
    let (store, warning) = Store::open(&path, LIBRARY);
    let warning = warning.unwrap();
    assert!(
        warning.contains("unreadable reading state moved to"),
        "{warning}"
    );
    assert!(warning.contains("line 1"), "{warning}");
    let aside: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("state.toml.bad-"))
        .collect();
    assert_eq!(aside.len(), 1);
    store.record("a.txt", "A", Edit::whole(starred()));
    assert_eq!(store.flush(), None, "the store still works");
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside() {
    let (_dir, path) = new_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "x".repeat(4096)).unwrap();
    let (store, warning) = Store::open(&path, LIBRARY);
    assert!(warning.unwrap().contains("moved to"));
    store.record("a.txt", "A", Edit::whole(starred()));
    assert_eq!(store.flush(), None);
    drop(store);
    assert_eq!(reopened(&path).get("a.txt", "A"), starred());
}

#[test]
fn a_store_that_cannot_be_opened_remembers_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    // Below a regular file nothing can be created, whoever runs the test.
    let path = file.join("readmore").join(FILE_NAME);
    let (store, warning) = Store::open(&path, LIBRARY);
    let warning = warning.unwrap();
    assert!(warning.contains(&*file.to_string_lossy()), "{warning}");
    assert!(!warning.contains('\n'));
    store.record("a.txt", "A", Edit::whole(starred()));
    assert_eq!(store.flush(), None);
    assert!(store.snapshot().is_empty());
}

/// Reader A stars story 1 and marks story 3 read; reader B, which started before and knows
/// nothing of it, then opens story 1 (marking it read) and stars story 3. Both marks stay on
/// both stories, and B is told of A's marks without a restart.
#[test]
fn a_reader_writes_only_what_it_changed_and_sees_the_others_changes() {
    let (_dir, path) = new_db();
    let (a, b) = two_readers(&path);
    let (a_saw, b_saw) = (a.snapshot(), b.snapshot());
    let change = |store: &Store, saw: &Snapshot, name: &str, edit: fn(&mut Remembered)| {
        let before = saw.get(name, "T");
        let mut after = before;
        edit(&mut after);
        store.record(name, "T", Edit::between(before, after));
    };
    change(&a, &a_saw, "1.txt", |r| r.starred = true);
    change(&a, &a_saw, "3.txt", |r| r.read = true);
    assert_eq!(a.flush(), None);
    change(&b, &b_saw, "1.txt", |r| r.read = true);
    change(&b, &b_saw, "3.txt", |r| r.starred = true);
    assert_eq!(b.flush(), None);
    let both = Remembered {
        read: true,
        starred: true,
        ..Remembered::default()
    };
    let snapshot = reopened(&path);
    assert_eq!(snapshot.get("1.txt", "T"), both);
    assert_eq!(snapshot.get("3.txt", "T"), both);

    // Each reader's writer thread finds the rows the other wrote (it looks every second).
    let mut news = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let has = |news: &[(Box<[u8]>, String, Remembered)], name: &str| {
        news.iter().any(|(path, _, _)| **path == *name.as_bytes())
    };
    while !(has(&news, "1.txt") && has(&news, "3.txt")) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        news.extend(b.take_changes_elsewhere());
    }
    let named = |name: &str| {
        news.iter()
            .rev()
            .find(|(path, _, _)| **path == *name.as_bytes())
            .map(|(_, _, marks)| *marks)
    };
    assert_eq!(named("1.txt"), Some(both), "{news:?}");
    assert_eq!(named("3.txt"), Some(both), "{news:?}");
}

/// The changes found elsewhere carry this reader's edits not written yet: a star B has just
/// removed is not brought back by A's older row.
#[test]
fn changes_from_elsewhere_keep_this_readers_pending_edits() {
    let (_dir, path) = new_db();
    let (a, b) = two_readers(&path);
    drop(b.snapshot());
    a.record("1.txt", "T", Edit::whole(starred()));
    assert_eq!(a.flush(), None);
    b.record(
        "1.txt",
        "T",
        Edit {
            starred: Some(false),
            ..Edit::default()
        },
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut news = Vec::new();
    while news.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        news = b.take_changes_elsewhere();
    }
    // B's unstar was written with its first batch, or is applied over A's row.
    for (_, _, marks) in &news {
        assert!(!marks.starred, "{news:?}");
    }
    assert_eq!(b.flush(), None);
    assert!(!reopened(&path).get("1.txt", "T").starred);
}

/// An old single-library database: its rows become the first opened library's, and no other
/// library sees them.
#[test]
fn marks_belong_to_one_library_and_old_rows_go_to_the_first_opened() {
    let (_dir, path) = new_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(
        "CREATE TABLE article (path BLOB NOT NULL, title TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,
            scroll INTEGER NOT NULL DEFAULT 0, lines INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL, seen_at INTEGER NOT NULL,
            PRIMARY KEY (path, title)) WITHOUT ROWID;
         INSERT INTO article VALUES (CAST('a.txt' AS BLOB), 'A', 1, 1, 0, 0, 5, 5);",
    )
    .unwrap();
    drop(old);
    let both = Remembered {
        read: true,
        starred: true,
        ..Remembered::default()
    };
    let (sample, _) = Store::open(&path, b"/home/u/sample");
    assert_eq!(sample.snapshot().get("a.txt", "A"), both, "adopted");
    let (copy, _) = Store::open(&path, b"/home/u/copy");
    assert_eq!(copy.snapshot().get("a.txt", "A"), Remembered::default());
    copy.record("a.txt", "A", Edit::whole(read_at(3)));
    assert_eq!(copy.flush(), None);
    drop((sample, copy));
    let (sample, _) = Store::open(&path, b"/home/u/sample");
    assert_eq!(sample.snapshot().get("a.txt", "A"), both, "not the copy's");
}

/// A row whose title is not UTF-8 (written by another program) hides no other mark: it is
/// skipped, and the reader is told.
#[test]
fn a_row_with_a_title_that_is_not_utf8_is_skipped_and_reported() {
    let (_dir, path) = new_db();
    let store = open(&path);
    store.record("a.txt", "A", Edit::whole(starred()));
    assert_eq!(store.flush(), None);
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute(
            "INSERT INTO mark (library, path, title, read, updated_at, seen_at)
             VALUES (?1, CAST('b.txt' AS BLOB), CAST(x'ff41' AS TEXT), 1, 1, 1)",
            [LIBRARY],
        )
        .unwrap();
    let snapshot = store.snapshot();
    assert_eq!(snapshot.get("a.txt", "A"), starred());
    assert_eq!(snapshot.len(), 1);
    let warning = store.take_warning().unwrap();
    assert!(
        warning.contains("1 row with a title that is not UTF-8 skipped"),
        "{warning}"
    );
}

/// A dangling `state.db` symlink: its target is created private, in a private new folder,
/// not with the umask's mode by SQLite.
#[test]
fn a_dangling_symlink_creates_a_private_database() {
    let (dir, path) = new_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let target = dir.path().join("elsewhere").join("readmore.db");
    symlink(&target, &path).unwrap();
    let (store, warning) = Store::open(&path, LIBRARY);
    assert_eq!(warning, None);
    store.record("a.txt", "A", Edit::whole(starred()));
    assert_eq!(store.flush(), None);
    assert_eq!(mode(&target), 0o600);
    assert_eq!(mode(target.parent().unwrap()), 0o700);
    assert!(
        std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Each library keeps the visits of its own last run.
#[test]
fn each_library_keeps_its_last_run() {
    let (_dir, path) = new_db();
    let visit = |path: &str, scroll| Visit {
        path: path.to_owned(),
        scroll,
    };
    let news = Session {
        visits: vec![visit("a.txt", 0), visit("b.txt", 12)],
        current: 1,
    };
    let (store, _) = Store::open(&path, b"/news");
    assert_eq!(store.session(), None);
    store.save_session(news.clone());
    assert_eq!(store.flush(), None);
    let (other, _) = Store::open(&path, b"/other");
    other.save_session(Session {
        visits: vec![visit("z.txt", 3)],
        current: 0,
    });
    assert_eq!(other.flush(), None);
    drop((store, other));
    assert_eq!(Store::open(&path, b"/news").0.session(), Some(news));
}

/// A FIFO planted as `state.db` is refused at once, never waited on: the reader runs
/// remembering nothing, and says why.
#[test]
fn a_fifo_planted_as_the_database_is_refused_without_blocking() {
    let (_dir, path) = new_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    let (store, warning) = Store::open(&path, LIBRARY);
    let warning = warning.unwrap();
    assert!(warning.contains("not a regular file"), "{warning}");
    assert!(store.snapshot().is_empty());
}
