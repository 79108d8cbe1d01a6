use super::*;
use crate::domain::article::{Article, Block, Parsed, parse_with};

/// The whole file read a line at a time: what [`parse_with`] gives for it, if every piece is
/// the same.
fn streamed(bytes: &[u8], decoding: Decoding) -> Result<Parsed, ParseError> {
    let decided = decide(bytes, decoding, bytes.len() as u64).expect("memory reads");
    let mut pieces = Pieces {
        lines: Lines::new(bytes, decided, 0, bytes.len() as u64),
        parser: LineParser::default(),
    };
    let mut article = Article::default();
    loop {
        match pieces.next_piece() {
            Ok(Some((_, Piece::Title(title)))) => article.title = title,
            Ok(Some((_, Piece::Block(block)))) => article.blocks.push(block),
            Ok(None) => break,
            Err(StreamError::Parse(err)) => return Err(err),
            Err(StreamError::Io(err)) => panic!("{err}"),
        }
    }
    article.origin = pieces.parser.origin;
    Ok(Parsed {
        article,
        decoded: decided.note(pieces.lines.counts()),
    })
}

/// Every line from `offset` on: its offset and text.
fn lines_near(bytes: &[u8], decoding: Decoding, offset: u64) -> Vec<(u64, String)> {
    let decided = decide(bytes, decoding, bytes.len() as u64).unwrap();
    let mut lines = Lines::starting_near(bytes, decided, offset, bytes.len() as u64).unwrap();
    std::iter::from_fn(|| lines.next_line().unwrap()).collect()
}

fn label(name: &str) -> Decoding {
    Decoding::from_label(name).unwrap()
}

#[test]
fn chunks_of_a_few_bytes_cut_characters_and_line_breaks_everywhere() {
    // CHUNK is 7 bytes in unit tests: every multi-byte character and CRLF falls across an edge.
    let text = "Titlé 日本\r\nPremière ligne — “quoted” 👍🏽\r\n\r\nRead More: Ça va\nlast";
    let parsed = streamed(text.as_bytes(), Decoding::Auto).unwrap();
    assert_eq!(parsed, parse_with(text.as_bytes(), Decoding::Auto).unwrap());
    assert_eq!(parsed.article.title, "Titlé 日本");
    assert_eq!(
        parsed.article.blocks,
        [
            Block::Paragraph("Première ligne — “quoted” 👍🏽".into()),
            Block::Link("Ça va".into()),
            Block::Paragraph("last".into())
        ]
    );
}

#[test]
fn legacy_encodings_and_utf16_stream_as_they_decode_whole() {
    let cases: [(&[u8], Decoding); 6] = [
        (
            b"Caf\xe9 news\r\nit costs \xa35\nRead More: Na\xefve",
            Decoding::Auto,
        ),
        (b"Title\nok\nbad \x92 quote\n", Decoding::Utf8),
        (b"\xef\xbb\xbfTitle\nstray \xff here\n", Decoding::Auto),
        (
            b"\x93\xfa\x96\x7b\n\x8b\x43\x89\xb7\x82\xcd\n",
            label("shift_jis"),
        ),
        (
            b"\xff\xfeT\x00\n\x00\xe9\x00\r\x00\n\x00x\x00",
            Decoding::Auto,
        ),
        (b"\x00T\x00\n\x00b\x00\x0a\x00c", label("utf-16be")),
    ];
    for (bytes, decoding) in cases {
        assert_eq!(
            streamed(bytes, decoding),
            parse_with(bytes, decoding),
            "{bytes:?}"
        );
    }
    let utf16 = streamed(
        b"\xff\xfeT\x00\n\x00\xe9\x00\r\x00\n\x00x\x00",
        Decoding::Auto,
    );
    assert_eq!(
        utf16.unwrap().article.blocks,
        [Block::Paragraph("é".into()), Block::Paragraph("x".into())]
    );
}

#[test]
fn a_line_longer_than_the_limit_is_cut_at_character_boundaries() {
    let mut line = String::from("x");
    while line.len() < 2 * MAX_LINE + 10 {
        line.push_str("日本é");
    }
    let bytes = format!("T\n{line}\nend").into_bytes();
    let lines = lines_near(&bytes, Decoding::Auto, 0);
    let pieces: Vec<&str> = lines[1..lines.len() - 1]
        .iter()
        .map(|(_, text)| text.as_str())
        .collect();
    assert!(pieces.len() >= 3, "{}", pieces.len());
    assert!(pieces.iter().all(|piece| piece.len() <= MAX_LINE));
    assert_eq!(pieces.concat(), line, "no character lost or split");
    assert_eq!(lines.last().unwrap().1, "end");
}

#[test]
fn lines_near_an_offset_start_at_the_next_line_start() {
    let bytes = b"Title\r\nfirst\r\nsecond\nthird";
    let starts = |offset| -> Vec<u64> {
        lines_near(bytes, Decoding::Auto, offset)
            .iter()
            .map(|l| l.0)
            .collect()
    };
    assert_eq!(starts(0), [0, 7, 14, 21]);
    assert_eq!(starts(7), [7, 14, 21], "a line start is its own");
    assert_eq!(starts(8), [14, 21], "inside a line: the next one");
    assert_eq!(starts(13), [14, 21], "on the CR of a CRLF");
    assert_eq!(starts(26), Vec::<u64>::new());
    let texts: Vec<String> = lines_near(bytes, Decoding::Auto, 8)
        .into_iter()
        .map(|l| l.1)
        .collect();
    assert_eq!(texts, ["second", "third"]);
    // UTF-16: offsets on the code unit grid after the byte order mark.
    let utf16 = b"\xff\xfeT\x00\n\x00a\x00b\x00\n\x00c\x00";
    let near = lines_near(utf16, Decoding::Auto, 7);
    assert_eq!(near, [(12, "c".to_owned())]);
    assert_eq!(
        lines_near(utf16, Decoding::Auto, 6)[0],
        (6, "ab".to_owned())
    );
}

#[test]
fn deciding_reads_the_whole_file_so_a_late_bad_byte_counts() {
    let mut bytes = b"Title\nCaf\xc3\xa9\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'a', 100));
    bytes.extend(b"\n\x93quoted\x94 and \xa3\n");
    assert_eq!(
        streamed(&bytes, Decoding::Auto),
        parse_with(&bytes, Decoding::Auto)
    );
    let decided = decide(&bytes[..], Decoding::Auto, bytes.len() as u64).unwrap();
    assert!(
        matches!(decided.decoding, LineDecoding::Legacy(_)),
        "{decided:?}"
    );
    let only_head = decide(&bytes[..], Decoding::Auto, 20).unwrap();
    assert_eq!(
        only_head.decoding,
        LineDecoding::Utf8,
        "nothing past `end` is read"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text biased towards what the streaming reader must get right: multi-byte characters,
    /// CR/LF, bytes that are not UTF-8, escapes, headers and links.
    fn article_bytes() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            any::<u8>().prop_map(|b| vec![b]),
            Just(b"\r\n".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\n\n".to_vec()),
            Just(b"Read More: ".to_vec()),
            Just(b"Source: https://e.x/a\n".to_vec()),
            Just(b"\x1b]0;t\x07".to_vec()),
            Just("é日👍\u{feff}\u{202e}".as_bytes().to_vec()),
            Just(b"\xe9\x92\x93".to_vec()),
            "[a-z ]{0,12}".prop_map(String::into_bytes),
        ];
        proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
    }

    const BOMS: &[&[u8]] = &[b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"];

    proptest! {
        #[test]
        fn streaming_gives_what_the_whole_file_parse_gives(
            bytes in article_bytes(),
            bom in prop::sample::select(BOMS),
            name in prop::sample::select(
                &["auto", "utf-8", "windows-1252", "shift_jis", "gbk", "utf-16le", "euc-kr"][..],
            ),
        ) {
            let bytes = [bom, &bytes[..]].concat();
            let decoding = label(name);
            prop_assert_eq!(streamed(&bytes, decoding), parse_with(&bytes, decoding));
        }

        #[test]
        fn lines_from_any_offset_are_the_tail_of_the_lines_from_the_start(
            bytes in article_bytes(),
            at in 0usize..1000,
        ) {
            let all = lines_near(&bytes, Decoding::Auto, 0);
            let at = (at % (bytes.len() + 1)) as u64;
            let near = lines_near(&bytes, Decoding::Auto, at);
            let tail: Vec<_> = all.into_iter().filter(|(offset, _)| *offset >= at).collect();
            prop_assert_eq!(near, tail);
        }
    }
}
