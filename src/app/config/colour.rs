//! The theme's colours as the app keeps them: named after the terminal's sixteen, an index of
//! its 256, or RGB. The drawing layer turns them into its own (`ui/style.rs`), so the app names
//! no terminal crate.

use std::str::FromStr;

/// One colour of the interface, as `config.toml`'s `[theme]` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// The terminal's own foreground or background.
    Reset,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    /// `#rrggbb`.
    Rgb(u8, u8, u8),
    /// One of the terminal's 256 colours, `0`-`255`.
    Indexed(u8),
}

/// A value that names no colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAColour;

impl FromStr for Colour {
    type Err = NotAColour;

    /// A name in any case, with or without spaces, `-` or `_` (`"light red"`, `"Light-Red"`),
    /// `bright` for `light`, `grey` or `silver` for `gray`; else an index `0`-`255`, else
    /// `#rrggbb`: the names and forms the config has always accepted.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text
            .to_lowercase()
            .replace([' ', '-', '_'], "")
            .replace("bright", "light")
            .replace("grey", "gray")
            .replace("silver", "gray")
            .replace("lightblack", "darkgray")
            .replace("lightwhite", "white")
            .replace("lightgray", "white");
        Ok(match name.as_str() {
            "reset" => Self::Reset,
            "black" => Self::Black,
            "red" => Self::Red,
            "green" => Self::Green,
            "yellow" => Self::Yellow,
            "blue" => Self::Blue,
            "magenta" => Self::Magenta,
            "cyan" => Self::Cyan,
            "gray" => Self::Gray,
            "darkgray" => Self::DarkGray,
            "lightred" => Self::LightRed,
            "lightgreen" => Self::LightGreen,
            "lightyellow" => Self::LightYellow,
            "lightblue" => Self::LightBlue,
            "lightmagenta" => Self::LightMagenta,
            "lightcyan" => Self::LightCyan,
            "white" => Self::White,
            _ => match (text.parse::<u8>(), rgb(text)) {
                (Ok(index), _) => Self::Indexed(index),
                (_, Some((r, g, b))) => Self::Rgb(r, g, b),
                _ => return Err(NotAColour),
            },
        })
    }
}

/// `#rrggbb` as its three parts.
fn rgb(text: &str) -> Option<(u8, u8, u8)> {
    let hex = text.strip_prefix('#').filter(|hex| hex.len() == 6)?;
    let part = |at: usize| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok();
    Some((part(0)?, part(2)?, part(4)?))
}
