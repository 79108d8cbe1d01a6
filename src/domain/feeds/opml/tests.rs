use std::path::Path;

use super::{ExportFeed, ListKind, ListedFeed, detect, export, parse};

fn feed(url: &str, title: Option<&str>, categories: &[&str]) -> ListedFeed {
    ListedFeed {
        url: url.to_owned(),
        title: title.map(str::to_owned),
        site_url: None,
        categories: categories.iter().map(|c| (*c).to_owned()).collect(),
    }
}

#[test]
fn opml_2_nested_outlines_become_categories() {
    let opml = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="News" title="News">
      <outline text="World">
        <outline type="rss" text="Wire &amp; Co" xmlUrl="https://wire.example/rss?a=1&amp;b=2" htmlUrl="https://wire.example/"/>
      </outline>
      <outline type="rss" text="Local" title="Local Herald" xmlUrl="https://herald.example/feed"/>
    </outline>
    <outline type="rss" text="Top level" xmlUrl="https://top.example/atom.xml"></outline>
  </body>
</opml>"#;
    let list = parse(opml.as_bytes(), Path::new("feeds.opml")).unwrap();
    let mut wire = feed(
        "https://wire.example/rss?a=1&b=2",
        Some("Wire & Co"),
        &["News", "World"],
    );
    wire.site_url = Some("https://wire.example/".to_owned());
    assert_eq!(
        list.feeds,
        vec![
            wire,
            feed(
                "https://herald.example/feed",
                Some("Local Herald"),
                &["News"]
            ),
            feed("https://top.example/atom.xml", Some("Top level"), &[]),
        ]
    );
    assert!(list.notes.is_empty());
}

#[test]
fn opml_1_with_lowercase_attributes_and_latin1_is_read() {
    let mut bytes =
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<opml version=\"1.0\"><body>\
        <outline title=\"Caf\xe9\" xmlurl=\"http://cafe.example/rss\"/></body></opml>"
            .to_vec();
    bytes.push(b'\n');
    let list = parse(&bytes, Path::new("old.opml")).unwrap();
    assert_eq!(
        list.feeds,
        vec![feed("http://cafe.example/rss", Some("Café"), &[])]
    );
}

#[test]
fn opml_that_is_not_well_formed_names_file_and_line() {
    let opml = "<opml version=\"2.0\">\n<body>\n<outline text=\"a\" xmlUrl=\"http://a.example/\">\n</body>\n</opml>\n";
    let err = parse(opml.as_bytes(), Path::new("bad.opml")).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("bad.opml:4: "), "{message}");
}

#[test]
fn another_xml_document_is_not_taken_for_opml() {
    let rss = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>";
    let err = parse(rss.as_bytes(), Path::new("feed.xml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "feed.xml:2: not OPML: the document is <rss>"
    );
}

#[test]
fn entity_bombs_and_external_entities_are_refused_not_expanded() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<opml version="2.0"><body>
<outline text="&lol3;" xmlUrl="http://bomb.example/"/>
</body></opml>"#;
    let err = parse(bomb.as_bytes(), Path::new("bomb.opml")).unwrap_err();
    assert_eq!(err.line, Some(9), "{err}");

    let xxe = bomb.replace("&lol3;", "&xxe;");
    let err = parse(xxe.as_bytes(), Path::new("xxe.opml")).unwrap_err();
    assert!(!err.to_string().contains("root:"), "{err}");
}

#[test]
fn newsboat_urls_file_with_tags_titles_comments_and_programs() {
    let urls = concat!(
        "# my feeds\n",
        "\n",
        "https://a.example/feed.xml \"tech\" \"~A \\\"quoted\\\" name\" linux\n",
        "http://b.example/rss   # a comment \"not a tag\"\n",
        "\"query:Unread:unread = \\\"yes\\\"\"\n",
        "exec:~/bin/feed.sh \"scripts\"\n",
        "filter:~/bin/clean.sh:https://c.example/rss\n",
        "https://d.example/atom \"!\" \"news\" \"~\"\n",
    );
    assert_eq!(detect(urls), ListKind::NewsboatUrls);
    let list = parse(urls.as_bytes(), Path::new("urls")).unwrap();
    assert_eq!(
        list.feeds,
        vec![
            feed(
                "https://a.example/feed.xml",
                Some("A \"quoted\" name"),
                &["tech", "linux"]
            ),
            feed("http://b.example/rss", None, &[]),
            feed("https://d.example/atom", None, &["news"]),
        ]
    );
    assert_eq!(
        list.notes,
        vec![
            "urls:5: skipped a query: feed (a newsboat program, not an address)",
            "urls:6: skipped a exec: feed (a newsboat program, not an address)",
            "urls:7: skipped a filter: feed (a newsboat program, not an address)",
        ]
    );
}

#[test]
fn a_urls_line_that_is_not_an_address_names_file_and_line() {
    let err = parse(b"https://ok.example/\nnot a url\n", Path::new("urls")).unwrap_err();
    assert_eq!(err.to_string(), "urls:2: not a feed address: \"not\"");
    let err = parse(b"https://ok.example/ \"unclosed\n", Path::new("urls")).unwrap_err();
    assert_eq!(err.to_string(), "urls:1: a quoted string is not closed");
    let err = parse(b"https://ok.example/\n\xff\xfe\x00\n", Path::new("urls")).unwrap_err();
    assert_eq!(err.line, Some(2));
}

#[test]
fn a_feed_listed_twice_is_noted() {
    let urls = "https://a.example/\nhttps://a.example/ \"again\"\n";
    let list = parse(urls.as_bytes(), Path::new("urls")).unwrap();
    assert_eq!(
        list.notes,
        vec!["urls: https://a.example/ is listed twice; the first is kept"]
    );
}

/// A feed to export, with no site address.
fn to_export(url: &str, title: Option<&str>, folder: Option<&str>) -> ExportFeed {
    ExportFeed {
        url: url.to_owned(),
        title: title.map(str::to_owned),
        site_url: None,
        folder: folder.map(str::to_owned),
    }
}

#[test]
fn export_round_trips_hostile_titles_and_urls() {
    let feeds = vec![
        ExportFeed {
            site_url: Some("https://a.example/?a=1&b=2".to_owned()),
            ..to_export(
                "https://a.example/rss?x=1&y=\"2\"<3>",
                Some("Tom & Jerry's <b>\"news\"</b>\u{1b}[31m\u{7}"),
                Some("Cartoons & <More>"),
            )
        },
        to_export("https://b.example/feed", None, None),
        to_export(
            "https://c.example/feed",
            Some("C"),
            Some("Cartoons & <More>"),
        ),
    ];
    let document = export(&feeds, "readmore & co");
    assert!(document.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(document.contains("<opml version=\"2.0\">"));
    assert!(!document.contains('\u{1b}') && !document.contains('\u{7}'));
    let list = parse(document.as_bytes(), Path::new("out.opml")).unwrap();
    let mut a = feed(
        "https://a.example/rss?x=1&y=\"2\"<3>",
        Some("Tom & Jerry's <b>\"news\"</b>"),
        &["Cartoons & <More>"],
    );
    a.site_url = Some("https://a.example/?a=1&b=2".to_owned());
    assert_eq!(
        list.feeds,
        vec![
            a,
            feed("https://c.example/feed", Some("C"), &["Cartoons & <More>"]),
            feed(
                "https://b.example/feed",
                Some("https://b.example/feed"),
                &[]
            ),
        ]
    );
}

/// Where newsboat is installed, `newsboat -i` takes the export: every feed lands in its urls
/// file, filed under its folder as a tag. (No network: an import only writes the urls file.)
#[test]
fn newsboat_imports_the_export() {
    let Some(newsboat) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("newsboat"))
            .find(|path| path.is_file())
    }) else {
        eprintln!("newsboat is not installed: skipped");
        return;
    };
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".newsboat")).unwrap();
    let file = home.path().join("export.opml");
    let feeds = [
        to_export(
            "https://a.example/rss?x=1&y=2",
            Some("Tom & Jerry's \"news\""),
            Some("Cartoons & <More>"),
        ),
        to_export("https://b.example/feed", None, None),
    ];
    std::fs::write(&file, export(&feeds, "readmore")).unwrap();
    let out = std::process::Command::new(newsboat)
        .arg("-i")
        .arg(&file)
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let urls = std::fs::read_to_string(home.path().join(".newsboat/urls")).unwrap();
    let lines: Vec<&str> = urls.lines().collect();
    assert_eq!(
        lines,
        [
            "https://a.example/rss?x=1&y=2 \"Cartoons & <More>\"",
            "https://b.example/feed"
        ]
    );
    // And newsboat's urls file reads back as the same feeds.
    let list = parse(urls.as_bytes(), Path::new("urls")).unwrap();
    assert_eq!(
        list.feeds,
        vec![
            feed(
                "https://a.example/rss?x=1&y=2",
                None,
                &["Cartoons & <More>"]
            ),
            feed("https://b.example/feed", None, &[]),
        ]
    );
}
