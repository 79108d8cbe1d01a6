//! A story far larger than a screen is loaded, shown and read in windows without ever being
//! held: the peak of the heap, counted by this binary's allocator, stays a small fraction of
//! the file; and the reader pages through it to its end. The tests take turns ([`SERIAL`]),
//! so that no test's allocations run beside another's.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use readmore::app::config::Config;

/// The harness the library's own tests use: it names `crate::app` and `crate::domain`, and
/// this binary leaves some of it unused.
#[allow(dead_code)]
#[path = "../src/app/harness.rs"]
mod harness;
use harness::TestApp;
use readmore::app::{Command, Motion};

use readmore::domain::article::Block;
use readmore::domain::fulltext::INDEXED_TEXT_BYTES;
use readmore::domain::library::{Library, LoadOptions};
use readmore::{app, domain};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller promised for `layout`.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as the caller promised for `ptr` and `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Held by each test for its whole run.
static SERIAL: Mutex<()> = Mutex::new(());

/// Waits for this test's turn; the turn lasts as long as the guard.
fn take_turn() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The most the heap grew while `work` ran, over what was in use before.
fn peak_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = work();
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

const MB: usize = 1024 * 1024;
/// The story's size: half as much again as the size the library reads whole.
const STORY_BYTES: usize = 12 * MB;

/// Writes the big story: paragraphs of about 400 bytes, a link every 10,000th, a last
/// paragraph with characters of two, three and four bytes. Returns how many paragraphs.
fn write_story(path: &std::path::Path) -> usize {
    let mut out = BufWriter::new(File::create(path).unwrap());
    out.write_all("Enormous Report\r\n\r\n".as_bytes()).unwrap();
    let mut written = 0;
    let mut n: usize = 0;
    while written < STORY_BYTES {
        n += 1;
        let line = if n.is_multiple_of(10_000) {
            "Read More: Small Story\r\n\r\n".to_owned()
        } else {
            format!(
                "Paragraph {n}: {}\r\n\r\n",
                "harbour council bridge ".repeat(17)
            )
        };
        written += line.len();
        out.write_all(line.as_bytes()).unwrap();
    }
    out.write_all("Last paragraph — café 日本 👍.\r\n".as_bytes())
        .unwrap();
    out.flush().unwrap();
    n
}

#[test]
fn a_story_of_12_mb_is_loaded_shown_and_read_in_windows_within_a_few_megabytes() {
    let _turn = take_turn();
    let dir = tempfile::tempdir().unwrap();
    let paragraphs = write_story(&dir.path().join("enormous.txt"));
    std::fs::write(dir.path().join("small.txt"), "Small Story\nA small body.\n").unwrap();
    let options = LoadOptions {
        max_article_bytes: 16 * MB as u64,
        ..LoadOptions::default()
    };

    let (library, load_peak) = peak_during(|| Library::load(dir.path(), options).unwrap());
    assert_eq!(library.len(), 2, "skipped: {:?}", library.skipped);
    let id = library
        .find("Enormous Report")
        .expect("the big story loads");
    let entry = library.get(id);
    assert_eq!(entry.links().count(), paragraphs / 10_000);
    assert_eq!(entry.targets()[0], library.find("Small Story"));
    assert!(load_peak < 4 * MB, "loading held {load_peak} bytes");

    let (last, window_peak) = peak_during(|| {
        let body = library.open_body(id).unwrap();
        body.window_before(body.size(), 64 * 1024).unwrap()
    });
    assert_eq!(
        last.blocks.last().map(|(_, block)| block),
        Some(&Block::Paragraph("Last paragraph — café 日本 👍.".into()))
    );
    assert!(
        window_peak < 4 * MB,
        "the last window held {window_peak} bytes"
    );

    let (head, head_peak) = peak_during(|| library.body_head(id, INDEXED_TEXT_BYTES).unwrap());
    let text: usize = (head.blocks.iter())
        .map(|(Block::Paragraph(text) | Block::Link(text))| text.len())
        .sum();
    assert!(
        (INDEXED_TEXT_BYTES..INDEXED_TEXT_BYTES + 1024).contains(&text),
        "{text}"
    );
    assert!(
        head_peak < 3 * INDEXED_TEXT_BYTES,
        "the indexed head held {head_peak} bytes"
    );

    let (shown, show_peak) = peak_during(|| {
        let mut out = Tail::default();
        readmore::cli::reports::show(&library, "enormous.txt", 80, &mut out).unwrap();
        out
    });
    // Each CRLF and blank line between paragraphs is printed as one line break.
    assert!(
        shown.written > STORY_BYTES * 9 / 10,
        "{} bytes",
        shown.written
    );
    assert!(
        shown
            .last
            .ends_with("\nLast paragraph — café 日本 👍.\n".as_bytes()),
        "every paragraph is printed, to the last: {:?}",
        String::from_utf8_lossy(&shown.last)
    );
    assert!(show_peak < 4 * MB, "show held {show_peak} bytes");
}

/// A sink that counts what is written to it and keeps the end of it.
#[derive(Default)]
struct Tail {
    written: usize,
    last: Vec<u8>,
}

impl Write for Tail {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len();
        self.last.extend_from_slice(buf);
        let over = self.last.len().saturating_sub(256);
        self.last.drain(..over);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    (buffer.content().chunks(width))
        .map(|row| row.iter().map(|cell| cell.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The numbers of the paragraphs whose first line is on screen.
fn paragraphs_on(screen: &str) -> Vec<usize> {
    (screen.split("Paragraph ").skip(1))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect()
}

#[test]
fn the_reader_pages_through_a_story_in_windows_and_jumps_to_its_end() {
    let _turn = take_turn();
    let dir = tempfile::tempdir().unwrap();
    let paragraphs = write_story(&dir.path().join("enormous.txt"));
    let options = LoadOptions {
        max_article_bytes: 16 * MB as u64,
        ..LoadOptions::default()
    };
    let library = Library::load(dir.path(), options).unwrap();
    let config = Config {
        max_article_bytes: options.max_article_bytes,
        ..Config::default()
    };
    let mut app = TestApp::new(library, config, true, Rect::new(0, 0, 100, 30));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut draw = |app: &TestApp| {
        terminal
            .draw(|frame| frame.render_widget(&**app, frame.area()))
            .unwrap();
        screen_text(&terminal)
    };

    app.update(Command::Open);
    let screen = draw(&app);
    assert!(screen.contains("│ Enormous Report"), "{screen}");
    assert!(screen.lines().next().unwrap().contains(" 0% "), "{screen}");
    assert_eq!(paragraphs_on(&screen).first(), Some(&1), "{screen}");

    // Page down well past the first window (128 KiB of text is about 300 paragraphs): every
    // paragraph comes in order, none skipped, none twice.
    let mut seen = paragraphs_on(&screen);
    for _ in 0..400 {
        app.update(Motion::PageDown);
        for number in paragraphs_on(&draw(&app)) {
            if number > *seen.last().unwrap() {
                seen.push(number);
            }
        }
    }
    let expected: Vec<usize> = (1..=*seen.last().unwrap()).collect();
    assert_eq!(seen, expected, "paragraphs in order across windows");
    assert!(seen.len() > 600, "past two windows: {}", seen.len());

    app.update(Motion::Bottom);
    let screen = draw(&app);
    // Wide characters take two cells: the screen's text has a blank after each.
    assert!(screen.contains("Last paragraph — café 日"), "{screen}");
    assert!(
        screen.lines().next().unwrap().contains(" 100% "),
        "{screen}"
    );
    let last_numbered = if paragraphs.is_multiple_of(10_000) {
        paragraphs - 1
    } else {
        paragraphs
    };
    assert!(paragraphs_on(&screen).contains(&last_numbered), "{screen}");

    app.update(Motion::Top);
    let screen = draw(&app);
    assert!(screen.contains("│ Enormous Report"), "{screen}");
    assert_eq!(paragraphs_on(&screen).first(), Some(&1), "{screen}");
}
