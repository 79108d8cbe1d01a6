//! `cargo bench`: loading, title search and drawing at library scale. Results and the
//! reference measurements they are compared with are in BENCHMARKS.md.
//!
//! - `load/100000`: load, index and resolve a generated 100k-article library from disk.
//! - `load/cached/100000`: the same with the metadata cache warm, as a second start loads it:
//!   walk and stat the folder, read the cache, index and resolve, no article read.
//! - `search/keystroke/N`: the median time of one keystroke while typing `korea defence`
//!   char by char over N of the generator's titles (each keystroke refining the previous
//!   result, and answering what the reader's list asks: every match counted, the best 200
//!   ranked); `search/keystroke_long/N` the same over its long, headline-like titles.
//! - `search/type_query/N`, `search/type_query_long/N`: typing that whole query, char by char.
//! - `search/keystroke_nucleo/1000000`, `search/type_query_nucleo_long/1000000` and the like:
//!   the same typing into the `nucleo` crate over the same titles, for comparison.
//! - `fulltext/keystroke/100000`: the median time of one keystroke while typing `korea defence`
//!   char by char as a full-text query (the last word a prefix) over the index of the 100k
//!   library: the best 50 articles with their snippets. The index is built once, in
//!   target/bench-data/cache, and reused as a warm start reuses it.
//! - `fulltext/open_warm/100000`: opening that index again with nothing changed: hashing every
//!   article's text and comparing it with the index (what a second start costs).
//! - `fulltext/update_one/100000`: re-indexing one changed article and committing, until a
//!   search finds its new text (what live reload adds for the index).
//! - `fulltext/reload_one/100000`: a file rewritten with a new word until a search finds it,
//!   as the workers do it after the watcher's quiet time: the library reloaded, its title
//!   searcher rebuilt, the index updated, the word searched.
//! - `fulltext/similar/100000`: the five stories most similar to one article (the Related
//!   pane's third section), over 97 articles spread through the library.
//! - `closest/dangling/100000`, `closest/huge/100000`: the closest titles to the seed's
//!   dangling link, and to a 60,000-character name, among 100k titles.
//! - `render/reader_1mb`, `render/scroll_1mb`: one 200x60 frame of a 1 MB article scrolled to
//!   its middle; one line of scroll and the redraw.
//! - `render/open_1mb`: opening that article from a short one (the App lays out its first
//!   screens and hands the rest to its wrap worker) and drawing the first frame.
//! - `render/resize_1mb`: the terminal 40 columns narrower or wider while the article is
//!   shown in its middle: the new layout (first screens now, the rest on the worker) and
//!   the redraw. The workers' answers are applied between iterations, untimed, as the
//!   event loop applies them between frames.
//!
//! - `state/load/100000`: open a reading-state database of 100k articles and read them all
//!   (what starting costs).
//! - `state/save`: a batch of 100 changed articles written in one transaction (the time the
//!   writer thread takes; the reader's own thread only queues the changes).
//! - `state/export_json_file/1000000`: `state export FILE.json` of a million articles (the
//!   database read, the JSON written through a buffer, the atomic rename).
//! - `graph/json/100000`: the link graph of a loaded 100k library as JSON (`graph --json`
//!   without the load).
//!
//! `READMORE_BENCH_TITLES=FILE` makes the search benchmarks use only the titles in FILE (one
//! a line) instead of generated ones, under ids of their own: `search/keystroke_file/N`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use nucleo::Nucleo;
use nucleo::pattern::{CaseMatching, Normalization};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use readmore::app::config::Config;
use readmore::app::{Answer, App, Command, Event, Motion, Msg};
use readmore::cli::graph::Format;
use readmore::domain::article::parse;
use readmore::domain::fulltext::{FullText, parse_query};
use readmore::domain::library::{Change, Library, LoadOptions};
use readmore::domain::search::{ClosestIndex, TitleSearch, closest};
use readmore::domain::store::{Edit, Remembered, Store};
use readmore::domain::worker::Workers;
use readmore_corpus::{self as corpus, TitleStyle};

const QUERY: &str = "korea defence";
/// The rows the reader's list ranks on each keystroke (a screenful and more); the rest are
/// counted.
const LIST_ROWS: usize = 200;

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

/// The title sets the search benchmarks run on, each as (id suffix, titles): the generator's
/// titles at 100k and 1M (`keystroke/N`), its headline-like long titles (`keystroke_long/N`),
/// or, with `READMORE_BENCH_TITLES=FILE`, only the titles in FILE (`keystroke_file/N`).
fn title_sets() -> Vec<(&'static str, Vec<String>)> {
    match std::env::var_os("READMORE_BENCH_TITLES") {
        Some(file) => vec![(
            "_file",
            std::fs::read_to_string(file)
                .expect("read READMORE_BENCH_TITLES")
                .lines()
                .map(str::to_owned)
                .collect(),
        )],
        None => vec![
            ("", corpus::titles(100_000)),
            ("", corpus::titles(1_000_000)),
            ("_long", corpus::titles_of(TitleStyle::Long, 100_000)),
            ("_long", corpus::titles_of(TitleStyle::Long, 1_000_000)),
        ],
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
        Library::load_refreshing_cache(&dir, LoadOptions::default(), Some(cache.path()), &progress)
            .expect("loads")
    };
    // The first start fills the cache; the timed ones are second starts.
    cached();
    group.bench_function("cached/100000", |b| b.iter(cached));
    group.finish();
}

/// A title searcher being typed into.
trait Typist {
    /// Forgets the query typed so far.
    fn clear(&mut self);
    /// One keystroke: `query` is now typed; ranks every matching title.
    fn key(&mut self, query: &str);
}

struct Readmore {
    titles: TitleSearch,
    search: TitleSearch,
}

impl Typist for Readmore {
    fn clear(&mut self) {
        self.search = self.titles.share();
    }

    /// What the reader's list asks for: every match counted, the first screenfuls ranked.
    fn key(&mut self, query: &str) {
        std::hint::black_box(self.search.rank_unless(query, LIST_ROWS, &|| false));
    }
}

/// The `nucleo` crate (matcher, threads and incremental ranking in one), over the titles as
/// readmore's searcher gets them, typed into as readmore would: `append` while a query grows,
/// and waiting for the ranking (nucleo sorts every match), of which the list takes the first
/// rows.
struct NucleoTypist(Nucleo<u32>);

impl NucleoTypist {
    fn new(titles: &[String]) -> Self {
        let nucleo = Nucleo::new(nucleo::Config::DEFAULT, Arc::new(|| {}), None, 1);
        let injector = nucleo.injector();
        for (index, title) in titles.iter().enumerate() {
            injector.push(index as u32, |_, columns| {
                columns[0] = title.as_str().into();
            });
        }
        let mut typist = Self(nucleo);
        typist.clear();
        typist
    }

    fn rank(&mut self, query: &str, append: bool) {
        let nucleo = &mut self.0;
        nucleo
            .pattern
            .reparse(0, query, CaseMatching::Ignore, Normalization::Smart, append);
        while nucleo.tick(10).running {}
        let snapshot = nucleo.snapshot();
        let rows = snapshot.matched_item_count().min(LIST_ROWS as u32);
        let ids: Vec<u32> = (snapshot.matched_items(..rows))
            .map(|item| *item.data)
            .collect();
        std::hint::black_box(ids);
    }
}

impl Typist for NucleoTypist {
    fn clear(&mut self) {
        self.rank("", false);
    }

    fn key(&mut self, query: &str) {
        self.rank(query, true);
    }
}

/// Types `QUERY` char by char from a fresh state; returns each keystroke's time.
fn type_query(typist: &mut dyn Typist) -> Vec<Duration> {
    typist.clear();
    (1..=QUERY.len())
        .map(|end| {
            let started = Instant::now();
            typist.key(&QUERY[..end]);
            started.elapsed()
        })
        .collect()
}

/// Benchmarks `keystroke{kind}/{count}` (the median keystroke of typing `QUERY`) and
/// `type_query{kind}/{count}` (the whole query).
fn typing_benches(
    group: &mut BenchmarkGroup<'_, WallTime>,
    kind: &str,
    count: usize,
    typist: &mut dyn Typist,
) {
    group.bench_function(format!("keystroke{kind}/{count}"), |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let mut times = type_query(typist);
                    times.sort_unstable();
                    times[times.len() / 2]
                })
                .sum()
        });
    });
    group.bench_function(format!("type_query{kind}/{count}"), |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| type_query(typist).into_iter().sum::<Duration>())
                .sum()
        });
    });
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    for (kind, titles) in title_sets() {
        let count = titles.len();
        group.sample_size(if count > 100_000 { 10 } else { 20 });
        let search = TitleSearch::new(titles.iter().map(String::as_str));
        let mut readmore = Readmore {
            search: search.share(),
            titles: search,
        };
        typing_benches(&mut group, kind, count, &mut readmore);
        if count == 1_000_000 {
            drop(readmore);
            let mut nucleo = NucleoTypist::new(&titles);
            typing_benches(&mut group, &format!("_nucleo{kind}"), count, &mut nucleo);
        }
    }
    group.finish();
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
                    .get(readmore::domain::library::ArticleId::new(library.len() / 2))
                    .path()
                    .to_owned(),
            ],
            ..Change::default()
        };
        b.iter(|| index.update(&library, &change).expect("updates"));
    });
    group.bench_function("reload_one/100000", |b| {
        let id = readmore::domain::library::ArticleId::new(library.len() / 3);
        let path = dir.join(library.get(id).path());
        let original = std::fs::read(&path).expect("the article");
        let mut round = 0u64;
        b.iter(|| {
            round += 1;
            let word = format!("zebrafinch{round}");
            std::fs::write(&path, format!("Changed story\n{word} on the quay.\n")).expect("write");
            let (reloaded, change) = library
                .reloaded(std::slice::from_ref(&path), LoadOptions::default())
                .expect("a reload");
            std::hint::black_box(TitleSearch::for_library(&reloaded));
            index.update(&reloaded, &change).expect("updates");
            let hits = index.search_top(&reloaded, &parse_query(&word), 1);
            assert_eq!(hits.len(), 1, "the new text is found");
        });
        std::fs::write(&path, original).expect("put the article back");
        // The index follows the file back, for the next run's warm open.
        let (reloaded, change) = library
            .reloaded(std::slice::from_ref(&path), LoadOptions::default())
            .expect("a reload");
        index.update(&reloaded, &change).expect("updates");
    });
    group.sample_size(50);
    group.bench_function("similar/100000", |b| {
        let step = library.len() / 97;
        let mut n = 0;
        b.iter(|| {
            n = (n + 1) % 97;
            let id = readmore::domain::library::ArticleId::new(n * step);
            index.similar(&library, id, readmore::domain::worker::SIMILAR_STORIES)
        });
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

/// An article of about 1 MB: the generator's paragraphs over and over.
fn article_1mb() -> readmore::domain::article::Article {
    let titles = corpus::titles(1);
    let mut text = corpus::article(&titles, 0);
    let body = text.split_off(text.find("\n\n").expect("title line") + 2);
    while text.len() < 1024 * 1024 {
        text.push_str(&body);
    }
    parse(text.as_bytes()).expect("parses").article
}

/// An app showing one article of about 1 MB, scrolled to its middle, on a 200x60 screen.
fn app_with_1mb_article() -> App {
    let library = Library::from_articles(vec![("big.txt".to_owned(), article_1mb())]);
    let mut served = Served::new(App::new(
        library,
        Config::default(),
        true,
        Rect::new(0, 0, 200, 60),
    ));
    served.update(Command::FocusNext);
    // The whole layout, to scroll through.
    loop {
        let answer = (served.answers.recv_timeout(Duration::from_secs(60))).expect("answers");
        let laid_out = matches!(answer, Answer::Wrapped { .. });
        served.update(answer);
        if laid_out {
            break;
        }
    }
    for _ in 0..served.app.max_scroll().0 / 2 {
        served.update(Motion::Down);
    }
    served.app
}

/// An app with its worker threads, as in the terminal: its jobs go to the workers, whose
/// answers come back through a channel.
struct Served {
    app: App,
    workers: Workers,
    answers: mpsc::Receiver<Answer>,
}

impl Served {
    fn new(app: App) -> Self {
        let (sender, answers) = mpsc::channel();
        let workers = Workers::with_cache(
            move |action| {
                let _ = sender.send(action);
            },
            None,
        );
        Self {
            app,
            workers,
            answers,
        }
    }

    /// Applies `msg`, handing its jobs to the workers.
    fn update(&mut self, msg: impl Into<Msg>) {
        for job in self.app.update(msg).jobs {
            self.workers.submit(job);
        }
    }

    /// Applies the workers' answers as the event loop does between frames, waiting up to
    /// `patience` for the first.
    fn apply_answers(&mut self, patience: Duration) {
        if let Ok(action) = self.answers.recv_timeout(patience) {
            self.update(action);
        }
        while let Ok(action) = self.answers.try_recv() {
            self.update(action);
        }
    }
}

/// An app on a 200x60 screen over a short article (`a.txt`, shown first) and one of about
/// 1 MB (`b.txt`), with its worker threads: as in the terminal, the reader lays a huge
/// article out in full on a worker.
fn app_with_workers() -> Served {
    let titles = corpus::titles(1);
    let short = parse(corpus::article(&titles, 0).as_bytes())
        .expect("parses")
        .article;
    let library = Library::from_articles(vec![
        ("a.txt".to_owned(), short),
        ("b.txt".to_owned(), article_1mb()),
    ]);
    Served::new(App::new(
        library,
        Config::default(),
        true,
        Rect::new(0, 0, 200, 60),
    ))
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
            app.update(if down { Motion::Down } else { Motion::Up });
            down = !down;
            terminal
                .draw(|frame| frame.render_widget(&app, frame.area()))
                .expect("draws");
        });
    });
    // Opening the 1 MB article from the short one (the real open path, which shows its first
    // screens at once and lays out the rest on a worker) and drawing the first frame.
    let mut served = app_with_workers();
    group.bench_function("open_1mb", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                served.update(Command::PrevArticle);
                served.apply_answers(Duration::ZERO);
                let started = Instant::now();
                served.update(Command::NextArticle);
                terminal
                    .draw(|frame| frame.render_widget(&served.app, frame.area()))
                    .expect("draws");
                total += started.elapsed();
                assert_eq!(served.app.current().map(|id| id.index()), Some(1));
            }
            total
        });
    });
    // The terminal narrowed or widened by 40 columns while the whole article is shown in
    // its middle: the new layout and the redraw.
    served.apply_answers(Duration::from_secs(10));
    served.update(Command::FocusNext);
    for _ in 0..served.app.max_scroll().0 / 2 {
        served.update(Motion::Down);
    }
    let mut narrow = true;
    // Each iteration waits for the whole layout, which takes longer than the timed part.
    group.sample_size(10);
    group.bench_function("resize_1mb", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let width = if narrow { 160 } else { 200 };
                narrow = !narrow;
                let started = Instant::now();
                served.update(Event::Resize { width, height: 60 });
                terminal
                    .resize(Rect::new(0, 0, width, 60))
                    .expect("resizes");
                terminal
                    .draw(|frame| frame.render_widget(&served.app, frame.area()))
                    .expect("draws");
                total += started.elapsed();
                served.apply_answers(Duration::from_secs(10));
            }
            total
        });
    });
    group.finish();
}

/// The library the benchmarks' reading state belongs to.
const LIBRARY: &[u8] = b"/news";

/// A reading-state database with `articles` rows, in a temporary folder.
fn state_with(articles: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("state.db");
    let (store, warning) = Store::open(&path, LIBRARY);
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
            Edit::whole(marks),
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
            let (store, _) = Store::open(&path, LIBRARY);
            assert_eq!(store.snapshot().len(), 100_000);
        });
    });
    let (store, _) = Store::open(&path, LIBRARY);
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
                    Edit::whole(marks),
                );
            }
            assert_eq!(store.flush(), None);
        });
    });
    group.finish();
}

fn state_export(c: &mut Criterion) {
    let (dir, path) = state_with(1_000_000);
    let mut group = c.benchmark_group("state");
    group.sample_size(10);
    let file = dir.path().join("export.json");
    group.bench_function("export_json_file/1000000", |b| {
        b.iter(|| {
            let exported = readmore::domain::store::export_to_file(&path, LIBRARY, &file, None)
                .expect("an export");
            assert_eq!(exported.articles, 1_000_000);
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

/// A 1 MB news page: the newspaper fixture with a 600-paragraph story, 3,500 comments and a
/// 400 kB inline script, the shape of a real article page with its comments loaded.
fn page_1mb() -> String {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages/newspaper.html"),
    )
    .expect("fixture");
    let story: String = (0..600)
        .map(|i| format!("<p>Paragraph {i} of the long report tells how the council and the engineers argued over the cables, the budget and the ferry, and what each of the {i} witnesses said.</p>\n"))
        .collect();
    let comments: String = (0..3_500)
        .map(|i| format!("<div class=\"comment\"><p class=\"comment-author\">user{i}</p><p>Comment number {i}: I have opinions about this bridge and its cables.</p></div>\n"))
        .collect();
    let script = format!("<script>var blob = \"{}\";</script>", "x".repeat(400_000));
    page.replace(
        "<p>Buses will return",
        &format!("{story}<p>Buses will return"),
    )
    .replace(
        "<h3>Comments (42)</h3>",
        &format!("<h3>Comments (42)</h3>{comments}"),
    )
    .replace("</head>", &format!("{script}</head>"))
}

fn extract(c: &mut Criterion) {
    let page = page_1mb();
    let url = url::Url::parse("https://site.example/news/story").expect("url");
    let mut group = c.benchmark_group("extract");
    group.bench_function("page_1mb", |b| {
        b.iter(|| readmore::domain::feeds::extract::extract(&page, &url).expect("an article"));
    });
    group.finish();
}

criterion_group!(
    benches,
    extract,
    render,
    search,
    fulltext,
    closest_titles,
    load,
    state,
    state_export,
    graph
);
criterion_main!(benches);
