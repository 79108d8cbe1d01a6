//! `update` with real workers: heavy work leaves `update` at once, and the answers, applied
//! as actions, put the reader where it was.

use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use super::{load_at, searching, showing, type_text, write};
use crate::app::config::Config;
use crate::app::harness::TestApp as App;
use crate::app::{Answer, Command, Event, Focus, ListRow, Motion};
use crate::domain::library::{ArticleId, Library};
use crate::domain::wrap::LinkNumber;

fn with_workers(library: Library) -> (App, Receiver<Answer>) {
    let mut app = showing(library, Config::default());
    let (sender, answers) = mpsc::channel();
    app.start_workers(move |action| {
        let _ = sender.send(action);
    });
    (app, answers)
}

/// Applies the workers' answers until `done` holds; returns the answers applied.
fn settle(app: &mut App, answers: &Receiver<Answer>, done: impl Fn(&App) -> bool) -> Vec<Answer> {
    let mut applied = Vec::new();
    while !done(app) {
        let answer = answers
            .recv_timeout(Duration::from_secs(60))
            .expect("a worker answers");
        applied.push(answer.clone());
        app.update(answer);
    }
    applied
}

fn title(app: &App) -> &str {
    app.library.get(app.current().unwrap()).title()
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, title) in [("b.txt", "Bravo"), ("c.txt", "Charlie"), ("d.txt", "Delta")] {
        write(dir.path(), name, &format!("{title}\nbody of {title}"));
    }
    dir
}

#[test]
fn a_reload_runs_on_a_worker_and_is_swapped_in_keeping_selection_and_history() {
    let dir = folder();
    let (mut app, answers) = with_workers(load_at(dir.path()));
    app.press(&[Motion::Down.into(), Command::Open]);
    assert_eq!(title(&app), "Charlie");
    app.press(&[Command::FocusPrev, Motion::Down.into()]);
    assert_eq!(
        app.selected_article(),
        Some(ArticleId::new(2)),
        "Delta selected"
    );
    // A new first file moves every article one id on.
    let added = write(dir.path(), "a.txt", "Alpha\nnew");
    app.update(Event::FilesChanged(vec![added]));
    assert_eq!(app.library.len(), 3, "update itself reads no file");
    settle(&mut app, &answers, |app| app.library.len() == 4);
    assert_eq!(title(&app), "Charlie");
    assert_eq!(app.current(), Some(ArticleId::new(2)));
    assert_eq!(
        app.selected_article(),
        Some(ArticleId::new(3)),
        "Delta still selected"
    );
    assert_eq!(app.message.as_deref(), Some("library changed: 1 added"));
    app.update(Command::Back);
    assert_eq!(title(&app), "Bravo", "history kept, renumbered");
}

#[test]
fn files_changed_during_a_reload_are_read_by_the_next_one() {
    let dir = folder();
    let (mut app, answers) = with_workers(load_at(dir.path()));
    let first = write(dir.path(), "e.txt", "Echo\n.");
    app.update(Event::FilesChanged(vec![first]));
    let second = write(dir.path(), "f.txt", "Foxtrot\n.");
    app.update(Event::FilesChanged(vec![second]));
    let applied = settle(&mut app, &answers, |app| app.library.len() == 5);
    let reloads = applied
        .iter()
        .filter(|answer| matches!(answer, Answer::Reloaded { .. }))
        .count();
    assert!((1..=2).contains(&reloads), "{reloads} reloads");
    assert_eq!(app.library.find("Foxtrot"), Some(ArticleId::new(4)));
}

#[test]
fn full_text_builds_its_index_in_the_background_and_answers_the_latest_query() {
    let dir = folder();
    let (mut app, answers) = with_workers(load_at(dir.path()));
    app.update(Command::FullTextSearch);
    assert!(
        app.indexing(),
        "the search line says the index is being built"
    );
    type_text(&mut app, "body of delta");
    settle(
        &mut app,
        &answers,
        |app| matches!(app.overlays.search(), Some(search) if search.pending.is_none()),
    );
    assert!(!app.indexing());
    let search = searching(&app);
    assert_eq!(
        search.results,
        [ArticleId::new(2)],
        "Delta only: the last query's answer"
    );
    app.update(Command::Accept);
    assert_eq!(title(&app), "Delta");
}

#[test]
fn closest_titles_of_a_dangling_link_fill_the_list_when_ready() {
    let dir = folder();
    write(dir.path(), "b.txt", "Bravo\nRead More: Delta Story Two");
    let (mut app, answers) = with_workers(load_at(dir.path()));
    app.update(Command::FollowLink(LinkNumber::new(1).unwrap()));
    let Some(search) = app.overlays.search() else {
        panic!("the list of closest titles");
    };
    assert!(search.results.is_empty(), "nothing yet: the worker looks");
    settle(
        &mut app,
        &answers,
        |app| matches!(app.overlays.search(), Some(search) if !search.results.is_empty()),
    );
    let search = searching(&app);
    assert_eq!(search.results[0], ArticleId::new(2), "Delta first");
}

#[test]
fn a_huge_article_opens_with_its_first_screen_and_the_rest_follows() {
    let huge = format!("Huge\n{}", "many words here ".repeat(200_000));
    let library = Library::from_articles(
        [("a.txt", "Small\ntext"), ("b.txt", huge.as_str())]
            .iter()
            .map(|(path, text)| {
                let article = crate::domain::article::parse(text.as_bytes())
                    .unwrap()
                    .article;
                ((*path).to_owned(), article)
            })
            .collect(),
    );
    let (mut app, answers) = with_workers(library);
    app.press(&[Motion::Down.into(), Command::Open]);
    assert_eq!(title(&app), "Huge");
    let lines = |app: &App| app.reader.wrapped().unwrap().lines.len();
    assert!(
        lines(&app) < 200,
        "first screen only: {} lines",
        lines(&app)
    );
    settle(&mut app, &answers, |app| lines(app) > 10_000);
    assert_eq!(app.focus, Focus::Reader);
    app.update(Motion::Bottom);
    let scrolled = app.reader.scroll().0;
    assert!(scrolled > 10_000, "scrolls through the whole article");
    // A narrower screen: its first screen at once, then the whole at the new width.
    app.update(Event::Resize {
        width: 80,
        height: 30,
    });
    assert!(lines(&app) < scrolled, "not wrapped whole inside update");
    let width = app.reader_width();
    settle(&mut app, &answers, |app| {
        app.reader.wrapped().unwrap().width == width && lines(app) > scrolled
    });
    let fraction = app.reader.scroll().0 as f64 / lines(&app) as f64;
    assert!(fraction > 0.95, "back near the end: {fraction}");
    assert_eq!(app.list.position.selected, ListRow(1));
}
