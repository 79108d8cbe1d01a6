//! The config and key-name parsers on arbitrary text: errors, never panics, and an error is
//! always one line naming the file (`readmore_fuzz::parse_config`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| readmore_fuzz::parse_config(text));
