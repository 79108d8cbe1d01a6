//! The synthetic-library generator (the `readmore-corpus` package) for readmore's unit tests,
//! with what needs readmore's own types: a generated library parsed in memory, and the checks
//! that generated articles parse and load as the generator promises.

pub use readmore_corpus::{TitleStyle, article, titles, titles_of, write_corpus};

/// A library of `count` generated articles, parsed in memory (no files): `NNNNNN.txt` paths.
pub fn library(count: usize) -> crate::domain::library::Library {
    let titles = titles(count);
    crate::domain::library::Library::from_articles(
        (0..count)
            .map(|index| {
                let text = article(&titles, index);
                let parsed =
                    crate::domain::article::parse(text.as_bytes()).expect("generated text parses");
                (format!("{index:06}.txt"), parsed.article)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::article::{Block, parse};
    use crate::domain::library::{Library, LoadOptions};

    #[test]
    fn articles_have_the_promised_shape() {
        let titles = titles(200);
        let mut sizes = 0;
        for index in 0..titles.len() {
            let text = article(&titles, index);
            assert_eq!(text, article(&titles, index), "deterministic");
            sizes += text.len();
            let parsed = parse(text.as_bytes()).unwrap().article;
            assert_eq!(parsed.title, titles[index]);
            let paragraphs = parsed
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Paragraph(_)))
                .count();
            assert!((6..=14).contains(&paragraphs), "{paragraphs} paragraphs");
            assert!(parsed.links().count() <= 3);
        }
        let average = sizes / titles.len();
        assert!((2500..=4500).contains(&average), "average {average} bytes");
    }

    #[test]
    fn a_written_corpus_loads_with_mostly_resolved_links() {
        let dir = tempfile::tempdir().unwrap();
        write_corpus(dir.path(), 1500).unwrap();
        assert!(dir.path().join("0001/0001499.txt").is_file());
        let library = Library::load(dir.path(), LoadOptions::default()).unwrap();
        assert_eq!(library.len(), 1500);
        assert!(library.skipped.is_empty() && library.warnings.is_empty());
        let links: usize = library.entries().map(|e| e.targets().len()).sum();
        let dangling = library.dangling().count();
        assert!(links > 1000);
        assert!(
            dangling * 100 / links <= 10,
            "{dangling} of {links} dangling"
        );
        assert!(dangling > 0, "some links dangle on purpose");
    }
}
