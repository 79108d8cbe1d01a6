//! `cargo bench`: loading, title search and drawing at library scale. Results and the
//! reference measurements they are compared with are in BENCHMARKS.md.
//!
//! - `load/100000`: load, index and resolve a generated 100k-article library from disk.
//! - `load/cached/100000`: the same with the metadata cache warm, as a second start loads it:
//!   walk and stat the folder, read the cache, index and resolve, no article read.
//! - `search/keystroke/N`: the median time of one keystroke while typing `korea defence`
//!   char by char over N titles (each keystroke refining the previous result).
//! - `search/type_query/N`: typing that whole query, char by char.
//! - `fulltext/keystroke/100000`: the median time of one keystroke while typing `korea defence`
//!   char by char as a full-text query (the last word a prefix) over the index of the 100k
//!   library: the best 50 articles with their snippets. The index is built once, in
//!   target/bench-data/cache, and reused as a warm start reuses it.
//! - `fulltext/open_warm/100000`: opening that index again with nothing changed: hashing every
//!   article's text and comparing it with the index (what a second start costs).
//! - `fulltext/update_one/100000`: re-indexing one changed article and committing, until a
//!   search finds its new text (what live reload adds for the index).
//! - `closest/dangling/100000`, `closest/huge/100000`: the closest titles to the seed's
//!   dangling link, and to a 60,000-character name, among 100k titles.
//! - `render/reader_1mb`, `render/scroll_1mb`: one 200x60 frame of a 1 MB article scrolled to
//!   its middle; one line of scroll and the redraw.
//!
//! - `state/load/100000`: open a reading-state database of 100k articles and read them all
//!   (what starting costs).
//! - `state/save`: a batch of 100 changed articles written in one transaction (the time the
//!   writer thread takes; the reader's own thread only queues the changes).
//! - `graph/json/100000`: the link graph of a loaded 100k library as JSON (`graph --json`
//!   without the load).
//!
//! `READMORE_BENCH_TITLES=FILE` makes the search benchmarks use the titles in FILE (one a
//! line) instead of generated ones.

use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use readmore::app::{Action, App};
use readmore::article::parse;
use readmore::cli::graph::Format;
use readmore::config::Config;
use readmore::corpus;
use readmore::fulltext::{FullText, parse_query};
use readmore::library::{Change, Library, LoadOptions};
use readmore::search::{ClosestIndex, TitleSearch, closest};
use readmore::state::{Remembered, Store};

const QUERY: &str = "korea defence";

/// A generated library, written once and kept under target/ (the generator is deterministic).
fn library_on_disk(articles: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(articles.to_string());
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        corpus::write_corpus(&dir, articles).expect("write the corpus");
        std::fs::write(&done, b"").expect("mark the corpus complete");
    }
    dir
}

fn titles(count: usize) -> Vec<String> {
    match std::env::var_os("READMORE_BENCH_TITLES") {
        Some(file) => std::fs::read_to_string(file)
            .expect("read READMORE_BENCH_TITLES")
            .lines()
            .map(str::to_owned)
            .collect(),
        None => corpus::titles(count),
    }
}

fn load(c: &mut Criterion) {
    let dir = library_on_disk(100_000);
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    group.bench_function("100000", |b| {
        b.iter(|| Library::load(&dir, LoadOptions::default()).expect("loads"));
    });
    let cache = tempfile::tempdir().expect("a cache folder");
    let cached = || {
        let progress = AtomicUsize::new(0);
        Library::load_with_cache(&dir, LoadOptions::default(), Some(cache.path()), &progress)
            .expect("loads")
    };
    // The first start fills the cache; the timed ones are second starts.
    cached();
    group.bench_function("cached/100000", |b| b.iter(cached));
    group.finish();
}

/// Types `QUERY` char by char from a fresh search state; returns each keystroke's time.
fn type_query(search: &TitleSearch) -> Vec<Duration> {
    let mut search = search.share();
    let mut times = Vec::with_capacity(QUERY.len());
    for end in 1..=QUERY.len() {
        let started = Instant::now();
        std::hint::black_box(search.search(&QUERY[..end]));
        times.push(started.elapsed());
    }
    times
}

fn search(c: &mut Criterion) {
    for count in [100_000, 1_000_000] {
        let titles = titles(count);
        let search = TitleSearch::new(titles.iter().map(String::as_str));
        let label = titles.len().to_string();
        let mut group = c.benchmark_group("search");
        group.sample_size(20);
        group.bench_function(format!("keystroke/{label}"), |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        let mut times = type_query(&search);
                        times.sort_unstable();
                        times[times.len() / 2]
                    })
                    .sum()
            });
        });
        group.bench_function(format!("type_query/{label}"), |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| type_query(&search).into_iter().sum::<Duration>())
                    .sum()
            });
        });
        group.finish();
    }
}

/// Results a full-text keystroke shows: a screenful and more, each with its snippet.
const FULLTEXT_RESULTS: usize = 50;

fn fulltext(c: &mut Criterion) {
    let dir = library_on_disk(100_000);
    let library = Library::load(&dir, LoadOptions::default()).expect("loads");
    let cache = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/cache");
    // Built (or brought up to date) once, then closed: each warm open takes the writer lock.
    drop(FullText::open(&library, Some(&cache)));
    let mut group = c.benchmark_group("fulltext");
    group.sample_size(20);
    group.bench_function("open_warm/100000", |b| {
        b.iter(|| {
            let index = FullText::open(&library, Some(&cache));
            assert_eq!(index.indexed(), 0, "a warm open indexes nothing");
            index
        });
    });
    let index = FullText::open(&library, Some(&cache));
    assert!(index.warnings().is_empty(), "{:?}", index.warnings());
    group.bench_function("keystroke/100000", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let mut times: Vec<Duration> = (1..=QUERY.len())
                        .map(|end| {
                            let started = Instant::now();
                            let query = parse_query(&QUERY[..end]);
                            std::hint::black_box(index.search_top(
                                &library,
                                &query,
                                FULLTEXT_RESULTS,
                            ));
                            started.elapsed()
                        })
                        .collect();
                    times.sort_unstable();
                    times[times.len() / 2]
                })
                .sum()
        });
    });
    group.sample_size(10);
    group.bench_function("update_one/100000", |b| {
        let change = Change {
            changed: vec![
                library
                    .get(readmore::library::ArticleId::new(library.len() / 2))
                    .path
                    .clone(),
            ],
            ..Change::default()
        };
        b.iter(|| index.update(&library, &change).expect("updates"));
    });
    group.finish();
}

fn closest_titles(c: &mut Criterion) {
    let articles = corpus::titles(100_000)
        .iter()
        .enumerate()
        .map(|(n, title)| {
            let article = parse(title.as_bytes()).expect("a title").article;
            (format!("{n:06}.txt"), article)
        })
        .collect();
    let library = Library::from_articles(articles);
    let dangling = "Trump change stance: say North Korea a threat to US security";
    let huge = "ab ".repeat(20_000);
    let mut group = c.benchmark_group("closest");
    group.sample_size(20);
    // Cutting every title, once per library (the reader keeps the index on a worker).
    group.bench_function("index/100000", |b| b.iter(|| ClosestIndex::new(&library)));
    // One search, as for a dangling link followed in the reader, on the kept index.
    let index = ClosestIndex::new(&library);
    group.bench_function("dangling/100000", |b| {
        b.iter(|| index.closest(dangling, 10));
    });
    group.bench_function("huge/100000", |b| b.iter(|| index.closest(&huge, 10)));
    // The command line's whole job: cut and search once.
    group.bench_function("once/100000", |b| {
        b.iter(|| closest(&library, dangling, 10));
    });
    group.finish();
}

/// An app showing one article of about 1 MB, scrolled to its middle, on a 200x60 screen.
fn app_with_1mb_article() -> App {
    let titles = corpus::titles(1);
    let mut text = corpus::article(&titles, 0);
    let body = text.split_off(text.find("\n\n").expect("title line") + 2);
    while text.len() < 1024 * 1024 {
        text.push_str(&body);
    }
    let article = parse(text.as_bytes()).expect("parses").article;
    let library = Library::from_articles(vec![("big.txt".to_owned(), article)]);
    let mut app = App::new(library, Config::default(), true, Rect::new(0, 0, 200, 60));
    app.update(Action::FocusNext);
    for _ in 0..app.max_scroll().0 / 2 {
        app.update(Action::Down);
    }
    app
}

fn render(c: &mut Criterion) {
    let mut app = app_with_1mb_article();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    let mut group = c.benchmark_group("render");
    group.bench_function("reader_1mb", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| frame.render_widget(&app, frame.area()))
                .expect("draws");
        });
    });
    let mut down = true;
    group.bench_function("scroll_1mb", |b| {
        b.iter(|| {
            // Alternate directions so the position stays in the middle.
            app.update(if down { Action::Down } else { Action::Up });
            down = !down;
            terminal
                .draw(|frame| frame.render_widget(&app, frame.area()))
                .expect("draws");
        });
    });
    group.finish();
}

/// A reading-state database with `articles` rows, in a temporary folder.
fn state_with(articles: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.db");
    let (store, warning) = Store::open(&path);
    assert_eq!(warning, None);
    for n in 0..articles {
        let marks = Remembered {
            read: true,
            starred: n % 7 == 0,
            scroll: n % 300,
            lines: 300,
        };
        store.record(
            format!("section-{}/article-{n}.txt", n % 50),
            "A title",
            marks,
        );
    }
    assert_eq!(store.flush(), None);
    (dir, path)
}

fn state(c: &mut Criterion) {
    let (_dir, path) = state_with(100_000);
    let mut group = c.benchmark_group("state");
    group.sample_size(20);
    group.bench_function("load/100000", |b| {
        b.iter(|| {
            let (store, _) = Store::open(&path);
            assert_eq!(store.snapshot().len(), 100_000);
        });
    });
    let (store, _) = Store::open(&path);
    let mut round = 0;
    group.bench_function("save", |b| {
        b.iter(|| {
            round += 1;
            for n in 0..100 {
                let marks = Remembered {
                    read: true,
                    scroll: round % 300,
                    lines: 300,
                    ..Remembered::default()
                };
                store.record(
                    format!("section-{}/article-{n}.txt", n % 50),
                    "A title",
                    marks,
                );
            }
            assert_eq!(store.flush(), None);
        });
    });
    group.finish();
}

/// The whole link graph of a loaded 100k library as JSON (what `graph --json` adds to the
/// load), written to a sink so that only producing it is timed.
fn graph(c: &mut Criterion) {
    let library = Library::load(&library_on_disk(100_000), LoadOptions::default()).expect("loads");
    let mut group = c.benchmark_group("graph");
    group.sample_size(10);
    group.bench_function("json/100000", |b| {
        b.iter(|| readmore::cli::graph::graph(&library, Format::Json, &mut std::io::sink()));
    });
    group.finish();
}

criterion_group!(
    benches,
    render,
    search,
    fulltext,
    closest_titles,
    load,
    state,
    graph
);
criterion_main!(benches);
