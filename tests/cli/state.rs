//! `state import` and `state export` on the fixture.

use std::fs;

use serde_json::{Value, json};

use crate::{Sandbox, one_error_line, stderr, success, write};

#[test]
fn state_import_then_export_round_trips_marks_per_article() {
    let sandbox = Sandbox::new();
    let backup = sandbox.cwd().join("backup.json");
    fs::write(
        &backup,
        r#"{"article": [
            {"path": "world/harbour.txt", "title": "Harbour Reopens", "starred": true, "updated_at": 10},
            {"path": "local/fair.txt", "title": "Fair", "read": true, "scroll": 3, "lines": 9}
        ]}"#,
    )
    .expect("write backup");
    let out = sandbox.run(&["state", "import", "backup.json"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("2 added, 0 updated"),
        "{}",
        stderr(&out)
    );
    let exported = sandbox.run(&["state", "export", "--format", "json"]);
    let value: Value = serde_json::from_str(&success(&exported)).expect("JSON export");
    let articles = value["article"].as_array().expect("article array");
    assert_eq!(articles.len(), 2, "{value}");
    let harbour = articles
        .iter()
        .find(|a| a["path"] == "world/harbour.txt")
        .expect("harbour exported");
    assert_eq!(harbour["starred"], true);
    assert_eq!(harbour["read"], false);
    let fair = articles
        .iter()
        .find(|a| a["path"] == "local/fair.txt")
        .expect("fair exported");
    assert_eq!(
        (fair["read"].clone(), fair["scroll"].clone()),
        (json!(true), json!(3))
    );
    // Importing the same file again changes nothing: the rows are as new as the file.
    let again = sandbox.run(&["state", "import", "backup.json"]);
    let said = stderr(&again);
    assert!(said.contains("0 added, 0 updated, 2 kept"), "{said}");
}

#[test]
fn a_bad_state_import_is_one_error_line_with_its_position() {
    let sandbox = Sandbox::new();
    write(
        &sandbox.cwd(),
        "bad.toml",
        "[[article]]\npath = \"a.txt\"\ntitle = 3\n",
    );
    let line = one_error_line(&sandbox.run(&["state", "import", "bad.toml"]), 2);
    assert!(line.starts_with("error: bad.toml:3:"), "{line}");
}

#[test]
fn state_commands_refuse_no_state() {
    let line = one_error_line(&Sandbox::new().run(&["--no-state", "state", "export"]), 2);
    assert!(line.contains("--no-state"), "{line}");
}
