//! Title normalisation: the key under which links find their articles.
//!
//! People type titles by hand, copy them from web pages with curly quotes, or change the case.
//! A link must still find its story, so both sides are reduced to one canonical form.

/// Returns the canonical form of a title: typographic variants folded to ASCII, Unicode case
/// folded, whitespace runs collapsed to one space, surrounding punctuation and spaces trimmed
/// (unless the title is only punctuation).
pub fn normalize_title(title: &str) -> String {
    // Most titles are ASCII, where case folding is lower-casing: skip the Unicode tables.
    let folded: String = if title.is_ascii() {
        title.to_ascii_lowercase()
    } else {
        caseless::default_case_fold_str(&title.chars().map(fold_typography).collect::<String>())
    };
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out.trim_matches(|c: char| c.is_whitespace() || is_punctuation(c));
    // A title that is nothing but punctuation keeps it, so that it can still be found.
    if trimmed.is_empty() {
        out
    } else {
        trimmed.to_owned()
    }
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
    fn unicode_case_folding_is_used() {
        assert_eq!(normalize_title("STRASSE"), normalize_title("Straße"));
        assert_eq!(normalize_title("ΣΊΣΥΦΟΣ"), normalize_title("σίσυφος"));
    }

    #[test]
    fn typographic_quotes_and_dashes_fold_to_ascii() {
        assert_eq!(normalize_title("Korea’s ‘big’ day"), "korea's 'big' day");
        assert_eq!(
            normalize_title("“Quoted” – then — done"),
            "quoted\" - then - done"
        );
        assert_eq!(normalize_title("a‐b‑c−d"), "a-b-c-d");
        assert_eq!(normalize_title("it\u{2bc}s 5\u{2032} tall"), "it's 5' tall");
    }

    #[test]
    fn surrounding_punctuation_is_trimmed() {
        assert_eq!(normalize_title("\"Breaking news.\""), "breaking news");
        assert_eq!(normalize_title("«Le monde»…"), "le monde");
        assert_eq!(normalize_title(" ... "), "...");
        assert_eq!(normalize_title(""), "");
    }
}
