//! Title search: fuzzy, case-insensitive, ranked as fzf ranks (nucleo's matcher and its
//! fzf-style query syntax), plus "closest titles" for names that match nothing.
//!
//! Built for a million titles: titles are packed for the matcher once, with a mask of their
//! letters that rules most non-matches out unread (`haystack`); a query that only grows
//! re-ranks the previous matches instead of every title, and re-scores only the words that
//! changed (the others keep their scores); matching uses every core, and ranking is a
//! counting sort on scores. A search can be cancelled mid-way when a newer keystroke makes
//! it stale (`crate::domain::worker` runs it off the UI thread).

mod closest;
mod haystack;
mod tiers;

pub use closest::{ClosestIndex, closest};

use std::sync::Arc;
use std::time::{Duration, Instant};

use nucleo_matcher::pattern::{Atom, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};
use rayon::prelude::*;

use crate::domain::library::{ArticleId, Library};
use haystack::{Haystacks, needed_letters};
use tiers::{Tier, rank_by_tier, tier};

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

/// The titles of a library in the matcher's representation, with matchers for every core and
/// the last query's matches for refining.
pub struct TitleSearch {
    haystacks: Arc<Haystacks>,
    matchers: Vec<Matcher>,
    last: Option<Last>,
}

/// The previous search, kept so that the next keystroke can refine it.
struct Last {
    query: String,
    atoms: Vec<Atom>,
    /// The matches in id order, with their scores split as [`Scored`] says.
    matched: Vec<Scored>,
    ranked: Vec<Hit>,
}

/// A match's score in two parts: `fixed`, from every atom (word) of the query but the last,
/// and `last`, from the last one, which is the one being typed.
#[derive(Debug, Clone, Copy)]
struct Scored {
    id: ArticleId,
    fixed: u32,
    last: u32,
    /// How the title holds the whole query, which ranks before the score.
    tier: Tier,
}

impl TitleSearch {
    pub fn new<'a>(titles: impl IntoIterator<Item = &'a str>) -> Self {
        Self::with_haystacks(Arc::new(Haystacks::new(titles)))
    }

    pub fn for_library(library: &Library) -> Self {
        Self::new(library.entries().iter().map(|entry| entry.title.as_str()))
    }

    fn with_haystacks(haystacks: Arc<Haystacks>) -> Self {
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
        self.search_unless(query, &|| false).unwrap_or_default()
    }

    /// Like [`TitleSearch::search`], but gives up (returning `None`) as soon as `cancelled`
    /// says the answer is no longer wanted.
    pub fn search_unless(
        &mut self,
        query: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let atoms = parse(query).atoms;
        let previous = self
            .last
            .as_ref()
            .filter(|last| refines(&last.query, query));
        if let Some(last) = previous
            && last.atoms == atoms
        {
            // Trailing spaces add no atom: the answer is the one already found.
            return Some(last.ranked.clone());
        }
        let (candidates, kept) = match previous {
            Some(last) => (
                Candidates::Some(&last.matched),
                Kept::of(&last.atoms, &atoms),
            ),
            None => (Candidates::All, Kept::Nothing),
        };
        let matched = score(
            &self.haystacks,
            &mut self.matchers,
            &atoms,
            candidates,
            kept,
            cancelled,
        )?;
        let tiered: Vec<(Hit, Tier)> = matched
            .iter()
            .map(|scored| {
                let hit = Hit {
                    id: scored.id,
                    score: scored.fixed + scored.last,
                };
                (hit, scored.tier)
            })
            .collect();
        let ranked = rank_by_tier(tiered, rank);
        let hits = ranked.clone();
        self.last = Some(Last {
            query: query.to_owned(),
            atoms,
            matched,
            ranked,
        });
        Some(hits)
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
            if self.haystacks.may_match(index, needed)
                && pattern.score(self.haystacks.get(index), matcher).is_some()
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
    pub fn matched_chars(&mut self, id: ArticleId, query: &str) -> Vec<usize> {
        let mut indices = Vec::new();
        if let (true, Some(matcher)) = (id.index() < self.len(), self.matchers.first_mut()) {
            parse(query).indices(self.haystacks.get(id.index()), matcher, &mut indices);
        }
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

fn parse(query: &str) -> Pattern {
    Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
}

/// Whether the matches of `new` are a subset of those of `old`, so only they need matching.
/// Typing more only narrows a fuzzy query, except inside a negated (`!`) or end-anchored
/// (`$`) atom, or after an escape.
fn refines(old: &str, new: &str) -> bool {
    new.starts_with(old) && !new.contains(['!', '$', '\\'])
}

/// Which titles to match.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    All,
    /// The previous matches, in id order.
    Some(&'a [Scored]),
}

/// How much of a previous match's score the refined query keeps, its leading atoms being
/// the same; each variant holds how many atoms that spares matching again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kept {
    Nothing,
    /// All atoms but the last are the same: `fixed` holds.
    Fixed(usize),
    /// Every previous atom is still there and new ones follow: `fixed + last` holds.
    Whole(usize),
}

impl Kept {
    fn of(old: &[Atom], new: &[Atom]) -> Self {
        let same = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        if !old.is_empty() && same == old.len() && new.len() > old.len() {
            Self::Whole(same)
        } else if !old.is_empty() && same + 1 == old.len() && new.len() == old.len() {
            Self::Fixed(same)
        } else {
            Self::Nothing
        }
    }

    fn atoms(self) -> usize {
        match self {
            Self::Nothing => 0,
            Self::Fixed(atoms) | Self::Whole(atoms) => atoms,
        }
    }

    fn carried(self, previous: &Scored) -> u32 {
        match self {
            Self::Nothing => 0,
            Self::Fixed(_) => previous.fixed,
            Self::Whole(_) => previous.fixed + previous.last,
        }
    }
}

/// Matches `atoms` against the candidates on every core; matches come back in id order.
/// Of a previous match, the atoms `kept` covers are not matched again.
fn score(
    haystacks: &Haystacks,
    matchers: &mut [Matcher],
    atoms: &[Atom],
    candidates: Candidates<'_>,
    kept: Kept,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Scored>> {
    let (total, kept) = match candidates {
        Candidates::All => (haystacks.len(), Kept::Nothing),
        Candidates::Some(previous) => (previous.len(), kept),
    };
    let fresh = &atoms[kept.atoms()..];
    let needed = needed_letters(fresh);
    let chunk = total.div_ceil(matchers.len().max(1)).max(1);
    // One contiguous range per matcher, so the parts come back in id order.
    let parts: Vec<Option<Vec<Scored>>> = matchers
        .par_iter_mut()
        .enumerate()
        .map(|(n, matcher)| {
            let range = (n * chunk).min(total)..((n + 1) * chunk).min(total);
            let mut matched = Vec::new();
            for (done, index) in range.enumerate() {
                if done % CANCEL_CHECK_EVERY == 0 && cancelled() {
                    return None;
                }
                let (id, carried) = match candidates {
                    Candidates::All => (ArticleId::new(index), 0),
                    Candidates::Some(previous) => {
                        (previous[index].id, kept.carried(&previous[index]))
                    }
                };
                if !haystacks.may_match(id.index(), needed) {
                    continue;
                }
                if let Some(mut scored) = score_one(haystacks, matcher, id, fresh, carried) {
                    scored.tier = tier(haystacks.get(id.index()), atoms);
                    matched.push(scored);
                }
            }
            Some(matched)
        })
        .collect();
    let mut matched = Vec::with_capacity(parts.iter().flatten().map(Vec::len).sum());
    for part in parts {
        matched.extend(part?);
    }
    Some(matched)
}

/// Scores title `id` by the `fresh` atoms on top of the `carried` score of the others, or
/// `None` if one of them does not match.
fn score_one(
    haystacks: &Haystacks,
    matcher: &mut Matcher,
    id: ArticleId,
    fresh: &[Atom],
    carried: u32,
) -> Option<Scored> {
    let title = haystacks.get(id.index());
    let mut scored = Scored {
        id,
        fixed: carried,
        last: 0,
        tier: Tier::Word,
    };
    if let Some((last, others)) = fresh.split_last() {
        for atom in others {
            scored.fixed += u32::from(atom.score(title, matcher)?);
        }
        scored.last = u32::from(last.score(title, matcher)?);
    }
    Some(scored)
}

/// Sorts hits (given in id order) best score first, ties in id order. Scores fall in a small
/// range, so a counting sort does in linear time what a comparison sort of a million hits
/// would take a whole frame for.
fn rank(hits: &mut Vec<Hit>) {
    const MAX_BUCKETS: u32 = 1 << 16;
    let Some(top) = hits.iter().map(|hit| hit.score).max() else {
        return;
    };
    if top >= MAX_BUCKETS {
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        return;
    }
    let mut starts = vec![0usize; top as usize + 2];
    for hit in hits.iter() {
        starts[(top - hit.score) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut ranked = vec![
        Hit {
            id: ArticleId::new(0),
            score: 0
        };
        hits.len()
    ];
    for hit in hits.iter() {
        let slot = &mut starts[(top - hit.score) as usize];
        ranked[*slot] = *hit;
        *slot += 1;
    }
    *hits = ranked;
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLES: [&str; 4] = [
        "North Korea skips rally",
        "Korean defence talks",
        "Weather in Seoul",
        "Markets rally on Korea news",
    ];

    fn ids(hits: &[Hit]) -> Vec<usize> {
        hits.iter().map(|hit| hit.id.index()).collect()
    }

    fn indexes(ids: Vec<ArticleId>) -> Vec<usize> {
        ids.iter().map(|id| id.index()).collect()
    }

    fn hit(index: usize, score: u32) -> Hit {
        Hit {
            id: ArticleId::new(index),
            score,
        }
    }

    #[test]
    fn empty_query_lists_everything_in_order() {
        let mut search = TitleSearch::new(TITLES);
        assert_eq!(ids(&search.search("")), [0, 1, 2, 3]);
    }

    #[test]
    fn fuzzy_case_insensitive_and_best_first() {
        let mut search = TitleSearch::new(TITLES);
        assert_eq!(ids(&search.search("KOREA DEF")), [1]);
        assert_eq!(search.search("rally").len(), 2);
        assert!(search.search("zzz").is_empty());
        // A fuzzy subsequence still matches.
        assert_eq!(
            search.search("wthrsl").first().map(|hit| hit.id.index()),
            Some(2)
        );
    }

    #[test]
    fn matched_chars_point_at_the_query_letters() {
        let mut search = TitleSearch::new(TITLES);
        assert_eq!(
            search.matched_chars(ArticleId::new(2), "seoul"),
            [11, 12, 13, 14, 15]
        );
    }

    #[test]
    fn refining_gives_the_same_answer_as_searching_afresh() {
        use crate::domain::corpus::{TitleStyle, titles_of};
        for style in [TitleStyle::Short, TitleStyle::Long] {
            let titles = titles_of(style, 3000);
            for query in ["korea defence", "pak tal  in k", "^nor 'kor de$"] {
                let mut typed = TitleSearch::new(titles.iter().map(String::as_str));
                for end in 1..=query.len() {
                    let typed_hits = typed.search(&query[..end]);
                    let fresh =
                        TitleSearch::new(titles.iter().map(String::as_str)).search(&query[..end]);
                    assert_eq!(
                        typed_hits,
                        fresh,
                        "{style:?} after typing {:?}",
                        &query[..end]
                    );
                }
            }
        }
        let titles = crate::domain::corpus::titles(3000);
        let mut typed = TitleSearch::new(titles.iter().map(String::as_str));
        typed.search("korea defence");
        // Backspace, negation and anchors start afresh rather than refine.
        for query in ["korea", "korea !def", "korea !de", "tal$", "tal$k"] {
            let fresh = TitleSearch::new(titles.iter().map(String::as_str)).search(query);
            assert_eq!(typed.search(query), fresh, "{query:?}");
        }
    }

    #[test]
    fn a_refined_query_rescores_only_the_atoms_that_changed() {
        let atoms = |query: &str| parse(query).atoms;
        assert_eq!(Kept::of(&atoms("korea"), &atoms("korea d")), Kept::Whole(1));
        assert_eq!(
            Kept::of(&atoms("korea d"), &atoms("korea de")),
            Kept::Fixed(1)
        );
        assert_eq!(Kept::of(&atoms("kor"), &atoms("kore")), Kept::Fixed(0));
        assert_eq!(Kept::of(&atoms("a b"), &atoms("a b c d")), Kept::Whole(2));
        assert_eq!(Kept::of(&atoms(""), &atoms("a")), Kept::Nothing);
        assert_eq!(Kept::of(&atoms("a b"), &atoms("a bc d")), Kept::Nothing);
    }

    #[test]
    fn first_matches_are_the_earliest_matching_titles() {
        let mut search = TitleSearch::new(TITLES);
        assert_eq!(
            indexes(search.first_matches("korea", 2, Duration::from_secs(1))),
            [0, 1]
        );
        assert_eq!(
            indexes(search.first_matches("rally", 5, Duration::from_secs(1))),
            [0, 3]
        );
    }

    #[test]
    fn whole_words_rank_first_then_runs_inside_words_and_scattered_letters_only_when_close() {
        let titles = [
            "Child access law shake-up planned",
            "Cairn shares slump on oil setback",
            "Chelsea's new stand opens",
            "Manchelsea fan club",
            "Mourinho leaves Chelsea",
        ];
        let mut search = TitleSearch::new(titles);
        let found: Vec<&str> = (search.search("chelsea").iter())
            .map(|hit| titles[hit.id.index()])
            .collect();
        assert_eq!(
            found,
            [
                "Chelsea's new stand opens",
                "Mourinho leaves Chelsea",
                "Manchelsea fan club"
            ],
            "whole words, then inside a word; no scattered letters"
        );
        // With nothing better, scattered letters still find a title.
        let hits = search.search("chlsa");
        assert!(!hits.is_empty());
        // Word prefixes count as words: "mour lea" finds Mourinho first.
        assert_eq!(search.search("mour lea")[0].id.index(), 4);
    }

    #[test]
    fn ranking_is_by_score_then_path_order() {
        let mut hits = vec![hit(0, 5), hit(1, 9), hit(2, 5), hit(3, 0), hit(4, 9)];
        rank(&mut hits);
        assert_eq!(ids(&hits), [1, 4, 0, 2, 3]);
        let mut wide = vec![hit(0, 1), hit(1, 1 << 20)];
        rank(&mut wide);
        assert_eq!(ids(&wide), [1, 0]);
    }

    #[test]
    fn a_cancelled_search_gives_nothing_and_keeps_no_state() {
        let titles = crate::domain::corpus::titles(20_000);
        let mut search = TitleSearch::new(titles.iter().map(String::as_str));
        assert_eq!(search.search_unless("korea", &|| true), None);
        assert_eq!(
            search.search("korea").len(),
            TitleSearch::new(titles.iter().map(String::as_str))
                .search("korea")
                .len()
        );
    }
}
