//! `readmore feeds` and `readmore fetch` against a real HTTP server on 127.0.0.1 that the tests
//! start: feeds of every format and charset, links between stories, conditional GET,
//! redirects, concurrent and repeated fetches, and servers that misbehave on purpose.
//!
//! Nothing here talks to any other address: the stories' own links (`harbour.example`…) are
//! never fetched, they only identify stories.

mod fetch;
mod hostile;
mod import;
mod subscriptions;

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
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
            // The pause is the reply (a slow server), so that requests overlap.
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

/// A body that trickles out a byte at a time: the client's time limit is what is tested.
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

    /// Starts a run whose output the test collects later.
    fn spawn(&self, args: &[&str]) -> Child {
        (self
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()))
        .spawn()
        .expect("spawn readmore")
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

/// The feed most tests fetch, as (path on the server, fixture, folder): RSS 2 into `harbour`.
const HARBOUR: (&str, &str, &str) = ("/feed", "rss2.xml", "harbour");

/// A second feed beside [`HARBOUR`]: Atom into `valley`.
const VALLEY: (&str, &str, &str) = ("/atom", "atom.xml", "valley");

/// A sandbox subscribed to `feeds` (path on the server, fixture it serves, folder) on `server`.
fn subscribed(server: &Server, feeds: &[(&str, &str, &str)]) -> Sandbox {
    let sandbox = Sandbox::new();
    for (path, fixture, folder) in feeds {
        server.feed(path, fixture);
        sandbox.add(&server.at(path), folder);
    }
    sandbox
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
