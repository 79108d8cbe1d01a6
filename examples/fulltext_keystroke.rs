//! Full-text search as a user types it, on a library too big for a criterion run (BENCHMARKS.md's
//! 1M row): loads the folder, opens (or first builds) its index in `--cache`,
//! then types `korea defence` a character at a time, each keystroke a whole search for the best
//! 50 articles with their snippets, and prints the median and 99th percentile keystroke.
//!
//! ```text
//! cargo run --release --example fulltext_keystroke -- --articles /tmp/lib1m --cache /tmp/cache
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use readmore::domain::fulltext::{FullText, parse_query};
use readmore::domain::library::{Library, LoadOptions};

#[derive(Parser)]
struct Args {
    /// The articles folder.
    #[arg(long)]
    articles: PathBuf,
    /// Where the index is kept (built there on the first run).
    #[arg(long)]
    cache: PathBuf,
    /// How many times to type the query.
    #[arg(long, default_value_t = 10)]
    rounds: usize,
}

const QUERY: &str = "korea defence";
const RESULTS: usize = 50;

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let library = Library::load(&args.articles, LoadOptions::default())?;
    println!(
        "load: {:.2} s, {} articles",
        started.elapsed().as_secs_f64(),
        library.len()
    );
    let started = Instant::now();
    let index = FullText::open(&library, Some(&args.cache));
    println!(
        "index open: {:.2} s, {} articles indexed now, warnings {:?}",
        started.elapsed().as_secs_f64(),
        index.indexed(),
        index.warnings()
    );
    let mut keystrokes: Vec<Duration> = Vec::new();
    for _ in 0..args.rounds {
        for end in 1..=QUERY.len() {
            let started = Instant::now();
            let query = parse_query(&QUERY[..end]);
            std::hint::black_box(index.search_top(&library, &query, RESULTS));
            keystrokes.push(started.elapsed());
        }
    }
    keystrokes.sort_unstable();
    let at = |fraction: f64| {
        let rank = ((keystrokes.len() - 1) as f64 * fraction).round() as usize;
        keystrokes[rank].as_secs_f64() * 1000.0
    };
    println!(
        "keystroke over {} keystrokes: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        keystrokes.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    Ok(())
}
