//! `update` on plain state, without a terminal: the shared fixtures here, the tests by topic.

use std::path::Path;

use ratatui::layout::Rect;

use super::harness::TestApp as App;
use super::help::Help;
use super::history::HistoryList;
use super::{Focus, Overlay};
use super::{ListRow, MarkChange, RelatedRow};
use crate::app::action::{Answer, Command, Event, Input, Key, Motion};
use crate::app::config::Config;
use crate::domain::article::parse;
use crate::domain::fixtures::{folder, write};
use crate::domain::library::{ArticleId, Library};
use crate::domain::store::Remembered;
use crate::domain::wrap::LinkIndex;
use crate::domain::wrap::LinkNumber;

/// Five articles: A links to B and to a missing story, B links to C, C links back to A;
/// D has a long body to scroll; E has no links.
/// The id of the article at `index` in path order.
fn id_at(index: usize) -> ArticleId {
    ArticleId::new(index)
}

pub(super) fn app() -> App {
    let long_body: String = (0..60)
        .map(|i| format!("Paragraph number {i}.\n"))
        .collect();
    let texts = [
        "Alpha Story\nIntro.\nRead More: beta story\nMiddle.\nRead More: Missing Piece\nEnd.",
        "Beta Story\nRead More: Gamma Story",
        "Gamma Story\nRead More: Alpha Story",
        &format!("Delta Story\n{long_body}Read More: Alpha Story"),
        "Epsilon Tale\nNo links here.",
    ];
    showing(numbered(&texts), Config::default())
}

/// The reader over `library` on a 100x30 screen, with `config`.
fn showing(library: Library, config: Config) -> App {
    App::new(library, config, false, Rect::new(0, 0, 100, 30))
}

/// A library of `texts` at `0.txt`, `1.txt`, … in that order.
fn numbered(texts: &[&str]) -> Library {
    let articles = (texts.iter().enumerate())
        .map(|(i, text)| (format!("{i}.txt"), parse(text.as_bytes()).unwrap().article))
        .collect();
    Library::from_articles(articles)
}

/// A library of each text at its path.
fn at_paths(stories: &[(&str, &str)]) -> Library {
    let articles = (stories.iter())
        .map(|(path, text)| ((*path).to_owned(), parse(text.as_bytes()).unwrap().article))
        .collect();
    Library::from_articles(articles)
}

/// The terminal resized to `width` x `height`.
fn resize(app: &mut App, width: u16, height: u16) {
    app.update(Event::Resize { width, height });
}

/// The reader over `library` on a 100x30 screen, with `lookup` telling what the store
/// remembers of each article.
fn remembering(
    library: impl Into<std::sync::Arc<Library>>,
    lookup: impl Fn(&str, &str) -> Remembered + Send + 'static,
) -> App {
    let screen = Rect::new(0, 0, 100, 30);
    super::App::with_marks(library, Config::default(), false, screen, lookup).into()
}

fn follow(number: usize) -> Command {
    Command::FollowLink(LinkNumber::new(number).unwrap())
}

pub(super) fn title(app: &App) -> &str {
    app.library.get(app.current().unwrap()).title()
}

fn query(app: &App) -> &str {
    &searching(app).query
}

/// The open search line; the test fails if none is open.
fn searching(app: &App) -> &crate::app::SearchLine {
    match app.overlays.search() {
        Some(search) => search,
        None => panic!("not searching"),
    }
}

/// The text of the reader's first visible line.
fn top_line(app: &App) -> String {
    let wrapped = app.reader.wrapped().unwrap();
    wrapped.line(app.reader.scroll()).unwrap().text.clone()
}

/// The articles the list shows, in order (headings left out).
fn shown(app: &App) -> Vec<usize> {
    (0..app.list_len())
        .filter_map(|row| app.article_at(ListRow(row)))
        .map(ArticleId::index)
        .collect()
}

fn help_scroll(app: &App) -> usize {
    match app.overlays.top() {
        Some(Overlay::Help(help)) => help.scroll(),
        _ => panic!("help is not open"),
    }
}

pub(super) fn open_title(app: &mut App, wanted: &str) {
    let id = app.library.find(wanted).unwrap();
    app.focus = Focus::List;
    app.update(Motion::Top);
    for _ in 0..id.index() {
        app.update(Motion::Down);
    }
    app.update(Command::Open);
    assert_eq!(title(app), wanted);
}

/// [`app`] with the long Delta Story open and its one link, at the end, selected.
fn delta_on_its_link() -> App {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Command::NextLink);
    app
}

/// A library whose first article is longer than the screen.
fn long_first_app() -> App {
    let body: String = (0..80).map(|i| format!("Line {i}.\n")).collect();
    let articles = vec![
        (
            "a.txt".to_owned(),
            parse(format!("Long Read\n{body}").as_bytes())
                .unwrap()
                .article,
        ),
        (
            "b.txt".to_owned(),
            parse(b"Short Read\nHello.").unwrap().article,
        ),
    ];
    showing(Library::from_articles(articles), Config::default())
}

/// The library in `dir`, loaded with the default options.
fn load_at(dir: &Path) -> Library {
    Library::load(dir, crate::domain::library::LoadOptions::default()).unwrap()
}

/// Writes each `(name, text)` of `files` in `dir` and tells the app, in one event, as the
/// file watcher would.
fn rewrite(app: &mut App, dir: &Path, files: &[(&str, &str)]) {
    let paths = (files.iter()).map(|(name, text)| write(dir, name, text));
    app.update(Event::FilesChanged(paths.collect()));
}

/// Moves the selection down `rows` rows, a key press each.
fn down(app: &mut App, rows: usize) {
    for _ in 0..rows {
        app.update(Motion::Down);
    }
}

/// Opens the title search and types `query` into it.
fn search_for(app: &mut App, query: &str) {
    app.update(Command::Search);
    app.update(Input::Paste(query.to_owned()));
}

/// Opens the full-text search and types `query` into it.
fn full_text_for(app: &mut App, query: &str) {
    app.update(Command::FullTextSearch);
    app.update(Input::Paste(query.to_owned()));
}

/// Types `text` a key at a time.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Input::Key(Key::char(c)));
    }
}

fn click_at(app: &mut App, column: u16, row: u16) {
    app.update(Input::Click { column, row });
}

mod fetch;
mod flow;
mod invariants;
mod marks;
mod navigation;
mod panes;
mod peek;
mod related;
mod reload;
mod screen;
mod search;
mod workers;
