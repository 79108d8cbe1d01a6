//! Where a query's words stand in a text: highlighting in the reader (`n`/`N`), in titles, and
//! the snippet shown with each hit.
//!
//! The engine answers which articles match, not where; this small matcher runs the same
//! analyzer over one text and compares terms, so a highlight is exactly a match the engine
//! made (the same words, the same folding, a phrase only where its words stand in a row, the
//! word being typed as a prefix). It stays because the engine keeps no text (article bodies
//! are read from the library) and its own snippets highlight words, not phrases.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::query::{Needle, Query};
use super::tokenizer::{self, Term};
use crate::domain::article::{Article, Block};

/// Display columns of a snippet's text, not counting its ellipses.
pub(super) const SNIPPET_WIDTH: usize = 80;
/// Columns of context kept before the first hit, when the text after it fills the snippet.
const SNIPPET_LEAD: usize = 20;
/// Marks where a snippet cuts its paragraph.
const ELLIPSIS: char = '…';

/// Byte ranges in `text` of every occurrence of every word and phrase of `query`, sorted and
/// merged where they overlap or touch, for highlighting. A word being typed highlights the
/// whole word it starts; a CJK word covers the characters it matched.
pub fn hits_in(text: &str, query: &Query) -> Vec<Range<usize>> {
    if query.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let terms = tokenizer::terms(text);
    let mut ranges: Vec<Range<usize>> = query
        .needles
        .iter()
        .flat_map(|needle| occurrences(&terms, needle))
        .collect();
    ranges.sort_unstable_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Where `needle` matches in `terms` (a text's terms, in order).
fn occurrences<'t>(
    terms: &'t [Term],
    needle: &'t Needle,
) -> impl Iterator<Item = Range<usize>> + 't {
    let len = needle.terms.len();
    terms.windows(len).filter_map(move |window| {
        let last = len - 1;
        let matched = window
            .iter()
            .zip(&needle.terms)
            .enumerate()
            .all(|(n, (found, wanted))| {
                let same = if n == last && needle.prefix {
                    found.text.starts_with(wanted.as_str())
                } else {
                    found.text == *wanted
                };
                same && found.position == window[0].position + n
            });
        matched.then(|| window[0].from..window[last].to)
    })
}

/// The snippet for an article that matched `query`: one line around the first hit in the
/// body, or the start of the body when only the title matched.
pub(super) fn article_snippet(article: &Article, query: &Query) -> String {
    let mut paragraphs = article.blocks.iter().filter_map(|block| match block {
        Block::Paragraph(text) => Some(text.as_str()),
        Block::Link(_) => None,
    });
    let first = paragraphs.clone().next();
    for text in paragraphs.by_ref() {
        if let Some(hit) = hits_in(text, query).into_iter().next() {
            return snippet(text, Some(hit));
        }
    }
    first.map(|text| snippet(text, None)).unwrap_or_default()
}

/// One line of `text` around `hit` (or from its start): about [`SNIPPET_WIDTH`] columns, cut
/// between words where possible, with `…` where text was left out.
pub(super) fn snippet(text: &str, hit: Option<Range<usize>>) -> String {
    let hit = hit.unwrap_or(0..0);
    // Context before the hit: SNIPPET_LEAD columns, or more when the rest is short.
    let (_, after) = forward(text, hit.start, SNIPPET_WIDTH);
    let lead = SNIPPET_LEAD.max(SNIPPET_WIDTH - after);
    let mut start = back(text, hit.start, lead);
    let cut_mid_word = text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    if cut_mid_word && let Some(space) = text[start..hit.start].find(char::is_whitespace) {
        start += space;
    }
    while let Some(c) = text[start..].chars().next().filter(|c| c.is_whitespace()) {
        start += c.len_utf8();
    }

    let (mut end, _) = forward(text, start, SNIPPET_WIDTH);
    let cut_mid_word = text[end..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace());
    let keep = hit.end.clamp(start, end);
    if cut_mid_word && let Some(space) = text[keep..end].rfind(char::is_whitespace) {
        end = keep + space;
    }
    let body = text[start..end].trim_end();

    let mut out = String::with_capacity(body.len() + 2 * ELLIPSIS.len_utf8());
    if start > 0 {
        out.push(ELLIPSIS);
    }
    // Article text is sanitised already; this only keeps a snippet one line whatever it is
    // given. Control characters are below 0x20, 0x7f, or (C1) start with the byte 0xc2.
    if body.bytes().all(|b| b >= 0x20 && b != 0x7f && b != 0xc2) {
        out.push_str(body);
    } else {
        out.extend(body.chars().map(|c| if c.is_control() { ' ' } else { c }));
    }
    if end < text.len() {
        out.push(ELLIPSIS);
    }
    out
}

/// The end of the longest stretch of `text` from byte `from` that fits in `columns`, and its
/// width.
fn forward(text: &str, from: usize, columns: usize) -> (usize, usize) {
    let ascii_end = text.len().min(from + columns);
    if text.as_bytes()[from..ascii_end].is_ascii() {
        return (ascii_end, ascii_end - from);
    }
    let (mut end, mut used) = (from, 0);
    for c in text[from..].chars() {
        if used + width(c) > columns {
            break;
        }
        used += width(c);
        end += c.len_utf8();
    }
    (end, used)
}

/// The start of the longest stretch of `text` ending at byte `to` that fits in `columns`.
fn back(text: &str, to: usize, columns: usize) -> usize {
    let ascii_start = to.saturating_sub(columns);
    if text.as_bytes()[ascii_start..to].is_ascii() {
        return ascii_start;
    }
    let (mut start, mut used) = (to, 0);
    for c in text[..to].chars().rev() {
        if used + width(c) > columns {
            break;
        }
        used += width(c);
        start -= c.len_utf8();
    }
    start
}

/// Display columns of a character (control characters count as the space they become).
fn width(c: char) -> usize {
    c.width().unwrap_or(1)
}
