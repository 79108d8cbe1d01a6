//! Folder sections, sort orders and collapsing, on plain state.

use std::fs::File;
use std::time::{Duration, SystemTime};

use ratatui::layout::Rect;

use crate::app::config::{Config, SortOrder};
use crate::app::harness::TestApp as App;
use crate::app::{Command, Focus, ListEntry, ListRow, Motion};
use crate::domain::library::{Library, LoadOptions};

/// Two folders: `a` with three stories, `b` with two; files written `age` minutes ago each.
fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("a/1.txt", "Zebra Crossing", 30),
        ("a/2.txt", "apple harvest", 10),
        ("a/3.txt", "Mango Season", 20),
        ("b/1.txt", "Bridge Opens", 5),
        ("b/2.txt", "Anchor Dropped", 50),
    ];
    for (path, title, age) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("{title}\nBody.\n")).unwrap();
        let time = SystemTime::now() - Duration::from_secs(age * 60);
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(time)
            .unwrap();
    }
    let library = Library::load(dir.path(), LoadOptions::default()).unwrap();
    (dir, library)
}

fn app_with(sort: SortOrder) -> (tempfile::TempDir, App) {
    let (dir, library) = library();
    let config = Config {
        sort,
        ..Config::default()
    };
    (
        dir,
        App::new(library, config, false, Rect::new(0, 0, 100, 30)),
    )
}

/// The list as text: headings as `[folder]`, articles by title.
fn rows(app: &App) -> Vec<String> {
    app.list
        .rows
        .iter()
        .map(|entry| match *entry {
            ListEntry::Heading(section) => {
                format!("[{}]", app.list.sections[section as usize].folder)
            }
            ListEntry::Article(id) => app.library.get(id).title().to_owned(),
        })
        .collect()
}

/// Folder `a` expanded, in path order: its heading and its three articles.
const FOLDER_A: [&str; 4] = ["[a]", "Zebra Crossing", "apple harvest", "Mango Season"];

fn title(app: &App) -> &str {
    app.library.get(app.current().unwrap()).title()
}

#[test]
fn articles_are_grouped_under_their_folder_in_path_order() {
    let (_dir, app) = app_with(SortOrder::Path);
    assert_eq!(
        rows(&app),
        [
            FOLDER_A.as_slice(),
            &["[b]", "Bridge Opens", "Anchor Dropped"]
        ]
        .concat()
    );
    // The first article is open and selected, below its heading.
    assert_eq!(app.list.position.selected, ListRow(1));
    assert_eq!(app.list_place(), (Some(1), 5));
    assert_eq!(app.section_counts(0), (3, 3));
}

#[test]
fn the_sort_key_cycles_title_newest_unread_and_path_keeping_the_selection() {
    let (_dir, mut app) = app_with(SortOrder::Path);
    app.update(Command::CycleSort);
    assert_eq!(app.message.as_deref(), Some("sorted by title"));
    assert_eq!(
        rows(&app)[1..4],
        ["apple harvest", "Mango Season", "Zebra Crossing"],
        "case does not matter"
    );
    assert_eq!(app.selected_article(), app.current(), "still on Zebra");
    app.update(Command::CycleSort);
    assert_eq!(app.message.as_deref(), Some("sorted by newest first"));
    assert_eq!(
        rows(&app)[1..4],
        ["apple harvest", "Mango Season", "Zebra Crossing"]
    );
    assert_eq!(rows(&app)[5..], ["Bridge Opens", "Anchor Dropped"]);
    app.update(Command::CycleSort);
    assert_eq!(app.message.as_deref(), Some("sorted by unread first"));
    // Nothing is read yet (the article shown at start is not), so path order within.
    assert_eq!(
        rows(&app)[1..4],
        ["Zebra Crossing", "apple harvest", "Mango Season"]
    );
    app.update(Command::CycleSort);
    assert_eq!(app.list.sort, SortOrder::Path);
    assert_eq!(rows(&app)[1], "Zebra Crossing");
}

#[test]
fn unread_first_puts_read_articles_last_in_each_folder() {
    let (_dir, mut app) = app_with(SortOrder::Path);
    // Open and so read the first article, then go back to the list.
    app.press(&[Command::Open, Command::FocusPrev]);
    for _ in 0..3 {
        app.update(Command::CycleSort);
    }
    assert_eq!(app.list.sort, SortOrder::Unread);
    assert_eq!(
        rows(&app)[1..4],
        ["apple harvest", "Mango Season", "Zebra Crossing"]
    );
    assert_eq!(
        app.selected_article(),
        app.current(),
        "the selection followed Zebra"
    );
}

#[test]
fn enter_on_a_heading_or_minus_anywhere_in_a_folder_collapses_and_expands_it() {
    let (_dir, mut app) = app_with(SortOrder::Path);
    app.update(Motion::Top);
    assert_eq!(app.selected_article(), None, "the top row is a heading");
    assert_eq!(app.list_place(), (None, 5));
    app.update(Command::Open);
    assert_eq!(rows(&app), ["[a]", "[b]", "Bridge Opens", "Anchor Dropped"]);
    assert_eq!(app.focus, Focus::List, "a heading opens nothing");
    assert_eq!(
        app.section_counts(0),
        (3, 3),
        "a collapsed folder still counts"
    );
    app.update(Command::Open);
    assert_eq!(rows(&app).len(), 7);
    // `-` on an article collapses its folder and selects the heading.
    app.press(&[Motion::Bottom.into(), Command::ToggleSection]);
    assert_eq!(rows(&app), [FOLDER_A.as_slice(), &["[b]"]].concat());
    assert_eq!(app.list.position.selected, ListRow(4));
}

#[test]
fn j_and_k_step_over_headings_and_collapsed_folders() {
    let (_dir, mut app) = app_with(SortOrder::Path);
    app.press(&[Command::NextArticle, Command::NextArticle]);
    assert_eq!(title(&app), "Mango Season");
    app.update(Command::NextArticle);
    assert_eq!(title(&app), "Bridge Opens", "over the heading of b");
    app.update(Command::PrevArticle);
    assert_eq!(title(&app), "Mango Season");
    // With a collapsed, J goes on from where the open article would be.
    app.press(&[
        Motion::Top.into(),
        Command::ToggleSection,
        Command::NextArticle,
    ]);
    assert_eq!(title(&app), "Bridge Opens");
}

#[test]
fn one_folder_has_no_heading() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["x.txt", "y.txt"] {
        std::fs::write(dir.path().join(name), format!("{name}\nBody.\n")).unwrap();
    }
    let library = Library::load(dir.path(), LoadOptions::default()).unwrap();
    let mut app = App::new(library, Config::default(), false, Rect::new(0, 0, 80, 24));
    assert_eq!(rows(&app), ["x.txt", "y.txt"]);
    app.update(Command::ToggleSection);
    assert_eq!(rows(&app).len(), 2, "nothing to collapse");
}

#[test]
fn a_folder_whose_files_come_around_a_subfolder_is_one_section() {
    // Path order puts `a/b/2.txt` between `a/1.txt` and `a/c.txt`.
    let library = Library::of_texts(&[
        ("a/1.txt", "First in a\n\nText."),
        ("a/b/2.txt", "In a/b\n\nText."),
        ("a/c.txt", "Last in a\n\nText."),
    ]);
    let app = App::new(library, Config::default(), false, Rect::new(0, 0, 80, 24));
    assert_eq!(
        rows(&app),
        ["[a]", "First in a", "Last in a", "[a/b]", "In a/b"]
    );
}
