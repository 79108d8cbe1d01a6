//! Moving around: focus, opening, links and their history, the next article, pages.

use super::*;

#[test]
fn starts_on_the_first_article_with_the_list_focused() {
    let app = app();
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.position.selected, ListRow(0));
}

#[test]
fn focus_cycles_forward_and_backward() {
    let mut app = app();
    let mut seen = Vec::new();
    for _ in 0..3 {
        app.update(Command::FocusNext);
        seen.push(app.focus);
    }
    assert_eq!(seen, [Focus::Reader, Focus::Links, Focus::List]);
    app.update(Command::FocusPrev);
    assert_eq!(app.focus, Focus::Links);
}

#[test]
fn enter_in_the_list_opens_the_selected_article_in_the_reader() {
    let mut app = app();
    open_title(&mut app, "Gamma Story");
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn following_links_pushes_history_and_back_forward_restore_scroll() {
    let mut app = app();
    app.press(&[Motion::Bottom.into(), Command::Open]);
    assert_eq!(title(&app), "Epsilon Tale");
    app.press(&[
        Motion::Up.into(),
        Command::FocusPrev,
        Motion::Up.into(),
        Command::Open,
    ]);
    assert_eq!(title(&app), "Delta Story");
    app.press(&[Motion::PageDown, Motion::Down]);
    let scrolled = app.reader.scroll().0;
    assert!(scrolled > 1, "the long article scrolled");

    app.update(follow(1));
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.reader.scroll().0, 0);
    assert_eq!(
        app.list.position.selected,
        ListRow(0),
        "the followed article is selected in the list"
    );

    app.update(Command::Back);
    assert_eq!(title(&app), "Delta Story");
    assert_eq!(
        app.reader.scroll().0,
        scrolled,
        "back returns to where reading stopped"
    );
    app.update(Command::Back);
    assert_eq!(title(&app), "Epsilon Tale");
    app.press(&[Command::Forward, Command::Forward]);
    assert_eq!(title(&app), "Alpha Story");
    app.update(Command::Forward);
    assert_eq!(title(&app), "Alpha Story", "nothing further forward");
    assert!(app.message.is_some());
}

#[test]
fn a_new_visit_after_going_back_drops_forward_history() {
    let mut app = app();
    app.update(follow(1));
    assert_eq!(title(&app), "Beta Story");
    app.press(&[Command::Back, follow(1), follow(1)]);
    assert_eq!(title(&app), "Gamma Story");
    app.press(&[Command::Back, Command::Back]);
    assert_eq!(title(&app), "Alpha Story");
    app.update(Command::Forward);
    assert_eq!(title(&app), "Beta Story");
}

#[test]
fn link_selection_steps_through_links_and_enter_follows_it() {
    let mut app = app();
    app.press(&[Command::FocusNext, Command::Open]);
    assert_eq!(
        title(&app),
        "Alpha Story",
        "no link selected: nothing followed"
    );
    assert!(app.message.is_some());
    app.update(Command::NextLink);
    assert_eq!(app.selected_link(), Some(LinkIndex(0)));
    app.update(Command::NextLink);
    assert_eq!(app.selected_link(), Some(LinkIndex(1)));
    app.update(Command::NextLink);
    assert_eq!(
        app.selected_link(),
        Some(LinkIndex(1)),
        "stays on the last link"
    );
    app.update(Command::PrevLink);
    assert_eq!(app.selected_link(), Some(LinkIndex(0)));
    app.update(Command::Open);
    assert_eq!(title(&app), "Beta Story");
}

#[test]
fn selecting_a_link_scrolls_it_into_view() {
    let app = delta_on_its_link();
    let line = app.reader.wrapped().unwrap().link_lines[0].0;
    assert!(app.reader.scroll().0 <= line && line < app.reader.scroll().0 + app.reader_height());
}

#[test]
fn following_a_dangling_link_stays_and_offers_closest_titles() {
    let mut app = app();
    app.update(follow(2));
    assert_eq!(title(&app), "Alpha Story");
    let Some(search) = app.overlays.search() else {
        panic!("the search opens with the link text");
    };
    assert_eq!(search.query, "Missing Piece");
    app.update(Command::Cancel);
    assert!(app.overlays.is_empty());
    app.update(follow(7));
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.message.as_deref(), Some("this article has no link 7"));
}

#[test]
fn the_links_pane_moves_over_links_then_backlinks_and_opens_them() {
    let mut app = app();
    app.update(Command::FocusPrev);
    assert_eq!(app.focus, Focus::Links);
    // Alpha: two links, then backlinks from Gamma and Delta.
    assert_eq!(app.link_count(), 4);
    app.update(Motion::Down);
    assert_eq!(app.related.link_cursor, Some(RelatedRow(0)));
    app.update(Motion::Bottom);
    assert_eq!(app.related.link_cursor, Some(RelatedRow(3)));
    assert_eq!(
        app.selected_link(),
        None,
        "a backlink is not a link of this article"
    );
    app.update(Command::Open);
    assert_eq!(title(&app), "Delta Story");
}

#[test]
fn quit_sets_the_flag() {
    let mut app = app();
    app.update(Command::Quit);
    assert!(app.quit);
}

#[test]
fn top_and_bottom_in_the_links_pane_go_to_the_first_and_last_rows() {
    let mut app = app();
    app.press(&[Command::FocusPrev, Motion::Top.into()]);
    assert_eq!(app.related.link_cursor, Some(RelatedRow(0)));
    app.related.link_cursor = None;
    app.update(Motion::Bottom);
    assert_eq!(
        app.related.link_cursor,
        Some(RelatedRow(app.link_count() - 1))
    );
    app.related.link_cursor = None;
    app.update(Motion::Up);
    assert_eq!(
        app.related.link_cursor,
        Some(RelatedRow(app.link_count() - 1)),
        "up starts from the bottom"
    );
}

#[test]
fn a_dangling_link_offers_the_closest_titles_and_enter_opens_the_first() {
    let mut app = app();
    app.update(follow(2));
    let Some(search) = app.overlays.search() else {
        panic!("the closest titles are offered");
    };
    assert!(search.closest, "the results are the closest titles");
    assert_eq!(search.query, "Missing Piece");
    app.update(Command::Cancel);
    // A near miss of a title: the nearest story is first, and Enter opens it.
    let articles = vec![
        (
            "a.txt".to_owned(),
            parse(b"Alpha\nRead More: Gamma Stories").unwrap().article,
        ),
        (
            "g.txt".to_owned(),
            parse(b"Gamma Story\nG.").unwrap().article,
        ),
    ];
    let library = Library::from_articles(articles);
    let mut near = App::new(library, Config::default(), false, Rect::new(0, 0, 80, 24));
    near.update(follow(1));
    // Every title is offered (the list is never empty), the nearest first.
    assert!(
        matches!(near.overlays.search(), Some(s) if s.closest && s.results.first() == Some(&id_at(1)))
    );
    near.update(Command::Accept);
    assert_eq!(title(&near), "Gamma Story", "enter opens the nearest story");
    app.press(&[follow(1), Command::Search]);
    app.update(Input::Key(Key::char('a')));
    let search = searching(&app);
    assert!(!search.closest, "typed queries are plain searches");
}

#[test]
fn enter_never_follows_a_link_scrolled_out_of_view() {
    let mut app = delta_on_its_link();
    assert!(app.selected_link().is_some(), "the link at the end");
    app.update(Motion::Top);
    assert_eq!(app.selected_link(), None, "scrolled away: unselected");
    app.update(Command::Open);
    assert_eq!(title(&app), "Delta Story", "nothing was followed");
}

#[test]
fn next_and_previous_article_open_in_list_order_from_any_pane() {
    let mut app = app();
    app.press(&[Command::FocusPrev, Command::NextArticle]);
    assert_eq!(title(&app), "Beta Story");
    assert_eq!(
        app.list.position.selected,
        ListRow(1),
        "the selection follows"
    );
    assert!(app.remembered(id_at(1)).read);
    app.press(&[
        Command::FocusNext,
        Command::NextArticle,
        Command::PrevArticle,
    ]);
    assert_eq!(title(&app), "Beta Story");
    app.press(&[Command::PrevArticle, Command::PrevArticle]);
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.message.as_deref(), Some("this is the first article"));
    app.update(Command::Back);
    assert_eq!(title(&app), "Beta Story", "each one was a visit in history");
}

#[test]
fn space_pages_down_and_at_the_end_opens_the_next_unread() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    // Beta is read: the next unread after Delta is Epsilon.
    app.remember(id_at(1), |r| r.read = true);
    app.focus = Focus::List;
    app.update(Command::ReadOn);
    assert_eq!(title(&app), "Delta Story");
    assert!(
        app.reader.scroll().0 > 0,
        "a page down in the reader from the list"
    );
    while app.reader.scroll() < app.max_scroll() {
        app.update(Command::ReadOn);
    }
    app.update(Command::ReadOn);
    assert_eq!(title(&app), "Epsilon Tale");
    assert_eq!(app.message.as_deref(), Some("next unread: Epsilon Tale"));
    // Then from the top again: Alpha is still unread (it was only shown at start).
    app.update(Command::ReadOn);
    assert_eq!(title(&app), "Alpha Story");
    app.remember(id_at(2), |r| r.read = true);
    app.update(Command::ReadOn);
    assert_eq!(app.message.as_deref(), Some("no more unread articles"));
}

#[test]
fn half_pages_move_half_as_far_as_pages() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Motion::HalfPageDown);
    let half = app.reader.scroll().0;
    app.update(Motion::HalfPageUp);
    assert_eq!(app.reader.scroll().0, 0);
    app.update(Motion::PageDown);
    let page = app.reader.scroll().0;
    assert!(half > 0 && half * 2 >= page && half < page, "{half} {page}");
}

#[test]
fn t_lists_the_history_newest_first_and_enter_jumps_back_to_the_chosen_visit() {
    let mut app = app();
    app.press(&[
        Command::FollowLink(LinkNumber::new(1).unwrap()),
        Command::FollowLink(LinkNumber::new(1).unwrap()),
    ]);
    assert_eq!(
        app.history_titles(),
        ["Alpha Story", "Beta Story", "Gamma Story"]
    );
    app.update(Command::History);
    assert_eq!(
        app.overlays.top(),
        Some(&Overlay::History(HistoryList::at(0)))
    );
    assert_eq!(
        app.history_rows(),
        [
            ("Gamma Story", true),
            ("Beta Story", false),
            ("Alpha Story", false)
        ]
    );
    down(&mut app, 3);
    assert_eq!(
        app.overlays.top(),
        Some(&Overlay::History(HistoryList::at(2))),
        "stops at the oldest"
    );
    app.update(Command::Open);
    assert!(app.overlays.is_empty());
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.history_titles(), ["Alpha Story"]);
    // The later visits stay: the list reopens on Alpha, and forward still goes to Beta.
    app.update(Command::History);
    assert_eq!(
        app.overlays.top(),
        Some(&Overlay::History(HistoryList::at(2)))
    );
    app.update(Command::History);
    assert!(app.overlays.is_empty(), "T again closes the list");
    app.update(Command::Forward);
    assert_eq!(title(&app), "Beta Story");
}
