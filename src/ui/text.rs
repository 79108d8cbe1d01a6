//! Fitting text into a number of display columns.

use unicode_width::UnicodeWidthChar;

/// `text` cut to at most `width` display columns, ending in `…` when cut. Wide characters are
/// never split: one that does not fit is dropped whole.
pub fn truncate(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let w = c.width().unwrap_or(0);
        let is_last = chars.peek().is_none();
        let room = if is_last {
            width
        } else {
            width.saturating_sub(1)
        };
        if used + w > room {
            if width > used {
                out.push('…');
            }
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

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
