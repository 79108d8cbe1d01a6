//! `update` and the related pane's third section (similar stories), the index's progress
//! mark, and the index following a reload.

use ratatui::layout::Position;

use super::{at_paths, down, load_at, searching, showing, write};
use crate::app::config::Config;
use crate::app::geometry::text_area;
use crate::app::harness::TestApp as App;
use crate::app::jobs::TextIndex;
use crate::app::{
    Answer, Command, Event, Focus, Input, Key, LinkItem, Motion, RelatedRow, SearchKind,
};
use crate::domain::library::{ArticleId, Library};

/// Football and politics, no `Read More` line but one: Delta links to Echo.
const STORIES: [(&str, &str); 6] = [
    (
        "a.txt",
        "United win the derby\nThe football club scored twice; the striker and the goalkeeper \
         were the heroes of the derby, and the league table changed.",
    ),
    (
        "b.txt",
        "Parliament votes on the budget\nThe minister said the budget vote in parliament \
         would decide the election.",
    ),
    (
        "c.txt",
        "City sign a new striker\nThe football club paid a record fee for the striker before \
         the league season and the next derby.",
    ),
    (
        "d.txt",
        "Election campaign opens\nThe minister and parliament prepare for the election \
         campaign.\nRead More: Goalkeeper injured before the derby",
    ),
    (
        "e.txt",
        "Goalkeeper injured before the derby\nThe football club lost its goalkeeper; the \
         league match and the derby go on.",
    ),
    (
        "f.txt",
        "Weather turns cold\nSnow is expected in the north this week.",
    ),
];

fn library() -> Library {
    at_paths(&STORIES)
}

fn id(index: usize) -> ArticleId {
    ArticleId::new(index)
}

/// An app whose jobs go to workers whose answers never arrive: the answers are the test's.
fn waiting_app() -> App {
    let mut app = showing(library(), Config::default());
    app.start_workers(|_| {});
    app
}

/// An app whose jobs run, the index's too, answered right after the action that asked.
fn inline_app() -> App {
    let mut app = showing(library(), Config::default()).with_index();
    app.update(Event::Tick(std::time::Duration::ZERO));
    app
}

fn answer(app: &mut App, article: ArticleId, ids: &[usize]) {
    app.update(Answer::SimilarStories {
        version: 0,
        article,
        ids: ids.iter().map(|&index| id(index)).collect(),
    });
}

#[test]
fn the_section_waits_for_the_answer_and_fills_in_when_it_lands() {
    let mut app = waiting_app();
    assert_eq!(app.current(), Some(id(0)));
    assert_eq!(app.related.similar.of, Some((id(0), 0)));
    assert_eq!(app.related.similar.ids, None, "finding similar stories…");
    assert_eq!(app.related_counts().similar, 0);
    assert!(app.indexing(), "the job builds the index first");

    answer(&mut app, id(0), &[2, 4]);
    assert_eq!(app.similar_stories(), [id(2), id(4)]);
    let counts = app.related_counts();
    assert_eq!(
        (counts.outgoing, counts.backlinks, counts.similar),
        (0, 0, 2)
    );
    assert_eq!(app.link_count(), 2);
    assert_eq!(app.link_item(RelatedRow(1)), Some(LinkItem::Similar(id(4))));
}

#[test]
fn answers_for_another_article_or_library_are_ignored() {
    let mut app = waiting_app();
    answer(&mut app, id(3), &[1]);
    assert_eq!(app.related.similar.ids, None, "not the open article");
    app.update(Answer::SimilarStories {
        version: 1,
        article: id(0),
        ids: vec![id(1)],
    });
    assert_eq!(app.related.similar.ids, None, "not the library shown");

    // Opening another article asks again; the first one's late answer is stale.
    app.press(&[Motion::Down.into(), Command::Open]);
    assert_eq!(app.current(), Some(id(1)));
    answer(&mut app, id(0), &[2]);
    assert_eq!(app.related.similar.of, Some((id(1), 0)));
    assert_eq!(app.related.similar.ids, None);
    answer(&mut app, id(1), &[3]);
    assert_eq!(app.similar_stories(), [id(3)]);
}

#[test]
fn enter_on_a_similar_story_opens_it_as_a_new_visit() {
    let mut app = waiting_app();
    // Delta links to Echo (a.txt … f.txt: Delta is 3, Echo 4).
    down(&mut app, 3);
    app.update(Command::Open);
    assert_eq!(app.current(), Some(id(3)));
    answer(&mut app, id(3), &[1]);
    app.update(Command::FocusNext);
    assert_eq!(app.focus, Focus::Links);
    // The link to Echo, then the similar story.
    down(&mut app, 2);
    assert_eq!(app.related.link_cursor, Some(RelatedRow(1)));
    assert_eq!(app.link_item(RelatedRow(1)), Some(LinkItem::Similar(id(1))));
    app.update(Command::Open);
    assert_eq!(app.current(), Some(id(1)));
    assert!(app.remembered(id(1)).read, "chosen, so read");
    app.update(Command::Back);
    assert_eq!(app.current(), Some(id(3)));
    assert_eq!(
        app.related.link_cursor,
        Some(RelatedRow(1)),
        "back where it was left, while the similar stories are found again"
    );
    answer(&mut app, id(3), &[1]);
    assert_eq!(app.related.link_cursor, Some(RelatedRow(1)));
    // Had fewer been found, the selection would have gone with its row.
    app.press(&[Command::Forward, Command::Back]);
    answer(&mut app, id(3), &[]);
    assert_eq!(app.related.link_cursor, None);
}

#[test]
fn a_click_selects_a_similar_story_and_a_second_click_opens_it() {
    let mut app = waiting_app();
    answer(&mut app, id(0), &[2, 4]);
    let area = text_area(app.areas.unwrap().links);
    let counts = app.related_counts();
    let line = counts.item_line(RelatedRow(1));
    let at = Position::new(area.x + 2, area.y + u16::try_from(line).unwrap());
    app.update(Input::Click {
        column: at.x,
        row: at.y,
    });
    assert_eq!(app.focus, Focus::Links);
    assert_eq!(app.related.link_cursor, Some(RelatedRow(1)));
    // The headings and the placeholder are no rows.
    let heading = u16::try_from(counts.similar_heading()).unwrap();
    app.update(Input::Click {
        column: at.x,
        row: area.y + heading,
    });
    assert_eq!(app.related.link_cursor, Some(RelatedRow(1)));
    app.update(Input::Click {
        column: at.x,
        row: at.y,
    });
    app.update(Input::Click {
        column: at.x,
        row: at.y,
    });
    assert_eq!(app.current(), Some(id(4)));
}

#[test]
fn the_stories_found_are_the_closest_in_content_and_never_linked_ones() {
    // The job ran after the first action.
    let mut app = inline_app();
    assert_eq!(app.background.index, TextIndex::Ready);
    let found = app.similar_stories().to_vec();
    assert!(
        found.len() >= 2 && found[..2].contains(&id(2)) && found[..2].contains(&id(4)),
        "football finds football first: {found:?}"
    );
    // Delta's link goes to Echo, a football story: it is linked, so not similar.
    for _ in 0..3 {
        app.update(Motion::Down);
    }
    app.update(Command::Open);
    let found = app.similar_stories().to_vec();
    assert_eq!(found.first(), Some(&id(1)), "politics finds politics");
    assert!(!found.contains(&id(4)), "the linked story is left out");
    assert!(!found.contains(&id(3)), "nor the story itself");
}

#[test]
fn the_progress_of_the_index_build_is_kept_until_it_is_ready() {
    let mut app = waiting_app();
    assert_eq!(app.index_progress(), None, "nothing said yet");
    app.update(Answer::TextIndexProgress {
        version: 0,
        done: 12_345,
        total: 100_000,
    });
    assert_eq!(app.index_progress(), Some((12_345, 100_000)));
    // Reading goes on meanwhile.
    app.press(&[Motion::Down.into(), Command::Open]);
    assert_eq!(app.current(), Some(id(1)));
    assert_eq!(app.index_progress(), Some((12_345, 100_000)));
    // A full-text search typed meanwhile waits for the index.
    app.update(Command::FullTextSearch);
    app.update(Input::Key(Key::char('x')));
    let search = searching(&app);
    assert_eq!(search.kind, SearchKind::FullText);
    assert!(search.pending.is_some(), "waiting for its answer");
    app.update(Answer::TextIndexReady { version: 0 });
    assert!(!app.indexing());
    assert_eq!(app.index_progress(), None);
    // Progress after the end is of no build.
    app.update(Answer::TextIndexProgress {
        version: 0,
        done: 1,
        total: 2,
    });
    assert_eq!(app.index_progress(), None);
}

#[test]
fn a_reload_updates_the_index_in_place_and_the_new_text_is_found() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Harbour\nThe old quay.");
    let changed = write(dir.path(), "b.txt", "Market\nFresh fish.");
    let mut app = showing(load_at(dir.path()), Config::default()).with_index();
    app.update(Event::Tick(std::time::Duration::ZERO));
    assert_eq!(app.background.index, TextIndex::Ready);

    write(dir.path(), "b.txt", "Market\nLanterns on the quay.");
    app.update(Event::FilesChanged(vec![changed]));
    assert_eq!(app.background.version, 1);
    assert_eq!(
        app.background.index,
        TextIndex::Ready,
        "updated in place, not built again"
    );
    let search = |app: &mut App, query: &str| {
        app.update(Command::FullTextSearch);
        app.update(Input::Paste(query.to_owned()));
        let search = searching(app);
        let found: Vec<String> = (search.results.iter())
            .map(|&id| app.library.get(id).path().to_owned())
            .collect();
        app.update(Command::Cancel);
        found
    };
    assert_eq!(search(&mut app, "lanterns"), ["b.txt"]);
    app.last_search = None;
    assert_eq!(search(&mut app, "fish"), Vec::<String>::new());
}

#[test]
fn a_change_of_text_only_keeps_the_list_and_marks_and_a_new_title_reorders() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Zulu\nFirst.");
    let second = write(dir.path(), "b.txt", "Mike\nSecond.");
    let mut app = showing(load_at(dir.path()), Config::default());
    app.update(Command::CycleSort);
    assert_eq!(app.list.sort, crate::app::config::SortOrder::Title);
    app.press(&[Motion::Top.into(), Command::ToggleStar]);
    let titles = |app: &App| -> Vec<String> {
        (0..app.list_len())
            .filter_map(|row| app.article_at(crate::app::ListRow(row)))
            .map(|id| app.library.get(id).title().to_owned())
            .collect()
    };
    assert_eq!(titles(&app), ["Mike", "Zulu"]);
    let mike = app.library.find("Mike").unwrap();
    assert!(app.remembered(mike).starred);

    write(dir.path(), "b.txt", "Mike\nSecond, rewritten.");
    app.update(Event::FilesChanged(vec![second.clone()]));
    assert_eq!(titles(&app), ["Mike", "Zulu"]);
    let mike = app.library.find("Mike").unwrap();
    assert!(
        app.remembered(mike).starred,
        "the same article, the same marks"
    );

    write(dir.path(), "b.txt", "Zz Top\nSecond, retitled.");
    app.update(Event::FilesChanged(vec![second]));
    assert_eq!(titles(&app), ["Zulu", "Zz Top"], "sorted by title again");
    let retitled = app.library.find("Zz Top").unwrap();
    assert!(
        !app.remembered(retitled).starred,
        "marks follow path and title: a new title is a new story"
    );
}
