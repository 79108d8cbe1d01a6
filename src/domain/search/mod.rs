//! Title search: fuzzy, case-insensitive, ranked as fzf ranks (nucleo's matcher and its
//! fzf-style query syntax), plus "closest titles" for names that match nothing.
//!
//! Built for a million titles: titles are packed for the matcher once, with a mask of their
//! letters that rules most non-matches out unread (`haystack`); a query that only grows
//! re-ranks the previous matches instead of every title, and re-scores only the words that
//! changed (the others keep their scores); matching uses every core; every match is counted
//! but only the rows a list asks for are put in order (`ranked`). A search can be cancelled
//! mid-way when a newer keystroke makes it stale (`crate::domain::worker` runs it off the UI
//! thread).

mod align;
mod bound;
mod closest;
mod haystack;
mod matching;
mod packing;
mod progress;
mod ranked;
mod tiers;

pub use closest::{ClosestIndex, closest};

use std::iter;
use std::sync::Arc;
use std::time::{Duration, Instant};

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::library::{ArticleId, Library};
use haystack::{Haystacks, needed_letters};
use matching::{Candidates, Found, Kept, Scored, confirm_pending, find, holds, score_rest};
use packing::Packing;
use progress::fuzzy_ascii;
use ranked::Members;
#[cfg(test)]
use tiers::Tier;

/// How many titles a thread matches between checks for cancellation.
const CANCEL_CHECK_EVERY: usize = 4096;

/// Matchers per core: a scan is cut into this many parts per core, so that a core slowed
/// by other work hands its share to the others instead of holding up the answer.
const PARTS_PER_CORE: usize = 4;

/// One search hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: ArticleId,
    pub score: u32,
}

/// The answer to a query as a list shows it: how many titles match, and the first of them
/// ranked (as many as were asked for), best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// The titles of a library in the matcher's representation, with matchers for every core and
/// the last query's matches for refining.
pub struct TitleSearch {
    haystacks: Arc<Packing>,
    matchers: Vec<Matcher>,
    last: Option<Last>,
}

/// The previous search, kept so that the next keystroke can refine it.
struct Last {
    query: String,
    atoms: Vec<Atom>,
    /// The matches counted (in no particular order), with their scores split as
    /// [`matching::Split`] says where they were needed.
    matched: Vec<Scored>,
    /// The matches left pending (see [`matching::Scored::pending`]), in parts shared with
    /// the searches before: while the last word only grows, they are carried over unread.
    pending: Vec<Arc<Vec<Scored>>>,
    /// The titles shown for the query, ranked as far as they were asked for.
    members: Members,
}

impl TitleSearch {
    pub fn new<'a>(titles: impl IntoIterator<Item = &'a str>) -> Self {
        Self::with_haystacks(Arc::new(Packing::packed(Haystacks::new(titles))))
    }

    pub fn for_library(library: &Library) -> Self {
        Self::with_haystacks(Arc::new(Packing::packed(packing::pack(library))))
    }

    /// A searcher over the titles of `library` that packs them when first asked
    /// ([`TitleSearch::pack`], or a search), so that making it costs nothing: the first
    /// screen does not wait for a million titles to be packed.
    pub fn for_library_later(library: Arc<Library>) -> Self {
        Self::with_haystacks(Arc::new(Packing::later(library)))
    }

    /// Packs the titles now if no one has (a search made meanwhile waits for this).
    pub fn pack(&self) {
        let _ = self.haystacks.len();
    }

    /// Whether the titles are packed: until then, anything that reads them waits for them.
    pub fn is_packed(&self) -> bool {
        self.haystacks.is_packed()
    }

    fn with_haystacks(haystacks: Arc<Packing>) -> Self {
        Self {
            haystacks,
            matchers: (0..rayon::current_num_threads() * PARTS_PER_CORE)
                .map(|_| Matcher::new(Config::DEFAULT))
                .collect(),
            last: None,
        }
    }

    /// Another searcher over the same titles (shared, not copied), for another thread.
    pub fn share(&self) -> Self {
        Self::with_haystacks(Arc::clone(&self.haystacks))
    }

    pub fn len(&self) -> usize {
        self.haystacks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.haystacks.len() == 0
    }

    /// Titles matching `query`, best first; ties keep path order. An empty query matches every
    /// title, in path order.
    pub fn search(&mut self, query: &str) -> Vec<Hit> {
        self.rank_unless(query, usize::MAX, &|| false)
            .map(|ranked| ranked.hits)
            .unwrap_or_default()
    }

    /// How many titles match `query`, and the first `rows` of them ranked as
    /// [`TitleSearch::search`] ranks them: only those are put in order. Asking again for the
    /// same query (more rows, as a list scrolls) ranks the matches already found. Gives up
    /// (returning `None`) as soon as `cancelled` says the answer is no longer wanted.
    pub fn rank_unless(
        &mut self,
        query: &str,
        rows: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Ranked> {
        let atoms = parse(query).atoms;
        if let Some(last) = self
            .last
            .as_mut()
            .filter(|last| last.answers(query, &atoms))
        {
            return Some(last.ranked(rows));
        }
        let previous = self
            .last
            .as_ref()
            .filter(|last| refines(&last.query, query));
        let (kept, grew) = match previous {
            Some(last) => (
                Kept::of(&last.atoms, &atoms),
                last_grew(&last.atoms, &atoms),
            ),
            None => (Kept::Nothing, false),
        };
        let resumes = grew
            && (previous.and_then(|last| last.atoms.last())).is_some_and(|atom| {
                atom.kind == AtomKind::Fuzzy
                    && !atom.negative
                    && matches!(atom.needle_text(), Utf32Str::Ascii(_))
            });
        // A pending match stays pending, unread, while its last word only grows: `find`
        // would leave it so after reading only its letter mask.
        let defers = resumes && atoms.last().and_then(fuzzy_ascii).is_some();
        let mut pending = match previous {
            Some(last) if defers => last.pending.clone(),
            _ => Vec::new(),
        };
        let parts: Vec<&[Scored]> = match previous {
            Some(last) => iter::once(&last.matched[..])
                .chain(
                    last.pending
                        .iter()
                        .map(|part| &part[..])
                        .filter(|_| !defers),
                )
                .collect(),
            None => Vec::new(),
        };
        let candidates = match previous {
            Some(_) => Candidates::Some(&parts),
            None => Candidates::All,
        };
        let spaced = bound::Spaced::of(&atoms);
        let titles = self.haystacks.reading(&atoms);
        let (mut found, left) = find(
            titles,
            &mut self.matchers,
            &atoms,
            candidates,
            (kept, grew, resumes),
            &|title| spaced.and_then(|spaced| spaced.score(title)),
            cancelled,
        )?;
        let floor = bound::scattered_floor(&atoms, &found);
        for left in left.into_iter().filter(|left| !left.is_empty()) {
            if floor.is_some() {
                found.extend(left);
            } else {
                // In place: a pending match needs no score carried.
                pending.push(Arc::new(
                    left.into_iter().map(|found| found.scored).collect(),
                ));
            }
        }
        if let Some(floor) = floor {
            for part in pending.drain(..) {
                found.extend(part.iter().map(|&scored| Found {
                    scored,
                    carried: None,
                }));
            }
            confirm_pending(titles, &mut self.matchers, &atoms, &mut found, cancelled)?;
            let wanted = |found: &Found, title: Utf32Str<'_>, matcher: &mut Matcher| {
                floor.is_none_or(|floor| {
                    bound::may_reach(found, title, &atoms, kept.atoms(), matcher, floor)
                })
            };
            score_rest(
                titles,
                &mut self.matchers,
                &atoms,
                kept,
                (&mut found, &wanted),
                cancelled,
            )?;
        }
        let matched: Vec<Scored> = found.into_iter().map(|found| found.scored).collect();
        let members = Members::of(matched.iter().filter_map(|scored| {
            let hit = Hit {
                id: scored.id,
                score: scored.score?.total(),
            };
            Some((hit, scored.tier))
        }));
        let last = self.last.insert(Last {
            query: query.to_owned(),
            atoms,
            matched,
            pending,
            members,
        });
        Some(last.ranked(rows))
    }

    /// Whether `query` is answered from the last search's matches without searching again
    /// (it is the same query, or adds only spaces).
    pub fn has_matched(&self, query: &str) -> bool {
        (self.last.as_ref()).is_some_and(|last| last.answers(query, &parse(query).atoms))
    }

    /// The first titles in path order that match `query`, unranked: up to `limit` of them,
    /// found within `budget`. A quick answer to show while the full ranking runs.
    pub fn first_matches(&mut self, query: &str, limit: usize, budget: Duration) -> Vec<ArticleId> {
        let started = Instant::now();
        let pattern = parse(query);
        let needed = needed_letters(&pattern.atoms);
        let Some(matcher) = self.matchers.first_mut() else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        for index in 0..self.haystacks.len() {
            if index % CANCEL_CHECK_EVERY == 0 && started.elapsed() > budget {
                break;
            }
            let title = self.haystacks.get(index);
            if self.haystacks.may_match(index, needed)
                && (pattern.atoms.iter()).all(|atom| holds(title, atom, matcher))
            {
                ids.push(ArticleId::new(index));
                if ids.len() == limit {
                    break;
                }
            }
        }
        ids
    }

    /// Char positions in the title of `id` that `query` matched, sorted, for highlighting.
    /// None before the titles are packed: the UI thread asks, and never waits for a packing
    /// (a search's results come after it; a dangling link's closest titles may come before,
    /// and are highlighted once asked again).
    pub fn matched_chars(&mut self, id: ArticleId, query: &str) -> Vec<usize> {
        if !self.is_packed() {
            return Vec::new();
        }
        let mut indices = Vec::new();
        if let (true, Some(matcher)) = (id.index() < self.len(), self.matchers.first_mut()) {
            parse(query).indices(self.haystacks.get(id.index()), matcher, &mut indices);
        }
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

impl Last {
    /// Whether these matches answer `query` (parsed into `atoms`): it is the same query, or
    /// one with trailing spaces, which add no atom.
    fn answers(&self, query: &str, atoms: &[Atom]) -> bool {
        refines(&self.query, query) && self.atoms == atoms
    }

    fn ranked(&mut self, rows: usize) -> Ranked {
        Ranked {
            total: self.members.len(),
            hits: self.members.top(rows),
        }
    }
}

fn parse(query: &str) -> Pattern {
    Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
}

/// Whether `new` only types more into the last atom of `old`: its needle starts with the old
/// one's, the others being the same.
fn last_grew(old: &[Atom], new: &[Atom]) -> bool {
    matches!(Kept::of(old, new), Kept::Fixed(_))
        && old.last().zip(new.last()).is_some_and(|(old, new)| {
            let (old, new) = (old.needle_text(), new.needle_text());
            new.len() >= old.len() && old.chars().eq(new.chars().take(old.len()))
        })
}

/// Whether the matches of `new` are a subset of those of `old`, so only they need matching.
/// Typing more only narrows a fuzzy query, except inside a negated (`!`) or end-anchored
/// (`$`) atom, or after an escape.
fn refines(old: &str, new: &str) -> bool {
    new.starts_with(old) && !new.contains(['!', '$', '\\'])
}

#[cfg(test)]
mod tests;
