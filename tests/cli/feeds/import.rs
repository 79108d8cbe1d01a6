//! The commands that bring news in without a feed fetch: `feeds import`, `feeds export`,
//! `import newsboat` and `save`. The only network is a server each test starts on 127.0.0.1.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use tempfile::TempDir;

/// A home, config home, state home and library for one or more runs.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let dir = TempDir::new().expect("temp dir");
        for sub in ["home", "xdg", "state", "library"] {
            std::fs::create_dir(dir.path().join(sub)).expect("sandbox folder");
        }
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn library(&self) -> PathBuf {
        self.path("library")
    }

    fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_readmore"))
            .args(args)
            .arg("--articles")
            .arg(self.library())
            .current_dir(self.dir.path())
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("xdg"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CACHE_HOME")
            .env("no_proxy", "127.0.0.1")
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY")
            .stdin(Stdio::null())
            .output()
            .expect("run readmore")
    }

    /// Writes `text` to the file `name` in the sandbox and runs `feeds import` on it.
    fn import_feeds(&self, name: &str, text: impl AsRef<[u8]>) -> Output {
        let file = self.path(name);
        std::fs::write(&file, text).expect("write the file to import");
        self.run(&[OsStr::new("feeds"), OsStr::new("import"), file.as_os_str()])
    }

    /// Every article file below the library, relative, sorted.
    fn articles(&self) -> Vec<String> {
        let mut found: Vec<String> = walkdir::WalkDir::new(self.library())
            .into_iter()
            .flatten()
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "txt"))
            .map(|entry| {
                entry
                    .path()
                    .strip_prefix(self.library())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        found.sort();
        found
    }

    fn read(&self, article: &str) -> String {
        std::fs::read_to_string(self.library().join(article)).expect("article")
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn success(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

fn feeds_json(sandbox: &Sandbox) -> Vec<serde_json::Value> {
    let out = sandbox.run(&["feeds", "list", "--json"]);
    serde_json::from_str(&success(&out)).expect("feeds list --json")
}

const OPML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Exported by another reader</title></head>
  <body>
    <outline text="News">
      <outline type="rss" text="Coastal Herald" xmlUrl="https://herald.example/rss?x=1&amp;y=2" htmlUrl="https://herald.example/"/>
      <outline type="rss" text="Wire" xmlUrl="https://wire.example/atom.xml"/>
    </outline>
    <outline type="rss" text="Tomas writes" xmlUrl="https://tomas.example/feed.xml"/>
  </body>
</opml>
"#;

#[test]
fn feeds_import_subscribes_without_fetching_and_export_round_trips() {
    let sandbox = Sandbox::new();
    let out = success(&sandbox.import_feeds("feeds.opml", OPML));
    assert!(out.starts_with("3 feed(s) added from "), "{out}");
    assert!(sandbox.articles().is_empty(), "import never fetches");
    let feeds = feeds_json(&sandbox);
    let urls: Vec<&str> = feeds.iter().map(|f| f["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "https://herald.example/rss?x=1&y=2",
            "https://wire.example/atom.xml",
            "https://tomas.example/feed.xml"
        ]
    );
    let folders: Vec<&str> = feeds
        .iter()
        .map(|f| f["folder"].as_str().unwrap())
        .collect();
    assert_eq!(folders.len(), 3);
    assert!(folders.iter().all(|f| !f.is_empty() && !f.contains('/')));
    assert_ne!(folders[0], folders[1]);

    // Again: nothing new.
    let out = success(&sandbox.import_feeds("feeds.opml", OPML));
    assert!(
        out.starts_with("0 feed(s) added from ") && out.contains("3 already subscribed"),
        "{out}"
    );

    // Export, then import the export into another library: the same feeds, the same titles.
    let exported = success(&sandbox.run(&["feeds", "export"]));
    assert!(exported.contains("<opml version=\"2.0\">"), "{exported}");
    assert!(
        exported.contains("xmlUrl=\"https://herald.example/rss?x=1&amp;y=2\""),
        "{exported}"
    );
    assert!(
        exported.contains("<outline text=\"News\" title=\"News\">"),
        "{exported}"
    );
    let other = Sandbox::new();
    success(&other.import_feeds("export.opml", &exported));
    let again = feeds_json(&other);
    let pairs = |feeds: &[serde_json::Value]| -> Vec<(String, String)> {
        feeds
            .iter()
            .map(|f| (f["url"].to_string(), f["title"].to_string()))
            .collect()
    };
    assert_eq!(pairs(&again), pairs(&feeds));
}

/// A newsboat urls file: a feed with a tag and a title, a query feed and an exec feed.
const NEWSBOAT_URLS: &str = "# newsboat urls\nhttps://a.example/feed \"tech\" \"~A feed\"\n\"query:Unread:unread = \\\"yes\\\"\"\nexec:~/bin/x.sh\n";

/// An OPML file whose outline is never closed.
const BROKEN_OPML: &str =
    "<opml version=\"2.0\">\n<body>\n<outline xmlUrl=\"http://a.example/\"\n</body></opml>\n";

#[test]
fn feeds_import_reads_a_newsboat_urls_file_and_notes_what_it_skips() {
    let sandbox = Sandbox::new();
    let out = sandbox.import_feeds("urls", NEWSBOAT_URLS);
    assert!(
        stdout(&out).starts_with("1 feed(s) added"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("urls:3: skipped a query: feed"), "{err}");
    assert!(err.contains("urls:4: skipped a exec: feed"), "{err}");
    let feeds = feeds_json(&sandbox);
    assert_eq!(feeds[0]["title"], "A feed");
}

#[test]
fn untitled_imported_feeds_get_folders_named_from_their_own_titles() {
    let sandbox = Sandbox::new();
    let base = serve(|base| {
        let feed = |title: &str, story: &str| {
            format!(
                r#"<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>
<link>{base}/</link><description>d</description>
<item><title>{story}</title><link>{base}/{story}</link><guid>{story}</guid>
<description>Text.</description></item></channel></rss>"#
            )
        };
        HashMap::from([
            ("/daily.xml", feed("Harbour Daily", "quay")),
            ("/times.xml", feed("Valley Times", "dam")),
        ])
    });
    success(&sandbox.import_feeds("urls", format!("{base}/daily.xml\n{base}/times.xml\n")));
    success(&sandbox.run(&["fetch"]));
    let folders: Vec<String> = (sandbox.articles().iter())
        .map(|path| path.split('/').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(folders, ["harbour-daily", "valley-times"]);
}

#[test]
fn feeds_import_of_a_bad_file_names_it_and_changes_nothing() {
    let sandbox = Sandbox::new();
    let out = sandbox.import_feeds("bad.opml", BROKEN_OPML);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.opml:"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(feeds_json(&sandbox).is_empty());

    let missing = sandbox.path("missing.opml");
    let out = sandbox.run(&[
        OsStr::new("feeds"),
        OsStr::new("import"),
        missing.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.opml"), "{}", stderr(&out));
}

/// A newsboat cache (schema 2.11, as Debian's newsboat writes it) with two feeds: the first
/// item links to the second, the second is read, the third flagged, the fourth deleted.
fn newsboat_cache(path: &Path) {
    let connection = rusqlite::Connection::open(path).unwrap();
    connection
        .execute_batch(include_str!("../../fixtures/newsboat/schema-2.11.sql"))
        .unwrap();
    connection
        .execute_batch(
            r#"
INSERT INTO rss_feed (rssurl, url, title) VALUES
  ('https://herald.example/rss', 'https://herald.example/', 'Coastal Herald'),
  ('https://wire.example/atom', '', 'Wire');
INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread, flags, deleted) VALUES
  ('h1', 'Bridge reopens', '', 'https://herald.example/bridge', 'https://herald.example/rss', 1764489600,
   '<p>The bridge is open again.</p><p>It had closed after <a href="/closure">corrosion was found</a>.</p>', 1, '', 0),
  ('h2', 'Bridge closed after corrosion found', '', 'https://herald.example/closure', 'https://herald.example/rss', 1700000000,
   '<p>Engineers closed the bridge.</p>', 0, NULL, 0),
  ('w1', 'Rates held &amp; steady', '', 'https://wire.example/rates', 'https://wire.example/atom', 1764700000,
   '<p>The bank held rates. See <a href="https://herald.example/bridge">the bridge story</a>.</p>', 1, 's', 0),
  ('w2', 'Deleted in newsboat', '', 'https://wire.example/gone', 'https://wire.example/atom', 1764700001,
   '<p>gone</p>', 1, '', 1);
"#,
        )
        .unwrap();
}

fn marks(sandbox: &Sandbox) -> HashMap<String, (bool, bool)> {
    let out = sandbox.run(&["state", "export", "--format", "json"]);
    let exported: serde_json::Value = serde_json::from_str(&success(&out)).expect("state json");
    let rows = exported["article"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .map(|row| {
            (
                row["path"].as_str().unwrap_or_default().to_owned(),
                (
                    row["read"].as_bool().unwrap_or(false),
                    row["starred"].as_bool().unwrap_or(false),
                ),
            )
        })
        .collect()
}

#[test]
fn import_newsboat_writes_every_item_once_with_its_marks_and_links() {
    let sandbox = Sandbox::new();
    let cache = sandbox.path("cache.db");
    newsboat_cache(&cache);
    let urls = sandbox.path("urls");
    std::fs::write(
        &urls,
        "https://herald.example/rss \"news\" \"~The Herald\"\nhttps://wire.example/atom\n",
    )
    .unwrap();
    let cache_before = std::fs::read(&cache).unwrap();
    let args = [
        OsStr::new("import"),
        OsStr::new("newsboat"),
        OsStr::new("--cache"),
        cache.as_os_str(),
        OsStr::new("--urls"),
        urls.as_os_str(),
    ];
    let out = success(&sandbox.run(&args));
    assert!(
        out.contains("3 article(s) written")
            && out.contains("(1 read, 1 starred)")
            && out.contains("1 deleted"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(&cache).unwrap(),
        cache_before,
        "newsboat's cache is never written"
    );
    let articles = sandbox.articles();
    assert_eq!(articles.len(), 3, "{articles:?}");

    let find = |title: &str| {
        articles
            .iter()
            .find(|path| sandbox.read(path).starts_with(title))
            .unwrap_or_else(|| panic!("no article {title:?} in {articles:?}"))
            .clone()
    };
    let bridge = find("Bridge reopens\n");
    let closure = find("Bridge closed after corrosion found\n");
    let rates = find("Rates held & steady\n");
    let text = sandbox.read(&bridge);
    assert!(
        text.contains("Source: https://herald.example/bridge"),
        "{text}"
    );
    assert!(
        text.contains("Read More: Bridge closed after corrosion found"),
        "{text}"
    );
    assert!(
        sandbox.read(&rates).contains("Read More: Bridge reopens"),
        "links across feeds"
    );
    assert!(!sandbox.read(&closure).contains("Read More:"));
    assert!(bridge.starts_with("the-herald/"), "{bridge}");
    assert!(rates.starts_with("wire/"), "{rates}");
    assert!(
        sandbox
            .read(&rates)
            .contains("Feed: Wire https://wire.example/atom")
    );

    let feeds = feeds_json(&sandbox);
    let urls: Vec<&str> = feeds.iter().map(|f| f["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        ["https://herald.example/rss", "https://wire.example/atom"]
    );

    let marks = marks(&sandbox);
    assert_eq!(marks.get(&closure), Some(&(true, false)), "{marks:?}");
    assert_eq!(marks.get(&rates), Some(&(false, true)), "{marks:?}");
    assert_eq!(
        marks.get(&bridge).copied().unwrap_or_default(),
        (false, false)
    );

    // Twice: nothing new, nothing duplicated.
    let out = success(&sandbox.run(&args));
    assert!(
        out.contains("0 article(s) written") && out.contains("3 already in the library"),
        "{out}"
    );
    assert_eq!(sandbox.articles(), articles);
    assert_eq!(feeds_json(&sandbox).len(), 2);
}

#[test]
fn import_newsboat_finds_newsboats_own_files() {
    let sandbox = Sandbox::new();
    let dotdir = sandbox.path("home/.newsboat");
    std::fs::create_dir_all(&dotdir).unwrap();
    newsboat_cache(&dotdir.join("cache.db"));
    std::fs::write(dotdir.join("urls"), "https://wire.example/atom \"~Wire\"\n").unwrap();
    let out = success(&sandbox.run(&["import", "newsboat"]));
    assert!(out.contains("3 article(s) written"), "{out}");
    assert_eq!(feeds_json(&sandbox).len(), 1);
}

#[test]
fn import_newsboat_without_a_cache_says_which_file() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["import", "newsboat"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(".newsboat/cache.db: no such file"), "{err}");
    assert!(sandbox.articles().is_empty());
}

/// Serves the pages `make` returns (path → body; it is given the server's base URL) on
/// 127.0.0.1 until the test ends; 404 for anything else. Bodies starting with `<?xml` go out
/// as RSS, the rest as HTML.
fn serve(make: impl FnOnce(&str) -> HashMap<&'static str, String>) -> String {
    serve_logged(make).0
}

/// [`serve`], also giving the paths asked for, in order.
fn serve_logged(
    make: impl FnOnce(&str) -> HashMap<&'static str, String>,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let pages = make(&base);
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            log.lock().unwrap().push(path.to_owned());
            let (status, body) = match pages.get(path) {
                Some(body) => ("200 OK", body.clone()),
                None => ("404 Not Found", "not here".to_owned()),
            };
            let kind = match body.starts_with("<?xml") {
                true => "application/rss+xml",
                false => "text/html; charset=utf-8",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, asked)
}

fn fixture_page(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pages")
            .join(name),
    )
    .unwrap()
}

#[test]
fn save_extracts_the_article_and_links_stories_in_the_library() {
    let sandbox = Sandbox::new();
    let page = fixture_page("related.html");
    let base = serve(|_| HashMap::from([("/news/night-trains", page)]));
    // A story already in the library, at the address the page's "Related stories" list links.
    std::fs::create_dir_all(sandbox.library().join("rail")).unwrap();
    std::fs::write(
        sandbox.library().join("rail/electrified.txt"),
        format!("Coast line to be electrified by 2030\nSource: {base}/news/2026/coast-line-electrified\n\nThe coast line will be electrified.\n"),
    )
    .unwrap();
    let url = format!("{base}/news/night-trains");
    let out = success(&sandbox.run(&["save", &url]));
    assert!(
        out.starts_with("saved Night trains return to the northern line as saved/"),
        "{out}"
    );
    let saved: Vec<String> = sandbox
        .articles()
        .into_iter()
        .filter(|p| p.starts_with("saved/"))
        .collect();
    assert_eq!(saved.len(), 1);
    let text = sandbox.read(&saved[0]);
    assert!(
        text.starts_with("Night trains return to the northern line\n"),
        "{text}"
    );
    assert!(text.contains(&format!("Source: {url}")), "{text}");
    assert!(text.contains("Sleeper trains will run again"), "{text}");
    assert!(
        text.contains("Read More: Coast line to be electrified by 2030"),
        "{text}"
    );
    for boilerplate in [
        "Listen to our podcast",
        "Ticket prices rise",
        "Timetables",
        "<",
        "&amp;",
    ] {
        assert!(!text.contains(boilerplate), "kept {boilerplate:?}: {text}");
    }
    // No dangling Read More: the other related stories are not in the library.
    assert_eq!(text.matches("Read More:").count(), 1, "{text}");

    let out = success(&sandbox.run(&["save", &url, "--folder", "later"]));
    assert!(out.starts_with("already in the library: saved/"), "{out}");
    assert_eq!(sandbox.articles().len(), 2);
}

#[test]
fn save_failures_are_one_line_and_write_nothing() {
    let sandbox = Sandbox::new();
    let login = "<html><head><title>Log in</title></head><body><form><input></form></body></html>";
    let base = serve(|_| HashMap::from([("/login", login.to_owned())]));
    let out = sandbox.run(&["save", &format!("{base}/missing")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    let out = sandbox.run(&["save", &format!("{base}/login")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no article text"), "{}", stderr(&out));
    let out = sandbox.run(&["save", "ftp://example.org/x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = sandbox.run(&["save", &format!("{base}/login"), "--folder", "../out"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(sandbox.articles().is_empty());
}

#[test]
fn full_text_subscriptions_get_the_article_from_the_items_page() {
    let sandbox = Sandbox::new();
    let (base, asked) = serve_logged(|base| {
        let feed = format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Coastal Herald</title>
<link>{base}/</link><description>d</description>
<item><title>Harbour bridge reopens</title><link>{base}/news/bridge</link><guid>bridge</guid>
<description>The bridge is open. Read the full story on our site.</description></item>
<item><title>No page</title><link>{base}/news/missing</link><guid>missing</guid>
<description>Only this summary exists.</description></item>
</channel></rss>"#
        );
        HashMap::from([
            ("/feed.xml", feed),
            ("/news/bridge", fixture_page("newspaper.html")),
        ])
    });
    let url = format!("{base}/feed.xml");
    success(&sandbox.run(&["feeds", "add", &url, "--full-text", "--folder", "herald"]));
    let report = success(&sandbox.run(&["fetch", "--json"]));
    assert!(
        report.contains("full text not found for 1 item(s)"),
        "the item whose page failed is reported: {report}"
    );
    let articles = sandbox.articles();
    assert_eq!(articles.len(), 2, "{articles:?}");
    let find = |title: &str| {
        let found = articles.iter().find(|a| sandbox.read(a).starts_with(title));
        sandbox.read(found.unwrap_or_else(|| panic!("no {title:?} in {articles:?}")))
    };
    let text = find("Harbour bridge reopens\n");
    assert!(
        text.contains("reopened to traffic on Sunday morning"),
        "{text}"
    );
    assert!(
        text.contains("temporary ferry between the two banks"),
        "{text}"
    );
    assert!(!text.contains("Read the full story on our site"), "{text}");
    for boilerplate in [
        "Accept all cookies",
        "Mayor defends budget cuts",
        "nobody told us anything",
        "All rights reserved",
    ] {
        assert!(!text.contains(boilerplate), "kept {boilerplate:?}: {text}");
    }
    let text = find("No page\n");
    assert!(
        text.contains("Only this summary exists."),
        "the summary stays when the page fails: {text}"
    );
    // The feed says nothing new of its items: their pages are not asked for again.
    let before = asked.lock().unwrap().len();
    success(&sandbox.run(&["fetch"]));
    let again: Vec<String> = asked.lock().unwrap()[before..].to_vec();
    assert_eq!(again, ["/feed.xml"], "only the feed is fetched again");
    assert_eq!(sandbox.articles().len(), 2);
}
