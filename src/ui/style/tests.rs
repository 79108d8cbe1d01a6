//! The theme's colours are the app's own ([`Colour`]); these check that every value the config
//! accepted when it parsed ratatui's `Color` still parses, to the same terminal colour, and
//! that what it refused is still refused.

use std::str::FromStr;

use proptest::prelude::*;
use ratatui::style::Color;

use super::*;

/// What the config makes of `text` now, as the terminal's colour.
fn now(text: &str) -> Option<Color> {
    Colour::from_str(text).ok().map(terminal_color)
}

/// What the config made of `text` when it parsed ratatui's colours.
fn before(text: &str) -> Option<Color> {
    Color::from_str(text).ok()
}

fn same_as_before(text: &str) {
    assert_eq!(now(text), before(text), "{text:?}");
}

const NAMES: &[&str] = &[
    "reset",
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "grey",
    "silver",
    "dark gray",
    "dark grey",
    "light red",
    "light green",
    "light yellow",
    "light blue",
    "light magenta",
    "light cyan",
    "light gray",
    "light grey",
    "light silver",
    "light black",
    "light white",
    "bright red",
    "bright black",
    "bright white",
    "white",
];

#[test]
fn every_colour_name_in_every_spelling_is_the_colour_it_was() {
    for name in NAMES {
        for separator in [" ", "-", "_", ""] {
            let joined = name.replace(' ', separator);
            let title = name
                .split(' ')
                .map(|word| word[..1].to_uppercase() + &word[1..])
                .collect::<Vec<_>>()
                .join(separator);
            for text in [joined.clone(), joined.to_uppercase(), title] {
                assert!(before(&text).is_some(), "{text:?} was a colour");
                same_as_before(&text);
            }
        }
    }
}

#[test]
fn every_index_and_hex_colour_is_the_colour_it_was() {
    for index in 0..=255u8 {
        for text in [
            index.to_string(),
            format!("+{index}"),
            format!("{index:03}"),
        ] {
            assert_eq!(now(&text), Some(Color::Indexed(index)), "{text:?}");
            same_as_before(&text);
        }
        for text in [
            format!("#{index:02x}0000"),
            format!("#00{index:02X}00"),
            format!("#0000{index:02x}"),
        ] {
            assert!(before(&text).is_some(), "{text:?} was a colour");
            same_as_before(&text);
        }
    }
    assert_eq!(now("#ff8800"), Some(Color::Rgb(255, 136, 0)));
}

#[test]
fn what_was_refused_is_still_refused() {
    for text in [
        "", " ", "teal", "light", "cyan!", "256", "-1", "1.5", "#", "#12345", "#1234567",
        "#gg0000", "ff8800", "# ff8800", "0x10", "#ff88 0",
    ] {
        assert_eq!(before(text), None, "{text:?} was refused");
        same_as_before(text);
    }
}

proptest! {
    #[test]
    fn any_text_parses_as_it_did(text in "[ a-zA-Z0-9#+_-]{0,14}") {
        prop_assert_eq!(now(&text), before(&text));
    }

    #[test]
    fn any_colour_written_as_a_name_or_number_parses_as_it_did(
        text in "(?i)(light|bright|dark)?[ _-]?(black|red|green|yellow|blue|magenta|cyan|gray|grey|silver|white|reset)|[0-9]{1,3}|#[0-9a-fA-F]{6}"
    ) {
        prop_assert_eq!(now(&text), before(&text));
    }
}
