use super::*;

fn mark(read: bool, starred: bool, scroll: usize, lines: usize) -> Remembered {
    Remembered {
        read,
        starred,
        scroll,
        lines,
    }
}

#[test]
fn the_compact_table_gives_back_every_mark_it_was_given_and_each_change() {
    let given = [
        Remembered::default(),
        mark(true, false, 0, 0),
        mark(false, true, 0, 0),
        mark(true, true, 12, 40),
        mark(false, false, 0, 7),
    ];
    let mut table: Table = given.iter().copied().collect();
    assert_eq!(table.iter().collect::<Vec<_>>(), given);
    assert_eq!(table.get(given.len()), None);
    table.set(3, mark(true, false, 0, 0));
    table.set(0, mark(false, false, 3, 9));
    assert_eq!(table.get(3), Some(mark(true, false, 0, 0)));
    assert_eq!(table.get(0), Some(mark(false, false, 3, 9)));
    assert_eq!(table.places.len(), 2, "a place dropped is forgotten");
}

#[test]
fn the_marked_articles_are_those_with_anything_remembered() {
    let library = Library::of_texts(&[
        ("a.txt", "A\n\nText."),
        ("b.txt", "B\n\nText."),
        ("c.txt", "C\n\nText."),
        ("d.txt", "D\n\nText."),
    ]);
    let lookup = |path: &str, _: &str| match path {
        "b.txt" => mark(true, false, 0, 0),
        "d.txt" => mark(false, false, 5, 10),
        _ => Remembered::default(),
    };
    let mut marks = Marks::new(&library, Box::new(lookup));
    let ids = |paths: &[&str]| -> Vec<ArticleId> {
        (paths.iter())
            .filter_map(|path| library.find_path(path))
            .collect()
    };
    assert_eq!(marks.marked(), ids(&["b.txt", "d.txt"]));
    let c = library.find_path("c.txt").expect("c.txt is in the library");
    marks.change(&library, c, |mark| mark.starred = true);
    let d = library.find_path("d.txt").expect("d.txt is in the library");
    marks.change(&library, d, |mark| (mark.scroll, mark.lines) = (0, 0));
    assert_eq!(marks.marked(), ids(&["b.txt", "c.txt"]));
    assert_eq!(marks.take_changes().len(), 2);
}
