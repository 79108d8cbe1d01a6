//! The articles as the library holds them: their display paths, titles and links, never their
//! text, packed so that a million of them are a few large allocations rather than millions of
//! small ones.
//!
//! Every entry's strings lie one after another in a shared chunk of text ([`TextChunk`]), and the entry
//! itself is a fixed-size [`Slot`] of offsets and lengths; the link targets of every entry are
//! one array, each entry's run of it starting where its slot says. A start from the metadata
//! cache decodes each run of records into a chunk of its own, on every core; a reload shares
//! the chunks of the entries it keeps and adds one for what it read, and packs the strings
//! again once most of the chunks' bytes belong to no entry.

use std::sync::Arc;

use crate::domain::article::{Article, Block};

use super::ArticleId;
use super::hash::text_hash;

/// A loaded article and where it came from: what the list, the link graph and search need.
/// The text itself is read with [`super::Library::body`]: a library of a million articles
/// holds titles and links in memory, never bodies. A view into the library's packed storage,
/// as cheap to copy as a reference.
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    entries: &'a Entries,
    index: usize,
}

impl<'a> Entry<'a> {
    fn slot(self) -> &'a Slot {
        &self.entries.slots[self.index]
    }

    fn text(self) -> &'a str {
        &self.entries.chunks[self.slot().chunk as usize].text
    }

    /// Path relative to the articles folder, `/`-separated and sanitised for display.
    pub fn path(self) -> &'a str {
        let slot = self.slot();
        let at = slot.at as usize;
        &self.text()[at..at + slot.path as usize]
    }

    /// The article's title, sanitised.
    pub fn title(self) -> &'a str {
        let slot = self.slot();
        let at = slot.at as usize + slot.path as usize;
        &self.text()[at..at + slot.title as usize]
    }

    /// The titles the `Read More:` lines name, sanitised, joined by [`LINK_SEPARATOR`].
    fn joined_links(self) -> &'a str {
        let slot = self.slot();
        let at = slot.at as usize + slot.path as usize + slot.title as usize;
        &self.text()[at..at + slot.links as usize]
    }

    /// The titles the article's `Read More:` lines name, in reading order: the n-th is the
    /// n-th of [`Entry::targets`].
    pub fn links(self) -> impl Iterator<Item = &'a str> {
        split_links(self.joined_links())
    }

    /// For each link, in order, the article it resolves to.
    pub fn targets(self) -> &'a [Option<ArticleId>] {
        let end = (self.entries.slots.get(self.index + 1))
            .map_or(self.entries.targets.len(), |next| next.targets);
        &self.entries.targets[self.slot().targets..end]
    }

    /// The size of the article in bytes (of its file when it has one), known without reading
    /// it: what decides whether laying it out is heavy.
    pub fn size(self) -> u64 {
        self.slot().size
    }

    /// [`text_hash`] of the article when it was loaded.
    pub(super) fn hash(self) -> u64 {
        self.slot().hash
    }

    /// The raw bytes of the file's path below the root: the display path unless sanitising
    /// changed a name.
    pub(super) fn relative(self) -> &'a [u8] {
        let slot = self.slot();
        match slot.raw {
            NO_RAW => self.path().as_bytes(),
            raw => &self.entries.chunks[slot.chunk as usize].raw[raw as usize],
        }
    }

    /// The article's text when the library holds it in memory (built from articles).
    pub(super) fn article(self) -> Option<&'a Arc<Article>> {
        self.entries.memory.get(self.index)
    }

    /// Whether the title, the links or the text differ from `other`'s.
    pub(super) fn differs(self, other: Entry<'_>) -> bool {
        self.hash() != other.hash()
            || self.title() != other.title()
            || self.joined_links() != other.joined_links()
    }
}

impl std::fmt::Debug for Entry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("path", &self.path())
            .field("title", &self.title())
            .field("links", &self.joined_links())
            .field("targets", &self.targets())
            .finish_non_exhaustive()
    }
}

/// The links of a joined string of them: none when it is empty, as no link is.
fn split_links(joined: &str) -> impl Iterator<Item = &str> {
    (!joined.is_empty())
        .then(|| joined.split(LINK_SEPARATOR))
        .into_iter()
        .flatten()
}

/// Between the links of an entry: a line break, which no sanitised link holds.
const LINK_SEPARATOR: char = '\n';

/// [`Slot::raw`] of an entry whose file is at its display path.
const NO_RAW: u32 = u32::MAX;

/// One entry: where its strings lie in its chunk, where its targets start, and what is known
/// of its file. 48 bytes, allocation-free.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Slot {
    /// The chunk holding its strings, an index into [`Entries::chunks`].
    chunk: u32,
    /// Where its path starts in the chunk's text; its title and joined links follow it.
    at: u32,
    path: u32,
    title: u32,
    links: u32,
    /// Its raw path's index in the chunk's `raw`, or [`NO_RAW`].
    raw: u32,
    /// Where its targets start in [`Entries::targets`].
    targets: usize,
    size: u64,
    hash: u64,
}

impl Slot {
    /// The slot with its chunk index moved up by `chunks`: the chunks it was made with follow
    /// that many others in its library.
    pub(super) fn after(mut self, chunks: u32) -> Self {
        self.chunk += chunks;
        self
    }

    /// The bytes its strings take in its chunk's text.
    fn text_len(&self) -> usize {
        self.path as usize + self.title as usize + self.links as usize
    }
}

/// The strings of some entries, one after another.
#[derive(Debug, Default)]
pub(super) struct TextChunk {
    text: Box<str>,
    /// The raw paths of its entries whose display path differs (sanitising changed a name):
    /// few, so one allocation each.
    raw: Box<[Box<[u8]>]>,
}

/// Every entry of a library, in path order, and their link targets.
#[derive(Debug, Clone, Default)]
pub(super) struct Entries {
    slots: Vec<Slot>,
    /// Shared with the libraries a reload makes from this one.
    chunks: Vec<Arc<TextChunk>>,
    /// The targets of every entry's links, entry after entry; empty until the links are
    /// resolved.
    targets: Vec<Option<ArticleId>>,
    /// Each entry's text, for a library built from articles; empty for one read from files.
    memory: Vec<Arc<Article>>,
}

impl Entries {
    /// Entries of `slots`, whose chunk indexes are into `chunks`.
    pub(super) fn new(slots: Vec<Slot>, chunks: Vec<Arc<TextChunk>>) -> Self {
        Self {
            slots,
            chunks,
            targets: Vec::new(),
            memory: Vec::new(),
        }
    }

    /// Entries of articles held in memory, given as (display path, article) in path order.
    pub(super) fn in_memory(articles: Vec<(String, Article)>) -> Self {
        let mut texts = Texts::new(0);
        let mut slots = Vec::with_capacity(articles.len());
        let mut memory = Vec::with_capacity(articles.len());
        for (path, article) in articles {
            let size = (article.blocks.iter())
                .map(|(Block::Paragraph(text) | Block::Link(text))| text.len() as u64)
                .sum::<u64>()
                + article.title.len() as u64;
            let hash = text_hash(&article);
            slots.push(texts.push(
                &path,
                path.as_bytes(),
                &article.title,
                article.links(),
                size,
                hash,
            ));
            memory.push(Arc::new(article));
        }
        Self {
            memory,
            ..Self::new(slots, texts.finish())
        }
    }

    pub(super) fn len(&self) -> usize {
        self.slots.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub(super) fn get(&self, index: usize) -> Entry<'_> {
        assert!(index < self.slots.len(), "entry {index} past the last");
        Entry {
            entries: self,
            index,
        }
    }

    pub(super) fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = Entry<'_>> + ExactSizeIterator + Clone {
        (0..self.slots.len()).map(|index| Entry {
            entries: self,
            index,
        })
    }

    /// How many links each entry has, in order.
    pub(super) fn link_counts(&self) -> Vec<usize> {
        use rayon::prelude::*;
        (0..self.slots.len())
            .into_par_iter()
            .map(|index| self.get(index).links().count())
            .collect()
    }

    /// Sets every entry's link targets: `targets` holds them entry after entry, `counts[i]`
    /// of them for entry `i`.
    pub(super) fn set_targets(&mut self, counts: &[usize], targets: Vec<Option<ArticleId>>) {
        assert_eq!(counts.len(), self.slots.len(), "a count per entry");
        assert_eq!(
            counts.iter().sum::<usize>(),
            targets.len(),
            "a target per link"
        );
        let mut at = 0;
        for (slot, count) in self.slots.iter_mut().zip(counts) {
            slot.targets = at;
            at += count;
        }
        self.targets = targets;
    }

    /// The entries sorted by `order` of their paths.
    pub(super) fn sort_by_path(&mut self, order: impl Fn(&str, &str) -> std::cmp::Ordering) {
        let mut slots = std::mem::take(&mut self.slots);
        slots.sort_by(|a, b| order(self.path_of(a), self.path_of(b)));
        self.slots = slots;
    }

    fn path_of(&self, slot: &Slot) -> &str {
        let at = slot.at as usize;
        &self.chunks[slot.chunk as usize].text[at..at + slot.path as usize]
    }

    /// The entries of `self` for which `keep` holds and those of `fresh`, merged by
    /// `before` (whether a fresh entry goes before a kept one), both in that order already:
    /// what a reload makes. Kept entries share this library's chunks; when most of the
    /// chunks' bytes then belong to no entry, the strings are packed again. Targets are
    /// left to be resolved.
    pub(super) fn merged(
        &self,
        keep: impl Fn(Entry<'_>) -> bool,
        fresh: Entries,
        before: impl Fn(Entry<'_>, Entry<'_>) -> bool,
    ) -> Self {
        let offset = self.chunks.len() as u32;
        let mut slots = Vec::with_capacity(self.len() + fresh.len());
        let mut news = fresh.iter().peekable();
        for old in self.iter().filter(|&entry| keep(entry)) {
            while let Some(new) = news.next_if(|&new| before(new, old)) {
                slots.push(shifted(new, offset));
            }
            // Targets are resolved again for the merged entries.
            slots.push(Slot {
                targets: 0,
                ..*old.slot()
            });
        }
        slots.extend(news.map(|new| shifted(new, offset)));
        let mut chunks = self.chunks.clone();
        chunks.extend(fresh.chunks.iter().cloned());
        Self::new(slots, chunks).packed_when_sparse()
    }

    /// These entries, their strings packed into one chunk when more than half of the
    /// chunks' bytes belong to no entry, so that reloads never let dead strings pile up.
    fn packed_when_sparse(self) -> Self {
        let live: usize = self.slots.iter().map(Slot::text_len).sum();
        let held: usize = self.chunks.iter().map(|chunk| chunk.text.len()).sum();
        if live * 2 >= held {
            return self;
        }
        self.packed(live)
    }

    /// These entries with their strings copied into fresh chunks of `live` bytes in all.
    fn packed(&self, live: usize) -> Self {
        let mut texts = Texts::new(live);
        let slots = (self.iter())
            .map(|entry| {
                let slot = entry.slot();
                texts.push(
                    entry.path(),
                    entry.relative(),
                    entry.title(),
                    entry.links(),
                    slot.size,
                    slot.hash,
                )
            })
            .collect();
        Self::new(slots, texts.finish())
    }

    /// The index of the entry at display path `path`, by a binary search with `order`.
    pub(super) fn search_path(
        &self,
        path: &str,
        order: impl Fn(&str, &str) -> std::cmp::Ordering,
    ) -> Result<usize, usize> {
        self.slots
            .binary_search_by(|slot| order(self.path_of(slot), path))
    }
}

/// `entry`'s slot with its chunk index moved up by `offset`.
fn shifted(entry: Entry<'_>, offset: u32) -> Slot {
    entry.slot().after(offset)
}

/// Chunks being filled: the strings of entries as they are made, one after another, in a new
/// chunk whenever an offset would no longer fit a `u32`.
pub(super) struct Texts {
    done: Vec<Arc<TextChunk>>,
    text: String,
    raw: Vec<Box<[u8]>>,
}

impl Texts {
    /// No strings yet, with room for `capacity` bytes of them.
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            done: Vec::new(),
            text: String::with_capacity(capacity.min(CHUNK_MAX)),
            raw: Vec::new(),
        }
    }

    /// Adds the strings of an entry and gives its slot, whose chunk index counts from the
    /// first chunk these texts make: the article in the file at `relative` (raw bytes) below
    /// the root, shown as `path`.
    ///
    /// # Panics
    /// When one article's title or links take 4 GiB or more, which no file within
    /// [`MAX_ARTICLE_BYTES_LIMIT`](super::MAX_ARTICLE_BYTES_LIMIT) (the most a config may
    /// set) can give.
    pub(super) fn push<'s>(
        &mut self,
        path: &str,
        relative: &[u8],
        title: &str,
        links: impl IntoIterator<Item = &'s str>,
        size: u64,
        hash: u64,
    ) -> Slot {
        let length = |bytes: usize| u32::try_from(bytes).expect("an article takes less than 4 GiB");
        if self.text.len() > CHUNK_MAX {
            self.close();
        }
        let at = self.text.len();
        self.text.push_str(path);
        self.text.push_str(title);
        let links_at = self.text.len();
        for (index, link) in links.into_iter().enumerate() {
            if index > 0 {
                self.text.push(LINK_SEPARATOR);
            }
            self.text.push_str(link);
        }
        let raw = if relative == path.as_bytes() {
            NO_RAW
        } else {
            self.raw.push(relative.into());
            length(self.raw.len() - 1)
        };
        Slot {
            chunk: length(self.done.len()),
            at: length(at),
            path: length(path.len()),
            title: length(title.len()),
            links: length(self.text.len() - links_at),
            raw,
            targets: 0,
            size,
            hash,
        }
    }

    /// Ends the chunk being filled and starts another.
    fn close(&mut self) {
        let chunk = TextChunk {
            text: std::mem::take(&mut self.text).into_boxed_str(),
            raw: std::mem::take(&mut self.raw).into_boxed_slice(),
        };
        self.done.push(Arc::new(chunk));
    }

    /// The chunks, each text in an allocation of its size.
    pub(super) fn finish(mut self) -> Vec<Arc<TextChunk>> {
        self.close();
        self.done
    }
}

/// The most bytes a chunk's text holds before an entry starts in it, so that every offset fits
/// a `u32`. Tests use tiny chunks, so that their few entries span several.
const CHUNK_MAX: usize = if cfg!(test) { 40 } else { u32::MAX as usize };

#[cfg(test)]
mod tests;
