//! A checker for the DOT that `graph --dot` writes, with the real Graphviz when installed.

use std::process::{Command, Stdio};

/// What a DOT statement declares: a node with its attributes, or an edge.
#[derive(Debug, PartialEq)]
pub(crate) enum DotStatement {
    Node(String, Vec<(String, String)>),
    Edge(String, String, Vec<(String, String)>),
    Defaults(String, Vec<(String, String)>),
}

#[derive(Debug, PartialEq)]
enum DotToken {
    Word(String),
    Quoted(String),
    Punct(char),
    Arrow,
}

/// The longest quoted string Graphviz 2.42 (Debian 12) reads, in bytes as written.
const DOT_MAX_QUOTED: usize = 16384;

/// Splits DOT into tokens: bare words, quoted strings (closed, on one line, without control
/// characters, `\"` and `\\` the only escapes, at most [`DOT_MAX_QUOTED`] bytes, joined when
/// concatenated with `+`), punctuation and `->`.
fn dot_tokens(dot: &str) -> Result<Vec<DotToken>, String> {
    let mut tokens = Vec::new();
    let mut chars = dot.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_ascii_whitespace() => {}
            '{' | '}' | '[' | ']' | ';' | ',' | '=' | '+' => tokens.push(DotToken::Punct(c)),
            '-' if chars.next() == Some('>') => tokens.push(DotToken::Arrow),
            '"' => {
                let mut text = String::new();
                let mut raw = 0;
                loop {
                    let c = chars.next();
                    // An escaped quote is consumed (and counted) with its backslash.
                    raw += c.filter(|&c| c != '"').map_or(0, char::len_utf8);
                    if raw > DOT_MAX_QUOTED {
                        return Err(format!("a quoted string over {DOT_MAX_QUOTED} bytes"));
                    }
                    match c {
                        None => return Err(format!("unterminated string {text:?}")),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\')) => {
                                raw += 1;
                                text.push(e);
                            }
                            other => return Err(format!("escape \\{other:?} in {text:?}")),
                        },
                        Some(c) if c.is_control() => {
                            return Err(format!("control {c:?} in string {text:?}"));
                        }
                        Some(c) => text.push(c),
                    }
                }
                tokens.push(DotToken::Quoted(text));
            }
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let mut word = c.to_string();
                while let Some(&next) = chars.peek().filter(|n| n.is_ascii_alphanumeric()) {
                    word.push(next);
                    chars.next();
                }
                tokens.push(DotToken::Word(word));
            }
            c => return Err(format!("unexpected {c:?}")),
        }
    }
    let mut joined: Vec<DotToken> = Vec::with_capacity(tokens.len());
    let mut rest = tokens.into_iter();
    while let Some(token) = rest.next() {
        if token != DotToken::Punct('+') {
            joined.push(token);
            continue;
        }
        match (joined.last_mut(), rest.next()) {
            (Some(DotToken::Quoted(left)), Some(DotToken::Quoted(right))) => left.push_str(&right),
            other => return Err(format!("+ not between quoted strings: {other:?}")),
        }
    }
    Ok(joined)
}

/// Parses the subset of DOT that `graph --dot` writes, `digraph NAME { STATEMENT; ... }`,
/// each statement a node, an edge or default attributes, each terminated by `;`.
fn parse_dot(dot: &str) -> Result<Vec<DotStatement>, String> {
    let tokens = dot_tokens(dot)?;
    let mut at = tokens.iter().peekable();
    let mut next = || at.next().ok_or_else(|| "unexpected end".to_owned());
    let id = |token: &DotToken| match token {
        DotToken::Word(s) | DotToken::Quoted(s) => Ok(s.clone()),
        other => Err(format!("expected an id, found {other:?}")),
    };
    if next()? != &DotToken::Word("digraph".into()) {
        return Err("no digraph".into());
    }
    id(next()?)?;
    if next()? != &DotToken::Punct('{') {
        return Err("no {".into());
    }
    let mut statements = Vec::new();
    loop {
        let first = next()?;
        if first == &DotToken::Punct('}') {
            break;
        }
        let name = id(first)?;
        let mut token = next()?;
        let target = if token == &DotToken::Arrow {
            let target = id(next()?)?;
            token = next()?;
            Some(target)
        } else {
            None
        };
        let mut attributes = Vec::new();
        if token == &DotToken::Punct('[') {
            loop {
                let key = id(next()?)?;
                if next()? != &DotToken::Punct('=') {
                    return Err(format!("no = after {key}"));
                }
                attributes.push((key, id(next()?)?));
                match next()? {
                    DotToken::Punct(',') => {}
                    DotToken::Punct(']') => break,
                    other => return Err(format!("in attributes: {other:?}")),
                }
            }
            token = next()?;
        }
        if token != &DotToken::Punct(';') {
            return Err(format!("statement for {name:?} not terminated: {token:?}"));
        }
        statements.push(match (target, name.as_str()) {
            (Some(to), _) => DotStatement::Edge(name, to, attributes),
            (None, "node" | "edge" | "graph") => DotStatement::Defaults(name, attributes),
            (None, _) => DotStatement::Node(name, attributes),
        });
    }
    match at.next() {
        None => Ok(statements),
        Some(extra) => Err(format!("after the graph: {extra:?}")),
    }
}

#[test]
fn the_dot_checker_rejects_broken_dot() {
    for broken in [
        "digraph g {",
        "digraph g { \"a\" }",
        "digraph g { \"a\" -> \"b\" }",
        "digraph g { \"a\"; } }",
        "digraph g { \"a\" [label=\"x\"] }",
        "digraph g { \"a\" [label=\"x\"; }",
        "digraph g { \"a\"b\"; }",
        "digraph g { \"a; }",
        "digraph g { \"a\nb\"; }",
        "digraph g { \"a\\\"; }",
        "digraph g { \"a\\n\"; }",
        "digraph g { \"a\u{1b}[2J\"; }",
        "digraph g { \"a\" + ; }",
        "digraph g { a + \"b\"; }",
        format!(
            "digraph g {{ \"{}\"; }}",
            "é".repeat(DOT_MAX_QUOTED / 2 + 1)
        )
        .as_str(),
    ] {
        assert!(parse_dot(broken).is_err(), "accepted {broken:?}");
    }
    assert_eq!(
        parse_dot("digraph g { \"a\\\"\\\\\" [label=x]; a -> \"b\"; }"),
        Ok(vec![
            DotStatement::Node("a\"\\".into(), vec![("label".into(), "x".into())]),
            DotStatement::Edge("a".into(), "b".into(), vec![]),
        ])
    );
}

/// Asserts that `dot` is a digraph Graphviz reads: with the real `dot` when it is installed,
/// and always with [`parse_dot`]; returns its statements.
pub(crate) fn valid_dot(label: &str, dot: &str) -> Vec<DotStatement> {
    if let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("piped stdin");
        stdin.write_all(dot.as_bytes()).expect("feed dot");
        drop(stdin);
        let out = child.wait_with_output().expect("run dot");
        // Graphviz quotes the input it fails on, cut anywhere: not always UTF-8.
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{label}: dot: {err}");
    }
    parse_dot(dot).unwrap_or_else(|err| panic!("{label}: {err}\n{dot}"))
}
