//! Fetching feeds from the reader: `R` hands the fetch to a worker and returns at once, the
//! status line counts it, the end says what happened and the help lists what failed; the
//! source key; `auto_fetch`'s clock. Feeds come from a server the test starts on 127.0.0.1.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use ratatui::layout::Rect;

use super::showing;
use crate::app::config::Config;
use crate::app::harness::TestApp as App;
use crate::app::{Answer, Command, Event, FetchProgress, Focus, Handoff, Motion};
use crate::domain::library::{Library, LoadOptions};

/// A feed server on 127.0.0.1: each path answers with its RSS, or 404. With a gate, every
/// answer waits until the test opens it, so the test can look at the reader mid-fetch.
struct FeedServer {
    port: u16,
    gate: Option<Sender<()>>,
}

impl FeedServer {
    fn start(feeds: &[(&str, String)], gated: bool) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let feeds: Vec<(String, String)> = (feeds.iter())
            .map(|(path, body)| ((*path).to_owned(), body.clone()))
            .collect();
        let (gate, opened) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            let mut open = !gated;
            for request in server.incoming_requests() {
                if !open {
                    // The test drops its sender to open the gate for good.
                    let _ = opened.recv();
                    open = true;
                }
                let found = feeds.iter().find(|(path, _)| path == request.url());
                let response = match found {
                    Some((_, body)) => tiny_http::Response::from_string(body.clone()),
                    None => tiny_http::Response::from_string("no such feed").with_status_code(404),
                };
                let _ = request.respond(response);
            }
        });
        Self {
            port,
            gate: gated.then_some(gate),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn open(&mut self) {
        self.gate = None;
    }
}

/// An RSS 2.0 feed called `title` with one item per (title, date).
fn rss(title: &str, items: &[(&str, &str)]) -> String {
    let items: String = (items.iter())
        .map(|(item, date)| {
            let slug = item.to_lowercase().replace(' ', "-");
            format!(
                "<item><title>{item}</title><link>https://news.example/{slug}</link>\
                 <guid>{slug}</guid><pubDate>{date}</pubDate>\
                 <description>&lt;p&gt;The story of {item}.&lt;/p&gt;</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://news.example/</link>{items}</channel></rss>"
    )
}

/// A library with one article and the given subscriptions (url, folder, title).
fn library_with_feeds(feeds: &[(String, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("welcome.txt"), "Welcome\nRead on.").unwrap();
    std::fs::create_dir(dir.path().join(".readmore")).unwrap();
    let toml: String = (feeds.iter())
        .map(|(url, folder, title)| {
            let [url, folder, title] =
                [url.as_str(), folder, title].map(|s| toml::Value::from(s).to_string());
            format!("[[feed]]\nurl = {url}\nfolder = {folder}\ntitle = {title}\n\n")
        })
        .collect();
    std::fs::write(dir.path().join(".readmore/feeds.toml"), toml).unwrap();
    dir
}

fn load(dir: &Path) -> Library {
    Library::load(dir, LoadOptions::default()).unwrap()
}

fn with_workers(library: Library, config: Config) -> (App, Receiver<Answer>) {
    let mut app = showing(library, config);
    let (sender, answers) = mpsc::channel();
    app.start_workers(move |action| {
        let _ = sender.send(action);
    });
    (app, answers)
}

/// Applies the workers' answers until the fetch is over.
fn settle_fetch(app: &mut App, answers: &Receiver<Answer>) {
    while app.fetch_progress().is_some() {
        let answer = answers
            .recv_timeout(Duration::from_secs(60))
            .expect("the fetch answers");
        app.update(answer);
    }
}

fn help_text(app: &App) -> String {
    let help = app.help_layout(Rect::new(0, 0, 120, 40), 0);
    (help.lines.iter())
        .map(|line| format!("{} {}", line.keys, line.text))
        .collect::<Vec<_>>()
        .join("\n")
}

fn stories_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn r_hands_the_fetch_to_a_worker_and_a_second_r_says_it_is_already_fetching() {
    let mut server = FeedServer::start(
        &[(
            "/world.xml",
            rss(
                "World",
                &[
                    ("Harbour Opens", "Tue, 02 Jan 2024 03:04:05 GMT"),
                    ("Bridge Closes", "Wed, 03 Jan 2024 03:04:05 GMT"),
                ],
            ),
        )],
        true,
    );
    let dir = library_with_feeds(&[(server.url("/world.xml"), "World", "World News")]);
    let (mut app, answers) = with_workers(load(dir.path()), Config::default());
    app.update(Command::FetchFeeds);
    // The server holds its answer: update came back without it.
    assert_eq!(app.fetch_progress(), Some(FetchProgress::Started));
    app.press(&[Motion::Down.into(), Command::FetchFeeds]);
    assert_eq!(app.message.as_deref(), Some("already fetching"));
    server.open();
    settle_fetch(&mut app, &answers);
    assert_eq!(
        app.message.as_deref(),
        Some("fetched 1 feed · 2 new"),
        "the end says what came"
    );
    let written = stories_in(&dir.path().join("World"));
    assert_eq!(written.len(), 2);
    // The watcher's reload of what the fetch wrote leaves its end on the status line.
    let paths = (written.iter()).map(|name| dir.path().join("World").join(name));
    app.update(Event::FilesChanged(paths.collect()));
    while app.library.len() < 3 {
        let answer = answers.recv_timeout(Duration::from_secs(60)).unwrap();
        app.update(answer);
    }
    assert_eq!(app.message.as_deref(), Some("fetched 1 feed · 2 new"));
    app.update(Motion::Down);
    let welcome = dir.path().join("welcome.txt");
    std::fs::write(&welcome, "Welcome Back\nRead on.").unwrap();
    app.update(Event::FilesChanged(vec![welcome]));
    while app.message.is_none() {
        let answer = answers.recv_timeout(Duration::from_secs(60)).unwrap();
        app.update(answer);
    }
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .starts_with("library changed"),
        "once the user moved on, a reload says what it did: {:?}",
        app.message
    );
}

#[test]
fn progress_counts_feeds_and_new_stories_until_the_end() {
    let mut server = FeedServer::start(&[], true);
    let dir = library_with_feeds(&[(server.url("/a.xml"), "A", "A")]);
    let (mut app, answers) = with_workers(load(dir.path()), Config::default());
    app.update(Command::FetchFeeds);
    app.update(Answer::FetchProgress {
        done: 12,
        total: 40,
        new: 7,
    });
    assert_eq!(
        app.fetch_progress(),
        Some(FetchProgress::Counting {
            done: 12,
            total: 40,
            new: 7
        })
    );
    app.update(Command::FetchFeeds);
    assert_eq!(
        app.message.as_deref(),
        Some("already fetching: 12/40 feeds")
    );
    server.open();
    settle_fetch(&mut app, &answers);
    assert_eq!(app.fetch_progress(), None);
}

#[test]
fn failed_feeds_are_counted_and_listed_in_the_help_sanitised() {
    let server = FeedServer::start(
        &[(
            "/ok.xml",
            rss("Fine", &[("Calm Day", "Tue, 02 Jan 2024 03:04:05 GMT")]),
        )],
        false,
    );
    let dir = library_with_feeds(&[
        (server.url("/ok.xml"), "Fine", "Fine"),
        (
            server.url("/gone.xml"),
            "Gone",
            "Evil \u{1b}[31mRed\u{7} Feed",
        ),
    ]);
    let (mut app, answers) = with_workers(load(dir.path()), Config::default());
    assert!(!help_text(&app).contains("Last fetch"), "no fetch yet");
    app.update(Command::FetchFeeds);
    settle_fetch(&mut app, &answers);
    assert_eq!(
        app.message.as_deref(),
        Some("fetched 2 feeds · 1 new · 1 failed: the help lists them")
    );
    app.update(Command::Help);
    let help = help_text(&app);
    assert!(
        help.contains("Last fetch: 2 feeds · 1 new · 1 failed"),
        "{help}"
    );
    let line = (help.lines())
        .find(|line| line.contains("Red Feed: failed:"))
        .unwrap_or_else(|| panic!("the failed feed is listed: {help}"));
    assert!(line.contains("404"), "with its reason: {line}");
    assert!(
        !help.chars().any(|c| c.is_control() && c != '\n'),
        "no control character reaches the help: {help:?}"
    );
}

#[test]
fn another_fetch_holding_the_lock_is_reported_not_waited_for() {
    let server = FeedServer::start(&[], false);
    let dir = library_with_feeds(&[(server.url("/a.xml"), "A", "A")]);
    let _other =
        crate::domain::feeds::lock::FetchLock::acquire(dir.path(), Duration::ZERO).unwrap();
    let (mut app, answers) = with_workers(load(dir.path()), Config::default());
    app.update(Command::FetchFeeds);
    settle_fetch(&mut app, &answers);
    assert_eq!(
        app.message.as_deref(),
        Some("another fetch is running on this library: try again when it is done")
    );
}

#[test]
fn a_library_without_subscriptions_says_how_to_add_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "A\nText.").unwrap();
    let mut app = showing(load(dir.path()), Config::default());
    app.update(Command::FetchFeeds);
    assert_eq!(
        app.message.as_deref(),
        Some("no feeds to fetch: subscribe with readmore feeds add URL")
    );
}

#[test]
fn auto_fetch_starts_a_fetch_once_its_minutes_have_passed_and_not_before() {
    let server = FeedServer::start(&[], true);
    let dir = library_with_feeds(&[(server.url("/a.xml"), "A", "A")]);
    let mut config = Config::default();
    config.fetch.auto_fetch = 2;
    let (mut app, _answers) = with_workers(load(dir.path()), config);
    app.update(Event::Tick(Duration::from_secs(60)));
    app.update(Event::Tick(Duration::from_secs(59)));
    assert_eq!(app.fetch_progress(), None, "1:59 is not 2 minutes");
    app.update(Event::Tick(Duration::from_secs(1)));
    assert_eq!(app.fetch_progress(), Some(FetchProgress::Started));
    assert_eq!(app.message, None, "an automatic fetch starts quietly");
}

#[test]
fn auto_fetch_off_never_fetches() {
    let server = FeedServer::start(&[], true);
    let dir = library_with_feeds(&[(server.url("/a.xml"), "A", "A")]);
    assert_eq!(Config::default().fetch.auto_fetch, 0, "off by default");
    let (mut app, _answers) = with_workers(load(dir.path()), Config::default());
    app.update(Event::Tick(Duration::from_secs(24 * 60 * 60)));
    assert_eq!(app.fetch_progress(), None);
}

#[test]
fn an_automatic_fetch_with_nothing_new_keeps_quiet() {
    let server = FeedServer::start(&[("/a.xml", rss("A", &[]))], false);
    let dir = library_with_feeds(&[(server.url("/a.xml"), "A", "A")]);
    let mut config = Config::default();
    config.fetch.auto_fetch = 1;
    let (mut app, answers) = with_workers(load(dir.path()), config);
    app.update(Event::Tick(Duration::from_secs(60)));
    assert!(app.fetch_progress().is_some());
    settle_fetch(&mut app, &answers);
    assert_eq!(app.message, None);
    assert!(help_text(&app).contains("Last fetch: 1 feed · 0 new"));
}

/// A fetched story, an article whose Source: line is no web address, and a plain article.
fn fetched_and_plain() -> Library {
    Library::of_texts(&[
        (
            "a.txt",
            "Harbour Opens\nSource: https://news.example/harbour\n\
             Published: 2024-01-02T03:04:05Z\nFeed: World https://news.example/feed\nText.",
        ),
        ("b.txt", "Notes\nSource: not a web address\nText."),
        ("c.txt", "Plain\nText."),
    ])
}

#[test]
fn w_asks_for_the_source_page_in_the_browser() {
    let mut app = showing(fetched_and_plain(), Config::default());
    app.update(Command::OpenSource);
    assert_eq!(
        app.take_handoff(),
        Some(Handoff::Browser("https://news.example/harbour".to_owned()))
    );
    assert_eq!(
        app.message.as_deref(),
        Some("opening https://news.example/harbour")
    );
}

#[test]
fn w_on_a_story_without_a_web_source_says_so_and_opens_nothing() {
    let mut app = showing(fetched_and_plain(), Config::default());
    app.press(&[Motion::Bottom.into(), Command::OpenSource]);
    assert_eq!(app.take_handoff(), None);
    assert_eq!(
        app.message.as_deref(),
        Some("this story has no source page (no Source: line)")
    );
    app.update(Motion::Up);
    assert_eq!(app.focus, Focus::List);
    app.update(Command::OpenSource);
    assert_eq!(app.take_handoff(), None);
    assert_eq!(
        app.message.as_deref(),
        Some("not a web address, not opened: not a web address")
    );
}

#[test]
fn newest_first_orders_fetched_stories_by_publication_date() {
    // File names begin with the day, so path order would put Zebra after Apple; the times
    // within the day, which only the file's modification time carries, put Apple first.
    let server = FeedServer::start(
        &[(
            "/f.xml",
            rss(
                "F",
                &[
                    ("Mango", "Mon, 01 Jan 2024 12:00:00 GMT"),
                    ("Zebra", "Tue, 02 Jan 2024 09:00:00 GMT"),
                    ("Apple", "Tue, 02 Jan 2024 10:00:00 GMT"),
                ],
            ),
        )],
        false,
    );
    let dir = library_with_feeds(&[(server.url("/f.xml"), "F", "F")]);
    std::fs::remove_file(dir.path().join("welcome.txt")).unwrap();
    let (mut app, answers) = with_workers(load(dir.path()), Config::default());
    app.update(Command::FetchFeeds);
    settle_fetch(&mut app, &answers);
    let mut config = Config::default();
    config.sort = crate::app::config::SortOrder::Newest;
    let app = showing(load(dir.path()), config);
    let titles: Vec<&str> = (app.list.rows.iter())
        .filter_map(|row| match row {
            crate::app::ListEntry::Article(id) => Some(app.library.get(*id).title()),
            crate::app::ListEntry::Heading(_) => None,
        })
        .collect();
    assert_eq!(titles, ["Apple", "Zebra", "Mango"]);
}
