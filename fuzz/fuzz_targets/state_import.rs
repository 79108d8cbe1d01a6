//! The state import parser on arbitrary bytes, in both formats: errors, never panics, and
//! whatever parses survives an export and a new import (`readmore_fuzz::state_import`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| readmore_fuzz::state_import(bytes));
