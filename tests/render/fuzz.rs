//! The fuzz targets' checks on stable, with every `cargo test`: on fixed inputs that reach past
//! parsing (the fixtures, the repository's config, exports of both formats) and on inputs
//! proptest generates. The checks are `fuzz/src/lib.rs`, which the fuzz targets call too.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

#[path = "../../fuzz/src/lib.rs"]
mod checks;

/// Every file below `dir`, sorted.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("a fixture folder entry"))
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    found.sort();
    found
}

fn fixtures(folder: &str) -> Vec<std::path::PathBuf> {
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(folder),
    )
}

/// Articles that are hostile or odd byte by byte: escapes, controls, bidi overrides, a BOM
/// and CRLF, invalid UTF-8, nothing at all.
const ODD_ARTICLES: &[&[u8]] = &[
    b"",
    b"\n\n\n",
    b"\xef\xbb\xbfTitle\r\n\r\nBody.\r\n",
    b"T\x1b]0;pwned\x07itle\n\nRead More: \x1b[31mElsewhere\x9b\n\n\xe2\x80\xaeBidi.\n",
    b"\xff\xfe\x00T\x00i\x00t\x00l\x00e\x00",
    b"Title\n\nRead More:\n\nRead More: \n",
    b"\x00\x01\x02\n\x7f\n\xc2\x85",
];

#[test]
fn the_article_check_holds_on_the_fixtures_and_odd_bytes() {
    let mut parsed = 0;
    for path in fixtures("library").into_iter().chain(fixtures("encodings")) {
        let bytes = std::fs::read(&path).expect("a fixture");
        parsed += usize::from(readmore::domain::article::parse(&bytes).is_ok());
        checks::parse_article(&bytes);
    }
    assert!(parsed >= 10, "the fixtures reach past parsing: {parsed}");
    for bytes in ODD_ARTICLES {
        checks::parse_article(bytes);
    }
}

#[test]
fn the_config_check_holds_on_the_repository_config_and_broken_ones() {
    let repository = include_str!("../../config.toml");
    assert!(
        readmore::app::config::Config::parse(repository, Path::new("config.toml")).is_ok(),
        "the repository's config reaches past parsing"
    );
    for text in [
        repository,
        "",
        "mouse = false\n",
        "articles = 3\n",
        "[keys]\nquit = \"ctrl-q\"\n",
        "[keys]\nquit = \"q\"\nhelp = \"q\"\n",
        "[keys\n",
        "max_article_bytes = -1\n",
        "\u{0}\u{1b}[31m = \"\u{202e}\"\n",
        "q",
        "ctrl-c",
        "alt-enter",
        "shift-tab",
        "F12",
        "ctrl-alt-shift-",
    ] {
        checks::parse_config(text);
    }
}

/// A state export with two articles, in JSON and in TOML.
const EXPORTS: [&str; 2] = [
    r#"{"article": [
        {"path": "a.txt", "title": "Alpha", "starred": true, "updated_at": 10},
        {"path": "b.txt", "title": "Bravo", "read": true, "scroll": 3, "lines": 9}
    ]}"#,
    "[[article]]\npath = \"a.txt\"\ntitle = \"Alpha\"\nstarred = true\n\n\
     [[article]]\npath = \"b.txt\"\ntitle = \"Bravo\"\nread = true\nscroll = 3\n",
];

#[test]
fn the_state_import_check_holds_on_exports_and_broken_ones() {
    for export in EXPORTS {
        checks::state_import(export.as_bytes());
    }
    for bytes in [
        &b""[..],
        b"{",
        b"[[article]]\npath = 3\n",
        b"{\"article\": [{\"path\": \"\x1b]0;x\x07\", \"title\": \"\xff\"}]}",
        b"\x00\x9b\xe2\x80\xae",
    ] {
        checks::state_import(bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failing cases are kept beside this file; the default looks for a `main.rs` and would
        // keep them in `tests/proptest-regressions/fuzz.txt`.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions"
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_article_check_holds_on_generated_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        text in "[A-Za-z \\n\\x1b\\x07\\x9b\\u{202e}:]{0,200}",
    ) {
        checks::parse_article(&bytes);
        checks::parse_article(format!("Read More: {text}\n\n{text}").as_bytes());
    }

    #[test]
    fn the_config_check_holds_on_generated_text(
        text in any::<String>(),
        toml in "([a-z_]{1,12} = (\"[a-z -]{0,12}\"|[0-9-]{1,4}|true)\n|\\[[a-z]{0,6}\\]\n){0,8}",
    ) {
        checks::parse_config(&text);
        checks::parse_config(&toml);
    }

    #[test]
    fn the_state_import_check_holds_on_generated_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
        title in any::<String>(),
    ) {
        checks::state_import(&bytes);
        let export = serde_json::json!({"article": [{"path": "a.txt", "title": title}]});
        checks::state_import(export.to_string().as_bytes());
    }
}
