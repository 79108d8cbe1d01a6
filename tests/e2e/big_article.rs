//! A story of 12 MB, larger than the library reads whole, opened in the reader: its first
//! screen, then `G` to its last paragraph, read from a window at the file's end.

use std::io::Write;

use crate::pty::{Spawn, Tui};

#[test]
fn a_12_mb_story_opens_and_g_shows_its_last_paragraph() {
    let library = tempfile::tempdir().unwrap();
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(library.path().join("enormous.txt")).unwrap(),
    );
    out.write_all(b"Enormous Report\n\n").unwrap();
    let mut written = 0;
    for n in 1.. {
        let line = format!(
            "Paragraph {n}: {}\n\n",
            "harbour council bridge ".repeat(17)
        );
        out.write_all(line.as_bytes()).unwrap();
        written += line.len();
        if written > 12 << 20 {
            break;
        }
    }
    out.write_all("The last paragraph — fin.\n".as_bytes())
        .unwrap();
    out.flush().unwrap();
    let config = library.path().join("config.toml");
    std::fs::write(&config, "max_article_bytes = 33554432\n").unwrap();

    let mut spawn = Spawn::library(library.path());
    spawn
        .args
        .extend(["--config".to_owned(), config.display().to_string()]);
    let mut tui = Tui::spawn(spawn);
    tui.wait_for_text("Paragraph 1: harbour council");
    tui.press_to("\t", "1/1", "reader");
    tui.send("G");
    tui.wait_for_all(
        "the last paragraph at 100%",
        &["The last paragraph — fin.", " 100% "],
    );
    tui.quit();
}
