//! Keys, the mouse and resizes, in floods and at awkward moments: the reader keeps answering,
//! and heavy work never holds the UI thread.

use crate::fixtures::library_of;
use crate::pty::{
    COLS, FIXTURES, ROWS, Spawn, Tui, cell, find, reader_heading, reader_lines, rows_of,
    status_line,
};

#[test]
fn resizing_re_lays_out_the_screen() {
    let mut tui = Tui::start();
    tui.wait_for("the full status hints and unwrapped text", |screen| {
        status_line(screen).trim_end().ends_with("q:quit")
            && reader_lines(screen).is_some_and(|lines| {
                lines
                    .iter()
                    .any(|line| line.contains("More than ten thousand") && line.contains("trail"))
            })
    });

    tui.resize(20, 60);
    tui.wait_for("the 60x20 layout", is_60x20_layout);

    // Too narrow even for the whole message: a short one that still names the size needed,
    // and nothing else.
    tui.resize(5, 10);
    tui.wait_for(
        "a too-small message of 10 columns naming the minimum",
        |screen| {
            let rows = rows_of(screen);
            rows.len() == 5
                && rows[0].trim_end() == "need 30x8"
                && screen.contents().trim_end() == rows[0].trim_end()
        },
    );
    tui.resize(5, 40);
    tui.wait_for("the too-small message naming the minimum", |screen| {
        let first = rows_of(screen).swap_remove(0);
        first.starts_with("terminal too small") && first.contains("30x8")
    });

    tui.resize(ROWS, COLS);
    tui.wait_for("the full layout again", |screen| {
        let text = screen.contents();
        !text.contains("terminal too small")
            && text.contains(" Articles 5/5 unread ")
            && status_line(screen).trim_end().ends_with("q:quit")
            && reader_heading(screen).as_deref() == Some("Festival of Lights Draws Crowds")
    });
    tui.quit();
}

#[test]
fn clicking_a_list_row_selects_it_and_focuses_the_list() {
    let mut tui = Tui::start();
    tui.press_to("\t", "1/5", "reader");
    // Row 1 of the screen is the list's top border, row 2 the first folder's heading, row 3
    // its first article, row 4 the second (1-based, as SGR mouse reports are).
    tui.press_to("\x1b[<0;6;4M\x1b[<0;6;4m", "2/5", "list");
    // Wheel down over the list moves the selection by three rows: over the third article
    // and the second folder's heading to its first article.
    tui.press_to("\x1b[<65;6;4M", "4/5", "list");
    // A click on the reading pane focuses it without changing the list.
    tui.press_to("\x1b[<0;80;10M\x1b[<0;80;10m", "4/5", "reader");
    tui.quit();
}

/// The layout of a 60x20 terminal showing the first fixture.
fn is_60x20_layout(screen: &vt100::Screen) -> bool {
    let rows = rows_of(screen);
    let status = status_line(screen);
    rows.len() == 20
        && rows[0].contains("┌ 5/5 unread ")
        && cell(screen, 0, 59) == "┐"
        && cell(screen, 18, 59) == "┘"
        && status.contains("1/5 │ list │")
        // The hints that fit, whole: the last ones dropped, none cut.
        && status.trim_end().ends_with("/:search")
        && !status.contains('…')
        && reader_lines(screen).is_some_and(|lines| {
            lines
                .iter()
                .any(|line| line.contains("More than ten") && !line.contains("trail"))
        })
}

/// Reproduces a bug: `tui::run` reads the terminal size, draws, and only then calls
/// `event::poll` for the first time, which is when crossterm installs its SIGWINCH handler. A
/// resize in between raises no `Event::Resize`, so `App` keeps laying out for the old size
/// while ratatui draws into a buffer of the new one: the panes are cut off and the status bar
/// is missing until the next resize.
#[test]

fn a_resize_right_after_the_first_frame_is_not_lost() {
    let mut tui = Tui::spawn(Spawn::fixtures());
    // The top of the first frame: the program is still drawing it, so it has not polled yet.
    tui.wait_for_text("Articles 5/5 unread");
    tui.resize(20, 60);
    tui.wait_for("the 60x20 layout", is_60x20_layout);
    tui.quit();
}

#[test]
fn floods_of_input_and_unknown_sequences_are_absorbed() {
    let mut tui = Tui::start();
    // Unknown or malformed sequences from the terminal: ignored, never a crash.
    for junk in [
        "\x1b[99~",
        "\x1bOZ",
        "\x1b[1;9Q",
        "\x1b[<999;1;1M",
        "\u{fffd}",
    ] {
        tui.send(junk);
    }
    // Key repeat: a thousand moves in one burst land on the last row.
    tui.press_to("j".repeat(1000), "5/5", "list");
    // The top row is the first folder's heading, which is no article.
    tui.press_to("g", "-/5", "list");
    // A 990-character paste into the search line is searched once, and shown by its end.
    tui.send("/");
    tui.wait_for("the search line", |screen| {
        status_line(screen).starts_with('/')
    });
    let pasted = format!("{}tail", "x".repeat(990));
    tui.send(format!("\x1b[200~{pasted}\x1b[201~"));
    tui.wait_for("the end of the paste in the search line", |screen| {
        let status = status_line(screen);
        status.contains("xxxtail") && status.contains(" 0 matches ")
    });
    // 10,000 more: the query is cut at 1,000 characters, and the reader says so.
    tui.send(format!("\x1b[200~{}\x1b[201~", "y".repeat(10_000)));
    tui.wait_for("the query cut, with a message", |screen| {
        screen
            .contents()
            .contains("search text cut to 1000 characters")
    });
    tui.send_esc_and_wait("the search closed", |screen| {
        status_line(screen).contains("-/5 │ list │")
    });
    tui.quit();
}

/// Reproduces a bug: crossterm 0.29 reads at most 1,024 bytes each time its edge-triggered
/// poll wakes and does not drain the rest, so the keys behind a longer burst (a paste without
/// bracketed paste, `tmux paste-buffer`) stay unread until more input arrives: the single `q`
/// below was never seen.
#[test]
fn a_burst_of_ten_thousand_bytes_does_not_stall_the_keyboard() {
    let mut tui = Tui::start();
    tui.send("j".repeat(10_000));
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "quit exits with status 0, got {status}");
}

/// Articles in the library of the frame-time test: enough that building the full-text index
/// (about 100 ms in a debug build) or reloading the library (about 40 ms) inside `update`
/// would take several frames, few enough to load in a couple of seconds.
const TIMED_ARTICLES: usize = 3_000;

/// Full-text search and a live reload, with `READMORE_TIMINGS` on: no single `update` takes
/// more than a frame (16 ms of the UI thread's CPU time: wall time would also count the
/// scheduler's delays on a busy machine), since the index, the search and the reload run on
/// workers. Debug builds are several times slower than release, so this holds with room to
/// spare in a release build.
#[test]
#[cfg_attr(not(debug_assertions), ignore = "READMORE_TIMINGS: debug builds only")]
fn heavy_work_never_holds_an_update_beyond_a_frame() {
    let library = tempfile::tempdir().expect("temp dir");
    readmore_corpus::write_corpus(library.path(), TIMED_ARTICLES).expect("write a corpus");
    let log = tempfile::NamedTempFile::new().expect("temp file");
    let log_path = log.path().display().to_string();
    let mut spawn = Spawn::library(library.path());
    spawn.env.push(("READMORE_TIMINGS", &log_path));
    let mut tui = Tui::spawn(spawn);
    tui.wait_for_status(&format!("1/{TIMED_ARTICLES}"), "list");

    tui.press_for_prompt("F", "text/");
    tui.send("korea");
    tui.wait_for("full-text results", |screen| {
        let top = rows_of(screen).swap_remove(0);
        status_line(screen).starts_with("text/korea ") && top.contains(" articles ")
    });
    tui.send_esc_and_wait("the search to close", |screen| {
        !status_line(screen).starts_with("text/")
    });

    std::fs::write(
        library.path().join("0000/0000000a.txt"),
        "Aardvark News\nNew.",
    )
    .expect("add an article");
    tui.wait_for_text("library changed: 1 added");
    tui.wait_for_text("Aardvark News");
    tui.quit();

    let timings = std::fs::read_to_string(log.path()).expect("the timings file");
    let longest: Vec<u64> = timings
        .lines()
        .map(|line| {
            let field = line
                .split(' ')
                .find_map(|field| field.strip_prefix("update_max_cpu_us="))
                .unwrap_or_else(|| panic!("no update time in {line:?}"));
            field.parse().expect("a number of µs")
        })
        .collect();
    assert!(longest.len() > 5, "one line per frame:\n{timings}");
    let slow: Vec<&u64> = longest.iter().filter(|&&us| us > 16_000).collect();
    assert!(slow.is_empty(), "updates over 16 ms: {slow:?}\n{timings}");
}

/// With `READMORE_TIMINGS` on, every turn of the event loop that updates or draws logs a line.
/// Once the first screen and its similar stories are in, a reader left alone sleeps: for two
/// seconds it logs nothing (a loop that woke on a timer to pass time in would log every turn).
#[test]
#[cfg_attr(not(debug_assertions), ignore = "READMORE_TIMINGS: debug builds only")]
fn an_idle_reader_sleeps_until_something_happens() {
    let library = library_of(&[
        (
            "a.txt",
            b"Harbour Reopens\nThe harbour and the quay reopen to boats.",
        ),
        (
            "b.txt",
            b"Quay Market\nBoats and stalls fill the quay by the harbour.",
        ),
        (
            "c.txt",
            b"Mountain Pass\nSnow closes the pass for the winter.",
        ),
    ]);
    let log = tempfile::NamedTempFile::new().expect("temp file");
    let log_path = log.path().display().to_string();
    let mut spawn = Spawn::library(library.path());
    spawn.env.push(("READMORE_TIMINGS", &log_path));
    let mut tui = Tui::spawn(spawn);
    tui.wait_for_status("1/3", "list");
    // The list's row and the similar stories' row.
    tui.wait_for("the similar stories", |screen| {
        screen.contents().matches("Quay Market").count() == 2
    });
    let lines = || std::fs::read_to_string(log.path()).expect("the timings file");
    // The line of the frame just drawn may still be on its way to the file.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let settled = lines();
    assert!(!settled.is_empty(), "the first screen is logged");
    std::thread::sleep(std::time::Duration::from_secs(2));
    let idle = lines();
    assert_eq!(
        idle.lines().count(),
        settled.lines().count(),
        "an idle reader updated or drew:\n{}",
        &idle[settled.len()..]
    );
    // It still answers at once.
    tui.press_to("j", "2/3", "list");
    tui.quit();
}

#[test]
fn mouse_false_in_the_config_leaves_mouse_capture_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("articles = {FIXTURES:?}\nmouse = false\n"))
        .expect("write the config");
    let mut tui = Tui::ready(
        Spawn {
            args: vec!["--config".to_owned(), config.display().to_string()],
            env: Vec::new(),
        },
        "Articles 5/5 unread",
    );
    assert!(
        find(&tui.raw(), b"\x1b[?1000h").is_none(),
        "no mouse reporting asked for"
    );
    tui.quit();
}

#[test]
fn a_double_click_on_a_list_row_opens_it() {
    let mut tui = Tui::start();
    // SGR mouse reports: press and release of the left button on screen row 4 (the second
    // article, under the first folder's heading), column 5.
    let click = "\x1b[<0;5;4M\x1b[<0;5;4m";
    tui.press_to(click, "2/5", "list");
    tui.press_to_article(click, "Harbour Bridge Reopens", "2/5");
    tui.quit();
}
