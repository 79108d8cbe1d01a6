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

use std::collections::HashMap;

use rayon::prelude::*;

use crate::library::{ArticleId, Library};
use crate::normalize::normalize_title_into;

/// Characters of the name and of each title that are compared: a headline fits easily.
const MAX_CHARS: usize = 160;
/// Distinct words of the name that count (one bit each in a title's mask).
const MAX_WORDS: usize = 64;
/// Bits in a letter-pair set; pairs are hashed into it.
const PAIR_BITS: usize = 512;

/// Up to `limit` titles closest to `name`, best first: `limit` of them whenever the library
/// has that many articles. Ties keep path order.
pub fn closest(library: &Library, name: &str, limit: usize) -> Vec<ArticleId> {
    let entries = library.entries();
    if limit == 0 || entries.is_empty() {
        return Vec::new();
    }
    let wanted = Wanted::new(name);
    let measured: Vec<(u64, f32)> = entries
        .par_iter()
        .map_init(String::new, |key, entry| {
            wanted.measure(&entry.article.title, key)
        })
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

    let mut ranked: Vec<(f32, f32, ArticleId)> = library
        .ids()
        .zip(measured)
        .map(|(id, (mask, similarity))| {
            let shared = bits(mask).map(|bit| weights[bit]).sum();
            (shared, similarity, id)
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

/// The indexes of the bits set in `mask`, lowest first.
fn bits(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let bit = mask.trailing_zeros() as usize;
        mask &= mask.checked_sub(1)?;
        Some(bit)
    })
}

/// The name, cut and indexed once for comparing with every title.
struct Wanted {
    /// Each distinct word of the name and its bit in a title's mask.
    words: HashMap<String, u32>,
    /// Which (first byte, length) pairs the words have: most words of a title are ruled out
    /// by this table, without hashing them.
    starts: [u32; 256],
    pairs: Pairs,
}

impl Wanted {
    fn new(name: &str) -> Self {
        let mut key = String::new();
        cut_key(name, &mut key);
        let mut words = HashMap::new();
        let mut starts = [0u32; 256];
        for word in words_of(&key) {
            if words.len() == MAX_WORDS {
                break;
            }
            let bit = words.len() as u32;
            words.entry(word.to_owned()).or_insert(bit);
            starts[usize::from(word.as_bytes()[0])] |= length_bit(word);
        }
        Self {
            words,
            starts,
            pairs: Pairs::of(&key),
        }
    }

    /// Which words of the name `title` holds (a bit each), and how alike their letters are
    /// (0 to 1). `key` is a buffer to reuse.
    fn measure(&self, title: &str, key: &mut String) -> (u64, f32) {
        cut_key(title, key);
        let mask = words_of(key)
            .filter(|word| self.starts[usize::from(word.as_bytes()[0])] & length_bit(word) != 0)
            .filter_map(|word| self.words.get(word))
            .fold(0u64, |mask, &bit| mask | 1 << bit);
        (mask, self.pairs.similarity(&Pairs::of(key)))
    }
}

/// A bit for the length of a word, in 32 classes.
fn length_bit(word: &str) -> u32 {
    1 << (word.len() % 32)
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
            .map(|&id| library.get(id).article.title.clone())
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
        let mut words: Vec<&str> = wanted.words.keys().map(String::as_str).collect();
        words.sort_unstable();
        assert_eq!(words, ["a", "ab"], "the cut may end inside a word");
        assert_eq!(wanted.pairs, Pairs::of(&cut));

        let distinct: String = (0..20_000).map(|n| format!("w{n} ")).collect();
        assert!(Wanted::new(&distinct).words.len() <= MAX_WORDS);

        let lib = library(&[&huge, "Alpha story", &distinct]);
        let found = closest(&lib, &distinct, 3);
        assert_eq!(found[0].index(), 2, "the same text ranks first");
        assert_eq!(closest(&lib, &huge, 1), [ArticleId::new(0)]);
    }
}
