//! `readmore feeds` and `readmore fetch` against a real HTTP server on 127.0.0.1 that this
//! file starts: feeds of every format and charset, links between stories, conditional GET,
//! redirects, concurrent and repeated fetches, and servers that misbehave on purpose.
//!
//! Nothing here talks to any other address: the stories' own links (`harbour.example`…) are
//! never fetched, they only identify stories.

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

/// What the server answers on one path.
#[derive(Clone)]
enum Reply {
    /// Status, headers and a body.
    Fixed(u16, Vec<(String, String)>, Vec<u8>),
    /// 200 with this body, an ETag, and 304 when the client sends it back.
    Cached(Vec<u8>, String),
    /// A body that never ends.
    Endless,
    /// One byte a second, for ever.
    Slow,
    /// 200 with this many bytes of `a`.
    Huge(u64),
    /// This body after a pause, counting the requests in flight meanwhile.
    Delayed(Duration, Vec<u8>),
}

/// A request's path and headers (names lowercased).
type Logged = (String, Vec<(String, String)>);

/// A server on 127.0.0.1 and what it was asked.
struct Server {
    url: String,
    /// Requests being answered now, and the most there ever were.
    in_flight: Arc<Mutex<(usize, usize)>>,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    log: Arc<Mutex<Vec<Logged>>>,
}

impl Server {
    fn start() -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!(
            "http://{}",
            server.server_addr().to_ip().expect("ip address")
        );
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let log: Arc<Mutex<Vec<Logged>>> = Arc::default();
        let in_flight: Arc<Mutex<(usize, usize)>> = Arc::default();
        let (r, l, f) = (
            Arc::clone(&routes),
            Arc::clone(&log),
            Arc::clone(&in_flight),
        );
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let reply = r.lock().unwrap().get(request.url()).cloned();
                let headers: Vec<(String, String)> = (request.headers().iter())
                    .map(|h| {
                        (
                            h.field.to_string().to_ascii_lowercase(),
                            h.value.to_string(),
                        )
                    })
                    .collect();
                l.lock()
                    .unwrap()
                    .push((request.url().to_owned(), headers.clone()));
                let f = Arc::clone(&f);
                std::thread::spawn(move || respond(request, reply, &headers, &f));
            }
        });
        Self {
            url,
            in_flight,
            routes,
            log,
        }
    }

    fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_owned(), reply);
    }

    fn feed(&self, path: &str, fixture: &str) {
        self.route(path, Reply::Fixed(200, vec![xml()], fixture_bytes(fixture)));
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    fn requests_to(&self, path: &str) -> Vec<Vec<(String, String)>> {
        (self.log.lock().unwrap().iter())
            .filter(|(url, _)| url == path)
            .map(|(_, headers)| headers.clone())
            .collect()
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header")
}

fn xml() -> (String, String) {
    ("Content-Type".into(), "application/rss+xml".into())
}

fn respond(
    request: tiny_http::Request,
    reply: Option<Reply>,
    headers: &[(String, String)],
    in_flight: &Mutex<(usize, usize)>,
) {
    let sent = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let _ = match reply {
        None => {
            request.respond(tiny_http::Response::from_string("no such page").with_status_code(404))
        }
        Some(Reply::Fixed(status, extra, body)) => {
            let mut response = tiny_http::Response::from_data(body).with_status_code(status);
            for (name, value) in extra {
                response.add_header(header(&name, &value));
            }
            request.respond(response)
        }
        Some(Reply::Cached(body, etag)) => {
            if sent("if-none-match").as_deref() == Some(etag.as_str()) {
                request.respond(tiny_http::Response::empty(304))
            } else {
                let response = tiny_http::Response::from_data(body)
                    .with_header(header("ETag", &etag))
                    .with_header(header("Content-Type", "application/rss+xml"));
                request.respond(response)
            }
        }
        Some(Reply::Endless) => request.respond(tiny_http::Response::new(
            200.into(),
            vec![header("Content-Type", "application/rss+xml")],
            std::io::repeat(b'<'),
            None,
            None,
        )),
        Some(Reply::Slow) => request.respond(tiny_http::Response::new(
            200.into(),
            vec![header("Content-Type", "application/rss+xml")],
            SlowReader,
            None,
            None,
        )),
        Some(Reply::Delayed(pause, body)) => {
            {
                let mut count = in_flight.lock().unwrap();
                count.0 += 1;
                count.1 = count.1.max(count.0);
            }
            std::thread::sleep(pause);
            in_flight.lock().unwrap().0 -= 1;
            let response = tiny_http::Response::from_data(body)
                .with_header(header("Content-Type", "application/rss+xml"));
            request.respond(response)
        }
        Some(Reply::Huge(size)) => request.respond(tiny_http::Response::new(
            200.into(),
            vec![header("Content-Type", "application/rss+xml")],
            std::io::repeat(b'a').take(size),
            Some(size as usize),
            None,
        )),
    };
}

struct SlowReader;

impl Read for SlowReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        std::thread::sleep(Duration::from_millis(500));
        buf[0] = b' ';
        Ok(1)
    }
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name);
    fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// A library folder, a config beside it and a sandboxed home for the runs.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Self::with_config("")
    }

    /// A sandbox whose config.toml holds `extra` after `articles = "library"`.
    fn with_config(extra: &str) -> Self {
        let dir = TempDir::new().expect("temp dir");
        for sub in ["library", "home", "xdg"] {
            fs::create_dir(dir.path().join(sub)).expect("sandbox folder");
        }
        fs::write(
            dir.path().join("config.toml"),
            format!("articles = \"library\"\n{extra}\n"),
        )
        .expect("config");
        Self { dir }
    }

    fn library(&self) -> PathBuf {
        self.dir.path().join("library")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_readmore"));
        command
            .args(args)
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("XDG_CACHE_HOME", self.dir.path().join("xdg"))
            .env("XDG_STATE_HOME", self.dir.path().join("xdg"))
            // Loopback only, whatever proxy the machine running the tests has.
            .env_remove("http_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("https_proxy")
            .env_remove("HTTPS_PROXY")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run readmore")
    }

    fn add(&self, url: &str, folder: &str) {
        let out = self.run(&["feeds", "add", url, "--folder", folder]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    fn fetch_json(&self) -> (i32, Vec<Value>) {
        let out = self.run(&["fetch", "--json"]);
        let json: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|err| panic!("{err}: {}\n{}", stdout(&out), stderr(&out)));
        (
            out.status.code().unwrap_or(-1),
            json.as_array().expect("a list").clone(),
        )
    }

    /// Every `.txt` below the library, relative, sorted.
    fn articles(&self) -> Vec<String> {
        let mut found = Vec::new();
        for entry in walk(&self.library()) {
            let relative = entry.strip_prefix(self.library()).unwrap();
            let shown = relative.to_string_lossy().into_owned();
            if !shown.starts_with('.') && shown.ends_with(".txt") {
                found.push(shown);
            }
        }
        found.sort();
        found
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.library().join(relative)).expect("article")
    }

    fn show_json(&self, article: &str) -> Value {
        let out = self.run(&["show", article, "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("json")
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn by_url<'a>(reports: &'a [Value], url: &str) -> &'a Value {
    (reports.iter())
        .find(|r| r["url"] == url)
        .unwrap_or_else(|| panic!("no report for {url} in {reports:?}"))
}

#[test]
fn every_format_and_charset_becomes_articles_with_their_origin() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    let feeds = [
        ("/rss2.xml", "rss2.xml", "harbour"),
        ("/atom.xml", "atom.xml", "valley"),
        ("/rdf.xml", "rdf.xml", "rdf"),
        ("/rss091.xml", "rss091.xml", "old"),
        ("/feed.json", "feed.json", "json"),
        ("/feed11.json", "feed11.json", "json11"),
        ("/latin1.xml", "latin1.xml", "latin"),
        ("/cp1251.xml", "cp1251.xml", "ru"),
    ];
    for (path, fixture, folder) in feeds {
        server.feed(path, fixture);
        sandbox.add(&server.at(path), folder);
    }
    let (code, reports) = sandbox.fetch_json();
    assert_eq!(code, 0, "{reports:?}");
    for report in &reports {
        assert_eq!(report["status"], "ok", "{report}");
        assert!(report["error"].is_null(), "{report}");
    }
    let new = |path: &str| by_url(&reports, &server.at(path))["new"].as_u64().unwrap();
    // The duplicate guid is written once.
    assert_eq!(new("/rss2.xml"), 3);
    assert_eq!(new("/atom.xml"), 2);
    assert_eq!(new("/feed.json"), 2);
    assert_eq!(
        by_url(&reports, &server.at("/rss2.xml"))["title"],
        "Harbour & City Daily"
    );
    assert_eq!(
        by_url(&reports, &server.at("/atom.xml"))["title"],
        "Valley Times"
    );

    let articles = sandbox.articles();
    assert!(
        articles.contains(&"harbour/2024-03-05-bridge-reopens-after-repairs.txt".to_owned()),
        "{articles:?}"
    );
    let bridge = sandbox.show_json("Bridge reopens after repairs");
    assert_eq!(bridge["source"], "http://harbour.example/news/bridge");
    assert_eq!(bridge["published"], "2024-03-05T08:00:00Z");
    assert_eq!(bridge["feed"]["title"], "Harbour & City Daily");
    assert_eq!(bridge["feed"]["url"], server.at("/rss2.xml"));
    assert_eq!(
        bridge["paragraphs"],
        serde_json::json!([
            "The harbour bridge opened again on Monday.",
            "Traffic was light, as the ferry story predicted.",
            "The mayor cited the dam report.",
            "Tickets €2 & up."
        ])
    );
    // A link within the feed (relative) and one across feeds both became Read More lines.
    let targets: Vec<&str> = (bridge["links"].as_array().unwrap().iter())
        .map(|l| l["target"].as_str().expect("resolved"))
        .collect();
    assert_eq!(targets, ["Ferry “Selene” returns", "Dam report published"]);
    // The dam links back across feeds; its link to an unknown page stayed text.
    let dam = sandbox.show_json("Dam report published");
    assert_eq!(dam["links"][0]["target"], "Bridge reopens after repairs");
    assert_eq!(dam["links"].as_array().unwrap().len(), 1);
    assert_eq!(dam["source"], "http://valley.example/atom/dam");
    assert_eq!(dam["paragraphs"][3], "Height 40 m");
    let ferry = sandbox.show_json("Ferry “Selene” returns");
    assert_eq!(ferry["paragraphs"][1], "Mondays");
    assert_eq!(ferry["links"][0]["target"], "Bridge reopens after repairs");
    // No markup or script in any file; untitled items get their first sentence.
    for article in &articles {
        let text = sandbox.read(article);
        assert!(
            !text.contains('<') || text.contains("<b>repairs</b>"),
            "{article}: {text}"
        );
        assert!(
            !text.contains("evil") && !text.contains("&amp;"),
            "{article}: {text}"
        );
    }
    sandbox.show_json("Untitled note about the market.");
    sandbox.show_json("Text only story.");
    sandbox.show_json("Crème brûlée festival");
    sandbox.show_json("Привет мир");
    sandbox.show_json("RDF item one");
    sandbox.show_json("Old style item");
    let json11 = sandbox.show_json("JSON 1.1 story");
    assert_eq!(json11["source"], "http://json11.example/k1");
    assert_eq!(
        sandbox.show_json("Second entry")["paragraphs"][0],
        "Summary only. A chart"
    );
    // The files' times are their publication dates, so "newest first" sorts by them.
    let modified = fs::metadata(
        sandbox
            .library()
            .join("harbour/2024-03-05-bridge-reopens-after-repairs.txt"),
    )
    .unwrap()
    .modified()
    .unwrap();
    let expected = std::time::UNIX_EPOCH + Duration::from_secs(1_709_625_600);
    assert_eq!(modified, expected);
}

#[test]
fn a_second_fetch_is_conditional_and_writes_nothing_again() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    server.route(
        "/feed",
        Reply::Cached(fixture_bytes("rss2.xml"), "\"v1\"".into()),
    );
    sandbox.add(&server.at("/feed"), "harbour");
    let (code, first) = sandbox.fetch_json();
    assert_eq!((code, first[0]["new"].as_u64()), (0, Some(3)));
    let before = sandbox.articles();
    let (code, second) = sandbox.fetch_json();
    assert_eq!(code, 0);
    assert_eq!(second[0]["status"], "not-modified");
    assert_eq!(second[0]["new"], 0);
    let sent = server.requests_to("/feed");
    let last = sent.last().unwrap();
    assert!(
        last.iter()
            .any(|(n, v)| n == "if-none-match" && v == "\"v1\""),
        "{last:?}"
    );
    assert!(
        last.iter()
            .any(|(n, v)| n == "user-agent" && v.starts_with("readmore/"))
    );
    assert_eq!(sandbox.articles(), before);
    // Same feed without validators: parsed again, still no duplicate.
    server.feed("/feed", "rss2.xml");
    let (_, third) = sandbox.fetch_json();
    assert_eq!(
        (third[0]["status"].as_str(), third[0]["new"].as_u64()),
        (Some("ok"), Some(0))
    );
    assert_eq!(sandbox.articles(), before);
}

#[test]
fn deleted_moved_and_edited_files_are_never_written_again() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    server.feed("/feed", "rss2.xml");
    sandbox.add(&server.at("/feed"), "harbour");
    sandbox.fetch_json();
    let articles = sandbox.articles();
    let bridge = "harbour/2024-03-05-bridge-reopens-after-repairs.txt";
    let ferry = "harbour/2024-03-04-ferry-selene-returns.txt";
    assert!(articles.contains(&bridge.to_owned()) && articles.contains(&ferry.to_owned()));
    fs::remove_file(sandbox.library().join(ferry)).unwrap();
    let edited = sandbox.read(bridge).replace("light", "heavy (my note)");
    fs::write(sandbox.library().join(bridge), &edited).unwrap();
    // The item changes on the server: the edited file is kept and the update reported.
    let changed = String::from_utf8(fixture_bytes("rss2.xml"))
        .unwrap()
        .replace("opened again on Monday", "opened again on Monday morning");
    server.route(
        "/feed",
        Reply::Fixed(200, vec![xml()], changed.into_bytes()),
    );
    let (code, reports) = sandbox.fetch_json();
    assert_eq!(code, 0);
    assert_eq!(
        (reports[0]["new"].as_u64(), reports[0]["updated"].as_u64()),
        (Some(0), Some(0))
    );
    let note = reports[0]["error"]
        .as_str()
        .expect("a note about the kept file");
    assert!(note.contains("kept") && note.contains(bridge), "{note}");
    assert_eq!(sandbox.read(bridge), edited);
    assert!(
        !sandbox.library().join(ferry).exists(),
        "a deleted story came back"
    );
}

#[test]
fn a_changed_item_replaces_the_file_fetch_wrote() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    server.feed("/feed", "rss2.xml");
    sandbox.add(&server.at("/feed"), "harbour");
    sandbox.fetch_json();
    let changed = String::from_utf8(fixture_bytes("rss2.xml"))
        .unwrap()
        .replace("opened again on Monday", "opened again on Monday morning");
    server.route(
        "/feed",
        Reply::Fixed(200, vec![xml()], changed.into_bytes()),
    );
    let (_, reports) = sandbox.fetch_json();
    assert_eq!(reports[0]["updated"], 1, "{reports:?}");
    let text = sandbox.read("harbour/2024-03-05-bridge-reopens-after-repairs.txt");
    assert!(text.contains("Monday morning"), "{text}");
    assert_eq!(sandbox.articles().len(), 3);
}

#[test]
fn a_moved_library_fetched_again_makes_no_duplicates() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    server.feed("/feed", "rss2.xml");
    server.feed("/atom", "atom.xml");
    sandbox.add(&server.at("/feed"), "harbour");
    sandbox.add(&server.at("/atom"), "valley");
    sandbox.fetch_json();
    let before = sandbox.articles();
    let moved = Sandbox::new();
    fs::remove_dir(moved.library()).unwrap();
    fs::rename(sandbox.library(), moved.library()).unwrap();
    let (code, reports) = moved.fetch_json();
    assert_eq!(code, 0);
    assert!(reports.iter().all(|r| r["new"] == 0), "{reports:?}");
    assert_eq!(moved.articles(), before);
    // Even without the ledger, the stories' Source lines keep them from coming back.
    fs::remove_file(moved.library().join(".readmore/seen.json")).unwrap();
    let (_, reports) = moved.fetch_json();
    assert!(reports.iter().all(|r| r["new"] == 0), "{reports:?}");
    assert_eq!(moved.articles(), before);
}

#[test]
fn a_permanent_redirect_moves_the_subscription() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    server.route(
        "/old",
        Reply::Fixed(301, vec![("Location".into(), "/new".into())], Vec::new()),
    );
    server.feed("/new", "rdf.xml");
    sandbox.add(&server.at("/old"), "rdf");
    let (code, reports) = sandbox.fetch_json();
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(reports[0]["url"], server.at("/new"));
    let out = sandbox.run(&["feeds", "list", "--json"]);
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed[0]["url"], server.at("/new"));
    assert_eq!(listed[0]["articles"], 1);
    // A temporary redirect does not move it.
    server.route(
        "/new",
        Reply::Fixed(302, vec![("Location".into(), "/rdf".into())], Vec::new()),
    );
    server.feed("/rdf", "rdf.xml");
    let (_, reports) = sandbox.fetch_json();
    assert_eq!(reports[0]["url"], server.at("/new"));
    assert_eq!(reports[0]["new"], 0);
}

/// A gzip stream of `size` zero bytes.
fn gzip_zeros(size: usize) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size / chunk.len() {
        encoder.write_all(&chunk).unwrap();
    }
    encoder.finish().unwrap()
}

#[test]
fn hostile_servers_cost_only_their_own_feed() {
    let server = Server::start();
    let sandbox = Sandbox::with_config("[fetch]\ntimeout = 3\nmax_bytes = 4194304\n");
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"aaaaaaaaaaaaaaaaaaaa\">\n\
        <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n\
        <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n\
        <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n\
        <rss version=\"2.0\"><channel><title>Bomb &f;</title><link>http://bomb.example/</link>\
        <item><title>Laughs &f; &xxe;</title><link>http://bomb.example/1</link>\
        <description>&f;&xxe;</description></item></channel></rss>";
    let long_title = "A".repeat(100_000);
    let nasty = format!(
        "<rss version=\"2.0\"><channel><title>Nasty</title><link>http://nasty.example/</link>\
         <item><title>../../../etc/passwd</title><link>http://nasty.example/1</link><description>one</description></item>\
         <item><title>/etc/passwd</title><link>http://nasty.example/2</link><description>two</description></item>\
         <item><title>Esc&#x1b;[31mred&#x7;bell</title><link>http://nasty.example/3</link><description>t&#x1b;]0;title&#x7;x</description></item>\
         <item><title>{long_title}</title><link>http://nasty.example/4</link><description>long</description></item>\
         </channel></rss>"
    );
    let routes: Vec<(&str, Reply)> = vec![
        (
            "/good",
            Reply::Fixed(200, vec![xml()], fixture_bytes("rdf.xml")),
        ),
        (
            "/missing-404",
            Reply::Fixed(404, vec![], b"gone fishing".to_vec()),
        ),
        ("/broken-500", Reply::Fixed(500, vec![], b"oops".to_vec())),
        ("/endless", Reply::Endless),
        ("/slow", Reply::Slow),
        ("/huge", Reply::Huge(300 * 1024 * 1024)),
        (
            "/loop",
            Reply::Fixed(302, vec![("Location".into(), "/loop".into())], vec![]),
        ),
        (
            "/html",
            Reply::Fixed(
                200,
                vec![("Content-Type".into(), "text/html".into())],
                b"<html><body>Just a page</body></html>".to_vec(),
            ),
        ),
        (
            "/gzip-bomb",
            Reply::Fixed(
                200,
                vec![xml(), ("Content-Encoding".into(), "gzip".into())],
                gzip_zeros(64 << 20),
            ),
        ),
        (
            "/entities",
            Reply::Fixed(200, vec![xml()], bomb.as_bytes().to_vec()),
        ),
        ("/nasty", Reply::Fixed(200, vec![xml()], nasty.into_bytes())),
        ("/gone", Reply::Fixed(410, vec![], vec![])),
        (
            "/busy",
            Reply::Fixed(429, vec![("Retry-After".into(), "3600".into())], vec![]),
        ),
    ];
    // Added while nothing answers there (added with a warning), then the server turns hostile.
    for (path, reply) in routes {
        sandbox.add(&server.at(path), &path[1..]);
        server.route(path, reply);
    }
    let (code, reports) = sandbox.fetch_json();
    assert_eq!(code, 1);
    let error = |path: &str| {
        let report = by_url(&reports, &server.at(path));
        report["error"].as_str().unwrap_or_default().to_owned()
    };
    let status = |path: &str| by_url(&reports, &server.at(path))["status"].clone();
    assert_eq!(status("/good"), "ok");
    assert_eq!(by_url(&reports, &server.at("/good"))["new"], 1);
    assert!(
        error("/missing-404").contains("404"),
        "{}",
        error("/missing-404")
    );
    assert!(error("/broken-500").contains("500"));
    assert!(
        error("/endless").contains("size cap") || error("/endless").contains("timed out"),
        "{}",
        error("/endless")
    );
    assert!(error("/slow").contains("timed out"), "{}", error("/slow"));
    assert!(error("/huge").contains("size cap"), "{}", error("/huge"));
    assert!(error("/loop").contains("redirects"), "{}", error("/loop"));
    assert!(error("/html").contains("web page"), "{}", error("/html"));
    assert!(
        error("/gzip-bomb").contains("size cap"),
        "{}",
        error("/gzip-bomb")
    );
    assert!(error("/gone").contains("410"));
    assert!(error("/busy").contains("429"));
    for path in [
        "/missing-404",
        "/broken-500",
        "/endless",
        "/slow",
        "/huge",
        "/loop",
        "/html",
        "/gzip-bomb",
        "/gone",
        "/busy",
    ] {
        assert_eq!(status(path), "failed", "{path}");
        assert!(!error(path).contains('\n'), "{path}");
    }
    // Entities from a DTD are not expanded and nothing is read from the disk.
    let entities = by_url(&reports, &server.at("/entities"));
    for article in sandbox.articles() {
        let text = sandbox.read(&article);
        assert!(
            !text.contains("root:") && text.len() < 10_000,
            "{article}: {} bytes",
            text.len()
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{article}"
        );
    }
    assert!(
        entities["status"] == "ok" || entities["status"] == "failed",
        "{entities}"
    );
    // Hostile titles land inside their folder, cleanly named.
    let nasty: Vec<String> = (sandbox.articles().into_iter())
        .filter(|a| a.starts_with("nasty/"))
        .collect();
    assert_eq!(nasty.len(), 4, "{nasty:?}");
    for name in &nasty {
        assert!(
            name.len() < 120 && !name["nasty/".len()..].contains('/'),
            "{name}"
        );
    }
    assert!(!sandbox.dir.path().join("etc").exists());
    let esc = sandbox.show_json("Escredbell");
    let text = esc["paragraphs"][0].as_str().unwrap();
    assert!(
        text.starts_with('t') && !text.contains(['\u{1b}', '\u{7}']),
        "{text}"
    );
    // The feed asked to wait: the next fetch skips it without asking; a gone feed stays gone.
    let before = (
        server.requests_to("/busy").len(),
        server.requests_to("/gone").len(),
    );
    let (_, again) = sandbox.fetch_json();
    let after = (
        server.requests_to("/busy").len(),
        server.requests_to("/gone").len(),
    );
    assert_eq!(after, before);
    assert!(
        by_url(&again, &server.at("/busy"))["error"]
            .as_str()
            .unwrap()
            .contains("wait until")
    );
    assert_eq!(by_url(&again, &server.at("/gone"))["status"], "failed");
}

#[test]
fn one_host_gets_at_most_two_connections_at_a_time() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    for n in 0..6 {
        let path = format!("/feed{n}");
        sandbox.add(&server.at(&path), &format!("f{n}"));
        let body = fixture_bytes("rdf.xml");
        server.route(&path, Reply::Delayed(Duration::from_millis(300), body));
    }
    let (code, reports) = sandbox.fetch_json();
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(reports.len(), 6);
    assert_eq!(server.in_flight.lock().unwrap().1, 2);
}

#[test]
fn two_fetches_at_once_write_each_story_once() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    server.feed("/feed", "rss2.xml");
    server.feed("/atom", "atom.xml");
    sandbox.add(&server.at("/feed"), "harbour");
    sandbox.add(&server.at("/atom"), "valley");
    let first = sandbox
        .command(&["fetch", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let second = sandbox
        .command(&["fetch", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let outs = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    for out in &outs {
        let code = out.status.code();
        assert!(
            code == Some(0)
                || (code == Some(1) && stderr(out).contains("another fetch is running")),
            "{code:?}: {}",
            stderr(out)
        );
    }
    assert_eq!(sandbox.articles().len(), 5, "{:?}", sandbox.articles());
}

#[test]
fn feeds_add_finds_the_feed_a_page_advertises_and_keeps_an_unanswering_url() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    server.route(
        "/",
        Reply::Fixed(
            200,
            vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            fixture_bytes("page.html"),
        ),
    );
    server.feed("/rss2.xml", "rss2.xml");
    let out = sandbox.run(&["feeds", "add", &server.at("/")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let added = format!(
        "added {} (Harbour & City Daily) → harbour-city-daily/\n",
        server.at("/rss2.xml")
    );
    assert_eq!(stdout(&out), added);
    // A port nothing listens on: still added, with a warning.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/feed", listener.local_addr().unwrap())
    };
    let out = sandbox.run(&["feeds", "add", &closed, "--full-text"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning") && stderr(&out).contains("added anyway"),
        "{}",
        stderr(&out)
    );
    let out = sandbox.run(&["feeds", "list", "--json"]);
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed[0]["url"], server.at("/rss2.xml"));
    assert_eq!(listed[0]["title"], "Harbour & City Daily");
    assert_eq!(listed[0]["folder"], "harbour-city-daily");
    assert_eq!(listed[0]["status"], "new");
    assert_eq!(listed[1]["url"], closed);
    assert_eq!(listed[1]["full_text"], true);
    let keys: Vec<&String> = listed[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "articles",
            "error",
            "folder",
            "full_text",
            "last_fetch",
            "status",
            "title",
            "url"
        ]
    );
    // Fetching: the closed port fails, the other lands; exit 1.
    let out = sandbox.run(&["fetch"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("ok            Harbour & City Daily: 3 new"),
        "{text}"
    );
    assert!(
        text.contains("failed") && text.contains(&closed[7..]) || text.contains("failed        "),
        "{text}"
    );
    // Only the named one; an unknown URL is a usage error.
    let out = sandbox.run(&["fetch", &server.at("/rss2.xml")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = sandbox.run(&["fetch", "http://127.0.0.1:9/unknown"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not subscribed"));
    // Remove keeps the stories.
    let before = sandbox.articles();
    let out = sandbox.run(&["feeds", "remove", &server.at("/rss2.xml")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sandbox.articles(), before);
    let out = sandbox.run(&["feeds", "remove", &server.at("/rss2.xml")]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn usage_errors_and_a_corrupt_subscriptions_file_are_one_line() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["feeds", "add", "ftp://example/feed"]);
    assert_eq!(out.status.code(), Some(2));
    let out = sandbox.run(&["feeds", "add", "http://127.0.0.1:9/x", "--folder", "../out"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--folder"), "{}", stderr(&out));
    fs::create_dir_all(sandbox.library().join(".readmore")).unwrap();
    fs::write(
        sandbox.library().join(".readmore/feeds.toml"),
        "[[feed]]\nurl = 3\n",
    )
    .unwrap();
    let out = sandbox.run(&["feeds", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("feeds.toml:2:") && err.trim().lines().count() == 1,
        "{err}"
    );
    let out = sandbox.run(&["fetch"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_fetch_killed_while_writing_leaves_whole_files_and_the_next_completes_it() {
    const ITEMS: usize = 1500;
    let server = Server::start();
    let sandbox = Sandbox::new();
    let mut feed = String::from(
        "<rss version=\"2.0\"><channel><title>Many</title><link>http://many.example/</link>",
    );
    for n in 0..ITEMS {
        feed.push_str(&format!(
            "<item><title>Story number {n}</title><link>http://many.example/{n}</link>\
             <guid>many-{n}</guid><description>&lt;p&gt;First of {n}.&lt;/p&gt;&lt;p&gt;Last of {n}.&lt;/p&gt;</description></item>"
        ));
    }
    feed.push_str("</channel></rss>");
    server.route("/many", Reply::Fixed(200, vec![xml()], feed.into_bytes()));
    sandbox.add(&server.at("/many"), "many");
    let mut child = sandbox
        .command(&["fetch"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let folder = sandbox.library().join("many");
    let written = || fs::read_dir(&folder).map_or(0, |dir| dir.count());
    while written() < 10 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the fetch ended before it was killed"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let left = sandbox.articles();
    assert!(
        left.len() < ITEMS,
        "killed after the end: {} files",
        left.len()
    );
    for article in &left {
        let text = sandbox.read(article);
        let n: usize = text["Story number ".len()..]
            .split('\n')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            text.ends_with(&format!("Last of {n}.\n")),
            "{article} is cut: {text:?}"
        );
    }
    let (code, reports) = sandbox.fetch_json();
    assert_eq!(code, 0, "{reports:?}");
    assert_eq!(
        reports[0]["new"].as_u64().unwrap() as usize + left.len(),
        ITEMS
    );
    let all = sandbox.articles();
    assert_eq!(all.len(), ITEMS);
    let hidden = walk(&folder)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(".readmore-"));
    assert_eq!(hidden.count(), 0, "temporary files were left");
}

#[test]
fn subscriptions_without_a_folder_get_one_each_from_their_title() {
    let server = Server::start();
    let sandbox = Sandbox::new();
    server.feed("/a", "rdf.xml");
    server.feed("/b", "rdf.xml");
    fs::create_dir_all(sandbox.library().join(".readmore")).unwrap();
    let toml = format!(
        "[[feed]]\nurl = \"{}\"\n\n[[feed]]\nurl = \"{}\"\n",
        server.at("/a"),
        server.at("/b")
    );
    fs::write(sandbox.library().join(".readmore/feeds.toml"), toml).unwrap();
    let (code, reports) = sandbox.fetch_json();
    assert_eq!(code, 0, "{reports:?}");
    // Which feed answers first (and so gets the plain name) is up to the network.
    let mut folders: Vec<&str> = (reports.iter())
        .map(|r| r["folder"].as_str().unwrap())
        .collect();
    folders.sort_unstable();
    assert_eq!(folders, ["rdf-weekly", "rdf-weekly-2"]);
    // The same story in two feeds is written once.
    let articles = sandbox.articles();
    assert_eq!(articles.len(), 1, "{articles:?}");
    assert!(
        articles[0].ends_with("/2024-02-01-rdf-item-one.txt"),
        "{articles:?}"
    );
}
