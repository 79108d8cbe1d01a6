//! Terminal control characters never reach the terminal, from articles or from errors.

use std::ffi::OsStr;
use std::fs;
use std::path::PathBuf;

use serde_json::Value;
use tempfile::TempDir;

use crate::{answer, one_error_line, run_on, success, write};

/// Asserts that `bytes` hold no C0 control but newline, no DEL and no C1 control.
pub(crate) fn assert_terminal_safe(label: &str, bytes: &[u8]) {
    if let Some(&b) = bytes
        .iter()
        .find(|&&b| (b < 0x20 && b != b'\n') || b == 0x7f)
    {
        panic!(
            "{label}: byte {b:#04x} in {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "{label}: C1 control in {text:?}"
    );
}

/// Asserts that no string inside a JSON document holds a control character, escaped or not.
pub(crate) fn assert_json_safe(label: &str, value: &Value) {
    match value {
        Value::String(s) => assert!(!s.chars().any(char::is_control), "{label}: {s:?}"),
        Value::Array(items) => items.iter().for_each(|v| assert_json_safe(label, v)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            assert_json_safe(label, &Value::String(k.clone()));
            assert_json_safe(label, v);
        }),
        _ => {}
    }
}

/// A library, in a folder whose own name holds an escape, whose texts and file names carry
/// escape sequences and control characters.
pub(crate) fn hostile_library() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path().join("lib\u{1b}]0;owned\u{7}");
    fs::create_dir(&root).expect("library folder");
    write(
        &root,
        "evil.txt",
        "Evil \u{1b}[31mRed\u{1b}[0m Title\u{7}\u{0}\u{7f}\u{9b}2J\n\
         Para \u{1b}]0;x\u{7} with \u{1b}]52;c;aGk=\u{7} clipboard \u{9b}31m c1 \u{0}nul \u{7f}del \u{7}bel\n\
         Read More: Other \u{1b}[2J Story\u{7}\n\
         Read More: Missing \u{1b}]0;t\u{7}\u{85} One\n",
    );
    write(
        &root,
        "raw.txt",
        b"Raw Bytes\r\nline \x1b[1mbold\x1b[0m\x00 \x9b31m\x85\r\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"other\x1b[31m\x07.txt");
        // Some filesystems refuse such names; the texts are still tested then.
        if fs::write(
            root.join(name),
            "Other Story\nRead More: \u{1b}]52;c;aGk=\u{7}Evil Red Title\n",
        )
        .is_err()
        {
            eprintln!("filesystem refused a file name with an escape; not testing it");
        }
    }
    (dir, root)
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let (_dir, root) = hostile_library();
    // Each run, something its output must contain so that it is known to show the texts, and
    // its exit code (`check` finds dangling links).
    let runs: [(&[&str], &str, i32); 12] = [
        (&["list"], "Evil Red Title", 0),
        (&["list", "--json"], "Evil Red Title", 0),
        (&["list", "--paths"], "evil.txt", 0),
        (&["list", "--search", "evil"], "Evil Red Title", 0),
        (&["show", "Evil Red Title"], "Missing  One", 0),
        (&["show", "Evil Red Title", "--width", "7"], "Evil", 0),
        (&["links", "Evil Red Title"], "Missing  One", 0),
        (&["links", "Evil Red Title", "--json"], "Missing  One", 0),
        (&["search", "clipboard"], "Para", 0),
        (&["search", "clipboard", "--json"], "Para", 0),
        (&["check"], "Missing  One", 1),
        (&["check", "--json"], "Missing  One", 1),
    ];
    for (args, expected, code) in runs {
        let out = run_on(&root, args);
        let label = args.join(" ");
        let text = answer(&out, code);
        assert!(text.contains(expected), "{label}: {text}");
        if args.contains(&"--paths") {
            // The one tab of each line is the separator the format promises.
            assert!(
                text.lines().all(|line| line.matches('\t').count() == 1),
                "{text}"
            );
            assert_terminal_safe(&label, text.replace('\t', " ").as_bytes());
        } else {
            assert_terminal_safe(&label, &out.stdout);
        }
        if args.contains(&"--json") {
            let value: Value = serde_json::from_str(&text).expect("JSON");
            assert_json_safe(&label, &value);
        }
    }

    let shown = success(&run_on(&root, &["show", "Evil Red Title"]));
    for expected in ["Para ", "clipboard", "Read More: Other", "(not in library)"] {
        assert!(shown.contains(expected), "{expected:?} in {shown}");
    }
    let raw = success(&run_on(&root, &["show", "raw bytes"]));
    assert_terminal_safe("show raw bytes", raw.as_bytes());
    assert!(raw.contains("line bold"), "{raw}");
}

#[test]
fn control_characters_in_errors_never_reach_the_terminal() {
    let (_dir, root) = hostile_library();
    let out = run_on(
        &root,
        &[
            "show",
            "\u{1b}[2J\u{9b}2J\u{7}Evil Red Titel\u{1b}]0;x\u{7}",
        ],
    );
    let line = one_error_line(&out, 1);
    assert_terminal_safe("unknown title", &out.stderr);
    assert!(line.contains("Evil Red Title"), "closest titles: {line}");

    let out = run_on(&root.join("gone\u{1b}]0;x\u{7}"), &["list"]);
    one_error_line(&out, 2);
    assert_terminal_safe("missing folder", &out.stderr);

    let out = run_on(&root, &["list", "--config", "\u{1b}[2Jmissing.toml"]);
    one_error_line(&out, 2);
    assert_terminal_safe("missing config", &out.stderr);
}
