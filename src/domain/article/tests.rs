use super::*;

fn article(text: &str) -> Article {
    parse(text.as_bytes()).expect("parses").article
}

fn para(text: &str) -> Block {
    Block::Paragraph(text.to_owned())
}

fn link(text: &str) -> Block {
    Block::Link(text.to_owned())
}

/// Asserts that `text` parses to `title` and `blocks`.
fn assert_parsed(text: &str, title: &str, blocks: &[Block]) {
    let a = article(text);
    assert_eq!(
        (a.title.as_str(), a.blocks.as_slice()),
        (title, blocks),
        "{text:?}"
    );
}

#[test]
fn first_non_blank_line_is_the_title_and_the_rest_are_paragraphs() {
    assert_parsed(
        "\n\n   Title here  \n\nFirst para.\n  \nSecond para.  \n",
        "Title here",
        &[para("First para."), para("Second para.")],
    );
}

#[test]
fn read_more_lines_are_links_in_place_in_any_case() {
    let a = article(
        "T\nOne.\nRead More: Other story\nTwo.\nREAD MORE:Loud\n  read more:   quiet  \nThree.",
    );
    assert_eq!(
        a.blocks,
        vec![
            para("One."),
            link("Other story"),
            para("Two."),
            link("Loud"),
            link("quiet"),
            para("Three.")
        ]
    );
    assert_eq!(
        a.links().collect::<Vec<_>>(),
        ["Other story", "Loud", "quiet"]
    );
}

#[test]
fn header_lines_after_the_title_are_the_origin_not_paragraphs() {
    let a = article(
        "T\nsource: https://ex.com/a\nPUBLISHED: 2024-01-02T03:04:05Z\n\
         Feed: The Daily News https://ex.com/feed.xml\nBody.\nSource: not a header",
    );
    assert_eq!(a.origin.source.as_deref(), Some("https://ex.com/a"));
    assert_eq!(a.origin.published.as_deref(), Some("2024-01-02T03:04:05Z"));
    let feed = a.origin.feed.expect("feed line");
    assert_eq!(
        (feed.title.as_str(), feed.url.as_str()),
        ("The Daily News", "https://ex.com/feed.xml")
    );
    assert_eq!(a.blocks, vec![para("Body."), para("Source: not a header")]);
}

#[test]
fn header_lines_after_a_paragraph_or_repeated_are_text() {
    let a = article("T\nIntro.\nSource: Reuters\n");
    assert!(a.origin.is_empty());
    assert_eq!(a.blocks, vec![para("Intro."), para("Source: Reuters")]);
    let a = article("T\nSource: a\nSource: b\nFeed: Only a title\n");
    assert_eq!(a.origin.source.as_deref(), Some("a"));
    assert_eq!(
        a.blocks,
        vec![para("Source: b"), para("Feed: Only a title")]
    );
}

#[test]
fn read_more_mid_line_or_without_target_is_text() {
    let a =
        article("T\nTo read more: see the archive.\nRead More:\nRead More:   \nRead more about it");
    assert_eq!(
        a.blocks,
        vec![
            para("To read more: see the archive."),
            para("Read More:"),
            para("Read More:"),
            para("Read more about it"),
        ]
    );
}

#[test]
fn bom_is_dropped_and_crlf_is_a_line_end() {
    assert_parsed(
        "\u{feff}Title\r\nPara one\r\n\r\nRead More: X\r\n",
        "Title",
        &[para("Para one"), link("X")],
    );
}

#[test]
fn bytes_that_are_not_utf8_are_decoded_as_configured() {
    let bytes = b"Title\nok line\nbad \x92 quote\n";
    let parsed = parse_with(bytes, Decoding::Utf8).expect("parses");
    assert_eq!(parsed.article.blocks[1], para("bad \u{fffd} quote"));
    assert_eq!(parsed.decoded, Some(DecodeNote::InvalidUtf8 { at: (3, 5) }));
    let parsed = parse(b"Title\nok line\nbad \x92 quote \x93here\x94\n").expect("parses");
    assert_eq!(
        parsed.article.blocks[1],
        para("bad \u{2019} quote \u{201c}here\u{201d}")
    );
    assert!(matches!(parsed.decoded, Some(DecodeNote::Legacy { .. })));
    let parsed = parse(bytes).expect("parses");
    assert_eq!(parsed.article.blocks[1], para("bad  quote"));
    assert!(matches!(
        parsed.decoded,
        Some(DecodeNote::StrayBytes { .. })
    ));
    assert_eq!(parse(b"Fine").unwrap().decoded, None);
}

#[test]
fn decoded_text_is_sanitised_too() {
    // ISO-8859-2 maps 0x80-0x9f to C1 controls: 0x9b is CSI, 0x85 NEL; ESC is ESC anywhere.
    let latin2 = Decoding::from_label("iso-8859-2").unwrap();
    let bytes = b"Caf\xe9 \x1b[2Jnews\nA \x9b31m \x85 \xa3 line";
    let parsed = parse_with(bytes, latin2).expect("parses");
    assert_eq!(parsed.article.title, "Café news");
    assert_eq!(
        parsed.article.blocks,
        vec![para("A   Ł line")],
        "the CSI sequence goes whole"
    );
}

#[test]
fn a_file_without_a_title_is_rejected() {
    assert_eq!(parse(b""), Err(ParseError::NoTitle));
    assert_eq!(parse(b"  \n\t\r\n \n"), Err(ParseError::NoTitle));
    assert_eq!(parse(b"\x1b[2J\n\x07"), Err(ParseError::NoTitle));
}

#[test]
fn zero_width_characters_leave_titles_and_an_invisible_title_is_rejected() {
    assert_parsed(
        "\u{feff}Harbour\u{200b}ton \u{2060}Opens\u{200d}\nbody \u{200b}kept",
        "Harbourton Opens",
        &[para("body \u{200b}kept")],
    );
    assert_eq!(article("\u{200c} Title \u{feff}").title, "Title");
    assert_eq!(
        parse("\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\nbody".as_bytes()),
        Err(ParseError::InvisibleTitle)
    );
}

#[test]
fn text_is_sanitised_at_parse_time() {
    let a = article(
        "Evil \u{1b}]0;pwned\u{7}title\nA\tb \u{1b}[31mred\u{1b}[0m\nRead More: \u{1b}[1mX",
    );
    assert_eq!(a.title, "Evil title");
    assert_eq!(a.blocks, vec![para("A    b red"), link("X")]);
}

#[test]
fn a_link_prefix_needs_ascii_letters() {
    // Multi-byte text right where the prefix would be must not panic on slicing.
    let a = article("T\nRead Moré: x\nRéad more: y\n日本語日本語日本語");
    assert_eq!(a.links().count(), 0);
}

mod properties {
    use crate::domain::article::*;
    use proptest::prelude::*;

    fn assert_printable(text: &str) -> Result<(), TestCaseError> {
        prop_assert!(
            !text.chars().any(crate::domain::sanitize::is_unsafe),
            "unsafe character in {:?}",
            text
        );
        prop_assert_eq!(text.trim(), text, "text is trimmed");
        prop_assert!(!text.is_empty());
        Ok(())
    }

    /// Bytes biased towards what breaks parsers: escapes, controls, CR/LF, the link prefix.
    fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
        // Escapes, a BEL, line ends, the link prefix, and C1 CSI, a bidi override and a BOM.
        static PIECES: [&[u8]; 7] = [
            b"\x1b[",
            b"\x1b]",
            b"\x07",
            b"\r\n",
            b"\n",
            b"Read More:",
            "\u{9b}\u{202e}\u{feff}".as_bytes(),
        ];
        // A random byte, one of the pieces or a few letters, each of the nine as likely.
        let piece = prop_oneof![
            1 => any::<u8>().prop_map(|b| vec![b]),
            7 => prop::sample::select(&PIECES[..]).prop_map(<[u8]>::to_vec),
            1 => "[a-z ]{0,8}".prop_map(String::into_bytes),
        ];
        proptest::collection::vec(piece, 0..64).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn parsing_any_bytes_never_panics_nor_yields_control_characters(bytes in hostile_bytes()) {
            if let Ok(parsed) = parse(&bytes) {
                assert_printable(&parsed.article.title)?;
                for block in &parsed.article.blocks {
                    match block {
                        Block::Paragraph(text) | Block::Link(text) => assert_printable(text)?,
                    }
                }
            }
        }

        #[test]
        fn arbitrary_bytes_too(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            if let Ok(parsed) = parse(&bytes) {
                assert_printable(&parsed.article.title)?;
            }
        }

        #[test]
        fn every_decoding_yields_printable_text(
            bytes in hostile_bytes(),
            label in prop::sample::select(
                &["auto", "utf-8", "shift_jis", "utf-16be", "iso-8859-2", "gbk"][..],
            ),
        ) {
            let decoding = Decoding::from_label(label).expect("a known label");
            if let Ok(parsed) = parse_with(&bytes, decoding) {
                assert_printable(&parsed.article.title)?;
                for block in &parsed.article.blocks {
                    match block {
                        Block::Paragraph(text) | Block::Link(text) => assert_printable(text)?,
                    }
                }
            }
        }
    }
}
