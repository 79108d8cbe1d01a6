//! Running a [`Query`] on the engine: every word must match, in the title or the body, ranked
//! by BM25 with title matches boosted.
//!
//! The word being typed is expanded against the index's term dictionaries into the most
//! frequent terms it starts (as Lucene rewrites a prefix query to its top terms), so the
//! result stays ranked by BM25; tantivy's own prefix query would score every match alike.

use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query as EngineQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Score, Searcher, Term};

use super::engine::Fields;
use super::query::{Needle, Query};
use crate::domain::library::{ArticleId, Library, path_order};

/// How much more a match in the title counts than one in the body.
const TITLE_BOOST: Score = 2.0;
/// Terms a word being typed expands to, the most frequent first.
const MAX_EXPANSIONS: usize = 50;

/// The best `limit` matches of `query` as (article, score), best first, ties in path order.
/// Documents of files the library does not hold (another process's index) are left out.
pub(super) fn top(
    searcher: &Searcher,
    fields: &Fields,
    library: &Library,
    query: &Query,
    limit: usize,
) -> tantivy::Result<Vec<(ArticleId, Score)>> {
    if query.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let engine_query = to_engine(searcher, fields, query)?;
    run(searcher, library, engine_query.as_ref(), limit)
}

/// The best `limit` documents for `engine_query` as (article, score), best first, ties in path
/// order, leaving out documents of files the library does not hold.
pub(super) fn run(
    searcher: &Searcher,
    library: &Library,
    engine_query: &dyn EngineQuery,
    limit: usize,
) -> tantivy::Result<Vec<(ArticleId, Score)>> {
    let (found, _) = ranked_paths(searcher, engine_query, limit)?;
    let mut hits: Vec<(ArticleId, Score)> = found
        .into_iter()
        .filter_map(|(path, score)| Some((library.find_path(&path)?, score)))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(hits)
}

/// The best `limit` matches of `query` as (display path, score), best first, ties in path
/// order, and how many documents match in all: the answer of an index read without a library.
pub(super) fn top_paths(
    searcher: &Searcher,
    fields: &Fields,
    query: &Query,
    limit: usize,
) -> tantivy::Result<(Vec<(String, Score)>, usize)> {
    if query.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let engine_query = to_engine(searcher, fields, query)?;
    // The collector makes room for its limit: never more than the documents there are.
    let most = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let (mut found, total) = ranked_paths(searcher, engine_query.as_ref(), limit.min(most))?;
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(path_order(&a.0, &b.0)));
    Ok((found, total))
}

/// The best `limit` documents for `engine_query` as (display path, score), best first, and how
/// many match in all. Paths are read from each segment's dictionary in ordinal order, in one
/// pass, rather than looked up one hit at a time.
fn ranked_paths(
    searcher: &Searcher,
    engine_query: &dyn EngineQuery,
    limit: usize,
) -> tantivy::Result<(Vec<(String, Score)>, usize)> {
    if limit == 0 {
        let total = searcher.search(engine_query, &Count)?;
        return Ok((Vec::new(), total));
    }
    let (found, total): (Vec<(Score, DocAddress)>, usize) = searcher.search(
        engine_query,
        &(TopDocs::with_limit(limit).order_by_score(), Count),
    )?;
    // For each hit, its segment and its path's ordinal in that segment's dictionary.
    let mut ords: Vec<(u32, u64, usize)> = Vec::with_capacity(found.len());
    let columns = searcher
        .segment_readers()
        .iter()
        .map(|segment| segment.fast_fields().str("path"))
        .collect::<tantivy::Result<Vec<_>>>()?;
    for (rank, (_, address)) in found.iter().enumerate() {
        let column = columns[address.segment_ord as usize].as_ref();
        if let Some(ord) = column.and_then(|column| column.term_ords(address.doc_id).next()) {
            ords.push((address.segment_ord, ord, rank));
        }
    }
    ords.sort_unstable();
    let mut paths: Vec<Option<String>> = vec![None; found.len()];
    for segment in ords.chunk_by(|a, b| a.0 == b.0) {
        let Some(column) = &columns[segment[0].0 as usize] else {
            continue;
        };
        let sorted: Vec<u64> = segment.iter().map(|&(_, ord, _)| ord).collect();
        let mut ranks = segment.iter().map(|&(_, _, rank)| rank);
        column
            .dictionary()
            .sorted_ords_to_term_cb(&sorted, |bytes| {
                if let Some(rank) = ranks.next() {
                    paths[rank] = std::str::from_utf8(bytes).ok().map(str::to_owned);
                }
            })?;
    }
    let hits = (found.iter().zip(paths))
        .filter_map(|(&(score, _), path)| Some((path?, score)))
        .collect();
    Ok((hits, total))
}

/// Every needle must match.
pub(super) fn to_engine(
    searcher: &Searcher,
    fields: &Fields,
    query: &Query,
) -> tantivy::Result<Box<dyn EngineQuery>> {
    let mut musts: Vec<(Occur, Box<dyn EngineQuery>)> = Vec::new();
    for needle in &query.needles {
        musts.push((Occur::Must, needle_query(searcher, fields, needle)?));
    }
    Ok(Box::new(BooleanQuery::new(musts)))
}

/// One word or phrase, in the title (boosted) or the body.
fn needle_query(
    searcher: &Searcher,
    fields: &Fields,
    needle: &Needle,
) -> tantivy::Result<Box<dyn EngineQuery>> {
    let either = |query: &dyn Fn(Field) -> Box<dyn EngineQuery>| -> Box<dyn EngineQuery> {
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(query(fields.title), TITLE_BOOST)),
            ),
            (Occur::Should, query(fields.body)),
        ]))
    };
    let terms = |field: Field| -> Vec<Term> {
        needle
            .terms
            .iter()
            .map(|text| Term::from_field_text(field, text))
            .collect()
    };
    Ok(match (needle.terms.as_slice(), needle.prefix) {
        ([word], false) => word_query(fields, word),
        ([prefix], true) => {
            let expanded = expand(searcher, fields, prefix)?;
            if expanded.is_empty() {
                return Ok(Box::new(EmptyQuery));
            }
            let shoulds = expanded
                .iter()
                .map(|word| (Occur::Should, word_query(fields, word)))
                .collect();
            Box::new(BooleanQuery::new(shoulds))
        }
        (_, false) => either(&|field| Box::new(PhraseQuery::new(terms(field)))),
        (_, true) => either(&|field| {
            let mut query = PhrasePrefixQuery::new(terms(field));
            query.set_max_expansions(MAX_EXPANSIONS as u32);
            Box::new(query)
        }),
    })
}

/// One whole word, in the title (boosted) or the body.
pub(super) fn word_query(fields: &Fields, word: &str) -> Box<dyn EngineQuery> {
    Box::new(BooleanQuery::new(vec![
        (
            Occur::Should,
            Box::new(BoostQuery::new(term_query(fields.title, word), TITLE_BOOST)),
        ),
        (Occur::Should, term_query(fields.body, word)),
    ]))
}

fn term_query(field: Field, word: &str) -> Box<dyn EngineQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, word),
        IndexRecordOption::WithFreqs,
    ))
}

/// The terms of the title and body dictionaries that start with `prefix`, the most frequent
/// first, at most [`MAX_EXPANSIONS`].
fn expand(searcher: &Searcher, fields: &Fields, prefix: &str) -> tantivy::Result<Vec<String>> {
    let mut frequency: HashMap<Vec<u8>, u64> = HashMap::new();
    let start = prefix.as_bytes();
    let end = prefix_end(start);
    for segment in searcher.segment_readers() {
        for field in [fields.title, fields.body] {
            let index = segment.inverted_index(field)?;
            let mut range = index.terms().range().ge(start);
            if let Some(end) = &end {
                range = range.lt(end);
            }
            let mut stream = range.into_stream()?;
            while stream.advance() {
                *frequency.entry(stream.key().to_vec()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut terms: Vec<(Vec<u8>, u64)> = frequency.into_iter().collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(MAX_EXPANSIONS);
    Ok(terms
        .into_iter()
        .filter_map(|(bytes, _)| String::from_utf8(bytes).ok())
        .collect())
}

/// The smallest byte string greater than every string starting with `start`; `None` when
/// there is none (all bytes 0xff).
fn prefix_end(start: &[u8]) -> Option<Vec<u8>> {
    let mut end = start.to_vec();
    while let Some(last) = end.pop() {
        if last != 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}
