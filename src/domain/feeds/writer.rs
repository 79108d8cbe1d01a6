//! Writing one story as an article file in the seed's format.
//!
//! The file is the title, the header lines ([`crate::domain::article::Origin`]: `Source:`,
//! `Published:`, `Feed:`), a blank line, then one paragraph per line, each followed by a
//! `Read More: <title>` line for every link it held to a story the library already has. Links
//! to anything else stay plain text: no dangling Read More. Names are built from the date and
//! an ASCII slug of the title, so no item can name a path outside its folder.

use std::io;
use std::path::{Component, Path};

use chrono::{DateTime, SecondsFormat, Utc};

use super::files::write_article_file;
use super::links::StoryIndex;
use crate::domain::sanitize::sanitize;

/// Longest title written, in characters: a 100 kB title is a hostile feed, not a headline.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest slug in a file name, in bytes (ASCII).
const MAX_SLUG: usize = 80;
/// An untitled item's title is its first sentence, cut to this many characters.
const UNTITLED_CHARS: usize = 80;

/// One paragraph of a story and the absolute URLs of the links it held, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub links: Vec<String>,
}

/// The feed a story came from, for its `Feed:` line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedRef {
    pub title: String,
    pub url: String,
}

/// A story ready to be written: what fetch makes of a feed item, and `save` of a web page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleDraft {
    /// The folder below the library, relative (`News/World` is two levels).
    pub folder: String,
    /// The title as the feed or page gave it; [`clean_title`] is applied when writing, and an
    /// empty title becomes the first sentence of the text.
    pub title: String,
    pub paragraphs: Vec<Paragraph>,
    /// The URL of the story's page.
    pub source: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub feed: Option<FeedRef>,
}

/// Where a story was written: its path relative to the library, `/`-separated, and the
/// hash of the bytes written (see [`content_hash`]), to tell later whether the user edited it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: String,
    pub hash: u64,
    /// The title as written, which `Read More:` lines to the story must name.
    pub title: String,
}

/// A draft that cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("folder {0:?} is not a plain relative folder")]
    Folder(String),
    #[error("{path}: {error}")]
    Io { path: String, error: io::Error },
}

/// The hash kept for a written file: xxh3 of its bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A title as one line of text: control characters and escapes dropped, whitespace collapsed,
/// at most [`MAX_TITLE_CHARS`] characters.
pub fn clean_title(raw: &str) -> String {
    let words: Vec<&str> = raw.split_whitespace().collect();
    let line = sanitize(&words.join(" "));
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    shorten(&line, MAX_TITLE_CHARS)
}

/// The first sentence of `text`, shortened: the title of an item that has none.
pub fn title_from_text(text: &str) -> String {
    let text = clean_title(text);
    let end = text
        .char_indices()
        .find(|&(at, c)| matches!(c, '.' | '!' | '?') && text[at + 1..].starts_with(' '))
        .map_or(text.len(), |(at, c)| at + c.len_utf8());
    shorten(&text[..end], UNTITLED_CHARS)
}

/// `text` cut at a word boundary to at most `max` characters, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// An ASCII file-name part from `text`: letters and digits lowercased, everything else one
/// `-`, at most `max` bytes. Empty when `text` has no ASCII letter or digit.
pub fn slug(text: &str, max: usize) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= max {
            break;
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Whether `folder` is a relative path of plain names (no `..`, no root, no hidden name).
fn is_plain_folder(folder: &str) -> bool {
    !folder.is_empty()
        && Path::new(folder).components().all(|part| {
            matches!(part, Component::Normal(name)
                if !name.to_string_lossy().starts_with('.'))
        })
}

/// A paragraph's text as one safe line: control characters dropped, whitespace collapsed.
/// A line the parser would take for a link (or, first, for a header line) gets a `» ` so it
/// stays the text it was.
fn paragraph_line(text: &str, first: bool) -> Option<String> {
    let line = sanitize(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return None;
    }
    let lower = line.get(..10).unwrap_or(&line).to_ascii_lowercase();
    let reserved = lower.starts_with("read more:")
        || (first
            && ["source:", "published:", "feed:"]
                .iter()
                .any(|p| lower.starts_with(p)));
    Some(if reserved { format!("» {line}") } else { line })
}

/// The title a draft is written under.
pub fn draft_title(draft: &ArticleDraft) -> String {
    let title = clean_title(&draft.title);
    if !title.is_empty() {
        return title;
    }
    let first = draft
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .find(|t| !t.trim().is_empty());
    match first.map(title_from_text) {
        Some(title) if !title.is_empty() => title,
        _ => "Untitled".to_owned(),
    }
}

/// The text of the article file for `draft`, links resolved through `stories`.
pub fn render(draft: &ArticleDraft, stories: &StoryIndex) -> String {
    let title = draft_title(draft);
    let mut text = format!("{title}\n");
    let header_value = |value: &str| clean_title(value);
    if let Some(source) = &draft.source {
        text.push_str(&format!("Source: {}\n", header_value(source)));
    }
    if let Some(published) = &draft.published {
        let date = published.to_rfc3339_opts(SecondsFormat::Secs, true);
        text.push_str(&format!("Published: {date}\n"));
    }
    if let Some(feed) = &draft.feed {
        let line = format!("{} {}", header_value(&feed.title), header_value(&feed.url));
        text.push_str(&format!("Feed: {}\n", line.trim()));
    }
    let own = draft.source.as_deref().map(super::links::normalise);
    let mut first = true;
    for paragraph in &draft.paragraphs {
        let Some(line) = paragraph_line(&paragraph.text, first) else {
            continue;
        };
        first = false;
        text.push('\n');
        text.push_str(&line);
        text.push('\n');
        let mut named: Vec<&str> = Vec::new();
        for link in &paragraph.links {
            if own.as_deref() == Some(super::links::normalise(link).as_str()) {
                continue;
            }
            if let Some(target) = stories.title_of(link)
                && !named.contains(&target)
                && target != title
            {
                named.push(target);
                text.push_str(&format!("Read More: {target}\n"));
            }
        }
    }
    text
}

/// Writes `draft` as a new file in `<library>/<folder>/`, named `<date>-<slug>.txt` (`-2`,
/// `-3`… when taken; never replacing a file), atomically, its modification time set to the
/// publication date so that "newest first" sorts by it.
pub fn write_article(
    library: &Path,
    draft: &ArticleDraft,
    stories: &StoryIndex,
) -> Result<Written, WriteError> {
    if !is_plain_folder(&draft.folder) {
        return Err(WriteError::Folder(draft.folder.clone()));
    }
    let folder = library.join(&draft.folder);
    let io_error = |path: &Path, error| WriteError::Io {
        path: path.display().to_string(),
        error,
    };
    std::fs::create_dir_all(&folder).map_err(|err| io_error(&folder, err))?;
    let text = render(draft, stories);
    let title = draft_title(draft);
    let date = draft.published.unwrap_or_else(Utc::now).format("%Y-%m-%d");
    let slug = match slug(&title, MAX_SLUG) {
        slug if slug.is_empty() => "story".to_owned(),
        slug => slug,
    };
    let modified = draft.published.map(std::time::SystemTime::from);
    for n in 1..10_000 {
        let name = match n {
            1 => format!("{date}-{slug}.txt"),
            n => format!("{date}-{slug}-{n}.txt"),
        };
        let path = folder.join(&name);
        match write_article_file(&path, text.as_bytes(), modified, false) {
            Ok(()) => {
                return Ok(Written {
                    path: format!("{}/{name}", draft.folder.trim_end_matches('/')),
                    hash: content_hash(text.as_bytes()),
                    title,
                });
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(io_error(&path, err)),
        }
    }
    Err(io_error(&folder, io::Error::other("no free file name")))
}

/// Replaces the file at `relative` (below `library`) with `draft`'s text, atomically.
pub fn rewrite_article(
    library: &Path,
    relative: &str,
    draft: &ArticleDraft,
    stories: &StoryIndex,
) -> Result<Written, WriteError> {
    let path = library.join(relative);
    let text = render(draft, stories);
    let modified = draft.published.map(std::time::SystemTime::from);
    write_article_file(&path, text.as_bytes(), modified, true).map_err(|error| WriteError::Io {
        path: path.display().to_string(),
        error,
    })?;
    Ok(Written {
        path: relative.to_owned(),
        hash: content_hash(text.as_bytes()),
        title: draft_title(draft),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::article::{Block, parse};

    fn draft(title: &str, paragraphs: &[(&str, &[&str])]) -> ArticleDraft {
        ArticleDraft {
            folder: "news".into(),
            title: title.into(),
            paragraphs: (paragraphs.iter())
                .map(|(text, links)| Paragraph {
                    text: (*text).into(),
                    links: links.iter().map(|l| (*l).into()).collect(),
                })
                .collect(),
            source: Some("https://ex.com/a".into()),
            published: Some("2024-03-04T05:06:07Z".parse().unwrap()),
            feed: Some(FeedRef {
                title: "Ex News".into(),
                url: "https://ex.com/feed".into(),
            }),
        }
    }

    #[test]
    fn a_written_story_parses_back_with_its_origin_and_read_more_links() {
        let dir = tempfile::tempdir().unwrap();
        let mut stories = StoryIndex::default();
        stories.insert("https://ex.com/b", "Story B", None);
        let d = draft(
            "Story  A\u{1b}[31m",
            &[
                ("See B and C.", &["https://ex.com/b#x", "https://ex.com/c"]),
                ("Read more: nothing", &[]),
            ],
        );
        let written = write_article(dir.path(), &d, &stories).unwrap();
        assert_eq!(written.path, "news/2024-03-04-story-a.txt");
        let bytes = std::fs::read(dir.path().join(&written.path)).unwrap();
        assert_eq!(written.hash, content_hash(&bytes));
        let article = parse(&bytes).unwrap().article;
        assert_eq!(article.title, "Story A");
        assert_eq!(article.origin.source.as_deref(), Some("https://ex.com/a"));
        assert_eq!(
            article.origin.published.as_deref(),
            Some("2024-03-04T05:06:07Z")
        );
        assert_eq!(article.origin.feed.unwrap().url, "https://ex.com/feed");
        assert_eq!(
            article.blocks,
            vec![
                Block::Paragraph("See B and C.".into()),
                Block::Link("Story B".into()),
                Block::Paragraph("» Read more: nothing".into()),
            ]
        );
        let modified = std::fs::metadata(dir.path().join(&written.path))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(modified, std::time::SystemTime::from(d.published.unwrap()));
    }

    #[test]
    fn hostile_titles_make_safe_names_and_collisions_get_a_suffix() {
        let dir = tempfile::tempdir().unwrap();
        let stories = StoryIndex::default();
        for title in ["../../etc/passwd", "/etc/passwd", "..", "Ünïcode 日本"] {
            let written =
                write_article(dir.path(), &draft(title, &[("x", &[])]), &stories).unwrap();
            assert!(
                written.path.starts_with("news/2024-03-04-"),
                "{}",
                written.path
            );
            assert!(!written.path[5..].contains('/') && !written.path.contains(".."));
        }
        let names: Vec<String> = std::fs::read_dir(dir.path().join("news"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.contains(&"2024-03-04-etc-passwd-2.txt".to_owned()),
            "{names:?}"
        );
        assert_eq!(names.len(), 4);
        let long = "word ".repeat(20_000);
        let written = write_article(dir.path(), &draft(&long, &[]), &stories).unwrap();
        assert!(written.title.chars().count() <= MAX_TITLE_CHARS);
        assert!(written.path.len() < 120);
        let bad = ArticleDraft {
            folder: "../out".into(),
            ..draft("t", &[])
        };
        assert!(matches!(
            write_article(dir.path(), &bad, &stories),
            Err(WriteError::Folder(_))
        ));
    }

    #[test]
    fn an_untitled_story_is_named_by_its_first_sentence() {
        let d = draft("  ", &[("The council met. It voted no.", &[])]);
        assert_eq!(draft_title(&d), "The council met.");
        let long = "a".repeat(200);
        assert_eq!(title_from_text(&long).chars().count(), UNTITLED_CHARS);
    }
}
