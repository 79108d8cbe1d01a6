//! What is remembered of every article, in memory, laid out to load fast: one buffer for
//! every path and title and one sorted index, not an allocation per article (100k articles
//! load and free in a few milliseconds, and the heap does not fragment).

use std::hash::{DefaultHasher, Hasher};

use super::Remembered;

/// What is remembered of every article, read once at start so that drawing never waits for
/// the disk. Lookups are exact: by the path's bytes and the title.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Every article's path then title, back to back.
    text: Vec<u8>,
    articles: Vec<Article>,
    /// `(hash of path and title, index into articles)`, sorted: equal hashes are told apart by
    /// comparing the text.
    index: Vec<(u64, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Article {
    /// Where the path starts in `text`; the title follows it.
    start: usize,
    path_len: usize,
    title_len: usize,
    remembered: Remembered,
}

/// A hash of the key, deterministic (the index is rebuilt, never stored).
fn hash(path: &[u8], title: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write_usize(path.len());
    hasher.write(path);
    hasher.write(title.as_bytes());
    hasher.finish()
}

impl Snapshot {
    /// What is remembered of the article at `path` (its exact bytes, or a `&str`) titled
    /// `title`; nothing remembered is [`Remembered::default`].
    pub fn get(&self, path: impl AsRef<[u8]>, title: &str) -> Remembered {
        // A start asks for every article: with nothing remembered, hashing each is wasted.
        if self.articles.is_empty() {
            return Remembered::default();
        }
        self.find(path.as_ref(), title, hash(path.as_ref(), title))
            .map_or_else(Remembered::default, |i| self.articles[i].remembered)
    }

    /// Changes this in-memory copy only (the app keeps it current as marks change);
    /// [`super::Store::record`] is what writes a change.
    pub fn set(&mut self, path: impl AsRef<[u8]>, title: &str, remembered: Remembered) {
        let path = path.as_ref();
        let hash = hash(path, title);
        match self.find(path, title, hash) {
            Some(i) => self.articles[i].remembered = remembered,
            None => {
                let at = self.index.partition_point(|&(h, _)| h < hash);
                self.index.insert(at, (hash, self.articles.len()));
                self.push(path, title, remembered);
            }
        }
    }

    /// How many articles have a row (including ones whose marks were all cleared).
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Adds an article whose key is not in the snapshot yet (as a table's primary key
    /// ensures), without keeping the index sorted: loading sorts it once, with
    /// [`Snapshot::sort_index`], before any lookup.
    pub(super) fn push_new(&mut self, path: &[u8], title: &str, remembered: Remembered) {
        self.index.push((hash(path, title), self.articles.len()));
        self.push(path, title, remembered);
    }

    /// Makes the index usable after [`Snapshot::push_new`].
    pub(super) fn sort_index(&mut self) {
        self.index.sort_unstable();
    }

    fn push(&mut self, path: &[u8], title: &str, remembered: Remembered) {
        self.articles.push(Article {
            start: self.text.len(),
            path_len: path.len(),
            title_len: title.len(),
            remembered,
        });
        self.text.extend_from_slice(path);
        self.text.extend_from_slice(title.as_bytes());
    }

    fn find(&self, path: &[u8], title: &str, hash: u64) -> Option<usize> {
        let from = self.index.partition_point(|&(h, _)| h < hash);
        self.index[from..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i)
            .find(|&i| {
                let article = &self.articles[i];
                let title_start = article.start + article.path_len;
                self.text[article.start..title_start] == *path
                    && self.text[title_start..title_start + article.title_len] == *title.as_bytes()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(scroll: usize) -> Remembered {
        Remembered {
            scroll,
            lines: 10,
            ..Remembered::default()
        }
    }

    #[test]
    fn keys_that_share_bytes_are_different_articles() {
        let mut snapshot = Snapshot::default();
        snapshot.push_new(b"ab", "c", marks(1));
        snapshot.push_new(b"a", "bc", marks(2));
        snapshot.push_new(b"a", "b", marks(3));
        snapshot.sort_index();
        assert_eq!(snapshot.get("ab", "c"), marks(1));
        assert_eq!(snapshot.get("a", "bc"), marks(2));
        assert_eq!(snapshot.get("a", "b"), marks(3));
        assert_eq!(snapshot.get("abc", ""), Remembered::default());
        snapshot.set("abc", "", marks(4));
        snapshot.set("a", "bc", marks(5));
        assert_eq!(snapshot.len(), 4);
        assert_eq!(snapshot.get("abc", ""), marks(4));
        assert_eq!(snapshot.get("a", "bc"), marks(5));
        assert_eq!(snapshot.get("ab", "c"), marks(1));
    }

    #[test]
    fn many_articles_are_all_found_after_inserts_in_any_order() {
        let mut snapshot = Snapshot::default();
        for n in (0..2000).rev() {
            snapshot.set(format!("{n}.txt"), "T", marks(n));
        }
        let mut built = Snapshot::default();
        for n in 0..2000 {
            built.push_new(format!("{n}.txt").as_bytes(), "T", marks(n));
        }
        built.sort_index();
        for n in 0..2000 {
            assert_eq!(snapshot.get(format!("{n}.txt"), "T"), marks(n));
            assert_eq!(built.get(format!("{n}.txt"), "T"), marks(n));
        }
    }
}
