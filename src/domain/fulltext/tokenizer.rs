//! How text becomes index terms: the one analyzer used to index articles, to parse queries and
//! to highlight hits, so that what is highlighted is exactly what was found.
//!
//! Words are runs of letters and digits (combining accents stay in their word). Runs of
//! Chinese, Japanese or Korean characters, which have no spaces between words, become
//! overlapping pairs of characters (the approach of Lucene's CJKAnalyzer): `東京都` gives
//! `東京 京都`, so a query of two or more such characters matches exactly where those
//! characters stand in a row, with no dictionary to ship. Every term is case-folded (Unicode
//! default case folding: `ß` is `ss`, final `ς` is `σ`) and then folded to ASCII where it has
//! an equivalent, so `ÉCOLE` finds `école` and `STRASSE` finds `Straße`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use caseless::Caseless;
use tantivy::tokenizer::{
    AsciiFoldingFilter, BoxTokenStream, RemoveLongFilter, TextAnalyzer, Token, TokenStream,
    Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// The name the analyzer is registered under in every index.
pub(super) const ANALYZER: &str = "readmore";

/// Terms longer than this many bytes (base64 blobs, URLs without spaces) are not indexed.
const MAX_TERM_BYTES: usize = 40;

/// The analyzer: words and CJK pairs, case-folded, folded to ASCII.
pub(super) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordsAndCjkPairs::default())
        .filter(RemoveLongFilter::limit(MAX_TERM_BYTES))
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer, adding the bytes of every text it is given to `taken`: the index writer's
/// threads analyse what was sent to them, so the sender can tell how much text still waits in
/// tantivy's queue (which holds up to 10,000 documents, some 55 MB of articles).
pub(super) fn counting_analyzer(taken: Arc<AtomicUsize>) -> TextAnalyzer {
    TextAnalyzer::from(Counting {
        analyzer: analyzer(),
        taken,
    })
}

#[derive(Clone)]
struct Counting {
    analyzer: TextAnalyzer,
    taken: Arc<AtomicUsize>,
}

impl Tokenizer for Counting {
    type TokenStream<'a> = BoxTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BoxTokenStream<'a> {
        self.taken.fetch_add(text.len(), Ordering::Relaxed);
        self.analyzer.token_stream(text)
    }
}

/// One analysed term and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Term {
    pub text: String,
    /// Byte range in the analysed text.
    pub from: usize,
    pub to: usize,
    /// Consecutive terms have consecutive positions.
    pub position: usize,
}

/// Every term of `text`, in order.
pub(super) fn terms(text: &str) -> Vec<Term> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        let token = stream.token();
        terms.push(Term {
            text: token.text.clone(),
            from: token.offset_from,
            to: token.offset_to,
            position: token.position,
        });
    }
    terms
}

/// Whether `c` belongs to a script written without spaces between words: Han, Hiragana,
/// Katakana, Hangul.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF       // Hiragana, Katakana
        | 0x31F0..=0x31FF     // Katakana phonetic extensions
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFF66..=0xFF9F     // half-width Katakana
        | 0x20000..=0x2FA1F) // CJK extensions B to F, compatibility supplement
}

/// Part of a word: a letter or digit, or a combining accent that follows one (text in
/// decomposed form writes `é` as `e` and U+0301).
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || is_combining(c)) && !is_cjk(c)
}

/// A combining diacritical mark.
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

/// The tokenizer: words, and overlapping pairs within CJK runs (a CJK character standing
/// alone is a term by itself), case-folded here rather than by tantivy's `LowerCaser`, which
/// lower-cases one character at a time (`ΣΊΣΥΦΟΣ` would end in `σ`, `σίσυφος` in `ς`).
#[derive(Clone, Default)]
struct WordsAndCjkPairs {
    token: Token,
}

impl Tokenizer for WordsAndCjkPairs {
    type TokenStream<'a> = Stream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Stream<'a> {
        self.token.reset();
        Stream {
            text,
            at: 0,
            token: &mut self.token,
        }
    }
}

struct Stream<'a> {
    text: &'a str,
    /// Where the next term may start.
    at: usize,
    token: &'a mut Token,
}

impl Stream<'_> {
    fn emit(&mut self, from: usize, to: usize) -> bool {
        let word = &self.text[from..to];
        self.token.text.clear();
        if word.is_ascii() {
            self.token
                .text
                .extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else if word.chars().any(is_combining) {
            // Composed first, so that a decomposed `é` folds as the composed one does.
            self.token.text.extend(word.nfc().default_case_fold());
        } else {
            self.token.text.extend(word.chars().default_case_fold());
        }
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }
}

impl TokenStream for Stream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.at..];
        let Some((skip, first)) = rest
            .char_indices()
            .find(|&(_, c)| is_word_char(c) || is_cjk(c))
        else {
            self.at = self.text.len();
            return false;
        };
        let from = self.at + skip;
        let mut chars = self.text[from..].chars();
        chars.next();
        if is_cjk(first) {
            // A pair with the next character, or the character alone when it stands alone.
            // The next term starts at the next character, unless that one ends the run (the
            // pair just emitted covers it).
            let next = self.text[from + first.len_utf8()..].chars().next();
            return match next.filter(|&c| is_cjk(c)) {
                Some(second) => {
                    let second_at = from + first.len_utf8();
                    let after = self.text[second_at + second.len_utf8()..].chars().next();
                    self.at = if after.is_some_and(is_cjk) {
                        second_at
                    } else {
                        second_at + second.len_utf8()
                    };
                    self.emit(from, second_at + second.len_utf8())
                }
                None => {
                    self.at = from + first.len_utf8();
                    self.emit(from, self.at)
                }
            };
        }
        let len = self.text[from..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.text.len() - from, |(end, _)| end);
        self.at = from + len;
        self.emit(from, self.at)
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|term| term.text).collect()
    }

    #[test]
    fn words_are_lower_cased_and_folded() {
        assert_eq!(
            texts("L'ÉCOLE, die Straße: STRASSE 42x!"),
            ["l", "ecole", "die", "strasse", "strasse", "42x"]
        );
        assert_eq!(texts("e\u{301}cole"), texts("école"), "decomposed accents");
        assert_eq!(texts("ΣΊΣΥΦΟΣ"), texts("Σίσυφος"));
        assert!(texts(" ,.;- \t\n").is_empty());
    }

    #[test]
    fn cjk_runs_become_overlapping_pairs() {
        assert_eq!(
            texts("東京都の天気"),
            ["東京", "京都", "都の", "の天", "天気"]
        );
        assert_eq!(texts("a 東 b"), ["a", "東", "b"]);
        assert_eq!(
            texts("Hello, 北京大学 x2"),
            ["hello", "北京", "京大", "大学", "x2"]
        );
        assert_eq!(texts("한국어abc"), ["한국", "국어", "abc"]);
    }

    #[test]
    fn terms_know_their_place() {
        let text = "Straße 東京都";
        let found = terms(text);
        let ranges: Vec<&str> = found.iter().map(|t| &text[t.from..t.to]).collect();
        assert_eq!(ranges, ["Straße", "東京", "京都"]);
        let positions: Vec<usize> = found.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2]);
    }

    #[test]
    fn overlong_terms_are_dropped() {
        let long = "x".repeat(MAX_TERM_BYTES + 1);
        assert_eq!(texts(&format!("a {long} b")), ["a", "b"]);
    }
}
