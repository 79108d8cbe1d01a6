//! Feeds in the reader: a server on 127.0.0.1 started by the test, never another address.

use std::sync::{Arc, Mutex, PoisonError};

use crate::common::wait_until;
use crate::fixtures::{library_of, shell_script};
use crate::pty::{Spawn, Tui, reader_lines, status_line};

/// A feed server on 127.0.0.1. Paths starting with `/held` wait until [`FeedServer::open`]
/// (dropping the gate), so a test can look at the reader mid-fetch; unknown paths are 404s.
struct FeedServer {
    port: u16,
    gate: Option<std::sync::mpsc::Sender<()>>,
}

impl FeedServer {
    fn start(feeds: &[(&str, String)]) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let feeds: Vec<(String, String)> = (feeds.iter())
            .map(|(path, body)| ((*path).to_owned(), body.clone()))
            .collect();
        let (gate, opened) = std::sync::mpsc::channel::<()>();
        let opened = Arc::new(Mutex::new(opened));
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let (feeds, opened) = (feeds.clone(), Arc::clone(&opened));
                // A thread per request: a held answer must not hold up the others.
                std::thread::spawn(move || {
                    if request.url().starts_with("/held") {
                        let _ = opened.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    }
                    let found = feeds.iter().find(|(path, _)| path == request.url());
                    let response = match found {
                        Some((_, body)) => tiny_http::Response::from_string(body.clone()),
                        None => {
                            tiny_http::Response::from_string("no such feed").with_status_code(404)
                        }
                    };
                    let _ = request.respond(response);
                });
            }
        });
        Self {
            port,
            gate: Some(gate),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn open(&mut self) {
        self.gate = None;
    }
}

/// An RSS 2.0 feed called `title` with one item per title, a day apart.
fn rss(title: &str, items: &[&str]) -> String {
    let items: String = (items.iter().enumerate())
        .map(|(day, item)| {
            let slug = item.to_lowercase().replace(' ', "-");
            format!(
                "<item><title>{item}</title><link>https://news.example/{slug}</link>\
                 <guid>{slug}</guid><pubDate>Tue, {:02} Jan 2024 03:04:05 GMT</pubDate>\
                 <description>&lt;p&gt;The story of {item}.&lt;/p&gt;</description></item>",
                day + 2
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://news.example/</link>{items}</channel></rss>"
    )
}

/// A library of one article, subscribed to `feeds` (url, folder).
fn subscribed_library(feeds: &[(String, &str)]) -> tempfile::TempDir {
    let library = tempfile::tempdir().expect("temp dir");
    std::fs::write(library.path().join("welcome.txt"), "Welcome\n\nRead on.\n").unwrap();
    std::fs::create_dir(library.path().join(".readmore")).unwrap();
    let toml: String = (feeds.iter())
        .map(|(url, folder)| format!("[[feed]]\nurl = {url:?}\nfolder = {folder:?}\n\n"))
        .collect();
    std::fs::write(library.path().join(".readmore/feeds.toml"), toml).unwrap();
    library
}

#[test]
fn r_fetches_in_the_background_while_typing_goes_on_and_new_stories_arrive_live() {
    let mut server = FeedServer::start(&[(
        "/held/world.xml",
        rss("World", &["Harbour Opens", "Bridge Closes"]),
    )]);
    let library = subscribed_library(&[(server.url("/held/world.xml"), "World")]);
    let mut tui = Tui::ready(Spawn::library(library.path()), "Welcome");
    tui.press_for_status("R", "fetching");
    // The server holds its answer; the reader answers keys meanwhile.
    tui.send("t");
    tui.send("Wel");
    tui.wait_for("the title search answering", |screen| {
        status_line(screen).starts_with("/Wel") && status_line(screen).contains("1 match")
    });
    tui.send_esc_and_wait("the search closed", |screen| {
        status_line(screen).contains("fetching")
    });
    tui.send("R");
    tui.wait_for_text("already fetching");
    server.open();
    tui.wait_for("the fetch's end", |screen| {
        status_line(screen).contains("fetched 1 feed · 2 new")
    });
    tui.wait_for_all(
        "the new stories, by live reload",
        &["Harbour Opens", "Bridge Closes"],
    );
    tui.quit();
}

#[test]
fn the_status_line_counts_feeds_and_new_stories_and_the_help_lists_failures() {
    let mut server = FeedServer::start(&[
        ("/a.xml", rss("Alpha", &["Alpha One", "Alpha Two"])),
        ("/held/c.xml", rss("Gamma", &["Gamma One"])),
    ]);
    let library = subscribed_library(&[
        (server.url("/a.xml"), "Alpha"),
        (server.url("/missing.xml"), "Beta"),
        (server.url("/held/c.xml"), "Gamma"),
    ]);
    let mut tui = Tui::ready(Spawn::library(library.path()), "Welcome");
    tui.press_for_status("R", "fetching 2/3 · 2 new");
    server.open();
    tui.wait_for("the fetch's end", |screen| {
        status_line(screen).contains("fetched 3 feeds · 3 new · 1 failed")
    });
    tui.send("?");
    tui.send("G");
    tui.wait_for_all(
        "the failed feed at the end of the help",
        &[
            "Last fetch: 3 feeds · 3 new · 1 failed",
            "missing.xml: failed:",
        ],
    );
    tui.send_esc_and_wait("the help closed", |screen| {
        !screen.contents().contains("Last fetch")
    });
    tui.quit();
}

#[test]
fn a_fetched_story_shows_its_date_and_source_and_w_opens_it_in_the_browser() {
    let library = library_of(&[(
        "World/2024-01-02-harbour-opens.txt",
        b"Harbour Opens\nSource: https://news.example/harbour?a=1&b=2\n\
          Published: 2024-01-02T03:04:05Z\nFeed: World News https://news.example/feed.xml\n\n\
          The harbour opened.\n",
    )]);
    let out = library.path().join("browser-args");
    let script = library.path().join("browser");
    shell_script(
        &script,
        &format!(
            "printf '%s\\n' \"$#\" \"$@\" > '{0}.part'\nmv '{0}.part' '{0}'\n",
            out.display()
        ),
    );
    let browser = script.display().to_string();
    let mut tui = Tui::spawn(Spawn {
        env: vec![("BROWSER", browser.as_str())],
        ..Spawn::library(library.path())
    });
    tui.wait_for("the date, feed and source under the title", |screen| {
        let lines = reader_lines(screen).unwrap_or_default();
        lines
            .iter()
            .any(|l| l == "2 Jan 2024, 03:04 UTC · World News")
            && lines
                .iter()
                .any(|l| l == "Source: https://news.example/harbour?a=1&b=2")
    });
    tui.wait_until_ready();
    tui.send("w");
    tui.wait_for_text("opening https://news.example/harbour?a=1&b=2");
    wait_until("the browser to run", || out.exists());
    let args = std::fs::read_to_string(&out).expect("the browser's record");
    assert_eq!(args, "1\nhttps://news.example/harbour?a=1&b=2\n");
    // The terminal stayed the reader's: it still answers keys.
    tui.wait_until_ready();
    tui.quit();
}

#[test]
fn w_without_a_browser_says_so() {
    let library = library_of(&[(
        "a.txt",
        b"Harbour Opens\nSource: https://news.example/harbour\n\nText.\n",
    )]);
    let mut tui = Tui::ready(
        Spawn {
            env: vec![("BROWSER", "")],
            ..Spawn::library(library.path())
        },
        "Harbour Opens",
    );
    tui.send("w");
    tui.wait_for_text("$BROWSER is not set: the source is https://news.example/harbour");
    tui.quit();
}
