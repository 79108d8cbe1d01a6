//! "More like this": the stories closest in content to one article, for a library without
//! `Read More:` lines to be navigable all the same.
//!
//! The article's own text is analysed as it was indexed, each term weighted by tf-idf (its
//! count in the article, title occurrences counting [`TITLE_WEIGHT`] times, by the index's
//! document frequency), and its [`TERMS`] most distinctive terms become one OR query,
//! each term boosted by its weight, ranked by BM25 like a search. Terms only this article holds
//! are skipped: they can find nothing else and would crowd out the ones that can.

use std::collections::{HashMap, HashSet};

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query as EngineQuery};
use tantivy::{Score, Searcher, Term};

use super::engine::Fields;
use super::search::{run, word_query};
use super::tokenizer::terms;
use crate::domain::article::Block;
use crate::domain::library::{ArticleId, Library};

/// How many of the article's terms make the query: enough to describe the story, few enough
/// to stay fast on a large index.
const TERMS: usize = 20;
/// How much more a word of the title says about the story than one of the body.
const TITLE_WEIGHT: f32 = 3.0;

/// The best `limit` articles like `id` as (article, score), best first, ties in path order:
/// neither `id` itself nor an article it links to or is linked from.
pub(super) fn similar(
    searcher: &Searcher,
    fields: &Fields,
    library: &Library,
    id: ArticleId,
    limit: usize,
) -> tantivy::Result<Vec<(ArticleId, Score)>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let entry = library.get(id);
    let mut excluded: HashSet<ArticleId> = entry.targets().iter().flatten().copied().collect();
    excluded.extend(library.backlinks(id));
    excluded.insert(id);
    let shoulds: Vec<(Occur, Box<dyn EngineQuery>)> = distinctive(searcher, fields, library, id)?
        .into_iter()
        .map(|(word, weight)| {
            let boosted: Box<dyn EngineQuery> =
                Box::new(BoostQuery::new(word_query(fields, &word), weight));
            (Occur::Should, boosted)
        })
        .collect();
    if shoulds.is_empty() {
        return Ok(Vec::new());
    }
    let query = BooleanQuery::new(shoulds);
    let mut found = run(searcher, library, &query, limit + excluded.len())?;
    found.retain(|(found, _)| !excluded.contains(found));
    found.truncate(limit);
    Ok(found)
}

/// The article's [`TERMS`] terms of highest tf-idf, with that weight, highest first.
fn distinctive(
    searcher: &Searcher,
    fields: &Fields,
    library: &Library,
    id: ArticleId,
) -> tantivy::Result<Vec<(String, Score)>> {
    let Ok(article) = library.body_head(id, super::INDEXED_TEXT_BYTES) else {
        return Ok(Vec::new());
    };
    let mut counts: HashMap<String, f32> = HashMap::new();
    for term in terms(&article.title) {
        *counts.entry(term.text).or_default() += TITLE_WEIGHT;
    }
    for block in &article.blocks {
        if let Block::Paragraph(text) = block {
            for term in terms(text) {
                *counts.entry(term.text).or_default() += 1.0;
            }
        }
    }
    let documents = searcher.num_docs() as f32;
    let mut weighted = Vec::with_capacity(counts.len());
    for (word, count) in counts {
        let in_title = searcher.doc_freq(&Term::from_field_text(fields.title, &word))?;
        let in_body = searcher.doc_freq(&Term::from_field_text(fields.body, &word))?;
        let frequency = in_title.max(in_body) as f32;
        if frequency < 2.0 {
            continue;
        }
        // BM25's idf: never negative, near zero for a word most stories hold.
        let idf = (1.0 + (documents - frequency + 0.5) / (frequency + 0.5)).ln();
        weighted.push((word, (1.0 + count.ln()) * idf));
    }
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    weighted.truncate(TERMS);
    Ok(weighted)
}

#[cfg(test)]
mod tests;
