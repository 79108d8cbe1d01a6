//! An item's HTML as paragraphs of plain text, each with the links it held.
//!
//! One paragraph per block element; list items, headings, quotes, table rows and `<br>`-broken
//! lines each their own; images as their alt text; scripts, styles, forms and embedded
//! objects dropped. html5ever (through `scraper`) parses it as a browser would, so broken or
//! hostile markup still gives text, entities decoded and no tag left. The walk is iterative,
//! and markup nested deeper than [`MAX_DEPTH`] (where html5ever's tree building turns
//! quadratic) is flattened first by [`flatten`], a linear pass that keeps block boundaries.

use ego_tree::iter::Edge;
use scraper::{Html, Node};
use url::Url;

use super::writer::Paragraph;

/// Elements whose content is never text to read.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head",
    "title", "form", "button", "select", "textarea", "canvas", "video", "audio",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "body",
    "html",
];

/// Nesting past which the markup is flattened before it is parsed.
const MAX_DEPTH: usize = 256;

/// Elements that never have an end tag, left out of the depth count.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The name of the tag starting at `rest` (after its `<`, and `/` for an end tag), lowercased.
fn tag_name(rest: &str) -> String {
    rest.chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How deep the elements of `html` nest, roughly (tags counted as they come, void elements
/// left out): enough to tell a page from a nesting attack, in one pass.
fn depth(html: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (at, _) in html.match_indices('<') {
        let rest = &html[at + 1..];
        if let Some(end) = rest.strip_prefix('/') {
            if !tag_name(end).is_empty() {
                depth = depth.saturating_sub(1);
            }
        } else {
            let name = tag_name(rest);
            if !name.is_empty() && !VOID.contains(&name.as_str()) {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

/// `html` without its tags: block tags become `<p>` boundaries, the content of skipped
/// elements is dropped, and links are lost. Entities stay for the parser to decode.
fn flatten(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    while let Some(at) = rest.find('<') {
        if skip_until.is_none() {
            out.push_str(&rest[..at]);
        }
        let after = &rest[at + 1..];
        let end = after.find('>').map_or(after.len(), |end| end + 1);
        let (closing, name) = match after.strip_prefix('/') {
            Some(tail) => (true, tag_name(tail)),
            None => (false, tag_name(after)),
        };
        match &skip_until {
            Some(skipped) if closing && *skipped == name => skip_until = None,
            Some(_) => {}
            None if !closing && SKIPPED.contains(&name.as_str()) => skip_until = Some(name),
            None if BLOCKS.contains(&name.as_str()) || name == "br" => out.push_str("<p>"),
            None if name == "img" => out.push(' '),
            None => {}
        }
        rest = &after[end..];
    }
    if skip_until.is_none() {
        out.push_str(rest);
    }
    out
}

/// Collects the text and links of the paragraph being read.
struct Collector<'a> {
    base: Option<&'a Url>,
    text: String,
    links: Vec<String>,
    out: Vec<Paragraph>,
}

impl Collector<'_> {
    fn flush(&mut self) {
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.text.clear();
        let links = std::mem::take(&mut self.links);
        if !text.is_empty() {
            self.out.push(Paragraph { text, links });
        } else if let Some(last) = self.out.last_mut() {
            // A link around an image or nothing still belongs to the story's text.
            last.links.extend(links);
        }
    }

    fn link(&mut self, href: &str) {
        if let Some(url) = resolve(self.base, href) {
            self.links.push(url);
        }
    }
}

/// `href` as an absolute http(s) URL, resolved against `base`; `None` for anything else
/// (`javascript:`, `mailto:`, a fragment of the same page).
pub fn resolve(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = match base {
        Some(base) => base.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// The paragraphs of `html`, links resolved against `base`.
pub fn paragraphs(html: &str, base: Option<&Url>) -> Vec<Paragraph> {
    let flat;
    let html = if depth(html) > MAX_DEPTH {
        flat = flatten(html);
        &flat
    } else {
        html
    };
    let document = Html::parse_fragment(html);
    let mut collector = Collector {
        base,
        text: String::new(),
        links: Vec::new(),
        out: Vec::new(),
    };
    let mut skipping = 0usize;
    let mut in_pre = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if skipping > 0 || SKIPPED.contains(&name) {
                        skipping += 1;
                        continue;
                    }
                    if BLOCKS.contains(&name) {
                        collector.flush();
                    }
                    match name {
                        "br" => collector.flush(),
                        "pre" => in_pre += 1,
                        "img" => {
                            if let Some(alt) = element.attr("alt") {
                                collector.text.push(' ');
                                collector.text.push_str(alt);
                                collector.text.push(' ');
                            }
                        }
                        "a" => {
                            if let Some(href) = element.attr("href") {
                                collector.link(href);
                            }
                        }
                        "td" | "th" => collector.text.push(' '),
                        _ => {}
                    }
                }
                Node::Text(text) if skipping == 0 => {
                    if in_pre > 0 {
                        let mut lines = text.split('\n');
                        if let Some(first) = lines.next() {
                            collector.text.push_str(first);
                        }
                        for line in lines {
                            collector.flush();
                            collector.text.push_str(line);
                        }
                    } else {
                        collector.text.push_str(text);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if skipping > 0 {
                        skipping -= 1;
                        continue;
                    }
                    let name = element.name();
                    if name == "pre" {
                        in_pre = in_pre.saturating_sub(1);
                    }
                    if BLOCKS.contains(&name) {
                        collector.flush();
                    }
                }
            }
        }
    }
    collector.flush();
    collector.out
}

/// Text that may hold markup (a title, a summary marked as HTML) as one line of text.
pub fn text_of(html: &str) -> String {
    let paragraphs = paragraphs(html, None);
    let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
    texts.join(" ")
}

/// Plain text (no markup) as paragraphs: one per non-blank line.
pub fn plain_paragraphs(text: &str) -> Vec<Paragraph> {
    (text.lines())
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .map(|text| Paragraph {
            text,
            links: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        paragraphs(html, None).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn blocks_list_items_headings_quotes_and_rows_are_lines() {
        let html = "<h2>Head</h2><p>One <b>bold</b>&nbsp;word &amp; more.</p>\
            <ul><li>first</li><li>second</li></ul><blockquote>Said.</blockquote>\
            <table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>\
            <p>line<br>break</p><div>plain text</div>";
        assert_eq!(
            texts(html),
            [
                "Head",
                "One bold word & more.",
                "first",
                "second",
                "Said.",
                "a b",
                "c",
                "line",
                "break",
                "plain text"
            ]
        );
    }

    #[test]
    fn scripts_styles_and_images_leave_no_code() {
        let html = "<p>Before<script>alert('x')</script><style>p{}</style></p>\
            <p><img src=a.png alt=\"A chart\"> <img src=b.png></p><form><input value=x></form>\
            <p>&lt;b&gt; is text</p>";
        assert_eq!(texts(html), ["Before", "A chart", "<b> is text"]);
    }

    #[test]
    fn links_resolve_against_the_base_and_stay_with_their_paragraph() {
        let base = Url::parse("https://ex.com/news/item").unwrap();
        let got = paragraphs(
            "<p>See <a href=\"../b\">b</a> and <a href='https://o.org/c'>c</a>.</p>\
             <p><a href=\"javascript:x()\">no</a> <a href=\"#top\">top</a> \
             <a href=\"mailto:a@b\">mail</a></p>",
            Some(&base),
        );
        assert_eq!(got[0].links, ["https://ex.com/b", "https://o.org/c"]);
        assert!(got[1].links.is_empty());
    }

    #[test]
    fn deep_nesting_and_broken_markup_still_give_text() {
        let deep = format!(
            "{}deep <b>&amp;</b><script>x</script>{}",
            "<div><span>".repeat(200_000),
            "</span></div>".repeat(10)
        );
        assert_eq!(texts(&deep), ["deep &"]);
        assert_eq!(depth("<div><p>a<br><img src=x></p><p>b</p></div>"), 2);
        assert_eq!(
            texts("<p>open <i>never closed<p>next"),
            ["open never closed", "next"]
        );
    }
}
