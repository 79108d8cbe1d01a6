//! Snapshots of rendered screens on `TestBackend`, plus a property test that every screen
//! renders at every size without panicking or drawing outside the buffer.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use readmore::action::{Action, LinkNumber};
use readmore::app::App;
use readmore::config::Config;
use readmore::library::{Library, LoadOptions};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");

fn app(width: u16, height: u16, color: bool) -> App {
    let library = Library::load(FIXTURES.as_ref(), LoadOptions::default()).expect("fixtures load");
    App::new(
        library,
        Config::default(),
        color,
        Rect::new(0, 0, width, height),
    )
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.screen.width, app.screen.height)).expect("backend");
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .expect("draws");
    terminal
}

fn open(app: &mut App, title: &str) {
    let id = app.library.find(title).expect("fixture title");
    app.update(Action::Top);
    for _ in 0..id {
        app.update(Action::Down);
    }
    app.update(Action::Open);
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

#[test]
fn first_screen() {
    let app = app(100, 30, false);
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn article_with_resolved_and_dangling_links() {
    let mut app = app(100, 30, true);
    open(&mut app, "Festival of Lights Draws Crowds");
    app.update(Action::NextLink);
    app.update(Action::FocusNext);
    let terminal = draw(&app);
    insta::assert_snapshot!(screen(&terminal));
    let buffer = terminal.backend().buffer();
    let dangling = find(
        buffer,
        "Read More: Night Market Returns To The Quay (not in library)",
    );
    assert_eq!(
        buffer[dangling].fg,
        Color::LightRed,
        "dangling links are marked"
    );
    let link = find(buffer, "Read More: Harbour Bridge Reopens");
    assert_eq!(
        buffer[link].bg,
        Color::Blue,
        "the selected link is highlighted in place"
    );
    let row = find(buffer, "1. Harbour Bridge Reopens");
    assert_eq!(buffer[row].bg, Color::Blue, "and in the focused links pane");
    let other = find(buffer, "2. Night Market");
    assert_eq!(buffer[other].fg, Color::LightRed);
}

#[test]
fn search_in_progress_highlights_matches() {
    let mut app = app(100, 30, false);
    app.update(Action::Search);
    for c in "harb".chars() {
        app.update(Action::SearchInput(c));
    }
    let terminal = draw(&app);
    insta::assert_snapshot!(screen(&terminal));
    let buffer = terminal.backend().buffer();
    let title = find(buffer, "Harbour Bridge Reopens");
    for offset in 0..4 {
        let cell = &buffer[(title.0 + offset, title.1)];
        assert!(
            cell.modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED),
            "matched char {offset} is highlighted"
        );
    }
    assert!(
        !buffer[(title.0 + 5, title.1)]
            .modifier
            .contains(Modifier::UNDERLINED)
    );
}

#[test]
fn help_overlay() {
    let mut app = app(100, 34, false);
    app.update(Action::Help);
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn tiny_terminal() {
    let app = app(24, 5, false);
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn cjk_title_takes_its_real_width() {
    let mut app = app(60, 16, false);
    open(&mut app, "東京の朝市がにぎわう");
    let terminal = draw(&app);
    insta::assert_snapshot!(screen(&terminal));
}

#[test]
fn no_color_uses_no_colour() {
    let mut app = app(80, 24, false);
    app.update(Action::Search);
    app.update(Action::SearchInput('a'));
    let terminal = draw(&app);
    for cell in terminal.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
}

/// Top-left cell of the first occurrence of `text` on one row.
fn find(buffer: &Buffer, text: &str) -> (u16, u16) {
    let area = buffer.area;
    for y in 0..area.height {
        let row: Vec<&str> = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        let joined = row.concat();
        if let Some(byte) = joined.find(text) {
            let column = joined[..byte].chars().count();
            return (u16::try_from(column).unwrap(), y);
        }
    }
    panic!("{text:?} not on screen:\n{buffer:?}");
}

/// States worth drawing at every size.
fn states() -> Vec<fn(&mut App)> {
    vec![
        |_| {},
        |app| {
            app.update(Action::Search);
            app.update(Action::SearchPaste("東京 harbour".to_owned()));
        },
        |app| app.update(Action::Help),
        |app| {
            open(app, "東京の朝市がにぎわう");
            app.update(Action::FocusNext);
            app.update(Action::Bottom);
        },
        |app| {
            app.update(Action::FollowLink(LinkNumber::new(2).unwrap()));
        },
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_screen_renders_at_any_size(width in 1u16..=300, height in 1u16..=100) {
        for state in states() {
            let mut app = app(120, 35, true);
            state(&mut app);
            app.update(Action::Resize { width, height });
            let terminal = draw(&app);
            prop_assert_eq!(terminal.backend().buffer().area, Rect::new(0, 0, width, height));
        }
    }
}
