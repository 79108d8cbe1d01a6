use super::*;
use crate::domain::library::Library;

/// The entries of a library of (path, text) pairs, and their links resolved.
fn resolved(articles: &[(&str, &str)]) -> (Entries, Resolved) {
    let entries = Library::of_texts(articles).entries;
    let resolved = Resolved::of(&entries.iter().collect::<Vec<_>>());
    (entries, resolved)
}

const LINKED: &[(&str, &str)] = &[
    (
        "a.txt",
        "Alpha\nRead More: Beta\nRead More: Beta\nRead More: Alpha",
    ),
    ("b.txt", "Beta\nRead More: Alpha\nRead More: Nowhere"),
    ("c.txt", "Gamma\nRead More: Beta"),
];

#[test]
fn the_kept_backlinks_list_each_linking_article_once_in_path_order() {
    let (mut entries, resolved) = resolved(LINKED);
    let (backlinks, _) = resolved.apply(&mut entries).expect("fits its own entries");
    let lists: Vec<Vec<usize>> = (backlinks.lists())
        .map(|from| from.iter().map(|id| id.index()).collect())
        .collect();
    assert_eq!(lists, [vec![0, 1], vec![0, 2], vec![]]);
}

#[test]
fn kept_backlinks_that_do_not_fit_the_entries_are_not_used() {
    let (entries, resolved) = resolved(LINKED);
    let past = |resolved: &mut Resolved| resolved.backlinks.from[0] = ArticleId::new(3);
    let short = |resolved: &mut Resolved| {
        resolved.backlinks.starts.pop();
    };
    let unordered = |resolved: &mut Resolved| resolved.backlinks.from.swap(0, 1);
    let misplaced = |resolved: &mut Resolved| resolved.backlinks.starts[1] = 5;
    for damage in [past, short, unordered, misplaced] {
        let mut damaged = resolved.clone();
        damage(&mut damaged);
        assert!(damaged.apply(&mut entries.clone()).is_none());
    }
}
