//! Fitting text into a number of display columns.

use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

/// `text` cut to at most `width` display columns, ending in `…` when cut. Wide characters are
/// never split: one that does not fit is dropped whole.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    match width {
        0 => String::new(),
        _ => format!("{}…", text.unicode_truncate(width - 1).0),
    }
}

/// `text` cut to at most `width` display columns like [`truncate`], but at the end of a word
/// when that keeps at least half the room: `North Korea skips…`, not `North Korea ski…`.
pub fn truncate_words(text: &str, width: usize) -> String {
    if text.width() <= width || width == 0 {
        return truncate(text, width);
    }
    let cut = truncate(text, width);
    let kept = cut.trim_end_matches('…');
    // Mid-word unless the cut fell just before a space.
    let mid_word = !text[kept.len()..].starts_with(char::is_whitespace);
    let words = kept
        .trim_end_matches(|c: char| !c.is_whitespace())
        .trim_end();
    if mid_word && !words.is_empty() && words.width() * 2 >= width.saturating_sub(1) {
        format!("{words}…")
    } else {
        format!("{}…", kept.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 10), "abc");
    }

    #[test]
    fn words_are_cut_at_their_end_when_that_keeps_half_the_room() {
        assert_eq!(
            truncate_words("North Korea skips talks", 19),
            "North Korea skips…"
        );
        assert_eq!(
            truncate_words("North Korea skips talks", 18),
            "North Korea skips…"
        );
        assert_eq!(
            truncate_words("North Korea skips talks", 16),
            "North Korea…"
        );
        assert_eq!(
            truncate_words("North Korea skips talks", 23),
            "North Korea skips talks"
        );
        // One long word, or a cut that would keep too little: cut where the room ends.
        assert_eq!(truncate_words("Harbourton Port Records", 8), "Harbour…");
        assert_eq!(truncate_words("A Harbourton Port", 10), "A Harbour…");
        assert_eq!(truncate_words("日本語の記事です", 7), "日本語…");
        for width in 0..30 {
            assert!(truncate_words("West Meets The East 日本語", width).width() <= width);
        }
    }

    #[test]
    fn long_text_ends_in_an_ellipsis_within_the_width() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("日本語の記事", 5), "日本…");
        assert_eq!(truncate("日本語の記事", 6), "日本…");
        for width in 0..12 {
            assert!(truncate("日本語の記事です", width).width() <= width);
        }
    }
}
