//! What follows the reader's view and the related pane's selection holds right after the change
//! that moves them, each done where the change is made: the selected link is dropped once it
//! is out of view, an article scrolled to its end is read, the reading position is remembered,
//! and the peek card is the selected row's.

use super::*;
use crate::app::action::Msg;
use crate::app::related::peek::PeekCard;
use crate::domain::library::LoadOptions;

/// Where the store would put the reader back: the remembered position of the open article.
fn remembered_position(app: &App) -> (usize, usize) {
    let remembered = app.remembered(app.current().unwrap());
    (remembered.scroll, remembered.lines)
}

/// The reader's own position, as the store keeps it.
fn reader_position(app: &App) -> (usize, usize) {
    let (_, scroll, lines) = app.reader.position().unwrap();
    (scroll, lines)
}

#[test]
fn a_reload_that_moves_the_selected_link_out_of_view_unselects_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "Alpha\nIntro.\nRead More: Beta").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Beta\nText.").unwrap();
    let library = Library::load(dir.path(), LoadOptions::default()).unwrap();
    let mut app = showing(library, Config::default());
    app.press(&[Command::FocusNext, Command::NextLink]);
    assert_eq!(app.selected_link(), Some(LinkIndex(0)));

    // The same story, with a screenful and more of text before its link.
    let long: String = (0..80).map(|i| format!("Paragraph {i}.\n")).collect();
    std::fs::write(&path, format!("Alpha\n{long}Read More: Beta")).unwrap();
    app.update(Event::FilesChanged(vec![path]));
    assert_eq!(title(&app), "Alpha");
    assert_eq!(app.reader.scroll().0, 0, "the reader stays at the top");
    assert_eq!(app.selected_link(), None, "the link is far below the view");
}

#[test]
fn a_resize_that_hides_the_selected_link_unselects_it() {
    let mut app = delta_on_its_link();
    assert_eq!(
        app.selected_link(),
        Some(LinkIndex(0)),
        "the link at the end"
    );
    // A narrower screen wraps the story to more lines: the view keeps its fraction of the
    // story, which now ends below it.
    app.update(Event::Resize {
        width: 32,
        height: 30,
    });
    let link_line = app
        .reader
        .wrapped()
        .unwrap()
        .link_line(LinkIndex(0))
        .unwrap();
    let bottom = app.reader.scroll().0 + app.reader_height();
    assert!(link_line.0 >= bottom, "{link_line:?} below {bottom}");
    assert_eq!(app.selected_link(), None);
}

#[test]
fn finding_a_word_at_the_end_marks_the_article_read() {
    let mut app = long_first_app();
    assert!(!app.remembered(id_at(0)).read, "shown at start, not chosen");
    app.press(&[Command::FocusNext, Command::Find]);
    type_text(&mut app, "Line 79");
    assert_eq!(
        app.reader.scroll(),
        app.max_scroll(),
        "the last line is in view"
    );
    assert!(app.remembered(id_at(0)).read, "read to the end");
}

#[test]
fn stepping_to_a_link_at_the_end_marks_the_article_read() {
    let mut app = app();
    // Delta, marked unread by hand and shown again by back and forward: its timer waits.
    open_title(&mut app, "Delta Story");
    app.update(Command::ToggleRead);
    assert!(!app.remembered(id_at(3)).read);
    app.press(&[Command::Back, Command::Forward]);
    assert_eq!(title(&app), "Delta Story");
    app.update(Motion::Top);
    assert!(!app.remembered(id_at(3)).read, "at the top");
    app.update(Command::NextLink);
    assert_eq!(app.reader.scroll(), app.max_scroll());
    assert!(app.remembered(id_at(3)).read, "the link is the last line");
}

#[test]
fn a_story_reopened_at_its_end_is_read_at_once() {
    let library = std::sync::Arc::unwrap_or_clone(long_first_app().library.clone());
    let app = remembering(library, |path, _| Remembered {
        scroll: if path == "a.txt" { 1000 } else { 0 },
        lines: 1000,
        ..Remembered::default()
    });
    assert_eq!(app.reader.scroll(), app.max_scroll());
    assert!(app.remembered(id_at(0)).read);
}

#[test]
fn the_reading_position_is_remembered_by_each_change_that_moves_the_view() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Motion::PageDown);
    assert!(app.reader.scroll().0 > 0);
    assert_eq!(
        remembered_position(&app),
        reader_position(&app),
        "a page down"
    );

    app.update(Command::Find);
    type_text(&mut app, "number 50");
    assert_eq!(remembered_position(&app), reader_position(&app), "a find");

    app.update(Command::Cancel);
    assert_eq!(
        remembered_position(&app),
        reader_position(&app),
        "back from it"
    );

    let before = reader_position(&app);
    app.update(Event::Resize {
        width: 32,
        height: 30,
    });
    assert_ne!(reader_position(&app).1, before.1, "laid out again");
    assert_eq!(remembered_position(&app), reader_position(&app), "a resize");

    app.update(Command::NextLink);
    assert_eq!(remembered_position(&app), reader_position(&app), "a link");
}

#[test]
fn the_peek_card_follows_the_selection_the_focus_and_peek_mode() {
    let mut app = app();
    let card_of = |app: &App| match app.peek_card() {
        Some(PeekCard::Story { id, .. }) => Some(app.library.get(*id).title().to_owned()),
        Some(PeekCard::Missing { name, .. }) => Some(format!("missing {name}")),
        None => None,
    };
    // Each change, and the card after it.
    let steps: [(Msg, Option<&str>, &str); 12] = [
        (Command::TogglePeek.into(), None, "nothing selected"),
        (Command::FocusNext.into(), None, "still nothing selected"),
        (
            Command::NextLink.into(),
            Some("Beta Story"),
            "the first link",
        ),
        (
            Command::NextLink.into(),
            Some("missing Missing Piece"),
            "a dangling link",
        ),
        (
            Command::FocusNext.into(),
            Some("missing Missing Piece"),
            "the links pane",
        ),
        (Motion::Down.into(), Some("Gamma Story"), "the backlink"),
        (Command::FocusNext.into(), None, "the list has the focus"),
        (
            Command::FocusPrev.into(),
            Some("Gamma Story"),
            "the links pane again",
        ),
        (Command::TogglePeek.into(), None, "peek off"),
        (
            Command::TogglePeek.into(),
            Some("Gamma Story"),
            "peek on again",
        ),
        (Command::Help.into(), None, "under the help"),
        (Command::Help.into(), Some("Gamma Story"), "the help closed"),
    ];
    for (msg, card, why) in steps {
        app.update(msg);
        assert_eq!(card_of(&app).as_deref(), card, "{why}");
    }
}
