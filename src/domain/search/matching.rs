//! Matching a keystroke's query against the titles: every title, or only the previous
//! keystroke's matches when the query grew (whose scores for unchanged words are carried over),
//! on every core, and ranking the matches by score with a counting sort.

use nucleo_matcher::Matcher;
use nucleo_matcher::pattern::Atom;
use rayon::prelude::*;

use super::haystack::{Haystacks, needed_letters};
use super::tiers::{Tier, tier};
use super::{CANCEL_CHECK_EVERY, Hit};
use crate::domain::library::ArticleId;

/// A match's score in two parts: `fixed`, from every atom (word) of the query but the last,
/// and `last`, from the last one, which is the one being typed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scored {
    pub id: ArticleId,
    pub fixed: u32,
    pub last: u32,
    /// How the title holds the whole query, which ranks before the score.
    pub tier: Tier,
}

/// Which titles to match.
#[derive(Clone, Copy)]
pub(super) enum Candidates<'a> {
    All,
    /// The previous matches, in id order.
    Some(&'a [Scored]),
}

/// How much of a previous match's score the refined query keeps, its leading atoms being
/// the same; each variant holds how many atoms that spares matching again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kept {
    Nothing,
    /// All atoms but the last are the same: `fixed` holds.
    Fixed(usize),
    /// Every previous atom is still there and new ones follow: `fixed + last` holds.
    Whole(usize),
}

impl Kept {
    pub(super) fn of(old: &[Atom], new: &[Atom]) -> Self {
        let same = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        if !old.is_empty() && same == old.len() && new.len() > old.len() {
            Self::Whole(same)
        } else if !old.is_empty() && same + 1 == old.len() && new.len() == old.len() {
            Self::Fixed(same)
        } else {
            Self::Nothing
        }
    }

    fn atoms(self) -> usize {
        match self {
            Self::Nothing => 0,
            Self::Fixed(atoms) | Self::Whole(atoms) => atoms,
        }
    }

    fn carried(self, previous: &Scored) -> u32 {
        match self {
            Self::Nothing => 0,
            Self::Fixed(_) => previous.fixed,
            Self::Whole(_) => previous.fixed + previous.last,
        }
    }
}

/// Matches `atoms` against the candidates on every core; matches come back in id order.
/// Of a previous match, the atoms `kept` covers are not matched again.
pub(super) fn score(
    haystacks: &Haystacks,
    matchers: &mut [Matcher],
    atoms: &[Atom],
    candidates: Candidates<'_>,
    kept: Kept,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Scored>> {
    let (total, kept) = match candidates {
        Candidates::All => (haystacks.len(), Kept::Nothing),
        Candidates::Some(previous) => (previous.len(), kept),
    };
    let fresh = &atoms[kept.atoms()..];
    let needed = needed_letters(fresh);
    let chunk = total.div_ceil(matchers.len().max(1)).max(1);
    // One contiguous range per matcher, so the parts come back in id order.
    let parts: Vec<Option<Vec<Scored>>> = matchers
        .par_iter_mut()
        .enumerate()
        .map(|(n, matcher)| {
            let range = (n * chunk).min(total)..((n + 1) * chunk).min(total);
            let mut matched = Vec::new();
            for (done, index) in range.enumerate() {
                if done % CANCEL_CHECK_EVERY == 0 && cancelled() {
                    return None;
                }
                let (id, carried) = match candidates {
                    Candidates::All => (ArticleId::new(index), 0),
                    Candidates::Some(previous) => {
                        (previous[index].id, kept.carried(&previous[index]))
                    }
                };
                if !haystacks.may_match(id.index(), needed) {
                    continue;
                }
                if let Some(mut scored) = score_one(haystacks, matcher, id, fresh, carried) {
                    scored.tier = tier(haystacks.get(id.index()), atoms);
                    matched.push(scored);
                }
            }
            Some(matched)
        })
        .collect();
    let mut matched = Vec::with_capacity(parts.iter().flatten().map(Vec::len).sum());
    for part in parts {
        matched.extend(part?);
    }
    Some(matched)
}

/// Scores title `id` by the `fresh` atoms on top of the `carried` score of the others, or
/// `None` if one of them does not match.
fn score_one(
    haystacks: &Haystacks,
    matcher: &mut Matcher,
    id: ArticleId,
    fresh: &[Atom],
    carried: u32,
) -> Option<Scored> {
    let title = haystacks.get(id.index());
    let mut scored = Scored {
        id,
        fixed: carried,
        last: 0,
        tier: Tier::Word,
    };
    if let Some((last, others)) = fresh.split_last() {
        for atom in others {
            scored.fixed += u32::from(atom.score(title, matcher)?);
        }
        scored.last = u32::from(last.score(title, matcher)?);
    }
    Some(scored)
}

/// Sorts hits (given in id order) best score first, ties in id order. Scores fall in a small
/// range, so a counting sort does in linear time what a comparison sort of a million hits
/// would take a whole frame for.
pub(super) fn rank(hits: &mut Vec<Hit>) {
    const MAX_BUCKETS: u32 = 1 << 16;
    let Some(top) = hits.iter().map(|hit| hit.score).max() else {
        return;
    };
    if top >= MAX_BUCKETS {
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        return;
    }
    let mut starts = vec![0usize; top as usize + 2];
    for hit in hits.iter() {
        starts[(top - hit.score) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut ranked = vec![
        Hit {
            id: ArticleId::new(0),
            score: 0
        };
        hits.len()
    ];
    for hit in hits.iter() {
        let slot = &mut starts[(top - hit.score) as usize];
        ranked[*slot] = *hit;
        *slot += 1;
    }
    *hits = ranked;
}
