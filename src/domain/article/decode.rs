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
mod tests;
