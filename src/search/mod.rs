//! Title search: fuzzy, case-insensitive, ranked as fzf ranks (nucleo's matcher and its
//! fzf-style query syntax), plus "closest titles" for names that match nothing.
//!
//! Built for a million titles: titles are converted for the matcher once, a query that only
//! grows re-ranks the previous matches instead of every title, matching uses every core, and
//! ranking is a counting sort on scores. A search can be cancelled mid-way when a newer
//! keystroke makes it stale (`crate::worker` runs it off the UI thread).

mod closest;

pub use closest::{ClosestIndex, closest};

use std::sync::Arc;
use std::time::{Duration, Instant};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use rayon::prelude::*;

use crate::library::{ArticleId, Library};

/// How many titles a thread matches between checks for cancellation.
const CANCEL_CHECK_EVERY: usize = 4096;

/// One search hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: ArticleId,
    pub score: u32,
}

/// The titles of a library in the matcher's representation, with one matcher per core and the
/// last query's matches for refining.
pub struct TitleSearch {
    haystacks: Arc<[Utf32String]>,
    matchers: Vec<Matcher>,
    last: Option<(String, Vec<Hit>)>,
}

impl TitleSearch {
    pub fn new<'a>(titles: impl IntoIterator<Item = &'a str>) -> Self {
        Self::with_haystacks(titles.into_iter().map(Utf32String::from).collect())
    }

    pub fn for_library(library: &Library) -> Self {
        Self::new(library.entries().iter().map(|entry| entry.title.as_str()))
    }

    fn with_haystacks(haystacks: Arc<[Utf32String]>) -> Self {
        Self {
            haystacks,
            matchers: (0..rayon::current_num_threads())
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
        self.haystacks.is_empty()
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
        if let Some((last, hits)) = &self.last {
            // Trailing spaces add no atom: the answer is the one already found.
            if refines(last, query) && last.split_whitespace().eq(query.split_whitespace()) {
                return Some(hits.clone());
            }
        }
        let pattern = parse(query);
        let previous = match &self.last {
            Some((last, hits)) if refines(last, query) => Some(hits.as_slice()),
            _ => None,
        };
        // The previous hits are ranked; matching must see them in path order again for ties
        // to stay in path order.
        let refined: Vec<ArticleId>;
        let candidates = match previous {
            Some(previous) => {
                let mut ids: Vec<ArticleId> = previous.iter().map(|hit| hit.id).collect();
                ids.sort_unstable();
                refined = ids;
                Candidates::Some(&refined)
            }
            None => Candidates::All,
        };
        let mut hits = score(
            &self.haystacks,
            &mut self.matchers,
            &pattern,
            candidates,
            cancelled,
        )?;
        rank(&mut hits);
        self.last = Some((query.to_owned(), hits.clone()));
        Some(hits)
    }

    /// The first titles in path order that match `query`, unranked: up to `limit` of them,
    /// found within `budget`. A quick answer to show while the full ranking runs.
    pub fn first_matches(&mut self, query: &str, limit: usize, budget: Duration) -> Vec<ArticleId> {
        let started = Instant::now();
        let pattern = parse(query);
        let Some(matcher) = self.matchers.first_mut() else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        for (index, title) in self.haystacks.iter().enumerate() {
            if index % CANCEL_CHECK_EVERY == 0 && started.elapsed() > budget {
                break;
            }
            if pattern.score(title.slice(..), matcher).is_some() {
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
        if let (Some(title), Some(matcher)) =
            (self.haystacks.get(id.index()), self.matchers.first_mut())
        {
            parse(query).indices(title.slice(..), matcher, &mut indices);
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
    /// These ids, in ascending order.
    Some(&'a [ArticleId]),
}

/// Matches `pattern` against the candidates on every core; hits come back in id order.
fn score(
    haystacks: &[Utf32String],
    matchers: &mut [Matcher],
    pattern: &Pattern,
    candidates: Candidates<'_>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Hit>> {
    let total = match candidates {
        Candidates::All => haystacks.len(),
        Candidates::Some(ids) => ids.len(),
    };
    let chunk = total.div_ceil(matchers.len().max(1)).max(1);
    // One contiguous range per matcher, so the parts come back in id order.
    let parts: Vec<Option<Vec<Hit>>> = matchers
        .par_iter_mut()
        .enumerate()
        .map(|(n, matcher)| {
            let range = (n * chunk).min(total)..((n + 1) * chunk).min(total);
            let mut hits = Vec::new();
            for (done, index) in range.enumerate() {
                if done % CANCEL_CHECK_EVERY == 0 && cancelled() {
                    return None;
                }
                let id = match candidates {
                    Candidates::All => ArticleId::new(index),
                    Candidates::Some(ids) => ids[index],
                };
                if let Some(score) = pattern.score(haystacks[id.index()].slice(..), matcher) {
                    hits.push(Hit { id, score });
                }
            }
            Some(hits)
        })
        .collect();
    let mut hits = Vec::with_capacity(parts.iter().flatten().map(Vec::len).sum());
    for part in parts {
        hits.extend(part?);
    }
    Some(hits)
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
        let titles = crate::corpus::titles(3000);
        let mut typed = TitleSearch::new(titles.iter().map(String::as_str));
        let query = "korea defence";
        for end in 1..=query.len() {
            let typed_hits = typed.search(&query[..end]);
            let fresh = TitleSearch::new(titles.iter().map(String::as_str)).search(&query[..end]);
            assert_eq!(typed_hits, fresh, "after typing {:?}", &query[..end]);
        }
        // Backspace, negation and anchors start afresh rather than refine.
        for query in ["korea", "korea !def", "korea !de", "tal$", "tal$k"] {
            let fresh = TitleSearch::new(titles.iter().map(String::as_str)).search(query);
            assert_eq!(typed.search(query), fresh, "{query:?}");
        }
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
        let titles = crate::corpus::titles(20_000);
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
