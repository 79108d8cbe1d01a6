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
mod matching;
mod tiers;

pub use closest::{ClosestIndex, closest};

use std::sync::Arc;
use std::time::{Duration, Instant};

use nucleo_matcher::pattern::{Atom, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use crate::domain::library::{ArticleId, Library};
use haystack::{Haystacks, needed_letters};
use matching::{Candidates, Kept, Scored, rank, score};
use tiers::{Tier, rank_by_tier};

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

    /// Query text typed a piece at a time: letters the titles hold, spaces between words, and
    /// the syntax that must not be narrowed (`!`, `$`, `\\`) or may be (`'`, `^`).
    fn typing() -> impl proptest::strategy::Strategy<Value = Vec<&'static str>> {
        let piece = proptest::sample::select(vec![
            "k", "o", "r", "e", "a", "d", "f", "n", "c", "t", "s", "l", "in", " ", " ", "'", "^",
            "!", "$", "\\", "é",
        ]);
        proptest::collection::vec(piece, 1..12)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Each keystroke narrows the previous one's matches (or starts afresh when it may not),
        /// and gives exactly what a search from scratch gives: as the query grows piece by piece,
        /// and as it shrinks again one character at a time (backspace).
        #[test]
        fn narrowing_and_backspace_give_what_a_fresh_search_gives(pieces in typing()) {
            let titles = crate::domain::corpus::titles_of(crate::domain::corpus::TitleStyle::Long, 1500);
            let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
            let fresh = |query: &str| TitleSearch::new(titles.iter().copied()).search(query);
            let mut typed = TitleSearch::new(titles.iter().copied());
            let mut query = String::new();
            for piece in &pieces {
                query.push_str(piece);
                proptest::prop_assert_eq!(typed.search(&query), fresh(&query), "typed {:?}", query);
            }
            while query.pop().is_some() {
                proptest::prop_assert_eq!(typed.search(&query), fresh(&query), "deleted to {:?}", query);
            }
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
