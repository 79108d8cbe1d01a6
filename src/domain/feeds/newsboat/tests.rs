use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Environment, Locations, locate, read_cache};

/// The tables as newsboat 2.21 (Debian's) creates them: schema 2.11, no `content_mime_type`.
const SCHEMA_2_11: &str = include_str!("../../../../tests/fixtures/newsboat/schema-2.11.sql");

/// The columns newer newsboats (2.22, 2.33) add.
const SCHEMA_2_33_PATCH: &str = r#"
ALTER TABLE rss_item ADD COLUMN content_mime_type VARCHAR(255) NOT NULL DEFAULT "";
ALTER TABLE rss_item ADD COLUMN enclosure_description VARCHAR(1024) NOT NULL DEFAULT "";
ALTER TABLE rss_item ADD COLUMN enclosure_description_mime_type VARCHAR(128) NOT NULL DEFAULT "";
UPDATE metadata SET db_schema_version_major = 2, db_schema_version_minor = 33;
"#;

/// A newsboat cache in a temporary folder (returned to live as long as the test): schema 2.11,
/// or 2.33 when `newer`, with two feeds and four items.
fn built_cache(newer: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    build_cache(&path, newer);
    (dir, path)
}

fn build_cache(path: &Path, newer: bool) {
    let connection = Connection::open(path).unwrap();
    connection.execute_batch(SCHEMA_2_11).unwrap();
    if newer {
        connection.execute_batch(SCHEMA_2_33_PATCH).unwrap();
    }
    connection
        .execute_batch(
            "INSERT INTO rss_feed (rssurl, url, title) VALUES
               ('https://a.example/feed', 'https://a.example/', 'Feed A'),
               ('https://b.example/rss', '', 'Feed B');
             INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread, flags, deleted, base)
             VALUES
               ('a-2', 'Second', 'Ann', 'https://a.example/2', 'https://a.example/feed', 1700000200,
                '<p>Links <a href=\"/1\">the first</a>.</p>', 0, 's', 0, 'https://a.example/'),
               ('a-1', 'First', '', 'https://a.example/1', 'https://a.example/feed', 1700000100,
                '<p>One</p>', 1, NULL, 0, ''),
               ('b-1', 'Gone', '', 'https://b.example/1', 'https://b.example/rss', 1700000300,
                'x', 1, '', 1, ''),
               ('b-2', 'Plain', '', 'https://b.example/2', 'https://b.example/rss', 1700000400,
                'text', 1, 'AB', 0, '');",
        )
        .unwrap();
}

#[test]
fn reads_feeds_and_items_of_a_newsboat_2_11_cache() {
    let (_dir, path) = built_cache(false);
    let cache = read_cache(&path).unwrap();
    let feeds: Vec<_> = (cache.feeds.iter())
        .map(|f| (f.url.as_str(), f.title.as_str()))
        .collect();
    assert_eq!(
        feeds,
        [
            ("https://a.example/feed", "Feed A"),
            ("https://b.example/rss", "Feed B")
        ]
    );
    let items: Vec<_> = cache
        .items
        .iter()
        .map(|i| (i.guid.as_str(), i.unread, i.is_flagged(), i.published))
        .collect();
    assert_eq!(
        items,
        [
            ("a-1", true, false, 1700000100),
            ("a-2", false, true, 1700000200),
            ("b-2", true, true, 1700000400),
        ]
    );
    assert_eq!(cache.deleted, 1);
    let second = &cache.items[1];
    assert_eq!(second.link, "https://a.example/2");
    assert_eq!(second.feed_url, "https://a.example/feed");
    assert_eq!(second.author, "Ann");
    assert_eq!(second.base, "https://a.example/");
    assert_eq!(second.content, "<p>Links <a href=\"/1\">the first</a>.</p>");
    assert_eq!(second.content_mime_type, "");
}

#[test]
fn reads_the_content_type_of_a_newer_cache() {
    let (_dir, path) = built_cache(true);
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE rss_item SET content_mime_type = 'text/plain' WHERE guid = 'b-2'",
            [],
        )
        .unwrap();
    let cache = read_cache(&path).unwrap();
    let plain = cache.items.iter().find(|i| i.guid == "b-2").unwrap();
    assert_eq!(plain.content_mime_type, "text/plain");
}

#[test]
fn the_cache_is_never_written() {
    let (dir, path) = built_cache(false);
    let before = std::fs::read(&path).unwrap();
    let names = || {
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let files_before = names();
    read_cache(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names(), files_before);
}

#[test]
fn missing_or_foreign_files_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    let err = read_cache(&missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: no such file", missing.display())
    );
    assert!(!missing.exists(), "a missing cache must not be created");

    let text = dir.path().join("text.db");
    std::fs::write(
        &text,
        "this is not a database, just some words\n".repeat(100),
    )
    .unwrap();
    let err = read_cache(&text).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: not an SQLite database", text.display())
    );

    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE article (path BLOB)")
        .unwrap();
    let err = read_cache(&other).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("{}: not a newsboat cache", other.display())),
        "{err}"
    );
}

fn environment(home: &Path) -> Environment {
    Environment {
        home: Some(home.to_owned()),
        xdg_config_home: None,
        xdg_data_home: None,
    }
}

#[test]
fn locations_follow_newsboats_own_rules() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let dot = Locations {
        cache: home.join(".newsboat/cache.db"),
        urls: home.join(".newsboat/urls"),
    };
    // Nothing exists yet: newsboat would create the dotdir.
    assert_eq!(locate(&environment(home)), Some(dot.clone()));

    // The XDG config folder exists: XDG wins, with the default data folder.
    std::fs::create_dir_all(home.join(".config/newsboat")).unwrap();
    assert_eq!(
        locate(&environment(home)),
        Some(Locations {
            cache: home.join(".local/share/newsboat/cache.db"),
            urls: home.join(".config/newsboat/urls"),
        })
    );

    // The variables move both folders.
    let custom = Environment {
        home: Some(home.to_owned()),
        xdg_config_home: Some(home.join("cfg")),
        xdg_data_home: Some(home.join("data")),
    };
    assert_eq!(locate(&custom), Some(dot.clone()));
    std::fs::create_dir_all(home.join("cfg/newsboat")).unwrap();
    assert_eq!(
        locate(&custom),
        Some(Locations {
            cache: home.join("data/newsboat/cache.db"),
            urls: home.join("cfg/newsboat/urls"),
        })
    );

    // An existing dotdir always wins.
    std::fs::create_dir_all(home.join(".newsboat")).unwrap();
    assert_eq!(locate(&custom), Some(dot));
    assert_eq!(locate(&Environment::default()), None);
}

/// Serves one RSS feed on 127.0.0.1 to every request, for as many requests as come.
fn serve_feed(feed: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{feed}",
                feed.len()
            );
        }
    });
    format!("http://{address}/feed.xml")
}

fn newsboat_on_path() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("newsboat"))
            .find(|path| path.is_file())
    })
}

/// Where newsboat is installed, a cache it makes itself (reloading a feed from a server on
/// 127.0.0.1, in a home folder of its own) reads like the hand-made ones above.
#[test]
fn reads_a_cache_made_by_newsboat_itself() {
    let Some(newsboat) = newsboat_on_path() else {
        eprintln!("newsboat is not installed: skipped");
        return;
    };
    let url = serve_feed(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback news</title>
<link>http://127.0.0.1/</link><description>d</description>
<item><title>Older &amp; wiser</title><link>http://127.0.0.1/older</link><guid>g-older</guid>
<pubDate>Mon, 06 Nov 2023 10:00:00 GMT</pubDate><description>&lt;p&gt;First &lt;b&gt;body&lt;/b&gt;&lt;/p&gt;</description></item>
<item><title>Newer</title><link>http://127.0.0.1/newer</link><guid>g-newer</guid>
<pubDate>Tue, 07 Nov 2023 10:00:00 GMT</pubDate><description>Second body</description></item>
</channel></rss>"#,
    );
    let home = tempfile::tempdir().unwrap();
    let dotdir = home.path().join(".newsboat");
    std::fs::create_dir(&dotdir).unwrap();
    std::fs::write(dotdir.join("urls"), format!("{url} \"tag\"\n")).unwrap();
    std::fs::write(dotdir.join("config"), "reload-threads 1\n").unwrap();
    let status = std::process::Command::new(newsboat)
        .args(["-x", "reload"])
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env("http_proxy", "")
        .env("no_proxy", "127.0.0.1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let locations = locate(&environment(home.path())).unwrap();
    let cache = read_cache(&locations.cache).unwrap();
    assert_eq!(cache.feeds.len(), 1);
    assert_eq!(cache.feeds[0].url, url);
    assert_eq!(cache.feeds[0].title, "Loopback news");
    let items: Vec<_> = cache
        .items
        .iter()
        .map(|i| (i.guid.as_str(), i.title.as_str(), i.unread, i.is_flagged()))
        .collect();
    assert_eq!(
        items,
        [
            ("g-older", "Older & wiser", true, false),
            ("g-newer", "Newer", true, false)
        ]
    );
    assert_eq!(cache.items[0].published, 1699264800);
    assert_eq!(cache.items[0].link, "http://127.0.0.1/older");
    assert_eq!(cache.items[0].feed_url, url);
    assert!(
        cache.items[0].content.contains("<b>body</b>"),
        "{:?}",
        cache.items[0].content
    );
}
