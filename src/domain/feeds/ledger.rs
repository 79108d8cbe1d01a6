//! The items fetch has written: `<library>/.readmore/seen.json`.
//!
//! An item is written once. Its key (guid, else link, else title and date) stays in the ledger
//! after its file is deleted or moved, and the ledger lives in the library, so a library moved
//! to another machine and fetched there writes no duplicates. Each record keeps the hash of
//! the bytes fetch wrote: a changed item replaces its file only while the file is still
//! exactly that (the user's edits are never overwritten).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files::DATA_DIR;
use super::subscriptions::{StoreError, read_data};
use crate::domain::sanitize::Located;

/// The file name inside the library's data folder.
pub const FILE_NAME: &str = "seen.json";

/// One written item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenItem {
    /// The feed's URL (moved along when the feed answers 301).
    pub feed: String,
    /// [`item_key`] of the item.
    pub key: String,
    /// The file written, relative to the library.
    pub path: String,
    /// Hash of the bytes written ([`super::writer::content_hash`]).
    pub written: u64,
    /// Hash of the item's content ([`draft_hash`]), to notice a changed item.
    pub content: u64,
}

/// The key that identifies an item within its feed: the guid, else the link, else the title
/// and date. Prefixed by kind, so a guid can never equal a link.
pub fn item_key(guid: &str, link: Option<&str>, title: &str, date: Option<&str>) -> String {
    if !guid.trim().is_empty() {
        format!("guid:{}", guid.trim())
    } else if let Some(link) = link.filter(|link| !link.trim().is_empty()) {
        format!("link:{}", super::links::normalise(link))
    } else {
        format!("title:{}|{}", title.trim(), date.unwrap_or_default())
    }
}

/// A hash of what an item says (title, paragraphs, their links, source, date): equal for an
/// unchanged item whatever the library around it holds.
pub fn draft_hash(draft: &super::writer::ArticleDraft) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(draft.title.as_bytes());
    for paragraph in &draft.paragraphs {
        hasher.update(&[0xff]);
        hasher.update(paragraph.text.as_bytes());
        for link in &paragraph.links {
            hasher.update(&[0xfe]);
            hasher.update(link.as_bytes());
        }
    }
    hasher.update(&[0xfd]);
    hasher.update(draft.source.as_deref().unwrap_or_default().as_bytes());
    if let Some(date) = draft.published {
        hasher.update(&date.timestamp().to_le_bytes());
    }
    hasher.digest()
}

/// Every item written to a library.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    items: HashMap<(String, String), SeenItem>,
}

impl Ledger {
    pub fn path(library: &Path) -> PathBuf {
        library.join(DATA_DIR).join(FILE_NAME)
    }

    /// Reads the library's ledger; empty when there is none yet.
    pub fn load(library: &Path) -> Result<Self, StoreError> {
        let path = Self::path(library);
        let Some(bytes) = read_data(&path, |path| std::fs::read(path))? else {
            return Ok(Self::default());
        };
        let items: Vec<SeenItem> = serde_json::from_slice(&bytes).map_err(|err| {
            let at = (err.line(), err.column());
            StoreError::Invalid(Located::new(&path, at, &err.to_string()))
        })?;
        let items = (items.into_iter())
            .map(|item| ((item.feed.clone(), item.key.clone()), item))
            .collect();
        Ok(Self { items })
    }

    /// Writes the ledger atomically, in a stable order (feed, then key).
    pub fn save(&self, library: &Path) -> Result<(), StoreError> {
        let mut items: Vec<&SeenItem> = self.items.values().collect();
        items.sort_by(|a, b| (&a.feed, &a.key).cmp(&(&b.feed, &b.key)));
        let bytes = serde_json::to_vec(&items).map_err(io::Error::other);
        super::subscriptions::save_data(library, &Self::path(library), bytes)
    }

    /// The record of item `key` of `feed`.
    pub fn get(&self, feed: &str, key: &str) -> Option<&SeenItem> {
        self.items.get(&(feed.to_owned(), key.to_owned()))
    }

    /// What each written item said ([`SeenItem::content`]), by feed, then by item key.
    pub fn contents_by_feed(&self) -> HashMap<&str, HashMap<String, u64>> {
        let mut by_feed: HashMap<&str, HashMap<String, u64>> = HashMap::new();
        for item in self.items.values() {
            (by_feed.entry(item.feed.as_str()).or_default()).insert(item.key.clone(), item.content);
        }
        by_feed
    }

    /// Records (or replaces the record of) a written item.
    pub fn record(&mut self, item: SeenItem) {
        self.items
            .insert((item.feed.clone(), item.key.clone()), item);
    }

    /// Moves every record of feed `from` to feed `to` (a 301).
    pub fn rename_feed(&mut self, from: &str, to: &str) {
        let moved: Vec<(String, String)> = (self.items.keys())
            .filter(|(feed, _)| feed == from)
            .cloned()
            .collect();
        for old in moved {
            if let Some(mut item) = self.items.remove(&old) {
                item.feed = to.to_owned();
                self.items
                    .insert((item.feed.clone(), item.key.clone()), item);
            }
        }
    }

    /// How many items of `feed` were written.
    pub fn count(&self, feed: &str) -> usize {
        self.items.keys().filter(|(f, _)| f == feed).count()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_prefer_guid_then_link_then_title_and_date() {
        assert_eq!(item_key(" g1 ", Some("https://a/x"), "T", None), "guid:g1");
        assert_eq!(
            item_key("", Some("https://www.a.com/x/"), "T", None),
            "link:a.com/x"
        );
        assert_eq!(item_key("", None, "T", Some("2024")), "title:T|2024");
    }

    #[test]
    fn the_ledger_round_trips_and_follows_a_moved_feed() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::load(dir.path()).unwrap();
        assert!(ledger.is_empty());
        let item = SeenItem {
            feed: "https://old/feed".into(),
            key: "guid:1".into(),
            path: "f/a.txt".into(),
            written: 1,
            content: 2,
        };
        ledger.record(item.clone());
        ledger.save(dir.path()).unwrap();
        let mut loaded = Ledger::load(dir.path()).unwrap();
        assert_eq!(loaded, ledger);
        loaded.rename_feed("https://old/feed", "https://new/feed");
        assert!(loaded.get("https://old/feed", "guid:1").is_none());
        assert_eq!(
            loaded.get("https://new/feed", "guid:1").unwrap().path,
            "f/a.txt"
        );
        assert_eq!(loaded.count("https://new/feed"), 1);
    }

    #[test]
    fn a_corrupt_ledger_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".readmore")).unwrap();
        std::fs::write(dir.path().join(".readmore/seen.json"), "[\n{\"feed\": 3}]").unwrap();
        let err = Ledger::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("seen.json:2:"), "{err}");
    }
}
