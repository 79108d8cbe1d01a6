//! How a person ranks title matches: a query word found as a whole word or the start of one
//! first, found inside a word next, and letters scattered over the title (fzf's fuzzy match)
//! last, and only when nothing matches better or they score as well as the weakest better
//! match. `chelsea` then finds "Chelsea sack Mourinho" before "Chelsea's new stand", and not
//! "Child access law shake-up planned".

use nucleo_matcher::Utf32Str;
use nucleo_matcher::chars::{normalize, to_lower_case};
use nucleo_matcher::pattern::Atom;

/// How a title holds a query: its weakest atom decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tier {
    /// Some atom's letters are only found scattered.
    Scattered = 0,
    /// Every atom is found as a run of letters, some inside a word.
    Inside = 1,
    /// Every atom is found at the start of a word (a whole word, or its beginning).
    Word = 2,
    /// Every atom is found at the start of a word that follows a space or starts the title.
    /// Ranked with [`Tier::Word`]; what sets it apart is that such a title's exact score is
    /// known without aligning it (see `bound::Spaced`).
    Spaced = 3,
}

/// The tier of `title` for `atoms` (negated atoms say nothing about it).
pub(super) fn tier(title: Utf32Str<'_>, atoms: &[Atom]) -> Tier {
    atoms
        .iter()
        .filter(|atom| !atom.negative)
        .map(|atom| atom_tier(title, atom.needle_text()))
        .min()
        .unwrap_or(Tier::Spaced)
}

/// Where `needle` (already case-folded and normalised, as the matcher keeps it) occurs in
/// `title`.
fn atom_tier(title: Utf32Str<'_>, needle: Utf32Str<'_>) -> Tier {
    if let (Utf32Str::Ascii(title), Utf32Str::Ascii(needle)) = (title, needle) {
        return ascii_tier(title, needle);
    }
    let (length, wanted) = (title.len(), needle.len());
    if wanted == 0 {
        return Tier::Spaced;
    }
    let fold = |c: char| normalize(to_lower_case(c));
    let at = |index: usize| title.get(u32::try_from(index).unwrap_or(u32::MAX));
    let mut best = Tier::Scattered;
    for start in 0..(length + 1).saturating_sub(wanted) {
        let found = (0..wanted)
            .all(|i| fold(at(start + i)) == needle.get(u32::try_from(i).unwrap_or(u32::MAX)));
        if found {
            best = best.max(match start.checked_sub(1).map(at) {
                None => return Tier::Spaced,
                Some(before) if before.is_whitespace() => return Tier::Spaced,
                Some(before) if !before.is_alphanumeric() => Tier::Word,
                Some(_) => Tier::Inside,
            });
        }
    }
    best
}

/// [`atom_tier`] of an ASCII title and needle, byte by byte: most titles are ASCII, and this
/// runs for every title a keystroke matches, so it must cost next to the match itself.
fn ascii_tier(title: &[u8], needle: &[u8]) -> Tier {
    if needle.is_empty() {
        return Tier::Spaced;
    }
    let mut best = Tier::Scattered;
    for (start, window) in title.windows(needle.len()).enumerate() {
        if window
            .iter()
            .zip(needle)
            .all(|(t, n)| t.to_ascii_lowercase() == *n)
        {
            best = best.max(match start.checked_sub(1).map(|before| title[before]) {
                None => return Tier::Spaced,
                Some(before) if before.is_ascii_whitespace() => return Tier::Spaced,
                Some(before) if !before.is_ascii_alphanumeric() => Tier::Word,
                Some(_) => Tier::Inside,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_titles_get_the_tier_the_general_path_gives() {
        for (title, needle, expected) in [
            ("Chelsea sack Mutu", "chelsea", Tier::Spaced),
            ("Robben and Cole earn Chelsea win", "chelsea", Tier::Spaced),
            ("Anti-chelsea chants", "chelsea", Tier::Word),
            ("Anti-chelsea and Chelsea", "chelsea", Tier::Spaced),
            ("Mourinho defiant on Chelsea", "sea", Tier::Inside),
            (
                "Child access law shake-up planned",
                "chelsea",
                Tier::Scattered,
            ),
            ("Short", "a much longer needle", Tier::Scattered),
        ] {
            let chars: Vec<char> = title.chars().collect();
            let wanted: Vec<char> = needle.chars().collect();
            let ascii = atom_tier(
                Utf32Str::Ascii(title.as_bytes()),
                Utf32Str::Ascii(needle.as_bytes()),
            );
            let general = atom_tier(Utf32Str::Unicode(&chars), Utf32Str::Unicode(&wanted));
            assert_eq!(
                (ascii, general),
                (expected, expected),
                "{title:?} / {needle:?}"
            );
        }
    }
}
