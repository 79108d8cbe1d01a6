//! The article parser on arbitrary bytes: it must never panic, and nothing it returns may
//! contain a character that a terminal would interpret (`readmore_fuzz::parse_article`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| readmore_fuzz::parse_article(bytes));
