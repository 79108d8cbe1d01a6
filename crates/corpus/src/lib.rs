//! Deterministic synthetic libraries, for readmore's benchmarks and load tests. A package of
//! its own (a dev-dependency of readmore), so the generator is never part of the shipped
//! library or binary and needs no feature flag to be built with the tests and benches.
//!
//! The output has the shape of real news: 6–14 paragraphs of 25–70 words (about 3.5 KB an
//! article), 0–3 `Read More:` links to other titles (some in another case or spacing, 5%
//! dangling), 1000 files a folder. Titles come in two styles ([`TitleStyle`]). The same
//! arguments always give the same bytes.

mod headlines;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io;
use std::path::Path;
use std::sync::LazyLock;

use rayon::prelude::*;

/// Files per folder, so that no folder grows unreasonably large.
pub const FILES_PER_FOLDER: usize = 1000;

/// The words of generated titles and bodies, in the order the generator picks from.
static WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| VOCABULARY.split_whitespace().collect());

const VOCABULARY: &str = "\
    korea defence talks summit minister election budget market shares growth inflation bank \
    rates trade deal union strike workers council housing school hospital health climate energy \
    wind solar oil gas prices festival music film award stars football cup final league coach \
    player record crowd police court judge law reform tax plan report study science space \
    mission launch technology software phone internet security data privacy airport rail tram \
    bridge harbour port ship fishing farm harvest weather storm flood rescue fire village city \
    region border army navy peace agreement protest vote parliament president leader party \
    opposition campaign company profit loss jobs factory exports imports currency museum library \
    theatre opera novel author prize chef restaurant tourism hotel beach mountain river forest \
    wildlife seals whales birds garden park cycling marathon olympic tennis rugby cricket boxing \
    champion season transfer stadium fans tickets north south east west new old big small first \
    last young local national global rises falls opens closes wins loses warns backs rejects \
    approves delays boosts cuts faces seeks plans calls returns reaches draws sets hits ends \
    starts joins leaves meets";

const CONNECTORS: &[&str] = &[
    "the", "a", "of", "in", "on", "for", "to", "with", "and", "after", "as", "over", "at", "by",
];

/// A small, fast, fully deterministic generator (SplitMix64): the corpus must be the same on
/// every machine and every version, which a general-purpose RNG crate does not promise.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `range` (inclusive).
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.between(0, items.len() - 1)]
    }
}

/// Which titles a corpus gets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TitleStyle {
    /// Short strings of the generator's ~200 words (median ~40 characters): the original
    /// corpus, kept so that earlier measurements stay comparable.
    #[default]
    Short,
    /// Titles like real headlines (median ~60 characters, about half with a `k`).
    Long,
}

/// `count` distinct titles of the short style.
pub fn titles(count: usize) -> Vec<String> {
    titles_of(TitleStyle::Short, count)
}

/// `count` distinct titles of `style`; a shorter run is a prefix of a longer one.
pub fn titles_of(style: TitleStyle, count: usize) -> Vec<String> {
    let mut rng = Rng(0x7265_6164_6d6f_7265);
    let mut seen = HashSet::with_capacity(count);
    let mut titles = Vec::with_capacity(count);
    while titles.len() < count {
        let title = match style {
            TitleStyle::Short => short_title(&mut rng),
            TitleStyle::Long => headlines::headline(&mut rng),
        };
        if seen.insert(title.clone()) {
            titles.push(title);
        }
    }
    titles
}

/// 4–9 of the generator's words, every third a connector.
fn short_title(rng: &mut Rng) -> String {
    let words = rng.between(4, 9);
    let mut title = String::new();
    for n in 0..words {
        if n > 0 {
            title.push(' ');
        }
        let word = if n % 3 == 2 {
            rng.pick(CONNECTORS)
        } else {
            rng.pick(&WORDS)
        };
        title.push_str(word);
    }
    let mut chars = title.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The text of article `index` of a corpus whose titles are `titles`.
pub fn article(titles: &[String], index: usize) -> String {
    let mut text = String::with_capacity(4096);
    write_article(titles, index, &mut text);
    text
}

/// Appends the text of article `index` to `text` (a writer reuses one buffer per thread).
fn write_article(titles: &[String], index: usize, text: &mut String) {
    let mut rng = Rng(index as u64 ^ 0x5eed);
    text.push_str(&titles[index]);
    text.push_str("\n\n");
    let paragraphs = rng.between(6, 14);
    let links = rng.between(0, 3);
    let link_after: Vec<usize> = (0..links).map(|_| rng.between(0, paragraphs - 1)).collect();
    for p in 0..paragraphs {
        let words = rng.between(25, 70);
        for w in 0..words {
            let word = if w % 4 == 3 {
                rng.pick(CONNECTORS)
            } else {
                rng.pick(&WORDS)
            };
            if w == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push(' ');
                text.push_str(word);
            }
        }
        text.push_str(".\n\n");
        for _ in link_after.iter().filter(|&&after| after == p) {
            let target = link_target(&mut rng, titles);
            let _ = writeln!(text, "Read More: {target}\n");
        }
    }
}

/// A title to link to: usually exact, sometimes in another case or spacing, 5% dangling.
fn link_target(rng: &mut Rng, titles: &[String]) -> String {
    let title = &titles[rng.between(0, titles.len() - 1)];
    match rng.between(0, 99) {
        0..=4 => format!("{title} (archived)"),
        5..=14 => title.to_uppercase(),
        15..=24 => title.replace(' ', "  "),
        _ => title.clone(),
    }
}

/// Writes a corpus of `count` articles with short titles under `out`, 1000 files a folder.
pub fn write_corpus(out: &Path, count: usize) -> io::Result<()> {
    write_corpus_of(out, count, TitleStyle::Short)
}

/// Writes a corpus of `count` articles with titles of `style` under `out`, 1000 files a
/// folder. Folders are written in parallel (a million articles are ~3.5 GB), each article
/// with one `write` from a buffer reused per folder; the bytes do not depend on the order.
pub fn write_corpus_of(out: &Path, count: usize, style: TitleStyle) -> io::Result<()> {
    let titles = titles_of(style, count);
    (0..count.div_ceil(FILES_PER_FOLDER))
        .into_par_iter()
        .try_for_each(|folder_index| {
            let folder = out.join(format!("{folder_index:04}"));
            std::fs::create_dir_all(&folder)?;
            let first = folder_index * FILES_PER_FOLDER;
            let mut text = String::with_capacity(8192);
            for index in first..count.min(first + FILES_PER_FOLDER) {
                text.clear();
                write_article(&titles, index, &mut text);
                std::fs::write(folder.join(format!("{index:07}.txt")), &text)?;
            }
            Ok(())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_distinct_and_deterministic() {
        let first = titles(5000);
        assert_eq!(first, titles(5000));
        assert_eq!(first.iter().collect::<HashSet<_>>().len(), 5000);
        assert_eq!(titles(10), first[..10], "a prefix of a longer run");
    }

    #[test]
    fn long_titles_are_like_headlines() {
        let long = titles_of(TitleStyle::Long, 20_000);
        assert_eq!(
            long[..100],
            titles_of(TitleStyle::Long, 100),
            "deterministic"
        );
        assert_eq!(long.iter().collect::<HashSet<_>>().len(), long.len());
        let mut lengths: Vec<usize> = long.iter().map(|title| title.chars().count()).collect();
        lengths.sort_unstable();
        let median = lengths[lengths.len() / 2];

        assert!((55..=65).contains(&median), "median {median} characters");
        let with_k = long
            .iter()
            .filter(|title| title.contains(['k', 'K']))
            .count();
        assert!(
            (40..=60).contains(&(with_k * 100 / long.len())),
            "{with_k} of {} with a k",
            long.len()
        );
        let short = titles(20_000);
        assert_ne!(short[0], long[0], "a style of its own");
    }

    #[test]
    fn a_corpus_written_in_parallel_has_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let count = FILES_PER_FOLDER + 7;
        write_corpus_of(dir.path(), count, TitleStyle::Long).unwrap();
        let titles = titles_of(TitleStyle::Long, count);
        for index in [0, 1, FILES_PER_FOLDER - 1, FILES_PER_FOLDER, count - 1] {
            let path = dir
                .path()
                .join(format!("{:04}/{index:07}.txt", index / FILES_PER_FOLDER));
            assert_eq!(
                std::fs::read_to_string(path).unwrap(),
                article(&titles, index)
            );
        }
        assert!(!dir.path().join("0001/0001007.txt").exists());
    }
}
