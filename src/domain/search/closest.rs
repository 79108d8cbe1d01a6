//! Closest titles: what to offer when a name matches no article (an unknown title given to the
//! command line, a dangling link followed in the reader).
//!
//! Titles are ranked by the words they share with the name, a rare word counting more than a
//! common one (weights are inverse document frequencies over the library's titles, as search
//! engines weigh terms), then by how similar their letters are (the share of letter pairs in
//! common), so a typo or a reworded headline still finds its story. Every title takes part: the
//! list is never empty while the library has articles.
//!
//! The work is bounded whatever the input: only the first [`MAX_CHARS`] characters of the name
//! and of each title are compared, and at most [`MAX_WORDS`] distinct words of the name, so
//! each title costs a bounded amount and a search is linear in the number of titles. (An edit
//! distance between a 60,000-character link and a long title would be quadratic.)

use rayon::prelude::*;

use crate::domain::library::{ArticleId, Library};
use crate::domain::normalize::normalize_title_into;

/// Characters of the name and of each title that are compared: a headline fits easily.
const MAX_CHARS: usize = 160;
/// Distinct words of the name that count (one bit each in a title's mask).
const MAX_WORDS: usize = 64;
/// Bits in a letter-pair set; pairs are hashed into it.
const PAIR_BITS: usize = 512;
/// Letter pairs a title must share with the name, of all either has, to count as close
/// without a word in common: a typo or two in a headline, not a different headline.
const CLOSE_SIMILARITY: f32 = 0.5;
/// Words that say nothing about which story a name means: a title sharing only these with it
/// is not close. (Words of one or two letters never count either.)
const FILLER_WORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "that", "this", "are", "was", "has", "have", "will",
    "its", "but", "not", "into", "over", "after", "more", "new", "out", "off", "about",
];

/// Up to `limit` titles closest to `name`, best first: `limit` of them whenever the library
/// has that many articles. Ties keep path order. Cuts every title first; to ask more than
/// once of one library, build a [`ClosestIndex`] and keep it.
pub fn closest(library: &Library, name: &str, limit: usize) -> Vec<ArticleId> {
    ClosestIndex::new(library).closest(name, limit)
}

/// Every title of a library cut into what [`closest`] compares (word hashes and letter
/// pairs), so that a search only compares: the reader builds it once per library and reuses
/// it for every dangling link.
pub struct ClosestIndex {
    /// In id order.
    titles: Vec<Shape>,
}

/// One title as compared: the hashes of its words and its letter pairs.
struct Shape {
    words: Box<[u64]>,
    pairs: Pairs,
}

impl ClosestIndex {
    /// Cuts every title of `library`, on every core.
    pub fn new(library: &Library) -> Self {
        let ids: Vec<ArticleId> = library.ids().collect();
        let titles = ids
            .par_iter()
            .map_init(String::new, |key, &id| {
                cut_key(library.get(id).title(), key);
                Shape {
                    words: words_of(key).map(word_hash).collect(),
                    pairs: Pairs::of(key),
                }
            })
            .collect();
        Self { titles }
    }

    /// As [`closest`], over the library this index was built from.
    pub fn closest(&self, name: &str, limit: usize) -> Vec<ArticleId> {
        self.ranked(name, limit, |_, _, _| true)
    }

    /// Up to `limit` titles truly close to `name`, best first: those sharing a word with it
    /// that says something (not a filler word, not one or two letters), or spelled nearly
    /// alike; none of `exclude` (the article the name was found in, the stories its links
    /// already name). Empty when nothing is close, which a small library makes likely.
    pub fn close_titles(&self, name: &str, limit: usize, exclude: &[ArticleId]) -> Vec<ArticleId> {
        let significant = Wanted::new(name).significant;
        self.ranked(name, limit, |mask, similarity, id| {
            !exclude.contains(&id) && (mask & significant != 0 || similarity >= CLOSE_SIMILARITY)
        })
    }

    /// The titles `keep` lets through (given the mask of the name's words each holds, their
    /// letters' similarity and id), ranked as [`closest`] ranks them, at most `limit`.
    fn ranked(
        &self,
        name: &str,
        limit: usize,
        keep: impl Fn(u64, f32, ArticleId) -> bool,
    ) -> Vec<ArticleId> {
        if limit == 0 || self.titles.is_empty() {
            return Vec::new();
        }
        let wanted = Wanted::new(name);
        let measured: Vec<(u64, f32)> = self
            .titles
            .par_iter()
            .map(|shape| wanted.measure(shape))
            .collect();

        // How many titles hold each word of the name; a word in every title says little.
        let mut holders = [0u32; MAX_WORDS];
        for &(mask, _) in &measured {
            for bit in bits(mask) {
                holders[bit] += 1;
            }
        }
        let titles = measured.len() as f32;
        let weights = holders.map(|count| (1.0 + titles / count.max(1) as f32).ln());

        let mut ranked: Vec<(f32, f32, ArticleId)> = measured
            .into_iter()
            .enumerate()
            .filter(|&(index, (mask, similarity))| keep(mask, similarity, ArticleId::new(index)))
            .map(|(index, (mask, similarity))| {
                let shared = bits(mask).map(|bit| weights[bit]).sum();
                (shared, similarity, ArticleId::new(index))
            })
            .collect();
        let better = |a: &(f32, f32, ArticleId), b: &(f32, f32, ArticleId)| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then(a.2.cmp(&b.2))
        };
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit - 1, better);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(better);
        ranked.into_iter().map(|(_, _, id)| id).collect()
    }
}

/// The indexes of the bits set in `mask`, lowest first.
fn bits(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let bit = mask.trailing_zeros() as usize;
        mask &= mask.checked_sub(1)?;
        Some(bit)
    })
}

/// A word's 64-bit FNV-1a hash: words are compared by hash (a collision among the few words
/// of one name is vanishingly rare, and would only reorder suggestions).
fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The name, cut and hashed once for comparing with every title.
struct Wanted {
    /// The hash of each distinct word of the name; its place is its bit in a title's mask.
    words: Vec<u64>,
    /// One bit per word hash (its low 6 bits): most words of a title are ruled out by this
    /// without a look at `words`.
    filter: u64,
    /// The bits of `words` that say which story is meant: three letters or more, no filler.
    significant: u64,
    pairs: Pairs,
}

impl Wanted {
    fn new(name: &str) -> Self {
        let mut key = String::new();
        cut_key(name, &mut key);
        let mut words = Vec::new();
        let mut significant = 0u64;
        for word in words_of(&key) {
            let hash = word_hash(word);
            if words.len() == MAX_WORDS {
                break;
            }
            if !words.contains(&hash) {
                if word.chars().count() >= 3 && !FILLER_WORDS.contains(&word) {
                    significant |= 1 << words.len();
                }
                words.push(hash);
            }
        }
        let filter = words
            .iter()
            .fold(0, |filter, hash| filter | 1 << (hash % 64));
        Self {
            words,
            filter,
            significant,
            pairs: Pairs::of(&key),
        }
    }

    /// Which words of the name a title holds (a bit each), and how alike their letters are
    /// (0 to 1).
    fn measure(&self, title: &Shape) -> (u64, f32) {
        let mask = title
            .words
            .iter()
            .filter(|&&hash| self.filter & 1 << (hash % 64) != 0)
            .filter_map(|hash| self.words.iter().position(|wanted| wanted == hash))
            .fold(0u64, |mask, bit| mask | 1 << bit);
        (mask, self.pairs.similarity(&title.pairs))
    }
}

/// The normalised title key (case, typography and spacing folded) of the first
/// [`MAX_CHARS`] characters of `text`, into `key`: cut first, so a huge input costs no more
/// than a headline.
fn cut_key(text: &str, key: &mut String) {
    let head = &text.as_bytes()[..text.len().min(MAX_CHARS)];
    let cut = if head.is_ascii() {
        &text[..head.len()]
    } else {
        text.char_indices()
            .nth(MAX_CHARS)
            .map_or(text, |(end, _)| &text[..end])
    };
    normalize_title_into(cut, key);
}

/// Words of a key: runs of letters and digits (`korea's` gives `korea` and `s`).
fn words_of(key: &str) -> impl Iterator<Item = &str> {
    // ASCII keys (nearly all) are split by byte, with the same result as by char.
    let ascii = key.is_ascii();
    key.split(move |c: char| {
        if ascii {
            !c.is_ascii_alphanumeric()
        } else {
            !c.is_alphanumeric()
        }
    })
    .filter(|word| !word.is_empty())
}

/// The set of adjacent letter pairs of a key, hashed into [`PAIR_BITS`] bits: similarity in
/// time linear in the text, where an edit distance would be quadratic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pairs([u64; PAIR_BITS / 64]);

impl Pairs {
    fn of(key: &str) -> Self {
        let mut bits = [0u64; PAIR_BITS / 64];
        let mut add = |previous: u32, next: u32| {
            let pair = (u64::from(previous) << 32) | u64::from(next);
            // Fibonacci hashing: the top bits of the product are well mixed.
            let slot = (pair.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 55) as usize;
            bits[slot / 64] |= 1 << (slot % 64);
        };
        // ASCII keys (nearly all) are paired by byte, with the same result as by char.
        if key.is_ascii() {
            for pair in key.as_bytes().windows(2) {
                add(u32::from(pair[0]), u32::from(pair[1]));
            }
        } else {
            for (previous, next) in key.chars().zip(key.chars().skip(1)) {
                add(u32::from(previous), u32::from(next));
            }
        }
        Self(bits)
    }

    /// Shared pairs over all pairs of either (Jaccard); 0 when neither has any.
    fn similarity(&self, other: &Self) -> f32 {
        let (mut both, mut either) = (0, 0);
        for (a, b) in self.0.iter().zip(&other.0) {
            both += (a & b).count_ones();
            either += (a | b).count_ones();
        }
        if either == 0 {
            0.0
        } else {
            both as f32 / either as f32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles_of(library: &Library, ids: &[ArticleId]) -> Vec<String> {
        ids.iter()
            .map(|&id| library.get(id).title().to_owned())
            .collect()
    }

    fn library(titles: &[&str]) -> Library {
        let texts: Vec<(String, String)> = titles
            .iter()
            .enumerate()
            .map(|(n, title)| (format!("{n:02}.txt"), format!("{title}\nbody")))
            .collect();
        let borrowed: Vec<(&str, &str)> = texts
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect();
        Library::of_texts(&borrowed)
    }

    /// The seed's dangling link shares words with several stories but is too long and too
    /// differently worded for any title to be similar as a whole.
    const DANGLING: &str = "Trump change stance: say North Korea a threat to US security";

    #[test]
    fn the_seeds_dangling_link_gets_the_stories_sharing_its_words() {
        let lib = library(&[
            "Harbourton port records busiest year in a decade",
            "China Assures Key Role in North Korea’s Denuclearization",
            "West meets the East in historic summit in Singapore",
            "Kelp forest restoration shows early success",
            "US President Trump calls Pyongyang a security threat",
            "North Korea skips anti-US imperialism rally in Pyongyang",
            "Lantern festival returns to the harbour",
        ]);
        let found = titles_of(&lib, &closest(&lib, DANGLING, 3));
        assert_eq!(
            found,
            [
                "US President Trump calls Pyongyang a security threat",
                "North Korea skips anti-US imperialism rally in Pyongyang",
                "China Assures Key Role in North Korea’s Denuclearization",
            ]
        );
    }

    #[test]
    fn the_list_is_full_whenever_the_library_has_the_titles() {
        let lib = library(&["Kelp forest restoration", "Tide gauge study", "Jazz nights"]);
        assert_eq!(closest(&lib, DANGLING, 2).len(), 2, "nothing in common");
        assert_eq!(closest(&lib, "", 5).len(), 3, "all there is");
        assert_eq!(closest(&lib, "\u{1b}[2J…", 1).len(), 1);
        assert!(closest(&lib, "Tide", 0).is_empty());
        assert!(closest(&library(&[]), "Tide", 3).is_empty());
    }

    #[test]
    fn a_rare_shared_word_outranks_common_ones() {
        let lib = library(&[
            "The news of the day",
            "Harbour seals return to the bay",
            "The state of the city",
        ]);
        let found = titles_of(&lib, &closest(&lib, "The harbour of the town", 1));
        assert_eq!(found, ["Harbour seals return to the bay"]);
    }

    #[test]
    fn typos_find_the_title_by_its_letters() {
        let lib = library(&[
            "Summit Opens in Geneva",
            "Harbour Bridge Reopens",
            "Markets rally on Korea news",
        ]);
        let found = titles_of(&lib, &closest(&lib, "harbour brige", 1));
        assert_eq!(found, ["Harbour Bridge Reopens"]);
        let found = titles_of(&lib, &closest(&lib, "Sumit in Genva", 1));
        assert_eq!(found, ["Summit Opens in Geneva"]);
    }

    #[test]
    fn ties_keep_path_order() {
        let lib = library(&["Same", "Same", "Same"]);
        assert_eq!(closest(&lib, "same", 3), lib.ids().collect::<Vec<_>>());
    }

    /// A 60,000-character name or title is compared by its first [`MAX_CHARS`] characters
    /// only, so it costs what a headline costs: the rest is never looked at.
    #[test]
    fn huge_names_and_titles_are_cut_to_a_bounded_prefix() {
        let huge = "ab ".repeat(20_000);
        let prefix: String = huge.chars().take(MAX_CHARS).collect();
        let (mut cut, mut whole) = (String::new(), String::new());
        cut_key(&huge, &mut whole);
        cut_key(&prefix, &mut cut);
        assert_eq!(whole, cut);
        let wanted = Wanted::new(&huge);
        assert_eq!(
            wanted.words,
            [word_hash("ab"), word_hash("a")],
            "the cut may end inside a word"
        );
        assert_eq!(wanted.pairs, Pairs::of(&cut));

        let distinct: String = (0..20_000).map(|n| format!("w{n} ")).collect();
        assert!(Wanted::new(&distinct).words.len() <= MAX_WORDS);

        let lib = library(&[&huge, "Alpha story", &distinct]);
        let found = closest(&lib, &distinct, 3);
        assert_eq!(found[0].index(), 2, "the same text ranks first");
        assert_eq!(closest(&lib, &huge, 1), [ArticleId::new(0)]);
    }
}
