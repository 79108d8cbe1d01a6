//! The hash of everything an article shows, taken as it is parsed.

use crate::domain::article::{Article, Block};

/// Hashes an article's title and blocks, in order, fed one at a time, so that a file read a
/// line at a time is hashed as one read whole.
#[derive(Default)]
pub(super) struct TextHasher(xxhash_rust::xxh3::Xxh3);

impl TextHasher {
    pub(super) fn title(&mut self, title: &str) {
        self.0.update(title.as_bytes());
    }

    pub(super) fn block(&mut self, block: &Block) {
        // Separators no text holds, so that moving words between blocks counts.
        let (tag, text) = match block {
            Block::Paragraph(text) => (0xff, text),
            Block::Link(text) => (0xfe, text),
        };
        self.0.update(&[tag]);
        self.0.update(text.as_bytes());
    }

    pub(super) fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// A hash of everything an article shows: its title and every block, in order. Computed once
/// when the article is parsed, so that knowing whether the text changed never reads it again.
pub(super) fn text_hash(article: &Article) -> u64 {
    let mut hasher = TextHasher::default();
    hasher.title(&article.title);
    for block in &article.blocks {
        hasher.block(block);
    }
    hasher.finish()
}
