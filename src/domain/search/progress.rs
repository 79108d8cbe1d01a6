//! Whether a fuzzy ASCII word holds in a title read as ASCII, and how far its match is
//! known: the greedy case-folded subsequence test (nucleo's own first step), which a word
//! being typed resumes where the last keystroke left it instead of starting over.

use memchr::{memchr, memchr2};
use nucleo_matcher::Utf32Str;
use nucleo_matcher::pattern::{Atom, AtomKind};

/// How far the greedy case-folded match of the last atom in the title read as ASCII is
/// known: its first `letters` letters end at `end` (one past the last of them). Nothing
/// (0, 0) when not known.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Progress {
    end: u16,
    letters: u8,
}

impl Progress {
    /// The match of `needle` from `self` on, if it holds.
    pub(super) fn advance(self, read: &[u8], needle: &[u8]) -> Option<Self> {
        let from = usize::from(self.letters).min(needle.len());
        let (from, end) = if from == usize::from(self.letters) {
            (from, usize::from(self.end))
        } else {
            (0, 0)
        };
        let end = greedy_end(read, &needle[from..], end)?;
        Some(
            u16::try_from(end)
                .ok()
                .zip(u8::try_from(needle.len()).ok())
                .map_or_else(Self::default, |(end, letters)| Self { end, letters }),
        )
    }
}

/// The needle of a fuzzy atom of ASCII letters that must be found (the atoms whose match
/// [`Progress`] follows).
pub(super) fn fuzzy_ascii(atom: &Atom) -> Option<&[u8]> {
    match atom.needle_text() {
        Utf32Str::Ascii(needle) if atom.kind == AtomKind::Fuzzy && !atom.negative => Some(needle),
        _ => None,
    }
}

/// Whether the lower-case ASCII `needle` occurs in order in `title`, ignoring case.
pub(super) fn is_subsequence(title: &[u8], needle: &[u8]) -> bool {
    greedy_end(title, needle, 0).is_some()
}

/// Where the leftmost match of the lower-case ASCII `needle` in order in `title[from..]`,
/// ignoring case, ends (one past its last letter), if it occurs.
fn greedy_end(title: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut end = from;
    for &wanted in needle {
        let rest = title.get(end..)?;
        let at = if wanted.is_ascii_lowercase() {
            memchr2(wanted, wanted.to_ascii_uppercase(), rest)
        } else {
            memchr(wanted, rest)
        };
        end += at? + 1;
    }
    Some(end)
}
