//! Title search, full-text search and find in the article: typing, answers, results.

use super::*;

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
fn a_huge_paste_is_cut_to_the_query_limit_with_a_message() {
    let mut app = app();
    for search in [Action::FullTextSearch, Action::Search] {
        app.update(search);
        app.update(Action::SearchPaste("paragraph ".repeat(27_000)));
        let Mode::Search(search) = &app.mode else {
            panic!("searching");
        };
        assert_eq!(
            search.query.chars().count(),
            crate::app::search::MAX_QUERY_CHARS
        );
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
    assert_eq!(
        find.query.chars().count(),
        crate::app::search::MAX_QUERY_CHARS
    );
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
    assert_eq!(search.kind, crate::app::SearchKind::FullText);
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
