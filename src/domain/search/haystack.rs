//! The titles as the matcher reads them, laid out for scanning a million of them per keystroke.
//!
//! One boxed string per title scatters a million titles over the heap, so a scan spends
//! more time fetching cache lines than matching. Here ASCII titles (nearly all) sit end to
//! end in one byte buffer and the rest in one buffer of chars, read in id order. Each title
//! also gets a mask of the ASCII letters and digits it contains: an atom needing a letter
//! the title lacks cannot match, and that is decided from 8 bytes without touching the
//! title.
//!
//! A title outside ASCII whose every char the matcher treats as it treats some ASCII byte
//! (`é` as `e`, `É` as `E`, `£` or `’` as a byte no needle holds, a no-break space as a form
//! feed) also gets that ASCII shadow: a query of ASCII words reads the shadow, so the title
//! takes the ASCII paths (the subsequence test, `align`, the spaced score) instead of nucleo's
//! general one, with the same answers.

use nucleo_matcher::chars::{is_upper_case, normalize, to_lower_case};
use nucleo_matcher::pattern::Atom;
use nucleo_matcher::{Utf32Str, Utf32String};
use rayon::prelude::*;

/// The mask a title has before its letters are known: it rules nothing out.
const ANY: u64 = u64::MAX;

/// How many titles [`Haystacks::of_all`] packs in one part.
const PART: usize = if cfg!(test) { 2 } else { 1 << 16 };

/// Where one title is, in one of the two buffers.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    len: u32,
    ascii: bool,
    /// Outside ASCII, with its shadow at `start` in the shadows' buffer.
    shadowed: bool,
}

/// What stands in a title's ASCII shadow for a char that folds to nothing an ASCII needle
/// holds: a byte of the same class to the matcher and to the tiers (a word's end, and for
/// whitespace a word's start after it). A query whose needle holds one of them reads the
/// titles themselves.
const NON_WORD: u8 = 0;
const WHITESPACE: u8 = 0x0C;

/// Every title of a library, packed.
pub(super) struct Haystacks {
    ascii: Box<[u8]>,
    unicode: Box<[char]>,
    spans: Box<[Span]>,
    masks: Box<[u64]>,
    /// Beside `unicode`, byte for char: the ASCII shadows of the titles that have one.
    shadows: Box<[u8]>,
}

impl Haystacks {
    pub(super) fn new<'a>(titles: impl IntoIterator<Item = &'a str>) -> Self {
        let mut ascii = Vec::new();
        let mut unicode = Vec::new();
        let mut spans = Vec::new();
        let mut masks = Vec::new();
        let mut shadows = Vec::new();
        for title in titles {
            if title.is_ascii() {
                spans.push(Span {
                    start: ascii.len(),
                    len: length(title.len()),
                    ascii: true,
                    shadowed: false,
                });
                masks.push(letters(title.bytes()));
                ascii.extend_from_slice(title.as_bytes());
            } else {
                // The chars `Utf32String` keeps: one per grapheme cluster.
                let start = unicode.len();
                unicode.extend(Utf32String::from(title).slice(..).chars());
                spans.push(Span {
                    start,
                    len: length(unicode.len() - start),
                    ascii: false,
                    shadowed: add_shadow(&unicode[start..], &mut shadows),
                });
                masks.push(folded_letters(&unicode[start..]));
            }
        }
        Self {
            ascii: ascii.into(),
            unicode: unicode.into(),
            spans: spans.into(),
            masks: masks.into(),
            shadows: shadows.into(),
        }
    }

    /// [`Haystacks::new`] over the titles of `items` (`title` gives each), packed in parts on
    /// every core straight into their places: a million titles take a fraction of the time,
    /// and no part is copied again. Titles outside ASCII (few) go in a second, serial pass.
    pub(super) fn of_all<T: Sync>(items: &[T], title: impl Fn(&T) -> &str + Sync) -> Self {
        let ascii_len = |part: &[T]| -> usize {
            (part.iter().map(&title))
                .filter(|title| title.is_ascii())
                .map(str::len)
                .sum()
        };
        let sizes: Vec<usize> = items.par_chunks(PART).map(ascii_len).collect();
        let mut ascii = vec![0; sizes.iter().sum()];
        let mut spans = vec![
            Span {
                start: 0,
                len: 0,
                ascii: true,
                shadowed: false,
            };
            items.len()
        ];
        let mut masks = vec![ANY; items.len()];
        let mut places = Vec::with_capacity(sizes.len());
        let (mut bytes, mut at) = (ascii.as_mut_slice(), 0);
        for ((size, spans), masks) in sizes
            .iter()
            .zip(spans.chunks_mut(PART))
            .zip(masks.chunks_mut(PART))
        {
            let (part, rest) = bytes.split_at_mut(*size);
            places.push((part, at, spans, masks));
            (bytes, at) = (rest, at + size);
        }
        (items.par_chunks(PART).zip(places)).for_each(|(part, (bytes, at, spans, masks))| {
            let mut filled = 0;
            for ((title, span), mask) in part.iter().map(&title).zip(spans).zip(masks) {
                if title.is_ascii() {
                    bytes[filled..filled + title.len()].copy_from_slice(title.as_bytes());
                    *span = Span {
                        start: at + filled,
                        len: length(title.len()),
                        ascii: true,
                        shadowed: false,
                    };
                    *mask = letters(title.bytes());
                    filled += title.len();
                }
            }
        });
        let (mut unicode, mut shadows) = (Vec::new(), Vec::new());
        for ((item, span), mask) in items.iter().zip(spans.iter_mut()).zip(masks.iter_mut()) {
            let title = title(item);
            if !title.is_ascii() {
                let start = unicode.len();
                unicode.extend(Utf32String::from(title).slice(..).chars());
                *span = Span {
                    start,
                    len: length(unicode.len() - start),
                    ascii: false,
                    shadowed: add_shadow(&unicode[start..], &mut shadows),
                };
                *mask = folded_letters(&unicode[start..]);
            }
        }
        Self {
            ascii: ascii.into(),
            unicode: unicode.into(),
            spans: spans.into(),
            masks: masks.into(),
            shadows: shadows.into(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Title `index` for the matcher.
    pub(super) fn get(&self, index: usize) -> Utf32Str<'_> {
        let span = self.spans[index];
        let range = span.start..span.start + span.len as usize;
        if span.ascii {
            Utf32Str::Ascii(&self.ascii[range])
        } else {
            Utf32Str::Unicode(&self.unicode[range])
        }
    }

    /// Whether title `index` is all ASCII (as nearly all are).
    #[cfg(test)]
    pub(super) fn is_ascii(&self, index: usize) -> bool {
        self.spans[index].ascii
    }

    /// Asks the CPU to fetch what a look at title `index` reads first: its mask and where it
    /// is. Matching a keystroke's earlier matches reads titles scattered over the buffers, so
    /// each would otherwise wait on memory.
    pub(super) fn prefetch_place(&self, index: usize) {
        prefetch(&self.masks[index]);
        prefetch(&self.spans[index]);
    }

    /// Asks the CPU to fetch the start of title `index` (its place fetched before).
    pub(super) fn prefetch_title(&self, index: usize) {
        let span = self.spans[index];
        if span.ascii {
            prefetch(self.ascii[span.start..].as_ptr());
        } else {
            prefetch(self.unicode[span.start..].as_ptr());
        }
    }

    /// Whether title `index` may contain every letter of `needed` (see [`needed_letters`]).
    pub(super) fn may_match(&self, index: usize, needed: u64) -> bool {
        self.masks[index] & needed == needed
    }

    /// The titles as `atoms` read them: through their ASCII shadows, where the shadows answer
    /// as the titles do (every needle ASCII, and holding no byte that stands in a shadow).
    pub(super) fn reading<'a>(&'a self, atoms: &[Atom]) -> Reading<'a> {
        let shadows = atoms.iter().all(|atom| match atom.needle_text() {
            Utf32Str::Ascii(needle) => !needle.iter().any(|&b| b == NON_WORD || b == WHITESPACE),
            Utf32Str::Unicode(_) => false,
        });
        Reading {
            haystacks: self,
            shadows,
        }
    }
}

/// The titles as one query reads them (see [`Haystacks::reading`]).
#[derive(Clone, Copy)]
pub(super) struct Reading<'a> {
    haystacks: &'a Haystacks,
    shadows: bool,
}

impl<'a> Reading<'a> {
    pub(super) fn len(self) -> usize {
        self.haystacks.len()
    }

    /// Title `index` itself, for scoring: nucleo scores a title outside ASCII its own way
    /// (a one-letter needle, for one, takes its bonus from the last matched char's class).
    pub(super) fn get(self, index: usize) -> Utf32Str<'a> {
        self.haystacks.get(index)
    }

    /// Title `index` for the match test and the tiers: its shadow where it has one and the
    /// query reads them.
    pub(super) fn read(self, index: usize) -> Utf32Str<'a> {
        let span = self.haystacks.spans[index];
        if self.shadows && span.shadowed {
            let range = span.start..span.start + span.len as usize;
            return Utf32Str::Ascii(&self.haystacks.shadows[range]);
        }
        self.haystacks.get(index)
    }

    /// Whether title `index` is read as ASCII (as nearly all are).
    pub(super) fn is_ascii(self, index: usize) -> bool {
        let span = self.haystacks.spans[index];
        span.ascii || (self.shadows && span.shadowed)
    }

    pub(super) fn may_match(self, index: usize, needed: u64) -> bool {
        self.haystacks.may_match(index, needed)
    }

    pub(super) fn prefetch_place(self, index: usize) {
        self.haystacks.prefetch_place(index);
    }

    pub(super) fn prefetch_title(self, index: usize) {
        self.haystacks.prefetch_title(index);
    }
}

/// A hint to fetch the cache line at `at`; nothing where the CPU is not known to take one.
fn prefetch<T>(at: *const T) {
    // SAFETY: a prefetch reads nothing and cannot fault, whatever the address; SSE, which
    // it needs, is part of every x86_64 CPU.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// Appends the ASCII shadow of `chars` (a title outside ASCII) to `shadows`, byte for char,
/// and says whether it has one; where it has none, the bytes are only a placeholder.
fn add_shadow(chars: &[char], shadows: &mut Vec<u8>) -> bool {
    let mut whole = true;
    shadows.extend(chars.iter().map(|&c| {
        let byte = shadow(c);
        whole &= byte.is_some();
        byte.unwrap_or(NON_WORD)
    }));
    whole
}

/// The ASCII byte the matcher and the tiers treat exactly as `c` for every ASCII needle, if
/// there is one. nucleo compares a title's char by its case fold after normalising
/// (`to_lower_case(normalize(c))`) and gives it a bonus by its class (lower, upper, digit,
/// other letter, whitespace, anything else); the tiers fold in the other order and ask
/// whether the char before a run is whitespace or alphanumeric. A letter or digit that folds
/// to an ASCII one of the same class both ways stands for it (`É` for `E`); whitespace and
/// other chars that fold to nothing ASCII stand for a byte no needle of a shadow-reading
/// query holds. Other letters (`ß`, Greek, CJK) have no shadow.
fn shadow(c: char) -> Option<u8> {
    if c.is_ascii() {
        // A vertical tab is whitespace to the tiers outside ASCII only.
        return u8::try_from(c).ok().filter(|_| c != '\u{b}');
    }
    let ascii = |c: char| u8::try_from(c).ok().filter(u8::is_ascii);
    let (matched, tiered) = (to_lower_case(normalize(c)), normalize(to_lower_case(c)));
    let folded = ascii(matched).filter(|_| matched == tiered);
    // nucleo's classes, in its order (`char_class_non_ascii`).
    if c.is_lowercase() {
        folded.filter(u8::is_ascii_lowercase)
    } else if is_upper_case(c) {
        folded
            .filter(u8::is_ascii_lowercase)
            .map(|letter| letter.to_ascii_uppercase())
    } else if c.is_numeric() {
        folded.filter(u8::is_ascii_digit)
    } else if c.is_alphabetic() || ascii(matched).is_some() || ascii(tiered).is_some() {
        None
    } else if c.is_whitespace() {
        Some(WHITESPACE)
    } else {
        Some(NON_WORD)
    }
    .filter(|&byte| byte.is_ascii_alphanumeric() == c.is_alphanumeric())
}

/// Titles are cut to what the matcher can take (it counts in `u32`); no headline comes near.
fn length(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// The ASCII letters (case folded) and digits among `bytes`, one bit each.
fn letters(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0, |mask, byte| mask | bit(byte))
}

/// The ASCII letters and digits the matcher may see in a title outside ASCII: each char as
/// it is, case-folded and normalised in either order (`é` is an `e` to the matcher, `£` is
/// nothing a needle letter matches). A letter of the mask is then all the matcher can find.
fn folded_letters(chars: &[char]) -> u64 {
    let ascii = |c: char| u8::try_from(c).ok().filter(u8::is_ascii).map_or(0, bit);
    chars.iter().fold(0, |mask, &c| {
        mask | ascii(c) | ascii(to_lower_case(normalize(c))) | ascii(normalize(to_lower_case(c)))
    })
}

fn bit(byte: u8) -> u64 {
    match byte.to_ascii_lowercase() {
        letter @ b'a'..=b'z' => 1 << (letter - b'a'),
        digit @ b'0'..=b'9' => 1 << (26 + digit - b'0'),
        _ => 0,
    }
}

/// The letters a title must contain for all of `atoms` to match: those of every atom that
/// must be found (a negated one must not, so it needs nothing). Anything else in a needle
/// (spaces, punctuation, letters outside ASCII) is left to the matcher.
pub(super) fn needed_letters<'a>(atoms: impl IntoIterator<Item = &'a Atom>) -> u64 {
    atoms
        .into_iter()
        .filter(|atom| !atom.negative)
        .flat_map(|atom| atom.needle_text().chars())
        .filter(char::is_ascii)
        .fold(0, |mask, c| mask | bit(c as u8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};

    fn atoms(query: &str) -> Vec<Atom> {
        Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart).atoms
    }

    #[test]
    fn titles_come_back_as_given() {
        let titles = ["Korea talks", "Café in Zürich", "", "Seoul 2024"];
        let haystacks = Haystacks::new(titles);
        assert_eq!(haystacks.len(), 4);
        for (index, title) in titles.iter().enumerate() {
            let expected: Vec<char> = Utf32String::from(*title).slice(..).chars().collect();
            let got: Vec<char> = haystacks.get(index).chars().collect();
            assert_eq!(got, expected, "{title:?}");
        }
        assert!(matches!(haystacks.get(0), Utf32Str::Ascii(_)));
        assert!(matches!(haystacks.get(1), Utf32Str::Unicode(_)));
    }

    #[test]
    fn titles_packed_in_parts_come_back_as_given_in_order() {
        let titles = [
            "Korea talks",
            "Café in Zürich",
            "",
            "Seoul 2024",
            "Über alles",
            "x",
        ];
        let haystacks = Haystacks::of_all(&titles, |title| title);
        assert_eq!(haystacks.len(), titles.len());
        for (index, title) in titles.iter().enumerate() {
            let expected: Vec<char> = Utf32String::from(*title).slice(..).chars().collect();
            let got: Vec<char> = haystacks.get(index).chars().collect();
            assert_eq!(got, expected, "{title:?}");
            assert_eq!(haystacks.is_ascii(index), title.is_ascii());
        }
        assert_eq!(Haystacks::of_all::<&str>(&[], |title| title).len(), 0);
    }

    #[test]
    fn titles_outside_ascii_are_read_through_their_shadows_by_ascii_queries() {
        let titles = [
            "Korea\u{a0}talks £5bn",
            "KÖRE’s é",
            "Κορέα",
            "Seoul",
            "Straße",
        ];
        let haystacks = Haystacks::new(titles);
        let read = |query: &str, index: usize| match haystacks.reading(&atoms(query)).read(index) {
            Utf32Str::Ascii(bytes) => Some(bytes.to_vec()),
            Utf32Str::Unicode(_) => None,
        };
        assert_eq!(
            read("kor", 0).as_deref(),
            Some(&b"Korea\x0ctalks \x005bn"[..])
        );
        assert_eq!(read("kor", 1).as_deref(), Some(&b"KORE\x00s e"[..]));
        assert_eq!(
            read("kor", 2),
            None,
            "Greek letters stand for no ASCII byte"
        );
        assert_eq!(
            read("kor", 4).as_deref(),
            Some(&b"Strase"[..]),
            "ß is an s to nucleo"
        );
        assert_eq!(read("kor", 3).as_deref(), Some(&b"Seoul"[..]));
        assert_eq!(
            read("kör", 1),
            None,
            "a needle outside ASCII reads the title"
        );
        assert_eq!(
            read("kor \u{c}", 0),
            None,
            "nor does one holding a shadow's byte"
        );
        assert!(haystacks.reading(&atoms("kor")).is_ascii(1));
        assert!(!haystacks.reading(&atoms("kor")).is_ascii(2));
    }

    #[test]
    fn masks_rule_out_only_titles_lacking_a_needed_letter() {
        let haystacks = Haystacks::new(["Korea talks", "Weather in Seoul", "Café", "Seoul 2024"]);
        let korea = needed_letters(&atoms("KOR"));
        assert!(haystacks.may_match(0, korea));
        assert!(!haystacks.may_match(1, korea));
        assert!(
            !haystacks.may_match(2, korea),
            "a title outside ASCII is ruled out by the letters it folds to"
        );
        assert!(haystacks.may_match(2, needed_letters(&atoms("cafe"))));
        assert!(haystacks.may_match(2, needed_letters(&atoms("CAFÉ"))));
        assert!(haystacks.may_match(3, needed_letters(&atoms("s24"))));
        assert!(!haystacks.may_match(3, needed_letters(&atoms("s25"))));
        // A negated atom needs nothing; punctuation and spaces are left to the matcher.
        assert_eq!(needed_letters(&atoms("!zzz")), 0);
        assert_eq!(needed_letters(&atoms("'a-b")), needed_letters(&atoms("ab")));
    }
}
