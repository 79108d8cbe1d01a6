//! Text that fits: snapshots at 80x24 and 40x12 (TestBackend) of the lines that must shorten
//! whole words, never a hint or a mark cut in two, plus checks across many widths.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use readmore::app::action::{Command, Motion};
use readmore::app::config::Config;
use readmore::app::{App, Focus};
use readmore::domain::library::{Library, LoadOptions};

use crate::harness::TestApp;
use crate::open;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");

fn app(width: u16, height: u16) -> TestApp {
    let library = Library::load(FIXTURES.as_ref(), LoadOptions::default()).expect("fixtures load");
    with_library(library, width, height)
}

/// With the full-text index: the 80x24 screens show the Related pane's similar stories.
fn with_library(library: Library, width: u16, height: u16) -> TestApp {
    TestApp::new(
        library,
        Config::default(),
        false,
        Rect::new(0, 0, width, height),
    )
    .with_index()
}

/// [`with_library`] with its first article open.
fn opened(library: Library, width: u16, height: u16) -> TestApp {
    let mut app = with_library(library, width, height);
    app.update(Command::Open);
    app
}

/// A library built in memory from `(path, text)` pairs.
fn library_of(files: &[(&str, &str)]) -> Library {
    Library::from_articles(
        files
            .iter()
            .map(|(path, text)| {
                let parsed = readmore::domain::article::parse(text.as_bytes()).expect("parses");
                ((*path).to_owned(), parsed.article)
            })
            .collect(),
    )
}

fn screen(app: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(app.screen.width, app.screen.height)).expect("backend");
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .expect("draws");
    terminal.backend().to_string()
}

/// The rows of a screen as drawn, without the quotes TestBackend puts around each.
fn rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|line| {
            let start = line.find('"')?;
            let end = line.rfind('"')?;
            (end > start).then(|| line[start + 1..end].to_owned())
        })
        .collect()
}

/// The key hints of the status line (after `position │ pane │`), one per entry.
fn status_hints(app: &App) -> Vec<String> {
    let shown = rows(&screen(app));
    let status = shown.last().expect("a status line");
    let hints = status.splitn(3, '│').nth(2).expect("hints after the pane");
    hints
        .split("  ")
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn status_hints_are_dropped_whole_from_the_end_never_cut() {
    for focus in [Focus::List, Focus::Reader, Focus::Links] {
        let mut wide = app(200, 24);
        wide.focus = focus;
        let all = status_hints(&wide);
        assert!(all.len() >= 5, "{all:?}");
        for width in 30..=120 {
            let mut narrow = app(width, 24);
            narrow.focus = focus;
            let shown = status_hints(&narrow);
            assert_eq!(
                shown,
                all[..shown.len()],
                "{focus:?} at {width} columns: whole hints, in order, the last ones dropped"
            );
        }
    }
}

#[test]
fn status_hints_fit_whole_40x12() {
    let mut app = app(40, 12);
    open(&mut app, "Talks Stall Over Water Rights");
    let shown = screen(&app);
    let status = rows(&shown).pop().expect("status");
    assert!(!status.contains('…'), "{status}");
    assert!(status.contains("?:help  space:read"), "{status:?}");
    insta::assert_snapshot!(shown);
}

/// The list with the unread filter on and sorted newest first.
fn filtered_and_sorted(mut app: TestApp) -> TestApp {
    app.press(&[
        Command::FilterUnread,
        Command::CycleSort,
        Command::CycleSort,
    ]);
    app
}

/// The list border's title, between its corner and the first run of the border line.
fn list_border(app: &App) -> String {
    let top = rows(&screen(app)).remove(0);
    let title = top.trim_start_matches('┌').trim_start();
    title
        .split(['─', '┐'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[test]
fn the_list_border_shortens_words_before_numbers_80x24() {
    let app = filtered_and_sorted(app(80, 24));
    assert_eq!(list_border(&app), "5/5 · unread · newest");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_list_border_keeps_the_filter_and_the_sort_40x12() {
    let app = filtered_and_sorted(app(40, 12));
    assert_eq!(list_border(&app), "• new 5/5");
    insta::assert_snapshot!(screen(&app));
    // Without a filter or sort, the counts alone, their word kept.
    let plain = self::app(40, 12);
    assert_eq!(list_border(&plain), "5/5 unread");
}

#[test]
fn a_large_library_keeps_its_counts_filter_and_sort_in_the_border() {
    let texts: Vec<(String, String)> = (0..2225)
        .map(|n| {
            (
                format!("news/{n:04}.txt"),
                format!("Story number {n}\nText."),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let app = with_library(library_of(&files), 80, 24);
    assert_eq!(list_border(&app), "2225/2225 unread");
    let app = filtered_and_sorted(app);
    assert_eq!(list_border(&app), "2225/2225 · unread · new");
}

/// "Festival of Lights Draws Crowds" open, its dangling second link selected so that the
/// Related pane shows it at any size.
fn on_the_dangling_link(width: u16, height: u16) -> TestApp {
    let mut app = app(width, height);
    open(&mut app, "Festival of Lights Draws Crowds");
    app.press(&[Command::NextLink, Command::NextLink]);
    app
}

/// The rows showing the dangling mark: each has the mark and the first word of the link's
/// text together, and none says "not in library" in words.
fn assert_one_mark_before_the_text(shown: &str) {
    let marked: Vec<&str> = shown.lines().filter(|row| row.contains('✗')).collect();
    assert!(
        marked
            .iter()
            .any(|row| row.contains("Read More: ✗\u{a0}Night")),
        "the reader: {shown}"
    );
    assert!(
        marked.iter().any(|row| row.contains("2. ✗ Night")),
        "the Related pane: {shown}"
    );
    assert!(!shown.contains("not in"), "{shown}");
    assert!(!shown.contains("library)"), "{shown}");
}

#[test]
fn the_dangling_mark_is_one_mark_before_the_text_in_both_panes_80x24() {
    let shown = screen(&on_the_dangling_link(80, 24));
    assert_one_mark_before_the_text(&shown);
    insta::assert_snapshot!(shown);
}

#[test]
fn the_dangling_mark_is_one_mark_before_the_text_in_both_panes_40x12() {
    let shown = screen(&on_the_dangling_link(40, 12));
    assert_one_mark_before_the_text(&shown);
    insta::assert_snapshot!(shown);
}

/// Two stories that neither link nor share a word: the Related pane says so.
fn unlinked(width: u16, height: u16) -> TestApp {
    let library = library_of(&[
        ("a.txt", "Harbour Lights\nLanterns along the quay."),
        ("b.txt", "Mountain Rail\nTrains climb the pass."),
    ]);
    opened(library, width, height)
}

#[test]
fn a_related_pane_placeholder_cut_by_the_pane_ends_in_an_ellipsis_40x12() {
    let shown = screen(&unlinked(40, 12));
    assert!(shown.contains("│ No links to or from…   │"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_related_pane_placeholder_that_fits_is_whole_80x24() {
    let shown = screen(&unlinked(80, 24));
    assert!(shown.contains("No links to or from this story"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn a_terminal_too_small_is_told_the_size_it_needs() {
    for (width, height) in [(19, 5), (12, 3), (10, 1), (29, 7), (5, 5)] {
        let shown = screen(&app(width, height));
        assert!(
            shown.contains("30x8"),
            "{width}x{height} names the size needed: {shown}"
        );
        assert!(!shown.contains('…'), "{shown}");
    }
    insta::assert_snapshot!(screen(&app(19, 5)));
}

/// A story whose links name their stories in another case or quote style, and one that
/// names itself.
fn spelled_differently(width: u16, height: u16) -> TestApp {
    let library = library_of(&[
        (
            "a.txt",
            "Fishermen’s Market Extends Hours\nStalls stay open late.\n\
             Read More: fishermen's market extends hours\n\
             Read More: “Harbour” Opens\n\
             Read More: \"harbour\" opens!",
        ),
        ("b.txt", "\"Harbour\" Opens\nThe harbour opened."),
    ]);
    opened(library, width, height)
}

#[test]
fn links_that_differ_only_in_case_or_quotes_need_no_arrow_80x24() {
    let shown = screen(&spelled_differently(80, 24));
    assert!(
        shown.contains("Read More: fishermen's market extends hours "),
        "{shown}"
    );
    assert!(shown.contains("Read More: “Harbour” Opens "), "{shown}");
    // Punctuation is more than a style: that link still names its story.
    assert!(shown.contains("opens! → \"Harbour\" Opens"), "{shown}");
    assert_eq!(shown.matches('→').count(), 1, "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn links_that_differ_only_in_case_or_quotes_need_no_arrow_40x12() {
    let mut app = spelled_differently(40, 12);
    app.update(Motion::Bottom);
    let shown = screen(&app);
    assert!(!shown.contains("hours →"), "{shown}");
    insta::assert_snapshot!(shown);
}

/// Follows link 1 of the open story, which is the story itself; what the screen shows after.
fn follow_the_link_to_itself(width: u16, height: u16) -> String {
    let mut app = spelled_differently(width, height);
    let before = app.history_rows().len();
    app.update(Command::FollowLink(
        readmore::domain::wrap::LinkNumber::new(1).expect("link 1"),
    ));
    assert_eq!(app.history_rows().len(), before, "no step in history");
    assert_eq!(app.message.as_deref(), Some("that link is this story"));
    screen(&app)
}

#[test]
fn following_a_link_to_the_open_story_says_so_80x24() {
    let shown = follow_the_link_to_itself(80, 24);
    assert!(shown.contains("that link is this story"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn following_a_link_to_the_open_story_says_so_40x12() {
    insta::assert_snapshot!(follow_the_link_to_itself(40, 12));
}
