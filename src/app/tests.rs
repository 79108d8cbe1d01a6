//! `update` on plain state: history, links, search and focus, without a terminal.

use ratatui::layout::Rect;

use super::harness::TestApp as App;
use super::{Action, Focus, Mode};
use super::{ListRow, MarkChange, RelatedRow};
use crate::action::LinkNumber;
use crate::article::parse;
use crate::config::Config;
use crate::library::{ArticleId, Library};
use crate::state::Remembered;
use crate::wrap::LinkIndex;

/// Five articles: A links to B and to a missing story, B links to C, C links back to A;
/// D has a long body to scroll; E has no links.
/// The id of the article at `index` in path order.
fn id_at(index: usize) -> ArticleId {
    ArticleId::new(index)
}

pub(super) fn app() -> App {
    let long_body: String = (0..60)
        .map(|i| format!("Paragraph number {i}.\n"))
        .collect();
    let texts = [
        "Alpha Story\nIntro.\nRead More: beta story\nMiddle.\nRead More: Missing Piece\nEnd.",
        "Beta Story\nRead More: Gamma Story",
        "Gamma Story\nRead More: Alpha Story",
        &format!("Delta Story\n{long_body}Read More: Alpha Story"),
        "Epsilon Tale\nNo links here.",
    ];
    let articles = texts
        .iter()
        .enumerate()
        .map(|(i, text)| (format!("{i}.txt"), parse(text.as_bytes()).unwrap().article))
        .collect();
    let library = Library::from_articles(articles);
    App::new(library, Config::default(), false, Rect::new(0, 0, 100, 30))
}

fn follow(number: usize) -> Action {
    Action::FollowLink(LinkNumber::new(number).unwrap())
}

pub(super) fn title(app: &App) -> &str {
    &app.library.get(app.current().unwrap()).title
}

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
        app.update(Action::FocusNext);
        seen.push(app.focus);
    }
    assert_eq!(seen, [Focus::Reader, Focus::Links, Focus::List]);
    app.update(Action::FocusPrev);
    assert_eq!(app.focus, Focus::Links);
}

#[test]
fn enter_in_the_list_opens_the_selected_article_in_the_reader() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(title(&app), "Gamma Story");
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn following_links_pushes_history_and_back_forward_restore_scroll() {
    let mut app = app();
    app.update(Action::Bottom);
    app.update(Action::Open);
    assert_eq!(title(&app), "Epsilon Tale");
    app.update(Action::Up);
    app.update(Action::FocusPrev);
    app.update(Action::Up);
    app.update(Action::Open);
    assert_eq!(title(&app), "Delta Story");
    app.update(Action::PageDown);
    app.update(Action::Down);
    let scrolled = app.reader.scroll.0;
    assert!(scrolled > 1, "the long article scrolled");

    app.update(follow(1));
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.reader.scroll.0, 0);
    assert_eq!(
        app.list.position.selected,
        ListRow(0),
        "the followed article is selected in the list"
    );

    app.update(Action::Back);
    assert_eq!(title(&app), "Delta Story");
    assert_eq!(
        app.reader.scroll.0, scrolled,
        "back returns to where reading stopped"
    );
    app.update(Action::Back);
    assert_eq!(title(&app), "Epsilon Tale");
    app.update(Action::Forward);
    app.update(Action::Forward);
    assert_eq!(title(&app), "Alpha Story");
    app.update(Action::Forward);
    assert_eq!(title(&app), "Alpha Story", "nothing further forward");
    assert!(app.message.is_some());
}

#[test]
fn a_new_visit_after_going_back_drops_forward_history() {
    let mut app = app();
    app.update(follow(1));
    assert_eq!(title(&app), "Beta Story");
    app.update(Action::Back);
    app.update(follow(1));
    app.update(follow(1));
    assert_eq!(title(&app), "Gamma Story");
    app.update(Action::Back);
    app.update(Action::Back);
    assert_eq!(title(&app), "Alpha Story");
    app.update(Action::Forward);
    assert_eq!(title(&app), "Beta Story");
}

#[test]
fn link_selection_steps_through_links_and_enter_follows_it() {
    let mut app = app();
    app.update(Action::FocusNext);
    app.update(Action::Open);
    assert_eq!(
        title(&app),
        "Alpha Story",
        "no link selected: nothing followed"
    );
    assert!(app.message.is_some());
    app.update(Action::NextLink);
    assert_eq!(app.selected_link(), Some(LinkIndex(0)));
    app.update(Action::NextLink);
    assert_eq!(app.selected_link(), Some(LinkIndex(1)));
    app.update(Action::NextLink);
    assert_eq!(
        app.selected_link(),
        Some(LinkIndex(1)),
        "stays on the last link"
    );
    app.update(Action::PrevLink);
    assert_eq!(app.selected_link(), Some(LinkIndex(0)));
    app.update(Action::Open);
    assert_eq!(title(&app), "Beta Story");
}

#[test]
fn selecting_a_link_scrolls_it_into_view() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(title(&app), "Delta Story");
    app.update(Action::NextLink);
    let line = app.reader.wrapped.as_ref().unwrap().link_lines[0].0;
    assert!(app.reader.scroll.0 <= line && line < app.reader.scroll.0 + app.reader_height());
}

#[test]
fn following_a_dangling_link_stays_and_offers_closest_titles() {
    let mut app = app();
    app.update(follow(2));
    assert_eq!(title(&app), "Alpha Story");
    let Mode::Search(search) = &app.mode else {
        panic!("the search opens with the link text");
    };
    assert_eq!(search.query, "Missing Piece");
    app.update(Action::SearchCancel);
    assert_eq!(app.mode, Mode::Normal);
    app.update(follow(7));
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.message.as_deref(), Some("this article has no link 7"));
}

#[test]
fn the_links_pane_moves_over_links_then_backlinks_and_opens_them() {
    let mut app = app();
    app.update(Action::FocusPrev);
    assert_eq!(app.focus, Focus::Links);
    // Alpha: two links, then backlinks from Gamma and Delta.
    assert_eq!(app.link_count(), 4);
    app.update(Action::Down);
    assert_eq!(app.reader.link_cursor, Some(RelatedRow(0)));
    app.update(Action::Bottom);
    assert_eq!(app.reader.link_cursor, Some(RelatedRow(3)));
    assert_eq!(
        app.selected_link(),
        None,
        "a backlink is not a link of this article"
    );
    app.update(Action::Open);
    assert_eq!(title(&app), "Delta Story");
}

#[test]
fn search_filters_as_you_type_and_enter_opens_the_top_match() {
    let mut app = app();
    app.update(Action::Search);
    for c in "gam".chars() {
        app.update(Action::SearchInput(c));
    }
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.results.len(), 1);
    assert_eq!(search.highlights[0], [0, 1, 2]);
    app.update(Action::SearchAccept);
    assert_eq!(title(&app), "Gamma Story");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.list.position.selected, ListRow(2));
}

#[test]
fn search_arrows_move_within_results() {
    let mut app = app();
    app.update(Action::Search);
    app.update(Action::SearchPaste("story".to_owned()));
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Up);
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.position.selected, ListRow(1));
    let second = search.results[1];
    assert_eq!(app.library.get(second).title, "Beta Story");
    app.update(Action::SearchAccept);
    assert_eq!(title(&app), "Beta Story", "the second result was opened");
}

#[test]
fn search_cancel_restores_the_list_and_selection() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Search);
    app.update(Action::SearchInput('e'));
    app.update(Action::Down);
    app.update(Action::SearchCancel);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.list.position.selected, ListRow(2));
    assert_eq!(title(&app), "Alpha Story", "nothing was opened");
}

#[test]
fn search_editing_keys_and_pasted_controls() {
    let mut app = app();
    app.update(Action::Search);
    app.update(Action::SearchPaste("beta \u{1b}[31mstory\n".to_owned()));
    assert_eq!(
        query(&app),
        "beta story ",
        "escapes stripped, newline a space"
    );
    app.update(Action::SearchDeleteWord);
    assert_eq!(query(&app), "beta ");
    app.update(Action::SearchDeleteChar);
    assert_eq!(query(&app), "beta");
    app.update(Action::SearchInput('\u{7}'));
    assert_eq!(query(&app), "beta", "control characters are not typed");
}

fn query(app: &App) -> &str {
    match &app.mode {
        Mode::Search(search) => &search.query,
        _ => panic!("not searching"),
    }
}

#[test]
fn help_toggles_and_swallows_other_actions() {
    let mut app = app();
    app.update(Action::Help);
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    app.update(Action::Down);
    assert_eq!(app.list.position.selected, ListRow(0));
    app.update(Action::Help);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn resize_rewraps_and_keeps_the_reading_position_in_range() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    app.update(Action::Bottom);
    let before = app.reader.wrapped.as_ref().unwrap().width;
    app.update(Action::Resize {
        width: 50,
        height: 12,
    });
    let after = app.reader.wrapped.as_ref().unwrap().width;
    assert!(after < before);
    assert!(app.reader.scroll.0 <= app.max_scroll().0);
    app.update(Action::Resize {
        width: 5,
        height: 3,
    });
    assert!(app.areas.is_none());
    app.update(Action::Down);
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    assert!(app.areas.is_some());
}

#[test]
fn clicks_focus_panes_and_select_rows() {
    let mut app = app();
    let areas = app.areas.unwrap();
    app.update(Action::Click {
        column: areas.list.x + 3,
        row: areas.list.y + 3,
    });
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.position.selected, ListRow(2));
    app.update(Action::Click {
        column: areas.reader.x + 3,
        row: areas.reader.y + 3,
    });
    assert_eq!(app.focus, Focus::Reader);
    app.update(Action::Scroll {
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
fn quit_sets_the_flag() {
    let mut app = app();
    app.update(Action::Quit);
    assert!(app.quit);
}

#[test]
fn resizing_keeps_search_help_and_scroll_state() {
    let mut app = app();
    app.update(Action::Search);
    app.update(Action::SearchPaste("story".to_owned()));
    app.update(Action::Down);
    for (width, height) in [(40, 10), (3, 2), (200, 60)] {
        app.update(Action::Resize { width, height });
    }
    let Mode::Search(search) = &app.mode else {
        panic!("still searching");
    };
    assert_eq!(
        (search.query.as_str(), search.position.selected),
        ("story", ListRow(1))
    );
    app.update(Action::SearchCancel);

    app.update(Action::Help);
    app.update(Action::Resize {
        width: 20,
        height: 4,
    });
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    app.update(Action::Help);

    for _ in 0..3 {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    app.update(Action::PageDown);
    let before = app.reader.scroll.0;
    assert_eq!(
        before, 18,
        "one page: 19 visible lines (the Related pane takes its 30% for the link, the \
         headings and the similar stories), less one"
    );
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    assert_eq!(
        app.reader.scroll.0, before,
        "the same size keeps the same position"
    );
    let top = top_line(&app);
    app.update(Action::Resize {
        width: 160,
        height: 30,
    });
    assert_ne!(app.reader.wrapped.as_ref().unwrap().width, 61, "re-wrapped");
    assert_eq!(
        (app.reader.scroll.0, top_line(&app)),
        (before, top),
        "a wider pane that wraps every line the same keeps the same line on top"
    );
}

/// The text of the reader's first visible line.
fn top_line(app: &App) -> String {
    let wrapped = app.reader.wrapped.as_ref().unwrap();
    wrapped.line(app.reader.scroll).unwrap().text.clone()
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
    app.update(Action::FocusNext);
    // Down to the first line of paragraph 10.
    while !top_line(&app).starts_with("p10w") {
        app.update(Action::Down);
    }
    for width in [120, 60, 45, 200] {
        app.update(Action::Resize { width, height: 30 });
        // Paragraph 10's lines, and the blank line before it: the scroll is kept as a fraction
        // of the article, which may land one line early.
        let wrapped = app.reader.wrapped.as_ref().unwrap();
        let in_p10 = |line: &&crate::wrap::WrappedLine| line.text.starts_with("p10w");
        let first = wrapped.lines.iter().position(|l| in_p10(&l)).unwrap();
        let count = wrapped.lines.iter().filter(in_p10).count();
        assert!(
            (first - 1..first + count).contains(&app.reader.scroll.0),
            "at width {width} the top line is {:?}, line {} (paragraph 10 is lines {first}..{})",
            top_line(&app),
            app.reader.scroll.0,
            first + count
        );
    }
}

#[test]
fn background_search_takes_only_the_latest_answer_and_enter_waits_for_it() {
    let mut app = app();
    let (sender, answers) = std::sync::mpsc::channel();
    app.start_workers(move |answer| {
        let _ = sender.send(answer);
    });
    app.update(Action::Search);
    app.update(Action::SearchInput('g'));
    app.update(Action::SearchInput('a'));
    app.update(Action::SearchResults {
        generation: 0,
        ids: vec![id_at(4)],
        complete: true,
    });
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.results.len(), 5, "a stale answer is ignored");
    app.update(Action::SearchAccept);
    assert_eq!(title(&app), "Alpha Story", "enter waits for the answer");
    while matches!(app.mode, Mode::Search(_)) {
        let answer = answers
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the worker answers");
        app.update(answer);
    }
    assert_eq!(
        title(&app),
        "Gamma Story",
        "then opens the top match of the last query"
    );
}

#[test]
fn quick_answers_show_while_the_ranking_is_pending() {
    let mut app = app();
    app.start_workers(|_| {});
    app.update(Action::Search);
    app.update(Action::SearchInput('t'));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    let generation = search.pending.expect("a request is out");
    app.update(Action::SearchResults {
        generation,
        ids: vec![id_at(3), id_at(4)],
        complete: false,
    });
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(
        (search.results.as_slice(), search.pending),
        (&[id_at(3), id_at(4)][..], Some(generation))
    );
    app.update(Action::SearchAccept);
    app.update(Action::SearchResults {
        generation,
        ids: vec![id_at(4), id_at(3)],
        complete: true,
    });
    assert_eq!(title(&app), "Epsilon Tale", "the ranked top match opens");
}

#[test]
fn opening_marks_read_and_m_s_toggle_read_and_star() {
    let mut app = app();
    assert!(
        !app.remembered(id_at(0)).read,
        "shown at start-up is not opened"
    );
    assert_eq!(app.unread_count(), 5);
    app.update(Action::Open);
    assert!(app.remembered(id_at(0)).read, "enter opens it");
    assert_eq!(app.unread_count(), 4);
    app.update(Action::FocusPrev);
    app.update(Action::Down);
    app.update(Action::ToggleRead);
    assert!(
        app.remembered(id_at(1)).read,
        "m marks the list's selection"
    );
    assert_eq!(app.message.as_deref(), Some("marked read"));
    app.update(Action::ToggleStar);
    assert!(app.remembered(id_at(1)).starred);
    app.update(Action::FocusNext);
    app.update(Action::ToggleRead);
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
    app.update(Action::Open);
    let lines = app.reader.wrapped.as_ref().unwrap().lines.len();
    assert_eq!(
        app.take_mark_changes().last(),
        Some(&MarkChange {
            path: "0.txt".to_owned(),
            title: "Alpha Story".to_owned(),
            edit: crate::state::Edit {
                position: Some((0, lines)),
                ..crate::state::Edit::default()
            },
            remembered: Remembered {
                read: true,
                starred: false,
                scroll: 0,
                lines,
            },
        })
    );
    app.update(Action::FocusNext);
    app.update(Action::FocusPrev);
    assert_eq!(app.take_mark_changes(), [], "moving focus marks nothing");
}

#[test]
fn filters_show_unread_or_starred_and_combine_with_search() {
    let mut app = app();
    app.update(Action::Open);
    app.update(Action::FocusPrev);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::ToggleStar);
    app.update(Action::FilterUnread);
    assert_eq!(shown(&app), [1, 2, 3, 4]);
    assert_eq!(
        app.selected_article(),
        Some(id_at(2)),
        "the selection stays put"
    );
    app.update(Action::FilterStarred);
    assert_eq!(shown(&app), [2]);
    app.update(Action::FilterUnread);
    app.update(Action::Search);
    app.update(Action::SearchPaste("story".to_owned()));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(
        search.results,
        [id_at(2)],
        "search only finds starred articles"
    );
    app.update(Action::SearchCancel);
    app.update(Action::FilterStarred);
    assert_eq!(shown(&app), [0, 1, 2, 3, 4]);
    assert_eq!(app.list_len(), 5);
}

/// The articles the list shows, in order (headings left out).
fn shown(app: &App) -> Vec<usize> {
    (0..app.list_len())
        .filter_map(|row| app.article_at(ListRow(row)))
        .map(ArticleId::index)
        .collect()
}

#[test]
fn reopening_an_article_returns_to_where_reading_stopped() {
    let mut app = app();
    for _ in 0..3 {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    app.update(Action::PageDown);
    app.update(Action::PageDown);
    let stopped = app.reader.scroll.0;
    app.update(Action::FocusPrev);
    app.update(Action::Top);
    app.update(Action::Open);
    assert_eq!(app.reader.scroll.0, 0);
    app.update(Action::FocusPrev);
    for _ in 0..3 {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    assert_eq!(title(&app), "Delta Story");
    assert_eq!(app.reader.scroll.0, stopped);
}

#[test]
fn remembered_state_is_used_at_start() {
    let library = std::sync::Arc::unwrap_or_clone(app().library.clone());
    let app = App::with_marks(
        library,
        Config::default(),
        false,
        Rect::new(0, 0, 100, 30),
        |path, title| Remembered {
            read: path == "0.txt",
            starred: (path, title) == ("1.txt", "Beta Story") || title == "Not Gamma",
            ..Remembered::default()
        },
    );
    assert!(app.remembered(id_at(0)).read);
    assert!(app.remembered(id_at(1)).starred);
    assert!(
        !app.remembered(id_at(2)).starred,
        "marks are looked up by path and title"
    );
    assert_eq!(app.unread_count(), 4);
}

#[test]
fn marks_follow_articles_by_path_across_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("b.txt", "Bravo\nbody");
    write("c.txt", "Charlie\nbody");
    let library = Library::load(dir.path(), crate::library::LoadOptions::default()).unwrap();
    // The store remembers Alpha as read, under the path and title it will have.
    let mut app = App::with_marks(
        library,
        Config::default(),
        false,
        Rect::new(0, 0, 100, 30),
        |path, title| Remembered {
            read: (path, title) == ("a.txt", "Alpha"),
            ..Remembered::default()
        },
    );
    app.update(Action::ToggleStar);
    app.update(Action::Down);
    app.update(Action::ToggleRead);
    assert!(app.remembered(id_at(0)).starred && app.remembered(id_at(1)).read);

    write("a.txt", "Alpha\nnew, first in path order");
    write("c.txt", "Charlie Rewritten\nanother story now");
    let paths = vec![dir.path().join("a.txt"), dir.path().join("c.txt")];
    app.update(Action::FilesChanged(paths));
    let id = |title: &str| app.library.find(title).unwrap();
    assert_eq!(
        (id("Alpha"), id("Bravo"), id("Charlie Rewritten")),
        (id_at(0), id_at(1), id_at(2))
    );
    assert!(app.remembered(id_at(0)).read, "a new article is looked up");
    assert!(
        app.remembered(id_at(1)).starred,
        "Bravo keeps its star at its new id"
    );
    assert!(!app.remembered(id_at(1)).read);
    assert_eq!(
        app.remembered(id_at(2)),
        Remembered::default(),
        "a file rewritten as another story does not inherit the old one's marks"
    );
}

#[test]
fn changed_files_reload_and_keep_the_open_article_and_history_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("b.txt", "Bravo\nRead More: Zulu");
    write("c.txt", "Charlie\nRead More: Bravo");
    let library = Library::load(dir.path(), crate::library::LoadOptions::default()).unwrap();
    let mut app = App::new(library, Config::default(), false, Rect::new(0, 0, 100, 30));
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(title(&app), "Charlie");

    write("a.txt", "Alpha\nfirst in path order");
    write("z.txt", "Zulu\nnow the link resolves");
    let paths = vec![dir.path().join("a.txt"), dir.path().join("z.txt")];
    app.update(Action::FilesChanged(paths));
    assert_eq!(app.message.as_deref(), Some("library changed: 2 added"));
    assert_eq!(title(&app), "Charlie", "the open article stays open");
    assert_eq!(app.selected_article(), app.current(), "and selected");
    let bravo = app.library.find("Bravo").unwrap();
    assert_eq!(app.library.get(bravo).targets, [app.library.find("Zulu")]);
    app.update(Action::Back);
    assert_eq!(
        title(&app),
        "Bravo",
        "history follows the articles to their new ids"
    );

    std::fs::remove_file(dir.path().join("c.txt")).unwrap();
    app.update(Action::FilesChanged(vec![dir.path().join("c.txt")]));
    assert_eq!(app.message.as_deref(), Some("library changed: 1 removed"));
    assert_eq!(app.list_len(), 3);
    assert_eq!(title(&app), "Bravo");
}

#[test]
fn a_huge_paste_is_cut_to_the_query_limit_with_a_message() {
    let mut app = app();
    for search in [Action::FullTextSearch, Action::Search] {
        app.update(search);
        app.update(Action::SearchPaste("paragraph ".repeat(27_000)));
        let Mode::Search(search) = &app.mode else {
            panic!("searching");
        };
        assert_eq!(search.query.chars().count(), super::search::MAX_QUERY_CHARS);
        assert_eq!(
            app.message.as_deref(),
            Some("search text cut to 1000 characters")
        );
        app.update(Action::SearchCancel);
    }
    open_title(&mut app, "Delta Story");
    app.update(Action::Find);
    app.update(Action::SearchPaste("number ".repeat(40_000)));
    let Mode::Find(find) = &app.mode else {
        panic!("finding");
    };
    assert_eq!(find.query.chars().count(), super::search::MAX_QUERY_CHARS);
    assert_eq!(
        app.message.as_deref(),
        Some("search text cut to 1000 characters")
    );
}

#[test]
fn full_text_search_finds_words_in_paragraphs_and_n_steps_through_hits() {
    let mut app = app().with_index();
    app.update(Action::FullTextSearch);
    // An open phrase: its last word is still being typed, so `5` also finds `50` to `59`.
    app.update(Action::SearchPaste("\"paragraph number 5".to_owned()));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.kind, super::SearchKind::FullText);
    assert_eq!(
        search.results,
        [id_at(3)],
        "only Delta has that phrase in its text"
    );
    assert!(
        search.snippets[0].contains("Paragraph number 5"),
        "{:?}",
        search.snippets
    );
    app.update(Action::SearchAccept);
    assert_eq!(title(&app), "Delta Story");
    // "Paragraph number 5" and "Paragraph number 50" to "59": eleven lines.
    assert_eq!(app.reader.hits.spans.len(), 11);
    let first = app.reader.hits.spans[0].line.0;
    assert!(app.reader.scroll.0 <= first && first < app.reader.scroll.0 + app.reader_height());
    // n walks every hit, also those past the last line that can scroll to the top.
    for n in 1..=11 {
        app.update(Action::NextHit);
        assert_eq!(app.message, Some(format!("hit {n} of 11")));
        assert_eq!(
            app.reader.scroll.0,
            app.reader.hits.spans[n - 1].line.0.min(app.max_scroll().0)
        );
    }
    assert!(
        app.reader.hits.spans[10].line.0 > app.max_scroll().0,
        "the last hits cannot reach the top"
    );
    app.update(Action::NextHit);
    assert_eq!(app.message.as_deref(), Some("no more hits after this one"));
    app.update(Action::PrevHit);
    assert_eq!(app.message.as_deref(), Some("hit 10 of 11"));
    // Scrolling by hand starts the walk again from what is on screen.
    app.update(Action::Top);
    app.update(Action::NextHit);
    assert_eq!(
        (app.reader.scroll.0, app.message.as_deref()),
        (first, Some("hit 1 of 11"))
    );
    app.update(Action::Search);
    app.update(Action::SearchCancel);
    assert!(
        app.reader.hits.query.is_some(),
        "cancelling keeps the highlight"
    );
}

#[test]
fn full_text_words_must_all_match() {
    let mut app = app().with_index();
    app.update(Action::FullTextSearch);
    app.update(Action::SearchPaste("tale links".to_owned()));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.results, [id_at(4)], "Epsilon Tale: 'No links here'");
    app.update(Action::SearchDeleteWord);
    app.update(Action::SearchPaste("story links".to_owned()));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.query, "tale story links");
    assert!(search.results.is_empty(), "no article has all three words");
}

#[test]
fn top_and_bottom_in_the_links_pane_go_to_the_first_and_last_rows() {
    let mut app = app();
    app.update(Action::FocusPrev);
    app.update(Action::Top);
    assert_eq!(app.reader.link_cursor, Some(RelatedRow(0)));
    app.reader.link_cursor = None;
    app.update(Action::Bottom);
    assert_eq!(
        app.reader.link_cursor,
        Some(RelatedRow(app.link_count() - 1))
    );
    app.reader.link_cursor = None;
    app.update(Action::Up);
    assert_eq!(
        app.reader.link_cursor,
        Some(RelatedRow(app.link_count() - 1)),
        "up starts from the bottom"
    );
}

#[test]
fn answers_and_file_changes_land_while_help_is_open() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Alpha\nbody").unwrap();
    let library = Library::load(dir.path(), crate::library::LoadOptions::default()).unwrap();
    let mut app = App::new(library, Config::default(), false, Rect::new(0, 0, 100, 30));
    app.update(Action::Help);
    std::fs::write(dir.path().join("b.txt"), "Bravo\nbody").unwrap();
    app.update(Action::FilesChanged(vec![dir.path().join("b.txt")]));
    assert_eq!(app.list_len(), 2);
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
}

#[test]
fn a_reload_under_a_filter_keeps_the_selection_near() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c", "d"] {
        std::fs::write(
            dir.path().join(format!("{name}.txt")),
            format!("Title {name}\nbody"),
        )
        .unwrap();
    }
    let library = Library::load(dir.path(), crate::library::LoadOptions::default()).unwrap();
    let mut app = App::new(library, Config::default(), false, Rect::new(0, 0, 100, 30));
    app.update(Action::FilterUnread);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    app.update(Action::FocusPrev);
    assert_eq!(title(&app), "Title c");
    std::fs::write(dir.path().join("e.txt"), "Title e\nbody").unwrap();
    app.update(Action::FilesChanged(vec![dir.path().join("e.txt")]));
    // "c" is read now, so the filter drops it; the selection goes to the row after it.
    assert_eq!(app.selected_article(), app.library.find("Title d"));
    assert_eq!(title(&app), "Title c", "the open article stays open");
}

#[test]
fn a_reload_during_a_search_keeps_the_query_and_searches_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Harbour news\nbody").unwrap();
    let library = Library::load(dir.path(), crate::library::LoadOptions::default()).unwrap();
    let mut app = App::new(library, Config::default(), false, Rect::new(0, 0, 100, 30));
    app.update(Action::Search);
    app.update(Action::SearchPaste("harb".to_owned()));
    std::fs::write(dir.path().join("b.txt"), "Harbour bridge\nbody").unwrap();
    app.update(Action::FilesChanged(vec![dir.path().join("b.txt")]));
    let Mode::Search(search) = &app.mode else {
        panic!("still searching");
    };
    assert_eq!(search.query, "harb");
    assert_eq!(search.results.len(), 2, "the new article matches too");
    app.update(Action::SearchCancel);
    assert_eq!(
        app.list.position.selected,
        ListRow(0),
        "cancel still restores the list"
    );
}

// Help scrolling, dangling links, messages, what counts as reading, counts and the list.

fn help_scroll(app: &App) -> usize {
    match app.mode {
        Mode::Help { scroll } => scroll,
        _ => panic!("help is not open"),
    }
}

#[test]
fn the_help_scrolls_with_the_movement_keys_within_its_length() {
    let mut app = app();
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    app.update(Action::Help);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(help_scroll(&app), 2);
    app.update(Action::Up);
    assert_eq!(help_scroll(&app), 1);
    app.update(Action::Bottom);
    let last = app.help_layout(app.screen, usize::MAX).scroll;
    assert!(last > 0, "the help is longer than the screen");
    assert_eq!(help_scroll(&app), last);
    app.update(Action::Down);
    assert_eq!(help_scroll(&app), last, "no scrolling past the end");
    app.update(Action::Top);
    assert_eq!(help_scroll(&app), 0);
    assert_eq!(app.list.position.selected, ListRow(0), "the list stayed");
}

#[test]
fn a_dangling_link_offers_the_closest_titles_and_enter_opens_the_first() {
    let mut app = app();
    app.update(follow(2));
    let Mode::Search(search) = &app.mode else {
        panic!("the closest titles are offered");
    };
    assert!(search.closest, "the results are the closest titles");
    assert_eq!(search.query, "Missing Piece");
    app.update(Action::SearchCancel);
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
        matches!(&near.mode, Mode::Search(s) if s.closest && s.results.first() == Some(&id_at(1)))
    );
    near.update(Action::SearchAccept);
    assert_eq!(title(&near), "Gamma Story", "enter opens the nearest story");
    app.update(follow(1));
    app.update(Action::Search);
    app.update(Action::SearchInput('a'));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert!(!search.closest, "typed queries are plain searches");
}

#[test]
fn a_message_lives_until_the_next_action_that_changes_the_view() {
    let mut app = app().with_index();
    app.update(Action::FullTextSearch);
    app.update(Action::SearchPaste("paragraph".to_owned()));
    app.update(Action::SearchAccept);
    app.update(Action::NextHit);
    assert!(app.message.as_deref().unwrap().starts_with("hit "));
    app.update(Action::FullTextSearch);
    assert_eq!(app.message, None, "a new search shows no old hit count");
    app.update(Action::SearchCancel);

    app.update(Action::FilterUnread);
    assert!(app.message.is_some());
    app.update(Action::Down);
    assert_eq!(app.message, None);

    app.update(Action::FocusNext);
    app.update(Action::Open);
    assert_eq!(
        app.message.as_deref(),
        Some("no link selected: press ] to select one")
    );
    app.update(Action::NextLink);
    assert_eq!(app.message, None);
    // What other threads and the terminal report is not the user's doing: it stays.
    app.update(Action::Notify("saved".to_owned()));
    app.update(Action::Resize {
        width: 90,
        height: 30,
    });
    app.update(Action::Tick(std::time::Duration::from_millis(50)));
    assert_eq!(app.message.as_deref(), Some("saved"));
}

#[test]
fn enter_never_follows_a_link_scrolled_out_of_view() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Action::NextLink);
    assert!(app.selected_link().is_some(), "the link at the end");
    app.update(Action::Top);
    assert_eq!(app.selected_link(), None, "scrolled away: unselected");
    app.update(Action::Open);
    assert_eq!(title(&app), "Delta Story", "nothing was followed");
}

pub(super) fn open_title(app: &mut App, wanted: &str) {
    let id = app.library.find(wanted).unwrap();
    app.focus = Focus::List;
    app.update(Action::Top);
    for _ in 0..id.index() {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    assert_eq!(title(app), wanted);
}

/// A library whose first article is longer than the screen.
fn long_first_app() -> App {
    let body: String = (0..80).map(|i| format!("Line {i}.\n")).collect();
    let articles = vec![
        (
            "a.txt".to_owned(),
            parse(format!("Long Read\n{body}").as_bytes())
                .unwrap()
                .article,
        ),
        (
            "b.txt".to_owned(),
            parse(b"Short Read\nHello.").unwrap().article,
        ),
    ];
    App::new(
        Library::from_articles(articles),
        Config::default(),
        false,
        Rect::new(0, 0, 100, 30),
    )
}

#[test]
fn the_start_article_is_read_after_a_few_seconds_shown_after_a_key() {
    use std::time::Duration;
    let mut app = long_first_app();
    assert!(!app.remembered(id_at(0)).read);
    app.update(Action::FocusNext);
    app.update(Action::Tick(Duration::from_secs(1)));
    app.update(Action::Tick(Duration::from_secs(1)));
    assert!(!app.remembered(id_at(0)).read, "two seconds is a glance");
    app.update(Action::Tick(Duration::from_secs(1)));
    assert!(app.remembered(id_at(0)).read);
    // Marked unread by hand, it stays unread while shown.
    app.update(Action::ToggleRead);
    app.update(Action::Tick(Duration::from_secs(10)));
    assert!(!app.remembered(id_at(0)).read);
}

#[test]
fn the_start_article_is_read_once_scrolled() {
    let mut app = long_first_app();
    app.update(Action::FocusNext);
    assert!(!app.remembered(id_at(0)).read, "a key is not reading");
    app.update(Action::PageDown);
    assert!(app.remembered(id_at(0)).read);
}

#[test]
fn a_search_preview_is_not_reading() {
    use std::time::Duration;
    let mut app = long_first_app();
    app.update(Action::Search);
    app.update(Action::Tick(Duration::from_secs(10)));
    assert!(!app.remembered(id_at(0)).read);
}

#[test]
fn counts_agree_with_their_nouns() {
    let mut app = long_first_app();
    app.update(Action::FocusNext);
    app.update(Action::ToggleRead);
    app.update(Action::FocusPrev);
    app.update(Action::FilterUnread);
    assert_eq!(app.message.as_deref(), Some("showing 1 unread article"));
    app.update(Action::FilterUnread);
    assert_eq!(app.message.as_deref(), Some("showing all 2 articles"));

    let mut library =
        Library::from_articles(vec![("a.txt".to_owned(), parse(b"A\nB").unwrap().article)]);
    library.warnings.push(crate::library::Warning {
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
    app.update(Action::Bottom);
    app.update(Action::Resize {
        width: 100,
        height: 5,
    });
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    assert_eq!(app.list.position.selected, ListRow(4));
    assert_eq!(app.list.position.offset, ListRow(0), "all five rows show");
}

// The reading flow.

#[test]
fn next_and_previous_article_open_in_list_order_from_any_pane() {
    let mut app = app();
    app.update(Action::FocusPrev);
    app.update(Action::NextArticle);
    assert_eq!(title(&app), "Beta Story");
    assert_eq!(
        app.list.position.selected,
        ListRow(1),
        "the selection follows"
    );
    assert!(app.remembered(id_at(1)).read);
    app.update(Action::FocusNext);
    app.update(Action::NextArticle);
    app.update(Action::PrevArticle);
    assert_eq!(title(&app), "Beta Story");
    app.update(Action::PrevArticle);
    app.update(Action::PrevArticle);
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.message.as_deref(), Some("this is the first article"));
    app.update(Action::Back);
    assert_eq!(title(&app), "Beta Story", "each one was a visit in history");
}

#[test]
fn space_pages_down_and_at_the_end_opens_the_next_unread() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    // Beta is read: the next unread after Delta is Epsilon.
    app.remember(id_at(1), |r| r.read = true);
    app.focus = Focus::List;
    app.update(Action::ReadOn);
    assert_eq!(title(&app), "Delta Story");
    assert!(
        app.reader.scroll.0 > 0,
        "a page down in the reader from the list"
    );
    while app.reader.scroll < app.max_scroll() {
        app.update(Action::ReadOn);
    }
    app.update(Action::ReadOn);
    assert_eq!(title(&app), "Epsilon Tale");
    assert_eq!(app.message.as_deref(), Some("next unread: Epsilon Tale"));
    // Then from the top again: Alpha is still unread (it was only shown at start).
    app.update(Action::ReadOn);
    assert_eq!(title(&app), "Alpha Story");
    app.remember(id_at(2), |r| r.read = true);
    app.update(Action::ReadOn);
    assert_eq!(app.message.as_deref(), Some("no more unread articles"));
}

#[test]
fn half_pages_move_half_as_far_as_pages() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Action::HalfPageDown);
    let half = app.reader.scroll.0;
    app.update(Action::HalfPageUp);
    assert_eq!(app.reader.scroll.0, 0);
    app.update(Action::PageDown);
    let page = app.reader.scroll.0;
    assert!(half > 0 && half * 2 >= page && half < page, "{half} {page}");
}

#[test]
fn slash_in_the_reader_finds_in_the_article_with_n_and_n() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Action::Find);
    assert!(matches!(app.mode, Mode::Find(_)));
    app.update(Action::SearchPaste("number 5".to_owned()));
    // "number 5" and "number 50" to "59": eleven hits, the first shown.
    assert_eq!(app.reader.hits.spans.len(), 11);
    assert_eq!(app.reader.hits.cursor, Some(0));
    let first = app.reader.hits.spans[0].line;
    assert_eq!(app.reader.scroll, first.min(app.max_scroll()));
    app.update(Action::SearchAccept);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.message.as_deref(), Some("hit 1 of 11"));
    app.update(Action::NextHit);
    app.update(Action::NextHit);
    assert_eq!(app.message.as_deref(), Some("hit 3 of 11"));
    assert_eq!(app.reader.hits.cursor, Some(2));
    app.update(Action::PrevHit);
    assert_eq!(app.message.as_deref(), Some("hit 2 of 11"));
    // Esc gives back the place and the last pattern found.
    app.update(Action::Top);
    app.update(Action::Find);
    app.update(Action::SearchPaste("number 30".to_owned()));
    assert!(app.reader.scroll.0 > 0);
    app.update(Action::SearchCancel);
    assert_eq!(app.reader.scroll.0, 0);
    assert_eq!(app.reader.hits.spans.len(), 11, "number 5 again");
    // Not found is said, and from the list `/` is the title search.
    app.update(Action::Find);
    app.update(Action::SearchPaste("zebra".to_owned()));
    app.update(Action::SearchAccept);
    assert_eq!(
        app.message.as_deref(),
        Some("not found: zebra (n/N still find number 5)")
    );
    app.update(Action::FocusPrev);
    app.update(Action::Find);
    assert!(matches!(app.mode, Mode::Search(_)));
}

#[test]
fn a_reopened_search_has_its_query_results_and_selection() {
    let mut app = app();
    app.update(Action::Search);
    app.update(Action::SearchPaste("story".to_owned()));
    app.update(Action::Down);
    app.update(Action::Down);
    let Mode::Search(before) = app.mode.clone() else {
        panic!("searching");
    };
    app.update(Action::SearchAccept);
    let opened = app.current();
    app.update(Action::Search);
    let Mode::Search(again) = &app.mode else {
        panic!("searching again");
    };
    assert_eq!(again.query, "story");
    assert_eq!(again.results, before.results);
    assert_eq!(again.position.selected, ListRow(2));
    // Esc from it returns to the article it was opened from.
    app.update(Action::Up);
    assert_ne!(app.current(), opened, "the result above is previewed");
    app.update(Action::SearchCancel);
    assert_eq!(app.current(), opened);
    // The first character typed starts a new query.
    app.update(Action::Search);
    app.update(Action::SearchInput('e'));
    assert_eq!(query(&app), "e");
}

#[test]
fn moving_through_results_previews_without_reading_or_history() {
    let mut app = app();
    app.update(Action::Search);
    app.update(Action::SearchPaste("story".to_owned()));
    app.update(Action::Down);
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    let previewed = search.results[1];
    assert_eq!(
        app.current(),
        Some(previewed),
        "the selection is in the reader"
    );
    assert!(!app.remembered(previewed).read, "a preview is not reading");
    app.update(Action::Down);
    app.update(Action::SearchAccept);
    let opened = app.current().unwrap();
    assert!(app.remembered(opened).read);
    app.update(Action::Back);
    assert_eq!(title(&app), "Alpha Story", "previews were not visits");
    app.update(Action::Back);
    assert_eq!(title(&app), "Alpha Story");
}

#[test]
fn the_open_article_and_its_scroll_reopen_by_path() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Action::PageDown);
    let (path, scroll) = app.open_position().map(|(p, s)| (p.to_owned(), s)).unwrap();
    assert_eq!(path, "3.txt");
    assert!(scroll > 0);
    // While a search previews other articles, the position is still the article's.
    app.update(Action::Search);
    app.update(Action::Down);
    assert_eq!(app.open_position(), Some(("3.txt", scroll)));

    let mut next_run = self::app();
    let visit = |path: &str, scroll| crate::state::Visit {
        path: path.to_owned(),
        scroll,
    };
    let only = |path: &str, scroll| crate::state::Session {
        visits: vec![visit(path, scroll)],
        current: 0,
    };
    assert!(next_run.restore_session(&only(&path, scroll)));
    assert_eq!(title(&next_run), "Delta Story");
    assert_eq!(next_run.reader.scroll.0, scroll);
    assert_eq!(next_run.list.position.selected, ListRow(3));
    next_run.update(Action::Back);
    assert_eq!(
        title(&next_run),
        "Delta Story",
        "the first visit of the run"
    );
    assert!(!next_run.restore_session(&only("gone.txt", 0)));
}

#[test]
fn o_and_e_ask_the_terminal_for_the_file_of_the_article_they_act_on() {
    use super::Handoff;
    use std::path::PathBuf;
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::OpenInPager);
    // In the list, the selected article; the app itself runs nothing.
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Pager(PathBuf::from("1.txt")))
    );
    assert_eq!(app.take_handoff(), None);
    app.update(Action::FocusNext);
    app.update(Action::OpenInEditor);
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Editor(PathBuf::from("0.txt")))
    );
}

#[test]
fn y_and_shift_y_copy_the_sanitised_title_and_the_path_and_say_so() {
    use super::Handoff;
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
    app.update(Action::CopyTitle);
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Clipboard("Evil Title".to_owned()))
    );
    assert_eq!(app.message.as_deref(), Some("copied the title"));
    app.update(Action::CopyPath);
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Clipboard("news/evil.txt".to_owned()))
    );
    assert_eq!(app.message.as_deref(), Some("copied the path"));
}

fn click_at(app: &mut App, column: u16, row: u16) {
    app.update(Action::Click { column, row });
}

#[test]
fn a_second_click_on_a_list_row_opens_it_and_a_click_elsewhere_between_does_not() {
    let mut app = app();
    let list = app.areas.unwrap().list;
    click_at(&mut app, list.x + 3, list.y + 3);
    assert_eq!(app.list.position.selected, ListRow(2));
    assert_eq!(title(&app), "Alpha Story", "one click only selects");
    // Time passing between the two clicks (a double-click) changes nothing.
    app.update(Action::Tick(std::time::Duration::from_millis(200)));
    click_at(&mut app, list.x + 3, list.y + 3);
    assert_eq!(title(&app), "Gamma Story");
    assert_eq!(app.focus, Focus::Reader);

    click_at(&mut app, list.x + 3, list.y + 2);
    app.update(Action::Down);
    app.update(Action::Up);
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
    let inner = super::geometry::text_area(links);
    click_at(&mut app, inner.x + 2, inner.y);
    assert_eq!(app.reader.link_cursor, Some(RelatedRow(0)));
    assert_eq!(title(&app), "Alpha Story");
    click_at(&mut app, inner.x + 2, inner.y);
    assert_eq!(title(&app), "Beta Story");
}

#[test]
fn a_second_click_on_a_search_result_opens_it() {
    let mut app = app();
    app.update(Action::Search);
    for c in "story".chars() {
        app.update(Action::SearchInput(c));
    }
    let list = super::geometry::inner(app.areas.unwrap().list);
    click_at(&mut app, list.x + 1, list.y + 1);
    let Mode::Search(search) = &app.mode else {
        panic!("the first click only selects");
    };
    assert_eq!(search.position.selected, ListRow(1));
    let second = search.results[1];
    assert_ne!(second, id_at(0), "the first article is open already");
    click_at(&mut app, list.x + 1, list.y + 1);
    assert!(matches!(app.mode, Mode::Normal), "the second click opens");
    assert_eq!(app.current(), Some(second));
}

#[test]
fn z_zooms_the_focused_pane_the_zoom_follows_the_focus_and_z_again_undoes_it() {
    let mut app = app();
    let normal = app.areas.unwrap();
    app.update(Action::Zoom);
    let zoomed = app.areas.unwrap();
    assert_eq!(zoomed.zoom, Some(Focus::List));
    assert_eq!(zoomed.list, Rect::new(0, 0, 100, 29));
    // A click anywhere lands in the list, the only pane shown.
    click_at(&mut app, 90, 3);
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.position.selected, ListRow(2));
    app.update(Action::Open);
    assert_eq!(app.focus, Focus::Reader);
    let reader = app.areas.unwrap();
    assert_eq!(
        (reader.zoom, reader.reader),
        (Some(Focus::Reader), zoomed.list)
    );
    app.update(Action::Zoom);
    assert_eq!(app.areas.unwrap().zoom, None);
    assert_eq!(app.areas.unwrap().list, normal.list);
}

#[test]
fn the_related_pane_fits_each_article_and_the_reader_takes_the_rest() {
    let mut app = app();
    // Room for every line of either article (60% of 29 rows).
    app.config.links_height = 60;
    app.update(Action::Resize {
        width: 100,
        height: 30,
    });
    // Alpha: two links, the heading, two backlinks (Gamma, Delta), the heading, room for five
    // similar stories, and the borders.
    let alpha = app.areas.unwrap();
    assert_eq!(alpha.links.height, 5 + 6 + 2);
    app.update(Action::Bottom);
    app.update(Action::Open);
    // Epsilon: no links and no backlinks: one line saying so, then the similar stories.
    let epsilon = app.areas.unwrap();
    assert_eq!(epsilon.links.height, 1 + 6 + 2);
    assert_eq!(
        epsilon.reader.height + epsilon.links.height,
        alpha.reader.height + alpha.links.height
    );
}

#[test]
fn t_lists_the_history_newest_first_and_enter_jumps_back_to_the_chosen_visit() {
    let mut app = app();
    app.update(Action::FollowLink(LinkNumber::new(1).unwrap()));
    app.update(Action::FollowLink(LinkNumber::new(1).unwrap()));
    assert_eq!(
        app.trail_titles(),
        ["Alpha Story", "Beta Story", "Gamma Story"]
    );
    app.update(Action::Trail);
    assert_eq!(app.mode, Mode::Trail { selected: 0 });
    assert_eq!(
        app.history_rows(),
        [
            ("Gamma Story", true),
            ("Beta Story", false),
            ("Alpha Story", false)
        ]
    );
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(app.mode, Mode::Trail { selected: 2 }, "stops at the oldest");
    app.update(Action::Open);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(title(&app), "Alpha Story");
    assert_eq!(app.trail_titles(), ["Alpha Story"]);
    // The later visits stay: the list reopens on Alpha, and forward still goes to Beta.
    app.update(Action::Trail);
    assert_eq!(app.mode, Mode::Trail { selected: 2 });
    app.update(Action::Trail);
    assert_eq!(app.mode, Mode::Normal, "T again closes the list");
    app.update(Action::Forward);
    assert_eq!(title(&app), "Beta Story");
}
