//! Removes everything from untrusted text that a terminal would interpret.
//!
//! Article text (and file names) come from strangers. Sanitising happens once, when an
//! article is parsed, so every later consumer — the TUI, `show`, JSON — can print the text
//! as it is.

/// How many spaces a tab becomes. Tabs cannot be kept: their width depends on the column.
const TAB_WIDTH: usize = 4;

/// Returns `line` without escape sequences, control characters or bidirectional controls.
///
/// - CSI sequences (`ESC [` or U+009B, parameters, then a final byte) are dropped whole;
/// - string sequences (OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`, PM `ESC ^`, APC `ESC _`, or their
///   C1 forms) are dropped up to and including their terminator (BEL, `ESC \` or U+009C), or to
///   the end of the text when unterminated;
/// - any other `ESC x` pair is dropped;
/// - every other C0/C1 control and DEL is dropped, a tab becomes spaces;
/// - bidirectional embedding, override and isolate controls are dropped so that an article
///   cannot reorder the screen around it.
pub fn sanitize(line: &str) -> String {
    if !line.bytes().any(may_start_unsafe) {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | 'X' | '^' | '_') => skip_string(&mut chars),
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\t' => out.extend(std::iter::repeat_n(' ', TAB_WIDTH)),
            '\u{2028}' | '\u{2029}' => out.push(' '),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether [`sanitize`] gives `text` back as it is, found without making a copy: what checking a
/// cache of a million titles asks of each one that is not plain ASCII.
pub fn is_sanitized(text: &str) -> bool {
    !text.bytes().any(may_start_unsafe)
        || !(text.chars()).any(|c| is_unsafe(c) || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// A file name from the disk, safe to print and still telling every name apart: characters a
/// terminal would interpret (controls, bidirectional and invisible characters) are shown as
/// visible stand-ins (`␛` for ESC, `\u{202e}` for the others), bytes that are not UTF-8 as
/// `\xNN`, and a backslash as `\\`. Cleaning by removal ([`sanitize`]) would make
/// `b<ESC>[31m.txt` and `b.txt` look the same, so that one could pass for the other and
/// share its reading state.
pub fn visible_name(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                // C0 controls have pictures of their own (U+2400 + code), DEL has U+2421; the
                // pictures themselves are escaped so that no two names render the same.
                '\u{0}'..='\u{1f}' => out.extend(char::from_u32(0x2400 + u32::from(c))),
                '\u{7f}' => out.push('\u{2421}'),
                c if is_unsafe(c) || is_invisible(c) || ('\u{2400}'..='\u{2426}').contains(&c) => {
                    out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
                }
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}

/// Characters a terminal draws as nothing: Unicode's `Default_Ignorable_Code_Point` (zero-width
/// spaces and joiners, the soft hyphen, variation selectors, fillers such as U+3164, tag
/// characters, …), from ICU4X's copy of the Unicode data. A title holding them looks like
/// another title, or like nothing at all; a name holding them looks like another name.
pub fn is_invisible(c: char) -> bool {
    !c.is_ascii()
        && icu_properties::CodePointSetData::new::<icu_properties::props::DefaultIgnorableCodePoint>()
            .contains(c)
}

/// `text` without its invisible characters.
pub fn strip_invisible(text: &str) -> String {
    text.chars().filter(|&c| !is_invisible(c)).collect()
}

/// `message` on one line and safe to print: every run of whitespace (line breaks included)
/// becomes one space and controls go, so a multi-line error from the system or a library
/// cannot break a status line or a one-line error report.
pub fn one_line(message: &str) -> String {
    sanitize(&message.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A problem at a place in a file, shown as `path:line:column: message` as compilers and
/// editors show it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct Located {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Located {
    /// `message` (made one line without controls) at `(line, column)` of the file at `path`.
    pub fn new(path: &std::path::Path, (line, column): (usize, usize), message: &str) -> Self {
        Self {
            path: path.display().to_string(),
            line,
            column,
            message: one_line(message),
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `bytes`, for messages that
/// point into a file. The bytes need not be valid UTF-8: an invalid sequence counts as one
/// character, as an editor shows it; an offset past the end points just after the last byte.
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// False for bytes that cannot begin anything [`sanitize`] removes, so that clean text (nearly
/// all of it) is copied without decoding. C1 controls start with 0xC2, the bidirectional
/// controls and line separators with 0xE2, U+061C with 0xD8, tag characters with 0xF3.
fn may_start_unsafe(byte: u8) -> bool {
    byte < 0x20 || matches!(byte, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xf3)
}

/// True for characters that must never reach a terminal: controls, bidirectional controls and
/// tag characters (U+E0000–U+E007F), which spell hidden ASCII ("ASCII smuggling") that a
/// terminal shows as nothing but a program reading the screen or the clipboard may take in.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || ('\u{e0000}'..='\u{e007f}').contains(&c)
}

/// Bidirectional formatting characters (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM,
/// ALM). Right-to-left text itself is kept; only the invisible reordering controls go.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Skips a CSI sequence: parameter and intermediate bytes up to the final byte (0x40–0x7E).
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            // Not a CSI byte: the sequence is malformed. Stop here; the character itself is
            // dropped, which is safe whatever it was.
            return;
        }
    }
}

/// Skips a string sequence up to its terminator: BEL, ST (`ESC \`) or the C1 ST (U+009C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(
            sanitize("Hello, world — ünïcödé 日本語 👍🏽"),
            "Hello, world — ünïcödé 日本語 👍🏽"
        );
    }

    #[test]
    fn text_is_sanitized_exactly_when_sanitizing_keeps_it() {
        let texts = [
            "plain",
            "Korea’s Big Day – Part One",
            "ünïcödé 日本語 👍🏽",
            "a\u{1b}[31mred",
            "tab\there",
            "line\u{2028}sep",
            "para\u{2029}sep",
            "c1\u{85}control",
            "bidi\u{202e}override",
            "arabic mark\u{61c}",
            "tag\u{e0041}",
            "del\u{7f}",
            "",
        ];
        for text in texts {
            assert_eq!(is_sanitized(text), sanitize(text) == text, "{text:?}");
        }
    }

    /// Asserts that `sanitize` makes each input of `cases` its expected text.
    fn sanitizes(cases: &[(&str, &str)]) {
        for (input, expected) in cases {
            assert_eq!(sanitize(input), *expected, "sanitize({input:?})");
        }
    }

    #[test]
    fn csi_sequences_are_removed_whole() {
        sanitizes(&[
            ("a\u{1b}[31;1mred\u{1b}[0m b", "ared b"),
            ("x\u{1b}[2Jy", "xy"),
            ("x\u{9b}31my", "xy"),
        ]);
    }

    #[test]
    fn osc_sequences_are_removed_with_either_terminator() {
        sanitizes(&[
            ("a\u{1b}]0;title\u{7}b", "ab"),
            ("a\u{1b}]52;c;aGVsbG8=\u{1b}\\b", "ab"),
            (
                "a\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\b",
                "alinkb",
            ),
            ("a\u{9d}0;t\u{9c}b", "ab"),
        ]);
    }

    #[test]
    fn unterminated_osc_swallows_the_rest() {
        assert_eq!(sanitize("a\u{1b}]0;never ends"), "a");
    }

    #[test]
    fn dcs_and_two_byte_escapes_are_removed() {
        sanitizes(&[
            ("a\u{1b}Pq#0;2;0;0;0\u{1b}\\b", "ab"),
            ("a\u{1b}cb\u{1b}7c", "abc"),
            ("trailing\u{1b}", "trailing"),
        ]);
    }

    #[test]
    fn controls_are_removed_and_tabs_expanded() {
        sanitizes(&[
            ("a\u{7}b\u{0}c\u{7f}d\u{85}e\r", "abcde"),
            ("a\tb", "a    b"),
        ]);
    }

    #[test]
    fn bidi_overrides_are_removed_but_rtl_text_is_kept() {
        sanitizes(&[
            ("abc\u{202e}def\u{202c}", "abcdef"),
            ("\u{2067}שלום\u{2069}", "שלום"),
        ]);
    }

    #[test]
    fn tag_characters_never_pass_and_emoji_sequences_stay_whole() {
        // "ASCII smuggling": text written in invisible tag characters.
        assert_eq!(sanitize("hi\u{e0001}\u{e0069}\u{e0067}\u{e007f}"), "hi");
        assert_eq!(
            sanitize("\u{1f468}\u{200d}\u{1f469}\u{fe0f}"),
            "\u{1f468}\u{200d}\u{1f469}\u{fe0f}"
        );
    }

    #[test]
    fn one_line_collapses_whitespace_and_drops_controls() {
        let cases = [
            ("  first\nsecond\r\n\tthird  ", "first second third"),
            ("a\u{1b}[31m b\u{7}", "a b"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(one_line(input), expected, "one_line({input:?})");
        }
    }

    #[test]
    fn line_column_counts_lines_and_characters() {
        assert_eq!(line_column(b"abc", 0), (1, 1));
        assert_eq!(line_column(b"ab\ncd\nef", 7), (3, 2));
        assert_eq!(
            line_column("é日x\ny".as_bytes(), 5),
            (1, 3),
            "characters, not bytes"
        );
        assert_eq!(
            line_column(b"a\n\x92\x93z", 4),
            (2, 3),
            "invalid bytes count as one"
        );
        assert_eq!(line_column(b"ab\n", 99), (2, 1), "past the end");
    }

    #[test]
    fn visible_names_are_safe_and_tell_names_apart() {
        let names: [&[u8]; 9] = [
            b"b.txt",
            b"b\x1b[31m.txt",
            b"b\xe2\x90\x9b[31m.txt",
            b"caf\xe9.txt",
            b"caf\\xe9.txt",
            "r\u{202e}txt.exe".as_bytes(),
            "zero\u{200b}width.txt".as_bytes(),
            b"del\x7f.txt",
            "\u{10ffff}".as_bytes(),
        ];
        let shown: Vec<String> = names.iter().map(|name| visible_name(name)).collect();
        assert_eq!(shown[0], "b.txt");
        assert_eq!(shown[1], "b\u{241b}[31m.txt", "ESC shown as its picture");
        assert_eq!(shown[3], "caf\\xe9.txt", "a byte that is not UTF-8");
        assert_eq!(shown[4], "caf\\\\xe9.txt", "a real backslash is doubled");
        assert_eq!(shown[7], "del\u{2421}.txt");
        for name in &shown {
            assert_eq!(&sanitize(name), name, "nothing left to clean in {name:?}");
            assert!(!name.chars().any(is_invisible), "{name:?}");
        }
        let distinct: std::collections::HashSet<&String> = shown.iter().collect();
        assert_eq!(
            distinct.len(),
            names.len(),
            "every name is told apart: {shown:?}"
        );
    }
}
