//! The index in the cache folder: reused across opens, caught up with changed files, rebuilt
//! when it cannot be trusted, kept in memory when it cannot be written.

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::index_dir;
use crate::domain::fulltext::*;
use crate::domain::library::LoadOptions;

/// An articles folder and a cache folder.
struct Folders {
    articles: TempDir,
    cache: TempDir,
}

impl Folders {
    fn new(files: &[(&str, &str)]) -> Folders {
        let folders = Folders {
            articles: TempDir::new().unwrap(),
            cache: TempDir::new().unwrap(),
        };
        for (name, text) in files {
            folders.write(name, text);
        }
        folders
    }

    fn write(&self, name: &str, text: &str) {
        fs::write(self.articles.path().join(name), text).unwrap();
    }

    fn library(&self) -> Library {
        Library::load(self.articles.path(), LoadOptions::default()).unwrap()
    }

    fn open(&self, library: &Library) -> FullText {
        FullText::open(library, Some(self.cache.path()))
    }

    fn index_dir(&self) -> PathBuf {
        index_dir(self.cache.path(), self.articles.path())
    }
}

fn paths(fulltext: &FullText, library: &Library, query: &str) -> Vec<String> {
    fulltext
        .search(library, &parse_query(query))
        .into_iter()
        .map(|hit| library.get(hit.id).path().to_owned())
        .collect()
}

const HARBOUR: &[(&str, &str)] = &[
    ("a.txt", "Harbour news\nShips came in."),
    ("b.txt", "Weather\nRain over the harbour."),
    ("c.txt", "Markets\nPrices fell."),
];

#[test]
fn a_second_open_reuses_the_index_and_indexes_nothing() {
    let folders = Folders::new(HARBOUR);
    let library = folders.library();
    let first = folders.open(&library);
    assert_eq!(first.indexed(), 3);
    assert!(first.warnings().is_empty(), "{:?}", first.warnings());
    assert!(
        folders.index_dir().join("meta.json").exists(),
        "kept on disk"
    );
    drop(first);
    let second = folders.open(&library);
    assert_eq!(second.indexed(), 0, "nothing re-indexed");
    assert_eq!(second.len(), 3);
    assert_eq!(paths(&second, &library, "harbour "), ["a.txt", "b.txt"]);
    assert!(second.warnings().is_empty());
}

#[test]
fn opening_reports_progress_until_every_article_is_indexed() {
    let folders = Folders::new(HARBOUR);
    let library = folders.library();
    let seen = std::sync::Mutex::new(Vec::new());
    let record = |progress: Progress| seen.lock().unwrap().push(progress);
    drop(FullText::open_with_progress(
        &library,
        Some(folders.cache.path()),
        &record,
    ));
    assert_eq!(
        *seen.lock().unwrap(),
        [
            Progress { done: 0, total: 3 },
            Progress { done: 3, total: 3 }
        ]
    );
    seen.lock().unwrap().clear();
    drop(FullText::open_with_progress(
        &library,
        Some(folders.cache.path()),
        &record,
    ));
    assert!(
        seen.lock().unwrap().is_empty(),
        "a warm start has nothing to index"
    );
}

#[test]
fn files_changed_removed_or_added_while_closed_are_caught_up() {
    let folders = Folders::new(HARBOUR);
    drop(folders.open(&folders.library()));
    folders.write("b.txt", "Weather\nSunshine all day.");
    fs::remove_file(folders.articles.path().join("a.txt")).unwrap();
    folders.write("d.txt", "Harbour again\nA new story.");
    let library = folders.library();
    let fulltext = folders.open(&library);
    assert_eq!(fulltext.indexed(), 2, "only the changed and the added file");
    assert_eq!(fulltext.len(), 3, "the removed file is gone");
    assert_eq!(paths(&fulltext, &library, "harbour "), ["d.txt"]);
    assert_eq!(paths(&fulltext, &library, "sunshine "), ["b.txt"]);
    assert!(
        paths(&fulltext, &library, "rain ").is_empty(),
        "the old text is gone"
    );
}

#[test]
fn an_update_makes_a_changed_file_searchable_at_once() {
    let folders = Folders::new(HARBOUR);
    let mut library = folders.library();
    let fulltext = folders.open(&library);
    folders.write("c.txt", "Markets\nThe harbour tax rose.");
    folders.write("e.txt", "Harbour fees\nNew.");
    fs::remove_file(folders.articles.path().join("a.txt")).unwrap();
    let change = library.reload(
        &[folders.articles.path().to_path_buf()],
        LoadOptions::default(),
    );
    assert_eq!(fulltext.update(&library, &change).unwrap(), 2);
    assert_eq!(
        paths(&fulltext, &library, "harbour "),
        ["e.txt", "b.txt", "c.txt"],
        "the title match first"
    );
    assert_eq!(fulltext.len(), 3);
    drop(fulltext);
    assert_eq!(
        folders.open(&library).indexed(),
        0,
        "the updates were committed"
    );
}

/// `HARBOUR` indexed, then each file of its index rewritten with what `damage` makes of it
/// (left as it is where that is `None`).
fn indexed_then_damaged(damage: impl Fn(&Path) -> Option<Vec<u8>>) -> (Folders, Library) {
    let folders = Folders::new(HARBOUR);
    let library = folders.library();
    drop(folders.open(&library));
    for entry in fs::read_dir(folders.index_dir()).unwrap() {
        let path = entry.unwrap().path();
        if let Some(bytes) = path.is_file().then(|| damage(&path)).flatten() {
            fs::write(&path, bytes).unwrap();
        }
    }
    (folders, library)
}

#[test]
fn a_corrupt_index_is_rebuilt_with_a_warning() {
    let (folders, library) = indexed_then_damaged(|_| Some(b"\x1b[31mgarbage".to_vec()));
    let fulltext = folders.open(&library);
    assert_eq!(fulltext.indexed(), 3, "rebuilt");
    assert_eq!(paths(&fulltext, &library, "harbour "), ["a.txt", "b.txt"]);
    let [warning] = fulltext.warnings() else {
        panic!("one warning: {:?}", fulltext.warnings());
    };
    assert!(warning.contains("rebuilt"), "{warning}");
    assert!(!warning.contains('\x1b'), "sanitised: {warning:?}");
    assert_eq!(
        folders.open(&library).indexed(),
        0,
        "the rebuilt index is kept"
    );
}

#[test]
fn truncated_segment_files_are_rebuilt() {
    let (folders, library) = indexed_then_damaged(|path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let segment = !name.ends_with(".json") && !name.ends_with(".lock");
        segment.then(|| fs::read(path).unwrap()).map(|mut bytes| {
            bytes.truncate(bytes.len() / 2);
            bytes
        })
    });
    let fulltext = folders.open(&library);
    assert_eq!(paths(&fulltext, &library, "harbour "), ["a.txt", "b.txt"]);
    assert_eq!(fulltext.warnings().len(), 1, "{:?}", fulltext.warnings());
}

#[test]
fn an_index_of_another_format_is_rebuilt() {
    let folders = Folders::new(HARBOUR);
    let library = folders.library();
    let dir = folders.index_dir();
    fs::create_dir_all(&dir).unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    let field = builder.add_text_field("other", tantivy::schema::TEXT);
    let index = tantivy::Index::create_in_dir(&dir, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(field => "harbour"))
        .unwrap();
    writer.commit().unwrap();
    drop((writer, index));
    let fulltext = folders.open(&library);
    assert_eq!(fulltext.indexed(), 3);
    assert!(
        fulltext.warnings().is_empty(),
        "a foreign index is no surprise"
    );
    assert_eq!(paths(&fulltext, &library, "harbour "), ["a.txt", "b.txt"]);
}

/// A cache "folder" that is a file cannot be written even by root.
#[test]
fn an_unusable_cache_folder_means_an_index_in_memory() {
    let folders = Folders::new(HARBOUR);
    let library = folders.library();
    let blocked = folders.cache.path().join("file");
    fs::write(&blocked, "not a folder").unwrap();
    let fulltext = FullText::open(&library, Some(&blocked));
    assert_eq!(paths(&fulltext, &library, "harbour "), ["a.txt", "b.txt"]);
    let [warning] = fulltext.warnings() else {
        panic!("one warning: {:?}", fulltext.warnings());
    };
    assert!(warning.contains("indexing in memory"), "{warning}");
}

/// Permissions do not stop root, so as root this test checks only that the index works.
#[test]
fn a_read_only_cache_folder_means_an_index_in_memory() {
    use std::os::unix::fs::PermissionsExt;
    let folders = Folders::new(HARBOUR);
    let library = folders.library();
    let cache = folders.cache.path();
    fs::set_permissions(cache, fs::Permissions::from_mode(0o555)).unwrap();
    let fulltext = folders.open(&library);
    let writable = is_writable(cache);
    fs::set_permissions(cache, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(paths(&fulltext, &library, "harbour "), ["a.txt", "b.txt"]);
    if !writable {
        assert_eq!(fulltext.warnings().len(), 1, "{:?}", fulltext.warnings());
        assert!(!folders.index_dir().exists());
    }
}

fn is_writable(dir: &Path) -> bool {
    tempfile::tempfile_in(dir).is_ok()
}

#[test]
fn a_second_process_searches_read_only_and_takes_over_later() {
    let folders = Folders::new(HARBOUR);
    let mut library = folders.library();
    let writer = folders.open(&library);
    let reader = folders.open(&library);
    assert!(!writer.is_read_only());
    assert!(reader.is_read_only(), "the writer lock is taken");
    assert_eq!(reader.indexed(), 0);
    assert_eq!(paths(&reader, &library, "harbour "), ["a.txt", "b.txt"]);
    drop(writer);
    folders.write("c.txt", "Markets\nHarbour prices.");
    let change = library.reload(
        &[folders.articles.path().join("c.txt")],
        LoadOptions::default(),
    );
    assert_eq!(reader.update(&library, &change).unwrap(), 1, "caught up");
    assert!(!reader.is_read_only());
    let mut found = paths(&reader, &library, "harbour ");
    found.sort();
    assert_eq!(found, ["a.txt", "b.txt", "c.txt"]);
}

#[test]
fn an_in_memory_library_is_indexed_in_memory() {
    let library = Library::of_texts(HARBOUR);
    let cache = TempDir::new().unwrap();
    let fulltext = FullText::open(&library, Some(cache.path()));
    assert_eq!(paths(&fulltext, &library, "harbour "), ["a.txt", "b.txt"]);
    assert_eq!(
        fs::read_dir(cache.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn the_articles_folder_is_never_written() {
    let folders = Folders::new(HARBOUR);
    let library = folders.library();
    let before = listing(folders.articles.path());
    let fulltext = folders.open(&library);
    let change = Change {
        changed: vec!["a.txt".to_owned()],
        ..Change::default()
    };
    fulltext.update(&library, &change).unwrap();
    assert_eq!(listing(folders.articles.path()), before);
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .collect();
    found.sort();
    found
}

/// A build waits on the text its writer's threads have analysed: were any text it counts as
/// sent never analysed, every document after it would wait the whole [`super::STALL`].
#[test]
fn a_build_counts_as_sent_exactly_the_text_its_writer_analyses() {
    let folders = Folders::new(&[]);
    for n in 0..=super::BULK {
        let text =
            format!("Story {n}\n\nA first paragraph, {n}.\n\nA second one.\n\nRead More: Story 1");
        folders.write(&format!("{n:04}.txt"), &text);
    }
    let library = folders.library();
    let engine = super::Engine::in_ram(library.len()).unwrap();
    assert_eq!(engine.sync(&library, &|_| {}).unwrap(), library.len());
    let sent: usize = (library.ids())
        .map(|id| super::analysed_bytes(&library.body_head(id, INDEXED_TEXT_BYTES).unwrap()))
        .sum();
    let taken = engine.taken.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(taken, sent);
}

#[test]
fn a_path_indexed_twice_is_indexed_once_again_and_the_rest_is_left_alone() {
    let folders = Folders::new(HARBOUR);
    let library = folders.library();
    let engine = super::Engine::in_ram(library.len()).unwrap();
    assert_eq!(engine.sync(&library, &|_| {}).unwrap(), 3);
    {
        let mut writer = engine.lock_writer().unwrap();
        let writer = writer.as_mut().unwrap();
        let a = library.find_path("a.txt").unwrap();
        let article = library.body_head(a, INDEXED_TEXT_BYTES).unwrap();
        writer
            .add_document(engine.document("a.txt", &article, library.stamp(a)))
            .unwrap();
        engine.commit(writer).unwrap();
    }
    assert_eq!(engine.len(), 4);
    assert_eq!(engine.sync(&library, &|_| {}).unwrap(), 1, "a.txt alone");
    assert_eq!(engine.len(), 3);
    assert_eq!(engine.sync(&library, &|_| {}).unwrap(), 0);
}
