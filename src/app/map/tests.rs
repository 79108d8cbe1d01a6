//! The link map's tree, built from small libraries: two levels, backlinks, cycles, dangling
//! links, self-links and a story with hundreds of links.

use super::{CHILDREN, MapNode, ROOT_CHILDREN, Repeat, build};
use crate::domain::article::parse;
use crate::domain::library::Library;

/// A library of `texts` (each a whole article file), at `0.txt`, `1.txt`, ….
fn library(texts: &[&str]) -> Library {
    let articles = (texts.iter().enumerate())
        .map(|(i, text)| (format!("{i}.txt"), parse(text.as_bytes()).unwrap().article))
        .collect();
    Library::from_articles(articles)
}

/// The map of `title` as text, one row a line, as the map draws it without styles.
fn tree(library: &Library, title: &str) -> String {
    let root = library.find(title).expect("title in library");
    build(library, root)
        .iter()
        .map(|row| {
            let arrow = row
                .direction
                .map_or(String::new(), |d| format!("{} ", d.arrow()));
            let name = match &row.node {
                MapNode::Story(id) => library.get(*id).title().to_owned(),
                MapNode::Missing(name) => format!("{name} ✗"),
                MapNode::More(count) => format!("… {count} more"),
            };
            let mark = match row.repeat {
                Some(Repeat::Cycle) => " (cycle)",
                Some(Repeat::Above) => " (above)",
                Some(Repeat::Below) => " (below)",
                None => "",
            };
            format!("{}{arrow}{name}{mark}\n", row.prefix())
        })
        .collect()
}

#[test]
fn two_levels_of_links_and_backlinks_with_the_way_back_marked_as_a_cycle() {
    let library = library(&[
        "Summit in Singapore\nText.\nRead More: Rally in Pyongyang\nRead More: Missing story",
        "Rally in Pyongyang\nText.\nRead More: Talks resume\nRead More: Summit in Singapore",
        "Talks resume\nText.\nRead More: Far away",
        "Backlink title\nRead More: Summit in Singapore",
        "Far away\nNot reached: three levels out.",
    ]);
    assert_eq!(
        tree(&library, "Summit in Singapore"),
        "\
Summit in Singapore
├─ → Rally in Pyongyang
│   ├─ → Talks resume
│   ├─ → Summit in Singapore (cycle)
│   └─ ← Summit in Singapore (cycle)
├─ → Missing story ✗
├─ ← Rally in Pyongyang (above)
└─ ← Backlink title
    └─ → Summit in Singapore (cycle)
"
    );
}

#[test]
fn a_story_already_in_the_map_is_a_marked_reference_above_or_below() {
    // A links to B and C; B links to C (expanded below as A's own link) and D; C links to D
    // (expanded above, under B).
    let library = library(&[
        "A\nRead More: B\nRead More: C",
        "B\nRead More: C\nRead More: D",
        "C\nRead More: D",
        "D\nThe end.",
    ]);
    assert_eq!(
        tree(&library, "A"),
        "\
A
├─ → B
│   ├─ → C (below)
│   ├─ → D
│   └─ ← A (cycle)
└─ → C
    ├─ → D (above)
    ├─ ← A (cycle)
    └─ ← B (above)
"
    );
}

#[test]
fn a_self_link_is_a_cycle_and_is_not_expanded() {
    let library = library(&[
        "Loop\nRead More: Loop\nRead More: Other",
        "Other\nRead More: Other",
    ]);
    assert_eq!(
        tree(&library, "Loop"),
        "\
Loop
├─ → Loop (cycle)
├─ → Other
│   ├─ → Other (cycle)
│   ├─ ← Loop (cycle)
│   └─ ← Other (cycle)
└─ ← Loop (cycle)
"
    );
}

#[test]
fn a_story_with_no_links_is_the_root_alone() {
    let library = library(&["Island\nNo links at all."]);
    assert_eq!(tree(&library, "Island"), "Island\n");
}

#[test]
fn a_link_named_twice_is_one_row() {
    let library = library(&["A\nRead More: B\nRead More: b", "B\nText."]);
    assert_eq!(
        tree(&library, "A"),
        "\
A
└─ → B
    └─ ← A (cycle)
"
    );
}

#[test]
fn hundreds_of_links_stay_bounded() {
    // A hub linking to 500 stories, each linking back to the hub and to 30 others.
    let mut texts = vec![format!(
        "Hub\n{}",
        (0..500)
            .map(|n| format!("Read More: Story {n}\n"))
            .collect::<String>()
    )];
    for n in 0..500 {
        let others: String = (1..=30)
            .map(|k| format!("Read More: Story {}\n", (n + k) % 500))
            .collect();
        texts.push(format!("Story {n}\nRead More: Hub\n{others}"));
    }
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let library = library(&texts);
    let hub = library.find("Hub").unwrap();
    let rows = build(&library, hub);
    let first: Vec<_> = rows.iter().filter(|row| row.depth == 1).collect();
    // The hub's own links, the first ROOT_CHILDREN of 1,000 (500 out, 500 back), then a
    // row for the rest.
    assert_eq!(first.len(), ROOT_CHILDREN + 1);
    assert_eq!(
        first.last().unwrap().node,
        MapNode::More(1000 - ROOT_CHILDREN)
    );
    // Each story of the first level shows CHILDREN links and a row for the rest.
    let under_first = rows.iter().skip(2).take_while(|row| row.depth == 2).count();
    assert_eq!(under_first, CHILDREN + 1);
    assert!(rows.len() <= 1 + (ROOT_CHILDREN + 1) * (CHILDREN + 2));
}

#[test]
fn two_hundred_thousand_links_take_a_moment_not_minutes() {
    let mut text = "Hub\n".to_owned();
    for n in 0..200_000 {
        text.push_str(&format!("Read More: Gone {n}\nRead More: Gone {}\n", n / 2));
    }
    let (done, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let library = library(&[&text]);
        let rows = build(&library, library.find("Hub").unwrap());
        done.send(rows).unwrap();
    });
    // A guard against a hang (the map was quadratic in the links), not a speed target.
    let rows = answer
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the map is built");
    assert_eq!(rows.len(), 1 + ROOT_CHILDREN + 1);
    assert_eq!(rows[1].node, MapNode::Missing("Gone 0".to_owned()));
    assert_eq!(rows[2].node, MapNode::Missing("Gone 1".to_owned()));
    assert_eq!(
        rows.last().unwrap().node,
        MapNode::More(200_000 - ROOT_CHILDREN)
    );
}
