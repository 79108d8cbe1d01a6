//! The screen: help, resizing, clicks, zoom, messages, and what the panes fit.

use super::*;

#[test]
fn help_toggles_and_swallows_other_actions() {
    let mut app = app();
    app.update(Command::Help);
    assert_eq!(app.overlays.top(), Some(&Overlay::Help(Help::default())));
    app.update(Motion::Down);
    assert_eq!(app.list.position.selected, ListRow(0));
    app.update(Command::Help);
    assert!(app.overlays.is_empty());
}

#[test]
fn resize_rewraps_and_keeps_the_reading_position_in_range() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Motion::Bottom);
    let before = app.reader.wrapped().unwrap().width;
    resize(&mut app, 50, 12);
    let after = app.reader.wrapped().unwrap().width;
    assert!(after < before);
    assert!(app.reader.scroll().0 <= app.max_scroll().0);
    resize(&mut app, 5, 3);
    assert!(app.areas.is_none());
    app.update(Motion::Down);
    resize(&mut app, 100, 30);
    assert!(app.areas.is_some());
}

#[test]
fn clicks_focus_panes_and_select_rows() {
    let mut app = app();
    let areas = app.areas.unwrap();
    app.update(Input::Click {
        column: areas.list.x + 3,
        row: areas.list.y + 3,
    });
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.position.selected, ListRow(2));
    app.update(Input::Click {
        column: areas.reader.x + 3,
        row: areas.reader.y + 3,
    });
    assert_eq!(app.focus, Focus::Reader);
    app.update(Input::Scroll {
        column: areas.list.x + 3,
        row: areas.list.y + 3,
        down: true,
    });
    assert_eq!(
        app.list.position.selected,
        ListRow(4),
        "the wheel moves the pane under the pointer"
    );
}

#[test]
fn resizing_keeps_search_help_and_scroll_state() {
    let mut app = app();
    search_for(&mut app, "story");
    app.update(Motion::Down);
    for (width, height) in [(40, 10), (3, 2), (200, 60)] {
        app.update(Event::Resize { width, height });
    }
    let Some(search) = app.overlays.search() else {
        panic!("still searching");
    };
    assert_eq!(
        (search.query.as_str(), search.position.selected),
        ("story", ListRow(1))
    );
    app.update(Command::Cancel);

    app.update(Command::Help);
    resize(&mut app, 20, 4);
    resize(&mut app, 100, 30);
    assert_eq!(app.overlays.top(), Some(&Overlay::Help(Help::default())));
    app.update(Command::Help);

    for _ in 0..3 {
        app.update(Motion::Down);
    }
    app.press(&[Command::Open, Motion::PageDown.into()]);
    let before = app.reader.scroll().0;
    assert_eq!(
        before, 18,
        "one page: 19 visible lines (the Related pane takes its 30% for the link, the \
         headings and the similar stories), less one"
    );
    resize(&mut app, 100, 30);
    assert_eq!(
        app.reader.scroll().0,
        before,
        "the same size keeps the same position"
    );
    let top = top_line(&app);
    resize(&mut app, 160, 30);
    assert_ne!(app.reader.wrapped().unwrap().width, 61, "re-wrapped");
    assert_eq!(
        (app.reader.scroll().0, top_line(&app)),
        (before, top),
        "a wider pane that wraps every line the same keeps the same line on top"
    );
}

#[test]
fn a_narrower_pane_keeps_the_same_paragraph_on_top() {
    // Twenty paragraphs of the same length, each naming itself in every word.
    let body: String = (0..20)
        .map(|p| format!("{}\n", vec![format!("p{p:02}w"); 40].join(" ")))
        .collect();
    let article = parse(format!("Long Read\n{body}").as_bytes())
        .unwrap()
        .article;
    let library = Library::from_articles(vec![("long.txt".to_owned(), article)]);
    let mut app = App::new(library, Config::default(), false, Rect::new(0, 0, 160, 30));
    app.update(Command::FocusNext);
    // Down to the first line of paragraph 10.
    while !top_line(&app).starts_with("p10w") {
        app.update(Motion::Down);
    }
    for width in [120, 60, 45, 200] {
        app.update(Event::Resize { width, height: 30 });
        // Paragraph 10's lines, and the blank line before it: the scroll is kept as a fraction
        // of the article, which may land one line early.
        let wrapped = app.reader.wrapped().unwrap();
        let in_p10 = |line: &&crate::domain::wrap::WrappedLine| line.text.starts_with("p10w");
        let first = wrapped.lines.iter().position(|l| in_p10(&l)).unwrap();
        let count = wrapped.lines.iter().filter(in_p10).count();
        assert!(
            (first - 1..first + count).contains(&app.reader.scroll().0),
            "at width {width} the top line is {:?}, line {} (paragraph 10 is lines {first}..{})",
            top_line(&app),
            app.reader.scroll().0,
            first + count
        );
    }
}

#[test]
fn the_help_scrolls_with_the_movement_keys_within_its_length() {
    let mut app = app();
    resize(&mut app, 80, 24);
    app.update(Command::Help);
    down(&mut app, 2);
    assert_eq!(help_scroll(&app), 2);
    app.update(Motion::Up);
    assert_eq!(help_scroll(&app), 1);
    app.update(Motion::Bottom);
    let last = app.help_layout(app.screen, usize::MAX).scroll;
    assert!(last > 0, "the help is longer than the screen");
    assert_eq!(help_scroll(&app), last);
    app.update(Motion::Down);
    assert_eq!(help_scroll(&app), last, "no scrolling past the end");
    app.update(Motion::Top);
    assert_eq!(help_scroll(&app), 0);
    assert_eq!(app.list.position.selected, ListRow(0), "the list stayed");
}

#[test]
fn a_message_lives_until_the_next_action_that_changes_the_view() {
    let mut app = app().with_index();
    full_text_for(&mut app, "paragraph");
    app.press(&[Command::Accept, Command::NextHit]);
    assert!(app.message.as_deref().unwrap().starts_with("hit "));
    app.update(Command::FullTextSearch);
    assert_eq!(app.message, None, "a new search shows no old hit count");
    app.update(Command::Cancel);

    app.update(Command::FilterUnread);
    assert!(app.message.is_some());
    app.update(Motion::Down);
    assert_eq!(app.message, None);

    app.press(&[Command::FocusNext, Command::Open]);
    assert_eq!(
        app.message.as_deref(),
        Some("no link selected: press ] to select one")
    );
    app.update(Command::NextLink);
    assert_eq!(app.message, None);
    // What other threads and the terminal report is not the user's doing: it stays.
    app.update(Event::Notify("saved".to_owned()));
    resize(&mut app, 90, 30);
    app.update(Event::Tick(std::time::Duration::from_millis(50)));
    assert_eq!(app.message.as_deref(), Some("saved"));
}

#[test]
fn counts_agree_with_their_nouns() {
    let mut app = long_first_app();
    app.press(&[
        Command::FocusNext,
        Command::ToggleRead,
        Command::FocusPrev,
        Command::FilterUnread,
    ]);
    assert_eq!(app.message.as_deref(), Some("showing 1 unread article"));
    app.update(Command::FilterUnread);
    assert_eq!(app.message.as_deref(), Some("showing all 2 articles"));

    let mut library =
        Library::from_articles(vec![("a.txt".to_owned(), parse(b"A\nB").unwrap().article)]);
    library.warnings.push(crate::domain::library::Warning {
        path: "a.txt".to_owned(),
        message: "odd".to_owned(),
    });
    let app = App::new(library, Config::default(), false, Rect::new(0, 0, 80, 24));
    assert_eq!(
        app.message.as_deref(),
        Some("1 warning: listed at the end of the help")
    );
}

#[test]
fn the_list_fills_again_after_a_shrink_and_a_grow() {
    let mut app = app();
    app.update(Motion::Bottom);
    resize(&mut app, 100, 5);
    resize(&mut app, 100, 30);
    assert_eq!(app.list.position.selected, ListRow(4));
    assert_eq!(app.list.position.offset, ListRow(0), "all five rows show");
}

#[test]
fn o_and_e_ask_the_terminal_for_the_file_of_the_article_they_act_on() {
    use crate::app::Handoff;
    use std::path::PathBuf;
    let mut app = app();
    app.press(&[Motion::Down.into(), Command::OpenInPager]);
    // In the list, the selected article; the app itself runs nothing.
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Pager(PathBuf::from("1.txt")))
    );
    assert_eq!(app.take_handoff(), None);
    app.press(&[Command::FocusNext, Command::OpenInEditor]);
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Editor(PathBuf::from("0.txt")))
    );
}

#[test]
fn y_and_shift_y_copy_the_sanitised_title_and_the_path_and_say_so() {
    use crate::app::Handoff;
    let articles = vec![(
        "news/evil.txt".to_owned(),
        parse("Evil\x1b]52;c;aGk=\x07 Title\nBody.".as_bytes())
            .unwrap()
            .article,
    )];
    let mut app = App::new(
        Library::from_articles(articles),
        Config::default(),
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.update(Command::CopyTitle);
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Clipboard("Evil Title".to_owned()))
    );
    assert_eq!(app.message.as_deref(), Some("copied the title"));
    app.update(Command::CopyPath);
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Clipboard("news/evil.txt".to_owned()))
    );
    assert_eq!(app.message.as_deref(), Some("copied the path"));
}

#[test]
fn a_second_click_on_a_list_row_opens_it_and_a_click_elsewhere_between_does_not() {
    let mut app = app();
    let list = app.areas.unwrap().list;
    click_at(&mut app, list.x + 3, list.y + 3);
    assert_eq!(app.list.position.selected, ListRow(2));
    assert_eq!(title(&app), "Alpha Story", "one click only selects");
    // Time passing between the two clicks (a double-click) changes nothing.
    app.update(Event::Tick(std::time::Duration::from_millis(200)));
    click_at(&mut app, list.x + 3, list.y + 3);
    assert_eq!(title(&app), "Gamma Story");
    assert_eq!(app.focus, Focus::Reader);

    click_at(&mut app, list.x + 3, list.y + 2);
    app.press(&[Motion::Down, Motion::Up]);
    click_at(&mut app, list.x + 3, list.y + 2);
    assert_eq!(
        title(&app),
        "Gamma Story",
        "a key between two clicks makes the second a first one"
    );
    click_at(&mut app, list.x + 3, list.y + 2);
    assert_eq!(title(&app), "Beta Story");
}

#[test]
fn a_second_click_on_a_related_row_follows_it() {
    let mut app = app();
    let links = app.areas.unwrap().links;
    let inner = crate::app::geometry::text_area(links);
    click_at(&mut app, inner.x + 2, inner.y);
    assert_eq!(app.related.link_cursor, Some(RelatedRow(0)));
    assert_eq!(title(&app), "Alpha Story");
    click_at(&mut app, inner.x + 2, inner.y);
    assert_eq!(title(&app), "Beta Story");
}

#[test]
fn a_second_click_on_a_search_result_opens_it() {
    let mut app = app();
    app.update(Command::Search);
    type_text(&mut app, "story");
    let list = crate::app::geometry::inner(app.areas.unwrap().list);
    click_at(&mut app, list.x + 1, list.y + 1);
    let Some(search) = app.overlays.search() else {
        panic!("the first click only selects");
    };
    assert_eq!(search.position.selected, ListRow(1));
    let second = search.results[1];
    assert_ne!(second, id_at(0), "the first article is open already");
    click_at(&mut app, list.x + 1, list.y + 1);
    assert!(app.overlays.is_empty(), "the second click opens");
    assert_eq!(app.current(), Some(second));
}

#[test]
fn z_zooms_the_focused_pane_the_zoom_follows_the_focus_and_z_again_undoes_it() {
    let mut app = app();
    let normal = app.areas.unwrap();
    app.update(Command::Zoom);
    let zoomed = app.areas.unwrap();
    assert_eq!(zoomed.zoom, Some(Focus::List));
    assert_eq!(zoomed.list, Rect::new(0, 0, 100, 29));
    // A click anywhere lands in the list, the only pane shown.
    click_at(&mut app, 90, 3);
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.position.selected, ListRow(2));
    app.update(Command::Open);
    assert_eq!(app.focus, Focus::Reader);
    let reader = app.areas.unwrap();
    assert_eq!(
        (reader.zoom, reader.reader),
        (Some(Focus::Reader), zoomed.list)
    );
    app.update(Command::Zoom);
    assert_eq!(app.areas.unwrap().zoom, None);
    assert_eq!(app.areas.unwrap().list, normal.list);
}

#[test]
fn the_related_pane_fits_each_article_and_the_reader_takes_the_rest() {
    let mut app = app();
    // Room for every line of either article (60% of 29 rows).
    app.config.links_height = 60;
    resize(&mut app, 100, 30);
    // Alpha: two links, the heading, two backlinks (Gamma, Delta), the heading, room for five
    // similar stories, and the borders.
    let alpha = app.areas.unwrap();
    assert_eq!(alpha.links.height, 5 + 6 + 2);
    app.press(&[Motion::Bottom.into(), Command::Open]);
    // Epsilon: no links and no backlinks: one line saying so, then the similar stories.
    let epsilon = app.areas.unwrap();
    assert_eq!(epsilon.links.height, 1 + 6 + 2);
    assert_eq!(
        epsilon.reader.height + epsilon.links.height,
        alpha.reader.height + alpha.links.height
    );
}
