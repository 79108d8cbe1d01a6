//! Matching a keystroke's query against the titles: every title, or only the previous
//! keystroke's matches when the query grew (whose scores for unchanged words are carried over),
//! on every core.
//!
//! Whether a title matches is decided without aligning it (a case-folded subsequence test on
//! ASCII titles); the exact score, nucleo-matcher's optimal alignment and by far the dearest
//! step, is computed only for matches that are certain to be shown. The rest wait for
//! [`super::bound`] to say whether they can be.

use nucleo_matcher::pattern::{Atom, AtomKind};
use nucleo_matcher::{Matcher, Utf32Str};
use rayon::prelude::*;

use super::CANCEL_CHECK_EVERY;
use super::align;
use super::haystack::{Reading, needed_letters};
use super::progress::{Progress, fuzzy_ascii, is_subsequence};
use super::tiers::{Tier, tier};
use crate::domain::library::ArticleId;

/// A match's exact score in two parts: `fixed`, from every atom (word) of the query but the
/// last, and `last`, from the last one, which is the one being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Split {
    pub fixed: u32,
    pub last: u32,
}

impl Split {
    pub(super) fn total(self) -> u32 {
        self.fixed + self.last
    }
}

/// A title that matches the query.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scored {
    pub id: ArticleId,
    /// How the title holds the whole query, which ranks before the score.
    pub tier: Tier,
    /// How it holds every atom but the last (kept for the next keystroke, which may change
    /// only the last).
    pub fixed_tier: Tier,
    /// The exact score, once it was needed; a match that cannot be shown never gets one.
    pub score: Option<Split>,
    /// How far the last atom's match is known: a next keystroke that only types more into
    /// that atom looks for the new letters from there, not from the start.
    pub progress: Progress,
    /// Whether the last atom is known to hold only as far as `progress` says: a match that
    /// stays scattered while no scattered match can be shown is not looked at again until
    /// one may be (see [`confirm_pending`]); until then it is a candidate, not a match.
    pub pending: bool,
}

/// A match found by [`find`], with what its score carries over from the previous keystroke
/// (`None`: not known, every atom is scored afresh) for when it is scored.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub scored: Scored,
    pub carried: Option<u32>,
}

/// How many earlier matches ahead `find` fetches a title's place (mask and span), and its
/// first bytes: far enough for memory to answer, near enough to stay in the cache.
const PLACE_AHEAD: usize = 16;
const TITLE_AHEAD: usize = 8;

/// Which titles to match.
#[derive(Clone, Copy)]
pub(super) enum Candidates<'a> {
    All,
    /// The previous matches, in parts: those counted, then (unless they stay pending
    /// unread) those left pending.
    Some(&'a [&'a [Scored]]),
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

    pub(super) fn atoms(self) -> usize {
        match self {
            Self::Nothing => 0,
            Self::Fixed(atoms) | Self::Whole(atoms) => atoms,
        }
    }

    fn carried(self, previous: &Scored) -> Option<u32> {
        match self {
            Self::Nothing => Some(0),
            Self::Fixed(_) => previous.score.map(|split| split.fixed),
            Self::Whole(_) => previous.score.map(Split::total),
        }
    }
}

/// Finds which candidates match `atoms`, on every core; matches come back in the candidates'
/// order. Of a
/// previous match, the atoms `kept` covers are not matched again (`grew`: the last atom is
/// the previous last one with more typed; `resume`: and that one, a fuzzy atom of ASCII
/// letters, is resumed where its match was left, and a scattered match is left pending).
/// Matches that will be shown
/// whatever the others score (those holding every atom as a run of letters, and the rare
/// titles outside ASCII) are scored at once, without aligning where every word follows a
/// space (`spaced`); the others are left for [`score_rest`].
pub(super) fn find(
    haystacks: Reading<'_>,
    matchers: &mut [Matcher],
    atoms: &[Atom],
    candidates: Candidates<'_>,
    (kept, grew, resumes): (Kept, bool, bool),
    spaced: Spaced<'_>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<(Vec<Found>, Vec<Vec<Found>>)> {
    let (total, kept) = match candidates {
        Candidates::All => (haystacks.len(), Kept::Nothing),
        Candidates::Some(parts) => (parts.iter().map(|part| part.len()).sum(), kept),
    };
    let tested = &atoms[kept.atoms()..];
    let needed = needed_letters(tested);
    // The needle a scattered match may leave pending, and the atom a pending one must now
    // confirm (the previous last atom, kept since).
    let deferred = atoms.last().and_then(fuzzy_ascii).filter(|_| resumes);
    let confirmed = match kept {
        Kept::Whole(kept) => kept.checked_sub(1).map(|last| &atoms[last]),
        _ => None,
    };
    let confirmed_needed = needed | needed_letters(confirmed);
    let chunk = total.div_ceil(matchers.len().max(1)).max(1);
    // One contiguous range per matcher, so the parts come back in the candidates' order.
    let parts: Vec<Option<(Vec<Found>, Vec<Found>)>> = matchers
        .par_iter_mut()
        .enumerate()
        .map(|(n, matcher)| {
            let range = (n * chunk).min(total)..((n + 1) * chunk).min(total);
            let mut previous_matches = match candidates {
                Candidates::All => None,
                Candidates::Some(parts) => Some(parts.iter().copied().flatten().skip(range.start)),
            };
            // Earlier matches are scattered over the titles: what the loop will read a few
            // matches on is fetched now, the place first and the title once the place is in.
            let mut places_ahead = previous_matches
                .clone()
                .map(|ahead| ahead.skip(PLACE_AHEAD));
            let mut titles_ahead = previous_matches
                .clone()
                .map(|ahead| ahead.skip(TITLE_AHEAD));
            let mut matched = Vec::new();
            // Most earlier matches may stay scattered: room for all, not grown by copying.
            let mut left = Vec::with_capacity(if deferred.is_some() { range.len() } else { 0 });
            for (done, index) in range.enumerate() {
                if done % CANCEL_CHECK_EVERY == 0 && cancelled() {
                    return None;
                }
                if let Some(ahead) = places_ahead.as_mut().and_then(Iterator::next) {
                    haystacks.prefetch_place(ahead.id.index());
                }
                if let Some(ahead) = titles_ahead.as_mut().and_then(Iterator::next)
                    && !(deferred.is_some() && ahead.tier == Tier::Scattered)
                {
                    haystacks.prefetch_title(ahead.id.index());
                }
                let previous = previous_matches.as_mut().and_then(Iterator::next);
                let (id, carried) = match previous {
                    None => (ArticleId::new(index), Some(0)),
                    Some(previous) => (previous.id, kept.carried(previous)),
                };
                let pending_before = previous.is_some_and(|previous| previous.pending);
                if !haystacks.may_match(
                    id.index(),
                    if pending_before {
                        confirmed_needed
                    } else {
                        needed
                    },
                ) {
                    continue;
                }
                let ascii = haystacks.is_ascii(id.index());
                // A match that stays scattered is left pending, its title unread.
                if let Some(previous) = previous
                    && ascii
                    && deferred.is_some()
                    && previous.tier == Tier::Scattered
                {
                    left.push(Found {
                        scored: Scored {
                            score: None,
                            pending: true,
                            ..*previous
                        },
                        carried,
                    });
                    continue;
                }
                let (title, read) = (haystacks.get(id.index()), haystacks.read(id.index()));
                if let (Some(previous), Some(atom)) = (previous, confirmed)
                    && pending_before
                    && !confirm((read, title), atom, previous.progress, matcher)
                {
                    continue;
                }
                // A title outside ASCII is always scored, and nucleo's score is its match test:
                // scored once, here, instead of matched and then scored.
                let (score, progress) = match (carried, previous) {
                    (Some(carried), _) if !ascii => {
                        match score_one(title, matcher, tested, carried) {
                            None => continue,
                            score => (score, Progress::default()),
                        }
                    }
                    _ => {
                        let resume = previous.map(|previous| previous.progress);
                        match holds_all((read, title), tested, matcher, resume.filter(|_| resumes))
                        {
                            None => continue,
                            Some(progress) => (None, progress),
                        }
                    }
                };
                let (fixed_tier, tier) = tiers_of(read, atoms, kept, grew, previous);
                let mut found = Found {
                    scored: Scored {
                        id,
                        tier,
                        fixed_tier,
                        score,
                        progress,
                        pending: false,
                    },
                    carried,
                };
                let shown = found.scored.tier > Tier::Scattered || !ascii;
                let spaced_ascii =
                    found.scored.tier == Tier::Spaced && matches!(title, Utf32Str::Ascii(_));
                let unscored = found.scored.score.is_none();
                if let Some(split) = (unscored && spaced_ascii).then(|| spaced(title)).flatten() {
                    found.scored.score = Some(split);
                } else if unscored
                    && shown
                    && !score_found(haystacks, matcher, atoms, kept, &mut found)
                {
                    continue;
                }
                matched.push(found);
            }
            Some((matched, left))
        })
        .collect();
    let parts = parts.into_iter().collect::<Option<Vec<_>>>()?;
    let mut matched = Vec::with_capacity(parts.iter().map(|(part, _)| part.len()).sum());
    let mut left = Vec::with_capacity(parts.len());
    for (part, part_left) in parts {
        matched.extend(part);
        left.push(part_left);
    }
    Some((matched, left))
}

/// The tiers of `title` for every atom but the last and for all of them, taken from the
/// previous match where its atoms are the same. A title holding a kept atom only scattered
/// stays scattered, and so does one whose last atom only grew (a longer word is found as a
/// run only where its start was): for most titles, no atom is looked for again.
fn tiers_of(
    title: Utf32Str<'_>,
    atoms: &[Atom],
    kept: Kept,
    grew: bool,
    previous: Option<&Scored>,
) -> (Tier, Tier) {
    let Some((last, others)) = atoms.split_last() else {
        return (Tier::Spaced, Tier::Spaced);
    };
    let fixed_tier = match (kept, previous) {
        (Kept::Fixed(_), Some(previous)) => previous.fixed_tier,
        (Kept::Whole(_), Some(previous)) if previous.tier == Tier::Scattered => Tier::Scattered,
        (Kept::Whole(same), Some(previous)) => previous.tier.min(tier(title, &others[same..])),
        _ => tier(title, others),
    };
    let last_scattered = grew && previous.is_some_and(|previous| previous.tier == Tier::Scattered);
    if fixed_tier == Tier::Scattered || last_scattered {
        return (fixed_tier, Tier::Scattered);
    }
    (
        fixed_tier,
        fixed_tier.min(tier(title, std::slice::from_ref(last))),
    )
}

/// The exact score of an ASCII title of tier [`Tier::Spaced`], where it is known without
/// aligning the title (see `bound::Spaced`).
pub(super) type Spaced<'a> = &'a (dyn Fn(Utf32Str<'_>) -> Option<Split> + Sync);

/// What says whether a match without a score may be shown, given its title.
pub(super) type Wanted<'a> = &'a (dyn Fn(&Found, Utf32Str<'_>, &mut Matcher) -> bool + Sync);

/// Scores, on every core, the matches that have no score yet and are `wanted`. A match nucleo
/// does not confirm keeps no score, and is not shown.
pub(super) fn score_rest(
    haystacks: Reading<'_>,
    matchers: &mut [Matcher],
    atoms: &[Atom],
    kept: Kept,
    (found, wanted): (&mut [Found], Wanted<'_>),
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<()> {
    each_found(found, matchers, cancelled, |found, matcher| {
        if found.scored.score.is_some() {
            return;
        }
        let title = haystacks.get(found.scored.id.index());
        if wanted(found, title, matcher) {
            score_found(haystacks, matcher, atoms, kept, found);
        }
    })
}

/// Runs `each` on every match, on every core (a matcher each), checking `cancelled` as it
/// goes; `None` once cancelled.
fn each_found(
    found: &mut [Found],
    matchers: &mut [Matcher],
    cancelled: &(dyn Fn() -> bool + Sync),
    each: impl Fn(&mut Found, &mut Matcher) + Sync,
) -> Option<()> {
    let chunk = found.len().div_ceil(matchers.len().max(1)).max(1);
    found
        .par_chunks_mut(chunk)
        .zip(matchers.par_iter_mut())
        .try_for_each(|(part, matcher)| {
            for (done, found) in part.iter_mut().enumerate() {
                if done % CANCEL_CHECK_EVERY == 0 && cancelled() {
                    return None;
                }
                each(found, matcher);
            }
            Some(())
        })
}

/// Gives `found` its exact score: the atoms `kept` spares on top of the carried score, or
/// every atom if the carried score is not known. False if nucleo finds no match after all.
fn score_found(
    haystacks: Reading<'_>,
    matcher: &mut Matcher,
    atoms: &[Atom],
    kept: Kept,
    found: &mut Found,
) -> bool {
    let title = haystacks.get(found.scored.id.index());
    let (fresh, carried) = match found.carried {
        Some(carried) => (&atoms[kept.atoms()..], carried),
        None => (atoms, 0),
    };
    found.scored.score = score_one(title, matcher, fresh, carried);
    found.scored.score.is_some()
}

/// Scores `title` by the `fresh` atoms on top of the `carried` score of the others, or
/// `None` if one of them does not match.
fn score_one(
    title: Utf32Str<'_>,
    matcher: &mut Matcher,
    fresh: &[Atom],
    carried: u32,
) -> Option<Split> {
    let mut split = Split {
        fixed: carried,
        last: 0,
    };
    if let Some((last, others)) = fresh.split_last() {
        for atom in others {
            split.fixed += u32::from(score(title, atom, matcher)?);
        }
        split.last = u32::from(score(title, last, matcher)?);
    }
    Some(split)
}

/// nucleo's score of `atom` in `title`: for a fuzzy atom on an ASCII title computed by
/// [`align`] (the same programme without nucleo's general matrix), else by nucleo.
pub(super) fn score(title: Utf32Str<'_>, atom: &Atom, matcher: &mut Matcher) -> Option<u16> {
    if let (Utf32Str::Ascii(title), Utf32Str::Ascii(needle)) = (title, atom.needle_text())
        && atom.kind == AtomKind::Fuzzy
        && !atom.negative
        && let Some(score) = align::fuzzy_score(title, needle)
    {
        return score;
    }
    atom.score(title, matcher)
}

/// Whether `atom` matches `title`, exactly as nucleo decides it. A fuzzy atom on an ASCII
/// title is a case-folded subsequence test (the first step of nucleo's own match, which
/// then only aligns what it found): a few `memchr` calls instead of an alignment. Queries
/// are parsed ignoring case, so needles are lower case.
pub(super) fn holds(title: Utf32Str<'_>, atom: &Atom, matcher: &mut Matcher) -> bool {
    match (title, atom.needle_text()) {
        (Utf32Str::Ascii(title), Utf32Str::Ascii(needle))
            if atom.kind == AtomKind::Fuzzy && !atom.negative =>
        {
            is_subsequence(title, needle)
        }
        _ => atom.score(title, matcher).is_some(),
    }
}

/// Whether every atom of `tested` holds in `title` (as [`holds`] decides; a fuzzy atom on the
/// title as `read`, its shadow or itself), the last being the query's last atom, and if so
/// how far that one's match is known. `resume`: the last atom grew from a needle whose match
/// was left there (the greedy match of a needle's start is where the longer needle's first
/// letters match, so only the new letters are looked for).
fn holds_all(
    (read, title): (Utf32Str<'_>, Utf32Str<'_>),
    tested: &[Atom],
    matcher: &mut Matcher,
    resume: Option<Progress>,
) -> Option<Progress> {
    let Some((last, others)) = tested.split_last() else {
        return Some(Progress::default());
    };
    let holds_read = |atom: &Atom, matcher: &mut Matcher| match (read, fuzzy_ascii(atom)) {
        (Utf32Str::Ascii(read), Some(needle)) => is_subsequence(read, needle),
        _ => holds(title, atom, matcher),
    };
    if !others.iter().all(|atom| holds_read(atom, matcher)) {
        return None;
    }
    match (read, fuzzy_ascii(last)) {
        (Utf32Str::Ascii(read), Some(needle)) => resume.unwrap_or_default().advance(read, needle),
        _ => holds_read(last, matcher).then_some(Progress::default()),
    }
}

/// Whether `atom`, the last atom of a pending match whose match was left at `progress`,
/// holds in `title` (read as `read`).
fn confirm(
    (read, title): (Utf32Str<'_>, Utf32Str<'_>),
    atom: &Atom,
    progress: Progress,
    matcher: &mut Matcher,
) -> bool {
    match (read, fuzzy_ascii(atom)) {
        (Utf32Str::Ascii(read), Some(needle)) => progress.advance(read, needle).is_some(),
        _ => holds(title, atom, matcher),
    }
}

/// Looks at the pending matches among `found` (see [`Scored::pending`]), on every core, now
/// that a scattered match may be shown: those whose last atom holds are matches, the others
/// are dropped.
pub(super) fn confirm_pending(
    haystacks: Reading<'_>,
    matchers: &mut [Matcher],
    atoms: &[Atom],
    found: &mut Vec<Found>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<()> {
    let Some(last) = atoms.last() else {
        return Some(());
    };
    each_found(found, matchers, cancelled, |found, matcher| {
        let scored = &mut found.scored;
        if !scored.pending {
            return;
        }
        let index = scored.id.index();
        let (read, title) = (haystacks.read(index), haystacks.get(index));
        let progress = match (read, fuzzy_ascii(last)) {
            (Utf32Str::Ascii(read), Some(needle)) => scored.progress.advance(read, needle),
            _ => holds(title, last, matcher).then_some(Progress::default()),
        };
        if let Some(progress) = progress {
            (scored.progress, scored.pending) = (progress, false);
        }
    })?;
    found.retain(|found| !found.scored.pending);
    Some(())
}
