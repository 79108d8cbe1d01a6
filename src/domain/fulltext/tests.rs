//! What users rely on: which articles a query finds, in which order, and what is highlighted.
//! Indexes here are in memory; the index on disk is tested in `engine/tests.rs`, and opened
//! for a folder it vouches for in `tests/vouched.rs`.

mod listings;
mod vouched;

use super::highlight::{SNIPPET_WIDTH, snippet};
use super::*;
use crate::domain::article::{Article, Block};
use std::sync::atomic::{AtomicUsize, Ordering};
use unicode_width::UnicodeWidthChar;

fn library(articles: &[(&str, &str)]) -> Library {
    Library::of_texts(articles)
}

fn generated(count: usize) -> Library {
    crate::domain::corpus::library(count)
}

/// The article numbers (path order) that `query` finds, best first.
fn ids(library: &Library, query: &str) -> Vec<usize> {
    FullText::open(library, None)
        .search(library, &parse_query(query))
        .into_iter()
        .map(|hit| hit.id.index())
        .collect()
}

fn highlighted<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
    hits_in(text, &parse_query(query))
        .into_iter()
        .map(|range| &text[range])
        .collect()
}

fn columns(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(1)).sum()
}

/// Searches and updates run on worker threads, sharing one index.
#[test]
fn the_index_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<FullText>();
}

#[test]
fn empty_queries_match_nothing() {
    let lib = library(&[("a.txt", "Title\nSome body text.")]);
    for empty in ["", "  ", "\"  \"", "--"] {
        assert!(ids(&lib, empty).is_empty(), "{empty:?}");
        assert!(highlighted("Some body text.", empty).is_empty());
    }
}

/// Replaces the scanner's test of the same name: words now match whole (`korea ` no longer
/// finds `KOREAN` inside a word), except the word being typed.
#[test]
fn every_word_must_occur_in_title_or_body() {
    let lib = library(&[
        ("a.txt", "Korea talks\nThe defence minister spoke."),
        ("b.txt", "Korea news\nNothing about that here."),
        ("c.txt", "Weather\nDefence of the KOREA coast."),
        ("d.txt", "Other\nRead More: Korea defence"),
        ("e.txt", "Korean\nDefence."),
    ]);
    assert_eq!(ids(&lib, "korea defence "), [0, 2]);
    assert_eq!(ids(&lib, "defence korea "), [0, 2], "order does not matter");
    assert_eq!(
        ids(&lib, "korea "),
        [0, 1, 2],
        "title only, body only; links are not text; whole words"
    );
    assert!(ids(&lib, "korea zzzz").is_empty());
}

#[test]
fn the_word_being_typed_matches_as_a_prefix() {
    let lib = library(&[
        ("a.txt", "Korea talks\nThe defence minister spoke."),
        ("b.txt", "Korean food\nKimchi and more."),
        ("c.txt", "Kor\nA short word."),
        ("d.txt", "Weather\nRain."),
    ]);
    assert_eq!(sorted(ids(&lib, "kor")), [0, 1, 2]);
    assert_eq!(ids(&lib, "kor "), [2], "a finished word matches whole");
    assert_eq!(ids(&lib, "korea de"), [0]);
    assert_eq!(
        ids(&lib, "de korea"),
        Vec::<usize>::new(),
        "only the last word"
    );
    assert!(ids(&lib, "korea zz").is_empty());
    // The highlighter agrees.
    assert_eq!(
        highlighted("Korean and korea, Kor", "kor"),
        ["Korean", "korea", "Kor"]
    );
    assert_eq!(highlighted("Korean and korea, Kor", "kor "), ["Kor"]);
}

fn sorted(mut ids: Vec<usize>) -> Vec<usize> {
    ids.sort_unstable();
    ids
}

#[test]
fn phrases_match_consecutive_words() {
    let lib = library(&[
        ("a.txt", "One\nThe defence of Korea."),
        ("b.txt", "Two\nNorth  Korea   defence talks."),
        ("c.txt", "Three\nKorea\u{a0}defence, with a no-break space."),
        ("d.txt", "Four\nKorea, defence and more."),
        ("e.txt", "Five\nSouth Korean defence."),
        (
            "f.txt",
            "Six\nThe end of Korea\nDefence starts a paragraph.",
        ),
    ]);
    assert_eq!(
        sorted(ids(&lib, "\"korea defence\"")),
        [1, 2, 3],
        "spacing and punctuation between the words do not matter; paragraphs do"
    );
    assert_eq!(ids(&lib, "\"korean defence\""), [4]);
    assert!(ids(&lib, "\"defence korea\"").is_empty());
    assert_eq!(ids(&lib, "\"north kor"), [1], "a phrase being typed");
    assert_eq!(
        highlighted("North  Korea   defence talks", "\"korea defence\""),
        ["Korea   defence"]
    );
    assert_eq!(
        highlighted("defence talks, talks", "\"defence talks\" talks"),
        ["defence talks", "talks"]
    );
}

#[test]
fn matching_ignores_case_and_accents_including_non_ascii() {
    let lib = library(&[
        ("a.txt", "L'école\nUne école à Paris."),
        ("b.txt", "Straße\nDie Straße ist lang."),
        ("c.txt", "STRASSE\nEINE LANGE STRASSE."),
        ("d.txt", "Σίσυφος\nΟ ΣΊΣΥΦΟΣ και η πέτρα."),
        ("e.txt", "Plain\nNothing special."),
    ]);
    assert_eq!(ids(&lib, "ÉCOLE "), [0]);
    assert_eq!(ids(&lib, "ecole "), [0], "accents fold away");
    assert_eq!(sorted(ids(&lib, "STRASSE ")), [1, 2]);
    assert_eq!(sorted(ids(&lib, "straße ")), [1, 2]);
    assert_eq!(ids(&lib, "σίσυφος "), [3]);
    assert_eq!(
        highlighted("Die Straße, STRASSE", "strasse "),
        ["Straße", "STRASSE"]
    );
    assert_eq!(highlighted("L'ÉCOLE", "école"), ["ÉCOLE"]);
}

#[test]
fn japanese_text_is_found_by_a_japanese_query() {
    let lib = library(&[
        ("a.txt", "天気予報\n明日の東京都の天気は晴れです。"),
        ("b.txt", "おとり\n京都の天気と東京の話。"),
        ("c.txt", "English\nTokyo weather."),
    ]);
    assert_eq!(
        ids(&lib, "東京都の天気 "),
        [0],
        "not the scattered pairs of the decoy"
    );
    assert_eq!(sorted(ids(&lib, "東京 ")), [0, 1]);
    assert_eq!(ids(&lib, "天気予報 "), [0], "in the title");
    assert_eq!(
        highlighted("明日の東京都の天気は晴れです。", "東京都 "),
        ["東京都"]
    );
}

#[test]
fn chinese_text_is_found_by_a_chinese_query() {
    let lib = library(&[
        ("a.txt", "新闻\n北京大学的学生参加了会议。"),
        ("b.txt", "诱饵\n北京的大学有很多学生。"),
    ]);
    assert_eq!(ids(&lib, "北京大学的学生 "), [0]);
    assert_eq!(sorted(ids(&lib, "学生 ")), [0, 1]);
    assert_eq!(
        sorted(ids(&lib, "北")),
        [0, 1],
        "one character, being typed"
    );
    assert_eq!(
        hits_in("北京大学的学生", &parse_query("大学 ")),
        vec![6..12],
        "byte ranges"
    );
}

#[test]
fn title_matches_rank_first_then_more_frequent_ones() {
    let lib = library(&[
        ("a.txt", "A\nfirst mention of seals"),
        ("b.txt", "Seals\nnothing"),
        ("c.txt", "C\nseals seals seals, and seals again"),
        ("d.txt", "D\nand seals"),
    ]);
    let found = ids(&lib, "seals ");
    assert_eq!(found[0], 1, "the title match");
    assert_eq!(found[1], 2, "the most mentions");
    assert_eq!(found.len(), 4);
}

#[test]
fn results_are_best_first_ties_in_path_order_and_complete() {
    let big = generated(400);
    let fulltext = FullText::open(&big, None);
    let hits = fulltext.search(&big, &parse_query("seals "));
    assert!(hits.len() > 20, "{}", hits.len());
    assert!(
        hits.windows(2)
            .all(|w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].id < w[1].id)),
        "best first, ties in id order"
    );
    let query = parse_query("seals ");
    let expected = big
        .iter()
        .filter(|&(id, entry)| {
            !hits_in(entry.title(), &query).is_empty()
                || big.body(id).unwrap().blocks.iter().any(|block| {
                    matches!(block, Block::Paragraph(text) if !hits_in(text, &query).is_empty())
                })
        })
        .count();
    assert_eq!(hits.len(), expected, "every article the highlighter finds");
    let top = fulltext.search_top(&big, &query, 5);
    assert_eq!(top, hits[..5], "the top of the full list");
}

#[test]
fn a_cancelled_search_returns_none() {
    let lib = library(&[("a.txt", "Korea\nDefence.")]);
    let fulltext = FullText::open(&lib, None);
    let query = parse_query("korea");
    assert_eq!(fulltext.search_unless(&lib, &query, &|| true), None);
    let hits = fulltext.search_unless(&lib, &query, &|| false).unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn cancelling_midway_stops_a_large_search() {
    let texts: Vec<(String, String)> = (0..4 * BATCH)
        .map(|i| (format!("{i:05}.txt"), format!("Korea {i}\nA short story.")))
        .collect();
    let texts: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let big = library(&texts);
    let fulltext = FullText::open(&big, None);
    let query = parse_query("k");
    assert!(fulltext.search(&big, &query).len() > 3 * BATCH);
    let calls = AtomicUsize::new(0);
    let after_a_few = || calls.fetch_add(1, Ordering::Relaxed) >= 2;
    assert_eq!(fulltext.search_unless(&big, &query, &after_a_few), None);
}

#[test]
fn snippets_show_the_first_body_hit_on_one_line() {
    let filler = "lorem ipsum dolor sit amet ".repeat(10);
    let text = format!("Title\n{filler}the harbour master said {filler}\nsecond harbour");
    let lib = library(&[("a.txt", &text)]);
    let hits = FullText::open(&lib, None).search(&lib, &parse_query("harbour"));
    let snippet = &hits[0].snippet;
    assert!(snippet.contains("the harbour master said"), "{snippet:?}");
    assert!(
        snippet.starts_with('…') && snippet.ends_with('…'),
        "{snippet:?}"
    );
    assert!(columns(snippet) <= SNIPPET_WIDTH + 2, "{snippet:?}");
    assert!(columns(snippet) >= SNIPPET_WIDTH - 12, "{snippet:?}");
    // Cut between words: every word shown is whole.
    let inner = snippet.trim_matches('…');
    for word in inner.split(' ') {
        assert!(
            [
                "lorem", "ipsum", "dolor", "sit", "amet", "the", "harbour", "master", "said"
            ]
            .contains(&word),
            "{word:?} in {snippet:?}"
        );
    }
    assert!(!snippet.contains(['\n', '\r', '\t']));
}

#[test]
fn a_title_only_hit_shows_the_start_of_the_body() {
    let lib = library(&[
        ("a.txt", "Harbour news\nShort body."),
        ("b.txt", "Harbour only"),
        ("c.txt", &format!("Harbour long\n{}", "word ".repeat(40))),
    ]);
    let fulltext = FullText::open(&lib, None);
    let hits = fulltext.search(&lib, &parse_query("harbour"));
    let snippet_of = |n: usize| &hits.iter().find(|hit| hit.id.index() == n).unwrap().snippet;
    assert_eq!(snippet_of(0), "Short body.");
    assert_eq!(snippet_of(1), "");
    assert!(snippet_of(2).starts_with("word word"));
    assert!(snippet_of(2).ends_with("word…"), "{:?}", snippet_of(2));
    assert!(columns(snippet_of(2)) <= SNIPPET_WIDTH + 1);
}

#[test]
fn snippets_never_split_characters() {
    let cjk = "北朝鮮の国防についての会談が行われた。".repeat(12);
    let emoji = "👍🏽 🎉 ".repeat(60);
    for (body, term) in [
        (format!("{cjk}。港湾。{cjk}"), "港湾 "),
        (format!("{emoji}harbour {emoji}"), "harbour "),
        (
            format!("{} ÉCOLE {}", "é".repeat(200), "ß".repeat(200)),
            "école ",
        ),
    ] {
        let text = format!("Title\n{body}");
        let lib = library(&[("a.txt", &text)]);
        let hits = FullText::open(&lib, None).search(&lib, &parse_query(term));
        assert_eq!(hits.len(), 1, "{term}");
        let snippet = &hits[0].snippet;
        assert!(columns(snippet) <= SNIPPET_WIDTH + 2, "{snippet:?}");
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet:?}"
        );
        let inner = snippet.trim_matches('…');
        assert!(
            body.contains(inner),
            "a slice of the paragraph: {snippet:?}"
        );
        assert!(
            !hits_in(inner, &parse_query(term)).is_empty(),
            "shows the hit: {snippet:?}"
        );
    }
}

#[test]
fn snippet_edges() {
    assert_eq!(snippet("short text", Some(6..10)), "short text");
    assert_eq!(snippet("", None), "");
    let long = "x".repeat(200);
    let cut = snippet(&long, Some(100..101));
    assert_eq!(columns(&cut), SNIPPET_WIDTH + 2, "no spaces: cut mid-word");
    assert!(cut.starts_with('…') && cut.ends_with('…'));
    // A hit near the end shows more of what comes before it.
    let text = format!("{} end hit", "word ".repeat(30));
    let near_end = snippet(&text, Some(text.len() - 3..text.len()));
    assert!(near_end.ends_with("end hit"), "{near_end:?}");
    assert!(columns(&near_end) > SNIPPET_WIDTH - 8, "{near_end:?}");
}

#[test]
fn hits_in_gives_sorted_merged_ranges() {
    let text = "Korea talks: KOREAN defence, korea.";
    assert_eq!(
        hits_in(text, &parse_query("korea defence ")),
        [0..5, 20..27, 29..34]
    );
    // Touching occurrences merge.
    assert_eq!(
        hits_in("korea korea", &parse_query("\"korea korea\" korea")),
        vec![0..11]
    );
    assert!(hits_in("nothing here", &parse_query("zzzz")).is_empty());
}

#[test]
fn hits_in_covers_whole_characters_of_the_original_text() {
    let text = "Die Straße in İzmir, 5 \u{212a}elvin, e\u{301}cole";
    assert_eq!(highlighted(text, "strasse "), ["Straße"]);
    assert_eq!(highlighted(text, "kelvin "), ["\u{212a}elvin"]);
    assert_eq!(highlighted(text, "école "), ["e\u{301}cole"]);
    assert_eq!(highlighted(text, "\"die strasse\""), ["Die Straße"]);
    for range in hits_in(text, &parse_query("s i e l d")) {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text made of pieces where case folding changes lengths, splits characters or spaces.
    fn tricky_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a", "A", "s", "S", "ß", "ẞ", "k", "K", "\u{212a}", "İ", "i", "\u{307}", "é", "É", " ",
            "  ", "\u{a0}", "σ", "ς", "Σ", "国", "防", "👍", "x", "-", "\"",
        ]);
        prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    fn tricky_query() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "s", "ss", "ß", "k", "i", "é", "a", "σς", "国", "国防", " ", "\"", "as", "x",
        ]);
        prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The engine and the highlighter agree: an article is found exactly when every
        /// word of the query is highlighted somewhere in it.
        #[test]
        fn an_article_matches_when_every_word_is_highlighted_somewhere(
            title in tricky_text(),
            paragraphs in prop::collection::vec(tricky_text(), 0..4),
            query in tricky_query(),
        ) {
            let article = Article {
                title: if title.trim().is_empty() { "t".to_owned() } else { title },
                blocks: paragraphs.into_iter().map(Block::Paragraph).collect(),
                ..Article::default()
            };
            let lib = Library::from_articles(vec![("a.txt".to_owned(), article.clone())]);
            let query = parse_query(&query);
            let hits = FullText::open(&lib, None).search(&lib, &query);
            let found = |needle: &query::Needle| {
                let alone = Query { needles: vec![needle.clone()] };
                std::iter::once(&article.title)
                    .chain(article.blocks.iter().filter_map(|block| match block {
                        Block::Paragraph(text) => Some(text),
                        Block::Link(_) => None,
                    }))
                    .any(|text| !hits_in(text, &alone).is_empty())
            };
            let expected = !query.is_empty() && query.needles.iter().all(found);
            prop_assert_eq!(hits.len() == 1, expected);
            if let Some(hit) = hits.first() {
                prop_assert!(!hit.snippet.contains(['\n', '\r']));
            }
        }

        #[test]
        fn highlights_lie_on_char_boundaries(text in tricky_text(), query in tricky_query()) {
            for range in hits_in(&text, &parse_query(&query)) {
                prop_assert!(range.start < range.end);
                prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            }
        }
    }
}
