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

use super::matching::{Found, Split};
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
    atoms
        .iter()
        .filter(|atom| !atom.negative)
        .map(|atom| {
            let chars = u32::try_from(atom.needle_text().len()).ok()?;
            (atom.kind == AtomKind::Fuzzy).then(|| chars * (SCORE_MATCH + BEST_BONUS) + BEST_BONUS)
        })
        .sum()
}

/// Whether any of `found`'s unscored (scattered, ASCII) matches may be shown: when nothing
/// ranks above them, when no ceiling is known, or when the ceiling of a scattered match
/// reaches the floor.
pub(super) fn scattered_may_show(atoms: &[Atom], found: &[Found]) -> bool {
    let floor = found
        .iter()
        .filter(|found| found.scored.tier > Tier::Scattered)
        .filter_map(|found| found.scored.score)
        .map(Split::total)
        .min();
    let most = ceiling(atoms).map(|ceiling| ceiling.saturating_sub(GAP_PENALTY));
    match (floor, most) {
        (Some(floor), Some(most)) => most >= floor,
        _ => true,
    }
}
