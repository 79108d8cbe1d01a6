//! Reading and following links: search, open, follow, back and forward, peek, the link map,
//! similar stories, and text in a legacy encoding.

use std::path::Path;

use crate::fixtures::library_of;
use crate::pty::{Spawn, Tui, rows_of, status_line};

#[test]
fn search_open_follow_back_forward_help_and_quit() {
    let mut tui = Tui::start();
    tui.wait_for_heading("Festival of Lights Draws Crowds");
    tui.wait_for_status("1/5", "list");
    let screen = tui.screen_contents();
    for title in [
        "Harbour Bridge Reopens",
        "東京の朝市がにぎわう",
        "Summit Opens in Geneva",
        "Talks Stall Over Water Rights",
    ] {
        assert!(
            screen.contains(title),
            "the list shows {title:?}:\n{screen}"
        );
    }

    tui.press_for_prompt("/", "/");
    tui.send("bridge");
    tui.wait_for("\"/bridge\" with 1 match", |screen| {
        let top = rows_of(screen).swap_remove(0);
        status_line(screen).starts_with("/bridge ") && top.contains(" 1 match ")
    });

    tui.press_to_article("\r", "Harbour Bridge Reopens", "2/5");
    // Accepting the search gives the list back, with the opened article now read.
    tui.wait_for_text("Articles 4/5 unread");

    // "Read More: Summit  Opens in Geneva" resolves despite the double space.
    tui.press_to_article("1", "Summit Opens in Geneva", "4/5");

    tui.press_to_article("H", "Harbour Bridge Reopens", "2/5");

    tui.press_to_article("L", "Summit Opens in Geneva", "4/5");

    tui.send("?");
    tui.wait_for_all("the help overlay", &[" Keys ", "follow link N"]);

    tui.send_esc_and_wait("the help overlay to close", |screen| {
        !screen.contents().contains(" Keys ")
    });
    tui.wait_for_heading("Summit Opens in Geneva");

    tui.quit();
}

/// A Windows-1252 story (the BBC and crossref corpora have some) reads `£` and `’`, not `�`.
#[test]
fn a_windows_1252_article_shows_its_pound_signs() {
    let library = library_of(&[(
        "pound.txt",
        b"Pound \xa3 Rises\n\nA pint costs \xa34.50, the bank\x92s \x93record\x94.\n",
    )]);
    let tui = Tui::spawn(Spawn {
        // A British locale, whatever the test runner's: the guess follows the locale's region.
        env: vec![("LC_ALL", "en_GB.UTF-8")],
        ..Spawn::library(library.path())
    });
    tui.wait_for_text("Pound £ Rises");
    tui.wait_for_text("A pint costs £4.50, the bank’s “record”.");
    tui.assert_not_shown("\u{fffd}", "no replacement character");
}

#[test]
fn p_peeks_at_the_selected_link_and_at_the_closest_titles_of_a_dangling_one() {
    let mut tui = Tui::start();
    tui.press_to("\t", "1/5", "reader");
    tui.send("p");
    tui.wait_for_text("peek on");
    tui.send("]");
    tui.wait_for_all(
        "the peek at Harbour Bridge Reopens",
        &[" Peek ", "The bridge reopened to traffic"],
    );
    // Peeking is not visiting: the open article stays.
    tui.wait_for_heading("Festival of Lights Draws Crowds");
    tui.send("]");
    tui.wait_for("the closest titles of the dangling link", |screen| {
        let text = screen.contents();
        text.contains("✗ Night Market Returns To The Quay")
            && text.contains("closest titles:")
            && !text.contains("finding closest titles")
            && !text.contains("The bridge reopened to traffic")
    });
    tui.send("p");
    tui.wait_for("the popup to close", |screen| {
        !screen.contents().contains(" Peek ")
    });
    tui.quit();
}

#[test]
fn m_maps_the_links_and_enter_opens_a_story_as_a_visit() {
    let mut tui = Tui::start();
    tui.send("M");
    tui.wait_for_all(
        "the link map",
        &[
            " Link map ",
            "├─ → Harbour Bridge Reopens",
            "Night Market Returns To The Quay ✗ not in library",
            "(cycle, shown above)",
        ],
    );
    tui.send_esc_and_wait("the map to close on esc", |screen| {
        !screen.contents().contains(" Link map ")
    });
    tui.send("M");
    tui.wait_for_text(" Link map ");
    // The first row selected is the first link, Harbour Bridge Reopens; under it, its link
    // to Summit Opens in Geneva.
    tui.send("j");
    tui.press_to_article("\r", "Summit Opens in Geneva", "4/5");
    assert!(!tui.screen_contents().contains(" Link map "));
    // A history step, like following a link.
    tui.press_to_heading("H", "Festival of Lights Draws Crowds");
    tui.send("M");
    tui.wait_for_text(" Link map ");
    tui.send("q");
    tui.wait_for("q to close the map, not quit", |screen| {
        !screen.contents().contains(" Link map ")
    });
    tui.quit();
}

/// A library without a single `Read More` line (as the BBC corpus): two football stories and
/// two about parliament.
fn write_unlinked_library(dir: &Path) {
    for (name, text) in [
        (
            "a-derby.txt",
            "United Win The Derby\n\nThe football club scored twice; the striker and the \
             goalkeeper were the heroes of the derby.\n",
        ),
        (
            "b-budget.txt",
            "Parliament Votes On The Budget\n\nThe minister said the budget vote in \
             parliament would decide the election.\n",
        ),
        (
            "c-striker.txt",
            "City Sign A New Striker\n\nThe football club paid a record fee for the striker \
             before the next derby.\n",
        ),
        (
            "d-campaign.txt",
            "Election Campaign Opens\n\nThe minister and parliament prepare for the election \
             and the budget.\n",
        ),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Without links, the Related pane's similar stories lead from one story to the next: they
/// fill in once the index is built on a worker, and Enter opens one as a visit.
#[test]
fn similar_stories_lead_on_in_a_library_without_links() {
    let library = tempfile::tempdir().expect("temp dir");
    write_unlinked_library(library.path());
    let mut tui = Tui::ready(Spawn::library(library.path()), "Articles 4/4 unread");
    tui.wait_for_heading("United Win The Derby");
    tui.wait_for("the similar stories", |screen| {
        let rows = rows_of(screen);
        let heading = rows.iter().position(|row| row.contains("│ Similar "));
        heading.is_some_and(|at| {
            rows.get(at + 1)
                .is_some_and(|row| row.contains("City Sign A New Striker"))
        })
    });
    // Focus the related pane (shift-tab from the list), select the first story, open it.
    tui.press_to("\x1b[Z", "1/4", "links");
    tui.send("j");
    tui.press_to_heading("\r", "City Sign A New Striker");
    tui.wait_for_text("paid a record fee");
    tui.press_to_heading("\x7f", "United Win The Derby");
    tui.quit();
}
