//! What each fuzz target checks, as plain functions: `fuzz_targets/*` call them on what
//! libFuzzer generates, and `tests/render/fuzz.rs` includes this file and calls them on fixed
//! and proptest-generated inputs, so `cargo test` on stable keeps them compiling and passing.

use std::path::Path;

use readmore::app::config::Config;
use readmore::app::keymap::Key;
use readmore::domain::article::{Block, parse};
use readmore::domain::sanitize::is_unsafe;
use readmore::domain::store::{self, Format};

/// The article parser on arbitrary bytes: it must never panic, and nothing it returns may
/// contain a character that a terminal would interpret.
pub fn parse_article(bytes: &[u8]) {
    let Ok(parsed) = parse(bytes) else { return };
    let article = parsed.article;
    assert!(!article.title.is_empty());
    assert!(!article.title.chars().any(is_unsafe));
    for block in &article.blocks {
        let (Block::Paragraph(text) | Block::Link(text)) = block;
        assert!(!text.is_empty());
        assert!(!text.chars().any(is_unsafe), "{text:?}");
    }
    // Resolution must cope with whatever titles the parser lets through.
    let library =
        readmore::domain::library::Library::from_articles(vec![("a.txt".into(), article)]);
    let _ = library.dangling().count();
}

/// The config and key-name parsers on arbitrary text: errors, never panics, and an error is
/// always one line naming the file.
pub fn parse_config(text: &str) {
    if let Err(err) = Config::parse(text, Path::new("fuzz.toml")) {
        let message = err.to_string();
        assert!(!message.contains('\n'), "{message:?}");
        assert!(message.starts_with("fuzz.toml:"), "{message:?}");
    }
    if let Ok(key) = text.parse::<Key>() {
        assert_eq!(key.to_string().parse::<Key>(), Ok(key), "{text:?}");
    }
}

/// The state import parser (exports and the old `state.toml`) on arbitrary bytes, in both
/// formats: errors, never panics; an error is one line naming the file, with no control
/// character; whatever parses can be exported and read back as the same articles.
pub fn state_import(bytes: &[u8]) {
    let file = Path::new("fuzz.toml");
    for format in [Format::Toml, Format::Json] {
        match store::parse(bytes, file, format) {
            Err(err) => {
                let message = err.to_string();
                assert!(message.starts_with("fuzz.toml:"), "{message:?}");
                assert!(!message.chars().any(char::is_control), "{message:?}");
            }
            Ok(entries) => {
                let keys: Vec<_> = entries
                    .iter()
                    .map(|e| (e.path.clone(), e.title.clone()))
                    .collect();
                let mut out = Vec::new();
                store::write(entries, format, &mut out).expect("an export of parsed entries");
                let again = store::parse(&out, file, format).expect("an export parses");
                let again: Vec<_> = again.into_iter().map(|e| (e.path, e.title)).collect();
                assert_eq!(keys, again);
            }
        }
    }
}
