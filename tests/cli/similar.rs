//! `similar`: stories of the same kind first.

use tempfile::TempDir;

use crate::{json_of, lines, one_error_line, run_on, success, write};

/// Football and politics stories: each finds its own kind first.
fn topical_library() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let stories = [
        (
            "sport/arsenal.txt",
            "Arsenal Win the Derby",
            "Arsenal beat Tottenham two goals to one in the derby. The striker scored twice and the goalkeeper saved a penalty as the club climbed the league table.",
        ),
        (
            "sport/chelsea.txt",
            "Chelsea Sack Their Manager",
            "The football club dismissed its manager after league defeats. The striker and the goalkeeper were injured, and the club sits low in the league table.",
        ),
        (
            "sport/liverpool.txt",
            "Liverpool Sign a Striker",
            "The club paid a record fee for the striker, who scored twenty goals. The manager said the football club needed goals to win the league.",
        ),
        (
            "politics/budget.txt",
            "Chancellor Unveils the Budget",
            "The chancellor told parliament that taxes will rise. The opposition said the budget would hurt families, and ministers defended the vote.",
        ),
        (
            "politics/election.txt",
            "Prime Minister Calls an Election",
            "The prime minister asked parliament for an early election. Ministers and the opposition began campaigning for votes on taxes.",
        ),
    ];
    for (path, title, body) in stories {
        write(dir.path(), path, format!("{title}\n\n{body}\n"));
    }
    dir
}

#[test]
fn similar_prints_score_title_and_path_best_first() {
    let dir = topical_library();
    let text = success(&run_on(dir.path(), &["similar", "arsenal win the derby"]));
    let shown = lines(&text);
    assert!(shown.len() >= 2, "{text}");
    let mut scores = Vec::new();
    for line in &shown {
        let (score, rest) = line
            .trim_start()
            .split_once("  ")
            .expect("score  title  (path)");
        scores.push(score.parse::<f64>().expect("a score"));
        assert!(rest.ends_with(".txt)"), "{line}");
    }
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "{text}");
    let mut first_two: Vec<&str> = shown[..2]
        .iter()
        .map(|line| line.split_once("  (").expect("path").1)
        .collect();
    first_two.sort_unstable();
    assert_eq!(
        first_two,
        ["sport/chelsea.txt)", "sport/liverpool.txt)"],
        "{text}"
    );

    let limited = success(&run_on(
        dir.path(),
        &["similar", "sport/arsenal.txt", "-n", "1"],
    ));
    assert_eq!(lines(&limited), shown[..1]);
}

#[test]
fn similar_json_has_title_path_and_score_as_links_json_does() {
    let dir = topical_library();
    let found = json_of(&run_on(
        dir.path(),
        &["similar", "politics/budget.txt", "--json"],
    ));
    let found = found.as_array().expect("an array");
    assert_eq!(found[0]["title"], "Prime Minister Calls an Election");
    assert_eq!(found[0]["path"], "politics/election.txt");
    for story in found {
        let keys: Vec<&String> = story.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["path", "score", "title"]);
        assert!(story["score"].as_f64().expect("a number") > 0.0);
    }
    let links = json_of(&run_on(
        dir.path(),
        &["links", "politics/budget.txt", "--json"],
    ));
    assert_eq!(
        links["similar"].as_array(),
        Some(&found[..found.len().min(5)].to_vec())
    );
}

#[test]
fn similar_to_an_unknown_title_fails_naming_the_closest() {
    let dir = topical_library();
    let line = one_error_line(&run_on(dir.path(), &["similar", "Arsenal Win"]), 1);
    assert!(
        line.contains("closest: \"Arsenal Win the Derby\""),
        "{line}"
    );
}
