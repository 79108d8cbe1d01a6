//! `readmore state export|import` as a user runs them: per library, onto streams, into a
//! closed pipe or a full disk, with hostile text and a damaged row.

#![cfg(unix)]

use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

/// A home, state folder and two libraries (`news`, `copy`) for one or more runs.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let dir = TempDir::new().expect("temp dir");
        for sub in ["home", "xdg", "state", "news", "copy"] {
            fs::create_dir(dir.path().join(sub)).expect("sandbox folder");
        }
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `readmore --articles LIBRARY ARGS`, run in the sandbox's folder.
    fn command<S: AsRef<OsStr>>(&self, library: &str, args: &[S]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_readmore"));
        command
            .arg("--articles")
            .arg(self.path(library))
            .args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("xdg"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env_remove("XDG_CACHE_HOME")
            .stdin(Stdio::null());
        command
    }

    fn run<S: AsRef<OsStr>>(&self, library: &str, args: &[S]) -> Output {
        self.command(library, args).output().expect("run readmore")
    }

    /// Imports `json` (an export's text) into `library`.
    fn import(&self, library: &str, json: &str) {
        let file = self.path("import.json");
        fs::write(&file, json).expect("write import");
        let out = self.run(
            library,
            &[OsStr::new("state"), "import".as_ref(), file.as_os_str()],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }

    fn export(&self, library: &str, format: &str) -> String {
        let out = self.run(library, &["state", "export", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "");
        text(&out.stdout)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

const TWO: &str = r#"{"article": [
    {"path": "a.txt", "title": "Alpha", "starred": true, "updated_at": 10},
    {"path": "b.txt", "title": "Bravo", "read": true, "scroll": 3, "lines": 9, "updated_at": 10}
]}"#;

/// How many articles an export holds.
fn count(toml: &str) -> usize {
    toml.matches("[[article]]").count()
}

#[test]
fn an_export_holds_only_the_librarys_rows_and_an_import_moves_them() {
    let sandbox = Sandbox::new();
    sandbox.import("news", TWO);
    assert_eq!(count(&sandbox.export("news", "toml")), 2);
    assert_eq!(
        count(&sandbox.export("copy", "toml")),
        0,
        "another library with the same paths shares nothing"
    );
    // Moving a library: export it, import into the new folder.
    let backup = sandbox.path("backup.toml");
    let out = sandbox.run(
        "news",
        &[OsStr::new("state"), "export".as_ref(), backup.as_os_str()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = sandbox.run(
        "copy",
        &[OsStr::new("state"), "import".as_ref(), backup.as_os_str()],
    );
    assert!(
        text(&out.stderr).contains("2 added"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        sandbox.export("copy", "json"),
        sandbox.export("news", "json")
    );
}

#[test]
fn an_export_onto_a_fifo_or_dev_stdout_or_dash_is_written_straight_through() {
    let sandbox = Sandbox::new();
    sandbox.import("news", TWO);
    let expected = sandbox.export("news", "toml");
    for name in ["/dev/stdout", "-"] {
        let out = sandbox.run("news", &["state", "export", name]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), expected, "{name}");
    }
    // Appended to, as `>>` asks, not written over from the start.
    let log = sandbox.path("log.toml");
    fs::write(&log, "# kept\n").expect("write");
    let appended = fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open for appending");
    let out = sandbox
        .command("news", &["state", "export", "/dev/stdout"])
        .stdout(appended)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(&log).expect("read"),
        format!("# kept\n{expected}")
    );
    let fifo = sandbox.path("pipe.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut read = String::new();
            fs::File::open(fifo)
                .expect("open the fifo")
                .read_to_string(&mut read)
                .expect("read the fifo");
            read
        })
    };
    let out = sandbox.run(
        "news",
        &[OsStr::new("state"), "export".as_ref(), fifo.as_os_str()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(reader.join().expect("the reader"), expected);
    assert!(
        fs::symlink_metadata(&fifo)
            .expect("still there")
            .file_type()
            .is_fifo(),
        "the FIFO is not replaced by a file"
    );
}

#[test]
fn an_export_into_a_closed_pipe_ends_quietly_and_a_full_disk_names_standard_output() {
    let sandbox = Sandbox::new();
    // Larger than a pipe's buffer, so writing meets the closed pipe.
    let rows: Vec<String> = (0..3000)
        .map(|n| format!(r#"{{"path": "{n}.txt", "title": "Title {n}", "read": true}}"#))
        .collect();
    sandbox.import("news", &format!("{{\"article\": [{}]}}", rows.join(",")));
    let mut child = sandbox
        .command("news", &["state", "export"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("one line");
    assert_eq!(first, "[[article]]\n");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "quiet, like `head` after any report");

    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = sandbox
        .command("news", &["state", "export"])
        .stdout(full)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let error = text(&out.stderr);
    assert!(
        error.starts_with("error: cannot write to standard output: No space left"),
        "{error}"
    );
    assert_eq!(error.lines().count(), 1, "{error}");
}

/// The canonical key the reader gives the library in `folder`.
fn library_key(folder: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    fs::canonicalize(folder)
        .expect("canonical")
        .as_os_str()
        .as_bytes()
        .to_vec()
}

#[test]
fn a_row_with_a_title_that_is_not_utf8_is_skipped_and_reported_and_the_rest_exported() {
    let sandbox = Sandbox::new();
    sandbox.import("news", TWO);
    let db = rusqlite::Connection::open(sandbox.path("state/readmore/state.db")).expect("db");
    db.execute(
        "INSERT INTO mark (library, path, title, read, updated_at, seen_at)
         VALUES (?1, CAST('c.txt' AS BLOB), CAST(x'ff43' AS TEXT), 1, 1, 1)",
        [library_key(&sandbox.path("news"))],
    )
    .expect("a damaged row");
    drop(db);
    let out = sandbox.run("news", &["state", "export"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(count(&text(&out.stdout)), 2);
    let warning = text(&out.stderr);
    assert!(
        warning.contains("1 row with a title that is not UTF-8 skipped"),
        "{warning}"
    );
}

#[test]
fn c1_controls_and_bidi_overrides_are_escaped_in_an_export_and_come_back_on_import() {
    let sandbox = Sandbox::new();
    let hostile = r#"{"article": [
        {"path": "a\u009b31m.txt", "title": "T\u009d0;evil\u009c \u202egnp.exe\u0085 tag\udb40\udc41", "read": true}
    ]}"#;
    sandbox.import("news", hostile);
    for format in ["toml", "json"] {
        let export = sandbox.export("news", format);
        assert!(
            !export.chars().any(|c| c.is_control() && c != '\n'
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || c == '\u{e0041}'),
            "{format}: {export:?}"
        );
        assert!(
            export.to_lowercase().contains(r"\u009b31m.txt"),
            "{format}: {export}"
        );
        // What is exported imports into another library as the same article.
        let file = sandbox.path(&format!("back.{format}"));
        fs::write(&file, &export).expect("write");
        let out = sandbox.run(
            "copy",
            &[OsStr::new("state"), "import".as_ref(), file.as_os_str()],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            !text(&out.stderr)
                .chars()
                .any(|c| c.is_control() && c != '\n'),
            "{:?}",
            text(&out.stderr)
        );
    }
    assert_eq!(
        sandbox.export("copy", "json"),
        sandbox.export("news", "json")
    );
}
