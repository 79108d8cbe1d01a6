//! `check` on a library with every kind of oddity: what loads, what is skipped and why.

use std::fs;

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::{answer, json_answer, json_of, one_error_line, run_on, stderr, stdout, success, write};

/// A library with an empty file, invalid UTF-8, a duplicate title, hidden files, a non-`.txt`
/// file, a nested article and a BOM + CRLF article.
pub(crate) fn odd_library() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path();
    write(root, "empty.txt", "");
    write(root, "blank.txt", "  \n\t\r\n");
    write(
        root,
        "bytes.txt",
        b"Bad Bytes\nok line\nbad \x93quote\x94\n",
    );
    write(root, "one/dup.txt", "breaking NEWS\nfirst\n");
    write(root, "two/dup.txt", "Breaking News\nsecond\n");
    write(root, ".secret.txt", "Secret Story\n");
    write(root, ".git/x.txt", "Git Story\n");
    write(root, "notes.md", "Notes Story\n");
    write(
        root,
        "deep/er/nested.txt",
        "Nested Story\nRead More: breaking news\n",
    );
    write(
        root,
        "bom.txt",
        b"\xef\xbb\xbfBom Title\r\nFirst para\r\n\r\nRead More: Nested Story\r\n",
    );
    dir
}

#[test]
fn check_reports_skipped_warnings_and_duplicates() {
    let library = odd_library();
    let report = json_answer(&run_on(library.path(), &["check", "--json"]), 1);
    assert_eq!(report["articles"], json!(5), "{report:#}");
    assert_eq!(
        report["skipped"],
        json!([
            {"path": "blank.txt", "reason": "no title"},
            {"path": "empty.txt", "reason": "no title"},
        ])
    );
    let warnings = report["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{report:#}");
    assert_eq!(warnings[0]["path"], "bytes.txt");
    let message = warnings[0]["message"].as_str().expect("message");
    assert_eq!(message, "not UTF-8: read as windows-1252 (guessed)");
    assert_eq!(
        report["duplicates"],
        json!([{"title": "breaking NEWS", "paths": ["one/dup.txt", "two/dup.txt"]}])
    );
    assert_eq!(report["dangling"], json!([]));

    let text = answer(&run_on(library.path(), &["check"]), 1);
    for expected in [
        "skipped: 2",
        "  empty.txt: no title",
        "warnings: 1",
        "  bytes.txt: not UTF-8: read as windows-1252 (guessed)\n",
        "duplicate titles: 1",
        "  \"breaking NEWS\": one/dup.txt, two/dup.txt",
        "dangling links: 0",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[test]
fn hidden_and_non_txt_files_are_not_loaded_and_nested_ones_are() {
    let library = odd_library();
    let listed = json_of(&run_on(library.path(), &["list", "--json"]));
    assert_eq!(
        listed,
        json!([
            {"title": "Bom Title", "path": "bom.txt"},
            {"title": "Bad Bytes", "path": "bytes.txt"},
            {"title": "Nested Story", "path": "deep/er/nested.txt"},
            {"title": "breaking NEWS", "path": "one/dup.txt"},
            {"title": "Breaking News", "path": "two/dup.txt"},
        ]),
    );
    let check = answer(&run_on(library.path(), &["check"]), 1);
    for hidden in ["secret", ".git", "notes", "Secret Story", "Git Story"] {
        assert!(!check.contains(hidden), "{hidden:?} in:\n{check}");
    }
    for name in ["Secret Story", "Git Story", "Notes Story"] {
        let out = run_on(library.path(), &["show", name]);
        one_error_line(&out, 1);
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_to_folders_are_reported_and_not_followed() {
    let library = odd_library();
    let elsewhere = TempDir::new().expect("temp dir");
    write(elsewhere.path(), "outside.txt", "Outside Story\n");
    std::os::unix::fs::symlink(elsewhere.path(), library.path().join("linked")).expect("symlink");
    let report = json_answer(&run_on(library.path(), &["check", "--json"]), 1);
    let skipped = report["skipped"].as_array().expect("skipped");
    assert!(
        skipped.contains(
            &json!({"path": "linked", "reason": "symbolic link to a folder (not followed)"})
        ),
        "{report:#}"
    );
    assert_eq!(report["articles"], json!(5), "{report:#}");
}

/// `links "Nested Story" --json` in the odd library.
fn nested_story_links(library: &TempDir) -> Value {
    json_of(&run_on(
        library.path(),
        &["links", "Nested Story", "--json"],
    ))
}

#[test]
fn duplicate_titles_resolve_to_the_first_in_path_order() {
    let library = odd_library();
    assert_eq!(
        nested_story_links(&library)["outgoing"],
        json!([{"text": "breaking news", "target": "breaking NEWS"}])
    );
    // The choice is said on stderr, with the other copy's path.
    let out = run_on(library.path(), &["show", "Breaking News"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "breaking NEWS\n\nfirst\n");
    let err = stderr(&out);
    assert!(err.contains("this is one/dup.txt"), "{err}");
    let out = run_on(library.path(), &["links", "BREAKING news", "--json"]);
    let first: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(first["backlinks"], json!(["Nested Story"]));
}

#[test]
fn bom_and_crlf_do_not_reach_the_title_or_text() {
    let library = odd_library();
    assert_eq!(
        success(&run_on(library.path(), &["show", "bom title"])),
        "Bom Title\n\nFirst para\n\nRead More: Nested Story → Nested Story\n"
    );
    assert_eq!(
        nested_story_links(&library)["backlinks"],
        json!(["Bom Title"])
    );
}

#[test]
fn bytes_that_are_not_utf8_are_guessed_or_replaced_as_configured() {
    let library = odd_library();
    let shown = success(&run_on(library.path(), &["show", "Bad Bytes"]));
    assert_eq!(shown, "Bad Bytes\n\nok line\n\nbad \u{201c}quote\u{201d}\n");
    let config = TempDir::new().expect("temp dir");
    let path = config.path().join("config.toml");
    fs::write(&path, "encoding = \"utf-8\"\n").expect("write config");
    let config = path.to_str().expect("a UTF-8 path");
    let args = ["--config", config, "show", "Bad Bytes"];
    let shown = success(&run_on(library.path(), &args));
    assert_eq!(shown, "Bad Bytes\n\nok line\n\nbad \u{fffd}quote\u{fffd}\n");
}
