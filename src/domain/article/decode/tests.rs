use super::*;

/// Fixture files written for these tests in each encoding (tests/fixtures/encodings).
const LATIN1: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/latin1.txt");
const CP1252: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/cp1252.txt");
const SHIFT_JIS: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/shift_jis.txt");
const GBK: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/gbk.txt");
const UTF16LE: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/utf16le.txt");
const UTF16BE: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/utf16be.txt");

const WINDOWS_1250: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/windows1250.txt");
const WINDOWS_1251: &[u8] = include_bytes!("../../../../tests/fixtures/encodings/windows1251.txt");

/// Decodes as a user with no region in their locale (as in the tests' environment or not).
fn auto(bytes: &[u8]) -> (String, Option<DecodeNote>) {
    let (text, note) = decode_for(bytes, Decoding::Auto, WESTERN);
    (text.into_owned(), note)
}

fn guessed(name: &str) -> Option<DecodeNote> {
    Some(DecodeNote::Legacy {
        encoding: Encoding::for_label(name.as_bytes()).unwrap(),
        reason: Reason::Guessed,
        replaced: false,
    })
}

/// The note that `bytes` stray bytes were dropped, the first at `at` (line, column).
fn stray(at: (usize, usize), bytes: usize) -> Option<DecodeNote> {
    Some(DecodeNote::StrayBytes { at, bytes })
}

/// How many stray bytes `note` says were dropped, if it is about stray bytes.
fn stray_bytes(note: Option<DecodeNote>) -> Option<usize> {
    match note {
        Some(DecodeNote::StrayBytes { bytes, .. }) => Some(bytes),
        _ => None,
    }
}

#[test]
fn utf8_with_or_without_a_bom_is_borrowed_unchanged() {
    for bytes in ["Café £5".as_bytes(), "\u{feff}Café £5".as_bytes()] {
        let (text, note) = decode(bytes, Decoding::Auto);
        assert!(matches!(text, Cow::Borrowed("Café £5")), "{text:?}");
        assert_eq!(note, None);
    }
}

/// Asserts that `bytes` are guessed to be in `encoding` and decode to a text that starts with
/// `start` and holds `part`.
fn assert_guessed(bytes: &[u8], encoding: &str, start: &str, part: &str) {
    let (text, note) = auto(bytes);
    assert!(text.starts_with(start), "{encoding}: {text}");
    assert!(text.contains(part), "{encoding}: {text}");
    assert_eq!(note, guessed(encoding), "{encoding}");
}

#[test]
fn latin1_and_cp1252_are_guessed_as_windows_1252() {
    assert_guessed(LATIN1, "windows-1252", "", "costs £4.50");
    assert_guessed(
        CP1252,
        "windows-1252",
        "Bank’s Quiet Week",
        "by €2 billion — a “record”",
    );
}

#[test]
fn shift_jis_and_gbk_are_guessed() {
    assert_guessed(
        SHIFT_JIS,
        "shift_jis",
        "東京の天気\n",
        "気温は十八度まで上がります。",
    );
    assert_guessed(GBK, "gbk", "北京新闻\n", "气象部门预报明天将有小雨。");
}

#[test]
fn the_locale_region_settles_a_thin_guess_and_clear_evidence_wins_anyway() {
    let polish = |bytes| decode_for(bytes, Decoding::Auto, *b"pl");
    assert!(
        polish(LATIN1).0.contains("costs Ł4.50"),
        "one byte: the region wins"
    );
    let (text, note) = polish(WINDOWS_1250);
    assert!(text.contains("Żółty alarm ogłoszono"), "{text}");
    assert_eq!(note, guessed("windows-1250"));
    for region in [WESTERN, *b"pl"] {
        let (text, note) = decode_for(WINDOWS_1251, Decoding::Auto, region);
        assert!(text.starts_with("Погода в Москве\n"), "{text}");
        assert_eq!(note, guessed("windows-1251"));
        let (text, _) = decode_for(GBK, Decoding::Auto, region);
        assert!(text.starts_with("北京新闻\n"), "{text}");
    }
}

#[test]
fn the_region_is_the_country_of_the_locale() {
    assert_eq!(region_of("pl_PL.UTF-8"), Some(*b"pl"));
    assert_eq!(region_of("en_GB"), Some(*b"gb"));
    assert_eq!(region_of("sr_RS@latin"), Some(*b"rs"));
    for none in ["C", "C.UTF-8", "POSIX", "", "en", "en_GBR", "x_1é", "_"] {
        assert_eq!(region_of(none), None, "{none:?}");
    }
}

#[test]
fn utf16_with_a_bom_is_decoded_whatever_the_setting_but_utf8() {
    for (bytes, name) in [(UTF16LE, "utf-16le"), (UTF16BE, "utf-16be")] {
        let forced = Decoding::Forced(encoding_rs::SHIFT_JIS);
        for decoding in [Decoding::Auto, forced] {
            let (text, note) = decode(bytes, decoding);
            assert_eq!(text, "Café Society\n\nThe café’s owner sold £20 of tea.\n");
            let encoding = Encoding::for_label(name.as_bytes()).unwrap();
            assert_eq!(
                note,
                Some(DecodeNote::Legacy {
                    encoding,
                    reason: Reason::ByteOrderMark,
                    replaced: false
                })
            );
        }
        let (text, _) = decode(bytes, Decoding::Utf8);
        assert!(text.starts_with('\u{fffd}'), "{text:?}");
    }
}

#[test]
fn a_forced_label_is_used_for_files_that_are_not_utf8() {
    let forced = Decoding::from_label("Shift_JIS").unwrap();
    // Windows-1252 bytes read as Shift_JIS: the label wins over what the bytes look like.
    let (text, note) = decode(b"Price \x82\xa0 here", forced);
    assert_eq!(text, "Price \u{3042} here");
    assert_eq!(
        note,
        Some(DecodeNote::Legacy {
            encoding: encoding_rs::SHIFT_JIS,
            reason: Reason::Configured,
            replaced: false
        })
    );
    let (text, note) = decode("Café".as_bytes(), forced);
    assert_eq!((text.as_ref(), note), ("Café", None), "UTF-8 stays UTF-8");
}

#[test]
fn utf8_mode_keeps_the_replacement_character() {
    let (text, note) = decode(b"Title\nok line\nbad \x92 quote\n", Decoding::Utf8);
    assert_eq!(text, "Title\nok line\nbad \u{fffd} quote\n");
    assert_eq!(note, Some(DecodeNote::InvalidUtf8 { at: (3, 5) }));
}

#[test]
fn a_utf8_bom_or_a_few_bad_bytes_in_utf8_text_keep_it_utf8() {
    let (text, note) = auto(b"\xef\xbb\xbfTitle \x92\xa3\n");
    assert_eq!(text, "Title \n");
    assert_eq!(note, stray((1, 7), 2));
    let bytes = ["Café crème, déjà vu: naïve résumé ".as_bytes(), b"\x92 fin"].concat();
    let (text, note) = auto(&bytes);
    assert_eq!(text, "Café crème, déjà vu: naïve résumé  fin");
    assert_eq!(stray_bytes(note), Some(1), "{note:?}");
}

#[test]
fn a_single_c1_byte_in_ascii_text_is_dropped_not_read_as_windows_1252() {
    let (text, note) = auto(b"Markets\n\nAnalysts said the\x9b31m outlook was calm.\n");
    assert_eq!(text, "Markets\n\nAnalysts said the31m outlook was calm.\n");
    assert_eq!(note, stray((3, 18), 1));
}

#[test]
fn a_few_c1_bytes_do_not_turn_utf8_quotes_and_dashes_into_mojibake() {
    let bytes = [
        "Markets \u{2014} \u{201c}calm\u{201d}\n\nThe".as_bytes(),
        b"\x9b31m outlook\x85",
    ]
    .concat();
    let (text, note) = auto(&bytes);
    assert_eq!(
        text,
        "Markets \u{2014} \u{201c}calm\u{201d}\n\nThe31m outlook"
    );
    assert_eq!(stray_bytes(note), Some(2), "{note:?}");
}

#[test]
fn two_legacy_bytes_in_ascii_text_are_still_a_legacy_encoding() {
    let (text, note) = auto(b"Prices\n\nThe bank\x92s fee is \x80 5.\n");
    assert_eq!(text, "Prices\n\nThe bank\u{2019}s fee is \u{20ac} 5.\n");
    assert_eq!(note, guessed("windows-1252"));
}

#[test]
fn the_guess_looks_past_megabytes_of_ascii_and_reads_a_bounded_window() {
    let mut bytes = "Long Story\n".as_bytes().to_vec();
    bytes.extend(b"plain words here\n".repeat(200_000));
    let bad = bytes.len();
    bytes.extend(b"The bank\x92s \x80 cost\n".repeat(10_000));
    let (window, ends_file) = detection_window(&bytes, bad);
    assert_eq!(window.len(), DETECT_WINDOW);
    assert!(!ends_file);
    let (text, note) = auto(&bytes);
    assert!(text.ends_with("The bank’s € cost\n"));
    assert_eq!(note, guessed("windows-1252"));
}

#[test]
fn labels_are_whatwg_labels_or_auto() {
    assert_eq!(Decoding::from_label("auto"), Some(Decoding::Auto));
    assert_eq!(Decoding::from_label("UTF-8"), Some(Decoding::Utf8));
    assert_eq!(Decoding::from_label("utf8"), Some(Decoding::Utf8));
    assert_eq!(
        Decoding::from_label("latin1"),
        Some(Decoding::Forced(encoding_rs::WINDOWS_1252))
    );
    assert_eq!(
        Decoding::from_label("gb2312"),
        Some(Decoding::Forced(encoding_rs::GBK))
    );
    for bad in ["", "klingon", "iso-2022-kr", "replacement"] {
        assert_eq!(Decoding::from_label(bad), None, "{bad:?}");
    }
}

#[test]
fn notes_read_as_one_line_warnings() {
    let note = guessed("windows-1252").unwrap();
    assert_eq!(
        note.to_string(),
        "not UTF-8: read as windows-1252 (guessed)"
    );
    let note = DecodeNote::Legacy {
        encoding: encoding_rs::SHIFT_JIS,
        reason: Reason::Configured,
        replaced: true,
    };
    assert_eq!(
        note.to_string(),
        "not UTF-8: read as Shift_JIS (encoding in config); some bytes decoded with U+FFFD"
    );
    let note = DecodeNote::Legacy {
        encoding: encoding_rs::UTF_16LE,
        reason: Reason::ByteOrderMark,
        replaced: false,
    };
    assert_eq!(
        note.to_string(),
        "not UTF-8: read as UTF-16LE (byte order mark)"
    );
    let note = DecodeNote::InvalidUtf8 { at: (3, 5) };
    assert_eq!(
        note.to_string(),
        "invalid UTF-8 at line 3, column 5; decoded with U+FFFD"
    );
    let note = DecodeNote::StrayBytes {
        at: (3, 5),
        bytes: 2,
    };
    assert_eq!(
        note.to_string(),
        "invalid UTF-8 at line 3, column 5; 2 stray bytes dropped"
    );
}
