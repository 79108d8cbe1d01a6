//! The export's text, inert on a terminal: every character that could drive one (C0 and C1
//! controls, DEL, bidirectional and invisible characters) is written as a `\uXXXX` escape,
//! which both formats define, so `cat export.toml` shows the escape and parsing gives the
//! character back.
//!
//! JSON goes through serde_json with a formatter that escapes those characters too (its own
//! escapes only C0). TOML is written here: the `toml` crate chooses literal strings, where no
//! escape can be written, for text with quotes or backslashes, so it cannot promise this; the
//! shape (an array of flat tables of strings, numbers and booleans) is small.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::domain::sanitize::{is_invisible, is_unsafe};

/// An entry as written in a file; checked into an [`super::ArticleMarks`] while parsing, so a bad entry is
/// reported at its own line.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Record {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) path_bytes: Option<Vec<u8>>,
    pub(super) title: String,
    #[serde(default)]
    pub(super) read: bool,
    #[serde(default)]
    pub(super) starred: bool,
    #[serde(default)]
    pub(super) scroll: u64,
    #[serde(default)]
    pub(super) lines: u64,
    #[serde(default)]
    pub(super) updated_at: i64,
}

/// Whether `c` is written as an escape.
fn is_escaped(c: char) -> bool {
    is_unsafe(c) || is_invisible(c)
}

/// Writes `records` as the TOML [`super::parse`] reads: `[[article]]` tables, every string a
/// basic string with escapes.
pub(super) fn write_toml(records: &[Record], out: &mut impl Write) -> io::Result<()> {
    for (n, record) in records.iter().enumerate() {
        if n > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(b"[[article]]\n")?;
        if let Some(path) = &record.path {
            writeln!(out, "path = {}", toml_string(path))?;
        }
        if let Some(bytes) = &record.path_bytes {
            let list: Vec<String> = bytes.iter().map(u8::to_string).collect();
            writeln!(out, "path_bytes = [{}]", list.join(", "))?;
        }
        writeln!(out, "title = {}", toml_string(&record.title))?;
        writeln!(out, "read = {}", record.read)?;
        writeln!(out, "starred = {}", record.starred)?;
        writeln!(out, "scroll = {}", record.scroll)?;
        writeln!(out, "lines = {}", record.lines)?;
        writeln!(out, "updated_at = {}", record.updated_at)?;
    }
    Ok(())
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_escaped(c) && u32::from(c) > 0xffff => {
                out.push_str(&format!("\\U{:08X}", u32::from(c)));
            }
            c if is_escaped(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// serde_json's pretty printing, escaping what [`is_escaped`] names in every string.
pub(super) struct InertJson(PrettyFormatter<'static>);

impl InertJson {
    pub(super) fn new() -> Self {
        Self(PrettyFormatter::new())
    }
}

/// Hands the formatter's layout methods, which write no text of the export, to the pretty
/// formatter unchanged (`first:` those told whether the value is the first).
macro_rules! delegate {
    (first: $($name:ident),+) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
            self.0.$name(writer, first)
        }
    )+};
    ($($name:ident),+) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
            self.0.$name(writer)
        }
    )+};
}

impl Formatter for InertJson {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| is_escaped(c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            // Beyond the BMP, JSON spells a character as its UTF-16 surrogate pair.
            for unit in c.encode_utf16(&mut [0; 2]) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    delegate!(
        begin_array,
        end_array,
        end_array_value,
        begin_object,
        end_object
    );
    delegate!(begin_object_value, end_object_value);
    delegate!(first: begin_array_value, begin_object_key);
}
