//! Hostile and broken input: every file loads or is skipped with a reason, nothing panics, and
//! nothing a terminal would interpret survives to the screen.

use std::fs;
use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use readmore::app::config::Config;
use readmore::app::{Command, Motion};
use readmore::domain::library::{ArticleId, Library, LoadOptions};
use readmore::domain::sanitize::is_unsafe;

use crate::harness::TestApp;

fn load(dir: &Path) -> Library {
    Library::load(dir, LoadOptions::default()).expect("the folder loads")
}

fn skipped_reason(library: &Library, path: &str) -> Option<String> {
    library
        .skipped
        .iter()
        .find(|s| s.path == path)
        .map(|s| s.reason.clone())
}

/// Opens every article in the reader, scrolls it, and checks each drawn cell.
fn render_every_article(library: Library) {
    let count = library.len();
    let mut app = TestApp::new(library, Config::default(), true, Rect::new(0, 0, 100, 30));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("backend");
    for index in 0..count {
        app.update(Motion::Top);
        for _ in 0..index {
            app.update(Motion::Down);
        }
        app.update(Command::Open);
        for action in [
            Command::Move(Motion::PageDown),
            Command::NextLink,
            Command::Move(Motion::Bottom),
        ] {
            app.update(action);
            terminal
                .draw(|frame| frame.render_widget(&*app, frame.area()))
                .expect("draws");
            for cell in terminal.backend().buffer().content() {
                assert!(
                    !cell.symbol().chars().any(is_unsafe),
                    "unsafe character drawn: {:?}",
                    cell.symbol()
                );
            }
        }
        app.press(&[Command::FocusPrev, Command::FocusPrev]);
    }
}

#[test]
fn hostile_article_bytes_load_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("binary.txt", (0..=255u8).cycle().take(4096).collect()),
        ("bad-title.txt", b"Caf\xe9 \xff\xfe title\nbody \x92quoted\x92\n".to_vec()),
        ("nul.txt", b"Nul\0 title\nbody\0with\0nuls\n".to_vec()),
        ("long-title.txt", format!("{}\nbody", "Long ".repeat(2000)).into_bytes()),
        (
            "combining.txt",
            "Combining\n\u{301}\u{301}\u{301}\u{308}\u{308}\nRead More: \u{301}\u{301}".into(),
        ),
        (
            "bidi.txt",
            "Bidi \u{202e}txt.exe\u{202c} trick\n\u{2066}isolated\u{2069} and \u{200f}marks\u{200e}\nzero\u{200b}width\u{feff}joiner\u{200d}"
                .into(),
        ),
        ("rtl.txt", "שלום עולם\nمرحبا بالعالم، هذا نص عربي.\n".into()),
        ("emoji.txt", "Emoji 👍🏽👨‍👩‍👧‍👦🏳️‍🌈\nFlags 🇬🇧🇯🇵 and skin tones 👋🏿.\n".into()),
        ("indic.txt", "தமிழ் செய்திகள்\nहिन्दी समाचार क्षत्रिय ज्ञान\n".into()),
        (
            "escapes.txt",
            "\u{1b}]0;pwned\u{7}Title \u{1b}[31mred\nOSC52 \u{1b}]52;c;aGVsbG8=\u{7} DCS \u{1b}Pq#0\u{1b}\\ C1 \u{9b}31m \u{9d}0;x\u{9c} bell \u{7}\nRead More: \u{1b}]8;;http://evil\u{1b}\\Binary\u{1b}]8;;\u{1b}\\"
                .into(),
        ),
    ];
    for (name, bytes) in &files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    let library = load(dir.path());
    assert_eq!(library.len() + library.skipped.len(), files.len());
    for entry in library.entries() {
        assert!(!entry.title().chars().any(is_unsafe), "{}", entry.path());
        assert!(!entry.title().contains('\u{202e}'));
    }
    let escapes = library.get(library.find("Title red").expect("escapes title"));
    assert_eq!(escapes.targets().len(), 1);
    let warned: Vec<&str> = library.warnings.iter().map(|w| w.path.as_str()).collect();
    assert!(
        warned.contains(&"bad-title.txt"),
        "lossy decoding is a warning: {warned:?}"
    );
    render_every_article(library);
}

/// A library of `huge.txt`, a title and one line of `bytes` x's, and a small story.
fn huge_line_library(bytes: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut big = b"Huge\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', bytes));
    fs::write(dir.path().join("huge.txt"), &big).unwrap();
    fs::write(dir.path().join("small.txt"), "Small\nbody").unwrap();
    dir
}

#[test]
fn a_huge_single_line_loads_and_a_file_over_the_limit_is_skipped_unread() {
    let dir = huge_line_library(50 * 1024 * 1024);

    let library = Library::load(
        dir.path(),
        LoadOptions {
            max_article_bytes: 1024 * 1024,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(library.len(), 1);
    let reason = skipped_reason(&library, "huge.txt").expect("skipped");
    assert!(reason.contains("max_article_bytes"), "{reason}");

    let library = Library::load(
        dir.path(),
        LoadOptions {
            max_article_bytes: 64 * 1024 * 1024,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        library.len(),
        2,
        "under a raised limit the 50 MB line loads"
    );
}

/// 4 MB keeps the suite quick in a debug build, and is still one line of 60,000 screen rows.
#[test]
fn a_huge_single_line_draws_and_scrolls_to_its_end() {
    let dir = huge_line_library(4 * 1024 * 1024);
    let library = load(dir.path());
    let mut app = TestApp::new(library, Config::default(), true, Rect::new(0, 0, 100, 30));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    for (action, percent) in [
        (Command::Open, " 0% "),
        (Command::Move(Motion::PageDown), " 0% "),
        (Command::Move(Motion::Bottom), " 100% "),
    ] {
        let opening = action == Command::Open;
        app.update(action);
        terminal
            .draw(|frame| frame.render_widget(&*app, frame.area()))
            .unwrap();
        let text = screen_text(&terminal);
        let top = text.lines().next().unwrap_or_default();
        assert!(
            top.contains("┌ Huge ") && top.contains(percent),
            "the huge line is open, scrolled to {percent:?}:\n{text}"
        );
        let heading_shown = text
            .lines()
            .nth(1)
            .is_some_and(|line| line.contains("│ Huge"));
        assert_eq!(heading_shown, opening, "the heading scrolls away:\n{text}");
        assert!(
            text.lines()
                .nth(5)
                .is_some_and(|line| line.contains("xxxxxxxxxx")),
            "its text is drawn:\n{text}"
        );
    }
}

#[test]
fn a_hundred_thousand_links_load_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Link Farm\n");
    for i in 0..100_000 {
        text.push_str(&format!("Read More: Story {}\n", i % 3));
    }
    fs::write(dir.path().join("farm.txt"), text).unwrap();
    fs::write(
        dir.path().join("story.txt"),
        "Story 1\nRead More: Link Farm",
    )
    .unwrap();
    let library = load(dir.path());
    let farm = library.find("link farm").unwrap();
    assert_eq!(library.get(farm).targets().len(), 100_000);
    assert_eq!(library.backlinks(library.find("story 1").unwrap()), &[farm]);

    let mut app = TestApp::new(library, Config::default(), true, Rect::new(0, 0, 120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    // Link N is the row numbered "N." in the Related pane: the first links at the top, the
    // last one at the bottom; the number never shows on a row of its own.
    let numbered = |text: &str, n: usize| {
        text.lines()
            .any(|line| line.contains(&format!("│ {n}. ")) && line.contains("Story"))
    };
    for (action, shown, hidden) in [
        (Command::FocusPrev, 1, 100_000),
        (Command::Move(Motion::Bottom), 100_000, 1),
        (Command::Move(Motion::Up), 99_999, 1),
        (Command::Move(Motion::Top), 1, 100_000),
    ] {
        app.update(action);
        terminal
            .draw(|frame| frame.render_widget(&*app, frame.area()))
            .unwrap();
        let text = screen_text(&terminal);
        assert!(numbered(&text, shown), "link {shown} drawn:\n{text}");
        assert!(!numbered(&text, hidden), "link {hidden} not drawn:\n{text}");
    }
}

#[test]
fn unreadable_files_are_skipped_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("ok.txt"), "Fine\nbody").unwrap();
    fs::write(root.join("empty.txt"), "").unwrap();
    // A file that vanishes between listing and reading looks like a dangling link to it.
    std::os::unix::fs::symlink(root.join("missing"), root.join("gone.txt")).unwrap();
    std::os::unix::fs::symlink("loop.txt", root.join("loop.txt")).unwrap();
    std::os::unix::fs::symlink(".", root.join("folder-loop")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "Outside\nbody").unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("outside")).unwrap();
    let fifo = root.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());

    let library = load(root);
    let titles: Vec<&str> = library.entries().map(|e| e.title()).collect();
    assert_eq!(titles, ["Fine"], "the outside folder is not followed");
    assert_eq!(
        skipped_reason(&library, "empty.txt").as_deref(),
        Some("no title")
    );
    assert!(
        skipped_reason(&library, "gone.txt")
            .unwrap()
            .contains("No such file")
    );
    assert!(skipped_reason(&library, "loop.txt").is_some());
    assert_eq!(
        skipped_reason(&library, "pipe.txt").as_deref(),
        Some("not a regular file"),
        "a FIFO is never opened, so loading cannot hang"
    );
    for folder in ["outside", "folder-loop"] {
        assert_eq!(
            skipped_reason(&library, folder).as_deref(),
            Some("symbolic link to a folder (not followed)")
        );
    }
}

/// An unprivileged user: root reads any file whatever its mode, so a root test run asks
/// this user, through the binary, what an unreadable file looks like.
const NOBODY: u32 = 65_534;

#[test]
fn permission_denied_is_a_skip_reason() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let locked = dir.path().join("locked.txt");
    fs::write(&locked, "Locked\nbody").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_err() {
        let library = load(dir.path());
        assert!(
            skipped_reason(&library, "locked.txt")
                .unwrap()
                .contains("Permission denied")
        );
        return;
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_readmore"))
        .args([
            "--articles",
            &dir.path().display().to_string(),
            "check",
            "--json",
        ])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env_remove("XDG_STATE_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("XDG_DATA_HOME")
        .uid(NOBODY)
        .gid(NOBODY)
        .output()
        .expect("run readmore as an unprivileged user");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "a JSON report ({err}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let reason = report["skipped"]
        .as_array()
        .and_then(|skipped| skipped.iter().find(|s| s["path"] == "locked.txt"))
        .and_then(|s| s["reason"].as_str())
        .unwrap_or_else(|| panic!("locked.txt is skipped: {report}"));
    assert!(reason.contains("Permission denied"), "{reason}");
}

#[test]
fn ten_thousand_files_and_deep_nesting() {
    let dir = tempfile::tempdir().unwrap();
    let wide = dir.path().join("wide");
    fs::create_dir(&wide).unwrap();
    for i in 0..10_000 {
        fs::write(wide.join(format!("{i:05}.txt")), format!("Story {i}\nbody")).unwrap();
    }
    let mut deep = dir.path().join("deep");
    for level in 0..100 {
        deep = deep.join(format!("d{level}"));
    }
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("bottom.txt"), "Bottom\nbody").unwrap();

    let library = load(dir.path());
    assert_eq!(library.len(), 10_001);
    assert!(library.skipped.is_empty());
    assert_eq!(
        library.get(ArticleId::new(0)).title(),
        "Bottom",
        "deep/ sorts before wide/"
    );
    assert_eq!(library.get(ArticleId::new(1)).title(), "Story 0");
    assert_eq!(library.get(ArticleId::new(10_000)).title(), "Story 9999");
}

#[test]
fn the_articles_folder_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/library"
    ));
    copy_tree(source, dir.path());
    let before = snapshot(dir.path());
    set_read_only(dir.path(), true);

    let library = load(dir.path());
    let mut out = Vec::new();
    readmore::cli::check::check(&library, true, false, &mut out).unwrap();
    readmore::cli::reports::list(&library, Some("harbour"), true, &mut out).unwrap();
    readmore::cli::reports::links(&library, "Harbour Bridge Reopens", true, &mut out).unwrap();
    readmore::cli::reports::show(&library, "Harbour Bridge Reopens", 40, &mut out).unwrap();
    render_every_article(library);

    set_read_only(dir.path(), false);
    assert_eq!(
        snapshot(dir.path()),
        before,
        "names, contents and mtimes unchanged"
    );
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every path below `root` with its bytes and modification time.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut items = Vec::new();
    for entry in walk(root) {
        let metadata = fs::metadata(&entry).unwrap();
        let bytes = if metadata.is_file() {
            fs::read(&entry).unwrap()
        } else {
            Vec::new()
        };
        items.push((
            entry.display().to_string(),
            bytes,
            metadata.modified().unwrap(),
        ));
    }
    items.sort();
    items
}

fn walk(root: &Path) -> Vec<std::path::PathBuf> {
    let mut paths = vec![root.to_path_buf()];
    for entry in fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            paths.extend(walk(&path));
        } else {
            paths.push(path);
        }
    }
    paths
}

fn set_read_only(root: &Path, read_only: bool) {
    use std::os::unix::fs::PermissionsExt;
    for path in walk(root) {
        let mode = match (path.is_dir(), read_only) {
            (true, true) => 0o555,
            (false, true) => 0o444,
            (true, false) => 0o755,
            (false, false) => 0o644,
        };
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// The drawn screen, one line per row.
fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    buffer
        .content()
        .chunks(width)
        .map(|row| row.iter().map(|cell| cell.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cache folder the user cannot write (here: owned by another user, or read-only) is
/// bypassed with a warning: every file is read and the report is complete.
#[test]
fn a_read_only_cache_folder_is_bypassed_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let open = fs::Permissions::from_mode(0o755);
    let articles = tempfile::tempdir().unwrap();
    fs::set_permissions(articles.path(), open.clone()).unwrap();
    for (name, text) in [
        ("a.txt", "Alpha\nRead More: Beta"),
        ("b.txt", "Beta\nRead More: Alpha"),
    ] {
        let path = articles.path().join(name);
        fs::write(&path, text).unwrap();
        // Old enough to cache: files written in the last seconds are not.
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    }
    let home = tempfile::tempdir().unwrap();
    fs::set_permissions(home.path(), open).unwrap();
    let cache = home.path().join(".cache/readmore");
    fs::create_dir_all(&cache).unwrap();
    fs::set_permissions(&cache, fs::Permissions::from_mode(0o555)).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_readmore"));
    command
        .args(["check", "--json", "--articles"])
        .arg(articles.path())
        .current_dir(articles.path())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env_remove("XDG_STATE_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("XDG_DATA_HOME");
    // Root writes anywhere: run as nobody, for whom the folder is read-only.
    if fs::metadata("/proc/self").is_ok_and(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0) {
        command.uid(NOBODY).gid(NOBODY);
    }
    for _ in 0..2 {
        let output = command.output().expect("run readmore");
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["articles"], 2, "{report}");
        let warnings = report["warnings"].as_array().unwrap();
        assert_eq!(warnings.len(), 1, "{report}");
        let message = warnings[0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("metadata cache not used: cannot write it"),
            "{message}"
        );
        assert!(message.contains("Permission denied"), "{message}");
    }
    assert_eq!(fs::read_dir(&cache).unwrap().count(), 0, "nothing written");
}
