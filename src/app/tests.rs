//! `update` on plain state: history, links, search and focus, without a terminal.

use ratatui::layout::Rect;

use super::{Action, App, Focus, Mode};
use super::{ListRow, MarkChange, RelatedRow};
use crate::action::LinkNumber;
use crate::article::parse;
use crate::config::Config;
use crate::library::Library;
use crate::reading_state::Remembered;
use crate::wrap::LinkIndex;

/// Five articles: A links to B and to a missing story, B links to C, C links back to A;
/// D has a long body to scroll; E has no links.
fn app() -> App {
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

fn title(app: &App) -> &str {
    &app.library.get(app.current().unwrap()).article.title
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
    assert!(app.message.as_deref().unwrap().contains("Missing Piece"));
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
    assert_eq!(app.library.get(second).article.title, "Beta Story");
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
    assert_eq!(app.mode, Mode::Help);
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
    assert_eq!(app.mode, Mode::Help);
    app.update(Action::Help);

    for _ in 0..3 {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    app.update(Action::PageDown);
    let before = app.reader.scroll.0;
    assert_eq!(
        before, 17,
        "one page: 18 visible lines, less one for context"
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
    app.search_in_background(move |answer| {
        let _ = sender.send(answer);
    });
    app.update(Action::Search);
    app.update(Action::SearchInput('g'));
    app.update(Action::SearchInput('a'));
    app.update(Action::SearchResults {
        generation: 0,
        ids: vec![4],
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
        app.update(Action::SearchResults {
            generation: answer.generation,
            ids: answer.ids,
            complete: answer.complete,
        });
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
    app.search_in_background(|_| {});
    app.update(Action::Search);
    app.update(Action::SearchInput('t'));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    let generation = search.pending.expect("a request is out");
    app.update(Action::SearchResults {
        generation,
        ids: vec![3, 4],
        complete: false,
    });
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(
        (search.results.as_slice(), search.pending),
        (&[3, 4][..], Some(generation))
    );
    app.update(Action::SearchAccept);
    app.update(Action::SearchResults {
        generation,
        ids: vec![4, 3],
        complete: true,
    });
    assert_eq!(title(&app), "Epsilon Tale", "the ranked top match opens");
}

#[test]
fn opening_marks_read_and_m_s_toggle_read_and_star() {
    let mut app = app();
    assert!(!app.remembered(0).read, "shown at start-up is not opened");
    assert_eq!(app.unread_count(), 5);
    app.update(Action::Open);
    assert!(app.remembered(0).read, "enter opens it");
    assert_eq!(app.unread_count(), 4);
    app.update(Action::FocusPrev);
    app.update(Action::Down);
    app.update(Action::ToggleRead);
    assert!(app.remembered(1).read, "m marks the list's selection");
    assert_eq!(app.message.as_deref(), Some("marked read"));
    app.update(Action::ToggleStar);
    assert!(app.remembered(1).starred);
    app.update(Action::FocusNext);
    app.update(Action::ToggleRead);
    assert!(
        !app.remembered(0).read,
        "in the reader, m marks the open article"
    );
    app.update(follow(1));
    assert!(app.remembered(1).read, "following a link opens its article");
    let changes = app.take_mark_changes();
    let last = |path: &str| changes.iter().rev().find(|c| c.path == path);
    let alpha = last("0.txt").expect("alpha changed");
    assert_eq!(
        (alpha.title.as_str(), alpha.remembered),
        ("Alpha Story", app.remembered(0))
    );
    let beta = last("1.txt").expect("beta changed");
    assert_eq!(
        (beta.title.as_str(), beta.remembered),
        ("Beta Story", app.remembered(1))
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
    assert_eq!(app.list.visible.as_deref(), Some(&[1, 2, 3, 4][..]));
    assert_eq!(app.selected_article(), Some(2), "the selection stays put");
    app.update(Action::FilterStarred);
    assert_eq!(app.list.visible.as_deref(), Some(&[2][..]));
    app.update(Action::FilterUnread);
    app.update(Action::Search);
    app.update(Action::SearchPaste("story".to_owned()));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.results, [2], "search only finds starred articles");
    app.update(Action::SearchCancel);
    app.update(Action::FilterStarred);
    assert_eq!(app.list.visible, None);
    assert_eq!(app.list_len(), 5);
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
    let library = app().library;
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
    assert!(app.remembered(0).read);
    assert!(app.remembered(1).starred);
    assert!(
        !app.remembered(2).starred,
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
    assert!(app.remembered(0).starred && app.remembered(1).read);

    write("a.txt", "Alpha\nnew, first in path order");
    write("c.txt", "Charlie Rewritten\nanother story now");
    let paths = vec![dir.path().join("a.txt"), dir.path().join("c.txt")];
    app.update(Action::FilesChanged(paths));
    let id = |title: &str| app.library.find(title).unwrap();
    assert_eq!(
        (id("Alpha"), id("Bravo"), id("Charlie Rewritten")),
        (0, 1, 2)
    );
    assert!(app.remembered(0).read, "a new article is looked up");
    assert!(
        app.remembered(1).starred,
        "Bravo keeps its star at its new id"
    );
    assert!(!app.remembered(1).read);
    assert_eq!(
        app.remembered(2),
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
fn full_text_search_finds_words_in_paragraphs_and_n_steps_through_hits() {
    let mut app = app();
    app.update(Action::FullTextSearch);
    // An open phrase: its last word is still being typed, so `5` also finds `50` to `59`.
    app.update(Action::SearchPaste("\"paragraph number 5".to_owned()));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.kind, super::SearchKind::FullText);
    assert_eq!(
        search.results,
        [3],
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
    assert_eq!(app.reader.hits.lines.len(), 11);
    let first = app.reader.hits.lines[0].0;
    assert!(app.reader.scroll.0 <= first && first < app.reader.scroll.0 + app.reader_height());
    // n walks every hit, also those past the last line that can scroll to the top.
    for n in 1..=11 {
        app.update(Action::NextHit);
        assert_eq!(app.message, Some(format!("hit {n} of 11")));
        assert_eq!(
            app.reader.scroll.0,
            app.reader.hits.lines[n - 1].0.min(app.max_scroll().0)
        );
    }
    assert!(
        app.reader.hits.lines[10].0 > app.max_scroll().0,
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
    let mut app = app();
    app.update(Action::FullTextSearch);
    app.update(Action::SearchPaste("tale links".to_owned()));
    let Mode::Search(search) = &app.mode else {
        panic!("searching");
    };
    assert_eq!(search.results, [4], "Epsilon Tale: 'No links here'");
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
    assert_eq!(app.mode, Mode::Help);
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
