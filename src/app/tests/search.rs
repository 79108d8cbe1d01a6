//! Title search, full-text search and find in the article: typing, answers, results.

use super::*;

#[test]
fn search_filters_as_you_type_and_enter_opens_the_top_match() {
    let mut app = app();
    app.update(Command::Search);
    type_text(&mut app, "gam");
    let search = searching(&app);
    assert_eq!(search.results.len(), 1);
    assert_eq!(search.highlights[0], [0, 1, 2]);
    app.update(Command::Accept);
    assert_eq!(title(&app), "Gamma Story");
    assert!(app.overlays.is_empty());
    assert_eq!(app.list.position.selected, ListRow(2));
}

#[test]
fn search_arrows_move_within_results() {
    let mut app = app();
    search_for(&mut app, "story");
    down(&mut app, 2);
    app.update(Motion::Up);
    let search = searching(&app);
    assert_eq!(search.position.selected, ListRow(1));
    let second = search.results[1];
    assert_eq!(app.library.get(second).title(), "Beta Story");
    app.update(Command::Accept);
    assert_eq!(title(&app), "Beta Story", "the second result was opened");
}

#[test]
fn search_cancel_restores_the_list_and_selection() {
    let mut app = app();
    down(&mut app, 2);
    app.update(Command::Search);
    app.update(Input::Key(Key::char('e')));
    app.press(&[Motion::Down.into(), Command::Cancel]);
    assert!(app.overlays.is_empty());
    assert_eq!(app.list.position.selected, ListRow(2));
    assert_eq!(title(&app), "Alpha Story", "nothing was opened");
}

#[test]
fn search_editing_keys_and_pasted_controls() {
    let mut app = app();
    search_for(&mut app, "beta \u{1b}[31mstory\n");
    assert_eq!(
        query(&app),
        "beta story ",
        "escapes stripped, newline a space"
    );
    app.update(Command::DeleteWord);
    assert_eq!(query(&app), "beta ");
    app.update(Command::DeleteChar);
    assert_eq!(query(&app), "beta");
    app.update(Input::Key(Key::char('\u{7}')));
    assert_eq!(query(&app), "beta", "control characters are not typed");
}

#[test]
fn background_search_takes_only_the_latest_answer_and_enter_waits_for_it() {
    let mut app = app();
    let (sender, answers) = std::sync::mpsc::channel();
    app.start_workers(move |answer| {
        let _ = sender.send(answer);
    });
    app.update(Command::Search);
    app.update(Input::Key(Key::char('g')));
    app.update(Input::Key(Key::char('a')));
    app.update(Answer::SearchResults {
        generation: 0,
        ids: vec![id_at(4)],
        complete: true,
        total: 1,
    });
    let search = searching(&app);
    assert_eq!(search.results.len(), 5, "a stale answer is ignored");
    app.update(Command::Accept);
    assert_eq!(title(&app), "Alpha Story", "enter waits for the answer");
    while app.overlays.search().is_some() {
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
    app.update(Command::Search);
    app.update(Input::Key(Key::char('t')));
    let search = searching(&app);
    let generation = search.pending.expect("a request is out");
    app.update(Answer::SearchResults {
        generation,
        ids: vec![id_at(3), id_at(4)],
        complete: false,
        total: 2,
    });
    let search = searching(&app);
    assert_eq!(
        (search.results.as_slice(), search.pending),
        (&[id_at(3), id_at(4)][..], Some(generation))
    );
    app.update(Command::Accept);
    app.update(Answer::SearchResults {
        generation,
        ids: vec![id_at(4), id_at(3)],
        complete: true,
        total: 2,
    });
    assert_eq!(title(&app), "Epsilon Tale", "the ranked top match opens");
}

/// A title search for `t` whose answer ranked the first two of its five matches.
fn two_of_five_ranked() -> App {
    let mut app = app();
    app.start_workers(|_| {});
    app.update(Command::Search);
    app.update(Input::Key(Key::char('t')));
    let generation = searching(&app).pending.expect("a request is out");
    app.update(Answer::SearchResults {
        generation,
        ids: vec![id_at(4), id_at(3)],
        complete: true,
        total: 5,
    });
    app
}

/// The answer to `generation` ranking all five matches of [`two_of_five_ranked`]'s search.
fn all_five_ranked(generation: u64) -> Answer {
    Answer::SearchResults {
        generation,
        ids: vec![id_at(4), id_at(3), id_at(0), id_at(1), id_at(2)],
        complete: true,
        total: 5,
    }
}

#[test]
fn the_bottom_of_a_partly_ranked_list_is_its_last_match_once_every_match_is_ranked() {
    let mut app = two_of_five_ranked();
    app.update(Motion::Bottom);
    let search = searching(&app);
    let all = search.pending.expect("the bottom asks for every match");
    assert_eq!(
        search.position.selected,
        ListRow(1),
        "the last ranked so far"
    );
    app.update(all_five_ranked(all));
    let search = searching(&app);
    assert_eq!(
        (search.position.selected, search.pending),
        (ListRow(4), None),
        "the bottom is the last match"
    );
    assert_eq!(app.current(), Some(id_at(2)), "and it is previewed");
}

#[test]
fn the_list_counts_every_match_and_asks_for_more_ranked_rows_as_it_nears_the_last() {
    let mut app = two_of_five_ranked();
    let search = searching(&app);
    assert_eq!(
        (search.results.len(), search.total, search.pending),
        (2, 5, None)
    );
    app.update(Motion::Down);
    let search = searching(&app);
    let more = search
        .pending
        .expect("the selection near the last ranked row asks for more");
    assert_eq!(search.position.selected, ListRow(1));
    app.update(all_five_ranked(more));
    let search = searching(&app);
    assert_eq!(
        (
            search.results.len(),
            search.position.selected,
            search.pending
        ),
        (5, ListRow(1), None),
        "more rows of the same ranking keep the selection"
    );
    app.update(Motion::Down);
    assert_eq!(
        searching(&app).pending,
        None,
        "every match is ranked: nothing to ask"
    );
}

#[test]
fn a_huge_paste_is_cut_to_the_query_limit_with_a_message() {
    let mut app = app();
    for search in [Command::FullTextSearch, Command::Search] {
        app.update(search);
        app.update(Input::Paste("paragraph ".repeat(27_000)));
        let search = searching(&app);
        assert_cut_to_the_limit(&app, &search.query);
        app.update(Command::Cancel);
    }
    open_title(&mut app, "Delta Story");
    app.update(Command::Find);
    app.update(Input::Paste("number ".repeat(40_000)));
    let Some(find) = app.overlays.find() else {
        panic!("finding");
    };
    assert_cut_to_the_limit(&app, &find.query);
}

/// `query` was cut to the longest a query may be, and the status line says so.
fn assert_cut_to_the_limit(app: &App, query: &str) {
    assert_eq!(
        query.chars().count(),
        crate::app::search_line::MAX_QUERY_CHARS
    );
    assert_eq!(
        app.message.as_deref(),
        Some("search text cut to 1000 characters")
    );
}

#[test]
fn full_text_search_finds_words_in_paragraphs_and_n_steps_through_hits() {
    let mut app = app().with_index();
    app.update(Command::FullTextSearch);
    // An open phrase: its last word is still being typed, so `5` also finds `50` to `59`.
    app.update(Input::Paste("\"paragraph number 5".to_owned()));
    let search = searching(&app);
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
    app.update(Command::Accept);
    assert_eq!(title(&app), "Delta Story");
    // "Paragraph number 5" and "Paragraph number 50" to "59": eleven lines.
    assert_eq!(app.reader.hits.spans.len(), 11);
    let first = app.reader.hits.spans[0].line.0;
    assert!(app.reader.scroll().0 <= first && first < app.reader.scroll().0 + app.reader_height());
    // n walks every hit, also those past the last line that can scroll to the top.
    for n in 1..=11 {
        app.update(Command::NextHit);
        assert_eq!(app.message, Some(format!("hit {n} of 11")));
        assert_eq!(
            app.reader.scroll().0,
            app.reader.hits.spans[n - 1].line.0.min(app.max_scroll().0)
        );
    }
    assert!(
        app.reader.hits.spans[10].line.0 > app.max_scroll().0,
        "the last hits cannot reach the top"
    );
    app.update(Command::NextHit);
    assert_eq!(app.message.as_deref(), Some("no more hits after this one"));
    app.update(Command::PrevHit);
    assert_eq!(app.message.as_deref(), Some("hit 10 of 11"));
    // Scrolling by hand starts the walk again from what is on screen.
    app.press(&[Motion::Top.into(), Command::NextHit]);
    assert_eq!(
        (app.reader.scroll().0, app.message.as_deref()),
        (first, Some("hit 1 of 11"))
    );
    app.press(&[Command::Search, Command::Cancel]);
    assert!(
        app.reader.hits.query.is_some(),
        "cancelling keeps the highlight"
    );
}

#[test]
fn full_text_words_must_all_match() {
    let mut app = app().with_index();
    full_text_for(&mut app, "tale links");
    let search = searching(&app);
    assert_eq!(search.results, [id_at(4)], "Epsilon Tale: 'No links here'");
    app.update(Command::DeleteWord);
    app.update(Input::Paste("story links".to_owned()));
    let search = searching(&app);
    assert_eq!(search.query, "tale story links");
    assert!(search.results.is_empty(), "no article has all three words");
}

#[test]
fn slash_in_the_reader_finds_in_the_article_with_n_and_n() {
    let mut app = app();
    open_title(&mut app, "Delta Story");
    app.update(Command::Find);
    assert!(app.overlays.find().is_some());
    app.update(Input::Paste("number 5".to_owned()));
    // "number 5" and "number 50" to "59": eleven hits, the first shown.
    assert_eq!(app.reader.hits.spans.len(), 11);
    assert_eq!(app.reader.hits.cursor, Some(0));
    let first = app.reader.hits.spans[0].line;
    assert_eq!(app.reader.scroll(), first.min(app.max_scroll()));
    app.update(Command::Accept);
    assert!(app.overlays.is_empty());
    assert_eq!(app.message.as_deref(), Some("hit 1 of 11"));
    app.press(&[Command::NextHit, Command::NextHit]);
    assert_eq!(app.message.as_deref(), Some("hit 3 of 11"));
    assert_eq!(app.reader.hits.cursor, Some(2));
    app.update(Command::PrevHit);
    assert_eq!(app.message.as_deref(), Some("hit 2 of 11"));
    // Esc gives back the place and the last pattern found.
    app.press(&[Motion::Top.into(), Command::Find]);
    app.update(Input::Paste("number 30".to_owned()));
    assert!(app.reader.scroll().0 > 0);
    app.update(Command::Cancel);
    assert_eq!(app.reader.scroll().0, 0);
    assert_eq!(app.reader.hits.spans.len(), 11, "number 5 again");
    // Not found is said, and from the list `/` is the title search.
    app.update(Command::Find);
    app.update(Input::Paste("zebra".to_owned()));
    app.update(Command::Accept);
    assert_eq!(
        app.message.as_deref(),
        Some("not found: zebra (n/N still find number 5)")
    );
    app.press(&[Command::FocusPrev, Command::Find]);
    assert!(app.overlays.search().is_some());
}

#[test]
fn a_reopened_search_has_its_query_results_and_selection() {
    let mut app = app();
    search_for(&mut app, "story");
    down(&mut app, 2);
    let Some(before) = app.overlays.search().cloned() else {
        panic!("searching");
    };
    app.update(Command::Accept);
    let opened = app.current();
    app.update(Command::Search);
    let Some(again) = app.overlays.search() else {
        panic!("searching again");
    };
    assert_eq!(again.query, "story");
    assert_eq!(again.results, before.results);
    assert_eq!(again.position.selected, ListRow(2));
    // Esc from it returns to the article it was opened from.
    app.update(Motion::Up);
    assert_ne!(app.current(), opened, "the result above is previewed");
    app.update(Command::Cancel);
    assert_eq!(app.current(), opened);
    // The first character typed starts a new query.
    app.update(Command::Search);
    type_text(&mut app, "e");
    assert_eq!(query(&app), "e");
}

#[test]
fn moving_through_results_previews_without_reading_or_history() {
    let mut app = app();
    search_for(&mut app, "story");
    app.update(Motion::Down);
    let search = searching(&app);
    let previewed = search.results[1];
    assert_eq!(
        app.current(),
        Some(previewed),
        "the selection is in the reader"
    );
    assert!(!app.remembered(previewed).read, "a preview is not reading");
    app.press(&[Motion::Down.into(), Command::Accept]);
    let opened = app.current().unwrap();
    assert!(app.remembered(opened).read);
    app.update(Command::Back);
    assert_eq!(title(&app), "Alpha Story", "previews were not visits");
    app.update(Command::Back);
    assert_eq!(title(&app), "Alpha Story");
}
