//! The ranking a list shows: counted in full, put in order only as far as the list asks (a
//! screenful, then what scrolling asks for), as fzf and nucleo rank a million matches. Each
//! request selects its rows (`select_nth_unstable`) and sorts only those, so every row the
//! list can reach is the row a full sort puts there, and a keystroke that matches half a
//! million titles does not sort them.

use super::Hit;
use super::tiers::Tier;
use crate::domain::library::ArticleId;

/// The most a score may be and still sort exactly (a query of 1,000 characters scores far
/// below it); higher scores are taken as this one.
const SCORE_LIMIT: u32 = (1 << 30) - 1;

/// The group of scattered hits: last, after the hits of a word and inside a word.
const SCATTERED: u32 = 2;

/// One member of the ranking, ordered as the ranking orders: by tier (best first), then by
/// score (highest first), then by id (path order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    /// The tier's group and the score, as one number that ascends as the ranking descends.
    place: u32,
    id: ArticleId,
}

impl Key {
    fn new(hit: Hit, tier: Tier) -> Self {
        let group = match tier {
            Tier::Word | Tier::Spaced => 0,
            Tier::Inside => 1,
            Tier::Scattered => SCATTERED,
        };
        Self {
            place: group << 30 | (SCORE_LIMIT - hit.score.min(SCORE_LIMIT)),
            id: hit.id,
        }
    }

    fn scattered(self) -> bool {
        self.place >> 30 == SCATTERED
    }

    fn hit(self) -> Hit {
        Hit {
            id: self.id,
            score: SCORE_LIMIT - (self.place & SCORE_LIMIT),
        }
    }
}

/// Every title a query shows, in no particular order once asked for rows.
#[derive(Default)]
pub(super) struct Members(Vec<Key>);

impl Members {
    /// The members among `hits` (each with its tier): every hit of a word or inside a word,
    /// and scattered hits only when no hit is better, or when they score at least as well as
    /// the weakest better one (the floor).
    pub(super) fn of(hits: impl IntoIterator<Item = (Hit, Tier)>) -> Self {
        let keys: Vec<Key> = hits
            .into_iter()
            .map(|(hit, tier)| Key::new(hit, tier))
            .collect();
        let floor = (keys.iter())
            .filter(|key| !key.scattered())
            .map(|key| key.hit().score)
            .min();
        match floor {
            None => Self(keys),
            Some(floor) => Self(
                keys.into_iter()
                    .filter(|key| !key.scattered() || key.hit().score >= floor)
                    .collect(),
            ),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    /// The first `rows` of the ranking (all of it when there are fewer), best first.
    pub(super) fn top(&mut self, rows: usize) -> Vec<Hit> {
        let keys = &mut self.0;
        let rows = rows.min(keys.len());
        if rows < keys.len() {
            // The first `rows` are now the best ones, in no order.
            keys.select_nth_unstable(rows);
        }
        let top = &mut keys[..rows];
        top.sort_unstable();
        top.iter().map(|key| key.hit()).collect()
    }
}
