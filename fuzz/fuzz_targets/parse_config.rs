//! The config and key-name parsers on arbitrary text: errors, never panics, and an error is
//! always one line naming the file.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use readmore::app::config::Config;
use readmore::app::keymap::Key;

fuzz_target!(|text: &str| {
    if let Err(err) = Config::parse(text, Path::new("fuzz.toml")) {
        let message = err.to_string();
        assert!(!message.contains('\n'), "{message:?}");
        assert!(message.starts_with("fuzz.toml:"), "{message:?}");
    }
    if let Ok(key) = text.parse::<Key>() {
        assert_eq!(key.to_string().parse::<Key>(), Ok(key), "{text:?}");
    }
});
