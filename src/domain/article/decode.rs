//! Turning an article file's bytes into text.
//!
//! Valid UTF-8 (with or without a byte order mark) is the fast path and is borrowed as is.
//! A file that is mostly UTF-8 with a few stray bytes stays UTF-8 and loses those bytes: one
//! stray byte must not turn every accent and quote of a story into mojibake. Anything else is
//! read the way Firefox reads an unlabelled page: a UTF-16 byte order mark is obeyed,
//! otherwise `chardetng` guesses the legacy encoding from a bounded window of the bytes and
//! `encoding_rs` decodes the whole file with it. What was done is returned as a
//! [`DecodeNote`], so the library can warn about the file.
//!
//! Firefox tells the detector the site's country (its top-level domain): with a single `£` in
//! a story, windows-1250's `Ł` scores as well as windows-1252's `£`, and only the region
//! settles it. A file has no domain, so the region comes from the user's locale
//! (`pl_PL.UTF-8` expects windows-1250, `ja_JP` Shift_JIS), and is Western (windows-1252,
//! Firefox's fallback in English) when the locale names none.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use crate::domain::sanitize::line_column;

/// At most this many bytes are fed to the detector, so a huge file costs no more to guess than
/// a news story (decoding itself stays linear).
pub(super) const DETECT_WINDOW: usize = 64 * 1024;

/// The detector's window starts this many bytes before the first byte that is not UTF-8, so
/// that the UTF-8 text around it counts when telling a damaged UTF-8 file from a legacy one.
pub(super) const CONTEXT_BEFORE: usize = 1024;

/// A country code that chardetng counts as Western (any it does not list is), for a locale
/// without a region.
const WESTERN: Region = *b"uk";

/// A lower-case ASCII country code, as chardetng takes a top-level domain.
type Region = [u8; 2];

/// How to read bytes that are not valid UTF-8 (the `encoding` config key).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Decoding {
    /// A UTF-16 byte order mark is obeyed, otherwise the encoding is guessed.
    #[default]
    Auto,
    /// Invalid bytes become U+FFFD, whatever the file holds.
    Utf8,
    /// This encoding, unless a UTF-16 byte order mark says otherwise.
    Forced(&'static Encoding),
}

impl Decoding {
    /// `"auto"` or a WHATWG encoding label (`"utf-8"`, `"latin1"`, `"windows-1252"`,
    /// `"shift_jis"`, ...), in any case; `None` for anything else. The "replacement" labels
    /// are refused: they would decode every file to a single U+FFFD.
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim();
        if label.eq_ignore_ascii_case("auto") {
            return Some(Self::Auto);
        }
        match Encoding::for_label_no_replacement(label.as_bytes())? {
            encoding if encoding == encoding_rs::UTF_8 => Some(Self::Utf8),
            encoding => Some(Self::Forced(encoding)),
        }
    }
}

/// Why a file was read as another encoding than UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The file starts with a UTF-16 byte order mark.
    ByteOrderMark,
    /// `chardetng` guessed it.
    Guessed,
    /// The `encoding` config key names it.
    Configured,
}

/// What was done to bytes that were not valid UTF-8; shown as a warning about the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeNote {
    /// Read as UTF-8 with the bad bytes replaced by U+FFFD (the `encoding = "utf-8"`
    /// setting); `at` is the first bad byte's 1-based line and character column.
    InvalidUtf8 { at: (usize, usize) },
    /// Read as UTF-8 with `bytes` stray bytes dropped, the first at `at` (1-based line and
    /// character column).
    StrayBytes { at: (usize, usize), bytes: usize },
    /// Read as `encoding`.
    Legacy {
        encoding: &'static Encoding,
        reason: Reason,
        /// Some bytes were invalid even in that encoding and became U+FFFD.
        replaced: bool,
    },
}

impl fmt::Display for DecodeNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::InvalidUtf8 { at: (line, column) } => write!(
                f,
                "invalid UTF-8 at line {line}, column {column}; decoded with U+FFFD"
            ),
            Self::StrayBytes {
                at: (line, column),
                bytes,
            } => {
                let noun = if bytes == 1 { "byte" } else { "bytes" };
                write!(
                    f,
                    "invalid UTF-8 at line {line}, column {column}; {bytes} stray {noun} dropped"
                )
            }
            Self::Legacy {
                encoding,
                reason,
                replaced,
            } => {
                let why = match reason {
                    Reason::ByteOrderMark => "byte order mark",
                    Reason::Guessed => "guessed",
                    Reason::Configured => "encoding in config",
                };
                write!(f, "not UTF-8: read as {} ({why})", encoding.name())?;
                if replaced {
                    f.write_str("; some bytes decoded with U+FFFD")?;
                }
                Ok(())
            }
        }
    }
}

/// Decodes `bytes` as `decoding` says, guessing for the user's locale; the note is `None` for
/// valid UTF-8.
pub fn decode(bytes: &[u8], decoding: Decoding) -> (Cow<'_, str>, Option<DecodeNote>) {
    decode_for(bytes, decoding, user_region())
}

/// The country of the user's locale, Western when it names none.
fn user_region() -> Region {
    static REGION: OnceLock<Region> = OnceLock::new();
    *REGION.get_or_init(|| {
        ["LC_ALL", "LC_CTYPE", "LANG"]
            .into_iter()
            .filter_map(std::env::var_os)
            .find(|value| !value.is_empty())
            .and_then(|value| region_of(&value.to_string_lossy()))
            .unwrap_or(WESTERN)
    })
}

/// The country of a POSIX locale name (`language_COUNTRY.codeset@modifier`), lower-cased.
fn region_of(locale: &str) -> Option<Region> {
    let name = locale.split(['.', '@']).next()?;
    let (_, country) = name.split_once('_')?;
    match country.as_bytes() {
        &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            Some([a.to_ascii_lowercase(), b.to_ascii_lowercase()])
        }
        _ => None,
    }
}

/// [`decode`] for a user in `region`.
fn decode_for(
    bytes: &[u8],
    decoding: Decoding,
    region: Region,
) -> (Cow<'_, str>, Option<DecodeNote>) {
    let (bytes, utf8_bom) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let bad = match std::str::from_utf8(bytes) {
        Ok(text) => return (Cow::Borrowed(text), None),
        Err(err) => err.valid_up_to(),
    };
    if decoding == Decoding::Utf8 {
        let note = DecodeNote::InvalidUtf8 {
            at: line_column(bytes, bad),
        };
        return (String::from_utf8_lossy(bytes), Some(note));
    }
    // A UTF-8 byte order mark is as sure a sign as a UTF-16 one.
    if utf8_bom {
        return without_stray_bytes(bytes, bad);
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return legacy(bytes, encoding, Reason::ByteOrderMark);
    }
    if let Decoding::Forced(encoding) = decoding {
        return legacy(bytes, encoding, Reason::Configured);
    }
    let (window, ends_file) = detection_window(bytes, bad);
    match guess_legacy(window, ends_file, region) {
        Some(encoding) => legacy(bytes, encoding, Reason::Guessed),
        None => without_stray_bytes(bytes, bad),
    }
}

/// The legacy encoding the detection `window` (see [`detection_window`]) is written in, or
/// `None` when it looks like UTF-8 with a few stray bytes.
pub(super) fn guess_legacy(
    window: &[u8],
    ends_file: bool,
    region: Region,
) -> Option<&'static Encoding> {
    if mostly_utf8(window) {
        return None;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(window, ends_file);
    // UTF-8 is already ruled out.
    Some(detector.guess(Some(&region), Utf8Detection::Deny))
}

/// [`guess_legacy`] for the user's locale.
pub(super) fn guess_for_user(window: &[u8], ends_file: bool) -> Option<&'static Encoding> {
    guess_legacy(window, ends_file, user_region())
}

/// `bytes` as UTF-8 without the bytes that are not (the first is at `bad`), and a note
/// saying where they were and how many went.
fn without_stray_bytes(bytes: &[u8], bad: usize) -> (Cow<'_, str>, Option<DecodeNote>) {
    let mut text = String::with_capacity(bytes.len());
    let mut stray = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        stray += chunk.invalid().len();
    }
    let note = DecodeNote::StrayBytes {
        at: line_column(bytes, bad),
        bytes: stray,
    };
    (Cow::Owned(text), Some(note))
}

/// Decodes all of `bytes` as `encoding`, dropping a byte order mark.
fn legacy<'a>(
    bytes: &'a [u8],
    encoding: &'static Encoding,
    reason: Reason,
) -> (Cow<'a, str>, Option<DecodeNote>) {
    let (text, encoding, replaced) = encoding.decode(bytes);
    let note = DecodeNote::Legacy {
        encoding,
        reason,
        replaced,
    };
    (text, Some(note))
}

/// At most [`DETECT_WINDOW`] bytes around the first bad byte at `bad`, from a character
/// boundary of the valid UTF-8 before it: the part of the file that tells its encoding (the
/// text before `bad` may be pure ASCII for megabytes), and whether it runs to the end.
fn detection_window(bytes: &[u8], bad: usize) -> (&[u8], bool) {
    let mut start = bad.saturating_sub(CONTEXT_BEFORE);
    // `bytes[..bad]` is UTF-8: skipping continuation bytes lands on a character's start.
    while start < bad && (0x80..0xc0).contains(&bytes[start]) {
        start += 1;
    }
    let end = bytes.len().min(start + DETECT_WINDOW);
    (&bytes[start..end], end == bytes.len())
}

/// Whether `window` looks like UTF-8 with a few stray bytes rather than a legacy encoding:
/// its well-formed non-ASCII characters are at least as many as its malformed sequences
/// (legacy text almost never forms a well-formed multi-byte sequence by chance), or its one
/// malformed sequence is a lone C1 byte (0x80–0x9f: a control character in ISO-8859-1, text
/// only in windows-1252, and far too little to read a whole file by).
fn mostly_utf8(window: &[u8]) -> bool {
    let (mut good, mut bad, mut lone_c1) = (0, 0, false);
    for chunk in window.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if let [byte, ..] = chunk.invalid() {
            bad += 1;
            lone_c1 = chunk.invalid().len() == 1 && (0x80..0xa0).contains(byte);
        }
    }
    good >= bad || (bad == 1 && lone_c1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fixture files written for these tests in each encoding (tests/fixtures/encodings).
    const LATIN1: &[u8] = include_bytes!("../../../tests/fixtures/encodings/latin1.txt");
    const CP1252: &[u8] = include_bytes!("../../../tests/fixtures/encodings/cp1252.txt");
    const SHIFT_JIS: &[u8] = include_bytes!("../../../tests/fixtures/encodings/shift_jis.txt");
    const GBK: &[u8] = include_bytes!("../../../tests/fixtures/encodings/gbk.txt");
    const UTF16LE: &[u8] = include_bytes!("../../../tests/fixtures/encodings/utf16le.txt");
    const UTF16BE: &[u8] = include_bytes!("../../../tests/fixtures/encodings/utf16be.txt");

    const WINDOWS_1250: &[u8] = include_bytes!("../../../tests/fixtures/encodings/windows1250.txt");
    const WINDOWS_1251: &[u8] = include_bytes!("../../../tests/fixtures/encodings/windows1251.txt");

    /// Decodes as a user with no region in their locale (as in the tests' environment or not).
    fn auto(bytes: &[u8]) -> (String, Option<DecodeNote>) {
        let (text, note) = decode_for(bytes, Decoding::Auto, WESTERN);
        (text.into_owned(), note)
    }

    fn guessed(name: &str) -> Option<DecodeNote> {
        Some(DecodeNote::Legacy {
            encoding: Encoding::for_label(name.as_bytes()).unwrap(),
            reason: Reason::Guessed,
            replaced: false,
        })
    }

    #[test]
    fn utf8_with_or_without_a_bom_is_borrowed_unchanged() {
        for bytes in ["Café £5".as_bytes(), "\u{feff}Café £5".as_bytes()] {
            let (text, note) = decode(bytes, Decoding::Auto);
            assert!(matches!(text, Cow::Borrowed("Café £5")), "{text:?}");
            assert_eq!(note, None);
        }
    }

    #[test]
    fn latin1_and_cp1252_are_guessed_as_windows_1252() {
        let (text, note) = auto(LATIN1);
        assert!(text.contains("costs £4.50"), "{text}");
        assert_eq!(note, guessed("windows-1252"));
        let (text, note) = auto(CP1252);
        assert!(text.starts_with("Bank’s Quiet Week"), "{text}");
        assert!(text.contains("by €2 billion — a “record”"), "{text}");
        assert_eq!(note, guessed("windows-1252"));
    }

    #[test]
    fn shift_jis_and_gbk_are_guessed() {
        let (text, note) = auto(SHIFT_JIS);
        assert!(text.starts_with("東京の天気\n"), "{text}");
        assert!(text.contains("気温は十八度まで上がります。"), "{text}");
        assert_eq!(note, guessed("shift_jis"));
        let (text, note) = auto(GBK);
        assert!(text.starts_with("北京新闻\n"), "{text}");
        assert!(text.contains("气象部门预报明天将有小雨。"), "{text}");
        assert_eq!(note, guessed("gbk"));
    }

    #[test]
    fn the_locale_region_settles_a_thin_guess_and_clear_evidence_wins_anyway() {
        let polish = |bytes| decode_for(bytes, Decoding::Auto, *b"pl");
        assert!(
            polish(LATIN1).0.contains("costs Ł4.50"),
            "one byte: the region wins"
        );
        let (text, note) = polish(WINDOWS_1250);
        assert!(text.contains("Żółty alarm ogłoszono"), "{text}");
        assert_eq!(note, guessed("windows-1250"));
        for region in [WESTERN, *b"pl"] {
            let (text, note) = decode_for(WINDOWS_1251, Decoding::Auto, region);
            assert!(text.starts_with("Погода в Москве\n"), "{text}");
            assert_eq!(note, guessed("windows-1251"));
            let (text, _) = decode_for(GBK, Decoding::Auto, region);
            assert!(text.starts_with("北京新闻\n"), "{text}");
        }
    }

    #[test]
    fn the_region_is_the_country_of_the_locale() {
        assert_eq!(region_of("pl_PL.UTF-8"), Some(*b"pl"));
        assert_eq!(region_of("en_GB"), Some(*b"gb"));
        assert_eq!(region_of("sr_RS@latin"), Some(*b"rs"));
        for none in ["C", "C.UTF-8", "POSIX", "", "en", "en_GBR", "x_1é", "_"] {
            assert_eq!(region_of(none), None, "{none:?}");
        }
    }

    #[test]
    fn utf16_with_a_bom_is_decoded_whatever_the_setting_but_utf8() {
        for (bytes, name) in [(UTF16LE, "utf-16le"), (UTF16BE, "utf-16be")] {
            let forced = Decoding::Forced(encoding_rs::SHIFT_JIS);
            for decoding in [Decoding::Auto, forced] {
                let (text, note) = decode(bytes, decoding);
                assert_eq!(text, "Café Society\n\nThe café’s owner sold £20 of tea.\n");
                let encoding = Encoding::for_label(name.as_bytes()).unwrap();
                assert_eq!(
                    note,
                    Some(DecodeNote::Legacy {
                        encoding,
                        reason: Reason::ByteOrderMark,
                        replaced: false
                    })
                );
            }
            let (text, _) = decode(bytes, Decoding::Utf8);
            assert!(text.starts_with('\u{fffd}'), "{text:?}");
        }
    }

    #[test]
    fn a_forced_label_is_used_for_files_that_are_not_utf8() {
        let forced = Decoding::from_label("Shift_JIS").unwrap();
        // Windows-1252 bytes read as Shift_JIS: the label wins over what the bytes look like.
        let (text, note) = decode(b"Price \x82\xa0 here", forced);
        assert_eq!(text, "Price \u{3042} here");
        assert_eq!(
            note,
            Some(DecodeNote::Legacy {
                encoding: encoding_rs::SHIFT_JIS,
                reason: Reason::Configured,
                replaced: false
            })
        );
        let (text, note) = decode("Café".as_bytes(), forced);
        assert_eq!((text.as_ref(), note), ("Café", None), "UTF-8 stays UTF-8");
    }

    #[test]
    fn utf8_mode_keeps_the_replacement_character() {
        let (text, note) = decode(b"Title\nok line\nbad \x92 quote\n", Decoding::Utf8);
        assert_eq!(text, "Title\nok line\nbad \u{fffd} quote\n");
        assert_eq!(note, Some(DecodeNote::InvalidUtf8 { at: (3, 5) }));
    }

    #[test]
    fn a_utf8_bom_or_a_few_bad_bytes_in_utf8_text_keep_it_utf8() {
        let (text, note) = auto(b"\xef\xbb\xbfTitle \x92\xa3\n");
        assert_eq!(text, "Title \n");
        assert_eq!(
            note,
            Some(DecodeNote::StrayBytes {
                at: (1, 7),
                bytes: 2
            })
        );
        let bytes = ["Café crème, déjà vu: naïve résumé ".as_bytes(), b"\x92 fin"].concat();
        let (text, note) = auto(&bytes);
        assert_eq!(text, "Café crème, déjà vu: naïve résumé  fin");
        assert!(matches!(
            note,
            Some(DecodeNote::StrayBytes { bytes: 1, .. })
        ));
    }

    #[test]
    fn a_single_c1_byte_in_ascii_text_is_dropped_not_read_as_windows_1252() {
        let (text, note) = auto(b"Markets\n\nAnalysts said the\x9b31m outlook was calm.\n");
        assert_eq!(text, "Markets\n\nAnalysts said the31m outlook was calm.\n");
        assert_eq!(
            note,
            Some(DecodeNote::StrayBytes {
                at: (3, 18),
                bytes: 1
            })
        );
    }

    #[test]
    fn a_few_c1_bytes_do_not_turn_utf8_quotes_and_dashes_into_mojibake() {
        let bytes = [
            "Markets \u{2014} \u{201c}calm\u{201d}\n\nThe".as_bytes(),
            b"\x9b31m outlook\x85",
        ]
        .concat();
        let (text, note) = auto(&bytes);
        assert_eq!(
            text,
            "Markets \u{2014} \u{201c}calm\u{201d}\n\nThe31m outlook"
        );
        assert!(matches!(
            note,
            Some(DecodeNote::StrayBytes { bytes: 2, .. })
        ));
    }

    #[test]
    fn two_legacy_bytes_in_ascii_text_are_still_a_legacy_encoding() {
        let (text, note) = auto(b"Prices\n\nThe bank\x92s fee is \x80 5.\n");
        assert_eq!(text, "Prices\n\nThe bank\u{2019}s fee is \u{20ac} 5.\n");
        assert_eq!(note, guessed("windows-1252"));
    }

    #[test]
    fn the_guess_looks_past_megabytes_of_ascii_and_reads_a_bounded_window() {
        let mut bytes = "Long Story\n".as_bytes().to_vec();
        bytes.extend(b"plain words here\n".repeat(200_000));
        let bad = bytes.len();
        bytes.extend(b"The bank\x92s \x80 cost\n".repeat(10_000));
        let (window, ends_file) = detection_window(&bytes, bad);
        assert_eq!(window.len(), DETECT_WINDOW);
        assert!(!ends_file);
        let (text, note) = auto(&bytes);
        assert!(text.ends_with("The bank’s € cost\n"));
        assert_eq!(note, guessed("windows-1252"));
    }

    #[test]
    fn labels_are_whatwg_labels_or_auto() {
        assert_eq!(Decoding::from_label("auto"), Some(Decoding::Auto));
        assert_eq!(Decoding::from_label("UTF-8"), Some(Decoding::Utf8));
        assert_eq!(Decoding::from_label("utf8"), Some(Decoding::Utf8));
        assert_eq!(
            Decoding::from_label("latin1"),
            Some(Decoding::Forced(encoding_rs::WINDOWS_1252))
        );
        assert_eq!(
            Decoding::from_label("gb2312"),
            Some(Decoding::Forced(encoding_rs::GBK))
        );
        for bad in ["", "klingon", "iso-2022-kr", "replacement"] {
            assert_eq!(Decoding::from_label(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn notes_read_as_one_line_warnings() {
        let note = guessed("windows-1252").unwrap();
        assert_eq!(
            note.to_string(),
            "not UTF-8: read as windows-1252 (guessed)"
        );
        let note = DecodeNote::Legacy {
            encoding: encoding_rs::SHIFT_JIS,
            reason: Reason::Configured,
            replaced: true,
        };
        assert_eq!(
            note.to_string(),
            "not UTF-8: read as Shift_JIS (encoding in config); some bytes decoded with U+FFFD"
        );
        let note = DecodeNote::Legacy {
            encoding: encoding_rs::UTF_16LE,
            reason: Reason::ByteOrderMark,
            replaced: false,
        };
        assert_eq!(
            note.to_string(),
            "not UTF-8: read as UTF-16LE (byte order mark)"
        );
        let note = DecodeNote::InvalidUtf8 { at: (3, 5) };
        assert_eq!(
            note.to_string(),
            "invalid UTF-8 at line 3, column 5; decoded with U+FFFD"
        );
        let note = DecodeNote::StrayBytes {
            at: (3, 5),
            bytes: 2,
        };
        assert_eq!(
            note.to_string(),
            "invalid UTF-8 at line 3, column 5; 2 stray bytes dropped"
        );
    }
}
