use super::*;
use crate::domain::article;
use crate::domain::fixtures::{folder, write};
use crate::domain::library::ArticleId;
use std::fs;

fn paths(library: &Library) -> Vec<&str> {
    library.entries().map(|e| e.path()).collect()
}

/// The reloaded library is what a fresh load of the folder gives.
#[track_caller]
fn assert_fresh(library: &Library, options: LoadOptions) {
    let fresh = Library::load(library.root(), options).unwrap();
    assert_eq!(paths(library), paths(&fresh));
    for id in fresh.ids() {
        let (got, want) = (library.get(id), fresh.get(id));
        assert_eq!(library.body(id), fresh.body(id), "{}", want.path());
        assert_eq!(got.title(), want.title());
        assert!(got.links().eq(want.links()), "{}", want.path());
        assert_eq!(got.targets(), want.targets(), "{}", want.path());
        assert_eq!(got.size(), want.size(), "{}", want.path());
        assert_eq!(library.stamp(id), fresh.stamp(id), "{}", want.path());
        assert_eq!(library.relative(id), fresh.relative(id), "{}", want.path());
        assert_eq!(
            library.backlinks(id),
            fresh.backlinks(id),
            "{}",
            want.path()
        );
    }
    assert_eq!(library.skipped, fresh.skipped);
    assert_eq!(library.warnings, fresh.warnings);
    assert_eq!(library.duplicates, fresh.duplicates);
    assert_eq!(library.discovered, fresh.discovered);
}

fn expected(added: &[&str], changed: &[&str], removed: &[&str]) -> Change {
    let owned = |list: &[&str]| list.iter().map(|p| (*p).to_owned()).collect();
    Change {
        added: owned(added),
        changed: owned(changed),
        removed: owned(removed),
    }
}

fn setup() -> (tempfile::TempDir, Library) {
    let dir = folder(&[
        ("a.txt", "Alpha\nRead More: Beta\nRead More: Gamma"),
        ("b/beta.txt", "Beta\nRead More: Alpha"),
        ("b/deep/d.txt", "Delta\nRead More: Beta"),
        ("z.txt", "Zeta\nRead More: Delta"),
    ]);
    let library = Library::load(dir.path(), LoadOptions::default()).unwrap();
    (dir, library)
}

/// Deletes `relative` (a file, or a folder with everything below it) from the library's
/// folder and reloads, naming only it, as the watcher does.
fn delete_and_reload(library: &mut Library, relative: &str) -> Change {
    let path = library.root().join(relative);
    if path.is_dir() {
        fs::remove_dir_all(&path).unwrap();
    } else {
        fs::remove_file(&path).unwrap();
    }
    library.reload(&[path], LoadOptions::default())
}

#[test]
fn an_added_file_resolves_links_to_it() {
    let (dir, mut library) = setup();
    assert_eq!(
        library.get(ArticleId::new(0)).targets(),
        vec![Some(ArticleId::new(1)), None]
    );
    let gamma = write(dir.path(), "b/c.txt", "Gamma\nbody");
    let change = library.reload(&[gamma], LoadOptions::default());
    assert_eq!(change, expected(&["b/c.txt"], &[], &[]));
    assert_eq!(change.summary().as_deref(), Some("1 added"));
    let gamma = library.find_path("b/c.txt").unwrap();
    assert_eq!(
        library.get(ArticleId::new(0)).targets(),
        vec![library.find("Beta"), Some(gamma)]
    );
    assert_eq!(library.backlinks(gamma), [ArticleId::new(0)]);
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn a_changed_title_re_resolves_links_both_ways() {
    let (dir, mut library) = setup();
    // Beta becomes Gamma: the link to Beta dangles, the one to Gamma resolves.
    let beta = write(dir.path(), "b/beta.txt", "Gamma\nRead More: Alpha");
    let change = library.reload(&[beta], LoadOptions::default());
    assert_eq!(change, expected(&[], &["b/beta.txt"], &[]));
    assert_eq!(change.summary().as_deref(), Some("1 changed"));
    let id = library.find_path("b/beta.txt").unwrap();
    assert_eq!(
        library.get(ArticleId::new(0)).targets(),
        vec![None, Some(id)]
    );
    let delta = library.find_path("b/deep/d.txt").unwrap();
    assert_eq!(library.get(delta).targets(), vec![None]);
    assert_eq!(library.dangling().count(), 2);
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn an_unchanged_file_is_no_change() {
    let (dir, mut library) = setup();
    let a = write(
        dir.path(),
        "a.txt",
        "Alpha\n\nRead More: Beta\nRead More: Gamma\n",
    );
    let change = library.reload(&[a], LoadOptions::default());
    assert!(change.is_empty());
    assert_eq!(change.summary(), None);
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn a_deleted_file_is_removed_and_links_to_it_dangle() {
    let (_dir, mut library) = setup();
    let change = delete_and_reload(&mut library, "b/beta.txt");
    assert_eq!(change, expected(&[], &[], &["b/beta.txt"]));
    assert_eq!(library.get(ArticleId::new(0)).targets(), vec![None, None]);
    assert_eq!(library.find_path("b/beta.txt"), None);
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn a_deleted_folder_removes_everything_below_it() {
    let (_dir, mut library) = setup();
    // Only the folder is named, as when it was renamed away.
    let change = delete_and_reload(&mut library, "b");
    assert_eq!(change, expected(&[], &[], &["b/beta.txt", "b/deep/d.txt"]));
    assert_eq!(change.summary().as_deref(), Some("2 removed"));
    assert_eq!(paths(&library), ["a.txt", "z.txt"]);
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn an_added_folder_is_discovered_without_its_hidden_or_other_files() {
    let (dir, mut library) = setup();
    let root = dir.path();
    write(root, "n/one.txt", "Gamma\nRead More: Zeta");
    write(root, "n/sub/two.txt", "Two");
    write(root, "n/.hidden.txt", "Hidden");
    write(root, "n/.git/x.txt", "Hidden too");
    write(root, "n/notes.md", "Not an article");
    let change = library.reload(&[root.join("n")], LoadOptions::default());
    assert_eq!(change, expected(&["n/one.txt", "n/sub/two.txt"], &[], &[]));
    assert_eq!(
        library.get(ArticleId::new(0)).targets()[1],
        library.find_path("n/one.txt")
    );
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn hidden_and_outside_paths_are_ignored() {
    let (dir, mut library) = setup();
    let root = dir.path();
    let hidden = [
        write(root, ".new.txt", "Hidden"),
        write(root, "b/.git/x.txt", "Hidden"),
        root.join(".git"),
    ];
    let other = tempfile::tempdir().unwrap();
    let outside = write(other.path(), "a.txt", "Outside");
    let mut changed = hidden.to_vec();
    changed.extend([outside, root.join("../a.txt")]);
    assert!(library.reload(&changed, LoadOptions::default()).is_empty());
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn new_paths_land_where_a_fresh_load_puts_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "m.txt", "M");
    let mut library = Library::load(root, LoadOptions::default()).unwrap();
    let names = [
        "a.txt",
        "a-b.txt",
        "a/z.txt",
        "a0.txt",
        "B.txt",
        "ä.txt",
        "a/b/c.txt",
        "a b.txt",
        "a.txt.txt",
        "Z/a.txt",
        "_.txt",
        "m/a.txt",
        "10.txt",
        "9.txt",
    ];
    for name in names {
        let path = write(root, name, name);
        let change = library.reload(&[path], LoadOptions::default());
        assert_eq!(change.added, [name]);
        assert_fresh(&library, LoadOptions::default());
        assert_eq!(
            library.find_path(name).map(|id| library.get(id).path()),
            Some(name)
        );
    }
}

#[test]
fn skipped_files_and_warnings_follow_the_files() {
    let (dir, mut library) = setup();
    let root = dir.path();
    let options = LoadOptions {
        max_article_bytes: 64,
        ..LoadOptions::default()
    };
    let empty = write(root, "b/empty.txt", " \n");
    let big = write(root, "big.txt", &"Big\n".repeat(40));
    let bad = root.join("b/bad.txt");
    fs::write(&bad, b"Bad\n\x92 quote").unwrap();
    let link = root.join("b/link");
    std::os::unix::fs::symlink(root.join("b/deep"), &link).unwrap();
    let all = [empty.clone(), big.clone(), bad.clone(), link.clone()];
    let change = library.reload(&all, options);
    assert_eq!(change, expected(&["b/bad.txt"], &[], &[]));
    assert_eq!(library.skipped.len(), 3);
    assert_eq!(library.warnings.len(), 1);
    assert_fresh(&library, options);

    // Fixed, or gone: nothing stale stays.
    write(root, "b/empty.txt", "Now titled");
    fs::remove_file(&big).unwrap();
    write(root, "b/bad.txt", "Bad\nfine now");
    fs::remove_file(&link).unwrap();
    let change = library.reload(&all, options);
    assert_eq!(change, expected(&["b/empty.txt"], &["b/bad.txt"], &[]));
    assert!(library.skipped.is_empty() && library.warnings.is_empty());
    assert_fresh(&library, options);

    // A loaded file that now fails to load is removed.
    let a = write(root, "a.txt", &"Alpha\n".repeat(20));
    let change = library.reload(&[a], options);
    assert_eq!(change, expected(&[], &[], &["a.txt"]));
    assert_fresh(&library, options);
}

#[test]
fn the_root_rescans_everything() {
    let (dir, mut library) = setup();
    let root = dir.path();
    write(root, "new.txt", "New");
    fs::remove_file(root.join("z.txt")).unwrap();
    write(root, "b/beta.txt", "Beta changed");
    let change = library.reload(
        &[root.to_path_buf(), root.join("a.txt")],
        LoadOptions::default(),
    );
    assert_eq!(change, expected(&["new.txt"], &["b/beta.txt"], &["z.txt"]));
    assert_eq!(
        change.summary().as_deref(),
        Some("1 added, 1 changed, 1 removed")
    );
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn a_root_that_went_away_empties_the_library() {
    let (dir, mut library) = setup();
    let root = dir.path().to_path_buf();
    fs::remove_dir_all(&root).unwrap();
    let change = library.reload(std::slice::from_ref(&root), LoadOptions::default());
    assert_eq!(change.removed.len(), 4);
    assert!(library.is_empty());
    assert!(library.skipped.is_empty(), "{:?}", library.skipped);
    // Made again with other files: they load.
    write(&root, "new.txt", "New");
    let change = library.reload(&[root], LoadOptions::default());
    assert_eq!(change, expected(&["new.txt"], &[], &[]));
    assert_fresh(&library, LoadOptions::default());
}

#[test]
fn an_in_memory_library_is_left_alone() {
    let mut library = Library::from_articles(vec![(
        "a.txt".to_owned(),
        article::parse(b"A").unwrap().article,
    )]);
    assert!(
        library
            .reload(&[PathBuf::from("a.txt")], LoadOptions::default())
            .is_empty()
    );
    assert_eq!(library.len(), 1);
}

/// Random edits, each reloaded with the paths a watcher would report, always match a
/// fresh load.
#[test]
fn random_edits_always_match_a_fresh_load() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut library = Library::load(root, LoadOptions::default()).unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let folders = ["", "a/", "a/b/", "c/", "a-b/", ".h/"];
    let names = ["x.txt", "y.txt", "T.txt", "a.txt", "x.md", ".z.txt"];
    let titles = ["Alpha", "Beta", "Gamma", "Delta", ""];
    for step in 0..300 {
        let folder = folders[next(folders.len())];
        let path = format!("{folder}{}", names[next(names.len())]);
        let mut changed = Vec::new();
        match next(6) {
            0 | 1 => {
                let title = titles[next(titles.len())];
                let link = titles[next(titles.len())];
                let text = if title.is_empty() {
                    String::new()
                } else {
                    format!("{title}\nRead More: {link}")
                };
                changed.push(write(root, &path, &text));
            }
            5 => {
                let to = format!(
                    "{}{}",
                    folders[next(folders.len())],
                    names[next(names.len())]
                );
                let (from, to) = (root.join(&path), root.join(to));
                if fs::create_dir_all(to.parent().unwrap()).is_ok()
                    && fs::rename(&from, &to).is_ok()
                {
                    changed.extend([from, to]);
                }
            }
            2 => {
                let _ = fs::remove_file(root.join(&path));
                changed.push(root.join(&path));
            }
            3 if !folder.is_empty() => {
                let from = root.join(folder);
                let to = root.join(folders[next(folders.len())]);
                if !to.starts_with(&from) && fs::rename(&from, &to).is_ok() {
                    changed.extend([from, to]);
                }
            }
            _ if !folder.is_empty() => {
                let _ = fs::remove_dir_all(root.join(folder));
                changed.push(root.join(folder));
            }
            _ => {}
        }
        library.reload(&changed, LoadOptions::default());
        let fresh = Library::load(root, LoadOptions::default()).unwrap();
        assert_eq!(paths(&library), paths(&fresh), "step {step}");
        assert_fresh(&library, LoadOptions::default());
    }
}

#[test]
fn a_reloaded_file_is_decoded_with_the_same_options() {
    let (dir, mut library) = setup();
    let options = LoadOptions {
        decoding: crate::domain::article::Decoding::from_label("windows-1252").unwrap(),
        ..LoadOptions::default()
    };
    let path = dir.path().join("pound.txt");
    fs::write(&path, b"Pound \xa3 Rises\nbody").unwrap();
    library.reload(&[path], options);
    let id = library.find_path("pound.txt").unwrap();
    assert_eq!(library.get(id).title(), "Pound £ Rises");
    assert_eq!(library.warnings.len(), 1);
    assert_fresh(&library, options);
}
