use super::*;
use nucleo_matcher::Utf32String;
use nucleo_matcher::pattern::AtomKind;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

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
        "k", "o", "r", "e", "a", "d", "f", "n", "c", "t", "s", "l", "in", " ", " ", "'", "^", "!",
        "$", "\\", "é", "-",
    ]);
    proptest::collection::vec(piece, 1..12)
}

/// The property tests' titles, packed once: every case and every fresh search reads the same
/// titles, and packing them again each time was half of what the tests cost.
struct Shared {
    titles: Vec<String>,
    haystacks: Arc<Packing>,
    /// What a query gives, by a fresh searcher or by the reference: both depend on the query
    /// alone, so each query is answered once for every case that types it.
    answers: Mutex<HashMap<String, Vec<Hit>>>,
}

impl Shared {
    fn of(titles: Vec<String>) -> Self {
        Self {
            haystacks: Arc::new(Packing::packed(Haystacks::new(
                titles.iter().map(String::as_str),
            ))),
            titles,
            answers: Mutex::default(),
        }
    }

    /// A searcher that has searched nothing yet.
    fn searcher(&self) -> TitleSearch {
        TitleSearch::with_haystacks(Arc::clone(&self.haystacks))
    }

    /// `answer(query)`, computed once per query.
    fn answer(&self, query: &str, answer: impl FnOnce() -> Vec<Hit>) -> Vec<Hit> {
        let known = self
            .answers
            .lock()
            .expect("no test panicked holding it")
            .get(query)
            .cloned();
        known.unwrap_or_else(|| {
            let hits = answer();
            (self.answers.lock().expect("no test panicked holding it"))
                .insert(query.to_owned(), hits.clone());
            hits
        })
    }
}

static LONG: LazyLock<Shared> = LazyLock::new(|| {
    Shared::of(crate::domain::corpus::titles_of(
        crate::domain::corpus::TitleStyle::Long,
        1500,
    ))
});

static MIXED: LazyLock<Shared> = LazyLock::new(|| Shared::of(mixed_titles()));

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Each keystroke narrows the previous one's matches (or starts afresh when it may not),
    /// and gives exactly what a search from scratch gives: as the query grows piece by piece,
    /// and as it shrinks again one character at a time (backspace).
    #[test]
    fn narrowing_and_backspace_give_what_a_fresh_search_gives(pieces in typing()) {
        let fresh = |query: &str| LONG.answer(query, || LONG.searcher().search(query));
        let mut typed = LONG.searcher();
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
fn ranking_is_by_tier_then_score_then_path_order_as_far_as_asked() {
    let tiered = [
        (hit(0, 5), Tier::Inside),
        (hit(1, 9), Tier::Spaced),
        (hit(2, 5), Tier::Word),
        (hit(3, 60), Tier::Scattered),
        (hit(4, 9), Tier::Word),
        (hit(5, 4), Tier::Scattered),
        (hit(6, 1 << 20), Tier::Inside),
    ];
    let mut members = ranked::Members::of(tiered);
    assert_eq!(
        members.len(),
        6,
        "a scattered hit below the floor is not shown"
    );
    assert_eq!(ids(&members.top(usize::MAX)), [1, 4, 2, 6, 0, 3]);
    for rows in 0..=7 {
        assert_eq!(ids(&members.top(rows)), [1, 4, 2, 6, 0, 3][..rows.min(6)]);
    }
    let mut scattered_only =
        ranked::Members::of([(hit(0, 3), Tier::Scattered), (hit(1, 7), Tier::Scattered)]);
    assert_eq!(
        ids(&scattered_only.top(5)),
        [1, 0],
        "with nothing better every scattered hit shows"
    );
}

#[test]
fn a_cancelled_search_gives_nothing_and_keeps_no_state() {
    let titles = crate::domain::corpus::titles(20_000);
    let mut search = TitleSearch::new(titles.iter().map(String::as_str));
    assert_eq!(search.rank_unless("korea", usize::MAX, &|| true), None);
    assert_eq!(
        search.search("korea").len(),
        TitleSearch::new(titles.iter().map(String::as_str))
            .search("korea")
            .len()
    );
}

/// The ranking as defined, the slow way: every title aligned and scored by nucleo, ranked
/// by tier and score, scattered matches only when nothing is better or when they reach the
/// weakest better score. The searcher must give exactly this while aligning far fewer titles
/// and sorting only the rows asked for.
fn scoring_everything(titles: &[&str], query: &str) -> Vec<Hit> {
    scoring_every_haystack(&Haystacks::new(titles.iter().copied()), query)
}

fn scoring_every_haystack(haystacks: &Haystacks, query: &str) -> Vec<Hit> {
    let pattern = parse(query);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut tiered: Vec<(Hit, bool, bool)> = (0..haystacks.len())
        .filter_map(|index| {
            let title = haystacks.get(index);
            let score = pattern.score(title, &mut matcher)?;
            let hit = Hit {
                id: ArticleId::new(index),
                score,
            };
            let tier = tiers::tier(title, &pattern.atoms);
            Some((hit, tier >= Tier::Word, tier == Tier::Scattered))
        })
        .collect();
    let floor = (tiered.iter())
        .filter(|(_, _, scattered)| !scattered)
        .map(|(hit, _, _)| hit.score)
        .min();
    tiered.retain(|(hit, _, scattered)| !scattered || floor.is_none_or(|floor| hit.score >= floor));
    tiered.sort_by(|(a, a_word, a_scattered), (b, b_word, b_scattered)| {
        (b_word.cmp(a_word))
            .then(a_scattered.cmp(b_scattered))
            .then(b.score.cmp(&a.score))
            .then(a.id.cmp(&b.id))
    });
    tiered.into_iter().map(|(hit, _, _)| hit).collect()
}

/// Headline-like titles, with some outside ASCII, odd case and punctuation mixed in.
fn mixed_titles() -> Vec<String> {
    let mut titles =
        crate::domain::corpus::titles_of(crate::domain::corpus::TitleStyle::Long, 1500);
    titles.extend(
        [
            "KOREA: Défense talks résumé",
            "Korea/defence, Seoul; pact",
            "korea-defence",
            "Kørea défence in Zürich",
            "k",
            "KoReA DeFeNcE",
            "déf",
            "Korea\u{a0}defence talks on £5bn deal",
            "‘Korea’ — défence “pact” in Kenya",
            "KOREA’S DÉFENCE £2BN",
            "Straße in Korea: defence",
            "Κορέα korea defence",
            "e\u{301}cole korea de\u{301}fence",
            "korea\u{b}defence ½ ²",
            "£k £d ’k’ kor£ea",
        ]
        .map(str::to_owned),
    );
    titles
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Scoring only the matches that may be shown, and ranking only the rows a list asks for,
    /// gives what scoring every title and sorting them all gives: for each query typed piece
    /// by piece (narrowing the last answer; the count and the first screenful), for each
    /// searched afresh (every row), and for each larger prefix scrolling asks for afterwards.
    #[test]
    fn searching_gives_what_scoring_every_title_gives(
        pieces in typing(),
        screen in 1usize..40,
        scrolls in proptest::collection::vec(1usize..400, 0..4),
    ) {
        let mut typed = MIXED.searcher();
        let mut query = String::new();
        let mut expected = Vec::new();
        for piece in &pieces {
            query.push_str(piece);
            expected = MIXED.answer(&query, || scoring_every_haystack(&MIXED.haystacks, &query));
            let first = typed.rank_unless(&query, screen, &|| false).expect("not cancelled");
            proptest::prop_assert_eq!(first.total, expected.len(), "count typed {:?}", query);
            proptest::prop_assert_eq!(&first.hits[..], &expected[..screen.min(expected.len())], "typed {:?}", query);
            let fresh = MIXED.searcher().search(&query);
            proptest::prop_assert_eq!(&fresh, &expected, "fresh {:?}", query);
        }
        let mut rows = screen;
        for more in scrolls.into_iter().chain([usize::MAX / 2]) {
            rows += more;
            let ranked = typed.rank_unless(&query, rows, &|| false).expect("not cancelled");
            proptest::prop_assert_eq!(ranked.total, expected.len());
            proptest::prop_assert_eq!(&ranked.hits[..], &expected[..rows.min(expected.len())], "{} rows of {:?}", rows, query);
        }
    }

    /// The cheap match test agrees with nucleo on every title, and no title scores above the
    /// ceiling, nor within a gap's cost of it when an atom's letters are scattered; a title
    /// holding every word after a space scores the ceiling, as taken without aligning it.
    #[test]
    fn the_match_test_and_the_ceiling_hold_for_every_title(pieces in typing()) {
        let (titles, haystacks) = (&MIXED.titles, &MIXED.haystacks);
        let pattern = parse(&pieces.concat());
        let ceiling = bound::ceiling(&pattern.atoms);
        let mut matcher = Matcher::new(Config::DEFAULT);
        for (index, name) in titles.iter().enumerate() {
            let title = haystacks.get(index);
            // What a query reads: the title, or the ASCII shadow it stands for.
            let read = haystacks.reading(&pattern.atoms).read(index);
            proptest::prop_assert_eq!(tiers::tier(read, &pattern.atoms), tiers::tier(title, &pattern.atoms), "tier of {:?}", name);
            for atom in &pattern.atoms {
                let nucleo = atom.score(title, &mut matcher).is_some();
                proptest::prop_assert_eq!(holds(title, atom, &mut matcher), nucleo, "{:?} in {:?}", atom.needle_text(), name);
                if atom.kind == AtomKind::Fuzzy && !atom.negative {
                    proptest::prop_assert_eq!(holds(read, atom, &mut matcher), nucleo, "{:?} read in {:?}", atom.needle_text(), name);
                }
                let score = matching::score(title, atom, &mut matcher);
                proptest::prop_assert_eq!(score, atom.score(title, &mut matcher), "score of {:?} in {:?}", atom.needle_text(), name);
            }
            let (Some(score), Some(ceiling)) = (pattern.score(title, &mut matcher), ceiling) else {
                continue;
            };
            proptest::prop_assert!(score <= ceiling, "{} over {} for {:?}", score, ceiling, name);
            let tier = tiers::tier(title, &pattern.atoms);
            if tier == Tier::Scattered && matches!(read, Utf32Str::Ascii(_)) {
                proptest::prop_assert!(score + 3 <= ceiling, "scattered {} near {} for {:?}", score, ceiling, name);
            }
            let spaced = bound::Spaced::of(&pattern.atoms).and_then(|spaced| spaced.score(title));
            if let (Tier::Spaced, true, Some(split)) = (tier, haystacks.is_ascii(index), spaced) {
                proptest::prop_assert_eq!(split.total(), score, "words after spaces in {:?}", name);
            }
        }
    }
}

#[test]
fn the_ceiling_is_what_whole_words_after_a_space_score() {
    let mut matcher = Matcher::new(Config::DEFAULT);
    for (title, query) in [
        ("korea talks", "korea"),
        ("North Korea defence pact", "korea defence"),
        ("k", "k"),
        ("Talks in Seoul", "seoul tal"),
    ] {
        let pattern = parse(query);
        let title = Utf32String::from(title);
        assert_eq!(
            pattern.score(title.slice(..), &mut matcher),
            bound::ceiling(&pattern.atoms),
            "{query:?} in {title:?}"
        );
    }
    // Only fuzzy atoms have a ceiling; a negated one adds nothing.
    assert_eq!(bound::ceiling(&parse("'korea").atoms), None);
    assert_eq!(
        bound::ceiling(&parse("korea !talks").atoms),
        bound::ceiling(&parse("korea").atoms)
    );
}

/// A title outside ASCII read through its shadow matches and holds each word exactly as the
/// title does (the property test above types random letters; these are the words).
#[test]
fn shadows_match_and_tier_as_their_titles_do() {
    let titles = mixed_titles();
    let haystacks = Haystacks::new(titles.iter().map(String::as_str));
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut shadowed = 0;
    for query in [
        "k",
        "d",
        "s",
        "e",
        "ko",
        "kor",
        "korea",
        "defence",
        "talks",
        "pact",
        "bn",
        "5bn",
        "ecole",
        "kenya",
        "korea defence",
        "ea",
        "de",
    ] {
        let atoms = parse(query).atoms;
        let reading = haystacks.reading(&atoms);
        for (index, name) in titles.iter().enumerate() {
            let (title, read) = (haystacks.get(index), reading.read(index));
            if matches!((title, read), (Utf32Str::Unicode(_), Utf32Str::Ascii(_))) {
                shadowed += 1;
            }
            assert_eq!(
                tiers::tier(read, &atoms),
                tiers::tier(title, &atoms),
                "{query:?} in {name:?}"
            );
            for atom in &atoms {
                let nucleo = atom.score(title, &mut matcher).is_some();
                assert_eq!(
                    holds(read, atom, &mut matcher),
                    nucleo,
                    "{query:?} in {name:?}"
                );
            }
        }
    }
    assert!(
        shadowed > 100,
        "only {shadowed} titles read through shadows"
    );
}

/// A scattered match left pending while a whole word hides it (`korea`) is shown once that
/// word no longer matches what follows (`korea d`), and one whose last word never held is not.
#[test]
fn pending_scattered_matches_show_once_nothing_better_does() {
    let titles = [
        "Korea talks",
        "Kim or Rhee away: defence",
        "Away: Kim or Rhee defence",
        "Weather in Seoul",
    ];
    let mut typed = TitleSearch::new(titles);
    for (query, shown) in [
        ("k", &[0, 1, 2][..]),
        ("ko", &[0]),
        ("kor", &[0]),
        ("korea", &[0]),
        ("korea ", &[0]),
        ("korea d", &[1]),
        ("korea de", &[1]),
    ] {
        let hits = typed.search(query);
        assert_eq!(ids(&hits), shown, "{query:?}");
        assert_eq!(hits, scoring_everything(&titles, query), "{query:?}");
    }
}

/// Pending matches carried unread over keystrokes (`kor`, `kore`) are still confirmed and
/// scored when a keystroke lowers the floor so that one may show: `kore` inside a word
/// (`akore`) scores below the ceiling, and a scattered match reaches that.
#[test]
fn pending_matches_carried_unread_show_when_the_floor_drops() {
    let titles = [
        "Kor akore",
        "Kim or Rhee",
        "Kim or ree",
        "K o r e",
        "Korea",
        "No match",
    ];
    let mut typed = TitleSearch::new(titles);
    for query in ["k", "ko", "kor", "kore", "korea", "kore", "kor"] {
        let hits = typed.search(query);
        assert_eq!(hits, scoring_everything(&titles, query), "{query:?}");
    }
}
