//! A feed document (RSS 0.9x/1.0/2.0, Atom, JSON Feed, by `feed-rs`) as stories to write.
//!
//! feed-rs reads XML with quick-xml, which resolves only the five predefined entities and
//! character references: a DTD's own entities (a "billion laughs") and external entities are
//! never expanded or fetched. A web page served where a feed was expected is recognised and
//! its advertised feeds returned, for `feeds add` and for a clear error.

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, Text};
use url::Url;

use super::charset;
use super::html;
use super::ledger::item_key;
use super::writer::{ArticleDraft, Paragraph};

/// One item of a feed: its dedup key and its story (folder and feed left for the caller).
#[derive(Debug, Clone)]
pub struct FeedItem {
    pub key: String,
    pub draft: ArticleDraft,
    /// [`draft_hash`](super::ledger::draft_hash) of the story as the feed tells it, before any
    /// full text replaces it: what tells a changed item from one already written.
    pub content: u64,
}

/// A parsed feed.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    pub title: String,
    /// The site the feed belongs to.
    pub link: Option<String>,
    /// Items in feed order, duplicates (same key) left out.
    pub items: Vec<FeedItem>,
}

/// Why a document gave no feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// A web page: the feeds it advertises (`<link rel="alternate">`), maybe none.
    #[error("a web page, not a feed{}", advertised(.0))]
    WebPage(Vec<String>),
    #[error("not a feed: {0}")]
    Invalid(String),
}

fn advertised(feeds: &[String]) -> String {
    match feeds.first() {
        Some(first) => format!(" (it advertises {first})"),
        None => " (it advertises no feed)".to_owned(),
    }
}

/// Whether a document is HTML rather than a feed, from its type and first bytes.
fn looks_like_html(text: &str, content_type: Option<&str>) -> bool {
    let start = text
        .trim_start()
        .get(..200)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    let declared_html = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || (declared_html && !start.starts_with("<?xml") && !start.starts_with("<rss"))
}

/// The feeds a web page advertises with `<link rel="alternate" type="…rss|atom|json…">`,
/// absolute, in page order.
pub fn discover(page: &str, page_url: &Url) -> Vec<String> {
    let document = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse("link[rel][href]").expect("a valid selector");
    let base = document
        .select(&scraper::Selector::parse("base[href]").expect("a valid selector"))
        .next()
        .and_then(|base| page_url.join(base.attr("href")?).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut found = Vec::new();
    for link in document.select(&selector) {
        let rel = link.attr("rel").unwrap_or_default().to_ascii_lowercase();
        let kind = link.attr("type").unwrap_or_default().to_ascii_lowercase();
        let is_feed = kind.contains("rss") || kind.contains("atom") || kind.contains("feed+json");
        if rel.split_whitespace().any(|r| r == "alternate")
            && is_feed
            && let Some(url) = html::resolve(Some(&base), link.attr("href").unwrap_or_default())
            && !found.contains(&url)
        {
            found.push(url);
        }
    }
    found
}

/// Parses the bytes of a feed fetched from `url` (its `Content-Type`, if any, for the charset).
pub fn parse(bytes: &[u8], content_type: Option<&str>, url: &Url) -> Result<ParsedFeed, FeedError> {
    let text = charset::decode(bytes, content_type);
    if looks_like_html(&text, content_type) {
        return Err(FeedError::WebPage(discover(&text, url)));
    }
    let text = charset::declare_utf8(text);
    // Items without a guid keep an empty id: the key then comes from link or title and date,
    // not from feed-rs's hash, which changes with the title.
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(url.as_str()))
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser
        .parse(text.as_bytes())
        .map_err(|err| FeedError::Invalid(crate::domain::sanitize::one_line(&err.to_string())))?;
    Ok(convert(feed, url))
}

/// Plain text of a feed-rs text (a title). Read as HTML whatever its declared type: RSS
/// titles are "plain" to feed-rs but often hold escaped markup, and a title's tags are never
/// meant to be shown.
fn text(text: &Text) -> String {
    html::text_of(&text.content)
}

fn convert(feed: Feed, url: &Url) -> ParsedFeed {
    let title = feed.title.as_ref().map(text).unwrap_or_default();
    let feed_link = (feed.links.iter())
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .and_then(|link| url.join(&link.href).ok());
    let mut items: Vec<FeedItem> = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for entry in &feed.entries {
        let item = convert_entry(entry, url, feed_link.as_ref());
        if keys.insert(item.key.clone()) {
            items.push(item);
        }
    }
    ParsedFeed {
        title: crate::domain::feeds::writer::clean_title(&title),
        link: feed_link.map(String::from),
        items,
    }
}

fn convert_entry(entry: &Entry, feed_url: &Url, feed_link: Option<&Url>) -> FeedItem {
    let fallback = feed_link.unwrap_or(feed_url);
    let entry_base = (entry.base.as_deref()).and_then(|base| fallback.join(base).ok());
    let link_base = entry_base.as_ref().unwrap_or(fallback);
    let link = (entry.links.iter())
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .and_then(|link| html::resolve(Some(link_base), &link.href));
    let link_url = link.as_deref().and_then(|link| Url::parse(link).ok());
    // Relative links in the text: xml:base, else the item's own page, else the feed's site.
    let base = entry_base
        .as_ref()
        .or(link_url.as_ref())
        .unwrap_or(fallback);
    let paragraphs = body(entry, base);
    let title = entry.title.as_ref().map(text).unwrap_or_default();
    let published: Option<DateTime<Utc>> = entry.published.or(entry.updated);
    let date = published.map(|date| date.to_rfc3339());
    let key = item_key(&entry.id, link.as_deref(), &title, date.as_deref());
    let draft = ArticleDraft {
        title,
        paragraphs,
        source: link,
        published,
        ..ArticleDraft::default()
    };
    FeedItem {
        key,
        content: super::ledger::draft_hash(&draft),
        draft,
    }
}

/// The item's text: its content, else its summary, else a media description.
fn body(entry: &Entry, base: &Url) -> Vec<Paragraph> {
    if let Some(content) = &entry.content
        && let Some(body) = content.body.as_deref().filter(|b| !b.trim().is_empty())
    {
        let subtype = content.content_type.subty().as_str();
        return if subtype == "plain" {
            html::plain_paragraphs(body)
        } else {
            html::paragraphs(body, Some(base))
        };
    }
    if let Some(summary) = &entry.summary {
        // Read as HTML whatever its declared type: RSS descriptions are "plain" to feed-rs
        // but usually hold escaped HTML, and plain text reads the same either way.
        return html::paragraphs(&summary.content, Some(base));
    }
    let description = (entry.media.iter()).find_map(|media| media.description.as_ref());
    description.map_or_else(Vec::new, |d| html::plain_paragraphs(&d.content))
}
