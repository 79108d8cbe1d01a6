//! What a reader remembers: reading state across restarts, two readers at once, each library
//! its own, a corrupt state file, and a metadata cache that is out of date.

use std::path::Path;
use std::time::Duration;

use crate::fixtures::{library_of, temp_home};
use crate::pty::{Spawn, Tui, reader_lines, rows_of};

#[test]
fn reading_state_survives_a_restart() {
    let long: String = (1..=80)
        .map(|n| format!("Paragraph number {n}.\n\n"))
        .collect();
    let library = library_of(&[
        ("a-long.txt", format!("Long Read\n\n{long}").as_bytes()),
        ("b-short.txt", b"Short One\n\nBrief.\n"),
    ]);
    let (state, state_home) = temp_home();
    let spawn = || Spawn::with_state(library.path(), &state_home);

    let mut tui = Tui::ready(spawn(), "Articles 2/2 unread");
    tui.press_to("\r", "1/2", "reader");
    tui.wait_for_text("Articles 1/2 unread");
    tui.wait_for_frame("Long Read from its top", |screen| {
        reader_lines(screen).is_some_and(|lines| lines[0] == "Long Read")
    });
    // Two page-downs, each drawn before the next is sent; reading stopped at the first line of
    // the second page.
    let mut stopped = "Long Read".to_owned();
    for page in ["the first page down", "the second page down"] {
        tui.send("f");
        let before = stopped.clone();
        tui.wait_for_frame(page, |screen| {
            let top = reader_lines(screen).map(|lines| lines[0].clone());
            top.filter(|top| *top != before)
                .map(|top| stopped = top)
                .is_some()
        });
    }
    assert!(stopped.starts_with("Paragraph number"), "{stopped:?}");
    tui.quit();

    let tui = Tui::spawn(spawn());
    tui.wait_for_text("Articles 1/2 unread");
    tui.wait_for("the article reopened where reading stopped", |screen| {
        reader_lines(screen).is_some_and(|lines| lines[0] == stopped)
    });
    let rows = rows_of(&tui.shared.lock().parser.screen().clone());
    assert!(
        rows[1].contains("▸  Long Read"),
        "read: no unread mark: {:?}",
        rows[1]
    );
    assert!(
        rows[2].contains(" • Short One"),
        "still unread: {:?}",
        rows[2]
    );
    assert!(
        state.path().join("readmore/state.db").is_file(),
        "saved where XDG_STATE_HOME says"
    );
}

/// Writes `(file, title)` articles with a paragraph each into `folder`.
fn write_articles(folder: &Path, articles: &[(&str, &str)]) {
    for (file, title) in articles {
        std::fs::write(
            folder.join(file),
            format!("{title}\n\nA paragraph of {title}.\n"),
        )
        .unwrap();
    }
}

/// Two readers on one library at once: A stars Alpha after B started, and B sees the star
/// without a restart; B marks Bravo read, and A sees that. Neither mark is lost, whatever
/// either reader's automatic read mark does to the article it shows.
#[test]
fn two_readers_at_once_see_each_others_marks_and_lose_none() {
    let library = tempfile::tempdir().expect("temp dir");
    write_articles(
        library.path(),
        &[("a.txt", "Alpha"), ("b.txt", "Bravo"), ("c.txt", "Charlie")],
    );
    let (_state, state_home) = temp_home();
    let spawn = || Spawn::with_state(library.path(), &state_home);
    let mut b = Tui::ready(spawn(), "Articles 3/3 unread");
    let mut a = Tui::ready(spawn(), "Articles 3/3 unread");

    a.send("s");
    a.wait_for_text("marked starred");
    b.wait_for_text("★ Alpha");
    b.send("jm");
    b.wait_for_text("marked read");
    a.wait_for("B's read mark on Bravo, without a restart", |screen| {
        let contents = screen.contents();
        contents.contains(" Bravo") && !contents.contains("• Bravo")
    });
    b.quit();
    a.quit();

    let again = Tui::spawn(spawn());
    again.wait_for_text("★ Alpha");
    again.assert_not_shown("• Bravo", "Bravo still read");
}

/// Each library reopens its own last article, and the history of its last run: `H` goes back
/// to the article read before it.
#[test]
fn each_library_reopens_its_own_last_article_and_history() {
    let (x, y) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    write_articles(
        x.path(),
        &[("1.txt", "X One"), ("2.txt", "X Two"), ("3.txt", "X Three")],
    );
    write_articles(y.path(), &[("1.txt", "Y One"), ("2.txt", "Y Two")]);
    let (_state, state_home) = temp_home();
    let spawn = |library: &Path| Spawn {
        env: vec![("XDG_STATE_HOME", state_home.as_str())],
        ..Spawn::library(library)
    };

    let mut tui = Tui::ready(spawn(x.path()), "Articles 3/3 unread");
    tui.press_to_heading("j\r", "X Two");
    tui.press_to_heading("J", "X Three");
    tui.quit();

    let mut tui = Tui::ready(spawn(y.path()), "Articles 2/2 unread");
    tui.press_to_heading("j\r", "Y Two");
    tui.quit();

    let mut tui = Tui::spawn(spawn(x.path()));
    tui.wait_for_heading("X Three");
    tui.wait_until_ready();
    tui.press_to_heading("H", "X Two");
    tui.quit();

    let tui = Tui::spawn(spawn(y.path()));
    tui.wait_for_heading("Y Two");
}

#[test]
fn a_corrupt_state_file_is_moved_aside_and_the_reader_opens() {
    let state = tempfile::tempdir().expect("temp dir");
    let folder = state.path().join("readmore");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("state.toml"), "[[article]\npath = ").unwrap();
    let state_home = state.path().display().to_string();
    let mut tui = Tui::spawn(Spawn {
        env: vec![("XDG_STATE_HOME", state_home.as_str())],
        ..Spawn::fixtures()
    });
    tui.wait_for_text("Articles 5/5 unread");
    tui.wait_for_text("unreadable reading state moved to");
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|name| name.starts_with("state.toml.bad-")),
        "kept aside: {names:?}"
    );
    tui.quit();
}

/// With a warm metadata cache the first screen shows what the cache holds; a file changed
/// while the reader was closed is then found by the walk after it and reloaded.
#[test]
fn a_file_changed_while_closed_shows_after_a_start_from_the_cache() {
    let library = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("temp dir");
    let cache_home = cache.path().to_str().expect("a UTF-8 temp path");
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    let write = |name: &str, text: &str| {
        let path = library.path().join(name);
        std::fs::write(&path, text).unwrap();
        // Old enough for the cache to trust it.
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    };
    write("a.txt", "Alpha Story\n\nFirst.\n");
    write("b.txt", "Beta Story\n\nSecond.\n");
    let start = || {
        Tui::spawn(Spawn {
            env: vec![("XDG_CACHE_HOME", cache_home)],
            ..Spawn::library(library.path())
        })
    };
    let mut tui = start();
    tui.wait_for_text("Beta Story");
    tui.quit();

    write("b.txt", "Gamma Story Written While Closed\n\nThird.\n");
    let mut tui = start();
    tui.wait_for_text("Gamma Story Written While Closed");
    assert!(!tui.screen_contents().contains("Beta Story"));
    tui.quit();
}
