//! Title normalisation: the key under which links find their articles.
//!
//! People type titles by hand, copy them from web pages with curly quotes, or change the case.
//! A link must still find its story, so both sides are reduced to one canonical form.

use crate::domain::sanitize::is_invisible;

/// Returns the canonical form of a title: invisible characters dropped, typographic variants
/// folded to ASCII, Unicode case folded, whitespace runs collapsed to one space, surrounding punctuation and spaces trimmed
/// (unless the title is only punctuation).
pub fn normalize_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    normalize_title_into(title, &mut out);
    out
}

/// [`normalize_title`] into `out` (cleared first), so that a caller normalising many titles
/// can reuse one buffer.
pub fn normalize_title_into(title: &str, out: &mut String) {
    out.clear();
    // Most titles are ASCII, where case folding is lower-casing: skip the Unicode tables.
    if title.is_ascii() {
        // Byte by byte: what `split_whitespace` and lower-casing give, without decoding.
        let mut gap = false;
        for &byte in title.as_bytes() {
            if matches!(byte, b'\t'..=b'\r' | b' ') {
                gap = !out.is_empty();
            } else {
                if gap {
                    out.push(' ');
                    gap = false;
                }
                out.push(char::from(byte.to_ascii_lowercase()));
            }
        }
    } else {
        let typography: String = title
            .chars()
            .filter(|&c| !is_invisible(c))
            .map(fold_typography)
            .collect();
        for word in caseless::default_case_fold_str(&typography).split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    let edge = |c: char| c.is_whitespace() || is_punctuation(c);
    let end = out.trim_end_matches(edge).len();
    let start = end - out[..end].trim_start_matches(edge).len();
    // A title that is nothing but punctuation keeps it, so that it can still be found.
    if start < end {
        out.truncate(end);
        out.drain(..start);
    }
}

/// Whether `a` and `b` are the same text but for letter case and quote style (`Fishermen's`
/// and `FISHERMEN’S`): a link that names its story this way needs no `→ title` after it.
pub fn same_but_case_and_quotes(a: &str, b: &str) -> bool {
    let quotes = |text: &str| -> String {
        text.chars()
            .map(|c| match fold_typography(c) {
                '\'' | '"' => '\'',
                _ => c,
            })
            .collect()
    };
    caseless::default_caseless_match_str(&quotes(a), &quotes(b))
}

/// Maps the typographic quotes, apostrophes and dashes that editors insert to their ASCII forms.
fn fold_typography(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
        '\u{2013}' | '\u{2014}' | '\u{2010}' | '\u{2011}' | '\u{2212}' => '-',
        '\u{a0}' => ' ',
        c => c,
    }
}

/// Punctuation that may surround a title without being part of its identity.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '…' | '«' | '»' | '‹' | '›' | '¡' | '¿' | '·' | '•')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spacing_do_not_matter() {
        assert_eq!(
            normalize_title("  North   Korea\tTalks "),
            "north korea talks"
        );
        assert_eq!(normalize_title("NORTH KOREA TALKS"), "north korea talks");
    }

    #[test]
    fn ascii_whitespace_is_what_unicode_calls_whitespace() {
        let controls: String = (0u8..0x80).map(char::from).collect();
        let title = format!("A{controls}B");
        let expected: Vec<String> = title
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        assert_eq!(normalize_title(&title), expected.join(" "));
    }

    #[test]
    fn zero_width_characters_are_not_part_of_the_key() {
        assert_eq!(
            normalize_title("Harbour\u{200b}ton \u{2060}Opens\u{feff}"),
            normalize_title("Harbourton Opens")
        );
        assert_eq!(normalize_title("a\u{200c}\u{200d}b"), "ab");
    }

    #[test]
    fn unicode_case_folding_is_used() {
        assert_eq!(normalize_title("STRASSE"), normalize_title("Straße"));
        assert_eq!(normalize_title("ΣΊΣΥΦΟΣ"), normalize_title("σίσυφος"));
    }

    #[test]
    fn case_and_quote_style_alone_make_no_difference() {
        assert!(same_but_case_and_quotes(
            "Fishermen's Market",
            "FISHERMEN’S market"
        ));
        assert!(same_but_case_and_quotes(
            "“Quoted” Story",
            "\"quoted\" story"
        ));
        assert!(same_but_case_and_quotes("Straße", "STRASSE"));
        assert!(!same_but_case_and_quotes("City Lanes", "City  Lanes"));
        assert!(!same_but_case_and_quotes("Tram – Line", "Tram - Line"));
        assert!(!same_but_case_and_quotes("Market Hours", "Market Hours…"));
    }

    /// Asserts that `normalize_title` makes each title of `cases` its expected key.
    fn normalizes(cases: &[(&str, &str)]) {
        for (title, expected) in cases {
            assert_eq!(
                normalize_title(title),
                *expected,
                "normalize_title({title:?})"
            );
        }
    }

    #[test]
    fn typographic_quotes_and_dashes_fold_to_ascii() {
        normalizes(&[
            ("Korea’s ‘big’ day", "korea's 'big' day"),
            ("“Quoted” – then — done", "quoted\" - then - done"),
            ("a‐b‑c−d", "a-b-c-d"),
            ("it\u{2bc}s 5\u{2032} tall", "it's 5' tall"),
        ]);
    }

    #[test]
    fn surrounding_punctuation_is_trimmed() {
        normalizes(&[
            ("\"Breaking news.\"", "breaking news"),
            ("«Le monde»…", "le monde"),
            (" ... ", "..."),
            ("", ""),
        ]);
    }
}
