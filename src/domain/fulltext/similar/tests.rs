//! Similar stories: found by content, never the article itself or one it is linked with.

use crate::domain::fulltext::*;

/// Football, politics and cooking stories: each should find its own kind first.
const STORIES: &[(&str, &str)] = &[
    (
        "sport/arsenal.txt",
        "Arsenal win the derby\n\nArsenal beat Tottenham two goals to one in the north London derby. \
         The striker scored twice and the goalkeeper saved a penalty as the club climbed to the top of the league table.",
    ),
    (
        "sport/chelsea.txt",
        "Chelsea sack their manager\n\nThe football club dismissed its manager after a run of league defeats. \
         The striker and the goalkeeper were both injured, and the club sits low in the league table.",
    ),
    (
        "sport/liverpool.txt",
        "Liverpool sign a new striker\n\nThe club paid a record transfer fee for the striker, who scored twenty goals \
         last season. The manager said the football club needed goals to win the league.",
    ),
    (
        "politics/budget.txt",
        "Chancellor unveils the budget\n\nThe chancellor told parliament that taxes will rise. \
         The opposition said the budget would hurt families, and ministers defended the vote in parliament.",
    ),
    (
        "politics/election.txt",
        "Prime minister calls an election\n\nThe prime minister asked parliament for an early election. \
         Ministers and the opposition began campaigning for votes, and the party leader promised lower taxes.",
    ),
    (
        "politics/vote.txt",
        "Parliament votes on the bill\n\nMinisters won the vote in parliament by twenty votes. \
         The opposition party said the chancellor had misled parliament about taxes.",
    ),
    (
        "food/bread.txt",
        "Baking bread at home\n\nKnead the dough, let it rise overnight and bake it in a hot oven. \
         Flour, water, salt and yeast are all the bread needs.",
    ),
];

fn path_of(library: &Library, id: ArticleId) -> &str {
    library.get(id).path()
}

/// The paths like the article at `path`, best first.
fn similar_to(library: &Library, path: &str, limit: usize) -> Vec<String> {
    let fulltext = FullText::open(library, None);
    let id = library.find_path(path).expect("fixture path");
    fulltext
        .similar(library, id, limit)
        .into_iter()
        .map(|(found, _)| path_of(library, found).to_owned())
        .collect()
}

fn sorted(mut paths: Vec<String>) -> Vec<String> {
    paths.sort();
    paths
}

#[test]
fn a_football_story_finds_the_other_football_stories_first() {
    let library = Library::of_texts(STORIES);
    for story in [
        "sport/arsenal.txt",
        "sport/chelsea.txt",
        "sport/liverpool.txt",
    ] {
        let found = similar_to(&library, story, 2);
        assert!(
            found.iter().all(|path| path.starts_with("sport/")),
            "{story}: {found:?}"
        );
        assert_eq!(found.len(), 2, "{story}: {found:?}");
    }
}

#[test]
fn a_politics_story_finds_the_other_politics_stories_first() {
    let library = Library::of_texts(STORIES);
    let found = similar_to(&library, "politics/budget.txt", 2);
    assert_eq!(
        sorted(found),
        ["politics/election.txt", "politics/vote.txt"]
    );
    let found = similar_to(&library, "politics/vote.txt", 2);
    assert_eq!(
        sorted(found),
        ["politics/budget.txt", "politics/election.txt"]
    );
}

#[test]
fn scores_come_best_first_and_the_limit_holds() {
    let library = Library::of_texts(STORIES);
    let fulltext = FullText::open(&library, None);
    let id = library
        .find_path("sport/chelsea.txt")
        .expect("fixture path");
    let found = fulltext.similar(&library, id, 4);
    assert_eq!(found.len(), 4);
    assert!(
        found.windows(2).all(|pair| pair[0].1 >= pair[1].1),
        "{found:?}"
    );
    assert!(found.iter().all(|&(_, score)| score > 0.0));
    assert!(fulltext.similar(&library, id, 0).is_empty());
}

#[test]
fn the_story_itself_and_its_links_both_ways_are_left_out() {
    let mut stories = STORIES.to_vec();
    // Arsenal links to Chelsea; Liverpool links to Arsenal.
    stories[0].1 = "Arsenal win the derby\n\nArsenal beat Tottenham two goals to one in the north London \
         derby. The striker scored twice and the club climbed the league table.\n\n\
         Read More: Chelsea sack their manager";
    stories[2].1 = "Liverpool sign a new striker\n\nThe club paid a record fee for the striker. \
         The manager said the football club needed goals to win the league.\n\n\
         Read More: Arsenal win the derby";
    let library = Library::of_texts(&stories);
    let found = similar_to(&library, "sport/arsenal.txt", 10);
    assert!(!found.is_empty());
    for left_out in [
        "sport/arsenal.txt",
        "sport/chelsea.txt",
        "sport/liverpool.txt",
    ] {
        assert!(!found.iter().any(|path| path == left_out), "{found:?}");
    }
    // The same stories are found from the other side when nothing links them.
    let unlinked = Library::of_texts(STORIES);
    let found = similar_to(&unlinked, "sport/arsenal.txt", 10);
    assert!(found.iter().any(|path| path == "sport/chelsea.txt"));
}

#[test]
fn an_article_with_no_shared_words_finds_nothing() {
    let library = Library::of_texts(&[
        ("a.txt", "Alpha beta\n\nGamma delta epsilon."),
        ("b.txt", "Zeta eta\n\nTheta iota kappa."),
        ("c.txt", "Lambda mu\n\nNu xi omicron."),
    ]);
    assert!(similar_to(&library, "a.txt", 5).is_empty());
}
