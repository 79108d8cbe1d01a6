//! Compares serde codecs for the metadata cache on a real library: the cache readmore writes
//! for FOLDER is decoded (postcard, as shipped) into a copy of its record layout, which is then
//! encoded and decoded again with postcard and with bincode 2, timed (median of 20 runs).
//!
//! ```text
//! cargo run --release --example cache_codecs -- /tmp/lib100k
//! ```
//!
//! The layout below mirrors `src/domain/library/cache.rs`; decoding the real cache file with it first
//! proves that it still does.

use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use readmore::domain::library::{Library, LoadOptions};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Key {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
enum Outcome {
    Article {
        title: String,
        links: Vec<String>,
        hash: u64,
        size: u64,
        warning: Option<String>,
    },
    Skipped {
        reason: String,
    },
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Record {
    path: Vec<u8>,
    key: Key,
    outcome: Outcome,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Settings {
    decoding: String,
    max_article_bytes: u64,
    follow_symlinks: String,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Payload {
    root: Vec<u8>,
    settings: Settings,
    files: Vec<Record>,
}

/// What the cache's payload starts with; that many records follow.
#[derive(Deserialize)]
struct Head {
    root: Vec<u8>,
    settings: Settings,
    count: u64,
}

/// The payload of the cache readmore wrote, gathered into one value to encode whole.
fn read_cache(body: &[u8]) -> Payload {
    let (head, mut rest) = postcard::take_from_bytes::<Head>(body).expect("the layout matches");
    let mut files = Vec::new();
    for _ in 0..head.count {
        let (record, after) = postcard::take_from_bytes(rest).expect("the layout matches");
        files.push(record);
        rest = after;
    }
    assert!(rest.is_empty(), "every record read");
    Payload {
        root: head.root,
        settings: head.settings,
        files,
    }
}

/// The cache header's length: magic, version, payload length, checksum.
const HEADER: usize = 28;
const RUNS: usize = 20;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

/// Median encode and decode times of `payload` with a codec, and the encoded size.
fn measure(
    payload: &Payload,
    encode: impl Fn(&Payload) -> Vec<u8>,
    decode: impl Fn(&[u8]) -> Payload,
) -> (Duration, Duration, usize) {
    let bytes = encode(payload);
    assert_eq!(
        &decode(&bytes),
        payload,
        "a round trip gives the payload back"
    );
    let time = |run: &dyn Fn()| {
        let runs = (0..RUNS).map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        });
        median(runs.collect())
    };
    let encoding = time(&|| {
        std::hint::black_box(encode(payload));
    });
    let decoding = time(&|| {
        std::hint::black_box(decode(&bytes));
    });
    (encoding, decoding, bytes.len())
}

fn main() {
    let folder = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .expect("usage: cache_codecs FOLDER"),
    );
    let cache = tempfile::tempdir().expect("a cache folder");
    let library = Library::load_with_cache(
        &folder,
        LoadOptions::default(),
        Some(cache.path()),
        &AtomicUsize::new(0),
    )
    .expect("the folder loads");
    let file = readmore::domain::paths::library_cache_dir(cache.path(), &folder).join("library-v1");
    let bytes = std::fs::read(&file).expect("the cache was written");
    let payload = read_cache(&bytes[HEADER..]);
    println!(
        "{} articles, {} records",
        library.len(),
        payload.files.len()
    );
    let config = bincode::config::standard();
    let results = [
        (
            "postcard 1",
            measure(
                &payload,
                |p| postcard::to_allocvec(p).unwrap(),
                |b| postcard::from_bytes(b).unwrap(),
            ),
        ),
        (
            "bincode 2",
            measure(
                &payload,
                |p| bincode::serde::encode_to_vec(p, config).unwrap(),
                |b| bincode::serde::decode_from_slice(b, config).unwrap().0,
            ),
        ),
    ];
    println!("| codec | encode | decode | size |");
    println!("| --- | --- | --- | --- |");
    for (name, (encode, decode, size)) in results {
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} MB |",
            encode.as_secs_f64() * 1000.0,
            decode.as_secs_f64() * 1000.0,
            size as f64 / 1e6
        );
    }
}
