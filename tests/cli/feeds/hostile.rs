//! Servers that misbehave, too many connections to one host, two fetches at once, and a fetch
//! killed while writing.

use super::*;
use crate::common::wait_until;

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
    let sandbox = subscribed(&server, &[HARBOUR, VALLEY]);
    let first = sandbox.spawn(&["fetch", "--json"]);
    let second = sandbox.spawn(&["fetch", "--json"]);
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
    wait_until("ten articles written", || {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the fetch ended before it was killed"
        );
        written() >= 10
    });
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
