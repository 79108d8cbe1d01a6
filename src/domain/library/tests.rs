use super::*;

fn library(articles: &[(&str, &str)]) -> Library {
    Library::of_texts(articles)
}

fn id(index: usize) -> ArticleId {
    ArticleId::new(index)
}

#[test]
fn path_order_is_component_by_component() {
    let paths = [
        "a", "a-b", "a/b", "a/b/c", "a/b-c", "a/bc", "a-b/c", "ab", "b", "",
    ];
    for a in paths {
        for b in paths {
            assert_eq!(
                path_order(a, b),
                a.split('/').cmp(b.split('/')),
                "{a:?} {b:?}"
            );
        }
    }
}

#[test]
fn ids_are_indexes_in_path_order_up_to_the_limit() {
    let lib = library(&[("a.txt", "A"), ("b.txt", "B")]);
    let ids: Vec<ArticleId> = lib.ids().collect();
    assert_eq!(ids, [ArticleId::new(0), ArticleId::new(1)]);
    assert_eq!(ids.iter().map(|id| id.index()).collect::<Vec<_>>(), [0, 1]);
    let paths: Vec<(usize, &str)> = lib
        .iter()
        .map(|(id, entry)| (id.index(), entry.path()))
        .collect();
    assert_eq!(paths, [(0, "a.txt"), (1, "b.txt")]);
    assert_eq!(ArticleId::new(MAX_ARTICLES - 1).index(), MAX_ARTICLES - 1);
    assert_eq!(std::mem::size_of::<ArticleId>(), 4);
}

#[test]
#[should_panic(expected = "over the limit")]
fn an_index_past_the_limit_is_no_id() {
    ArticleId::new(MAX_ARTICLES);
}

#[test]
fn links_resolve_through_case_spacing_and_typography() {
    let lib = library(&[
        (
            "a.txt",
            "Korea’s Big Day – Part One\nRead More: the other  STORY",
        ),
        (
            "b.txt",
            "The Other Story\nRead More: korea's big day - part one\nRead More: Nowhere",
        ),
    ]);
    assert_eq!(lib.get(id(0)).targets(), vec![Some(id(1))]);
    assert_eq!(lib.get(id(1)).targets(), vec![Some(id(0)), None]);
    assert_eq!(lib.backlinks(id(0)), [id(1)]);
    assert_eq!(lib.backlinks(id(1)), [id(0)]);
    assert_eq!(lib.find("“the other story”"), Some(id(1)));
}

#[test]
fn dangling_links_are_kept_and_listed() {
    let lib = library(&[("a.txt", "A\nRead More: Missing one\ntext\nRead More: A")]);
    assert_eq!(lib.get(id(0)).targets(), vec![None, Some(id(0))]);
    assert_eq!(
        lib.dangling().collect::<Vec<_>>(),
        vec![(id(0), "Missing one")]
    );
}

#[test]
fn self_links_and_cycles_are_fine() {
    let lib = library(&[
        ("a.txt", "A\nRead More: A\nRead More: B"),
        ("b.txt", "B\nRead More: A\nRead More: a"),
    ]);
    assert_eq!(lib.get(id(0)).targets(), vec![Some(id(0)), Some(id(1))]);
    assert_eq!(
        lib.backlinks(id(0)),
        [id(0), id(1)],
        "each linking article once"
    );
    assert_eq!(lib.backlinks(id(1)), [id(0)]);
}

#[test]
fn duplicate_titles_all_load_and_links_go_to_the_first() {
    let lib = library(&[
        ("a/one.txt", "Same Title\nfirst"),
        ("b/two.txt", "same  title\nsecond"),
        ("c.txt", "C\nRead More: Same Title"),
    ]);
    assert_eq!(lib.len(), 3);
    assert_eq!(lib.get(id(2)).targets(), vec![Some(id(0))]);
    assert_eq!(
        lib.duplicates,
        vec![Duplicate {
            title: "Same Title".to_owned(),
            paths: vec!["a/one.txt".to_owned(), "b/two.txt".to_owned()],
        }]
    );
}

#[test]
fn shared_titles_are_listed_by_their_first_path_as_text() {
    // In path order "a" comes before "a b"; as text, "a b/" before "a/".
    let lib = library(&[
        ("a/x.txt", "One"),
        ("a/y.txt", "one"),
        ("a b/x.txt", "Two"),
        ("a b/y.txt", "two"),
    ]);
    let firsts: Vec<&str> = (lib.duplicates.iter())
        .map(|d| d.paths[0].as_str())
        .collect();
    assert_eq!(firsts, ["a b/x.txt", "a/x.txt"]);
}

#[test]
fn orphans_have_no_link_in_or_out_but_to_themselves_or_nowhere() {
    let lib = library(&[
        ("a.txt", "A\nRead More: B"),
        ("b.txt", "B"),
        ("c.txt", "C\nRead More: C\nRead More: Missing"),
        ("d.txt", "D"),
        ("e.txt", "E\nRead More: A"),
    ]);
    assert_eq!(lib.orphans().collect::<Vec<_>>(), vec![id(2), id(3)]);
}

#[test]
fn most_linked_counts_other_linking_articles_most_first_then_path_order() {
    let lib = library(&[
        ("a.txt", "A\nRead More: D\nRead More: D\nRead More: B"),
        ("b.txt", "B\nRead More: B\nRead More: D"),
        ("c.txt", "C\nRead More: B\nRead More: A"),
        ("d.txt", "D\nRead More: C"),
        ("e.txt", "E"),
    ]);
    // D: from A (twice, counted once) and B; B: from A and C, not itself; A and C: one.
    let all = vec![(id(1), 2), (id(3), 2), (id(0), 1), (id(2), 1)];
    assert_eq!(lib.most_linked(10), all);
    assert_eq!(lib.most_linked(4), all);
    assert_eq!(lib.most_linked(3), all[..3]);
    assert_eq!(lib.most_linked(1), all[..1]);
    assert_eq!(lib.most_linked(0), []);
    assert_eq!(library(&[]).most_linked(10), []);
}

#[test]
fn a_cached_path_is_shown_as_the_walk_shows_it_or_refused() {
    let paths: [&[u8]; 17] = [
        b"a/b.txt",
        b"a b/c d.txt",
        b"a//b.txt",
        b"a/./b.txt",
        b"a.txt/",
        b"x/.h.txt",
        b".h/a.txt",
        b"../a.txt",
        b"/etc/a.txt",
        b"a\\b.txt",
        b"caf\xc3\xa9.txt",
        b"bad\xff.txt",
        b"esc\x1b[2J.txt",
        b"a.md",
        b"txt",
        b".txt",
        b"a/b.TXT",
    ];
    for bytes in paths {
        let path = Path::new(OsStr::from_bytes(bytes));
        let walked =
            (is_visible(path) && is_article_file(path)).then(|| display_path(Path::new(""), path));
        let shown = names::walked_display(bytes);
        assert_eq!(
            shown.as_deref(),
            walked.as_deref(),
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
    assert_eq!(
        names::walked_display(b"a b/c.txt").as_deref(),
        Some("a b/c.txt")
    );
    assert_eq!(
        names::walked_display(b"a//b.txt").as_deref(),
        Some("a/b.txt")
    );
    assert_eq!(names::walked_display(b"../a.txt"), None);
}

#[test]
fn reports_serialise_with_the_field_names_check_json_uses() {
    let skipped = Skipped {
        path: "a.txt".to_owned(),
        reason: "no title".to_owned(),
    };
    let warning = Warning {
        path: "b.txt".to_owned(),
        message: "odd".to_owned(),
    };
    let duplicate = Duplicate {
        title: "T".to_owned(),
        paths: vec!["c.txt".to_owned(), "d.txt".to_owned()],
    };
    let json = serde_json::to_string(&(skipped, warning, duplicate)).unwrap();
    assert_eq!(
        json,
        r#"[{"path":"a.txt","reason":"no title"},{"path":"b.txt","message":"odd"},{"title":"T","paths":["c.txt","d.txt"]}]"#
    );
}
