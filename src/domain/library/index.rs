//! The link graph of a library: where each `Read More:` line leads, who links to each
//! article, and which titles several files share.
//!
//! Resolving links means normalising every title and every link and looking each up: at a
//! million articles that is most of a start. So the resolved graph ([`Resolved`]) is also
//! what the metadata cache keeps, and a start from the cache only checks and applies it.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::entry::Entries;
use super::{ArticleId, Duplicate, Entry, Library};
use crate::domain::normalize::normalize_title;

/// A target in [`Resolved::targets`] that names no article.
const DANGLING: u32 = u32::MAX;

/// The resolved link graph of a list of entries, in the compact form the cache keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Resolved {
    /// The target of every link of every entry, entry after entry, in reading order:
    /// an entry's index, or [`DANGLING`].
    targets: Vec<u32>,
    /// The ids of the entries sharing a title, first in path order first; in order of
    /// the first's path.
    duplicates: Vec<Vec<u32>>,
    /// The backlinks the targets make: kept, as collecting them is a pass over every link
    /// in random order, on one core, which took most of a start at a million articles.
    backlinks: Backlinks,
}

impl Resolved {
    /// Resolves the links of `entries` (in path order) by their normalised titles, on every
    /// core: a link goes to the first entry in path order whose title normalises as it does.
    pub(super) fn of<T: Linking>(entries: &[T]) -> Self {
        let keys: Vec<String> = (entries.par_iter())
            .map(|entry| normalize_title(entry.title()))
            .collect();
        let mut by_title: HashMap<String, u32> = HashMap::with_capacity(entries.len());
        let mut same_title: HashMap<u32, Vec<u32>> = HashMap::new();
        for (id, key) in (0..).zip(keys) {
            match by_title.get(&key) {
                Some(&first) => same_title.entry(first).or_default().push(id),
                None => {
                    by_title.insert(key, id);
                }
            }
        }
        let counts: Vec<usize> = (entries.par_iter())
            .map(|entry| Linking::links(entry).count())
            .collect();
        let targets: Vec<u32> = (entries.par_iter())
            .flat_map_iter(|entry| {
                let targets: Vec<u32> = (Linking::links(entry))
                    .map(|text| (by_title.get(&normalize_title(text)).copied()).unwrap_or(DANGLING))
                    .collect();
                targets
            })
            .collect();
        drop(by_title);
        let mut duplicates: Vec<Vec<u32>> = same_title
            .into_iter()
            .map(|(first, others)| std::iter::once(first).chain(others).collect())
            .collect();
        duplicates.sort_unstable_by_key(|ids: &Vec<u32>| ids[0]);
        let starts = starts_of(&counts);
        let backlinks = Backlinks::of(counts.len(), |index| {
            &targets[starts[index]..starts[index] + counts[index]]
        });
        Self {
            targets,
            duplicates,
            backlinks,
        }
    }

    /// Sets the targets of `entries` from this graph and gives their backlinks and
    /// duplicates; `None` when it does not fit them (it came from a cache: a wrong number of
    /// links, or an id past the last entry), so that nothing out of range is ever used.
    pub(super) fn apply(self, entries: &mut Entries) -> Option<(Backlinks, Vec<Duplicate>)> {
        let len = u32::try_from(entries.len()).ok()?;
        let fits = |id: u32| id < len;
        let counts = entries.link_counts();
        let sound = counts.iter().sum::<usize>() == self.targets.len()
            && (self.targets.par_iter()).all(|&id| id == DANGLING || fits(id))
            && (self.duplicates.iter()).all(|ids| ids.len() > 1 && ids.iter().all(|&id| fits(id)))
            && self.backlinks.fits(entries.len());
        if !sound {
            return None;
        }
        // The same array, each id turned into a target in place.
        let targets: Vec<Option<ArticleId>> = (self.targets.into_iter())
            .map(|id| (id != DANGLING).then(|| ArticleId::new(id as usize)))
            .collect();
        entries.set_targets(&counts, targets);
        let mut duplicates: Vec<Duplicate> = (self.duplicates.into_iter())
            .map(|ids| Duplicate {
                title: entries.get(ids[0] as usize).title().to_owned(),
                paths: (ids.iter())
                    .map(|&id| entries.get(id as usize).path().to_owned())
                    .collect(),
            })
            .collect();
        // As the reports have always listed them: by the first path's text.
        duplicates.sort_by(|a, b| a.paths[0].cmp(&b.paths[0]));
        Some((self.backlinks, duplicates))
    }
}

/// What resolving needs of an article: its title and the titles its `Read More:` lines name.
pub(super) trait Linking: Sync {
    fn title(&self) -> &str;
    fn links(&self) -> impl Iterator<Item = &str>;
}

impl Linking for Entry<'_> {
    fn title(&self) -> &str {
        Entry::title(*self)
    }

    fn links(&self) -> impl Iterator<Item = &str> {
        Entry::links(*self)
    }
}

/// An article as a cache record holds it: its title and its links.
impl Linking for (&str, &[String]) {
    fn title(&self) -> &str {
        self.0
    }

    fn links(&self) -> impl Iterator<Item = &str> {
        self.1.iter().map(String::as_str)
    }
}

/// Where each entry's run starts in an array holding `counts[i]` items for entry `i`.
fn starts_of(counts: &[usize]) -> Vec<usize> {
    (counts.iter())
        .scan(0, |at, &count| {
            let start = *at;
            *at += count;
            Some(start)
        })
        .collect()
}

/// For every article, the articles linking to it, each once, in path order: one list of ids
/// cut by offsets, rather than a vector per article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Backlinks {
    /// Where each article's list starts in `from`; one more than there are articles.
    starts: Vec<usize>,
    from: Vec<ArticleId>,
}

impl Backlinks {
    /// The backlinks of `len` articles whose links lead where `links` says (an article's
    /// index, or [`DANGLING`]) for each.
    fn of<'a>(len: usize, links: impl Fn(usize) -> &'a [u32]) -> Self {
        let mut counts = vec![0usize; len + 1];
        let mut linked = Vec::new();
        let each_target = |index: usize, linked: &mut Vec<u32>| {
            linked.clear();
            linked.extend(links(index).iter().filter(|&&id| id != DANGLING));
            linked.sort_unstable();
            linked.dedup();
        };
        for index in 0..len {
            each_target(index, &mut linked);
            for &target in &linked {
                counts[target as usize + 1] += 1;
            }
        }
        for index in 1..counts.len() {
            counts[index] += counts[index - 1];
        }
        let mut next = counts.clone();
        let mut from = vec![ArticleId::new(0); counts[len]];
        for (index, id) in ArticleId::all(len).enumerate() {
            each_target(index, &mut linked);
            for &target in &linked {
                let slot = &mut next[target as usize];
                from[*slot] = id;
                *slot += 1;
            }
        }
        Self {
            starts: counts,
            from,
        }
    }

    /// Whether these are backlinks of `len` articles: every list within the ids, every id
    /// one of them, each list in order. What a cache's backlinks must be to be used.
    fn fits(&self, len: usize) -> bool {
        self.starts.len() == len + 1
            && self.starts.first() == Some(&0)
            && self.starts.last() == Some(&self.from.len())
            && self.starts.is_sorted()
            && (self.from.par_iter()).all(|id| id.index() < len)
            && self.lists().all(|from| from.is_sorted())
    }

    /// The articles linking to `id`.
    pub(super) fn of_article(&self, id: ArticleId) -> &[ArticleId] {
        &self.from[self.starts[id.index()]..self.starts[id.index() + 1]]
    }

    /// The articles linking to each article, in id order.
    pub(super) fn lists(&self) -> impl Iterator<Item = &[ArticleId]> {
        (self.starts.windows(2)).map(|pair| &self.from[pair[0]..pair[1]])
    }
}

/// Questions about the link graph that the reports ask.
impl Library {
    /// Every link that names no article: (linking article, link text).
    pub fn dangling(&self) -> impl Iterator<Item = (ArticleId, &str)> {
        self.iter().flat_map(|(id, entry)| {
            entry
                .links()
                .zip(entry.targets())
                .filter(|(_, target)| target.is_none())
                .map(move |(text, _)| (id, text))
        })
    }

    /// Articles that no other article links to and that link to no other article, in path
    /// order: islands a reader can only reach from the list. Self-links and dangling links do
    /// not connect a story to anything, so they do not count.
    pub fn orphans(&self) -> impl Iterator<Item = ArticleId> {
        self.iter().filter_map(|(id, entry)| {
            let linked_to = self.backlinks(id).iter().any(|&from| from != id);
            let links_out = entry.targets().iter().flatten().any(|&to| to != id);
            (!linked_to && !links_out).then_some(id)
        })
    }

    /// The `n` articles linked from the most other articles, with that count, most first and
    /// in path order among equals. Articles no other article links to are left out.
    pub fn most_linked(&self, n: usize) -> Vec<(ArticleId, usize)> {
        let mut counted: Vec<(ArticleId, usize)> = self
            .ids()
            .zip(self.backlinks.lists())
            .map(|(id, from)| (id, from.iter().filter(|&&f| f != id).count()))
            .filter(|&(_, count)| count > 0)
            .collect();
        let by_rank =
            |a: &(ArticleId, usize), b: &(ArticleId, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        // Only the top `n` need sorting: the rest are cut off in linear time.
        if n < counted.len() {
            counted.select_nth_unstable_by(n, by_rank);
            counted.truncate(n);
        }
        counted.sort_unstable_by(by_rank);
        counted
    }
}

#[cfg(test)]
mod tests;
