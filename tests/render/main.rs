//! Snapshots of rendered screens on `TestBackend`, plus a property test that every screen
//! renders at every size without panicking or drawing outside the buffer. The modules test the
//! library and the drawing in-process too: text that fits (`fit`), hostile input (`hostile`)
//! and the fuzz targets' checks (`fuzz`), each `App` driven by `harness`. One test binary.

mod fit;
mod fuzz;
/// The harness the library's own tests use: it names `crate::app` and `crate::domain`, and
/// this binary leaves some of it unused.
#[allow(dead_code)]
#[path = "../../src/app/harness.rs"]
mod harness;
mod hostile;

use std::ffi::OsStr;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::Widget;
use readmore::app::action::{Answer, Command, Event, Input, Key, Motion};
use readmore::app::config::Align;
use readmore::app::config::Config;
use readmore::app::keymap::PANES;
use readmore::app::{App, Focus, Overlay};
use readmore::domain::library::{Library, LoadOptions};
use readmore::domain::wrap::LinkNumber;
use readmore::ui::color_allowed;
use readmore::{app, domain};

use harness::TestApp;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");

/// The fixtures' library on a `width`×`height` screen, its similar stories found as in the
/// reader.
fn app(width: u16, height: u16, color: bool) -> TestApp {
    app_without_index(width, height, color).with_index()
}

/// The fixtures' library, with the full-text index never built: the similar stories stay
/// "being found".
fn app_without_index(width: u16, height: u16, color: bool) -> TestApp {
    let library = Library::load(FIXTURES.as_ref(), LoadOptions::default()).expect("fixtures load");
    TestApp::new(
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

/// Snapshot tests of whole screens: `name: app;` draws the [`TestApp`] `app` and compares the
/// screen with the snapshot of the test `name`.
macro_rules! snapshot_tests {
    ($($name:ident: $app:expr;)+) => {
        $(
            #[test]
            fn $name() {
                let app = $app;
                insta::assert_snapshot!(screen(&draw(&app)));
            }
        )+
    };
}

fn open(app: &mut TestApp, title: &str) {
    let id = app.library.find(title).expect("fixture title");
    app.update(Motion::Top);
    // Down over folder headings and other articles to the one wanted.
    while app.selected_article() != Some(id) {
        app.update(Motion::Down);
    }
    app.update(Command::Open);
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

snapshot_tests! {
    first_screen: app(100, 30, false);
    tiny_terminal: app(24, 5, false);
}

#[test]
fn article_with_resolved_and_dangling_links() {
    let mut app = app(100, 30, true);
    open(&mut app, "Festival of Lights Draws Crowds");
    app.press(&[Command::NextLink, Command::FocusNext]);
    let terminal = draw(&app);
    insta::assert_snapshot!(screen(&terminal));
    let buffer = terminal.backend().buffer();
    let dangling = find(buffer, "Read More: ✗\u{a0}Night Market Returns To The Quay");
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
    let other = find(buffer, "2. ✗ Night Market");
    assert_eq!(buffer[other].fg, Color::LightRed);
}

#[test]
fn search_in_progress_highlights_matches() {
    let mut app = app(100, 30, false);
    app.update(Command::Search);
    for c in "harb".chars() {
        app.update(Input::Key(Key::char(c)));
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

/// The help overlay open on the fixtures.
fn with_help(width: u16, height: u16) -> TestApp {
    let mut app = app(width, height, false);
    app.update(Command::Help);
    app
}

#[test]
fn help_overlay() {
    let mut app = with_help(80, 24);
    let first = screen(&draw(&app));
    insta::assert_snapshot!(first);
    assert!(first.contains("more below"), "{first}");
    // Paging down shows the rest: every binding, none cut.
    let mut seen = first.clone();
    let mut rows = popup_text(&app, &draw(&app));
    for _ in 0..5 {
        app.update(Motion::PageDown);
        seen.push_str(&screen(&draw(&app)));
        rows.extend(popup_text(&app, &draw(&app)));
    }
    assert!(
        rows.iter().all(|row| !row.contains('…')),
        "nothing is cut: {rows:?}"
    );
    let last = screen(&draw(&app));
    assert!(!last.contains("more below"), "{last}");
    assert!(last.contains("esc closes this help"), "{last}");
    for binding in PANES {
        let help = binding.help.unwrap();
        assert!(seen.contains(help), "{help:?} is shown");
    }
}

/// The rows inside the help popup's border, as drawn.
fn popup_text(app: &App, terminal: &Terminal<TestBackend>) -> Vec<String> {
    let Some(Overlay::Help(help)) = app.overlays.top() else {
        panic!("help is not open");
    };
    let scroll = help.scroll();
    let popup = app.help_layout(app.screen, scroll).popup;
    let buffer = terminal.backend().buffer();
    (popup.y + 1..popup.bottom() - 1)
        .map(|y| {
            (popup.x + 1..popup.right() - 1)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect()
}

#[test]
fn help_overlay_small() {
    let app = with_help(40, 12);
    let first = screen(&draw(&app));
    insta::assert_snapshot!(first);
    assert!(first.contains("focus next pane"), "{first}");
    let rows = popup_text(&app, &draw(&app));
    assert!(rows.iter().all(|row| !row.contains('…')), "{rows:?}");
}

#[test]
fn dangling_link_offers_closest_titles() {
    for (width, height) in [(80, 24), (40, 12)] {
        let mut app = app(width, height, false);
        open(&mut app, "Festival of Lights Draws Crowds");
        // Selecting the second link brings it into view in the smallest Related pane.
        app.press(&[Command::NextLink, Command::NextLink]);
        let links = screen(&draw(&app));
        assert!(links.contains("2. ✗ Night"), "{links}");
        app.update(Command::FollowLink(LinkNumber::new(2).unwrap()));
        let shown = screen(&draw(&app));
        insta::assert_snapshot!(format!("dangling_{width}x{height}"), shown);
        if width >= 80 {
            assert!(shown.contains("not in library:"), "{shown}");
        }
    }
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
    // What `NO_COLOR` means, through the function the reader asks at start.
    assert!(color_allowed(None));
    assert!(color_allowed(Some(OsStr::new(""))), "empty is unset");
    let color = color_allowed(Some(OsStr::new("1")));
    assert!(!color);
    let mut app = app(80, 24, color);
    app.update(Command::Search);
    app.update(Input::Key(Key::char('a')));
    let terminal = draw(&app);
    for cell in terminal.backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let coloured = draw(&self::app(80, 24, color_allowed(None)));
    let buffer = coloured.backend().buffer();
    assert!(
        buffer.content().iter().any(|cell| cell.fg != Color::Reset),
        "the same screen has colour when NO_COLOR is unset"
    );
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

/// "Festival of Lights Draws Crowds" open with peek on, then `step`.
fn peek_after(app: &mut TestApp, step: Command) {
    open(app, "Festival of Lights Draws Crowds");
    app.update(Command::TogglePeek);
    app.update(step);
}

/// States worth drawing at every size.
fn states() -> Vec<fn(&mut TestApp)> {
    vec![
        |_| {},
        |app| {
            app.update(Command::Search);
            app.update(Input::Paste("東京 harbour".to_owned()));
        },
        |app| app.update(Command::Help),
        |app| {
            open(app, "東京の朝市がにぎわう");
            app.press(&[Command::FocusNext, Motion::Bottom.into()]);
        },
        |app| {
            app.update(Command::FollowLink(LinkNumber::new(2).unwrap()));
        },
        |app| app.press(&[Command::FocusNext, Command::Zoom]),
        |app| peek_after(app, Command::NextLink),
        |app| peek_after(app, Command::PrevLink),
        |app| {
            open(app, "Summit Opens in Geneva");
            app.press(&[Command::LinkMap, Motion::Bottom.into()]);
        },
    ]
}

/// What every screen must show, whatever its size: nothing drawn beyond the screen (the buffer
/// handed to the renderer is larger), the status line on the last row, and each pane's border
/// closed at its four corners — or, below the minimum size, the "too small" notice.
fn check_screen(app: &App, buffer: &Buffer) -> Result<(), TestCaseError> {
    let screen = app.screen;
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            if x >= screen.width || y >= screen.height {
                prop_assert_eq!(buffer[(x, y)].symbol(), "·", "drawn outside at {}x{}", x, y);
            }
        }
    }
    let row = |y: u16| -> String { (0..screen.width).map(|x| buffer[(x, y)].symbol()).collect() };
    let Some(areas) = app.areas else {
        // The notice names the size needed wherever that fits.
        let notice: Vec<String> = (0..screen.height).map(row).collect();
        prop_assert!(
            notice.join(" ").contains("30x8") || screen.width < 4,
            "{:?}",
            notice
        );
        return Ok(());
    };
    if app.overlays.map().is_some() {
        // The map covers the panes; its border must be whole and the status line still there.
        let area = Rect {
            height: screen.height - 1,
            ..screen
        };
        for (x, y, corner) in [
            (area.x, area.y, "┌"),
            (area.right() - 1, area.y, "┐"),
            (area.x, area.bottom() - 1, "└"),
            (area.right() - 1, area.bottom() - 1, "┘"),
        ] {
            prop_assert_eq!(buffer[(x, y)].symbol(), corner, "map border");
        }
        prop_assert!(row(areas.status.y).starts_with(' '));
        return Ok(());
    }
    if matches!(app.overlays.top(), Some(Overlay::Help(_))) {
        // The overlay covers the panes and the status line; its own border must be whole.
        let cells: String = buffer.content().iter().map(|c| c.symbol()).collect();
        for corner in ['┌', '┐', '└', '┘'] {
            prop_assert!(cells.contains(corner), "help border corner {}", corner);
        }
        return Ok(());
    }
    let status = row(areas.status.y);
    match app.overlays.top() {
        Some(Overlay::Search(_)) => prop_assert!(status.starts_with('/'), "{:?}", status),
        Some(Overlay::Find(_)) => prop_assert!(status.starts_with("find/"), "{:?}", status),
        _ => {
            let (number, count) = app.list_place();
            let number = number.map_or("-".to_owned(), |n| n.to_string());
            prop_assert!(
                status.starts_with(&format!(" {number}/{count} │ ")),
                "{:?}",
                status
            );
        }
    }
    let panes = [
        (areas.list, Focus::List),
        (areas.reader, Focus::Reader),
        (areas.links, Focus::Links),
    ];
    for (pane, _) in panes.into_iter().filter(|(_, focus)| areas.shows(*focus)) {
        let (left, top) = (pane.x, pane.y);
        let (right, bottom) = (pane.right() - 1, pane.bottom() - 1);
        for (x, y, corner) in [
            (left, top, "┌"),
            (right, top, "┐"),
            (left, bottom, "└"),
            (right, bottom, "┘"),
        ] {
            prop_assert_eq!(buffer[(x, y)].symbol(), corner, "pane {:?}", pane);
        }
        for y in top + 1..bottom {
            prop_assert_eq!(buffer[(left, y)].symbol(), "│", "left border of {:?}", pane);
            prop_assert_eq!(
                buffer[(right, y)].symbol(),
                "│",
                "right border of {:?}",
                pane
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Failing cases are kept beside this file; the default looks for a `main.rs` and would
        // keep them in `tests/proptest-regressions/main.txt`.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions"
        ))),
        ..ProptestConfig::with_cases(64)
    })]

    #[test]
    fn every_screen_renders_at_any_size(width in 1u16..=300, height in 1u16..=100) {
        for state in states() {
            let mut app = app_without_index(120, 35, true);
            state(&mut app);
            app.update(Event::Resize { width, height });
            // A buffer larger than the screen, filled with a marker, shows any stray cell.
            // Inside the screen, cells start blank, as ratatui's terminal gives them each frame.
            let mut buffer = Buffer::filled(Rect::new(0, 0, width + 3, height + 2), Cell::new("·"));
            for position in app.screen.positions() {
                buffer[position].set_symbol(" ");
            }
            (&app).render(app.screen, &mut buffer);
            check_screen(&app, &buffer)?;
        }
    }
}

#[test]
fn find_in_article_draws_the_current_hit_apart() {
    let mut app = app(80, 24, false);
    open(&mut app, "Festival of Lights Draws Crowds");
    app.update(Command::Find);
    app.update(Input::Paste("the".to_owned()));
    app.press(&[Command::Accept, Command::NextHit]);
    let terminal = draw(&app);
    let shown = screen(&terminal);
    insta::assert_snapshot!(shown);
    assert!(shown.contains("hit 2 of"), "{shown}");
    let buffer = terminal.backend().buffer();
    let reversed: Vec<(u16, u16)> = buffer
        .area
        .positions()
        .filter(|&p| buffer[p].modifier.contains(Modifier::REVERSED))
        .map(|p| (p.x, p.y))
        .collect();
    let matched = buffer
        .area
        .positions()
        .filter(|&p| {
            buffer[p]
                .modifier
                .contains(Modifier::UNDERLINED | Modifier::BOLD)
        })
        .count();
    assert_eq!(reversed.len(), 3, "one hit of three letters is current");
    assert!(matched > 3, "the other hits are highlighted too");
}

#[test]
fn full_text_snippets_show_and_highlight_the_hit() {
    let mut app = app(80, 24, false);
    app.update(Command::FullTextSearch);
    app.update(Input::Paste("programme".to_owned()));
    let terminal = draw(&app);
    let shown = screen(&terminal);
    insta::assert_snapshot!(shown);
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "programme");
    assert!(x < app.areas.unwrap().list.right(), "in the list: {shown}");
    assert!(
        buffer[(x, y)]
            .modifier
            .contains(Modifier::BOLD | Modifier::UNDERLINED),
        "the hit is highlighted"
    );
}

#[test]
fn z_zooms_the_reader_to_the_whole_screen_80x24() {
    let mut app = app(80, 24, false);
    app.press(&[Command::FocusNext, Command::Zoom]);
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn z_zooms_the_list_at_40x12() {
    let mut app = app(40, 12, false);
    app.update(Command::Zoom);
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn the_text_column_is_centred_beyond_max_width_when_asked() {
    let library = Library::load(FIXTURES.as_ref(), LoadOptions::default()).expect("fixtures load");
    let config = Config {
        max_width: 40,
        align: Align::Center,
        ..Config::default()
    };
    let app = TestApp::new(library, config, false, Rect::new(0, 0, 100, 24));
    insta::assert_snapshot!(screen(&draw(&app)));
}

#[test]
fn the_related_pane_takes_only_the_rows_it_needs_at_40x12() {
    let mut app = app(40, 12, false);
    open(&mut app, "Harbour Bridge Reopens");
    insta::assert_snapshot!(screen(&draw(&app)));
}

/// The list sorted by title with the `world` folder collapsed.
fn sorted_and_collapsed(width: u16, height: u16) -> TestApp {
    let mut app = app(width, height, false);
    app.press(&[
        Command::CycleSort,
        Motion::Bottom.into(),
        Command::ToggleSection,
    ]);
    app
}

snapshot_tests! {
    folder_sections_sorted_and_collapsed_80x24: sorted_and_collapsed(80, 24);
    folder_sections_sorted_and_collapsed_40x12: sorted_and_collapsed(40, 12);
}

/// Four articles opened one after another, the last one open.
fn trail_of_four(width: u16, height: u16) -> TestApp {
    let mut app = app(width, height, false);
    for title in [
        "Harbour Bridge Reopens",
        "Summit Opens in Geneva",
        "Talks Stall Over Water Rights",
    ] {
        // Opening moves the focus to the reader; the list is where the next one is picked.
        app.focus = Focus::List;
        open(&mut app, title);
    }
    app
}

#[test]
fn the_reader_border_shows_the_trail_80x24() {
    let app = trail_of_four(80, 24);
    let shown = screen(&draw(&app));
    let top = shown.lines().next().unwrap_or_default();
    // The story before the open one, shortened rather than left out.
    assert!(top.contains("… › Summit Opens… › Talks Stall"), "{top}");
    insta::assert_snapshot!(shown);
}

snapshot_tests! {
    the_reader_border_shows_the_trail_40x12: trail_of_four(40, 12);
    t_lists_the_history_with_the_current_visit_marked_80x24: {
        let mut app = trail_of_four(80, 24);
        app.press(&[Command::History, Motion::Down.into()]);
        app
    };
}

/// "Festival of Lights Draws Crowds" open with peek on and its `n`-th link selected.
fn peeking_at(width: u16, height: u16, links: usize) -> TestApp {
    let mut app = app(width, height, true);
    open(&mut app, "Festival of Lights Draws Crowds");
    app.update(Command::TogglePeek);
    for _ in 0..links {
        app.update(Command::NextLink);
    }
    app
}

#[test]
fn peek_shows_a_resolved_link_s_story_over_the_reader_80x24() {
    let terminal = draw(&peeking_at(80, 24, 1));
    insta::assert_snapshot!(screen(&terminal));
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "│ Harbour Bridge Reopens");
    assert_eq!(
        buffer[(x + 2, y)].fg,
        Color::Cyan,
        "the story's title is a heading"
    );
    let link = find(buffer, "Read More: Harbour Bridge Reopens");
    assert_eq!(
        buffer[link].bg,
        Color::Blue,
        "the selected link stays in view"
    );
    find(buffer, "The bridge reopened to traffic");
}

snapshot_tests! {
    peek_shows_a_resolved_link_s_story_over_the_reader_120x36: peeking_at(120, 36, 1);
}

#[test]
fn peek_at_a_dangling_link_says_no_title_is_close_80x24() {
    let terminal = draw(&peeking_at(80, 24, 2));
    insta::assert_snapshot!(screen(&terminal));
    let buffer = terminal.backend().buffer();
    let name = find(buffer, "✗ Night Market Returns To The Quay");
    assert_eq!(buffer[name].fg, Color::LightRed);
}

snapshot_tests! {
    peek_at_a_dangling_link_says_no_title_is_close_120x36: peeking_at(120, 36, 2);
}

/// The link map of "Summit Opens in Geneva", which a cycle and a chain lead back to.
fn link_map(width: u16, height: u16) -> TestApp {
    let mut app = app(width, height, false);
    open(&mut app, "Summit Opens in Geneva");
    app.update(Command::LinkMap);
    app
}

snapshot_tests! {
    m_maps_the_links_two_levels_deep_80x24: link_map(80, 24);
    m_maps_the_links_two_levels_deep_40x12: {
        let mut app = link_map(40, 12);
        app.update(Motion::PageDown);
        app
    };
}

/// Sports and politics stories without a single `Read More` line, as in the BBC corpus:
/// only the similar stories lead on from one to another.
fn without_links(width: u16, height: u16) -> TestApp {
    let stories = [
        (
            "sport/derby.txt",
            "United win the derby\nThe football club scored twice; the striker and the \
             goalkeeper were the heroes of the derby, and the league table changed.",
        ),
        (
            "politics/budget.txt",
            "Parliament votes on the budget\nThe minister said the budget vote in parliament \
             would decide the election.",
        ),
        (
            "sport/striker.txt",
            "City sign a new striker\nThe football club paid a record fee for the striker \
             before the league season and the next derby.",
        ),
        (
            "politics/campaign.txt",
            "Election campaign opens\nThe minister and parliament prepare for the election \
             campaign and the budget.",
        ),
        (
            "sport/keeper.txt",
            "Goalkeeper injured before the derby\nThe football club lost its goalkeeper; the \
             league match and the derby go on.",
        ),
    ];
    let articles = stories
        .iter()
        .map(|(path, text)| {
            let article = readmore::domain::article::parse(text.as_bytes()).expect("parses");
            (path.to_string(), article.article)
        })
        .collect();
    let library = Library::from_articles(articles);
    let mut app = TestApp::new(
        library,
        Config::default(),
        false,
        Rect::new(0, 0, width, height),
    )
    .with_index();
    // The first action's effects run the similar-stories job; the focus goes to the related
    // pane, onto the second similar story.
    app.press(&[Command::FocusPrev, Motion::Down.into(), Motion::Down.into()]);
    app
}

#[test]
fn similar_stories_make_a_library_without_links_navigable_80x24() {
    let app = without_links(80, 24);
    let screen = screen(&draw(&app));
    assert!(screen.contains("Similar"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn similar_stories_make_a_library_without_links_navigable_120x36() {
    let app = without_links(120, 36);
    let screen = screen(&draw(&app));
    for title in [
        "City sign a new striker",
        "Goalkeeper injured before the derby",
    ] {
        assert!(screen.contains(title), "football finds football: {screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn the_status_line_counts_the_index_build_and_a_full_text_search_waits_for_it_80x24() {
    // Jobs that need the index are not run: it stays "being built".
    let mut app = app_without_index(80, 24, false);
    app.update(Answer::TextIndexProgress {
        version: 0,
        done: 12_345,
        total: 100_000,
    });
    let screen = screen(&draw(&app));
    assert!(screen.contains("indexing 12,345/100,000"), "{screen}");
    insta::assert_snapshot!(screen);
    app.update(Command::FullTextSearch);
    app.update(Input::Key(Key::char('h')));
    let terminal = draw(&app);
    let at = find(
        terminal.backend().buffer(),
        "waiting for the index: 12,345/100,000",
    );
    assert_eq!(at.1, 23, "on the search line");
}

#[test]
fn the_map_of_a_story_without_links_says_so() {
    let mut app = without_links(80, 24);
    app.update(Command::LinkMap);
    let shown = screen(&draw(&app));
    assert!(shown.contains(" Link map "), "{shown}");
    assert!(shown.contains("No links to or from this story"), "{shown}");
}
