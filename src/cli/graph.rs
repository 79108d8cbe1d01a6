//! `readmore graph`: the whole link graph as text, JSON or Graphviz DOT.
//!
//! A library can hold 100k articles, so every format is streamed: one node or edge at a time,
//! in path order and then link order, straight to the writer, never built as one document in
//! memory. Articles are keyed by their path, the one name that is unique (titles are not).

use std::collections::HashSet;
use std::io::{self, Write};

use serde::Serialize;

use crate::domain::library::{ArticleId, Library};
use crate::domain::normalize::normalize_title;

/// The output formats of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One line per link: `from -> to`, or `from -> ✗ text (not in library)`.
    Text,
    /// `{"nodes": [{"title", "path"}], "edges": [{"from", "to", "text", "dangling"}]}`.
    Json,
    /// A Graphviz digraph.
    Dot,
}

/// One link of the graph: the article it is in, its text, and the article it resolves to.
struct Edge<'a> {
    from: ArticleId,
    text: &'a str,
    to: Option<ArticleId>,
}

/// Every link of the library, in path order and then in the order of each article.
fn edges(library: &Library) -> impl Iterator<Item = Edge<'_>> {
    library.iter().flat_map(|(from, entry)| {
        entry
            .links()
            .zip(entry.targets())
            .map(move |(text, &to)| Edge { from, text, to })
    })
}

/// Writes the link graph of `library` in `format`.
pub fn graph(library: &Library, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text(library, out),
        Format::Json => json(library, out),
        Format::Dot => dot(library, out),
    }
}

fn text(library: &Library, out: &mut dyn Write) -> io::Result<()> {
    for edge in edges(library) {
        let from = &library.get(edge.from).title();
        match edge.to {
            Some(to) => writeln!(out, "{from} -> {}", library.get(to).title())?,
            None => writeln!(out, "{from} -> ✗ {} (not in library)", edge.text)?,
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonNode<'a> {
    title: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct JsonEdge<'a> {
    from: &'a str,
    to: Option<&'a str>,
    text: &'a str,
    dangling: bool,
}

/// The JSON document, one node or edge a line so that it can be streamed (and grepped).
fn json(library: &Library, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\n  \"nodes\": [")?;
    for (n, entry) in library.entries().enumerate() {
        out.write_all(if n == 0 { b"\n    " } else { b",\n    " })?;
        let node = JsonNode {
            title: entry.title(),
            path: entry.path(),
        };
        serde_json::to_writer(&mut *out, &node)?;
    }
    out.write_all(b"\n  ],\n  \"edges\": [")?;
    for (n, edge) in edges(library).enumerate() {
        out.write_all(if n == 0 { b"\n    " } else { b",\n    " })?;
        let edge = JsonEdge {
            from: library.get(edge.from).path(),
            to: edge.to.map(|to| library.get(to).path()),
            text: edge.text,
            dangling: edge.to.is_none(),
        };
        serde_json::to_writer(&mut *out, &edge)?;
    }
    out.write_all(b"\n  ]\n}\n")
}

/// The graph as a Graphviz digraph: articles as boxes labelled by title and keyed by path;
/// each missing story (links that normalise to the same title share one) as a dashed box,
/// reached by dashed edges.
fn dot(library: &Library, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph readmore {{")?;
    writeln!(out, "  node [shape=box];")?;
    for entry in library.entries() {
        writeln!(
            out,
            "  {} [label={}];",
            quoted(entry.path()),
            quoted(entry.title())
        )?;
    }
    let paths: HashSet<&str> = library.entries().map(|e| e.path()).collect();
    let mut missing: HashSet<String> = HashSet::new();
    for edge in edges(library) {
        let from = quoted(library.get(edge.from).path());
        match edge.to {
            Some(to) => writeln!(out, "  {from} -> {};", quoted(library.get(to).path()))?,
            None => {
                let key = quoted(&missing_key(edge.text, &paths));
                if missing.insert(key.clone()) {
                    writeln!(out, "  {key} [label={}, style=dashed];", quoted(edge.text))?;
                }
                writeln!(out, "  {from} -> {key} [style=dashed];")?;
            }
        }
    }
    writeln!(out, "}}")
}

/// The DOT key of the missing story a dangling link names: its normalised title after a `✗`,
/// with more `✗` in the unlikely case that an article's path is already that name.
fn missing_key(text: &str, paths: &HashSet<&str>) -> String {
    let mut key = format!("✗ {}", normalize_title(text));
    while paths.contains(key.as_str()) {
        key.insert_str(0, "✗ ");
    }
    key
}

/// The longest quoted string, in bytes, written in one piece. Graphviz (2.42, as in Debian 12)
/// refuses a quoted string over 16384 bytes, and titles and link texts can be longer.
const MAX_PIECE: usize = 8192;

/// `text` as a DOT quoted string. Inside quotes DOT only knows `\"`, but Graphviz reads
/// backslash sequences in labels (`\n`, `\N` for the node name, ...), so backslashes are
/// doubled to stay literal. Article text was sanitised when parsed; any control character
/// left (none should be) is dropped all the same, and a line break becomes a space, so one
/// statement stays on one line. Long text is cut into pieces joined by DOT's `+`, which
/// Graphviz joins back, never inside an escape or a character.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut piece = 0;
    let mut utf8 = [0; 4];
    for c in text.chars() {
        let escaped: &str = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => " ",
            c if c.is_control() => continue,
            c => c.encode_utf8(&mut utf8),
        };
        if piece + escaped.len() > MAX_PIECE {
            out.push_str("\" + \"");
            piece = 0;
        }
        out.push_str(escaped);
        piece += escaped.len();
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(library: &Library, format: Format) -> String {
        let mut out = Vec::new();
        graph(library, format, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    fn sample() -> Library {
        Library::of_texts(&[
            (
                "a.txt",
                "Alpha \"quoted\" \\N\nRead More: Beta\nRead More: Gone",
            ),
            (
                "b.txt",
                "Beta\nRead More: alpha \"quoted\" \\n\nRead More: GONE",
            ),
            ("c.txt", "Alone"),
        ])
    }

    #[test]
    fn quoted_escapes_quotes_and_backslashes_and_drops_controls() {
        assert_eq!(quoted(r#"a "b" \c\"#), r#""a \"b\" \\c\\""#);
        assert_eq!(quoted("one\ntwo\r\u{1b}[2J\u{7}\u{9b}"), "\"one two [2J\"");
        assert_eq!(quoted(""), "\"\"");
    }

    #[test]
    fn quoted_cuts_long_text_into_pieces_graphviz_accepts() {
        let text = format!("{}\"{}", "é".repeat(5000), "\\".repeat(5000));
        let dot = quoted(&text);
        let inner = &dot[1..dot.len() - 1];
        let pieces: Vec<&str> = inner.split("\" + \"").collect();
        assert_eq!(pieces.len(), 3, "{} bytes", text.len());
        assert!(pieces.iter().all(|piece| piece.len() <= MAX_PIECE));
        let mut joined = String::new();
        let mut chars = pieces.concat().chars().collect::<Vec<_>>().into_iter();
        while let Some(c) = chars.next() {
            joined.push(if c == '\\' {
                chars.next().expect("escaped")
            } else {
                c
            });
        }
        assert_eq!(joined, text);
        assert_eq!(
            quoted(&"x".repeat(MAX_PIECE)),
            format!("\"{}\"", "x".repeat(MAX_PIECE))
        );
    }

    #[test]
    fn text_has_one_line_per_link_with_dangling_ones_marked() {
        assert_eq!(
            render(&sample(), Format::Text),
            "Alpha \"quoted\" \\N -> Beta\n\
             Alpha \"quoted\" \\N -> ✗ Gone (not in library)\n\
             Beta -> Alpha \"quoted\" \\N\n\
             Beta -> ✗ GONE (not in library)\n"
        );
    }

    #[test]
    fn json_keys_nodes_by_path_and_dangling_edges_have_no_target() {
        let value: serde_json::Value =
            serde_json::from_str(&render(&sample(), Format::Json)).expect("JSON");
        assert_eq!(
            value,
            serde_json::json!({
                "nodes": [
                    {"title": "Alpha \"quoted\" \\N", "path": "a.txt"},
                    {"title": "Beta", "path": "b.txt"},
                    {"title": "Alone", "path": "c.txt"},
                ],
                "edges": [
                    {"from": "a.txt", "to": "b.txt", "text": "Beta", "dangling": false},
                    {"from": "a.txt", "to": null, "text": "Gone", "dangling": true},
                    {"from": "b.txt", "to": "a.txt", "text": "alpha \"quoted\" \\n", "dangling": false},
                    {"from": "b.txt", "to": null, "text": "GONE", "dangling": true},
                ],
            })
        );
    }

    #[test]
    fn json_of_an_empty_library_is_valid() {
        let value: serde_json::Value =
            serde_json::from_str(&render(&Library::default(), Format::Json)).expect("JSON");
        assert_eq!(value, serde_json::json!({"nodes": [], "edges": []}));
    }

    #[test]
    fn dot_shares_one_dashed_node_per_missing_story() {
        assert_eq!(
            render(&sample(), Format::Dot),
            "digraph readmore {\n  \
               node [shape=box];\n  \
               \"a.txt\" [label=\"Alpha \\\"quoted\\\" \\\\N\"];\n  \
               \"b.txt\" [label=\"Beta\"];\n  \
               \"c.txt\" [label=\"Alone\"];\n  \
               \"a.txt\" -> \"b.txt\";\n  \
               \"✗ gone\" [label=\"Gone\", style=dashed];\n  \
               \"a.txt\" -> \"✗ gone\" [style=dashed];\n  \
               \"b.txt\" -> \"a.txt\";\n  \
               \"b.txt\" -> \"✗ gone\" [style=dashed];\n\
             }\n"
        );
    }

    #[test]
    fn a_missing_story_never_takes_an_articles_key() {
        let library =
            Library::of_texts(&[("✗ gone", "Odd\nRead More: Gone"), ("✗ ✗ gone", "Odder")]);
        let dot = render(&library, Format::Dot);
        assert!(
            dot.contains("\"✗ ✗ ✗ gone\" [label=\"Gone\", style=dashed];"),
            "{dot}"
        );
        assert!(dot.contains("\"✗ gone\" -> \"✗ ✗ ✗ gone\""), "{dot}");
    }
}
