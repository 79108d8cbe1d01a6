//! Changed files reloading the library under the reader: marks, selection, searches kept.

use super::*;

#[test]
fn marks_follow_articles_by_path_across_a_reload() {
    let dir = folder(&[("b.txt", "Bravo\nbody"), ("c.txt", "Charlie\nbody")]);
    let library = load_at(dir.path());
    // The store remembers Alpha as read, under the path and title it will have.
    let mut app = remembering(library, |path, title| Remembered {
        read: (path, title) == ("a.txt", "Alpha"),
        ..Remembered::default()
    });
    app.press(&[
        Command::ToggleStar,
        Motion::Down.into(),
        Command::ToggleRead,
    ]);
    assert!(app.remembered(id_at(0)).starred && app.remembered(id_at(1)).read);

    let rewritten = [
        ("a.txt", "Alpha\nnew, first in path order"),
        ("c.txt", "Charlie Rewritten\nanother story now"),
    ];
    rewrite(&mut app, dir.path(), &rewritten);
    let id = |title: &str| app.library.find(title).unwrap();
    assert_eq!(
        (id("Alpha"), id("Bravo"), id("Charlie Rewritten")),
        (id_at(0), id_at(1), id_at(2))
    );
    assert!(app.remembered(id_at(0)).read, "a new article is looked up");
    assert!(
        app.remembered(id_at(1)).starred,
        "Bravo keeps its star at its new id"
    );
    assert!(!app.remembered(id_at(1)).read);
    assert_eq!(
        app.remembered(id_at(2)),
        Remembered::default(),
        "a file rewritten as another story does not inherit the old one's marks"
    );
}

#[test]
fn changed_files_reload_and_keep_the_open_article_and_history_by_path() {
    let dir = folder(&[
        ("b.txt", "Bravo\nRead More: Zulu"),
        ("c.txt", "Charlie\nRead More: Bravo"),
    ]);
    let mut app = showing(load_at(dir.path()), Config::default());
    app.press(&[Motion::Down.into(), Command::Open]);
    assert_eq!(title(&app), "Charlie");

    let added = [
        ("a.txt", "Alpha\nfirst in path order"),
        ("z.txt", "Zulu\nnow the link resolves"),
    ];
    rewrite(&mut app, dir.path(), &added);
    assert_eq!(app.message.as_deref(), Some("library changed: 2 added"));
    assert_eq!(title(&app), "Charlie", "the open article stays open");
    assert_eq!(app.selected_article(), app.current(), "and selected");
    let bravo = app.library.find("Bravo").unwrap();
    assert_eq!(app.library.get(bravo).targets(), [app.library.find("Zulu")]);
    app.update(Command::Back);
    assert_eq!(
        title(&app),
        "Bravo",
        "history follows the articles to their new ids"
    );

    std::fs::remove_file(dir.path().join("c.txt")).unwrap();
    app.update(Event::FilesChanged(vec![dir.path().join("c.txt")]));
    assert_eq!(app.message.as_deref(), Some("library changed: 1 removed"));
    assert_eq!(app.list_len(), 3);
    assert_eq!(title(&app), "Bravo");
}

#[test]
fn answers_and_file_changes_land_while_help_is_open() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Alpha\nbody");
    let mut app = showing(load_at(dir.path()), Config::default());
    app.update(Command::Help);
    rewrite(&mut app, dir.path(), &[("b.txt", "Bravo\nbody")]);
    assert_eq!(app.list_len(), 2);
    assert_eq!(app.overlays.top(), Some(&Overlay::Help(Help::default())));
}

#[test]
fn a_reload_under_a_filter_keeps_the_selection_near() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c", "d"] {
        write(
            dir.path(),
            &format!("{name}.txt"),
            &format!("Title {name}\nbody"),
        );
    }
    let mut app = showing(load_at(dir.path()), Config::default());
    app.update(Command::FilterUnread);
    down(&mut app, 2);
    app.press(&[Command::Open, Command::FocusPrev]);
    assert_eq!(title(&app), "Title c");
    rewrite(&mut app, dir.path(), &[("e.txt", "Title e\nbody")]);
    // "c" is read now, so the filter drops it; the selection goes to the row after it.
    assert_eq!(app.selected_article(), app.library.find("Title d"));
    assert_eq!(title(&app), "Title c", "the open article stays open");
}

#[test]
fn a_reload_during_a_search_keeps_the_query_and_searches_again() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Harbour news\nbody");
    let mut app = showing(load_at(dir.path()), Config::default());
    search_for(&mut app, "harb");
    rewrite(&mut app, dir.path(), &[("b.txt", "Harbour bridge\nbody")]);
    let Some(search) = app.overlays.search() else {
        panic!("still searching");
    };
    assert_eq!(search.query, "harb");
    assert_eq!(search.results.len(), 2, "the new article matches too");
    app.update(Command::Cancel);
    assert_eq!(
        app.list.position.selected,
        ListRow(0),
        "cancel still restores the list"
    );
}
