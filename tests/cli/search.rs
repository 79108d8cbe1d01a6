//! `readmore search` as grep is used: `-l` paths, `--limit`, best first, a reader that stops
//! early, bad values, and the answer from an index that vouches for the folder (no library
//! loaded) being the answer of a search that loads it.
//!
//! Every run has its own home and XDG folders, all temporary.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use readmore::domain::fulltext::{FolderIndex, survey};
use readmore::domain::library::{CacheKey, LoadOptions};

use crate::pipes::quiet_after_one_line;

/// A sandbox with every XDG home of its own and a library folder every run is pointed at.
pub(crate) struct Sandbox(crate::Sandbox);

impl Sandbox {
    pub(crate) fn new() -> Self {
        let sandbox = crate::Sandbox::with_xdg_homes();
        fs::create_dir(sandbox.path("library")).expect("library folder");
        Self(sandbox)
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.0.path(sub)
    }

    pub(crate) fn library(&self) -> PathBuf {
        self.path("library")
    }

    /// Writes an article at `relative` below the library, creating folders on the way.
    pub(crate) fn write(&self, relative: &str, text: &str) {
        crate::write(&self.library(), relative, text);
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.0.command(args);
        command.arg("--articles").arg(self.library());
        command
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run readmore")
    }

    /// Whether the next search is answered by the index alone, the folder being as it is.
    fn is_vouched(&self) -> bool {
        let key = self.path("state").join("readmore/cache-key");
        let options = LoadOptions {
            cache_key: CacheKey::kept_in(&key),
            ..LoadOptions::default()
        };
        let surveyed = survey(&self.library(), options);
        let cache = self.path("cache").join("readmore");
        FolderIndex::open(&cache, &self.library(), options, &surveyed).is_some()
    }
}

/// Stdout of a run that succeeded with nothing on stderr.
fn success(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {err}", out.status);
    assert_eq!(err, "");
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

/// Stdout of a run that succeeded, split into lines.
fn lines(out: &Output) -> Vec<String> {
    success(out).lines().map(str::to_owned).collect()
}

/// The library of the ordering and `-l` tests: four articles with "korea" (or a word it
/// starts) in the title or the text, ranked title first, then the most mentions in the
/// shortest text; two without.
fn korea_library(sandbox: &Sandbox) {
    let filler = "Markets were calm and the weather held across the region today. ".repeat(12);
    sandbox.write(
        "asia/korea-talks.txt",
        "Korea talks resume\n\nDiplomats met again on Monday.\n",
    );
    sandbox.write(
        "asia/summit.txt",
        "Summit ends\n\nKorea and Japan signed. Korea will host next. Korea agreed.\n",
    );
    sandbox.write(
        "world/once.txt",
        &format!("Regional roundup\n\n{filler}\n\nA word on Korea at the end.\n"),
    );
    sandbox.write(
        "world/koreans.txt",
        &format!("Voters abroad\n\n{filler}\n\nKoreans living in Spain voted early.\n"),
    );
    sandbox.write("world/none.txt", "Football\n\nChelsea won again.\n");
    sandbox.write("sport.txt", "Tennis\n\nA long final in Paris.\n");
}

/// Files whose text holds a word starting with `word`, any case: what `-l word` must print.
fn files_holding(sandbox: &Sandbox, word: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for entry in walk(&sandbox.library()) {
        let text = fs::read_to_string(&entry).expect("read").to_lowercase();
        let holds = text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(word));
        if holds {
            let relative = entry.strip_prefix(sandbox.library()).expect("below");
            found.insert(relative.to_string_lossy().into_owned());
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("read folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Waits until every file written so far is older than the two seconds within which a
/// change could leave a file's times as they were: only then does the index vouch for it.
pub(crate) fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

#[test]
fn paths_are_every_file_holding_the_word_in_path_order_with_or_without_the_library() {
    let sandbox = Sandbox::new();
    korea_library(&sandbox);
    settle();
    let expected = files_holding(&sandbox, "korea");
    assert_eq!(expected.len(), 4);

    // The first search loads the library, builds the index and records that it vouches.
    let loaded = lines(&sandbox.run(&["search", "-l", "korea"]));
    assert_eq!(
        loaded,
        expected.iter().cloned().collect::<Vec<_>>(),
        "path order, each once"
    );
    let ranked = lines(&sandbox.run(&["search", "-l", "korea", "-n", "4"]));
    assert_eq!(
        ranked[..2],
        ["asia/korea-talks.txt", "asia/summit.txt"],
        "with a limit, best first: a title match, then the most mentions"
    );
    assert_eq!(ranked.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(sandbox.is_vouched());
    // The next are answered from the index alone, the same.
    assert_eq!(lines(&sandbox.run(&["search", "--paths", "korea"])), loaded);
    assert_eq!(
        lines(&sandbox.run(&["search", "-l", "-n", "4", "korea"])),
        ranked
    );

    // A changed file voids the record: the library is loaded again and the change found.
    sandbox.write(
        "world/none.txt",
        "Football\n\nChelsea won again, in Korea.\n",
    );
    assert!(!sandbox.is_vouched());
    let changed = lines(&sandbox.run(&["search", "-l", "korea"]));
    assert_eq!(
        changed.iter().cloned().collect::<BTreeSet<_>>(),
        files_holding(&sandbox, "korea")
    );
    assert!(changed.contains(&"world/none.txt".to_owned()));
    // So does a file added or removed.
    settle();
    assert_eq!(lines(&sandbox.run(&["search", "-l", "korea"])), changed);
    assert!(sandbox.is_vouched());
    fs::remove_file(sandbox.library().join("asia/summit.txt")).expect("remove");
    assert!(!sandbox.is_vouched());
    let removed = lines(&sandbox.run(&["search", "-l", "korea"]));
    assert!(!removed.contains(&"asia/summit.txt".to_owned()));
    assert_eq!(removed.len(), changed.len() - 1);
}

/// Rewrites the file at `path` in place: the same inode, and no folder's time changes.
pub(crate) fn rewrite_in_place(path: &Path, text: &str) {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .expect("open in place");
    file.write_all(text.as_bytes()).expect("rewrite");
}

/// The korea library, settled and searched so that the index is vouched for, and the path of
/// its `asia/korea-talks.txt`.
fn vouched_korea_talks() -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new();
    korea_library(&sandbox);
    settle();
    success(&sandbox.run(&["search", "-l", "korea"]));
    assert!(sandbox.is_vouched());
    let file = sandbox.library().join("asia/korea-talks.txt");
    (sandbox, file)
}

#[test]
fn a_file_rewritten_in_place_after_the_index_vouched_is_searched_as_it_is_now() {
    let (sandbox, file) = vouched_korea_talks();
    let folder_time = || {
        fs::metadata(file.parent().expect("a folder"))
            .expect("folder")
            .modified()
    };
    let before = folder_time().expect("a time");
    rewrite_in_place(&file, "Zebra talks resume\n\nDiplomats met the zebras.\n");
    assert_eq!(
        folder_time().expect("a time"),
        before,
        "no folder time tells"
    );
    // Settled, so that only the file's own times can tell.
    settle();
    assert!(!sandbox.is_vouched());
    for args in [
        &["search", "-l", "korea"][..],
        &["search", "-l", "-n", "9", "korea"],
    ] {
        let found = lines(&sandbox.run(args));
        assert!(
            !found.contains(&"asia/korea-talks.txt".to_owned()),
            "{args:?}: {found:?}"
        );
        assert_eq!(found.len(), 3, "{args:?}: {found:?}");
    }
    assert!(sandbox.is_vouched());
    for args in [&["search", "-l", "zebra"][..], &["search", "zebra"]] {
        let found = success(&sandbox.run(args));
        assert!(
            found.contains("korea-talks.txt") || found.contains("Zebra talks"),
            "{found}"
        );
    }
}

#[test]
fn a_same_size_rewrite_with_its_time_put_back_is_searched_as_it_is_now() {
    let (sandbox, file) = vouched_korea_talks();
    // The same length, and the modification time put back as a clock too coarse to tell the
    // two writes apart would leave it: only the change time differs.
    let before = fs::metadata(&file).expect("file");
    rewrite_in_place(
        &file,
        "Zebra talks resume\n\nDiplomats met zebra on Monday.\n",
    );
    fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|opened| opened.set_modified(before.modified()?))
        .expect("time put back");
    let after = fs::metadata(&file).expect("file");
    assert_eq!(after.len(), before.len());
    assert_eq!(after.modified().ok(), before.modified().ok());
    settle();
    let found = lines(&sandbox.run(&["search", "-l", "korea"]));
    assert!(
        !found.contains(&"asia/korea-talks.txt".to_owned()),
        "{found:?}"
    );
    assert_eq!(
        success(&sandbox.run(&["search", "-l", "zebra"])),
        "asia/korea-talks.txt\n"
    );
    assert!(sandbox.is_vouched());
    assert!(success(&sandbox.run(&["search", "zebra"])).contains("Zebra talks resume"));
}

#[test]
fn files_added_removed_or_renamed_after_the_folders_were_listed_are_searched_as_they_are_now() {
    // A search the index answers keeps each settled folder's listing: the next survey reads
    // only the folders whose own times changed since.
    let (sandbox, _) = vouched_korea_talks();
    success(&sandbox.run(&["search", "-l", "korea"]));
    let cache = sandbox.path("cache").join("readmore");
    let listings = fs::read_dir(&cache)
        .expect("the library's cache folder")
        .filter_map(Result::ok)
        .any(|entry| entry.path().join("folder-listings-v1").is_file());
    assert!(listings, "the listings were kept");
    // A file added and nothing else: a stale listing of its folder would vouch for the index.
    sandbox.write(
        "asia/korea-new.txt",
        "Korea news\n\nA new story on Korea.\n",
    );
    settle();
    let found = lines(&sandbox.run(&["search", "-l", "korea"]));
    assert!(
        found.contains(&"asia/korea-new.txt".to_owned()),
        "{found:?}"
    );
    fs::remove_file(sandbox.library().join("world/once.txt")).expect("remove");
    fs::rename(
        sandbox.library().join("asia/summit.txt"),
        sandbox.library().join("asia/summit-ends.txt"),
    )
    .expect("rename");
    settle();
    let expected = files_holding(&sandbox, "korea");
    for _ in 0..2 {
        // The first run loads the library and records; the second answers from the index.
        let found: BTreeSet<String> = lines(&sandbox.run(&["search", "-l", "korea"]))
            .into_iter()
            .collect();
        assert_eq!(found, expected);
    }
    assert!(sandbox.is_vouched());
}

#[test]
fn snippets_come_best_first_and_the_same_from_the_index_alone() {
    let sandbox = Sandbox::new();
    korea_library(&sandbox);
    settle();
    let loaded = success(&sandbox.run(&["search", "korea"]));
    assert!(sandbox.is_vouched());
    let vouched = success(&sandbox.run(&["search", "korea"]));
    assert_eq!(vouched, loaded);
    let shown: Vec<&str> = loaded.lines().collect();
    assert_eq!(shown.len(), 8, "four titles, each with a snippet: {loaded}");
    assert_eq!(shown[0], "Korea talks resume");
    assert_eq!(shown[1], "    Diplomats met again on Monday.");
    assert_eq!(shown[2], "Summit ends");
    assert!(shown[3].contains("Korea and Japan"), "{loaded}");
    let json =
        |out: &Output| -> serde_json::Value { serde_json::from_str(&success(out)).expect("JSON") };
    let loaded = json(&sandbox.run(&["search", "korea", "--json", "--limit", "2"]));
    assert_eq!(
        loaded,
        serde_json::json!([
            {
                "title": "Korea talks resume",
                "path": "asia/korea-talks.txt",
                "snippet": "Diplomats met again on Monday.",
            },
            {
                "title": "Summit ends",
                "path": "asia/summit.txt",
                "snippet": "Korea and Japan signed. Korea will host next. Korea agreed.",
            },
        ])
    );
}

#[test]
fn a_limit_prints_the_best_few() {
    let sandbox = Sandbox::new();
    korea_library(&sandbox);
    let best = lines(&sandbox.run(&["search", "-l", "korea", "-n", "9"]));
    assert_eq!(best.len(), 4);
    assert_eq!(
        lines(&sandbox.run(&["search", "-l", "korea", "-n", "2"])),
        best[..2]
    );
    let two = lines(&sandbox.run(&["search", "korea", "--limit", "1"]));
    assert_eq!(
        two,
        ["Korea talks resume", "    Diplomats met again on Monday."]
    );
    // Nothing found answers no, as grep does.
    let out = sandbox.run(&["search", "-l", "zzqqxx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn without_a_limit_a_screenful_of_snippets_or_every_path() {
    let sandbox = Sandbox::new();
    for n in 0..30 {
        sandbox.write(
            &format!("a{n:02}.txt"),
            &format!("Story {n}\n\nThe harbour opened.\n"),
        );
    }
    let shown = lines(&sandbox.run(&["search", "harbour"]));
    assert_eq!(shown.len(), 2 * readmore::cli::search::DEFAULT_LIMIT);
    assert_eq!(lines(&sandbox.run(&["search", "-l", "harbour"])).len(), 30);
}

#[test]
fn a_reader_that_stops_early_ends_the_search_quietly() {
    let sandbox = Sandbox::new();
    for n in 0..3000 {
        sandbox.write(
            &format!("f{}/a{n:04}.txt", n % 10),
            &format!("Harbour story number {n:04}\n\nThe harbour opened its gates early.\n"),
        );
    }
    for args in [
        &["search", "-l", "harbour"][..],
        &["search", "harbour", "--limit", "3000"],
        &["search", "harbour", "--json", "--limit", "3000"],
    ] {
        quiet_after_one_line(sandbox.command(args), &args);
    }
}

#[test]
fn bad_values_are_one_line_errors_with_exit_2() {
    let sandbox = Sandbox::new();
    korea_library(&sandbox);
    for args in [
        &["search", "korea", "--limit", "0"][..],
        &["search", "korea", "--limit", "-3"],
        &["search", "korea", "--limit", "many"],
        &["search", "korea", "-n", "99999999999999999999999"],
        &["search", "-l", "korea", "--json"],
    ] {
        let out = sandbox.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err:?}");
    }
}
