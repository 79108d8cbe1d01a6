//! Which matches need an exact score: those that may be shown.
//!
//! Every title holding each query word as a run of letters is shown, so it is scored at once
//! (see `matching::find`). A title whose letters are only found scattered is shown only if
//! nothing ranks above its tier or if it scores at least as well as the weakest better match
//! (the floor; see `tiers`). Its score has a ceiling known without aligning it: nucleo-matcher
//! gives a matched character at most `SCORE_MATCH` (16) plus the whitespace-boundary bonus
//! (10), twice that bonus for the first character, and takes at least `PENALTY_GAP_START` (3)
//! for a gap, which a scattered atom must have. When the floor is above that ceiling — the
//! usual case once a word is typed — no scattered match is aligned at all.

use nucleo_matcher::pattern::{Atom, AtomKind};
use nucleo_matcher::{Matcher, Utf32Str};

use super::matching::{Found, Split, score};
use super::tiers::Tier;

/// nucleo-matcher's score for each matched character (`SCORE_MATCH`).
const SCORE_MATCH: u32 = 16;
/// nucleo-matcher's largest bonus for a character (`bonus_boundary_white` in its default
/// configuration, which the first character gets twice).
const BEST_BONUS: u32 = 10;
/// The least a gap in an alignment costs (`PENALTY_GAP_START`).
const GAP_PENALTY: u32 = 3;

/// The highest score `atoms` can give any title: every atom found whole at the start of a
/// word after a space. `None` when an atom is not fuzzy (the bound is only argued for those).
pub(super) fn ceiling(atoms: &[Atom]) -> Option<u32> {
    atoms.iter().map(atom_ceiling).sum()
}

fn atom_ceiling(atom: &Atom) -> Option<u32> {
    if atom.negative {
        return Some(0);
    }
    let chars = u32::try_from(atom.needle_text().len()).ok()?;
    (atom.kind == AtomKind::Fuzzy).then(|| chars * (SCORE_MATCH + BEST_BONUS) + BEST_BONUS)
}

/// How many cells of nucleo-matcher's alignment matrix (title chars × needle chars) a title
/// may need and still be aligned optimally: beyond 100 KiB of cells (or 2,048 chars) nucleo
/// falls back to a greedy match, which may score below the ceiling. Half of that, to be safe.
const OPTIMAL_CELLS: usize = 50 * 1024;

/// The exact score of an ASCII title whose every atom is found at the start of a word after
/// a space or at the title's start ([`Tier::Spaced`]), known without aligning it.
#[derive(Clone, Copy)]
pub(super) struct Spaced {
    split: Split,
    /// The longest title nucleo aligns optimally for these atoms.
    longest: usize,
}

impl Spaced {
    /// For `atoms`, if it holds for them: such a run scores each character the match score
    /// plus the whitespace bonus (a run keeps its first character's bonus), and the first
    /// one twice the bonus, which is the ceiling. It does not hold for an atom that is not
    /// fuzzy, or whose needle starts with something other than an ASCII letter or digit
    /// (nucleo gives no word-start bonus there).
    pub(super) fn of(atoms: &[Atom]) -> Option<Self> {
        let (last, others) = atoms.split_last()?;
        let starts_a_word = |atom: &Atom| {
            atom.negative
                || matches!(atom.needle_text(), Utf32Str::Ascii([first, ..]) if first.is_ascii_alphanumeric())
        };
        if !atoms.iter().all(starts_a_word) {
            return None;
        }
        let needle = (atoms.iter().map(|atom| atom.needle_text().len()).max()).unwrap_or(1);
        Some(Self {
            split: Split {
                fixed: others.iter().map(atom_ceiling).sum::<Option<u32>>()?,
                last: atom_ceiling(last)?,
            },
            longest: (OPTIMAL_CELLS / needle.max(1)).min(2048),
        })
    }

    /// The score of `title`, an ASCII title of tier [`Tier::Spaced`], if it is short enough.
    pub(super) fn score(self, title: Utf32Str<'_>) -> Option<Split> {
        (title.len() <= self.longest).then_some(self.split)
    }
}

/// What an unscored (scattered, ASCII) match must score to be shown, if it may be shown at
/// all: `Some(None)` when it is shown whatever it scores (nothing ranks above it, or no
/// ceiling is known), `None` when no scattered match can reach the floor.
pub(super) fn scattered_floor(atoms: &[Atom], found: &[Found]) -> Option<Option<u32>> {
    let floor = found
        .iter()
        .filter(|found| found.scored.tier > Tier::Scattered)
        .filter_map(|found| found.scored.score)
        .map(Split::total)
        .min();
    let most = ceiling(atoms).map(|ceiling| ceiling.saturating_sub(GAP_PENALTY));
    match (floor, most) {
        (Some(floor), Some(most)) => (most >= floor).then_some(Some(floor)),
        _ => Some(None),
    }
}

/// Whether the unscored match `found` may reach `floor`. Its ceiling is the score carried
/// over (or the ceilings of the kept atoms), plus each one-letter atom's exact score (found
/// without aligning) and the other atoms' ceilings; less a gap's penalty when a scattered atom
/// must be among those counted by their ceiling (one letter is never scattered).
pub(super) fn may_reach(
    found: &Found,
    title: Utf32Str<'_>,
    atoms: &[Atom],
    kept_atoms: usize,
    matcher: &mut Matcher,
    floor: u32,
) -> bool {
    let (mut most, fresh) = match found.carried {
        Some(carried) => (carried, &atoms[kept_atoms..]),
        None => (0, atoms),
    };
    // With a score carried over, the scattered atom may be a kept one, already paid for.
    let penalty = if fresh.len() == atoms.len() {
        GAP_PENALTY
    } else {
        0
    };
    for atom in fresh {
        let atom_most = if atom.needle_text().len() == 1 && !atom.negative {
            match score(title, atom, matcher) {
                Some(score) => Some(u32::from(score)),
                None => return false,
            }
        } else {
            atom_ceiling(atom)
        };
        match atom_most {
            Some(atom_most) => most += atom_most,
            None => return true,
        }
    }
    most.saturating_sub(penalty) >= floor
}
