//! One article as the library holds it: its display path, title and links, never its text.

use std::sync::Arc;

use crate::domain::article::{Article, Block};

use super::ArticleId;
use super::hash::text_hash;

/// A loaded article and where it came from: what the list, the link graph and search need.
/// The text itself is read with [`Library::body`]: a library of a million articles holds
/// titles and links in memory, never bodies.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the articles folder, `/`-separated and sanitised for display.
    pub path: String,
    /// The article's title, sanitised.
    pub title: String,
    /// The titles the `Read More:` lines name, sanitised, joined by [`LINK_SEPARATOR`]: one
    /// allocation per article rather than one per link, as a library holds millions of them.
    pub(super) links: Box<str>,
    /// For each link block, in order, the article it resolves to.
    pub targets: Vec<Option<ArticleId>>,
    /// The size of the file (or of the text, for an in-memory article) in bytes.
    pub(super) size: u64,
    /// [`text_hash`] of the article when it was loaded.
    pub(super) hash: u64,
    /// Where the text is.
    pub(super) source: Source,
}

/// Where an entry's text is read from.
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// Held in memory: a library built with [`Library::from_articles`]. Shared, so that
    /// copying a library never copies article text.
    Memory(Arc<Article>),
    /// The file below the root, at the display path, read again when wanted.
    File,
    /// The file below the root at these raw path bytes: only kept when the display path
    /// differs (sanitising changed a name), so that most entries carry no second path.
    Raw(Box<[u8]>),
}

impl Entry {
    /// The entry of an article read from the file at `relative` (raw bytes) below the root.
    pub(super) fn from_parts(
        path: String,
        relative: &[u8],
        title: String,
        links: &[impl AsRef<str>],
        size: u64,
        hash: u64,
    ) -> Self {
        let source = if relative == path.as_bytes() {
            Source::File
        } else {
            Source::Raw(relative.into())
        };
        Self::parts(path, title, links, size, hash, source)
    }

    /// A stand-in that holds nothing and allocates nothing: what a library's vector is filled
    /// with before its entries are decoded into their places, on several threads at once.
    pub(super) fn vacant() -> Self {
        Self {
            path: String::new(),
            title: String::new(),
            links: Box::default(),
            targets: Vec::new(),
            size: 0,
            hash: 0,
            source: Source::File,
        }
    }

    /// An entry whose text stays in memory.
    pub(super) fn in_memory(path: String, article: Arc<Article>) -> Self {
        let size = (article.blocks.iter())
            .map(|(Block::Paragraph(text) | Block::Link(text))| text.len() as u64)
            .sum::<u64>()
            + article.title.len() as u64;
        let links: Vec<String> = article.links().map(str::to_owned).collect();
        let hash = text_hash(&article);
        Self::parts(
            path,
            article.title.clone(),
            &links,
            size,
            hash,
            Source::Memory(article),
        )
    }

    fn parts(
        path: String,
        mut title: String,
        links: &[impl AsRef<str>],
        size: u64,
        hash: u64,
        source: Source,
    ) -> Self {
        title.shrink_to_fit();
        Self {
            path,
            title,
            links: joined(links),
            targets: Vec::new(),
            size,
            hash,
            source,
        }
    }

    /// The titles the article's `Read More:` lines name, in reading order: the n-th is the
    /// n-th of [`Entry::targets`].
    pub fn links(&self) -> impl Iterator<Item = &str> {
        // No link is empty, so an empty string holds none.
        (!self.links.is_empty())
            .then(|| self.links.split(LINK_SEPARATOR))
            .into_iter()
            .flatten()
    }

    /// The size of the article in bytes (of its file when it has one), known without reading
    /// it: what decides whether laying it out is heavy.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether the title, the links or the text differ from `other`'s.
    pub(super) fn differs(&self, other: &Self) -> bool {
        self.hash != other.hash || self.title != other.title || self.links != other.links
    }
}

/// `links` joined by [`LINK_SEPARATOR`], in one allocation of the size they need.
fn joined(links: &[impl AsRef<str>]) -> Box<str> {
    let len = links
        .iter()
        .map(|link| link.as_ref().len() + 1)
        .sum::<usize>();
    let mut joined = String::with_capacity(len.saturating_sub(1));
    for (index, link) in links.iter().enumerate() {
        if index > 0 {
            joined.push(LINK_SEPARATOR);
        }
        joined.push_str(link.as_ref());
    }
    joined.into_boxed_str()
}

/// Between the links of an [`Entry`]: a line break, which no sanitised link holds.
const LINK_SEPARATOR: char = '\n';
