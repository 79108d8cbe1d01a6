//! The article parser on arbitrary bytes: it must never panic, and nothing it returns may
//! contain a character that a terminal would interpret.

#![no_main]

use libfuzzer_sys::fuzz_target;
use readmore::domain::article::{Block, parse};
use readmore::domain::sanitize::is_unsafe;

fuzz_target!(|bytes: &[u8]| {
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
});
