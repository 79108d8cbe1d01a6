//! Subscribing: `feeds add` on a page, usage errors, a corrupt subscriptions file, and
//! folders named from the feeds' titles.

use super::*;

#[test]
fn feeds_add_finds_the_feed_a_page_advertises_and_keeps_an_unanswering_url() {
    let server = Server::start();
    server.route(
        "/",
        Reply::Fixed(
            200,
            vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            fixture_bytes("page.html"),
        ),
    );
    server.feed("/rss2.xml", "rss2.xml");
    let sandbox = Sandbox::new();
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
