//! A loopback feed server for the fetch benchmark: `--feeds N` RSS 2.0 feeds of `--items M`
//! items each, every answer delayed by `--latency-ms`, so `readmore fetch` and `newsboat -x
//! reload` can be timed against the same feeds. Each feed answers a conditional GET with 304
//! (ETag and Last-Modified), as real servers do, so the second fetch measures the unchanged case.
//! Each item's description links to the previous item of the same feed and to an item of the
//! next feed, so the fetched stories link each other within and across feeds.
//!
//! ```text
//! cargo run --release --example feed_server -- --feeds 200 --items 50 --latency-ms 30 \
//!     --hosts 50 --urls /tmp/urls   # writes the feed URLs (a newsboat `urls` file), serves until killed
//! ```

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

const LAST_MODIFIED: &str = "Mon, 07 Dec 2026 06:00:00 GMT";

struct Options {
    port: u16,
    feeds: usize,
    items: usize,
    latency: Duration,
    /// Loopback addresses the feeds are spread over (127.0.0.1, 127.0.0.2, ...), so that a
    /// client's per-host limit sees as many hosts as real subscriptions have.
    hosts: u8,
    urls: Option<String>,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        feeds: 200,
        items: 50,
        latency: Duration::from_millis(30),
        hosts: 1,
        urls: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {value}"))
        };
        match flag.as_str() {
            "--port" => options.port = number()? as u16,
            "--feeds" => options.feeds = number()? as usize,
            "--items" => options.items = number()? as usize,
            "--latency-ms" => options.latency = Duration::from_millis(number()?),
            "--hosts" => options.hosts = number()?.clamp(1, 254) as u8,
            "--urls" => options.urls = Some(value),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(options)
}

fn main() {
    let options = match parse_options() {
        Ok(options) => options,
        Err(error) => {
            eprintln!("feed_server: {error}");
            std::process::exit(2);
        }
    };
    let listen = |host: u8, port: u16| {
        TcpListener::bind((format!("127.0.0.{host}"), port)).unwrap_or_else(|error| {
            eprintln!("feed_server: cannot listen on 127.0.0.{host}:{port}: {error}");
            std::process::exit(1);
        })
    };
    let first = listen(1, options.port);
    let port = first.local_addr().map(|a| a.port()).unwrap_or_default();
    let mut listeners = vec![first];
    listeners.extend((2..=options.hosts).map(|host| listen(host, port)));
    let urls: String = (0..options.feeds)
        .map(|feed| {
            let host = 1 + feed % usize::from(options.hosts);
            format!("http://127.0.0.{host}:{port}/feed/{feed}.xml\n")
        })
        .collect();
    match &options.urls {
        Some(path) => {
            if let Err(error) = std::fs::write(path, &urls) {
                eprintln!("feed_server: cannot write {path}: {error}");
                std::process::exit(1);
            }
        }
        None => print!("{urls}"),
    }
    println!(
        "listening on port {port} of 127.0.0.1 to 127.0.0.{}",
        options.hosts
    );
    let _ = std::io::stdout().flush();
    let options = std::sync::Arc::new(options);
    std::thread::scope(|scope| {
        for listener in &listeners {
            let options = &options;
            scope.spawn(move || {
                for stream in listener.incoming().flatten() {
                    let options = std::sync::Arc::clone(options);
                    std::thread::spawn(move || {
                        let _ = serve(stream, &options, port);
                    });
                }
            });
        }
    });
}

/// Answers requests on one connection until the client closes it (keep-alive, as both clients
/// use it), each after the configured latency.
fn serve(stream: TcpStream, options: &Options, port: u16) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut conditional = false;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
                break;
            }
            let lower = header.to_ascii_lowercase();
            conditional |=
                lower.starts_with("if-none-match:") || lower.starts_with("if-modified-since:");
        }
        std::thread::sleep(options.latency);
        let path = request_line.split_whitespace().nth(1).unwrap_or("/");
        let feed = path
            .strip_prefix("/feed/")
            .and_then(|rest| rest.strip_suffix(".xml"))
            .and_then(|number| number.parse::<usize>().ok())
            .filter(|&feed| feed < options.feeds);
        let response = match feed {
            Some(feed) if conditional => format!(
                "HTTP/1.1 304 Not Modified\r\nETag: \"feed-{feed}\"\r\nContent-Length: 0\r\n\r\n"
            ),
            Some(feed) => {
                let body = rss(feed, options, port);
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\n\
                     ETag: \"feed-{feed}\"\r\nLast-Modified: {LAST_MODIFIED}\r\n\
                     Content-Length: {}\r\n\r\n{body}",
                    body.len()
                )
            }
            None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_string(),
        };
        writer.write_all(response.as_bytes())?;
    }
}

fn story_url(port: u16, feed: usize, item: usize) -> String {
    format!("http://127.0.0.1:{port}/story/{feed}/{item}")
}

fn rss(feed: usize, options: &Options, port: u16) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Loopback News {feed}</title><link>http://127.0.0.1:{port}/</link>\
         <description>Feed {feed} of the fetch benchmark</description>\n"
    );
    for item in 0..options.items {
        let other = story_url(port, (feed + 1) % options.feeds, item);
        let previous = match item {
            0 => String::new(),
            _ => format!(
                "see <a href=\"{}\">the earlier report</a> and ",
                story_url(port, feed, item - 1)
            ),
        };
        let day = 1 + item % 28;
        out.push_str(&format!(
            "<item><title>Story {item} of feed {feed}: harbour council weighs new tram plans</title>\
             <link>{link}</link><guid>{link}</guid>\
             <pubDate>Tue, {day:02} Dec 2026 {hour:02}:00:00 GMT</pubDate>\
             <description><![CDATA[<p>The council met on Tuesday to discuss the plans for the \
             eastside line, which would run along the quay and past the market.</p>\
             <p>Residents said the works would <b>disrupt</b> trade for a season; \
             {previous}<a href=\"{other}\">the view from the other side</a>.</p>\
             <ul><li>Cost: &pound;12m</li><li>Length: 4&nbsp;km</li></ul>]]></description></item>\n",
            link = story_url(port, feed, item),
            hour = item % 24,
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}
