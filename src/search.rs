//! Title search: fuzzy, case-insensitive, ranked as fzf ranks (nucleo's matcher and its
//! fzf-style query syntax), plus "closest titles" for names that match nothing.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use crate::library::{ArticleId, Library};
use crate::normalize::normalize_title;

/// One search hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: ArticleId,
    pub score: u32,
}

/// The titles of a library, stored once in the matcher's own representation so that each
/// keystroke only matches, never converts.
pub struct TitleSearch {
    haystacks: Vec<Utf32String>,
    matcher: Matcher,
}

impl TitleSearch {
    pub fn new<'a>(titles: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            haystacks: titles.into_iter().map(Utf32String::from).collect(),
            matcher: Matcher::new(Config::DEFAULT),
        }
    }

    pub fn for_library(library: &Library) -> Self {
        Self::new(
            library
                .entries()
                .iter()
                .map(|entry| entry.article.title.as_str()),
        )
    }

    /// Titles matching `query`, best first; ties keep path order. An empty query matches every
    /// title, in path order.
    pub fn search(&mut self, query: &str) -> Vec<Hit> {
        let pattern = parse(query);
        let mut hits: Vec<Hit> = self
            .haystacks
            .iter()
            .enumerate()
            .filter_map(|(id, title)| {
                pattern
                    .score(title.slice(..), &mut self.matcher)
                    .map(|score| Hit { id, score })
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        hits
    }

    /// Char positions in the title of `id` that `query` matched, sorted, for highlighting.
    pub fn matched_chars(&mut self, id: ArticleId, query: &str) -> Vec<usize> {
        let mut indices = Vec::new();
        parse(query).indices(
            self.haystacks[id].slice(..),
            &mut self.matcher,
            &mut indices,
        );
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

fn parse(query: &str) -> Pattern {
    Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
}

/// Up to `limit` titles closest to `name`: fuzzy matches first, then titles by edit
/// similarity, so that a typo or a slightly different headline still finds its story.
pub fn closest(library: &Library, name: &str, limit: usize) -> Vec<ArticleId> {
    let mut search = TitleSearch::for_library(library);
    let mut ids: Vec<ArticleId> = search
        .search(name)
        .into_iter()
        .map(|hit| hit.id)
        .take(limit)
        .collect();
    if ids.len() < limit {
        let wanted = normalize_title(name);
        let mut by_similarity: Vec<(f64, ArticleId)> = library
            .entries()
            .iter()
            .enumerate()
            .filter(|(id, _)| !ids.contains(id))
            .map(|(id, entry)| {
                let title = normalize_title(&entry.article.title);
                (strsim::normalized_levenshtein(&wanted, &title), id)
            })
            .filter(|(similarity, _)| *similarity > 0.3)
            .collect();
        by_similarity.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ids.extend(
            by_similarity
                .into_iter()
                .map(|(_, id)| id)
                .take(limit - ids.len()),
        );
    }
    ids
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

    #[test]
    fn empty_query_lists_everything_in_order() {
        let mut search = TitleSearch::new(TITLES);
        let ids: Vec<_> = search.search("").iter().map(|hit| hit.id).collect();
        assert_eq!(ids, [0, 1, 2, 3]);
    }

    #[test]
    fn fuzzy_case_insensitive_and_best_first() {
        let mut search = TitleSearch::new(TITLES);
        let ids: Vec<_> = search
            .search("KOREA DEF")
            .iter()
            .map(|hit| hit.id)
            .collect();
        assert_eq!(ids, [1]);
        let ids: Vec<_> = search.search("rally").iter().map(|hit| hit.id).collect();
        assert_eq!(ids.len(), 2);
        assert!(search.search("zzz").is_empty());
        // A fuzzy subsequence still matches.
        assert_eq!(search.search("wthrsl").first().map(|hit| hit.id), Some(2));
    }

    #[test]
    fn matched_chars_point_at_the_query_letters() {
        let mut search = TitleSearch::new(TITLES);
        assert_eq!(search.matched_chars(2, "seoul"), [11, 12, 13, 14, 15]);
    }
}
