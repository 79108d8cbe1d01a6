//! Subscription lists in and out: OPML 1.0/2.0 (what every feed reader exports) and newsboat's
//! `urls` file, told apart by their content; and OPML 2.0 out, in the shape `newsboat -i` and
//! other readers import.
//!
//! OPML is read with quick-xml, which never expands an entity a document declares (so a
//! "billion laughs" file is an error, not a gigabyte) and never opens an external one: only the
//! five predefined entities and character references are decoded.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use quick_xml::XmlVersion;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// One feed found in a subscription list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListedFeed {
    /// The feed's own address (`xmlUrl`, or the URL at the start of a `urls` line).
    pub url: String,
    /// The name the list gives it (`title`, else `text`; newsboat's `"~Title"`).
    pub title: Option<String>,
    /// The site the feed belongs to (`htmlUrl`).
    pub site_url: Option<String>,
    /// Where the list files it, outermost first: the titles of the OPML outlines around it, or
    /// a newsboat line's tags in their order.
    pub categories: Vec<String>,
}

/// What a subscription list held: its feeds in order, and a note for every line or outline
/// that was skipped (a newsboat query feed, say), naming the file and line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubscriptionList {
    pub feeds: Vec<ListedFeed>,
    pub notes: Vec<String>,
}

/// The two kinds of list, told apart by content: OPML begins with `<`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Opml,
    NewsboatUrls,
}

/// A list that cannot be read; the message names the file and, where it can, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ListError {}

/// Which kind of list `text` is: OPML when its first non-blank character opens a tag.
pub fn detect(text: &str) -> ListKind {
    match text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        true => ListKind::Opml,
        false => ListKind::NewsboatUrls,
    }
}

/// Reads a subscription list of either kind from the bytes of `file` (which only names it in
/// messages). OPML in another encoding is decoded by its BOM or XML declaration; a `urls` file
/// must be UTF-8, as newsboat writes it.
pub fn parse(bytes: &[u8], file: &Path) -> Result<SubscriptionList, ListError> {
    let text = decode(bytes).map_err(|(line, message)| ListError {
        file: file.to_owned(),
        line: Some(line),
        message,
    })?;
    match detect(&text) {
        ListKind::Opml => parse_opml(&text, file),
        ListKind::NewsboatUrls => parse_urls(&text, file),
    }
}

/// The text of a list: by its BOM, else by the encoding an XML declaration names, else UTF-8
/// (an invalid byte is an error at its line, not a silent replacement).
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, (usize, String)> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(encoding.decode_without_bom_handling(&bytes[bom..]).0);
    }
    if let Some(encoding) = declared_encoding(bytes)
        && encoding != encoding_rs::UTF_8
    {
        return Ok(encoding.decode_without_bom_handling(bytes).0);
    }
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|err| {
            let (line, _) = crate::domain::sanitize::line_column(bytes, err.valid_up_to());
            (line, "not UTF-8 text".to_owned())
        })
}

/// The encoding named by `<?xml … encoding="…"?>` at the start of `bytes`, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(256)];
    let head = String::from_utf8_lossy(head);
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let label = &after[1..][..after[1..].find(quote)?];
    encoding_rs::Encoding::for_label(label.as_bytes())
}

fn parse_opml(text: &str, file: &Path) -> Result<SubscriptionList, ListError> {
    let error = |position: u64, message: String| ListError {
        file: file.to_owned(),
        line: Some(line_of(text, position)),
        message,
    };
    let mut reader = Reader::from_str(text);
    let mut list = SubscriptionList::default();
    // The titles of the open outlines that are not feeds (folders); `None` for an open feed
    // outline, so that its end pops the right entry.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut root_seen = false;
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|err| {
            error(
                reader.error_position(),
                format!("not well-formed XML: {err}"),
            )
        })?;
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let is_empty = matches!(event, Event::Empty(_));
                let name = tag.local_name();
                if !root_seen {
                    if name.as_ref() != b"opml" {
                        let found = String::from_utf8_lossy(name.as_ref()).into_owned();
                        return Err(error(
                            position,
                            format!("not OPML: the document is <{found}>"),
                        ));
                    }
                    root_seen = true;
                    continue;
                }
                if name.as_ref() != b"outline" {
                    continue;
                }
                let outline =
                    outline_attributes(tag).map_err(|message| error(position, message))?;
                let entry = match outline.xml_url {
                    Some(url) => {
                        list.feeds.push(ListedFeed {
                            url,
                            title: outline.title,
                            site_url: outline.html_url,
                            categories: folders.iter().flatten().cloned().collect(),
                        });
                        None
                    }
                    None => outline.title,
                };
                if !is_empty {
                    folders.push(entry);
                }
            }
            Event::End(ref tag) if tag.local_name().as_ref() == b"outline" => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(ListError {
            file: file.to_owned(),
            line: None,
            message: "not OPML: no <opml> element".to_owned(),
        });
    }
    list.notes.extend(duplicate_notes(&list.feeds, file));
    Ok(list)
}

#[derive(Default)]
struct Outline {
    xml_url: Option<String>,
    html_url: Option<String>,
    title: Option<String>,
}

/// The attributes of one `<outline>` that matter: `xmlUrl`, `htmlUrl`, and the name (`title`,
/// else `text`). Names are cleaned of controls and collapsed to one line; blank values are none.
fn outline_attributes(tag: &BytesStart<'_>) -> Result<Outline, String> {
    let mut outline = Outline::default();
    let mut text = None;
    for attribute in tag.attributes().with_checks(false) {
        let attribute = attribute.map_err(|err| format!("bad attribute: {err}"))?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| format!("bad attribute value: {err}"))?;
        let value = crate::domain::sanitize::one_line(&value);
        if value.is_empty() {
            continue;
        }
        // Readers disagree on case (`xmlurl`, `XMLURL`), so names are compared without it.
        match attribute
            .key
            .local_name()
            .as_ref()
            .to_ascii_lowercase()
            .as_slice()
        {
            b"xmlurl" => outline.xml_url = Some(value),
            b"htmlurl" => outline.html_url = Some(value),
            b"title" => outline.title = Some(value),
            b"text" => text = Some(value),
            _ => {}
        }
    }
    outline.title = outline.title.or(text);
    Ok(outline)
}

/// A note for every feed listed again (the first listing wins).
fn duplicate_notes(feeds: &[ListedFeed], file: &Path) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    feeds
        .iter()
        .filter(|feed| !seen.insert(feed.url.as_str()))
        .map(|feed| {
            format!(
                "{}: {} is listed twice; the first is kept",
                file.display(),
                feed.url
            )
        })
        .collect()
}

fn line_of(text: &str, position: u64) -> usize {
    let offset = usize::try_from(position).unwrap_or(usize::MAX);
    crate::domain::sanitize::line_column(text.as_bytes(), offset).0
}

/// Reads newsboat's `urls` file: one feed per line, its URL then tokens, each a word or a
/// double-quoted string: `"~Name"` names the feed, `"!"` hides it in newsboat (ignored here),
/// anything else is a tag. `#` outside quotes starts a comment. Query, exec and filter feeds
/// are newsboat programs, not addresses, and are skipped with a note.
fn parse_urls(text: &str, file: &Path) -> Result<SubscriptionList, ListError> {
    let mut list = SubscriptionList::default();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let error = |message: String| ListError {
            file: file.to_owned(),
            line: Some(number),
            message,
        };
        let tokens = tokenize(line).map_err(error)?;
        let Some((url, rest)) = tokens.split_first() else {
            continue;
        };
        let scheme = url
            .split_once(':')
            .map(|(scheme, _)| scheme.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("http" | "https") => {}
            Some(kind @ ("query" | "exec" | "filter")) => {
                list.notes.push(format!(
                    "{}:{number}: skipped a {kind}: feed (a newsboat program, not an address)",
                    file.display()
                ));
                continue;
            }
            _ => {
                return Err(error(format!(
                    "not a feed address: {:?}",
                    crate::domain::sanitize::one_line(url)
                )));
            }
        }
        let mut feed = ListedFeed {
            url: url.clone(),
            ..ListedFeed::default()
        };
        for token in rest {
            match token.strip_prefix('~') {
                Some(title) if !title.trim().is_empty() => {
                    feed.title = Some(crate::domain::sanitize::one_line(title));
                }
                Some(_) => {}
                None if token == "!" => {}
                None => feed
                    .categories
                    .push(crate::domain::sanitize::one_line(token)),
            }
        }
        list.feeds.push(feed);
    }
    list.notes.extend(duplicate_notes(&list.feeds, file));
    Ok(list)
}

/// Splits a `urls` line into words and double-quoted strings (`\"` and `\\` escaped inside),
/// dropping a `#` comment.
fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '#' {
            break;
        } else if c == '"' {
            chars.next();
            let mut token = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => token.extend(chars.next()),
                    Some(c) => token.push(c),
                    None => return Err("a quoted string is not closed".to_owned()),
                }
            }
            tokens.push(token);
        } else {
            let mut token = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                token.push(c);
                chars.next();
            }
            tokens.push(token);
        }
    }
    Ok(tokens)
}

/// One feed to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFeed {
    pub url: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
    /// The folder it is filed under; feeds of one folder become one outline around them.
    pub folder: Option<String>,
}

/// An OPML 2.0 document listing `feeds`, grouped by folder (in the order folders first
/// appear). Every value is escaped by quick-xml's writer, and characters XML 1.0 cannot carry
/// at all (controls) are dropped, so any title makes a document other readers accept.
pub fn export(feeds: &[ExportFeed], title: &str) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let result: std::io::Result<()> = (|| {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut opml = BytesStart::new("opml");
        opml.push_attribute(("version", "2.0"));
        writer.write_event(Event::Start(opml))?;
        writer.write_event(Event::Start(BytesStart::new("head")))?;
        writer
            .create_element("title")
            .write_text_content(BytesText::new(&xml_text(title)))?;
        writer.write_event(Event::End(BytesEnd::new("head")))?;
        writer.write_event(Event::Start(BytesStart::new("body")))?;
        let mut folders: Vec<Option<&str>> = Vec::new();
        for feed in feeds {
            if !folders.contains(&feed.folder.as_deref()) {
                folders.push(feed.folder.as_deref());
            }
        }
        for folder in folders {
            let members = feeds.iter().filter(|feed| feed.folder.as_deref() == folder);
            if let Some(name) = folder {
                let name = xml_text(name);
                let mut outline = BytesStart::new("outline");
                outline.push_attribute(("text", name.as_str()));
                outline.push_attribute(("title", name.as_str()));
                writer.write_event(Event::Start(outline))?;
            }
            for feed in members {
                writer.write_event(Event::Empty(feed_outline(feed)))?;
            }
            if folder.is_some() {
                writer.write_event(Event::End(BytesEnd::new("outline")))?;
            }
        }
        writer.write_event(Event::End(BytesEnd::new("body")))?;
        writer.write_event(Event::End(BytesEnd::new("opml")))?;
        Ok(())
    })();
    // Writing into a Vec cannot fail.
    debug_assert!(result.is_ok());
    let mut document = String::from_utf8(writer.into_inner()).unwrap_or_default();
    document.push('\n');
    document
}

fn feed_outline(feed: &ExportFeed) -> BytesStart<'static> {
    let url = xml_text(&feed.url);
    let name = xml_text(feed.title.as_deref().unwrap_or(&feed.url));
    let mut outline = BytesStart::new("outline");
    outline.push_attribute(("type", "rss"));
    outline.push_attribute(("text", name.as_str()));
    outline.push_attribute(("title", name.as_str()));
    outline.push_attribute(("xmlUrl", url.as_str()));
    if let Some(site) = &feed.site_url {
        outline.push_attribute(("htmlUrl", xml_text(site).as_str()));
    }
    outline
}

/// `text` on one line without the characters XML 1.0 forbids or a terminal would act on.
fn xml_text(text: &str) -> String {
    let mut line = crate::domain::sanitize::one_line(text);
    line.retain(|c| !matches!(c, '\u{fffe}' | '\u{ffff}'));
    line
}

#[cfg(test)]
mod tests;
