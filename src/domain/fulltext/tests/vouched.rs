//! The index on disk vouching for a folder: the survey that tells a folder unchanged, and the
//! record [`FullText::vouch`] writes and [`FolderIndex::open`] trusts, and nothing else.

use std::fs;
use std::path::Path;

use crate::domain::fixtures::{folder, write};
use crate::domain::fulltext::listing::Listings;
use crate::domain::fulltext::survey::{CHUNK, survey_settled};
use crate::domain::fulltext::{FolderIndex, FullText, Survey, parse_query, survey};
use crate::domain::library::{CacheKey, Change, FollowSymlinks, Library, LoadOptions};

/// A survey that counts every file as settled, however recently written.
fn settled(root: &Path) -> Survey {
    survey_settled(root, LoadOptions::default(), i64::MAX, Listings::none())
}

#[test]
fn a_survey_changes_with_every_file_written_added_removed_or_renamed() {
    let dir = folder(&[
        ("a/one.txt", "One\n\nText.\n"),
        ("two.txt", "Two\n\nText.\n"),
        ("notes.md", "not an article"),
        (".hidden/three.txt", "Three\n\nText.\n"),
    ]);
    let root = dir.path();
    let first = settled(root);
    assert!(first.is_vouchable());
    assert_eq!(settled(root), first, "nothing changed");
    // Neither hidden files nor files that are not articles count.
    write(root, "notes.md", "still not an article");
    write(root, ".hidden/three.txt", "Three\n\nOther text.\n");
    assert_eq!(settled(root), first);

    let mut seen = vec![first];
    let mut changed = |what: &str| {
        let now = settled(root);
        assert!(now.is_vouchable(), "{what}");
        assert!(!seen.contains(&now), "{what}: the survey must change");
        seen.push(now);
    };
    write(root, "a/one.txt", "One\n\nLonger text.\n");
    changed("written");
    write(root, "a/b/four.txt", "Four\n\nText.\n");
    changed("added");
    fs::rename(root.join("a/b/four.txt"), root.join("a/b/five.txt")).unwrap();
    changed("renamed");
    fs::remove_file(root.join("two.txt")).unwrap();
    changed("removed");
    let options = LoadOptions {
        follow_symlinks: FollowSymlinks::Never,
        ..LoadOptions::default()
    };
    assert_ne!(
        survey_settled(root, options, i64::MAX, Listings::none()),
        settled(root),
        "options"
    );
}

/// Rewrites `path` in place with `text` of the same length and puts its modification time
/// back: only its change time (and nothing of its folder) tells.
fn rewrite_keeping_size_and_time(path: &Path, text: &str) {
    use std::io::Write;
    let before = fs::metadata(path).unwrap();
    assert_eq!(before.len(), text.len() as u64, "the same size");
    let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file.set_modified(before.modified().unwrap()).unwrap();
    drop(file);
    let after = fs::metadata(path).unwrap();
    assert_eq!(
        (after.len(), after.modified().unwrap()),
        (before.len(), before.modified().unwrap())
    );
}

#[test]
fn a_survey_sees_a_same_size_rewrite_with_its_time_kept_anywhere_in_a_large_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // More files than one thread states at once: the folder is split between threads.
    let files = 2 * CHUNK + 3;
    for n in 0..files {
        write(root, &format!("big/{n:05}.txt"), "Story\n\nText one.\n");
    }
    write(root, "small/one.txt", "Story\n\nText one.\n");
    let mut seen = vec![settled(root)];
    for changed in [
        "big/00000.txt",
        &format!("big/{:05}.txt", files - 1),
        "small/one.txt",
    ] {
        rewrite_keeping_size_and_time(&root.join(changed), "Story\n\nText two.\n");
        let now = settled(root);
        assert!(now.is_vouchable());
        assert!(!seen.contains(&now), "{changed}: the survey must change");
        seen.push(now);
        assert_eq!(settled(root), now, "nothing else changed");
    }
}

#[test]
fn a_survey_changes_when_two_files_swap_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.txt", "A\n\nText.\n");
    write(root, "b.txt", "B\n\nText.\n");
    let before = settled(root);
    fs::rename(root.join("a.txt"), root.join("c.txt")).unwrap();
    fs::rename(root.join("b.txt"), root.join("a.txt")).unwrap();
    fs::rename(root.join("c.txt"), root.join("b.txt")).unwrap();
    assert_ne!(settled(root), before);
}

#[test]
fn fresh_files_links_and_names_shown_otherwise_are_never_vouched_for() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "one.txt", "One\n\nText.\n");
    assert!(settled(root).is_vouchable());
    assert!(
        !survey(root, LoadOptions::default()).is_vouchable(),
        "written just now: a second write in the same tick could keep its times"
    );
    std::os::unix::fs::symlink(root.join("one.txt"), root.join("link.txt")).unwrap();
    assert!(!settled(root).is_vouchable(), "a link's target can change");
    fs::remove_file(root.join("link.txt")).unwrap();
    write(root, "bad\u{1b}[31m.txt", "Bad\n\nText.\n");
    assert!(
        !settled(root).is_vouchable(),
        "the index knows its display path only"
    );
}

#[test]
fn the_index_vouches_only_for_the_folder_and_the_commit_it_recorded() {
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (root, cache) = (dir.path(), cache.path());
    write(root, "a/korea.txt", "Korea talks\n\nDiplomats met.\n");
    write(root, "b/other.txt", "Other news\n\nKorea was named once.\n");
    write(root, "c/none.txt", "Tennis\n\nA final.\n");
    let before = settled(root);
    let library = Library::load(root, LoadOptions::default()).unwrap();
    let open = |survey: &Survey| FolderIndex::open(cache, root, LoadOptions::default(), survey);

    let in_memory = FullText::open(&library, None);
    in_memory.vouch(&before);
    assert!(
        open(&before).is_none(),
        "an index in memory vouches for nothing"
    );

    let fulltext = FullText::open(&library, Some(cache));
    assert!(open(&before).is_none(), "nothing recorded yet");
    fulltext.vouch(&before);
    let folder = open(&before).expect("vouched");
    // A record is signed with the user's key: one written with another vouches nothing.
    let keys = tempfile::tempdir().unwrap();
    let forger = Survey {
        key: CacheKey::kept_in(&keys.path().join("key")),
        ..before
    };
    assert!(open(&forger).is_none(), "signed with another key");
    let query = parse_query("korea");
    let ranked = folder.search(&query, 10);
    assert_eq!(ranked, fulltext.search_paths(&query, 10));
    assert_eq!(ranked.paths, ["a/korea.txt", "b/other.txt"]);
    assert_eq!(ranked.total, 2);
    assert_eq!(folder.search(&query, 1).paths, ["a/korea.txt"]);
    assert_eq!(folder.search(&query, 1).total, 2);
    assert_eq!(
        folder.article("a/korea.txt").map(|article| article.title),
        Some("Korea talks".to_owned())
    );

    write(root, "c/none.txt", "Tennis\n\nA final in Korea.\n");
    assert!(open(&settled(root)).is_none(), "another folder");
    // Another commit (a running reader's update) voids the record too.
    let reloaded = Library::load(root, LoadOptions::default()).unwrap();
    let change = Change {
        changed: vec!["c/none.txt".to_owned()],
        ..Change::default()
    };
    fulltext.update(&reloaded, &change).unwrap();
    assert!(open(&before).is_none(), "the index was committed since");
}

#[test]
fn an_article_read_while_the_folder_is_surveyed_is_never_answered_once_it_changed() {
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (root, cache) = (dir.path(), cache.path());
    write(root, "a/korea.txt", "Korea talks\n\nDiplomats met.\n");
    let library = Library::load(root, LoadOptions::default()).unwrap();
    FullText::open(&library, Some(cache)).vouch(&settled(root));
    // The article is read (as `search` reads the snippets it will print) while the survey
    // runs, and rewritten before the survey states it: whichever comes first, the index must
    // not answer.
    let opened = FolderIndex::open_while(
        cache,
        root,
        LoadOptions::default(),
        || {
            write(root, "a/korea.txt", "Korea talks\n\nDiplomats left.\n");
            settled(root)
        },
        |folder| folder.article("a/korea.txt").map(|article| article.title),
    );
    assert!(opened.is_err(), "answered from the index after a change");
}
