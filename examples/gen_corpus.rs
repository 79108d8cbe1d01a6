//! Writes a deterministic synthetic library (or a titles file) for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --articles 100000 --out /tmp/lib100k
//! cargo run --release --example gen_corpus -- --titles-only 1000000 --out /tmp/titles.txt
//! cargo run --release --example gen_corpus -- --long-titles --titles-only 1000000 --out /tmp/long.txt
//! ```

use std::io::{BufWriter, Write as _};
use std::path::PathBuf;

use clap::Parser;
use readmore_corpus::{self as corpus, TitleStyle};

#[derive(Parser)]
struct Args {
    /// Number of articles to write.
    #[arg(
        long,
        conflicts_with = "titles_only",
        required_unless_present = "titles_only"
    )]
    articles: Option<usize>,
    /// Write this many titles, one a line, to the --out file instead of a library.
    #[arg(long)]
    titles_only: Option<usize>,
    /// Titles like real headlines (median ~60 characters, half with a `k`) instead of short
    /// strings of the generator's words.
    #[arg(long)]
    long_titles: bool,
    /// Output folder (articles) or file (titles).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let style = if args.long_titles {
        TitleStyle::Long
    } else {
        TitleStyle::Short
    };
    match (args.articles, args.titles_only) {
        (_, Some(count)) => {
            let mut file = BufWriter::new(std::fs::File::create(&args.out)?);
            for title in corpus::titles_of(style, count) {
                writeln!(file, "{title}")?;
            }
            file.flush()
        }
        (Some(count), None) => corpus::write_corpus_of(&args.out, count, style),
        (None, None) => unreachable!("clap requires one of them"),
    }
}
