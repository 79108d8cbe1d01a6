//! nucleo-matcher's fuzzy score of an ASCII title, computed here without its general matrix.
//!
//! Deciding whether a scattered match is counted needs its exact score, and at a million
//! titles `ko` or `korea d` ask for hundreds of thousands of them. nucleo-matcher 0.3 scores
//! an ASCII fuzzy atom with a row-by-row dynamic programme over the span its prefilter finds;
//! this is the same programme (the same cells, bonuses, penalties and saturation, in the
//! same order) for the default configuration, keeping one row of cells on the stack and no
//! match positions. Where nucleo takes another path (a needle as long as the title, a match
//! with no gap, spans too large for its optimal matrix) this answers nothing and nucleo is
//! asked. A property test holds it to nucleo's score on every title.

use memchr::{memchr, memchr2, memrchr, memrchr2};

/// nucleo-matcher's constants (`score.rs`, `Config::DEFAULT`).
const SCORE_MATCH: u16 = 16;
const PENALTY_GAP_START: u16 = 3;
const PENALTY_GAP_EXTENSION: u16 = 1;
const BONUS_BOUNDARY: u16 = SCORE_MATCH / 2;
const BONUS_CAMEL123: u16 = BONUS_BOUNDARY - PENALTY_GAP_START;
const BONUS_NON_WORD: u16 = BONUS_BOUNDARY;
const BONUS_CONSECUTIVE: u16 = PENALTY_GAP_START + PENALTY_GAP_EXTENSION;
const BONUS_FIRST_CHAR_MULTIPLIER: u16 = 2;
const BONUS_BOUNDARY_WHITE: u16 = BONUS_BOUNDARY + 2;
const BONUS_BOUNDARY_DELIMITER: u16 = BONUS_BOUNDARY + 1;
const DELIMITERS: &[u8] = b"/,:;|";

/// The longest span (first to last possible matched character) scored here; longer ones,
/// which no headline has, are left to nucleo (which falls back to a greedy match past 100 KiB
/// of cells).
const LONGEST_SPAN: usize = 128;
/// The longest needle scored here (the span's cells stay far below nucleo's limit).
const LONGEST_NEEDLE: usize = 32;

/// nucleo-matcher's character classes, in its order (`class > Delimiter` means a word
/// character).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Number,
}

fn class(byte: u8) -> Class {
    match byte {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        _ if byte.is_ascii_whitespace() => Class::Whitespace,
        _ if DELIMITERS.contains(&byte) => Class::Delimiter,
        _ => Class::NonWord,
    }
}

/// nucleo-matcher's `Config::bonus_for` in the default configuration.
fn bonus_for(previous: Class, class: Class) -> u16 {
    if class > Class::Delimiter {
        match previous {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => (),
        }
    }
    if (previous == Class::Lower && class == Class::Upper)
        || (previous != Class::Number && class == Class::Number)
    {
        BONUS_CAMEL123
    } else if class == Class::Whitespace {
        BONUS_BOUNDARY_WHITE
    } else if class == Class::NonWord {
        BONUS_NON_WORD
    } else {
        0
    }
}

/// The bonus of `title[at]`, by the class of the character before it (a title starts after
/// whitespace).
fn bonus_at(title: &[u8], at: usize) -> u16 {
    let previous = at
        .checked_sub(1)
        .map_or(Class::Whitespace, |i| class(title[i]));
    bonus_for(previous, class(title[at]))
}

fn find(wanted: u8, bytes: &[u8]) -> Option<usize> {
    if wanted.is_ascii_lowercase() {
        memchr2(wanted, wanted.to_ascii_uppercase(), bytes)
    } else {
        memchr(wanted, bytes)
    }
}

fn find_last(wanted: u8, bytes: &[u8]) -> Option<usize> {
    if wanted.is_ascii_lowercase() {
        memrchr2(wanted, wanted.to_ascii_uppercase(), bytes)
    } else {
        memrchr(wanted, bytes)
    }
}

/// nucleo-matcher's fuzzy score of `needle` (lower case, as a query parsed ignoring case
/// keeps it) in `title`, ignoring case: `Some(None)` when it does not match, `None` when
/// nucleo scores it another way and must be asked.
pub(super) fn fuzzy_score(title: &[u8], needle: &[u8]) -> Option<Option<u16>> {
    if needle.len() > title.len() {
        return Some(None);
    }
    if needle.is_empty() || needle.len() == title.len() || needle.len() > LONGEST_NEEDLE {
        return None;
    }
    if let [wanted] = needle {
        return Some(one_char(title, *wanted));
    }
    // nucleo's prefilter: the first place the needle can start, the greedy match's end, and
    // the last place its last character is.
    let Some(start) = find(needle[0], &title[..title.len() - needle.len() + 1]) else {
        return Some(None);
    };
    let mut greedy_end = start + 1;
    for &wanted in &needle[1..] {
        match find(wanted, &title[greedy_end..]) {
            Some(at) => greedy_end += at + 1,
            None => return Some(None),
        }
    }
    let last = needle[needle.len() - 1];
    let end = greedy_end + find_last(last, &title[greedy_end..]).map_or(0, |at| at + 1);
    if end - start == needle.len() || end - start > LONGEST_SPAN {
        return None;
    }
    Some(Some(optimal(title, needle, start, end)))
}

/// `substring_match_1_ascii`: the best first-character score of any occurrence.
fn one_char(title: &[u8], wanted: u8) -> Option<u16> {
    let mut best = 0;
    let mut rest = 0;
    while let Some(at) = find(wanted, &title[rest..]) {
        let at = rest + at;
        let bonus = bonus_at(title, at);
        best = best.max(bonus * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH);
        if bonus >= BONUS_BOUNDARY_WHITE {
            break;
        }
        rest = at + 1;
    }
    (best > 0).then_some(best)
}

/// One cell of a row: the best score of the needle so far with its last character matched
/// here, whether that character continues a run, and the run's bonus.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Cell {
    score: u16,
    consecutive_bonus: u8,
    matched: bool,
}

/// nucleo's sentinel for "not matched here" (`matched` true with no bonus never occurs).
const UNMATCHED: Cell = Cell {
    score: 0,
    consecutive_bonus: 0,
    matched: true,
};

/// `next_m_cell`: matching a character here, after `cell` on the left in the row above or
/// after a gap that scores `gap`.
fn next_cell(gap: u16, bonus: u16, cell: Cell) -> Cell {
    if cell == UNMATCHED {
        return Cell {
            score: gap + bonus + SCORE_MATCH,
            matched: false,
            consecutive_bonus: bonus as u8,
        };
    }
    let mut consecutive_bonus = u16::from(cell.consecutive_bonus).max(BONUS_CONSECUTIVE);
    if bonus >= BONUS_BOUNDARY && bonus > consecutive_bonus {
        consecutive_bonus = bonus;
    }
    let run = cell.score + consecutive_bonus.max(bonus);
    let skip = gap + bonus;
    if run > skip {
        Cell {
            score: run + SCORE_MATCH,
            matched: true,
            consecutive_bonus: consecutive_bonus as u8,
        }
    } else {
        Cell {
            score: skip + SCORE_MATCH,
            matched: false,
            consecutive_bonus: bonus as u8,
        }
    }
}

/// `p_score`: the best score with a gap here.
fn gap_score(previous_gap: u16, previous_match: u16) -> u16 {
    (previous_match.saturating_sub(PENALTY_GAP_START))
        .max(previous_gap.saturating_sub(PENALTY_GAP_EXTENSION))
}

/// `fuzzy_match_optimal` over `title[start..end]`, which the prefilter found to hold the
/// needle and which is at most [`LONGEST_SPAN`] long.
fn optimal(title: &[u8], needle: &[u8], start: usize, end: usize) -> u16 {
    let span = &title[start..end];
    let mut chars = [0u8; LONGEST_SPAN];
    let mut bonuses = [0u8; LONGEST_SPAN];
    let mut previous = start
        .checked_sub(1)
        .map_or(Class::Whitespace, |i| class(title[i]));
    for ((byte, char), bonus) in span.iter().zip(&mut chars).zip(&mut bonuses) {
        let this = class(*byte);
        *char = byte.to_ascii_lowercase();
        *bonus = bonus_for(previous, this) as u8;
        previous = this;
    }
    let (chars, bonuses) = (&chars[..span.len()], &bonuses[..span.len()]);
    // Where each needle character is first found after the previous one's first place.
    let mut row_starts = [0usize; LONGEST_NEEDLE];
    let mut at = 0;
    for (wanted, row_start) in needle.iter().zip(&mut row_starts) {
        while chars[at] != *wanted {
            at += 1;
        }
        *row_start = at;
        at += 1;
    }
    // The row of the needle character being placed, by column (the first row here).
    let mut row = [UNMATCHED; LONGEST_SPAN];
    for ((cell, char), bonus) in row.iter_mut().zip(chars).zip(bonuses) {
        if *char == needle[0] {
            *cell = Cell {
                score: u16::from(*bonus) * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH,
                matched: false,
                consecutive_bonus: *bonus,
            };
        }
    }
    for index in 0..needle.len() - 1 {
        let next = needle[index + 1];
        let next_start = row_starts[index + 1];
        let (mut gap, mut matched) = (0, 0);
        // The row is rewritten in place: the next row's cell at `column + 1` replaces this
        // row's, which is read first (`following`).
        let mut cell = row[row_starts[index]];
        for column in row_starts[index]..span.len() {
            let here = gap_score(gap, matched);
            let following = row.get(column + 1).copied().unwrap_or(UNMATCHED);
            if column + 1 < span.len() && column + 1 >= next_start {
                row[column + 1] = if chars[column + 1] == next {
                    next_cell(here, u16::from(bonuses[column + 1]), cell)
                } else {
                    UNMATCHED
                };
            }
            (gap, matched, cell) = (here, cell.score, following);
        }
    }
    (row[row_starts[needle.len() - 1]..span.len()].iter())
        .map(|cell| cell.score)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};

    #[test]
    fn scores_what_nucleo_scores() {
        let titles = [
            "North Korea skips rally",
            "Kenya boosts oil output; defence pact",
            "K-pop star defends record",
            "Park, Kim and Oh: Seoul talks/defence",
            "bookOfKorea2024 k9 kO|o",
            "Bak Oil",
            "k                                                              o",
            "kkkkoooo korea KOREA kOrEa",
            "Pakistan talks in Kabul end (defence)",
            "a",
            "ko",
            "Markets rally on Korea news as defence firms climb",
        ];
        let needles = [
            "k", "o", "ko", "kor", "korea", "d", "de", "def", "defence", "kd", "ka", "9", "-",
            "o|", "talks", "aa", "ko ",
        ];
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut answered = 0;
        for title in titles {
            for needle in needles {
                let atom =
                    &Pattern::parse(needle, CaseMatching::Ignore, Normalization::Smart).atoms;
                let Some(atom) = atom.first() else { continue };
                let Utf32Str::Ascii(needle) = atom.needle_text() else {
                    unreachable!("ASCII needle")
                };
                if let Some(ours) = fuzzy_score(title.as_bytes(), needle) {
                    let nucleo = atom.score(Utf32Str::Ascii(title.as_bytes()), &mut matcher);
                    assert_eq!(ours, nucleo, "{needle:?} in {title:?}");
                    answered += 1;
                }
            }
        }
        assert!(answered > 150, "the fast path answered only {answered}");
    }
}
