//! The daily reading flow: space through the unread stories, J and K, the search kept, and
//! the same keys at 80x24 and 40x12.

use std::path::Path;
use std::time::Duration;

use crate::fixtures::temp_home;
use crate::pty::{Spawn, Tui, reader_heading, reader_lines, rows_of, status_line};

/// A library for the reading flow: two long articles around a short one.
fn write_flow_library(dir: &Path) {
    let paragraphs = |what: &str, count: usize| -> String {
        (1..=count)
            .map(|n| format!("{what} paragraph {n}.\n\n"))
            .collect()
    };
    std::fs::write(
        dir.join("a-first.txt"),
        format!("First Long\n\n{}", paragraphs("First", 80)),
    )
    .unwrap();
    std::fs::write(dir.join("b-second.txt"), "Second Story\n\nBrief.\n").unwrap();
    std::fs::write(
        dir.join("c-third.txt"),
        format!("Third Story\n\n{}", paragraphs("Third", 60)),
    )
    .unwrap();
}

/// Whether the list row showing `title` is drawn selected (the selection's background).
fn is_selected_row(screen: &vt100::Screen, title: &str) -> bool {
    rows_of(screen).iter().enumerate().any(|(row, text)| {
        text.find(title).is_some_and(|byte| {
            let col = u16::try_from(text[..byte].chars().count()).unwrap();
            let row = u16::try_from(row).unwrap();
            screen
                .cell(row, col)
                .is_some_and(|cell| cell.bgcolor() == vt100::Color::Idx(4))
        })
    })
}

#[test]
fn the_daily_reading_flow() {
    let library = tempfile::tempdir().expect("temp dir");
    write_flow_library(library.path());
    let (_state, state_home) = temp_home();
    let spawn = || Spawn::with_state(library.path(), &state_home);
    let mut tui = Tui::ready(spawn(), "Articles 3/3 unread");

    // Open the first article and read it to the end: space then reads on into the next
    // unread one, and says so.
    tui.press_to("\r", "1/3", "reader");
    tui.wait_for_text("Articles 2/3 unread");
    tui.send("G");
    tui.wait_for_text("First paragraph 80.");
    tui.press_to_heading(" ", "Second Story");
    tui.wait_for_text("next unread: Second Story");
    tui.wait_for_status("2/3", "reader");

    // J and K walk the list in order, from the reader.
    tui.press_to_article("J", "Third Story", "3/3");
    tui.press_to_heading("K", "Second Story");

    // Search, open the second result, reopen the search: all as it was.
    tui.press_for_prompt("t", "/");
    tui.send("story");
    tui.wait_for("two matches", |screen| {
        rows_of(screen)[0].contains(" 2 matches ")
    });
    tui.press_to_heading("\x1b[B", "Third Story");
    tui.send("\r");
    tui.wait_for("the search closed on Third Story", |screen| {
        !status_line(screen).starts_with('/')
            && reader_heading(screen).as_deref() == Some("Third Story")
    });
    tui.send("t");
    tui.wait_for("the same search, second result selected", |screen| {
        status_line(screen).starts_with("/story ")
            && rows_of(screen)[0].contains(" 2 matches ")
            && is_selected_row(screen, "Third Story")
    });
    // Moving previews; Esc goes back to the article the search was opened from.
    tui.press_to_heading("\x1b[A", "Second Story");
    tui.send_esc_and_wait("the search to close", |screen| {
        !status_line(screen).starts_with('/')
    });
    tui.wait_for_heading("Third Story");

    // Read a page, quit, start again: the same article at the same place.
    tui.send("f");
    let mut shown = None;
    tui.wait_for_frame("a page down", |screen| {
        shown =
            reader_lines(screen).filter(|lines| !lines.contains(&"Third paragraph 1.".to_owned()));
        shown.is_some()
    });
    let shown = shown.expect("a reader");
    tui.quit();

    let mut tui = Tui::spawn(spawn());
    tui.wait_for_heading("Third Story");
    tui.wait_for("the same lines again", |screen| {
        reader_lines(screen).is_some_and(|lines| lines == shown)
    });
    tui.wait_for_status("3/3", "list");
    tui.quit();
}

/// The sizes the reading-flow tests run at: rows, columns.
const FLOW_SIZES: [(u16, u16); 2] = [(24, 80), (12, 40)];

/// Starts the reader and resizes its terminal to `rows` x `cols` before any key is pressed.
fn start_sized(spawn: Spawn<'_>, rows: u16, cols: u16) -> Tui {
    let mut tui = Tui::spawn(spawn);
    tui.wait_for_text("Articles");
    tui.resize(rows, cols);
    tui.wait_for(&format!("the screen at {cols}x{rows}"), |screen| {
        status_line(screen).contains(" │ list │")
    });
    tui
}

/// Two folders of one-paragraph stories: `a` holds One, Two, Three; `b` holds Four, Five.
fn write_folders_library(dir: &Path) {
    for (folder, name, title) in [
        ("a", "1", "One"),
        ("a", "2", "Two"),
        ("a", "3", "Three"),
        ("b", "1", "Four"),
        ("b", "2", "Five"),
    ] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        let text = format!("{title}\n\nA paragraph about {title}.\n");
        std::fs::write(dir.join(folder).join(format!("{name}.txt")), text).unwrap();
    }
}

#[test]
fn space_reads_through_the_unread_stories_under_the_filter_at_80x24_and_40x12() {
    for (rows, cols) in FLOW_SIZES {
        let library = tempfile::tempdir().expect("temp dir");
        write_folders_library(library.path());
        let mut tui = start_sized(Spawn::library(library.path()), rows, cols);
        // Nobody pressed a key: the story shown at start is still unread after a while. This
        // sleep is the test (time passing with no key), longer than the three seconds after
        // which a story the user has looked at is marked read.
        std::thread::sleep(Duration::from_millis(3500));
        tui.wait_for("One still unread", |screen| {
            screen.contents().contains("▸• One")
        });
        tui.press_to("\r", "1/5", "reader");
        // The filter counts articles.
        tui.press_for_status("u", "showing 4 unread");
        for title in ["Two", "Three", "Four"] {
            tui.press_to_heading(" ", title);
            tui.wait_for(&format!("next unread: {title}"), |screen| {
                status_line(screen).contains(&format!("next unread: {title}"))
            });
        }
        // Space past Four leaves it read; Five is the last unread story, then none.
        tui.press_to_heading(" ", "Five");
        tui.press_for_status(" ", "no more unread");
        tui.quit();
    }
}

#[test]
fn esc_h_l_bracket_enter_and_catch_up_at_80x24_and_40x12() {
    for (rows, cols) in FLOW_SIZES {
        let mut tui = start_sized(Spawn::fixtures(), rows, cols);
        tui.press_to("l", "1/5", "reader");
        tui.press_to("h", "1/5", "list");
        tui.press_to("\x1b[C", "1/5", "reader");
        tui.press_to("\x1b[D", "1/5", "list");
        // Esc backs out: the help closes, then the reader gives the focus back to the list.
        tui.send("?");
        tui.wait_for_text("Keys");
        tui.send_esc_and_wait("the help to close", |screen| {
            !screen.contents().contains("Keys")
        });
        tui.press_to("\t", "1/5", "reader");
        tui.send_esc_and_wait("the focus back on the list", |screen| {
            status_line(screen).contains(" │ list │")
        });
        tui.press_for_status("x", "x is not bound");
        // `]` then one enter in the list follows the selected link.
        tui.send("]");
        tui.press_to("\r", "2/5", "reader");
        tui.wait_for("Harbour Bridge Reopens open", |screen| {
            reader_lines(screen).is_some_and(|lines| lines[0] == "Harbour Bridge Reopens")
        });
        // Catching up asks first.
        tui.press_for_status("C", "mark all read");
        tui.press_for_status("n", "nothing marked");
        tui.press_for_status("C", "mark all read");
        tui.press_for_status("y", "caught up");
        tui.wait_for("no unread mark left", |screen| {
            !screen.contents().contains('•')
        });
        tui.quit();
    }
}

#[test]
fn slash_in_the_reader_works_like_less_at_80x24_and_40x12() {
    for (rows, cols) in FLOW_SIZES {
        let library = tempfile::tempdir().expect("temp dir");
        let body: String = (0..60)
            .map(|i| {
                let fruit = if i == 10 || i == 40 { " apple" } else { "" };
                format!("Paragraph {i}{fruit}.\n\n")
            })
            .collect();
        std::fs::write(library.path().join("long.txt"), format!("Long\n\n{body}")).unwrap();
        let mut tui = start_sized(Spawn::library(library.path()), rows, cols);
        tui.press_to("\t", "1/1", "reader");
        tui.press_for_status("/apple\r", "hit 1 of 2");
        // Not found: the last pattern is kept.
        tui.press_for_status("/zebra\r", "not found: zebra");
        // The last pattern reopened.
        tui.press_for_prompt_saying("/", "find/apple", "enter: find again");
        tui.press_for_status("\r", "hit 2 of 2");
        tui.send("?");
        tui.wait_for("? is still help", |screen| {
            screen.contents().contains("Keys")
        });
        tui.send_esc_and_wait("the help to close", |screen| {
            !screen.contents().contains("Keys")
        });
        tui.quit();
    }
}
