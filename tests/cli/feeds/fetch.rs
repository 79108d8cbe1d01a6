//! What a fetch writes: every format and charset, conditional requests, files the user
//! deleted, moved or edited, a changed item, a moved library, a permanent redirect.

use super::*;

#[test]
fn every_format_and_charset_becomes_articles_with_their_origin() {
    let server = Server::start();
    let sandbox = subscribed(
        &server,
        &[
            ("/rss2.xml", "rss2.xml", "harbour"),
            ("/atom.xml", "atom.xml", "valley"),
            ("/rdf.xml", "rdf.xml", "rdf"),
            ("/rss091.xml", "rss091.xml", "old"),
            ("/feed.json", "feed.json", "json"),
            ("/feed11.json", "feed11.json", "json11"),
            ("/latin1.xml", "latin1.xml", "latin"),
            ("/cp1251.xml", "cp1251.xml", "ru"),
        ],
    );
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
    server.route(
        "/feed",
        Reply::Cached(fixture_bytes("rss2.xml"), "\"v1\"".into()),
    );
    let sandbox = Sandbox::new();
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
    let sandbox = subscribed(&server, &[HARBOUR]);
    sandbox.fetch_json();
    let articles = sandbox.articles();
    let bridge = "harbour/2024-03-05-bridge-reopens-after-repairs.txt";
    let ferry = "harbour/2024-03-04-ferry-selene-returns.txt";
    assert!(articles.contains(&bridge.to_owned()) && articles.contains(&ferry.to_owned()));
    fs::remove_file(sandbox.library().join(ferry)).unwrap();
    let edited = sandbox.read(bridge).replace("light", "heavy (my note)");
    fs::write(sandbox.library().join(bridge), &edited).unwrap();
    // The item changes on the server: the edited file is kept and the update reported.
    change_the_bridge_story(&server);
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

/// Serves `/feed` again with the bridge story's first paragraph changed ("Monday morning").
fn change_the_bridge_story(server: &Server) {
    let changed = String::from_utf8(fixture_bytes("rss2.xml"))
        .unwrap()
        .replace("opened again on Monday", "opened again on Monday morning");
    server.route(
        "/feed",
        Reply::Fixed(200, vec![xml()], changed.into_bytes()),
    );
}

#[test]
fn a_changed_item_replaces_the_file_fetch_wrote() {
    let server = Server::start();
    let sandbox = subscribed(&server, &[HARBOUR]);
    sandbox.fetch_json();
    change_the_bridge_story(&server);
    let (_, reports) = sandbox.fetch_json();
    assert_eq!(reports[0]["updated"], 1, "{reports:?}");
    let text = sandbox.read("harbour/2024-03-05-bridge-reopens-after-repairs.txt");
    assert!(text.contains("Monday morning"), "{text}");
    assert_eq!(sandbox.articles().len(), 3);
}

#[test]
fn a_moved_library_fetched_again_makes_no_duplicates() {
    let server = Server::start();
    let sandbox = subscribed(&server, &[HARBOUR, VALLEY]);
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
