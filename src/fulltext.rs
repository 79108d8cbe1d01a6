//! Full-text search over article titles and paragraphs, like a browser's find across the whole
//! library: every term must occur somewhere in an article (AND), `"quoted phrases"` must occur
//! as consecutive words (any run of whitespace between them), and matching ignores case by
//! Unicode default case folding, so `STRASSE` finds `Straße` and `ÉCOLE` finds `école`. Terms
//! match inside words: `korea` finds `Korean`. `Read More:` lines are not searched.
//!
//! Built for 100,000 articles (350 MB of text) without keeping a second copy of it. Nearly all
//! text needs no folding beyond ASCII case: it is ASCII, or its other characters fold to
//! themselves (CJK, lower-case accented letters). [`FullText::new`] records, per title and
//! paragraph, whether that holds (a few bits an article); such text is searched where it lies,
//! comparing ASCII letters without regard to case. Only the other paragraphs are folded, at
//! query time, into a per-thread buffer that records where folding changed lengths, so that hit
//! positions always map back to char boundaries of the original text.
//!
//! Candidate positions are found 32 at a time by testing the two rarest bytes of the term's
//! first word (a loop the compiler turns into SIMD compares), then verified. Articles are
//! shared out to every core in batches, and a search can be cancelled between batches.

use std::ops::Range;

use caseless::Caseless;
use rayon::prelude::*;
use unicode_width::UnicodeWidthChar;

use crate::article::{Article, Block};
use crate::library::{ArticleId, Library};

/// How much more an occurrence in the title counts than one in the body.
const TITLE_WEIGHT: u32 = 10;
/// Occurrences of one term counted in a title, and in a body: beyond this, repeating a word
/// does not make an article more relevant.
const COUNT_CAP: u32 = 10;
/// Display columns of a snippet's text, not counting its ellipses.
const SNIPPET_WIDTH: usize = 80;
/// Columns of context kept before the first hit, when the text after it fills the snippet.
const SNIPPET_LEAD: usize = 20;
/// Articles a search job takes at a time; cancellation is checked between batches.
const BATCH: usize = 512;
/// Candidate start positions tested at once.
const LANES: usize = 32;
/// Marks where a snippet cuts its paragraph.
const ELLIPSIS: char = '…';

/// A parsed full-text query: terms and phrases that must all occur.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// In the order typed.
    needles: Vec<Needle>,
    /// Indexes into `needles`, longest first: the order to test them in, since a longer term
    /// is likelier to be missing from an article and end its test early.
    order: Vec<usize>,
}

impl Query {
    fn new(needles: Vec<Needle>) -> Query {
        let mut order: Vec<usize> = (0..needles.len()).collect();
        order.sort_by_key(|&n| std::cmp::Reverse(needles[n].min_len));
        Query { needles, order }
    }

    fn by_length(&self) -> impl Iterator<Item = &Needle> {
        self.order.iter().map(|&n| &self.needles[n])
    }

    /// True when the query has no terms, and so matches nothing.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// The terms and phrases as they are matched: case-folded, the words of a phrase joined by
    /// one space.
    pub fn terms(&self) -> Vec<String> {
        self.needles
            .iter()
            .map(|needle| {
                let words: Vec<&str> = needle
                    .words
                    .iter()
                    .map(|word| std::str::from_utf8(word).unwrap_or_default())
                    .collect();
                words.join(" ")
            })
            .collect()
    }
}

/// Parses what the user typed: whitespace separates terms, `"…"` groups words into a phrase
/// (an unterminated quote runs to the end). Repeated terms count once.
pub fn parse_query(text: &str) -> Query {
    let mut needles: Vec<Needle> = Vec::new();
    let mut add = |words: Vec<&str>| {
        if let Some(needle) = Needle::new(&words)
            && !needles.contains(&needle)
        {
            needles.push(needle);
        }
    };
    let mut rest = text;
    while !rest.is_empty() {
        let (loose, quoted) = match rest.split_once('"') {
            Some((loose, after)) => (loose, Some(after)),
            None => (rest, None),
        };
        for word in loose.split_whitespace() {
            add(vec![word]);
        }
        rest = match quoted {
            Some(after) => {
                let (phrase, next) = after.split_once('"').unwrap_or((after, ""));
                add(phrase.split_whitespace().collect());
                next
            }
            None => "",
        };
    }
    Query::new(needles)
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextHit {
    pub id: ArticleId,
    /// Higher is more relevant; only the order matters.
    pub score: u32,
    /// One line of the body around the first hit (or the body's start when only the title
    /// matched), about [`SNIPPET_WIDTH`] columns, with `…` where it was cut.
    pub snippet: String,
}

/// What full-text search knows about a library ahead of a query: which titles and paragraphs
/// can be searched without Unicode folding. About 8 bytes an article.
///
/// Built for one library; rebuild it when the library is reloaded. (Given another library it
/// still answers without panicking, but may miss non-ASCII case variants.)
#[derive(Debug, Clone, Default)]
pub struct FullText {
    shapes: Vec<Shape>,
}

impl FullText {
    /// Examines every title and paragraph of `library`, on every core.
    pub fn new(library: &Library) -> FullText {
        let entries = library.entries();
        let shapes = entries
            .par_iter()
            .map(|entry| Shape::of(&entry.article))
            .collect();
        FullText { shapes }
    }

    /// How many articles this was built for.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The articles of `library` that contain every term of `query`, most relevant first, ties
    /// in path order. An empty query matches nothing.
    pub fn search(&self, library: &Library, query: &Query) -> Vec<TextHit> {
        self.search_unless(library, query, &|| false)
            .unwrap_or_default()
    }

    /// Like [`FullText::search`], but gives up (returning `None`) soon after `cancelled` says
    /// the answer is no longer wanted.
    pub fn search_unless(
        &self,
        library: &Library,
        query: &Query,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<TextHit>> {
        if cancelled() {
            return None;
        }
        if query.is_empty() {
            return Some(Vec::new());
        }
        // Batches in id order; a `None` (cancelled) ends the collection early.
        let parts: Option<Vec<Vec<TextHit>>> = library
            .entries()
            .par_chunks(BATCH)
            .enumerate()
            .map_init(Scratch::default, |scratch, (batch, entries)| {
                if cancelled() {
                    return None;
                }
                let first = batch * BATCH;
                let hits = entries.iter().enumerate().filter_map(|(offset, entry)| {
                    let id = ArticleId::new(first + offset);
                    let shape = self
                        .shapes
                        .get(id.index())
                        .copied()
                        .unwrap_or(Shape::FOLD_ALL);
                    match_article(id, &entry.article, shape, query, scratch)
                });
                Some(hits.collect())
            })
            .collect();
        let mut hits: Vec<TextHit> = parts?.into_iter().flatten().collect();
        hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        Some(hits)
    }
}

/// Byte ranges in `text` of every occurrence of every term and phrase of `query`, sorted and
/// merged where they overlap or touch, for highlighting. Ranges always lie on char boundaries
/// of `text`, even where folding changes lengths (a hit inside the `ss` of a folded `ß` covers
/// the whole `ß`).
pub fn hits_in(text: &str, query: &Query) -> Vec<Range<usize>> {
    if query.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let mut folded = Folded::default();
    let hay = if is_plain(text) {
        Hay::plain(text)
    } else {
        folded.fold(text);
        folded.hay()
    };
    let mut ranges = Vec::new();
    for needle in &query.needles {
        find_all(hay.bytes, needle, true, |start, end| {
            ranges.push(hay.original(start..end));
            true
        });
    }
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

/// Scores one article against every needle; `None` unless all of them occur.
fn match_article(
    id: ArticleId,
    article: &Article,
    shape: Shape,
    query: &Query,
    scratch: &mut Scratch,
) -> Option<TextHit> {
    if !shape.is_plain(Part::Title) {
        scratch.title.fold(&article.title);
    }
    let mut folded = 0;
    for (index, block) in article.blocks.iter().enumerate() {
        if let Block::Paragraph(text) = block
            && !shape.is_plain(Part::Block(index))
        {
            if scratch.blocks.len() == folded {
                scratch.blocks.push(Folded::default());
            }
            scratch.blocks[folded].fold(text);
            folded += 1;
        }
    }
    let scratch = &*scratch;
    let title = if shape.is_plain(Part::Title) {
        Hay::plain(&article.title)
    } else {
        scratch.title.hay()
    };
    let body = || {
        let mut folded = scratch.blocks.iter();
        article
            .blocks
            .iter()
            .enumerate()
            .filter_map(move |(index, block)| match block {
                Block::Paragraph(text) if shape.is_plain(Part::Block(index)) => {
                    Some((index, Hay::plain(text)))
                }
                Block::Paragraph(_) => folded.next().map(|f| (index, f.hay())),
                Block::Link(_) => None,
            })
    };

    let mut score = 0;
    // The earliest hit in the body: (block index, byte range in that paragraph).
    let mut first: Option<(usize, Range<usize>)> = None;
    for needle in query.by_length() {
        let (in_title, _) = count(title.bytes, needle, COUNT_CAP);
        let mut in_body = 0;
        let mut needle_first = None;
        for (index, hay) in body() {
            let (found, at) = count(hay.bytes, needle, COUNT_CAP - in_body);
            in_body += found;
            if needle_first.is_none()
                && let Some(at) = at
            {
                needle_first = Some((index, hay.original(at)));
            }
            if in_body >= COUNT_CAP {
                break;
            }
        }
        if in_title + in_body == 0 {
            return None;
        }
        score += TITLE_WEIGHT * in_title + in_body;
        if let Some((index, range)) = needle_first
            && first
                .as_ref()
                .is_none_or(|(i, r)| (index, range.start) < (*i, r.start))
        {
            first = Some((index, range));
        }
    }

    let paragraph = |wanted: Option<usize>| {
        article
            .blocks
            .iter()
            .enumerate()
            .find_map(|(index, block)| match block {
                Block::Paragraph(text) if wanted.is_none_or(|w| w == index) => Some(text.as_str()),
                _ => None,
            })
    };
    let snippet = match first {
        Some((index, range)) => paragraph(Some(index)).map(|text| snippet(text, Some(range))),
        None => paragraph(None).map(|text| snippet(text, None)),
    };
    Some(TextHit {
        id,
        score,
        snippet: snippet.unwrap_or_default(),
    })
}

/// Counts non-overlapping matches of `needle` in `hay`, stopping at `cap`; also gives the first
/// match's range in `hay`.
fn count(hay: &[u8], needle: &Needle, cap: u32) -> (u32, Option<Range<usize>>) {
    let mut found = 0;
    let mut first = None;
    if cap > 0 {
        find_all(hay, needle, false, |start, end| {
            if found == 0 {
                first = Some(start..end);
            }
            found += 1;
            found < cap
        });
    }
    (found, first)
}

/// One term (a single word) or phrase, case-folded, with the byte pair used to find candidate
/// positions quickly.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Needle {
    /// Never empty, and no word is empty or contains whitespace.
    words: Vec<Box<[u8]>>,
    /// Shortest possible match: the words with one space between each.
    min_len: usize,
    /// Two positions in the first word (the same one for a one-byte word) with, for each, the
    /// byte wanted there and a mask OR-ed into the haystack byte before comparing (0x20 for
    /// letters, so that both cases match; 0 otherwise).
    probes: [(usize, u8, u8); 2],
}

impl Needle {
    fn new(words: &[&str]) -> Option<Needle> {
        let words: Vec<Box<[u8]>> = words
            .iter()
            .map(|word| fold_str(word).into_bytes().into_boxed_slice())
            .filter(|word| !word.is_empty())
            .collect();
        let head = words.first()?;
        let min_len = words.iter().map(|word| word.len() + 1).sum::<usize>() - 1;
        let mut positions: Vec<usize> = (0..head.len()).collect();
        positions.sort_by_key(|&at| (commonness(head[at]), at));
        let probe = |at: usize| {
            let byte = head[at];
            let mask = if byte.is_ascii_lowercase() { 0x20 } else { 0 };
            (at, byte, mask)
        };
        let probes = [
            probe(positions[0]),
            probe(*positions.get(1).unwrap_or(&positions[0])),
        ];
        Some(Needle {
            words,
            min_len,
            probes,
        })
    }

    /// Whether a match starts at `at`, and where it ends. Between phrase words any run of
    /// spaces matches (the haystack has every whitespace character turned into spaces).
    fn match_at(&self, hay: &[u8], at: usize) -> Option<usize> {
        let mut at = at;
        for (n, word) in self.words.iter().enumerate() {
            if n > 0 {
                let spaces = hay[at..].iter().take_while(|&&b| b == b' ').count();
                if spaces == 0 {
                    return None;
                }
                at += spaces;
            }
            let end = at + word.len();
            if end > hay.len() || !hay[at..end].eq_ignore_ascii_case(word) {
                return None;
            }
            at = end;
        }
        Some(at)
    }

    /// Bit k set when start position `at + k` passes both probes. Needs
    /// `at + LANES - 1 + first word's length <= hay.len()`.
    #[inline]
    fn candidates(&self, hay: &[u8], at: usize) -> u32 {
        let [(i1, v1, m1), (i2, v2, m2)] = self.probes;
        let a: &[u8; LANES] = hay[at + i1..at + i1 + LANES]
            .try_into()
            .expect("LANES bytes");
        let b: &[u8; LANES] = hay[at + i2..at + i2 + LANES]
            .try_into()
            .expect("LANES bytes");
        // First only whether any lane passes: an OR-reduction vectorises well, and with rare
        // probes most blocks of lanes have no candidate at all.
        let mut any = 0u8;
        for k in 0..LANES {
            any |= u8::from(((a[k] | m1) == v1) & ((b[k] | m2) == v2));
        }
        if any == 0 {
            return 0;
        }
        let mut mask = 0u32;
        for k in 0..LANES {
            let hit = ((a[k] | m1) == v1) & ((b[k] | m2) == v2);
            mask |= u32::from(hit) << k;
        }
        mask
    }

    fn candidate(&self, hay: &[u8], at: usize) -> bool {
        self.probes.iter().all(|&(i, v, m)| (hay[at + i] | m) == v)
    }
}

/// Calls `found(start, end)` for the matches of `needle` in `hay`, left to right, while it
/// returns true. Overlapping matches are all reported when `overlapping`; otherwise the search
/// resumes after each match.
fn find_all(
    hay: &[u8],
    needle: &Needle,
    overlapping: bool,
    mut found: impl FnMut(usize, usize) -> bool,
) {
    let Some(last) = hay.len().checked_sub(needle.min_len) else {
        return;
    };
    let mut resume = 0;
    // Verifies a candidate; false when `found` wants no more.
    let mut verify = |at: usize| {
        if at < resume {
            return true;
        }
        match needle.match_at(hay, at) {
            Some(end) => {
                resume = if overlapping { at + 1 } else { end };
                found(at, end)
            }
            None => true,
        }
    };
    let mut at = 0;
    while at + LANES <= last + 1 {
        let mut mask = needle.candidates(hay, at);
        while mask != 0 {
            let k = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if !verify(at + k) {
                return;
            }
        }
        at += LANES;
    }
    if at > last {
        return;
    }
    if last + 1 >= LANES {
        // The tail, as one more block of lanes that overlaps the last one: positions before
        // `at` were tested already.
        let base = last + 1 - LANES;
        let mut mask = needle.candidates(hay, base) & (u32::MAX << (at - base));
        while mask != 0 {
            let k = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            if !verify(base + k) {
                return;
            }
        }
    } else {
        while at <= last {
            if needle.candidate(hay, at) && !verify(at) {
                return;
            }
            at += 1;
        }
    }
}

/// How common a byte is in text, roughly (English letter frequencies; UTF-8 lead bytes are
/// common in non-Latin text). The rarest bytes of a word make the best probes.
fn commonness(byte: u8) -> u8 {
    match byte {
        b'e' => 255,
        b't' => 250,
        b'a' => 245,
        b'o' => 240,
        b'i' => 235,
        b'n' => 230,
        b's' => 225,
        b'r' => 220,
        b'h' => 210,
        b'l' => 200,
        b'd' => 195,
        b'c' => 190,
        b'u' => 185,
        b'm' => 180,
        b'f' => 170,
        b'p' => 165,
        b'g' => 160,
        b'w' => 155,
        b'y' => 150,
        b'b' => 145,
        b'.' | b',' => 140,
        b'v' => 130,
        b'k' => 120,
        b'0'..=b'9' => 100,
        b'x' => 60,
        b'j' => 50,
        b'z' => 45,
        b'q' => 40,
        0xc0..=0xff => 200,
        0x80..=0xbf => 110,
        _ => 80,
    }
}

/// Default Unicode case folding, with a shortcut for ASCII.
fn fold_str(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        caseless::default_case_fold_str(text)
    }
}

/// True when `text` can be searched as it is: every character is ASCII or folds to itself, and
/// the only whitespace is the ASCII space. Then comparing with ASCII case-insensitivity is the
/// same as comparing the folded text, position for position.
fn is_plain(text: &str) -> bool {
    let printable_ascii = text.as_bytes().chunks(64).all(|chunk| {
        chunk
            .iter()
            .fold(true, |ok, &b| ok & (b.wrapping_sub(0x20) < 0x5f))
    });
    printable_ascii || {
        let table = fold_table();
        text.chars().all(|c| {
            if c.is_ascii() {
                c == ' ' || !c.is_whitespace()
            } else {
                table.folds_to_itself(c)
            }
        })
    }
}

/// True when `c` is not whitespace and its folding is itself.
fn folds_to_itself(c: char) -> bool {
    let mut folded = std::iter::once(c).default_case_fold();
    !c.is_whitespace() && folded.next() == Some(c) && folded.next().is_none()
}

/// How non-ASCII characters fold, for a lookup instead of a search of the folding table where
/// most cased text lives: every two-byte character (Latin, Greek, Cyrillic, Armenian…) has its
/// folding stored, and a bitmap says which three-byte characters fold to themselves (nearly
/// all of them: CJK, Hangul, Indic scripts, symbols).
struct FoldTable {
    /// U+0080 to U+07FF.
    two_byte: Vec<TwoByteFold>,
    /// U+0800 to U+FFFF: bit set when the character is whitespace or does not fold to itself.
    three_byte: Vec<u64>,
}

/// The folding of a two-byte character: `len` bytes of `bytes` (at most six: three
/// two-byte characters).
#[derive(Clone, Copy)]
struct TwoByteFold {
    bytes: [u8; 6],
    len: u8,
    /// The folding is one character of two bytes, so positions need no jump.
    same_length: bool,
}

enum Lookup<'t> {
    /// Folds to itself.
    Itself,
    /// A two-byte character; folds to these bytes.
    TwoByte(&'t TwoByteFold),
    /// Needs the folding table (or is whitespace).
    Slow,
}

impl FoldTable {
    fn new() -> FoldTable {
        let two_byte = (0x80..0x800)
            .map(|code| {
                let c = char::from_u32(code).unwrap_or(' ');
                let folded: String = if c.is_whitespace() {
                    " ".to_owned()
                } else {
                    std::iter::once(c).default_case_fold().collect()
                };
                let mut bytes = [0; 6];
                // Unicode folds no two-byte character to more than three characters.
                let len = folded.len().min(bytes.len());
                bytes[..len].copy_from_slice(&folded.as_bytes()[..len]);
                TwoByteFold {
                    bytes,
                    len: len as u8,
                    same_length: folded.chars().count() == 1 && folded.len() == 2,
                }
            })
            .collect();
        let mut three_byte = vec![0u64; (0x10000 - 0x800) / 64];
        for code in 0x800..0x10000u32 {
            if let Some(c) = char::from_u32(code)
                && !folds_to_itself(c)
            {
                let bit = (code - 0x800) as usize;
                three_byte[bit / 64] |= 1 << (bit % 64);
            }
        }
        FoldTable {
            two_byte,
            three_byte,
        }
    }

    /// For a non-ASCII character.
    #[inline]
    fn lookup(&self, c: char) -> Lookup<'_> {
        let code = c as usize;
        if code < 0x800 {
            Lookup::TwoByte(&self.two_byte[code - 0x80])
        } else if code < 0x10000 {
            if self.three_byte_folds_to_itself(code) {
                Lookup::Itself
            } else {
                Lookup::Slow
            }
        } else {
            Lookup::Slow
        }
    }
}

impl FoldTable {
    /// For a character from U+0800 to U+FFFF.
    #[inline]
    fn three_byte_folds_to_itself(&self, code: usize) -> bool {
        let bit = code - 0x800;
        self.three_byte[bit / 64] & (1 << (bit % 64)) == 0
    }

    /// For a non-ASCII character: the fast form of the free function [`folds_to_itself`].
    fn folds_to_itself(&self, c: char) -> bool {
        match self.lookup(c) {
            Lookup::Itself => true,
            Lookup::TwoByte(fold) => {
                fold.same_length && fold.folded() == c.encode_utf8(&mut [0; 4]).as_bytes()
            }
            Lookup::Slow => folds_to_itself(c),
        }
    }
}

impl TwoByteFold {
    fn folded(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

fn fold_table() -> &'static FoldTable {
    static TABLE: std::sync::OnceLock<FoldTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(FoldTable::new)
}

/// Which titles and paragraphs of an article are plain (see [`is_plain`]): bit 0 is set when
/// the title is not, bit 1 + n when paragraph block n is not, bit 63 when any block from 62 on
/// is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape(u64);

#[derive(Debug, Clone, Copy)]
enum Part {
    Title,
    Block(usize),
}

impl Shape {
    /// Folds everything: always correct, only slower.
    const FOLD_ALL: Shape = Shape(u64::MAX);

    fn of(article: &Article) -> Shape {
        let mut bits = 0;
        if !is_plain(&article.title) {
            bits |= Self::bit(Part::Title);
        }
        for (index, block) in article.blocks.iter().enumerate() {
            if let Block::Paragraph(text) = block
                && !is_plain(text)
            {
                bits |= Self::bit(Part::Block(index));
            }
        }
        Shape(bits)
    }

    fn bit(part: Part) -> u64 {
        match part {
            Part::Title => 1,
            Part::Block(index) => 1 << (1 + index.min(62)),
        }
    }

    fn is_plain(self, part: Part) -> bool {
        self.0 & Self::bit(part) == 0
    }
}

/// Text as the matcher sees it: the original text (plain), or its folding with the places
/// where folding changed lengths.
#[derive(Clone, Copy)]
struct Hay<'a> {
    bytes: &'a [u8],
    /// Sorted, not overlapping; empty when positions in `bytes` are positions in the original.
    jumps: &'a [Jump],
}

/// One character whose folding has another length than itself, or is several characters:
/// `folded` in the folded text came from `original` in the original text. Between jumps,
/// folded and original text have the same length.
#[derive(Debug, Clone)]
struct Jump {
    folded: Range<usize>,
    original: Range<usize>,
}

impl<'a> Hay<'a> {
    fn plain(text: &'a str) -> Hay<'a> {
        Hay {
            bytes: text.as_bytes(),
            jumps: &[],
        }
    }

    /// The range in the original text of the non-empty range `range` of `bytes`, widened to
    /// whole characters where it starts or ends inside the folding of one.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        if self.jumps.is_empty() {
            return range;
        }
        // The last jump starting at or before the start, and the last one starting before
        // the end.
        let before = |n: usize| n.checked_sub(1).map(|n| &self.jumps[n]);
        let start = match before(
            self.jumps
                .partition_point(|j| j.folded.start <= range.start),
        ) {
            None => range.start,
            Some(j) if range.start < j.folded.end => j.original.start,
            Some(j) => j.original.end + (range.start - j.folded.end),
        };
        let end = match before(self.jumps.partition_point(|j| j.folded.start < range.end)) {
            None => range.end,
            Some(j) if range.end <= j.folded.end => j.original.end,
            Some(j) => j.original.end + (range.end - j.folded.end),
        };
        start..end
    }
}

/// A reusable buffer for the folding of one text.
#[derive(Debug, Default)]
struct Folded {
    bytes: Vec<u8>,
    jumps: Vec<Jump>,
}

impl Folded {
    /// Folds `text`: default case folding, every whitespace character to a space.
    ///
    /// Most text folds without changing lengths, so it is first copied whole and folded in
    /// place: ASCII in one pass the compiler vectorises, two-byte characters by table. Only
    /// from the first character whose folding has another length is the rest folded character
    /// by character, recording jumps.
    fn fold(&mut self, text: &str) {
        self.bytes.clear();
        self.jumps.clear();
        let table = fold_table();
        let bytes = text.as_bytes();
        self.bytes.extend_from_slice(bytes);
        for byte in &mut self.bytes {
            *byte = fold_ascii(*byte);
        }
        let mut at = self.fold_in_place(table);
        if at == bytes.len() {
            return;
        }
        self.bytes.truncate(at);
        while at < bytes.len() {
            let run = bytes[at..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len() - at);
            self.bytes
                .extend(bytes[at..at + run].iter().map(|&b| fold_ascii(b)));
            at += run;
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            let end = at + c.len_utf8();
            let start = self.bytes.len();
            let same_length = match table.lookup(c) {
                Lookup::Itself => {
                    self.bytes.extend_from_slice(&bytes[at..end]);
                    true
                }
                Lookup::TwoByte(fold) => {
                    self.bytes.extend_from_slice(fold.folded());
                    fold.same_length
                }
                Lookup::Slow if c.is_whitespace() => {
                    self.bytes.push(b' ');
                    false
                }
                Lookup::Slow => {
                    let mut buf = [0; 4];
                    let mut chars = 0;
                    for folded in std::iter::once(c).default_case_fold() {
                        self.bytes
                            .extend_from_slice(folded.encode_utf8(&mut buf).as_bytes());
                        chars += 1;
                    }
                    chars == 1 && self.bytes.len() - start == end - at
                }
            };
            if !same_length {
                self.jumps.push(Jump {
                    folded: start..self.bytes.len(),
                    original: at..end,
                });
            }
            at = end;
        }
    }

    /// Folds the non-ASCII characters of `self.bytes` (a copy of the text) in place, up to
    /// the first one whose folding has another length; returns where that one starts.
    fn fold_in_place(&mut self, table: &FoldTable) -> usize {
        let bytes = &mut self.bytes[..];
        let mut at = 0;
        while at < bytes.len() {
            let lead = bytes[at];
            if lead < 0x80 {
                at += 1;
            } else if lead < 0xe0 {
                // Words of two-byte characters, in a loop of their own.
                while let [lead @ 0xc0..0xe0, next, ..] = bytes[at..] {
                    let code = (usize::from(lead & 0x1f) << 6) | usize::from(next & 0x3f);
                    let fold = &table.two_byte[code - 0x80];
                    if !fold.same_length {
                        return at;
                    }
                    bytes[at] = fold.bytes[0];
                    bytes[at + 1] = fold.bytes[1];
                    at += 2;
                }
            } else if lead < 0xf0 {
                let code = (usize::from(lead & 0x0f) << 12)
                    | (usize::from(bytes[at + 1] & 0x3f) << 6)
                    | usize::from(bytes[at + 2] & 0x3f);
                if !table.three_byte_folds_to_itself(code) {
                    return at;
                }
                at += 3;
            } else {
                return at;
            }
        }
        at
    }

    fn hay(&self) -> Hay<'_> {
        Hay {
            bytes: &self.bytes,
            jumps: &self.jumps,
        }
    }
}

/// The folding of an ASCII byte: lower case, whitespace as a space.
fn fold_ascii(byte: u8) -> u8 {
    if matches!(byte, b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        b' '
    } else {
        byte.to_ascii_lowercase()
    }
}

/// Per-thread buffers for the folded parts of one article.
#[derive(Default)]
struct Scratch {
    title: Folded,
    blocks: Vec<Folded>,
}

/// One line of `text` around `hit` (or from its start): about [`SNIPPET_WIDTH`] columns, cut
/// between words where possible, with `…` where text was left out.
fn snippet(text: &str, hit: Option<Range<usize>>) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn library(articles: &[(&str, &str)]) -> Library {
        Library::of_texts(articles)
    }

    /// A generated library of `count` articles, big enough to search on several threads.
    fn generated(count: usize) -> Library {
        let titles = crate::corpus::titles(count);
        Library::from_articles(
            (0..count)
                .map(|i| {
                    let text = crate::corpus::article(&titles, i);
                    let article = crate::article::parse(text.as_bytes()).unwrap().article;
                    (format!("{i:05}.txt"), article)
                })
                .collect(),
        )
    }

    fn ids(library: &Library, query: &str) -> Vec<usize> {
        FullText::new(library)
            .search(library, &parse_query(query))
            .into_iter()
            .map(|hit| hit.id.index())
            .collect()
    }

    fn highlighted<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
        hits_in(text, &parse_query(query))
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    fn columns(text: &str) -> usize {
        text.chars().map(width).sum()
    }

    #[test]
    fn queries_split_into_terms_and_quoted_phrases() {
        assert_eq!(parse_query("Korea  defence").terms(), ["korea", "defence"]);
        assert_eq!(
            parse_query("talks \"North   KOREA\" vote").terms(),
            ["talks", "north korea", "vote"]
        );
        assert_eq!(
            parse_query("a\"b c\"d").terms(),
            ["a", "b c", "d"],
            "quotes separate terms"
        );
        assert_eq!(
            parse_query("x \"unterminated  phrase").terms(),
            ["x", "unterminated phrase"]
        );
        assert_eq!(parse_query("dup DUP \"dup\"").terms(), ["dup"]);
        assert_eq!(parse_query("STRASSE Straße").terms(), ["strasse"]);
        for empty in ["", "   \t\n ", "\"\"", "\" \"", "\""] {
            assert!(parse_query(empty).is_empty(), "{empty:?}");
        }
    }

    #[test]
    fn empty_queries_match_nothing() {
        let lib = library(&[("a.txt", "Title\nSome body text.")]);
        for empty in ["", "  ", "\"  \""] {
            assert!(ids(&lib, empty).is_empty(), "{empty:?}");
            assert!(highlighted("Some body text.", empty).is_empty());
        }
    }

    #[test]
    fn every_term_must_occur_in_title_or_body() {
        let lib = library(&[
            ("a.txt", "Korea talks\nThe defence minister spoke."),
            ("b.txt", "Korea news\nNothing about that here."),
            ("c.txt", "Weather\nDefence of the KOREAN coast."),
            ("d.txt", "Other\nRead More: Korea defence"),
        ]);
        assert_eq!(ids(&lib, "korea defence"), [0, 2]);
        assert_eq!(ids(&lib, "defence korea"), [0, 2], "order does not matter");
        assert_eq!(
            ids(&lib, "korea"),
            [0, 1, 2],
            "title only, body only; links are not text"
        );
        assert!(ids(&lib, "korea zzzz").is_empty());
    }

    #[test]
    fn phrases_match_consecutive_words_across_any_spacing() {
        let lib = library(&[
            ("a.txt", "One\nThe defence of Korea."),
            ("b.txt", "Two\nNorth  Korea   defence talks."),
            ("c.txt", "Three\nKorea\u{a0}defence, with a no-break space."),
            ("d.txt", "Four\nKorea, defence and more."),
            ("e.txt", "Five\nSouth Korean defence."),
        ]);
        assert_eq!(ids(&lib, "\"korea defence\""), [1, 2]);
        assert_eq!(
            ids(&lib, "\"rea defe\""),
            [1, 2],
            "phrase ends match inside words"
        );
        assert_eq!(ids(&lib, "\"korean defence\""), [4]);
        assert_eq!(ids(&lib, "\"defence korea\""), Vec::<usize>::new());
        assert_eq!(
            highlighted("North  Korea   defence talks", "\"korea defence\""),
            ["Korea   defence"]
        );
    }

    #[test]
    fn matching_ignores_case_including_non_ascii() {
        let lib = library(&[
            ("a.txt", "L'école\nUne école à Paris."),
            ("b.txt", "Straße\nDie Straße ist lang."),
            ("c.txt", "STRASSE\nEINE LANGE STRASSE."),
            ("d.txt", "Σίσυφος\nΟ ΣΊΣΥΦΟΣ και η πέτρα."),
            ("e.txt", "Plain\nNothing special."),
        ]);
        assert_eq!(ids(&lib, "ÉCOLE"), [0]);
        assert_eq!(ids(&lib, "école"), [0]);
        assert_eq!(ids(&lib, "straße"), [1, 2]);
        assert_eq!(ids(&lib, "STRASSE"), [1, 2]);
        assert_eq!(ids(&lib, "σίσυφος"), [3]);
        assert_eq!(ids(&lib, "\"ο σίσυφος\""), [3]);
        assert_eq!(ids(&lib, "NOTHING SPECIAL"), [4]);
    }

    #[test]
    fn title_hits_outweigh_body_hits_and_counts_are_capped() {
        let spam = "harbour ".repeat(50);
        let lib = library(&[
            ("a.txt", "Quiet day\nThe harbour was calm."),
            ("b.txt", &format!("Spam\n{spam}")),
            ("c.txt", "Harbour reopens\nBoats return."),
            ("d.txt", "Busy day\nThe harbour, the harbour, the harbour."),
        ]);
        let fulltext = FullText::new(&lib);
        let hits = fulltext.search(&lib, &parse_query("harbour"));
        let order: Vec<usize> = hits.iter().map(|hit| hit.id.index()).collect();
        assert_eq!(order, [1, 2, 3, 0]);
        let score = |index: usize| {
            let hit = hits.iter().find(|hit| hit.id.index() == index);
            hit.unwrap().score
        };
        assert_eq!(score(0), 1);
        assert_eq!(score(3), 3, "more occurrences count more");
        assert_eq!(
            score(2),
            TITLE_WEIGHT,
            "one title hit is worth ten body hits"
        );
        assert_eq!(score(1), COUNT_CAP, "fifty repeats count as ten");
    }

    #[test]
    fn ties_keep_path_order() {
        let lib = library(&[
            ("a.txt", "A\nfirst mention of seals"),
            ("b.txt", "Seals\nnothing"),
            ("c.txt", "C\nseals again"),
            ("d.txt", "D\nand seals"),
        ]);
        assert_eq!(ids(&lib, "seals"), [1, 0, 2, 3]);
        // The same on a library big enough to be searched on several threads.
        let big = generated(3000);
        let hits = FullText::new(&big).search(&big, &parse_query("seals"));
        assert!(hits.len() > 100);
        assert!(
            hits.windows(2)
                .all(|w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].id < w[1].id)),
            "best first, ties in id order"
        );
        let expected = big
            .entries()
            .iter()
            .filter(|entry| {
                entry.article.title.to_lowercase().contains("seals")
                    || entry.article.blocks.iter().any(|block| {
                        matches!(block, Block::Paragraph(text) if text.to_lowercase().contains("seals"))
                    })
            })
            .count();
        assert_eq!(hits.len(), expected, "the same set a naive search finds");
    }

    #[test]
    fn a_cancelled_search_returns_none() {
        let lib = library(&[("a.txt", "Korea\nDefence.")]);
        let fulltext = FullText::new(&lib);
        let query = parse_query("korea");
        assert_eq!(fulltext.search_unless(&lib, &query, &|| true), None);
        let hits = fulltext.search_unless(&lib, &query, &|| false).unwrap();
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn cancelling_midway_stops_a_large_search() {
        let big = generated(5000);
        let fulltext = FullText::new(&big);
        let calls = AtomicUsize::new(0);
        let after_a_few = || calls.fetch_add(1, Ordering::Relaxed) >= 3;
        assert_eq!(
            fulltext.search_unless(&big, &parse_query("korea"), &after_a_few),
            None
        );
    }

    #[test]
    fn snippets_show_the_first_body_hit_on_one_line() {
        let filler = "lorem ipsum dolor sit amet ".repeat(10);
        let text = format!("Title\n{filler}the harbour master said {filler}\nsecond harbour");
        let lib = library(&[("a.txt", &text)]);
        let hits = FullText::new(&lib).search(&lib, &parse_query("harbour"));
        let snippet = &hits[0].snippet;
        assert!(snippet.contains("the harbour master said"), "{snippet:?}");
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet:?}"
        );
        assert!(columns(snippet) <= SNIPPET_WIDTH + 2, "{snippet:?}");
        assert!(columns(snippet) >= SNIPPET_WIDTH - 12, "{snippet:?}");
        // Cut between words: every word shown is whole.
        let inner = snippet.trim_matches('…');
        for word in inner.split(' ') {
            assert!(
                [
                    "lorem", "ipsum", "dolor", "sit", "amet", "the", "harbour", "master", "said"
                ]
                .contains(&word),
                "{word:?} in {snippet:?}"
            );
        }
        assert!(!snippet.contains(['\n', '\r', '\t']));
    }

    #[test]
    fn a_title_only_hit_shows_the_start_of_the_body() {
        let lib = library(&[
            ("a.txt", "Harbour news\nShort body."),
            ("b.txt", "Harbour only"),
            ("c.txt", &format!("Harbour long\n{}", "word ".repeat(40))),
        ]);
        let hits = FullText::new(&lib).search(&lib, &parse_query("harbour"));
        assert_eq!(hits[0].snippet, "Short body.");
        assert_eq!(hits[1].snippet, "");
        assert!(hits[2].snippet.starts_with("word word"));
        assert!(hits[2].snippet.ends_with("word…"), "{:?}", hits[2].snippet);
        assert!(columns(&hits[2].snippet) <= SNIPPET_WIDTH + 1);
    }

    #[test]
    fn snippets_never_split_characters() {
        let cjk = "北朝鮮の国防についての会談が行われた。".repeat(12);
        let emoji = "👍🏽 🎉 ".repeat(60);
        for (body, term) in [
            (format!("{cjk}港湾{cjk}"), "港湾"),
            (format!("{emoji}harbour {emoji}"), "harbour"),
            (
                format!("{}ÉCOLE{}", "é".repeat(200), "ß".repeat(200)),
                "école",
            ),
        ] {
            let text = format!("Title\n{body}");
            let lib = library(&[("a.txt", &text)]);
            let hits = FullText::new(&lib).search(&lib, &parse_query(term));
            assert_eq!(hits.len(), 1, "{term}");
            let snippet = &hits[0].snippet;
            assert!(columns(snippet) <= SNIPPET_WIDTH + 2, "{snippet:?}");
            assert!(
                snippet.starts_with('…') && snippet.ends_with('…'),
                "{snippet:?}"
            );
            let inner = snippet.trim_matches('…');
            assert!(
                body.contains(inner),
                "a slice of the paragraph: {snippet:?}"
            );
            assert!(
                fold_str(inner).contains(&fold_str(term)),
                "shows the hit: {snippet:?}"
            );
        }
    }

    #[test]
    fn snippet_edges() {
        assert_eq!(snippet("short text", Some(6..10)), "short text");
        assert_eq!(snippet("", None), "");
        let long = "x".repeat(200);
        let cut = snippet(&long, Some(100..101));
        assert_eq!(columns(&cut), SNIPPET_WIDTH + 2, "no spaces: cut mid-word");
        assert!(cut.starts_with('…') && cut.ends_with('…'));
        // A hit near the end shows more of what comes before it.
        let text = format!("{} end hit", "word ".repeat(30));
        let near_end = snippet(&text, Some(text.len() - 3..text.len()));
        assert!(near_end.ends_with("end hit"), "{near_end:?}");
        assert!(columns(&near_end) > SNIPPET_WIDTH - 8, "{near_end:?}");
    }

    #[test]
    fn hits_in_gives_sorted_merged_ranges() {
        let text = "Korea talks: KOREAN defence, korea.";
        assert_eq!(
            hits_in(text, &parse_query("korea defence")),
            [0..5, 13..18, 20..27, 29..34]
        );
        // Overlapping and touching occurrences merge.
        assert_eq!(hits_in("aaaa", &parse_query("aa")), vec![0..4]);
        assert_eq!(hits_in("korean", &parse_query("kor rea ean")), vec![0..6]);
        assert_eq!(
            highlighted("defence talks", "\"defence talks\" talk"),
            ["defence talks"]
        );
        assert!(hits_in("nothing here", &parse_query("zzzz")).is_empty());
    }

    #[test]
    fn hits_in_maps_folded_positions_back_to_the_text() {
        // 'ß' folds to "ss" (longer), 'İ' to "i̇" (longer), 'K' (Kelvin) to 'k' (shorter).
        let text = "Die Straße in İzmir, 5 \u{212a}elvin, ÉCOLE";
        assert_eq!(highlighted(text, "strasse"), ["Straße"]);
        assert_eq!(highlighted(text, "ss"), ["ß"]);
        assert_eq!(highlighted(text, "s"), ["S", "ß"]);
        assert_eq!(highlighted(text, "i\u{307}zmir"), ["İzmir"]);
        assert_eq!(highlighted(text, "kelvin"), ["\u{212a}elvin"]);
        assert_eq!(highlighted(text, "école"), ["ÉCOLE"]);
        assert_eq!(highlighted(text, "\"in İzmir\""), ["in İzmir"]);
        for range in hits_in(text, &parse_query("s i e l")) {
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
        // Plain non-ASCII text is searched in place.
        let cjk = "北朝鮮の国防 and 韓国の国防";
        assert_eq!(highlighted(cjk, "国防"), ["国防", "国防"]);
        assert_eq!(
            hits_in(cjk, &parse_query("国防")),
            [12..18, 32..38],
            "byte ranges"
        );
    }

    #[test]
    fn plain_and_folded_paths_agree() {
        assert!(is_plain("Hello, World"));
        assert!(is_plain("北朝鮮 école"));
        assert!(!is_plain("ÉCOLE"));
        assert!(!is_plain("Straße"));
        assert!(!is_plain("a\u{a0}b"));
        assert!(!is_plain("a\tb"));
        for text in [
            "Hello, World",
            "北朝鮮 école",
            "ÉCOLE",
            "Straße",
            "x\u{a0}y  z",
        ] {
            let mut folded = Folded::default();
            folded.fold(text);
            for query in ["o", "école", "ss", "\"y z\"", "朝"] {
                let query = parse_query(query);
                let mut from_folded = Vec::new();
                for needle in &query.needles {
                    find_all(&folded.bytes, needle, true, |s, e| {
                        from_folded.push(folded.hay().original(s..e));
                        true
                    });
                }
                from_folded.sort_unstable_by_key(|r| r.start);
                assert_eq!(hits_in(text, &query), from_folded, "{text:?}");
            }
        }
    }

    #[test]
    fn the_fold_table_agrees_with_unicode_folding_for_every_character() {
        let mut folded = Folded::default();
        for code in (0x80..0x3_0000).chain(0xe_0000..0xe_0080) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("a{c}B");
            let expected: String = if c.is_whitespace() {
                " ".to_owned()
            } else {
                std::iter::once(c).default_case_fold().collect()
            };
            folded.fold(&text);
            assert_eq!(
                folded.bytes,
                format!("a{expected}b").as_bytes(),
                "U+{code:04X}"
            );
            let hay = folded.hay();
            let last = folded.bytes.len();
            assert_eq!(
                hay.original(1..last - 1),
                1..1 + c.len_utf8(),
                "U+{code:04X}"
            );
            assert_eq!(hay.original(last - 1..last), text.len() - 1..text.len());
            assert_eq!(is_plain(&text), expected == c.to_string(), "U+{code:04X}");
        }
    }

    #[test]
    fn probes_find_matches_at_every_offset() {
        // Exercise the 32-at-a-time scan and its scalar tail at every alignment.
        for len in 0..80 {
            for at in 0..len {
                let mut text = "x".repeat(len);
                text.replace_range(at..at + 1, "Q");
                let mut hits = Vec::new();
                let needle = Needle::new(&["q"]).unwrap();
                find_all(text.as_bytes(), &needle, false, |s, e| {
                    hits.push(s..e);
                    true
                });
                assert_eq!(hits, vec![at..at + 1], "len {len} at {at}");
            }
        }
        let needle = Needle::new(&["xq"]).unwrap();
        let text = format!("{}XQ", "x".repeat(70));
        let (found, first) = count(text.as_bytes(), &needle, 10);
        assert_eq!((found, first), (1, Some(70..72)));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text made of pieces where folding changes lengths, splits characters or spaces.
        fn tricky_text() -> impl Strategy<Value = String> {
            let piece = prop::sample::select(vec![
                "a", "A", "s", "S", "ß", "ẞ", "k", "K", "\u{212a}", "İ", "i", "\u{307}", "é", "É",
                " ", "  ", "\u{a0}", "σ", "ς", "Σ", "国", "👍", "x",
            ]);
            prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
        }

        fn tricky_query() -> impl Strategy<Value = String> {
            let piece = prop::sample::select(vec![
                "s", "ss", "ß", "k", "i", "i\u{307}", "é", "a", "σς", "国", " ", "\"", "as",
            ]);
            prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
        }

        /// Folds char by char, remembering for every folded byte the character it came from,
        /// and tries a match at every position: slow and obviously right.
        fn naive_hits(text: &str, query: &Query) -> Vec<Range<usize>> {
            let mut bytes = Vec::new();
            let mut owner = Vec::new();
            for (at, c) in text.char_indices() {
                let folded: String = if c.is_whitespace() {
                    " ".to_owned()
                } else {
                    std::iter::once(c).default_case_fold().collect()
                };
                for b in folded.bytes() {
                    bytes.push(b);
                    owner.push(at..at + c.len_utf8());
                }
            }
            let mut ranges: Vec<Range<usize>> = Vec::new();
            for needle in &query.needles {
                for at in 0..bytes.len() {
                    if let Some(end) = needle.match_at(&bytes, at) {
                        ranges.push(owner[at].start..owner[end - 1].end);
                    }
                }
            }
            ranges.sort_unstable_by_key(|range| (range.start, range.end));
            let mut merged: Vec<Range<usize>> = Vec::new();
            for range in ranges {
                match merged.last_mut() {
                    Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                    _ => merged.push(range),
                }
            }
            merged
        }

        proptest! {
            #[test]
            fn hits_in_agrees_with_a_naive_search(text in tricky_text(), query in tricky_query()) {
                let query = parse_query(&query);
                let hits = hits_in(&text, &query);
                prop_assert_eq!(&hits, &naive_hits(&text, &query));
                for range in hits {
                    prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                }
            }

            #[test]
            fn an_article_matches_when_every_term_is_highlighted_somewhere(
                title in tricky_text(),
                paragraphs in prop::collection::vec(tricky_text(), 0..4),
                query in tricky_query(),
            ) {
                let article = Article {
                    title: if title.trim().is_empty() { "t".to_owned() } else { title },
                    blocks: paragraphs.into_iter().map(Block::Paragraph).collect(),
                };
                let lib = Library::from_articles(vec![("a.txt".to_owned(), article.clone())]);
                let query = parse_query(&query);
                let hits = FullText::new(&lib).search(&lib, &query);
                let found = |needle: &Needle| {
                    let alone = Query::new(vec![needle.clone()]);
                    std::iter::once(&article.title)
                        .chain(article.blocks.iter().filter_map(|block| match block {
                            Block::Paragraph(text) => Some(text),
                            Block::Link(_) => None,
                        }))
                        .any(|text| !naive_hits(text, &alone).is_empty())
                };
                let expected = !query.is_empty() && query.needles.iter().all(found);
                prop_assert_eq!(hits.len() == 1, expected);
                if let Some(hit) = hits.first() {
                    prop_assert!(!hit.snippet.contains(['\n', '\r']));
                }
            }
        }
    }
}
