//! Title search as a user types it, timed in wall-clock and in CPU time: on a shared machine
//! the CPU time says what the work costs when the wall clock says mostly how busy the machine
//! is. Reads titles one a line (`gen_corpus --titles-only`), types `korea defence` a character
//! at a time into one searcher, each keystroke what the reader's list asks for (every match
//! counted, the first 200 ranked), and prints each keystroke of the last round and every
//! round's totals; then one round ranking every match on each keystroke, for comparison.
//! Allocates through mimalloc, as the reader does.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --long-titles --titles-only 1000000 --out /tmp/long1m.txt
//! cargo run --release --example title_keystrokes -- /tmp/long1m.txt
//! ```

use std::time::{Duration, Instant};

use readmore::domain::search::TitleSearch;

/// The reader's allocator (src/main.rs), so that a keystroke's allocations cost here what
/// they cost in the reader.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const QUERY: &str = "korea defence";
const ROUNDS: usize = 3;
/// The rows the reader's list has ranked on each keystroke (a screenful and more).
const ROWS: usize = 200;

/// CPU time used by this process so far, user and system, on every thread.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given, which is zeroed plain data.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let time = |tv: libc::timeval| {
        Duration::from_secs(u64::try_from(tv.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(tv.tv_usec).unwrap_or(0))
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn main() -> std::io::Result<()> {
    let Some(file) = std::env::args_os().nth(1) else {
        eprintln!("usage: title_keystrokes TITLES_FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(file)?;
    let titles = TitleSearch::new(text.lines());
    for round in 1..=ROUNDS {
        type_query(&titles, ROWS, &format!("round {round}"), round == ROUNDS);
    }
    type_query(&titles, usize::MAX, "every match ranked", false);
    Ok(())
}

/// Types `QUERY` into a fresh searcher over `titles`, ranking `rows` matches on each
/// keystroke; prints the round's totals (labelled `label`) and, if `each`, every keystroke.
fn type_query(titles: &TitleSearch, rows: usize, label: &str, each: bool) {
    let mut search = titles.share();
    let (mut wall, mut cpu) = (Duration::ZERO, Duration::ZERO);
    for end in 1..=QUERY.len() {
        let (started, cpu_before) = (Instant::now(), cpu_time());
        let total =
            (search.rank_unless(&QUERY[..end], rows, &|| false)).map_or(0, |ranked| ranked.total);
        let (took, used) = (started.elapsed(), cpu_time() - cpu_before);
        wall += took;
        cpu += used;
        if each {
            println!(
                "{:<15} {total:>7} hits  wall {took:>10.1?}  cpu {used:>10.1?}",
                format!("{:?}", &QUERY[..end])
            );
        }
    }
    println!("{label}: wall {wall:.2?}, cpu {cpu:.2?}");
}
