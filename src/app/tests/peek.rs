//! `update` with peek mode and the link map: toggling, the card of a resolved link and of a
//! dangling one, and moving about the map and opening from it.

use super::{numbered, resize, showing};
use crate::app::action::{Answer, Command, Event, Input, Motion};
use crate::app::config::Config;
use crate::app::harness::TestApp as App;
use crate::app::map::MapNode;
use crate::app::related::peek::{Closest, PeekCard};
use crate::app::{Focus, ListRow, RelatedRow};
use crate::domain::library::Library;

/// Alpha links to Beta and to a story not in the library; Beta links to Gamma; Gamma back to
/// Alpha. The missing story's name is close to "Gamma Story".
fn app(config: Config) -> App {
    let texts = [
        "Alpha Story\nIntro.\nRead More: beta story\nRead More: Gamma Storyy",
        "Beta Story\nBeta's first paragraph, which is long enough to wrap in a popup.\nMore.\nRead More: Gamma Story\nRead More: Nowhere",
        "Gamma Story\nRead More: Alpha Story",
    ];
    showing(numbered(&texts), config)
}

fn peeking() -> App {
    app(Config {
        peek: true,
        ..Config::default()
    })
}

/// Peeking, with the reader's second link selected: the one to "Gamma Storyy", not in the
/// library.
fn on_the_dangling_link() -> App {
    let mut app = peeking();
    app.press(&[Command::FocusNext, Command::NextLink, Command::NextLink]);
    app
}

#[test]
fn p_toggles_peek_mode_and_the_config_sets_where_it_starts() {
    let mut app = app(Config::default());
    app.press(&[Command::FocusNext, Command::NextLink]);
    assert_eq!(app.peek_card(), None, "peek is off by default");
    app.update(Command::TogglePeek);
    assert!(app.peek_card().is_some(), "on: the selected link shows");
    assert_eq!(app.message.as_deref(), Some("peek on"));
    app.update(Command::TogglePeek);
    assert_eq!(app.peek_card(), None);
    assert_eq!(app.message.as_deref(), Some("peek off"));

    let mut app = peeking();
    app.press(&[Command::FocusNext, Command::NextLink]);
    assert!(app.peek_card().is_some(), "peek = true starts on");
}

#[test]
fn a_resolved_link_peeks_at_its_story_without_leaving_the_article() {
    let mut app = peeking();
    app.update(Command::FocusNext);
    assert_eq!(
        app.peek_card(),
        None,
        "no link selected, nothing to peek at"
    );
    app.update(Command::NextLink);
    let beta = app.library.find("Beta Story").unwrap();
    assert_eq!(
        app.peek_card(),
        Some(&PeekCard::Story {
            id: beta,
            outgoing: 2,
            dangling: 1,
            backlinks: 1,
            paragraph: Ok(
                "Beta's first paragraph, which is long enough to wrap in a popup.".into()
            ),
        })
    );
    assert_eq!(
        app.library.get(app.current().unwrap()).title(),
        "Alpha Story"
    );
    // Moving focus to the list hides it; back in the reader it shows again.
    app.update(Command::FocusPrev);
    assert_eq!(app.peek_card(), None);
    app.update(Command::FocusNext);
    assert!(matches!(app.peek_card(), Some(PeekCard::Story { id, .. }) if *id == beta));
}

#[test]
fn a_backlink_in_the_related_pane_peeks_at_the_story_linking_here() {
    let mut app = peeking();
    app.update(Command::FocusPrev);
    assert_eq!(app.focus, Focus::Links);
    for _ in 0..3 {
        app.update(Motion::Down);
    }
    assert_eq!(app.related.link_cursor, Some(RelatedRow(2)));
    let gamma = app.library.find("Gamma Story").unwrap();
    assert!(matches!(app.peek_card(), Some(PeekCard::Story { id, .. }) if *id == gamma));
}

#[test]
fn a_dangling_link_peeks_at_the_closest_titles_from_the_worker() {
    let app = on_the_dangling_link();
    let gamma = app.library.find("Gamma Story").unwrap();
    // The job ran after the action, with its effects: its answer is in.
    let Some(PeekCard::Missing { name, closest }) = app.peek_card() else {
        panic!("a dangling link's card: {:?}", app.peek_card());
    };
    assert_eq!(name, "Gamma Storyy");
    let Closest::Found(ids) = closest else {
        panic!("found: {closest:?}");
    };
    assert_eq!(ids.first(), Some(&gamma), "{ids:?}");
    assert!(app.overlays.is_empty(), "peeking opens no search");
}

#[test]
fn the_closest_titles_wait_for_their_own_job() {
    let mut app = on_the_dangling_link();
    let gamma = app.library.find("Gamma Story").unwrap();
    // Put the card back to waiting for a job of its own, as with workers on threads.
    if let Some(PeekCard::Missing { closest, .. }) = app.related.peek.card_mut() {
        *closest = Closest::Finding(99);
    }
    app.update(Answer::ClosestTitles {
        generation: 98,
        ids: vec![],
    });
    let waiting = |app: &App| {
        matches!(
            app.peek_card(),
            Some(PeekCard::Missing {
                closest: Closest::Finding(99),
                ..
            })
        )
    };
    assert!(waiting(&app), "another job's answer is not this card's");
    app.update(Answer::ClosestTitles {
        generation: 99,
        ids: vec![gamma],
    });
    assert!(matches!(
        app.peek_card(),
        Some(PeekCard::Missing { closest: Closest::Found(ids), .. }) if *ids == [gamma]
    ));
}

#[test]
fn m_opens_the_map_on_the_first_link_and_enter_opens_a_story_as_a_visit() {
    let mut app = app(Config::default());
    app.update(Command::LinkMap);
    let Some(map) = app.overlays.map() else {
        panic!("the map is open: {:?}", app.overlays);
    };
    assert_eq!(map.position.selected, ListRow(1));
    assert_eq!(
        map.rows[1].node,
        MapNode::Story(app.library.find("Beta Story").unwrap())
    );
    // Down to Beta's first link, Gamma.
    app.press(&[Motion::Down.into(), Command::Open]);
    assert!(app.overlays.is_empty());
    assert_eq!(
        app.library.get(app.current().unwrap()).title(),
        "Gamma Story"
    );
    assert_eq!(app.focus, Focus::Reader);
    app.update(Command::Back);
    assert_eq!(
        app.library.get(app.current().unwrap()).title(),
        "Alpha Story"
    );
}

#[test]
fn the_map_moves_like_a_list_and_m_or_esc_closes_it() {
    let mut app = app(Config::default());
    app.update(Command::LinkMap);
    let selected = |app: &App| match app.overlays.map() {
        Some(map) => map.position.selected.0,
        None => panic!("not the map: {:?}", app.overlays),
    };
    let rows = match app.overlays.map() {
        Some(map) => map.rows.len(),
        None => unreachable!(),
    };
    app.update(Motion::Bottom);
    assert_eq!(selected(&app), rows - 1);
    app.update(Motion::Top);
    assert_eq!(selected(&app), 0);
    app.update(Motion::PageDown);
    assert_eq!(selected(&app), rows - 1, "a page is more than the map");
    app.update(Motion::Up);
    assert_eq!(selected(&app), rows - 2);
    app.update(Input::Scroll {
        column: 5,
        row: 5,
        down: false,
    });
    assert_eq!(selected(&app), rows - 5, "the wheel moves three rows");
    // Keys that do something else in the panes do nothing here.
    app.update(Command::NextArticle);
    assert_eq!(selected(&app), rows - 5);
    app.update(Command::LinkMap);
    assert!(app.overlays.is_empty());
}

#[test]
fn enter_on_a_dangling_row_says_so_and_keeps_the_map() {
    let mut app = app(Config::default());
    app.update(Command::LinkMap);
    let Some(map) = app.overlays.map() else {
        unreachable!()
    };
    let missing = (map.rows.iter())
        .position(|row| matches!(row.node, MapNode::Missing(_)))
        .unwrap();
    app.update(Motion::Top);
    for _ in 0..missing {
        app.update(Motion::Down);
    }
    app.update(Command::Open);
    assert!(app.overlays.map().is_some());
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("not in the library")
    );
}

/// A library on disk: Bravo links to Zulu, not there yet; Charlie links to Bravo. Charlie is
/// open, Bravo's dangling link to Zulu is one of the map's rows.
fn on_disk(dir: &std::path::Path, config: Config) -> App {
    std::fs::write(dir.join("b.txt"), "Bravo\nRead More: Zulu").unwrap();
    std::fs::write(dir.join("c.txt"), "Charlie\nRead More: Bravo").unwrap();
    let library = Library::load(dir, crate::domain::library::LoadOptions::default()).unwrap();
    let mut app = showing(library, config);
    app.press(&[Motion::Down.into(), Command::Open]);
    app
}

#[test]
fn an_open_map_is_built_again_from_a_reloaded_library() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_disk(dir.path(), Config::default());
    app.update(Command::LinkMap);
    let zulu_missing = |app: &App| match app.overlays.map() {
        Some(map) => (map.rows.iter()).any(|row| row.node == MapNode::Missing("Zulu".into())),
        None => panic!("not the map: {:?}", app.overlays),
    };
    assert!(zulu_missing(&app));

    // a.txt comes first in path order: every id moves up by one.
    std::fs::write(dir.path().join("a.txt"), "Alpha\nText.").unwrap();
    std::fs::write(dir.path().join("z.txt"), "Zulu\nHere now.").unwrap();
    let paths = vec![dir.path().join("a.txt"), dir.path().join("z.txt")];
    app.update(Event::FilesChanged(paths));
    let Some(map) = app.overlays.map() else {
        panic!("the map stays open: {:?}", app.overlays);
    };
    assert_eq!(Some(map.root), app.current());
    assert_eq!(app.library.get(map.root).title(), "Charlie");
    let zulu = app.library.find("Zulu").unwrap();
    assert!(!zulu_missing(&app), "the link resolves now");
    assert!((map.rows.iter()).any(|row| row.node == MapNode::Story(zulu)));
}

#[test]
fn a_reload_makes_the_peek_card_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = on_disk(
        dir.path(),
        Config {
            peek: true,
            ..Config::default()
        },
    );
    app.update(Command::Back);
    assert_eq!(app.library.get(app.current().unwrap()).title(), "Bravo");
    app.focus = Focus::Reader;
    app.update(Command::NextLink);
    assert!(matches!(app.peek_card(), Some(PeekCard::Missing { .. })));

    std::fs::write(dir.path().join("z.txt"), "Zulu\nHere now.").unwrap();
    app.update(Event::FilesChanged(vec![dir.path().join("z.txt")]));
    let zulu = app.library.find("Zulu").unwrap();
    assert!(
        matches!(app.peek_card(), Some(PeekCard::Story { id, .. }) if *id == zulu),
        "{:?}",
        app.peek_card()
    );
}

#[test]
fn the_map_s_selection_stays_in_view_when_the_screen_shrinks() {
    let mut app = app(Config::default());
    app.press(&[Command::LinkMap, Motion::Bottom.into()]);
    resize(&mut app, 40, 8);
    let Some(map) = app.overlays.map() else {
        unreachable!()
    };
    // 8 rows: the status line, the map's border, 5 rows of the map.
    let (selected, offset) = (map.position.selected.0, map.position.offset.0);
    assert_eq!(selected, map.rows.len() - 1);
    assert!(
        offset <= selected && selected < offset + 5,
        "{offset} {selected}"
    );
}
