//! Read and starred marks, filters by them, and where reading stopped.

use super::*;

#[test]
fn opening_marks_read_and_m_s_toggle_read_and_star() {
    let mut app = app();
    assert!(
        !app.remembered(id_at(0)).read,
        "shown at start-up is not opened"
    );
    assert_eq!(app.unread_count(), 5);
    app.update(Command::Open);
    assert!(app.remembered(id_at(0)).read, "enter opens it");
    assert_eq!(app.unread_count(), 4);
    app.press(&[Command::FocusPrev, Motion::Down.into(), Command::ToggleRead]);
    assert!(
        app.remembered(id_at(1)).read,
        "m marks the list's selection"
    );
    assert_eq!(app.message.as_deref(), Some("marked read"));
    app.update(Command::ToggleStar);
    assert!(app.remembered(id_at(1)).starred);
    app.press(&[Command::FocusNext, Command::ToggleRead]);
    assert!(
        !app.remembered(id_at(0)).read,
        "in the reader, m marks the open article"
    );
    app.update(follow(1));
    assert!(
        app.remembered(id_at(1)).read,
        "following a link opens its article"
    );
    let changes = app.take_mark_changes();
    let last = |path: &str| changes.iter().rev().find(|c| c.path == path);
    let alpha = last("0.txt").expect("alpha changed");
    assert_eq!(
        (alpha.title.as_str(), alpha.remembered),
        ("Alpha Story", app.remembered(id_at(0)))
    );
    let beta = last("1.txt").expect("beta changed");
    assert_eq!(
        (beta.title.as_str(), beta.remembered),
        ("Beta Story", app.remembered(id_at(1)))
    );
    assert!(beta.remembered.read && beta.remembered.starred);
    assert_eq!(
        app.take_mark_changes(),
        [],
        "each change is handed over once"
    );
}

#[test]
fn only_real_changes_are_queued_for_the_store() {
    let mut app = app();
    assert_eq!(app.take_mark_changes(), [], "starting changes nothing");
    app.update(Command::Open);
    let lines = app.reader.wrapped().unwrap().lines.len();
    assert_eq!(
        app.take_mark_changes().last(),
        Some(&MarkChange {
            path: "0.txt".to_owned(),
            title: "Alpha Story".to_owned(),
            edit: crate::domain::store::Edit {
                position: Some((0, lines)),
                ..crate::domain::store::Edit::default()
            },
            remembered: Remembered {
                read: true,
                starred: false,
                scroll: 0,
                lines,
            },
        })
    );
    app.press(&[Command::FocusNext, Command::FocusPrev]);
    assert_eq!(app.take_mark_changes(), [], "moving focus marks nothing");
}

#[test]
fn filters_show_unread_or_starred_and_combine_with_search() {
    let mut app = app();
    app.press(&[Command::Open, Command::FocusPrev]);
    down(&mut app, 2);
    app.press(&[Command::ToggleStar, Command::FilterUnread]);
    assert_eq!(shown(&app), [1, 2, 3, 4]);
    assert_eq!(
        app.selected_article(),
        Some(id_at(2)),
        "the selection stays put"
    );
    app.update(Command::FilterStarred);
    assert_eq!(shown(&app), [2]);
    app.update(Command::FilterUnread);
    search_for(&mut app, "story");
    let search = searching(&app);
    assert_eq!(
        search.results,
        [id_at(2)],
        "search only finds starred articles"
    );
    app.press(&[Command::Cancel, Command::FilterStarred]);
    assert_eq!(shown(&app), [0, 1, 2, 3, 4]);
    assert_eq!(app.list_len(), 5);
}

#[test]
fn reopening_an_article_returns_to_where_reading_stopped() {
    let mut app = app();
    for _ in 0..3 {
        app.update(Motion::Down);
    }
    app.press(&[
        Command::Open,
        Motion::PageDown.into(),
        Motion::PageDown.into(),
    ]);
    let stopped = app.reader.scroll().0;
    app.press(&[Command::FocusPrev, Motion::Top.into(), Command::Open]);
    assert_eq!(app.reader.scroll().0, 0);
    app.update(Command::FocusPrev);
    for _ in 0..3 {
        app.update(Motion::Down);
    }
    app.update(Command::Open);
    assert_eq!(title(&app), "Delta Story");
    assert_eq!(app.reader.scroll().0, stopped);
}

#[test]
fn remembered_state_is_used_at_start() {
    let library = std::sync::Arc::unwrap_or_clone(app().library.clone());
    let app = remembering(library, |path, title| Remembered {
        read: path == "0.txt",
        starred: (path, title) == ("1.txt", "Beta Story") || title == "Not Gamma",
        ..Remembered::default()
    });
    assert!(app.remembered(id_at(0)).read);
    assert!(app.remembered(id_at(1)).starred);
    assert!(
        !app.remembered(id_at(2)).starred,
        "marks are looked up by path and title"
    );
    assert_eq!(app.unread_count(), 4);
}

/// Whether the first article is read once `seconds` more have passed.
fn read_after(app: &mut App, seconds: u64) -> bool {
    app.update(Event::Tick(std::time::Duration::from_secs(seconds)));
    app.remembered(id_at(0)).read
}

#[test]
fn the_start_article_is_read_after_a_few_seconds_shown_after_a_key() {
    let mut app = long_first_app();
    assert!(!app.remembered(id_at(0)).read);
    app.update(Command::FocusNext);
    assert!(!read_after(&mut app, 1));
    assert!(!read_after(&mut app, 1), "two seconds is a glance");
    assert!(read_after(&mut app, 1));
    // Marked unread by hand, it stays unread while shown.
    app.update(Command::ToggleRead);
    assert!(!read_after(&mut app, 10));
}

#[test]
fn the_start_article_is_read_once_scrolled() {
    let mut app = long_first_app();
    app.update(Command::FocusNext);
    assert!(!app.remembered(id_at(0)).read, "a key is not reading");
    app.update(Motion::PageDown);
    assert!(app.remembered(id_at(0)).read);
}

#[test]
fn a_search_preview_is_not_reading() {
    let mut app = long_first_app();
    app.update(Command::Search);
    assert!(!read_after(&mut app, 10));
}

#[test]
fn the_open_article_and_its_scroll_reopen_by_path() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Motion::PageDown);
    let (path, scroll) = app.open_position().map(|(p, s)| (p.to_owned(), s)).unwrap();
    assert_eq!(path, "3.txt");
    assert!(scroll > 0);
    // While a search previews other articles, the position is still the article's.
    app.press(&[Command::Search, Motion::Down.into()]);
    assert_eq!(app.open_position(), Some(("3.txt", scroll)));

    let mut next_run = self::app();
    let visit = |path: &str, scroll| crate::domain::store::Visit {
        path: path.to_owned(),
        scroll,
    };
    let only = |path: &str, scroll| crate::domain::store::Session {
        visits: vec![visit(path, scroll)],
        current: 0,
    };
    assert!(next_run.restore_session(&only(&path, scroll)));
    assert_eq!(title(&next_run), "Delta Story");
    assert_eq!(next_run.reader.scroll().0, scroll);
    assert_eq!(next_run.list.position.selected, ListRow(3));
    next_run.update(Command::Back);
    assert_eq!(
        title(&next_run),
        "Delta Story",
        "the first visit of the run"
    );
    assert!(!next_run.restore_session(&only("gone.txt", 0)));
}
