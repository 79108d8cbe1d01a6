//! What the reader hands to other programs: the terminal to the pager and the editor (with
//! the file's real name), and the title to the clipboard.

use std::path::{Path, PathBuf};

use crate::common::wait_until;
use crate::fixtures::shell_script;
use crate::pty::{ENTER_ALT_SCREEN, FIXTURES, LEAVE_ALT_SCREEN, Spawn, Tui, find};

/// A stand-in pager that records its arguments, then reads one line from the terminal: a key
/// readmore's input thread stole would never reach it.
fn recording_pager(dir: &Path) -> (String, std::path::PathBuf) {
    let out = dir.join("pager-saw");
    let script = dir.join("pager");
    shell_script(
        &script,
        &format!(
            "printf '%s\\n' \"$@\" > '{out}.tmp'\nmv '{out}.tmp' '{out}'\nread answer\n\
             echo \"typed $answer\" >> '{out}'\n",
            out = out.display()
        ),
    );
    (format!("{} --flag", script.display()), out)
}

#[test]
fn o_hands_the_terminal_to_the_pager_and_takes_it_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pager, out) = recording_pager(dir.path());
    let mut tui = Tui::ready(
        Spawn {
            env: vec![("PAGER", &pager)],
            ..Spawn::fixtures()
        },
        "Articles 5/5 unread",
    );
    let before = tui.raw_len();
    tui.send("o");
    wait_until("the pager to run", || out.exists());
    assert!(
        tui.termios().is_cooked(),
        "the pager gets a cooked terminal"
    );
    // Keys typed now are the pager's: 'e' or 'l' read by readmore would act on them.
    tui.send("hello\r");
    tui.wait_output("the alternate screen entered again", |output| {
        find(&output.raw[before..], ENTER_ALT_SCREEN).is_some()
    });
    tui.wait_for_text("Articles 5/5 unread");
    let saw = std::fs::read_to_string(&out).expect("the pager's record");
    assert_eq!(
        saw,
        format!("--flag\n{FIXTURES}/local/festival-of-lights.txt\ntyped hello\n")
    );
    assert!(tui.termios().is_raw(), "readmore has its raw terminal back");
    assert!(
        find(&tui.raw()[before..], LEAVE_ALT_SCREEN).is_some(),
        "the alternate screen was left for the pager"
    );
    tui.quit();
}

#[test]
fn a_missing_editor_is_one_line_on_the_status_bar() {
    let mut tui = Tui::ready(
        Spawn {
            env: vec![("VISUAL", "/no/such/editor"), ("EDITOR", "vi")],
            ..Spawn::fixtures()
        },
        "Articles 5/5 unread",
    );
    tui.press_for_status("e", "cannot run /no/such/editor");
    tui.quit();
}

#[test]
fn y_copies_the_title_with_one_well_formed_osc_52() {
    let mut tui = Tui::start();
    tui.send("y");
    tui.wait_for_text("copied the title");
    let output = tui.shared.lock();
    assert_eq!(
        output.parser.callbacks().clipboard,
        [b"RmVzdGl2YWwgb2YgTGlnaHRzIERyYXdzIENyb3dkcw==".to_vec()]
    );
    assert!(
        find(
            &output.raw,
            b"\x1b]52;c;RmVzdGl2YWwgb2YgTGlnaHRzIERyYXdzIENyb3dkcw==\x07"
        )
        .is_some()
    );
}

/// An editor script that records its last argument's bytes in `out`.
fn recording_editor(dir: &Path) -> (String, PathBuf) {
    let script = dir.join("editor.sh");
    let out = dir.join("editor-saw");
    shell_script(
        &script,
        &format!(
            "for last; do :; done\nprintf '%s' \"$last\" > '{out}.tmp'\nmv '{out}.tmp' '{out}'\n",
            out = out.display()
        ),
    );
    (script.display().to_string(), out)
}

#[test]
fn the_editor_gets_the_real_file_name_and_the_screen_its_visible_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = dir.path().join("library");
    std::fs::create_dir(&library).expect("library folder");
    let name = "a\nb\x1b[31m\u{202e}c\u{e0041}.txt";
    std::fs::write(library.join(name), "Hostile Name\nBody.").expect("write the article");
    let (editor, out) = recording_editor(dir.path());
    let mut tui = Tui::ready(
        Spawn {
            env: vec![("VISUAL", &editor)],
            ..Spawn::library(&library)
        },
        "Hostile Name",
    );
    tui.send("e");
    wait_until("the editor to run", || out.exists());
    let saw = std::fs::read(&out).expect("the editor's record");
    assert_eq!(
        saw,
        library.join(name).as_os_str().as_encoded_bytes(),
        "the real name, byte for byte"
    );
    tui.wait_for_text("Hostile Name");
    tui.send("Y");
    tui.wait_for_text("copied the path");
    let contents = tui.screen_contents();
    assert!(
        !contents.contains('\u{202e}') && !contents.contains('\u{e0041}'),
        "{}",
        contents.escape_debug()
    );
    let clipboard = tui.shared.lock().parser.callbacks().clipboard.clone();
    let [copied] = clipboard.as_slice() else {
        panic!("one clipboard write: {clipboard:?}");
    };
    let copied = String::from_utf8(
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, copied).expect("base64"),
    )
    .expect("UTF-8");
    assert!(
        !copied
            .chars()
            .any(|c| c.is_control() || ('\u{e0000}'..='\u{e007f}').contains(&c)),
        "{copied:?}"
    );
    tui.quit();
}
