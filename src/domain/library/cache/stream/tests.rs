use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use super::super::tests::{Folders, an_hour_ago, resigned, set_modified};
use super::super::{Cache, FORGED, Outcome};
use crate::domain::library::{Library, LoadOptions};

fn cache_of(folders: &Folders) -> Cache {
    let inside = fs::canonicalize(folders.root()).unwrap();
    Cache::new(folders.cache.path(), &inside, LoadOptions::default())
}

/// Every record the windows hand out, printed (a borrowed string prints as the owned one
/// does), with how many windows there were.
fn windowed(cache: &Cache) -> (Result<bool, String>, Vec<String>, usize) {
    let (mut printed, mut windows) = (Vec::new(), 0);
    let read = cache.windows(|records| {
        printed.extend(records.iter().map(|record| format!("{record:?}")));
        windows += 1;
        Ok(())
    });
    (read, printed, windows)
}

#[test]
fn records_read_a_window_at_a_time_are_the_records_read_whole() {
    let folders = Folders::new();
    folders.load();
    let cache = cache_of(&folders);
    let whole = cache.read().unwrap().unwrap();
    let (read, printed, windows) = windowed(&cache);
    assert_eq!(read, Ok(true));
    let records: Vec<_> = whole.records.iter().map(|r| format!("{r:?}")).collect();
    assert_eq!(printed, records);
    assert_eq!(windows, 3, "five records in runs of two, a run a window");
    assert!(whole.records.iter().any(|r| matches!(
        &r.outcome,
        Outcome::Article {
            warning: Some(_),
            ..
        }
    )));
    assert!((whole.records.iter()).any(|r| matches!(&r.outcome, Outcome::Skipped { .. })));
}

#[test]
fn a_windowed_read_vouches_for_nothing_it_cannot_check_whole() {
    let folders = Folders::new();
    folders.load();
    let cache = cache_of(&folders);
    let bytes = fs::read(folders.file()).unwrap();

    // A byte of the last run changed by someone without the key: every record is handed out,
    // but the read fails at the end.
    let mut changed = bytes.clone();
    let at = changed.len() - 12;
    changed[at] ^= 1;
    fs::write(folders.file(), &changed).unwrap();
    assert_eq!(windowed(&cache).0, Err(FORGED.to_owned()));
    let options = LoadOptions::default();
    assert!(
        Library::from_cache(folders.root(), options, folders.cache.path()).is_none(),
        "a start decodes the windows before the checksum is known, and shows none of them"
    );

    let longer_table = resigned(bytes.clone(), |body| {
        let at = body.len() - 8;
        let length = u64::from_le_bytes(body[at..].try_into().unwrap());
        body[at..].copy_from_slice(&(length + 1).to_le_bytes());
    });
    fs::write(folders.file(), longer_table).unwrap();
    assert!(
        windowed(&cache)
            .0
            .unwrap_err()
            .contains("cannot be decoded")
    );

    fs::write(folders.file(), &bytes[..30]).unwrap();
    assert_eq!(windowed(&cache).0, Err("it is truncated".to_owned()));

    fs::write(folders.file(), &bytes).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let other = Cache::new(
        folders.cache.path(),
        elsewhere.path(),
        LoadOptions::default(),
    );
    assert_eq!(windowed(&other).0, Ok(false), "no cache of that folder");
    assert_eq!(windowed(&cache).0, Ok(true));
}

/// A change made to the file at a path of a [`Folders`], giving the file's path.
type Change = dyn Fn(&Folders, &str) -> PathBuf;

/// The folder's files in path order lie in runs of two, a run a window: `a.txt
/// b/beta.txt | b/same.txt empty.txt | pound.txt`. A change on either side of the first
/// window's end is found.
#[test]
fn a_change_on_either_side_of_a_window_boundary_is_stale() {
    let touch = |folders: &Folders, path: &str| {
        let path = folders.root().join(path);
        set_modified(&path, an_hour_ago() - Duration::from_secs(60));
        path
    };
    let add = |folders: &Folders, path: &str| folders.write(path, "Added\nbody");
    let remove = |folders: &Folders, path: &str| {
        let path = folders.root().join(path);
        fs::remove_file(&path).unwrap();
        path
    };
    let changes: [(&str, &Change); 5] = [
        ("b/beta.txt", &touch),
        ("b/same.txt", &touch),
        ("b/c.txt", &add),
        ("b/beta.txt", &remove),
        ("b/same.txt", &remove),
    ];
    for (path, change) in changes {
        let folders = Folders::new();
        folders.load();
        assert_eq!(windowed(&cache_of(&folders)).2, 3);
        let shown =
            Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path())
                .unwrap();
        assert_eq!(
            shown.stale_paths(folders.cache.path()).unwrap(),
            [] as [PathBuf; 0]
        );
        let changed = change(&folders, path);
        assert_eq!(
            shown.stale_paths(folders.cache.path()).unwrap(),
            [changed],
            "{path}"
        );
    }
}
