//! The daily reading flow on plain state: space through the unread stories, the filter and
//! the position counter, what counts as reading, catching up, backing out with Esc.

use std::time::Duration;

use ratatui::layout::Rect;

use super::{at_paths, down, load_at, numbered, showing, type_text, write};
use crate::app::config::Config;
use crate::app::harness::TestApp as App;
use crate::app::question::Question;
use crate::app::{Command, Event, Focus, Input, Key, ListRow, Motion, Overlay};
use crate::domain::article::parse;
use crate::domain::library::{ArticleId, Library};

/// Two folders of one-paragraph stories: `a` holds One, Two, Three; `b` holds Four, Five.
fn folders() -> App {
    folders_with(Config::default())
}

fn folders_with(config: Config) -> App {
    let stories = [
        ("a/1.txt", "One"),
        ("a/2.txt", "Two"),
        ("a/3.txt", "Three"),
        ("b/1.txt", "Four"),
        ("b/2.txt", "Five"),
    ];
    let texts = stories.map(|(path, title)| (path, format!("{title}\nA paragraph about {title}.")));
    let stories = texts.each_ref().map(|(path, text)| (*path, text.as_str()));
    showing(at_paths(&stories), config)
}

fn titled(app: &App, title: &str) -> ArticleId {
    app.library.find(title).expect("a story of the fixture")
}

fn open_title(app: &App) -> &str {
    app.library.get(app.current().unwrap()).title()
}

fn is_read(app: &App, title: &str) -> bool {
    app.remembered(titled(app, title)).read
}

/// Gives `command` once for each of `opened`: the story it opens then, and why.
fn each_opens(app: &mut App, command: Command, opened: &[(&str, &str)]) {
    for (title, why) in opened {
        app.update(command);
        assert_eq!(open_title(app), *title, "{why}");
    }
}

#[test]
fn space_under_the_unread_filter_opens_the_next_unread_story_without_skipping_one() {
    let mut app = folders();
    app.update(Command::Open);
    assert!(is_read(&app, "One"));
    app.update(Command::FilterUnread);
    let opened = [
        ("Two", "Two is the next unread story"),
        ("Three", "then Three"),
        ("Four", "on into the next folder"),
    ];
    each_opens(&mut app, Command::ReadOn, &opened);
}

#[test]
fn leaving_a_story_that_fits_one_screen_with_space_marks_it_read() {
    let mut app = folders();
    assert!(!is_read(&app, "One"), "shown at start, not read yet");
    app.update(Command::ReadOn);
    assert_eq!(open_title(&app), "Two");
    assert!(is_read(&app, "One"), "space moved past it: read");
    for _ in 0..3 {
        app.update(Command::ReadOn);
    }
    assert_eq!(open_title(&app), "Five");
    app.update(Command::ReadOn);
    assert_eq!(app.message.as_deref(), Some("no more unread articles"));
    assert_eq!(app.unread_count(), 0);
}

#[test]
fn the_filter_message_counts_articles_not_folder_headings() {
    let mut app = folders();
    app.press(&[Command::Open, Command::FocusPrev, Command::FilterUnread]);
    assert_eq!(app.message.as_deref(), Some("showing 4 unread articles"));
    // A collapsed folder's stories are still shown by the filter, behind their heading.
    app.press(&[Command::ToggleSection, Command::FilterUnread]);
    assert_eq!(app.message.as_deref(), Some("showing all 5 articles"));
}

#[test]
fn the_position_counts_the_stories_of_collapsed_folders() {
    let mut app = folders();
    app.update(Command::ToggleSection);
    assert_eq!(app.list_place(), (None, 5), "on the collapsed heading of a");
    down(&mut app, 2);
    assert_eq!(app.selected_article(), Some(titled(&app, "Four")));
    assert_eq!(app.list_place(), (Some(4), 5), "Four is the fourth of five");
}

#[test]
fn the_position_follows_the_open_story_when_the_selected_file_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, name, title) in [("a", "1", "One"), ("a", "2", "Two"), ("b", "1", "Four")] {
        let text = format!("{title}\nA paragraph.");
        write(dir.path(), &format!("{folder}/{name}.txt"), &text);
    }
    let mut app = showing(load_at(dir.path()), Config::default());
    app.press(&[Motion::Down.into(), Command::Open, Command::FocusPrev]);
    assert_eq!(open_title(&app), "Two");
    let gone = dir.path().join("a/2.txt");
    std::fs::remove_file(&gone).unwrap();
    app.update(Event::FilesChanged(vec![gone]));
    assert_eq!(open_title(&app), "One", "back on the story before it");
    assert_eq!(app.selected_article(), app.current(), "selected with it");
    assert_eq!(app.list_place(), (Some(1), 2));
}

#[test]
fn the_start_story_is_read_only_once_the_user_reads_it() {
    let mut app = folders();
    app.update(Event::Tick(Duration::from_secs(30)));
    assert!(!is_read(&app, "One"), "no key pressed: nobody read it");
    app.update(Command::FocusNext);
    app.update(Event::Tick(Duration::from_secs(2)));
    assert!(!is_read(&app, "One"), "a glance");
    app.update(Event::Tick(Duration::from_secs(2)));
    assert!(is_read(&app, "One"), "stayed on it after a key");
}

#[test]
fn following_a_link_from_the_start_story_reads_it() {
    let library = at_paths(&[("1.txt", "One\nRead More: Two"), ("2.txt", "Two\nThe end.")]);
    let mut app = showing(library, Config::default());
    app.update(Command::FollowLink(
        crate::domain::wrap::LinkNumber::new(1).unwrap(),
    ));
    assert_eq!(open_title(&app), "Two");
    assert!(is_read(&app, "One"));
    assert_eq!(app.list.position.selected, ListRow(1));
    assert_eq!(app.focus, Focus::List);
    assert!(app.overlays.is_empty());
}

/// One story linking to another, with a third unlinked.
fn linked() -> App {
    let library = at_paths(&[
        ("1.txt", "One\nRead More: Three"),
        ("2.txt", "Two\nNothing."),
        ("3.txt", "Three\nThe end."),
    ]);
    showing(library, Config::default())
}

#[test]
fn bracket_then_enter_in_the_list_follows_the_selected_link() {
    let mut app = linked();
    assert_eq!(app.focus, Focus::List);
    app.press(&[Command::NextLink, Command::Open]);
    assert_eq!(
        open_title(&app),
        "Three",
        "the first enter follows the link"
    );
    assert_eq!(app.focus, Focus::Reader);
    // Without a selected link, enter in the list opens the selection as before.
    app.press(&[
        Command::FocusPrev,
        Motion::Top.into(),
        Motion::Down.into(),
        Command::Open,
    ]);
    assert_eq!(open_title(&app), "Two");
}

#[test]
fn esc_backs_out_one_level_at_a_time() {
    let mut app = linked();
    app.press(&[Command::FocusNext, Command::Help, Command::BackOut]);
    assert!(app.overlays.is_empty(), "the help closed");
    app.press(&[Command::Find, Command::BackOut]);
    assert!(app.overlays.is_empty(), "the search line closed");
    assert_eq!(app.focus, Focus::Reader, "focus stays");
    app.press(&[Command::TogglePeek, Command::NextLink]);
    assert!(app.peek_card().is_some());
    app.update(Command::BackOut);
    assert!(app.peek_card().is_none(), "the peek card closed");
    assert_eq!(app.focus, Focus::Reader);
    app.update(Command::BackOut);
    assert_eq!(app.focus, Focus::List, "then back to the list");
    app.update(Command::BackOut);
    assert_eq!(app.focus, Focus::List);
    assert!(app.overlays.is_empty());
    assert!(!app.quit, "esc never quits");
}

#[test]
fn p_opens_the_previous_unread_story_going_round() {
    let mut app = folders();
    let first = [("Five", "round from the top to the last")];
    each_opens(&mut app, Command::PrevUnread, &first);
    assert_eq!(app.message.as_deref(), Some("previous unread: Five"));
    let then = [("Four", "then Four"), ("Three", "over the heading of b")];
    each_opens(&mut app, Command::PrevUnread, &then);
}

#[test]
fn a_marks_the_selected_folder_read_and_c_everything_after_a_yes() {
    let mut app = folders();
    app.update(Command::MarkAllRead);
    assert_eq!(app.message.as_deref(), Some("marked 3 articles read in a"));
    assert!(["One", "Two", "Three"].iter().all(|t| is_read(&app, t)));
    assert!(!is_read(&app, "Four"), "b is another folder");
    app.update(Command::CatchUp);
    assert_eq!(
        app.overlays.top(),
        Some(&Overlay::Question(Question::CatchUp { unread: 2 }))
    );
    app.update(Motion::Down);
    assert!(
        matches!(app.overlays.top(), Some(Overlay::Question(_))),
        "only an answer ends it"
    );
    app.update(Command::No);
    assert_eq!(app.message.as_deref(), Some("nothing marked"));
    assert_eq!(app.unread_count(), 2);
    app.press(&[Command::CatchUp, Command::Yes]);
    assert_eq!(
        app.message.as_deref(),
        Some("caught up: marked 2 articles read")
    );
    assert_eq!(app.unread_count(), 0);
    assert!(app.overlays.is_empty());
    let changes = app.take_mark_changes();
    assert!(
        changes
            .iter()
            .any(|c| c.title == "Five" && c.remembered.read)
    );
}

#[test]
fn a_under_the_starred_filter_marks_only_what_it_shows() {
    let mut app = folders();
    app.press(&[
        Motion::Down.into(),
        Command::ToggleStar,
        Command::FilterStarred,
        Command::MarkAllRead,
    ]);
    assert_eq!(app.message.as_deref(), Some("marked 1 article read in a"));
    assert!(is_read(&app, "Two"));
    assert!(!is_read(&app, "Three"));
}

#[test]
fn an_unbound_key_says_so_with_the_help_key() {
    let mut app = folders();
    app.update(Input::Key("x".parse().unwrap()));
    assert_eq!(app.message.as_deref(), Some("x is not bound — ? for help"));
}

/// One long story: sixty numbered paragraphs, "apple" in paragraphs 10 and 40.
fn long_story() -> App {
    let body: String = (0..60)
        .map(|i| {
            let fruit = if i == 10 || i == 40 { " apple" } else { "" };
            format!("Paragraph number {i}{fruit}.\n")
        })
        .collect();
    let article = parse(format!("Long\n{body}").as_bytes()).unwrap().article;
    let mut app = App::new(
        Library::from_articles(vec![("1.txt".to_owned(), article)]),
        Config::default(),
        false,
        Rect::new(0, 0, 80, 24),
    );
    app.update(Command::FocusNext);
    app
}

fn find(app: &mut App, text: &str) {
    app.update(Command::Find);
    type_text(app, text);
    app.update(Command::Accept);
}

fn top_line(app: &App) -> String {
    let wrapped = app.reader.wrapped().unwrap();
    wrapped.lines[app.reader.scroll().0].text.clone()
}

#[test]
fn a_find_that_fails_keeps_the_last_pattern_found_and_its_hits() {
    let mut app = long_story();
    find(&mut app, "apple");
    assert_eq!(app.message.as_deref(), Some("hit 1 of 2"));
    assert!(top_line(&app).contains("number 10 apple"));
    find(&mut app, "zebra");
    assert_eq!(
        app.message.as_deref(),
        Some("not found: zebra (n/N still find apple)")
    );
    assert_eq!(app.reader.hits.spans.len(), 2, "apple's hits stay");
    assert!(
        top_line(&app).contains("number 10 apple"),
        "the reader stays"
    );
    app.update(Command::NextHit);
    assert!(top_line(&app).contains("number 40 apple"));
}

#[test]
fn slash_reopens_the_last_pattern_and_enter_repeats_it() {
    let mut app = long_story();
    find(&mut app, "apple");
    app.update(Command::Find);
    let Some(line) = app.overlays.find() else {
        panic!("finding");
    };
    assert_eq!((line.query.as_str(), line.reopened), ("apple", true));
    app.update(Command::Accept);
    assert!(top_line(&app).contains("number 40 apple"), "the next hit");
    assert_eq!(app.message.as_deref(), Some("hit 2 of 2"));
    // Typing replaces the reopened pattern.
    app.update(Command::Find);
    app.update(Input::Key(Key::char('5')));
    let Some(line) = app.overlays.find() else {
        panic!("finding");
    };
    assert_eq!(line.query, "5");
}

#[test]
fn the_help_says_backward_search_is_n() {
    let rows = crate::app::keymap::PANES
        .iter()
        .find(|binding| binding.commands == [Command::PrevHit])
        .unwrap();
    assert!(rows.help.unwrap().contains("search backward"));
    assert_eq!(
        Config::default().keymap.command("?".parse().unwrap()),
        Some(Command::Help),
        "? stays help"
    );
}

/// The open story links to a story not in the library and to one that is.
fn dangling(missing: &str) -> App {
    let first =
        format!("North Korea skips rally\nRead More: {missing}\nRead More: Weather in Seoul");
    let texts = [
        first.as_str(),
        "Weather in Seoul\nSunny.",
        "Korean defence talks\nTalks.",
        "Markets rally on Korea news\nMarkets.",
        "Cooking pasta at home\nPasta.",
        "The new and the old\nFiller words only.",
    ];
    showing(numbered(&texts), Config::default())
}

fn suggested(app: &App) -> Vec<String> {
    let Some(search) = app.overlays.search() else {
        panic!("the search line offers the closest titles");
    };
    assert!(search.closest);
    (search.results.iter())
        .map(|&id| app.library.get(id).title().to_owned())
        .collect()
}

#[test]
fn a_dangling_link_suggests_only_close_titles_never_the_open_story_or_its_links() {
    let mut app = dangling("The Korea talks resume");
    app.update(Command::FollowLink(
        crate::domain::wrap::LinkNumber::new(1).unwrap(),
    ));
    let titles = suggested(&app);
    assert_eq!(
        titles,
        ["Korean defence talks", "Markets rally on Korea news"],
        "titles sharing a word; not the open story, not Weather in Seoul (linked), not the \
         ones sharing only 'the'"
    );
}

#[test]
fn a_dangling_link_with_nothing_close_says_so() {
    let mut app = dangling("Zzyzx quarterly");
    app.update(Command::FollowLink(
        crate::domain::wrap::LinkNumber::new(1).unwrap(),
    ));
    assert_eq!(suggested(&app), Vec::<String>::new());
    // The peek card of the same link says so too.
    app.press(&[
        Command::Cancel,
        Command::FocusNext,
        Command::TogglePeek,
        Command::PrevLink,
    ]);
    let Some(crate::app::related::peek::PeekCard::Missing { closest, .. }) = app.peek_card() else {
        panic!("a card for the missing story");
    };
    assert_eq!(
        *closest,
        crate::app::related::peek::Closest::Found(Vec::new())
    );
}
