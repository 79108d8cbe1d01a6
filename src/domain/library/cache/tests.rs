use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, SystemTime};

use super::*;
use crate::domain::library::index::Resolved;
use crate::domain::library::{ArticleId, Library};

/// An articles folder and a cache folder, both temporary.
pub(super) struct Folders {
    pub(super) articles: tempfile::TempDir,
    pub(super) cache: tempfile::TempDir,
}

/// A time well before any load, so that files are not too recent to cache.
pub(super) fn an_hour_ago() -> SystemTime {
    SystemTime::now() - Duration::from_secs(3600)
}

impl Folders {
    pub(super) fn new() -> Self {
        let folders = Self {
            articles: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        folders.write("a.txt", "Alpha\nfirst\nRead More: Beta\nRead More: Nowhere");
        folders.write("b/beta.txt", "Beta\nRead More: Alpha");
        folders.write("b/same.txt", "alpha\nanother Alpha");
        folders.write("empty.txt", "   \n");
        folders.write_bytes("pound.txt", b"Pound \xa3 Rises\nbody");
        folders.write("note.md", "Not an article");
        folders
    }

    pub(super) fn root(&self) -> &Path {
        self.articles.path()
    }

    /// Writes `text` at `path`, last modified an hour ago.
    pub(super) fn write(&self, path: &str, text: &str) -> PathBuf {
        self.write_bytes(path, text.as_bytes())
    }

    fn write_bytes(&self, path: &str, bytes: &[u8]) -> PathBuf {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        set_modified(&path, an_hour_ago());
        path
    }

    /// Loads the folder with the cache.
    pub(super) fn load(&self) -> Library {
        self.load_with(LoadOptions::default())
    }

    fn load_with(&self, options: LoadOptions) -> Library {
        let cache = Some(self.cache.path());
        Library::load_refreshing_cache(self.root(), options, cache, &AtomicUsize::new(0)).unwrap()
    }

    /// The cache file of the folder, loaded with the default options.
    pub(super) fn file(&self) -> PathBuf {
        let inside = fs::canonicalize(self.root()).unwrap();
        Cache::new(self.cache.path(), &inside, LoadOptions::default()).file
    }
}

pub(super) fn set_modified(path: &Path, when: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

/// The warnings of `library` about the cache.
fn cache_warnings(library: &Library) -> Vec<&str> {
    (library.warnings.iter())
        .filter(|warning| warning.message.starts_with("metadata cache not used"))
        .map(|warning| warning.message.as_str())
        .collect()
}

/// `library` is what a fresh load of its folder without the cache gives, but for warnings
/// about the cache itself.
#[track_caller]
fn assert_fresh(library: &Library) {
    let fresh = Library::load(library.root(), library.options).unwrap();
    let paths = |library: &Library| -> Vec<String> {
        library.entries().map(|e| e.path().to_owned()).collect()
    };
    assert_eq!(paths(library), paths(&fresh));
    for id in fresh.ids() {
        let (got, want) = (library.get(id), fresh.get(id));
        assert_eq!(got.title(), want.title());
        assert_eq!(
            got.links().collect::<Vec<_>>(),
            want.links().collect::<Vec<_>>()
        );
        assert_eq!(got.targets(), want.targets(), "{}", want.path());
        assert_eq!(got.size(), want.size(), "{}", want.path());
        assert_eq!(library.stamp(id), fresh.stamp(id), "{}", want.path());
        assert_eq!(library.body(id), fresh.body(id), "{}", want.path());
        assert_eq!(
            library.backlinks(id),
            fresh.backlinks(id),
            "{}",
            want.path()
        );
    }
    let mut warnings = library.warnings.clone();
    warnings.retain(|w| !w.message.starts_with("metadata cache not used"));
    assert_eq!(warnings, fresh.warnings);
    assert_eq!(library.skipped, fresh.skipped);
    assert_eq!(library.duplicates, fresh.duplicates);
    assert_eq!(library.discovered, fresh.discovered);
}

/// (parsed, reused) of a load.
fn counts(library: &Library) -> (usize, usize) {
    (library.timings.parsed, library.timings.reused)
}

#[test]
fn a_second_load_reads_no_file_and_equals_a_fresh_load() {
    let folders = Folders::new();
    let first = folders.load();
    assert_eq!(counts(&first), (5, 0));
    assert!(folders.file().exists());
    assert_fresh(&first);

    let second = folders.load();
    assert_eq!(counts(&second), (0, 5), "every file came from the cache");
    assert!(cache_warnings(&second).is_empty());
    assert_fresh(&second);
    assert_eq!(second.skipped[0].reason, "no title");
    assert_eq!(second.warnings.len(), 1, "pound.txt is not UTF-8");
}

#[test]
fn an_unchanged_folder_does_not_write_the_cache_again() {
    let folders = Folders::new();
    folders.load();
    let marked = an_hour_ago();
    set_modified(&folders.file(), marked);
    folders.load();
    let modified = fs::metadata(folders.file()).unwrap().modified().unwrap();
    assert_eq!(modified, marked, "the cache file was left as it was");
    folders.write("new.txt", "New\nbody");
    folders.load();
    let modified = fs::metadata(folders.file()).unwrap().modified().unwrap();
    assert_ne!(modified, marked, "a new file is written to the cache");
}

#[test]
fn files_changed_removed_or_added_while_closed_are_read_again() {
    let folders = Folders::new();
    folders.load();
    // Same size, another time: the title changes from Alpha to Omega.
    let a = folders.write("a.txt", "Omega\nfirst\nRead More: Beta\nRead More: Nowhere");
    set_modified(&a, an_hour_ago() - Duration::from_secs(60));
    fs::remove_file(folders.root().join("b/same.txt")).unwrap();
    folders.write("c.txt", "Gamma\nRead More: Omega");
    let library = folders.load();
    assert_eq!(counts(&library), (2, 3), "a.txt and c.txt are read");
    assert_eq!(library.get(ArticleId::new(0)).title(), "Omega");
    assert!(library.find_path("b/same.txt").is_none());
    assert_fresh(&library);
    assert_eq!(counts(&folders.load()), (0, 5));
}

#[test]
fn a_rewrite_that_keeps_size_and_modification_time_is_still_seen() {
    let folders = Folders::new();
    folders.load();
    let path = folders.root().join("b/beta.txt");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    // As `cp -p` does: new bytes of the same length, the old modification time.
    fs::write(&path, "Betz\nRead More: Alpha").unwrap();
    set_modified(&path, before);
    let library = folders.load();
    assert_eq!(counts(&library), (1, 4));
    assert!(library.find("Betz").is_some());
    assert_fresh(&library);
}

#[test]
fn files_written_just_before_the_load_are_read_again_next_time() {
    let folders = Folders::new();
    fs::write(folders.root().join("new.txt"), "New\nbody").unwrap();
    assert_eq!(counts(&folders.load()), (6, 0));
    assert_eq!(
        counts(&folders.load()),
        (1, 5),
        "new.txt is too recent to trust"
    );
    // Still, a start from the cache shows it, and the walk after reads it again.
    let cached =
        Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path()).unwrap();
    assert_fresh(&cached);
    assert_eq!(
        cached.stale_paths(folders.cache.path()).unwrap(),
        [folders.root().join("new.txt")]
    );
}

#[test]
fn other_load_options_do_not_use_the_cache() {
    let folders = Folders::new();
    folders.load();
    let latin = LoadOptions {
        decoding: Decoding::from_label("windows-1252").unwrap(),
        ..LoadOptions::default()
    };
    let library = folders.load_with(latin);
    assert_eq!(counts(&library), (5, 0));
    assert!(cache_warnings(&library).is_empty());
    assert!(library.warnings[0].message.contains("windows-1252"));
    assert_fresh(&library);
}

#[test]
fn symbolic_links_are_read_every_time() {
    let folders = Folders::new();
    std::os::unix::fs::symlink("a.txt", folders.root().join("link.txt")).unwrap();
    folders.load();
    assert_eq!(counts(&folders.load()), (1, 5));
    let marked = an_hour_ago();
    set_modified(&folders.file(), marked);
    folders.load();
    let modified = fs::metadata(folders.file()).unwrap().modified().unwrap();
    assert_eq!(
        modified, marked,
        "reading the link again is no reason to write the cache"
    );
    let cached =
        Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path()).unwrap();
    assert!(
        cached.find_path("link.txt").is_some(),
        "shown from the cache"
    );
}

/// Replaces the cache file's bytes with what `damage` makes of them, loads, and checks that
/// the load warned with `why`, equals a fresh load, and rebuilt the cache.
#[track_caller]
fn assert_rebuilt(damage: impl FnOnce(Vec<u8>) -> Vec<u8>, why: &str) {
    let folders = Folders::new();
    folders.load();
    let bytes = fs::read(folders.file()).unwrap();
    fs::write(folders.file(), damage(bytes)).unwrap();
    let library = folders.load();
    let warnings = cache_warnings(&library);
    assert_eq!(warnings.len(), 1, "{:?}", library.warnings);
    assert!(warnings[0].contains(why), "{warnings:?}");
    assert!(warnings[0].ends_with("it is made again"), "{warnings:?}");
    assert_eq!(counts(&library), (5, 0));
    assert_fresh(&library);
    let again = folders.load();
    assert_eq!(counts(&again), (0, 5), "the cache was made again");
    assert!(cache_warnings(&again).is_empty());
}

#[test]
fn a_garbage_cache_is_rebuilt_with_a_warning() {
    assert_rebuilt(
        |_| b"\x1b]0;owned\x07 not a cache at all".repeat(3),
        "not a readmore cache",
    );
}

#[test]
fn a_truncated_cache_is_rebuilt_with_a_warning() {
    assert_rebuilt(|bytes| bytes[..bytes.len() / 2].to_vec(), "truncated");
    assert_rebuilt(|bytes| bytes[..10].to_vec(), "truncated");
}

#[test]
fn a_cache_of_another_format_version_is_rebuilt_with_a_warning() {
    assert_rebuilt(
        |mut bytes| {
            bytes[8..12].copy_from_slice(&7u32.to_le_bytes());
            bytes
        },
        "format version 7",
    );
}

#[test]
fn a_cache_with_a_wrong_checksum_is_rebuilt_with_a_warning() {
    assert_rebuilt(
        |mut bytes| {
            let last = bytes.len() - 1;
            bytes[last] ^= 0x55;
            bytes
        },
        "checksum",
    );
}

/// The cache file of `root` holding `files`, with a valid header: what a program that knows
/// the format can write.
fn forged(root: &Path, files: &[Record], key: &CacheKey) -> Vec<u8> {
    let inside = fs::canonicalize(root).unwrap();
    let cache = Cache::new(Path::new("/unused"), &inside, LoadOptions::default());
    let head = Head {
        root: cache.root,
        settings: cache.settings,
        count: files.len() as u64,
    };
    encode(
        &head,
        &files.iter().collect::<Vec<_>>(),
        &resolve(files),
        key,
    )
}

/// The records of the cache a load of `folders` writes, with a.txt's title made `title`.
fn loaded_with_title(folders: &Folders, title: &str) -> Vec<Record> {
    folders.load();
    let mut records = decode_ours(&fs::read(folders.file()).unwrap()).files;
    let Outcome::Article { title: kept, .. } = &mut records[0].outcome else {
        panic!("a.txt is an article");
    };
    title.clone_into(kept);
    records
}

#[test]
fn a_well_formed_cache_with_an_escape_in_a_title_is_rebuilt_with_a_warning() {
    let folders = Folders::new();
    let records = loaded_with_title(&folders, "\u{1b}]52;c;b3duZWQ=\u{7}Alpha");
    fs::write(
        folders.file(),
        forged(folders.root(), &records, &CacheKey::default()),
    )
    .unwrap();
    let library = folders.load();
    assert_eq!(cache_warnings(&library).len(), 1, "{:?}", library.warnings);
    assert!(cache_warnings(&library)[0].contains("text that no article file gives"));
    assert_eq!(library.get(ArticleId::new(0)).title(), "Alpha");
    assert_fresh(&library);
}

#[test]
fn only_text_parsing_could_give_passes_as_clean() {
    let article = |title: &str, links: &[&str], warning: Option<&str>| Outcome::Article {
        title: title.to_owned(),
        links: links.iter().map(|&link| link.to_owned()).collect(),
        hash: 0,
        size: 0,
        warning: warning.map(str::to_owned),
    };
    assert!(article("Alpha", &["Beta"], Some("read as windows-1252")).is_clean());
    assert!(article("A ~ Z, café", &["!Beta?"], None).is_clean());
    assert!(
        Outcome::Skipped {
            reason: "no title".to_owned()
        }
        .is_clean()
    );
    for dirty in [
        article("", &[], None),
        article(" Alpha", &[], None),
        article("Al\u{200b}pha", &[], None),
        article("Al\u{7f}pha", &[], None),
        article("Alpha\u{202e}", &[], None),
        article("Alpha", &["\u{1b}[2J"], None),
        article("Alpha", &[""], None),
        article("Alpha", &[], Some("\u{9b}31m")),
        Outcome::Skipped {
            reason: "\u{7}".to_owned(),
        },
    ] {
        assert!(!dirty.is_clean(), "{dirty:?}");
    }
}

#[test]
fn an_undecodable_cache_with_a_valid_checksum_is_rebuilt_with_a_warning() {
    let folders = Folders::new();
    folders.load();
    let mut bytes = fs::read(folders.file()).unwrap();
    // A length that claims far more than the payload holds.
    bytes.truncate(HEADER);
    let body = [0xff, 0xff, 0xff, 0xff, 0x0f];
    bytes[12..20].copy_from_slice(&(body.len() as u64).to_le_bytes());
    bytes[20..52].copy_from_slice(CacheKey::default().checksum(&body).as_bytes());
    bytes.extend_from_slice(&body);
    fs::write(folders.file(), bytes).unwrap();
    let library = folders.load();
    assert!(cache_warnings(&library)[0].contains("cannot be decoded"));
    assert_fresh(&library);
}

#[test]
fn a_cache_folder_that_cannot_be_written_is_bypassed_with_a_warning() {
    let folders = Folders::new();
    // A file where the folder should be: not even root can create a folder there.
    let inside = fs::canonicalize(folders.root()).unwrap();
    let blocked = crate::domain::paths::library_cache_dir(folders.cache.path(), &inside);
    fs::write(&blocked, "in the way").unwrap();
    for _ in 0..2 {
        let library = folders.load();
        assert_eq!(counts(&library), (5, 0));
        let warnings = cache_warnings(&library);
        assert_eq!(warnings.len(), 1, "{:?}", library.warnings);
        assert!(warnings[0].contains("cannot write it"), "{warnings:?}");
        assert_fresh(&library);
    }
}

#[test]
fn loads_at_once_leave_one_valid_cache() {
    let folders = Folders::new();
    for n in 0..200 {
        folders.write(&format!("many/{n:03}.txt"), &format!("Story {n}\nbody {n}"));
    }
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                let library = folders.load();
                assert!(cache_warnings(&library).is_empty());
                assert_fresh(&library);
            });
        }
    });
    let library = folders.load();
    assert_eq!(counts(&library), (0, 205));
    assert!(cache_warnings(&library).is_empty());
    let leftovers = fs::read_dir(folders.file().parent().unwrap())
        .unwrap()
        .count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn a_load_without_a_cache_folder_writes_nothing() {
    let folders = Folders::new();
    let library = Library::load_refreshing_cache(
        folders.root(),
        LoadOptions::default(),
        None,
        &AtomicUsize::new(0),
    )
    .unwrap();
    assert_eq!(counts(&library), (5, 0));
    assert_eq!(fs::read_dir(folders.cache.path()).unwrap().count(), 0);
}

#[test]
fn a_cache_folder_inside_the_articles_folder_is_never_written() {
    let folders = Folders::new();
    let below = folders.root().join(".cache/readmore");
    for cache in [folders.root().to_path_buf(), below] {
        let library = Library::load_refreshing_cache(
            folders.root(),
            LoadOptions::default(),
            Some(&cache),
            &AtomicUsize::new(0),
        )
        .unwrap();
        let warnings = cache_warnings(&library);
        assert_eq!(warnings.len(), 1, "{:?}", library.warnings);
        assert!(
            warnings[0].contains("inside the articles folder"),
            "{warnings:?}"
        );
        assert_fresh(&library);
    }
    assert!(!folders.root().join(".cache").exists());
    let names = fs::read_dir(folders.root()).unwrap().count();
    assert_eq!(names, 5, "nothing added to the articles folder");
}

#[test]
fn a_huge_cache_file_is_not_read() {
    let folders = Folders::new();
    folders.load();
    // Sparse: no disk used, and never read.
    let file = fs::File::options()
        .write(true)
        .open(folders.file())
        .unwrap();
    file.set_len(MAX_BYTES + 1).unwrap();
    let library = folders.load();
    let warnings = cache_warnings(&library);
    assert!(
        warnings[0].contains("larger than 2147483648 bytes"),
        "{warnings:?}"
    );
    assert_fresh(&library);
    assert_eq!(counts(&folders.load()), (0, 5), "made again");
}

#[test]
fn a_cache_that_claims_more_or_fewer_records_than_it_holds_is_rebuilt() {
    let folders = Folders::new();
    folders.load();
    let records = decode_ours(&fs::read(folders.file()).unwrap()).files;
    let inside = fs::canonicalize(folders.root()).unwrap();
    let cache = Cache::new(Path::new("/unused"), &inside, LoadOptions::default());
    // A count no memory could hold: nothing is reserved for it.
    for (count, why) in [
        (u64::MAX, "cannot be decoded"),
        (2, "bytes after the last record"),
    ] {
        let head = Head {
            root: cache.root.clone(),
            settings: cache.settings.clone(),
            count,
        };
        fs::write(
            folders.file(),
            encode(
                &head,
                &records.iter().collect::<Vec<_>>(),
                &resolve(&records),
                &CacheKey::default(),
            ),
        )
        .unwrap();
        let library = folders.load();
        let warnings = cache_warnings(&library);
        assert!(warnings[0].contains(why), "{warnings:?}");
        assert_fresh(&library);
    }
}

#[test]
fn the_cached_library_shows_the_last_load_and_stale_paths_name_what_changed_since() {
    let folders = Folders::new();
    assert!(
        Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path()).is_none(),
        "no cache yet"
    );
    let first = folders.load();
    let cached = Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path())
        .expect("a cache to start from");
    assert_eq!(counts(&cached), (0, 5), "no file read");
    assert_fresh(&cached);
    assert_eq!(
        cached.stale_paths(folders.cache.path()).unwrap(),
        [] as [PathBuf; 0]
    );

    let a = folders.write("a.txt", "Omega\nfirst\nRead More: Beta\nRead More: Nowhere");
    set_modified(&a, an_hour_ago() - Duration::from_secs(60));
    fs::remove_file(folders.root().join("b/same.txt")).unwrap();
    let c = folders.write("c.txt", "Gamma\nRead More: Omega");
    let shown =
        Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path()).unwrap();
    assert_eq!(
        shown.get(ArticleId::new(0)).title(),
        "Alpha",
        "as the cache has it"
    );
    let mut stale = shown.stale_paths(folders.cache.path()).unwrap();
    stale.sort();
    assert_eq!(stale, [a, folders.root().join("b/same.txt"), c]);

    // Reloading what is stale gives what a fresh load gives, and the cache caught up.
    let (reloaded, change) = shown.reloaded(&stale, LoadOptions::default()).unwrap();
    assert_eq!(
        change.summary().as_deref(),
        Some("1 added, 1 changed, 1 removed")
    );
    assert_fresh(&reloaded);
    let next =
        Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path()).unwrap();
    assert_fresh(&next);
    assert_eq!(
        next.stale_paths(folders.cache.path()).unwrap(),
        [] as [PathBuf; 0]
    );
    drop(first);
}

#[test]
fn a_cached_path_no_walk_could_give_is_never_shown() {
    let folders = Folders::new();
    folders.load();
    for planted in [
        &b"../outside.txt"[..],
        b"/etc/passwd.txt",
        b".hidden/a.txt",
        b"a.md",
    ] {
        let mut records = decode_ours(&fs::read(folders.file()).unwrap()).files;
        records[0].path = planted.to_vec();
        fs::write(
            folders.file(),
            forged(folders.root(), &records, &CacheKey::default()),
        )
        .unwrap();
        let cached =
            Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path());
        assert!(cached.is_none(), "{}", String::from_utf8_lossy(planted));
        // A full load reads around it and writes a good cache again.
        assert_fresh(&folders.load());
    }
}

#[test]
fn a_clean_cache_forged_by_someone_else_is_rebuilt_with_a_warning() {
    let folders = Folders::new();
    let mut records = loaded_with_title(&folders, "Spoofed Headline");
    records[1].outcome = Outcome::Skipped {
        reason: "hidden by a fake reason".to_owned(),
    };
    let someone_elses = CacheKey::kept_in(&tempfile::tempdir().unwrap().path().join("key"));
    fs::write(
        folders.file(),
        forged(folders.root(), &records, &someone_elses),
    )
    .unwrap();
    let library = folders.load();
    assert_eq!(cache_warnings(&library).len(), 1, "{:?}", library.warnings);
    assert!(
        cache_warnings(&library)[0].contains("not written by this user's readmore"),
        "{:?}",
        library.warnings
    );
    assert_eq!(library.get(ArticleId::new(0)).title(), "Alpha");
    assert!(
        !library
            .skipped
            .iter()
            .any(|skipped| skipped.path == "b/beta.txt"),
        "{:?}",
        library.skipped
    );
    assert_fresh(&library);
}

/// The payload of a cache this user's readmore wrote.
fn decode_ours(bytes: &[u8]) -> Payload {
    decode(bytes, &CacheKey::default()).unwrap()
}

/// The cache file of `folders` rewritten with its own records and `resolved` as the links.
fn with_links(folders: &Folders, resolved: &Resolved) {
    let payload = decode_ours(&fs::read(folders.file()).unwrap());
    let head = Head {
        root: payload.root,
        settings: payload.settings,
        count: payload.files.len() as u64,
    };
    let files: Vec<&Record> = payload.files.iter().collect();
    let bytes = encode(&head, &files, resolved, &CacheKey::default());
    fs::write(folders.file(), bytes).unwrap();
}

#[test]
fn a_start_from_the_cache_takes_the_links_it_resolved_and_resolves_nothing() {
    let folders = Folders::new();
    folders.load();
    let resolved = decode_ours(&fs::read(folders.file()).unwrap()).resolved;
    assert_eq!(
        resolved,
        resolve(&decode_ours(&fs::read(folders.file()).unwrap()).files)
    );
    // a.txt's links are Beta (b/beta.txt, id 1) and Nowhere; b/beta.txt's is Alpha (id 0).
    // Links the cache says go elsewhere are taken as they are: nothing was resolved again.
    let mut swapped = decode_ours(&fs::read(folders.file()).unwrap()).files;
    let Outcome::Article { links, .. } = &mut swapped[0].outcome else {
        panic!("a.txt is an article");
    };
    links.reverse();
    with_links(&folders, &resolve(&swapped));
    let cached =
        Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path()).unwrap();
    let a = cached.get(ArticleId::new(0));
    assert_eq!(a.links().collect::<Vec<_>>(), ["Beta", "Nowhere"]);
    assert_eq!(a.targets(), [None, Some(ArticleId::new(1))]);
}

#[test]
fn links_in_the_cache_that_do_not_fit_its_records_are_resolved_again() {
    let folders = Folders::new();
    folders.load();
    let records = decode_ours(&fs::read(folders.file()).unwrap()).files;
    let mut fewer = records.clone();
    let Outcome::Article { links, .. } = &mut fewer[0].outcome else {
        panic!("a.txt is an article");
    };
    links.pop();
    // An article past the last names where a.txt's dangling link would go: an id out of range.
    let mut past = records.clone();
    past.push(Record {
        path: b"zz.txt".to_vec(),
        key: Key::default(),
        outcome: Outcome::Article {
            title: "Nowhere".to_owned(),
            links: Vec::new(),
            hash: 0,
            size: 0,
            warning: None,
        },
    });
    for resolved in [resolve(&fewer), resolve(&records[..1]), resolve(&past)] {
        with_links(&folders, &resolved);
        let cached =
            Library::from_cache(folders.root(), LoadOptions::default(), folders.cache.path())
                .expect("the records are fine");
        assert_fresh(&cached);
    }
}

/// `bytes` of a cache with its payload changed by `change` and signed again, as this user's
/// readmore would sign it.
pub(super) fn resigned(mut bytes: Vec<u8>, change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut body = bytes.split_off(HEADER);
    change(&mut body);
    bytes[12..20].copy_from_slice(&(body.len() as u64).to_le_bytes());
    bytes[20..].copy_from_slice(CacheKey::default().checksum(&body).as_bytes());
    bytes.extend(body);
    bytes
}

#[test]
fn a_table_of_runs_that_does_not_fit_the_records_is_rebuilt_with_a_warning() {
    let longer = |body: &mut Vec<u8>| {
        let at = body.len() - 8;
        let length = u64::from_le_bytes(body[at..].try_into().unwrap());
        body[at..].copy_from_slice(&(length + 1).to_le_bytes());
    };
    assert_rebuilt(|bytes| resigned(bytes, longer), "cannot be decoded");
    assert_rebuilt(
        |bytes| resigned(bytes, |body| body.truncate(body.len() - 3)),
        "decoded",
    );
}

#[test]
fn a_start_from_a_cache_whose_runs_miscount_their_articles_reads_the_folder() {
    let folders = Folders::new();
    folders.load();
    // The last run holds one article; its count is the last byte before the table's length.
    let bytes = resigned(fs::read(folders.file()).unwrap(), |body| {
        let at = body.len() - 9;
        assert_eq!(body[at], 1);
        body[at] = 0;
    });
    fs::write(folders.file(), bytes).unwrap();
    let options = LoadOptions::default();
    assert!(Library::from_cache(folders.root(), options, folders.cache.path()).is_none());
    assert_fresh(&folders.load());
}

#[test]
fn a_start_from_a_cache_whose_run_claims_more_articles_than_records_reads_the_folder() {
    let folders = Folders::new();
    folders.load();
    // The last run's count of articles (1, the last byte of the table) made u64::MAX: sizing
    // the entries by it must not be tried.
    let bytes = resigned(fs::read(folders.file()).unwrap(), |body| {
        let at = body.len() - 9;
        assert_eq!(body[at], 1);
        let huge = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        body.splice(at..=at, huge);
        let end = body.len() - 8;
        let length = u64::from_le_bytes(body[end..].try_into().unwrap());
        body[end..].copy_from_slice(&(length + huge.len() as u64 - 1).to_le_bytes());
    });
    fs::write(folders.file(), bytes).unwrap();
    let options = LoadOptions::default();
    assert!(Library::from_cache(folders.root(), options, folders.cache.path()).is_none());
    assert_fresh(&folders.load());
}
