//! The state import parser (exports and the old `state.toml`) on arbitrary bytes, in both
//! formats: errors, never panics; an error is one line naming the file, with no control
//! character; whatever parses can be exported and read back as the same articles.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use readmore::domain::state::{Format, parse, write};

fuzz_target!(|bytes: &[u8]| {
    let file = Path::new("fuzz.toml");
    for format in [Format::Toml, Format::Json] {
        match parse(bytes, file, format) {
            Err(err) => {
                let message = err.to_string();
                assert!(message.starts_with("fuzz.toml:"), "{message:?}");
                assert!(!message.chars().any(char::is_control), "{message:?}");
            }
            Ok(entries) => {
                let keys: Vec<_> = entries
                    .iter()
                    .map(|e| (e.path.clone(), e.title.clone()))
                    .collect();
                let mut out = Vec::new();
                write(entries, format, &mut out).expect("an export of parsed entries");
                let again = parse(&out, file, format).expect("an export parses");
                let again: Vec<_> = again.into_iter().map(|e| (e.path, e.title)).collect();
                assert_eq!(keys, again);
            }
        }
    }
});
