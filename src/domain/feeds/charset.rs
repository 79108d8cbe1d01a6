//! Bytes from the network as UTF-8 text: the encoding comes from a byte-order mark, else the
//! HTTP `charset`, else the document's own declaration (XML prolog, HTML `<meta>`), else
//! UTF-8. Undecodable bytes become U+FFFD, never an error.

use encoding_rs::{Encoding, UTF_8};

/// How far into a document its encoding declaration is looked for.
const SNIFF_BYTES: usize = 1024;

/// The `charset` parameter of a `Content-Type` header.
fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("charset"))
            .then(|| Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes()))
            .flatten()
    })
}

/// The encoding a document declares in its first bytes: `<?xml … encoding="…"?>`,
/// `<meta charset="…">` or `<meta http-equiv content="…; charset=…">`.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    for marker in ["encoding=", "charset="] {
        if let Some(at) = head.find(marker) {
            let rest = head[at + marker.len()..].trim_start_matches(['"', '\'', ' ']);
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
                .unwrap_or(rest.len());
            if let Some(encoding) = Encoding::for_label(&rest.as_bytes()[..end]) {
                return Some(encoding);
            }
        }
    }
    None
}

/// `bytes` decoded to UTF-8, the encoding found as the module says.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let (encoding, bom) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, bom),
        None => {
            let encoding = (content_type.and_then(header_charset))
                .or_else(|| declared(bytes))
                .unwrap_or(UTF_8);
            (encoding, 0)
        }
    };
    // UTF-16 declared inside the document cannot be read as ASCII: it was a mislabel.
    let encoding = encoding.output_encoding();
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
    text.into_owned()
}

/// XML text, already decoded, with its prolog saying UTF-8 so the XML parser reads it as it is.
pub fn declare_utf8(xml: String) -> String {
    let trimmed = xml.trim_start();
    if !trimmed.starts_with("<?xml") {
        return xml;
    }
    let Some(end) = trimmed.find("?>") else {
        return xml;
    };
    let start = xml.len() - trimmed.len();
    let prolog = &trimmed[..end];
    let Some(at) = prolog.find("encoding") else {
        return xml;
    };
    let after = &prolog[at..];
    let Some(quote_at) = after.find(['"', '\'']) else {
        return xml;
    };
    let quote = after.as_bytes()[quote_at] as char;
    let Some(close) = after[quote_at + 1..].find(quote) else {
        return xml;
    };
    let value_start = start + at + quote_at + 1;
    let value_end = value_start + close;
    format!("{}UTF-8{}", &xml[..value_start], &xml[value_end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_the_prolog_and_the_bom_choose_the_encoding() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>caf\xe9</t>";
        assert!(decode(latin, None).contains("café"));
        assert!(decode(latin, Some("text/xml; charset=\"windows-1251\"")).contains("cafй"));
        let cyrillic = b"<meta charset=windows-1251><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode(cyrillic, Some("text/html")).contains("Привет"));
        let bom = b"\xef\xbb\xbf<?xml version='1.0' encoding='ISO-8859-1'?><t>\xc3\xa9</t>";
        assert!(decode(bom, Some("text/xml; charset=latin1")).contains("<t>é</t>"));
        assert!(decode(b"plain \xff", None).contains('\u{fffd}'));
    }

    #[test]
    fn the_prolog_is_rewritten_to_utf8() {
        let xml = "<?xml version=\"1.0\" encoding='ISO-8859-1' ?><rss/>".to_owned();
        assert_eq!(
            declare_utf8(xml),
            "<?xml version=\"1.0\" encoding='UTF-8' ?><rss/>"
        );
        assert_eq!(declare_utf8("<rss/>".to_owned()), "<rss/>");
    }
}
