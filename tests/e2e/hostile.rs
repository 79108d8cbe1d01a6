//! Escape sequences in articles never reach the terminal.

use std::fmt::Write as _;
use std::path::Path;

use crate::pty::{Spawn, Tui, find, status_line};

/// Hostile payloads that must never reach the terminal.
const FORBIDDEN: &[(&str, &str)] = &[
    ("OSC 0 title", "]0;pwned"),
    ("OSC 52 clipboard", "]52;"),
    ("OSC 52 data", "aGVsbG8"),
    ("OSC 8 hyperlink", "]8;;"),
    ("OSC 8 target", "http://evil"),
    ("DCS", "\x1bP"),
    ("BEL", "\x07"),
    ("C1 CSI", "\u{9b}"),
    ("C1 OSC", "\u{9d}"),
    ("C1 ST", "\u{9c}"),
    ("bidi override", "\u{202e}"),
    ("payload text", "pwned"),
];

/// A library whose titles, paragraphs and links are full of escape sequences.
fn write_hostile_library(dir: &Path) {
    let osc_title = "\x1b]0;pwned\x07";
    let osc_clipboard = "\x1b]52;c;aGVsbG8=\x07";
    let osc_link = "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\";
    let dcs = "\x1bPq#0;2;0;0;0#0~~@@vv@@~~\x1b\\";
    let c1 = "\u{9b}31m\u{9d}0;pwned\u{9c}";
    let alpha = format!(
        "Alpha \x1b[31mRed\x1b[0m Report{osc_title}\u{202e}\x07\n\n\
         Opening \x1b[2Jparagraph with a {osc_link} here and {osc_clipboard}clipboard text.\n\n\
         Read More: Beta {osc_title}Bulletin{c1}\n\n\
         Sixel{dcs} and C1{c1} and bell\x07 and bidi\u{202e} all gone.\n\n\
         Read More: Missing{osc_clipboard} Story\x07\u{202e}\n"
    );
    // Long enough to need paging.
    let mut filler = String::new();
    for n in 1..=40 {
        let para =
            format!("Filler paragraph {n}{osc_title} with{dcs} bells\x07 and{c1} bidi\u{202e}.");
        write!(filler, "{para}\n\n").expect("write to a String");
    }
    let beta = format!(
        "Beta\u{202e} Bulletin\x1b[0m{c1}\n\n{filler}Read More: Alpha Red Report{osc_title}\n"
    );
    let gamma = format!(
        "\x1b]8;;http://evil\x1b\\Gamma\x1b]8;;\x1b\\ Gazette{osc_clipboard}\n\n\
         Gamma text{osc_title}.\n\nRead More: \u{202e}Beta Bulletin{dcs}\n"
    );
    for (name, text) in [
        ("a-alpha.txt", alpha),
        ("b-beta.txt", beta),
        ("c-gamma.txt", gamma),
    ] {
        std::fs::write(dir.join(name), text).expect("write an article");
    }
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    let library = tempfile::tempdir().expect("temp dir");
    write_hostile_library(library.path());
    let mut tui = Tui::spawn(Spawn::library(library.path()));
    tui.wait_for_text("Articles 3/3 unread");
    tui.wait_for_heading("Alpha Red Report");
    tui.wait_for_text("Opening paragraph with a click here and clipboard text.");
    tui.wait_for_text("Sixel and C1 and bell and bidi all gone.");

    // Open every article, page through it, and go back to the list.
    let titles = ["Alpha Red Report", "Beta Bulletin", "Gamma Gazette"];
    for (n, title) in titles.iter().enumerate() {
        let position = format!("{}/{}", n + 1, titles.len());
        if n > 0 {
            tui.press_to("j", &position, "list");
        }
        tui.press_to_article("\r", title, &position);
        tui.send("fff");
        if *title == "Beta Bulletin" {
            tui.wait_for_text("Filler paragraph 40 with bells and bidi.");
        }
        tui.press_to("\t\t", &position, "list");
    }

    // Follow a link, then a dangling one whose text lands in the status and search lines.
    tui.press_to_heading("g\r", "Alpha Red Report");
    tui.press_to_heading("1", "Beta Bulletin");
    tui.press_to_heading("H", "Alpha Red Report");
    // The link text searched for closest titles.
    tui.press_for_prompt_saying("2", "/Missing Story ", "not in library");
    tui.send_esc_and_wait("the search to close", |screen| {
        !status_line(screen).starts_with('/')
    });

    // Type and paste hostile text into the search line.
    tui.send("t");
    tui.wait_for("the search line", |screen| {
        status_line(screen).starts_with('/')
    });
    tui.send("B\u{202e}e\x07");
    tui.send("\x1b[200~\x1b]0;pwned\x07ta\u{202e}\x1b]52;c;aGVsbG8=\x07\x1b[201~");
    tui.wait_for("\"/Beta\" in the search line", |screen| {
        status_line(screen).starts_with("/Beta ")
    });
    tui.press_to_heading("\r", "Beta Bulletin");
    tui.quit();

    let raw = tui.raw();
    for (name, payload) in FORBIDDEN {
        assert!(
            find(&raw, payload.as_bytes()).is_none(),
            "{name} ({}) reached the terminal",
            payload.escape_debug()
        );
    }
    let output = tui.shared.lock();
    let requests = output.parser.callbacks();
    assert_eq!(requests.bells, 0, "no bell rang");
    assert!(requests.titles.is_empty(), "no title set: {requests:?}");
    assert!(requests.clipboard.is_empty(), "no clipboard write");
}
