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

pub use crate::app::counted;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(counted(0, "match", "matches"), "0 matches");
        assert_eq!(counted(1, "match", "matches"), "1 match");
        assert_eq!(counted(2, "article", "articles"), "2 articles");
    }

    #[test]
    fn short_text_is_kept() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 10), "abc");
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
