//! The article in a web page: its headline and its own paragraphs, without the site's
//! navigation, cookie banner, "most read" box, comments or footer. Used for `save URL` and for
//! subscriptions whose items carry only a summary (`--full-text`).
//!
//! The work is done by `dom_smoothie`, a port of Mozilla's Readability (the reader view of
//! Firefox), chosen over `readability`, `legible` and `readabilityrs` by trying them on pages
//! modelled on a newspaper, a blog, a wire service and a page of related links
//! (docs/decisions/full-text-extraction.md). Its output is HTML with the links kept and made
//! absolute, so links in the article to stories already in the library can become Read More
//! lines like a feed item's.
//!
//! Readability drops a link-heavy box even when it is the story's own "Read more:" teaser or
//! its "Related stories" list, so those links are collected from the page beforehand
//! ([`Extracted::related`]): the caller keeps the ones that point at stories in the library.

use std::fmt;

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability, ReadabilityError};

/// More elements than any real article page has (a long news page has a few thousand, a 1 MB
/// page with thousands of comments some tens of thousands): a page past this is refused rather
/// than scored, so a hostile page costs bounded time.
const MAX_ELEMENTS: usize = 200_000;

/// The article found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The headline (the page title without the site's name), when the page has one.
    pub title: Option<String>,
    /// The article's HTML: its paragraphs, headings, lists and quotes, links absolute.
    pub html: String,
    /// Links the page offers as related reading ("Read more:" teasers, "Related stories",
    /// "See also") that are not in [`Extracted::html`], absolute, in page order, each once.
    pub related: Vec<RelatedLink>,
}

/// A link the page offers as related reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedLink {
    pub url: url::Url,
    /// The link's text, on one line.
    pub text: String,
}

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// Nothing in the page looks like an article's text (an index page, a login wall).
    NoArticle,
    /// The page has more elements than [`MAX_ELEMENTS`].
    TooLarge(usize),
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtractError::NoArticle => write!(f, "no article text found in the page"),
            ExtractError::TooLarge(elements) => write!(
                f,
                "the page has {elements} elements, more than the {MAX_ELEMENTS} an article page may have"
            ),
        }
    }
}

impl std::error::Error for ExtractError {}

/// The article in `html`, the page found at `url` (which makes the article's relative links
/// absolute).
pub fn extract(html: &str, url: &url::Url) -> Result<Extracted, ExtractError> {
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    // One parse serves both: the related links are read before Readability rewrites the tree.
    let document = Document::from(html);
    let mut related = related_links(&document, url);
    let mut readability = Readability::with_document(document, Some(url.as_str()), Some(config))
        .map_err(from_readability)?;
    let article = readability.parse().map_err(from_readability)?;
    if article.text_content.trim().is_empty() {
        return Err(ExtractError::NoArticle);
    }
    let html = article.content.to_string();
    related.retain(|link| {
        !html.contains(&format!(
            "href=\"{}\"",
            link.url.as_str().replace('&', "&amp;")
        ))
    });
    let title = crate::domain::sanitize::one_line(&article.title);
    Ok(Extracted {
        title: (!title.is_empty()).then_some(title),
        html,
        related,
    })
}

/// Words in a class or id that mark a box of related reading.
const RELATED_MARKS: &[&str] = &[
    "related",
    "read-more",
    "readmore",
    "read_more",
    "see-also",
    "seealso",
    "more-on",
    "teaser",
];

/// Words that introduce a related link in running text ("Read more: <a>…</a>").
const RELATED_LEADS: &[&str] = &["read more", "related", "see also", "more on this"];

/// How many ancestors of a link are looked at for a related-reading box.
const RELATED_DEPTH: usize = 5;

/// The page's links that it presents as related reading (see [`RELATED_MARKS`] and
/// [`RELATED_LEADS`]), resolved against `url`, http(s) only, each once, in page order.
fn related_links(document: &Document, url: &url::Url) -> Vec<RelatedLink> {
    let mut links: Vec<RelatedLink> = Vec::new();
    for anchor in document.select("a[href]").nodes() {
        if !is_related(anchor) {
            continue;
        }
        let Some(target) = anchor
            .attr("href")
            .and_then(|href| url.join(href.trim()).ok())
        else {
            continue;
        };
        let text = crate::domain::sanitize::one_line(&anchor.text());
        if !matches!(target.scheme(), "http" | "https")
            || text.is_empty()
            || links.iter().any(|link| link.url == target)
        {
            continue;
        }
        links.push(RelatedLink { url: target, text });
    }
    links
}

fn is_related(anchor: &NodeRef<'_>) -> bool {
    let Some(parent) = anchor.parent() else {
        return false;
    };
    let lead = parent.text().trim_start().to_lowercase();
    if RELATED_LEADS.iter().any(|word| lead.starts_with(word)) {
        return true;
    }
    anchor
        .ancestors_it(Some(RELATED_DEPTH))
        .take_while(|node| !matches!(node.node_name().as_deref(), Some("body" | "html")))
        .any(|node| {
            let names = format!(
                "{} {}",
                node.class().as_deref().unwrap_or(""),
                node.id_attr().as_deref().unwrap_or("")
            )
            .to_lowercase();
            RELATED_MARKS.iter().any(|mark| names.contains(mark))
        })
}

fn from_readability(err: ReadabilityError) -> ExtractError {
    match err {
        ReadabilityError::TooManyElements(found, _) => ExtractError::TooLarge(found),
        // The URL is a parsed `url::Url`, absolute by construction; whatever else fails means
        // there was no article to grab.
        ReadabilityError::BadDocumentURL | ReadabilityError::GrabFailed => ExtractError::NoArticle,
    }
}

#[cfg(test)]
mod tests;
