//! Export and import: round trips in both formats, merging per article, bad input reported
//! as one line with file, line and column, and exports written atomically.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use crate::domain::store::*;

/// The library the tests export from and import into.
const LIBRARY: &[u8] = b"/news";

fn remembered(read: bool, starred: bool, scroll: usize) -> Remembered {
    Remembered {
        read,
        starred,
        scroll,
        lines: 50,
    }
}

/// A store at `dir/name.db` holding `articles`, written and closed.
fn store_with(dir: &Path, name: &str, articles: &[(&[u8], &str, Remembered)]) -> PathBuf {
    let path = dir.join(format!("{name}.db"));
    let (store, warning) = Store::open(&path, LIBRARY);
    assert_eq!(warning, None);
    for (path, title, marks) in articles {
        store.record(path, title, Edit::whole(*marks));
    }
    assert_eq!(store.flush(), None);
    path
}

fn snapshot(path: &Path) -> Snapshot {
    Store::open(path, LIBRARY).0.snapshot()
}

const ODD: &[(&[u8], &str, Remembered)] = &[
    (
        b"plain.txt",
        "Plain",
        Remembered {
            read: true,
            starred: false,
            scroll: 3,
            lines: 9,
        },
    ),
    (
        b"b\x1b[31m.txt",
        "Escaped \"name\"",
        Remembered {
            read: false,
            starred: true,
            scroll: 0,
            lines: 0,
        },
    ),
    (
        b"not-utf8-\xff.txt",
        "Bytes",
        Remembered {
            read: true,
            starred: true,
            scroll: 1,
            lines: 2,
        },
    ),
];

#[test]
fn export_and_import_round_trip_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let from = store_with(dir.path(), "from", ODD);
    for (file, format) in [("backup.toml", Format::Toml), ("backup.json", Format::Json)] {
        let file = dir.path().join(file);
        let exported = export_to_file(&from, LIBRARY, &file, None).unwrap();
        assert_eq!((exported.articles, exported.notice), (3, None));
        let text = std::fs::read(&file).unwrap();
        assert_eq!(
            text.first() == Some(&b'{'),
            format == Format::Json,
            "by extension"
        );
        let into = dir.path().join(format!("into-{format:?}.db"));
        let summary = import(&into, LIBRARY, &file).unwrap();
        assert_eq!((summary.added, summary.updated, summary.kept), (3, 0, 0));
        assert_eq!(snapshot(&into), snapshot(&from), "{format:?}");
    }
}

#[test]
fn a_format_given_wins_over_the_extension_and_import_sniffs_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let from = store_with(dir.path(), "from", ODD);
    let file = dir.path().join("backup");
    export_to_file(&from, LIBRARY, &file, Some(Format::Json)).unwrap();
    assert!(std::fs::read_to_string(&file).unwrap().starts_with('{'));
    let into = dir.path().join("into.db");
    assert_eq!(import(&into, LIBRARY, &file).unwrap().added, 3);
}

#[test]
fn importing_merges_per_article_and_the_newest_change_wins() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.toml");
    std::fs::write(
        &backup,
        "[[article]]\npath = \"old.txt\"\ntitle = \"Old\"\nread = true\nupdated_at = 1\n\n\
         [[article]]\npath = \"new.txt\"\ntitle = \"New\"\nstarred = true\nupdated_at = 4102444800\n\n\
         [[article]]\npath = \"only-in-backup.txt\"\ntitle = \"Only\"\nread = true\n",
    )
    .unwrap();
    let here = store_with(
        dir.path(),
        "here",
        &[
            (b"old.txt", "Old", remembered(false, true, 0)),
            (b"new.txt", "New", remembered(true, false, 7)),
            (b"untouched.txt", "U", remembered(true, false, 0)),
        ],
    );
    let summary = import(&here, LIBRARY, &backup).unwrap();
    assert_eq!((summary.added, summary.updated, summary.kept), (1, 1, 1));
    let merged = snapshot(&here);
    assert_eq!(
        merged.get("old.txt", "Old"),
        remembered(false, true, 0),
        "newer here"
    );
    assert!(merged.get("new.txt", "New").starred, "newer in the backup");
    assert!(merged.get("only-in-backup.txt", "Only").read);
    assert!(merged.get("untouched.txt", "U").read);
}

/// The error for `text` read from a file called `name`.
fn error(name: &str, text: &[u8], format: Format) -> String {
    parse(text, Path::new(name), format)
        .unwrap_err()
        .to_string()
}

#[test]
fn bad_input_is_one_line_with_file_line_and_column() {
    let toml = error(
        "b.toml",
        b"[[article]]\npath = \"a\"\ntitle = \"A\"\nread = \"yes\"\n",
        Format::Toml,
    );
    assert!(toml.starts_with("b.toml:4:8: "), "{toml}");
    let json = error(
        "b.json",
        b"{\"article\": [\n  {\"path\": \"a\",\n   \"title\": 3}]}",
        Format::Json,
    );
    assert!(json.starts_with("b.json:3:13: "), "{json}");
    assert!(!json.contains(" at line "), "said once: {json}");
    let both = error(
        "b.toml",
        b"[[article]]\npath = \"a\"\ntitle = \"A\"\n\n[[article]]\npath = \"a\"\npath_bytes = [97]\ntitle = \"B\"\n",
        Format::Toml,
    );
    assert!(both.starts_with("b.toml:5:"), "{both}");
    assert!(
        both.contains("exactly one of `path` and `path_bytes`"),
        "{both}"
    );
    let bytes = error("b.toml", b"[[article]]\npath = \"\xff\"", Format::Toml);
    assert_eq!(bytes, "b.toml:2:9: not UTF-8");
    let unknown = error("b.json", b"{\"articles\": []}", Format::Json);
    assert!(unknown.starts_with("b.json:1:"), "{unknown}");
    for message in [toml, json, both, bytes, unknown] {
        assert!(!message.contains('\n'), "{message}");
    }
}

#[test]
fn error_messages_carry_no_control_characters() {
    let message = error(
        "evil\x1b]0;title\x07.toml",
        b"[[article]]\npath = \"\x1b[2J\"\ntitle = \x1b",
        Format::Toml,
    );
    assert!(!message.chars().any(|c| c.is_control()), "{message:?}");
}

#[test]
fn an_export_replaces_the_file_atomically_keeping_its_mode_and_its_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let from = store_with(dir.path(), "from", ODD);
    let dotfiles = dir.path().join("dotfiles");
    std::fs::create_dir(&dotfiles).unwrap();
    let target = dotfiles.join("marks.toml");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("marks.toml");
    symlink(&target, &link).unwrap();
    export_to_file(&from, LIBRARY, &link, None).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read(&target).unwrap();
    assert_eq!(parse(&written, &target, Format::Toml).unwrap().len(), 3);
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let fresh = dir.path().join("fresh.json");
    export_to_file(&from, LIBRARY, &fresh, None).unwrap();
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "marks are private");
}

/// temporaries are created exclusively with unguessable names;
/// those left by a killed export are removed, a running export's are not.
#[test]
fn temporaries_of_dead_exports_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let from = store_with(dir.path(), "from", ODD);
    let out = dir.path().join("out.toml");
    // Above any system's largest process id: never a running process.
    let dead = dir.path().join(".out.toml.tmp-999999999-abc123");
    let running = dir
        .path()
        .join(format!(".out.toml.tmp-{}-def456", std::process::id()));
    std::fs::write(&dead, "half").unwrap();
    std::fs::write(&running, "in progress").unwrap();
    export_to_file(&from, LIBRARY, &out, None).unwrap();
    assert!(!dead.exists());
    assert!(running.exists());
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.contains("out.toml"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [running.file_name().unwrap().to_str().unwrap(), "out.toml"]
    );
}

#[test]
fn an_import_of_a_missing_or_unparsable_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let here = store_with(dir.path(), "here", ODD);
    let missing = import(&here, LIBRARY, &dir.path().join("nope.toml")).unwrap_err();
    assert!(
        missing.to_string().contains("nope.toml: cannot read"),
        "{missing}"
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"article\": [{\"path\": \"x\", \"title\": \"X\"}, 1]}",
    )
    .unwrap();
    assert!(import(&here, LIBRARY, &bad).is_err());
    assert_eq!(
        snapshot(&here).get("x", "X"),
        Remembered::default(),
        "all or nothing"
    );
}
