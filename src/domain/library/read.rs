//! Reading one article file, under the rules that keep a hostile folder harmless: only
//! regular files (or links to them, as `follow_symlinks` allows), opened without blocking,
//! never past `max_article_bytes`. Loading, [`super::Library::body`] and the windows of
//! [`super::Library::open_body`] all open files this way.
//!
//! A file of up to [`READ_WHOLE_MAX`] bytes is read whole and parsed; a larger one is read a
//! line at a time ([`crate::domain::article::stream`]), so that loading it holds a line, not the file.

use std::fs::File;
use std::path::Path;

use super::LoadOptions;
use super::beneath::{Opened, Walk, open_below};
use super::cache::Key;
use super::hash::TextHasher;
use crate::domain::article::stream::{self, Lines, Pieces, StreamError};
use crate::domain::article::{self, Article, Block, LineParser, Piece};

/// Files up to this size are read whole; larger ones a line at a time.
pub const READ_WHOLE_MAX: u64 = 8 * 1024 * 1024;

/// A file opened under the rules, a regular file within the size limit.
pub(super) struct OpenedArticle {
    pub(super) file: File,
    /// The key of the file opened (the target of a link).
    pub(super) key: Key,
    /// Whether the path was a symbolic link, whose target can change under an unchanged key.
    pub(super) through_link: bool,
}

/// What loading keeps of a file: read and parsed, its text dropped.
pub(super) struct Scanned {
    pub(super) title: String,
    /// The targets of its `Read More:` lines, in order.
    pub(super) links: Vec<String>,
    /// [`super::hash::text_hash`] of the article.
    pub(super) hash: u64,
    /// How the file was decoded, when it was not UTF-8.
    pub(super) warning: Option<String>,
    pub(super) key: Key,
    pub(super) through_link: bool,
}

/// Why a file was not read as an article.
pub(super) struct Failure {
    pub(super) reason: String,
    /// The key of the file when the reason lies in its content (no title, too large), so
    /// that it can be cached: unlike a failure to open, it holds until the file changes.
    pub(super) key: Option<Key>,
}

impl From<String> for Failure {
    fn from(reason: String) -> Self {
        Self { reason, key: None }
    }
}

/// Opens the file at `relative` below the canonical folder `inside`, or says why not.
pub(super) fn open_article(
    inside: &Path,
    relative: &[u8],
    options: LoadOptions,
) -> Result<OpenedArticle, Failure> {
    // Opened with no link on the way, without blocking, and checked through the open handle,
    // so a file swapped for a FIFO after listing cannot hang the reader, and one that grew
    // cannot exceed the limit.
    let Opened { file, through_link } =
        open_below(inside, relative, options.follow_symlinks, Walk::available())?;
    let metadata = file.metadata().map_err(|err| err.to_string())?;
    if !metadata.is_file() {
        return Err("not a regular file".to_owned().into());
    }
    let key = Key::of(&metadata);
    if metadata.len() > options.max_article_bytes {
        return Err(too_large(metadata.len(), key, options));
    }
    Ok(OpenedArticle {
        file,
        key,
        through_link,
    })
}

fn too_large(size: u64, key: Key, options: LoadOptions) -> Failure {
    Failure {
        reason: format!(
            "larger than max_article_bytes ({size} > {})",
            options.max_article_bytes
        ),
        key: Some(key),
    }
}

/// Reads and parses the whole file at `relative` below the canonical folder `inside`: the
/// article, or why the file was skipped.
pub(super) fn read_article(
    inside: &Path,
    relative: &[u8],
    options: LoadOptions,
) -> Result<Article, Failure> {
    let opened = open_article(inside, relative, options)?;
    if opened.key.size <= READ_WHOLE_MAX {
        return read_whole(&opened, options).map(|parsed| parsed.article);
    }
    let mut article = Article::default();
    scan(&opened, options, |piece| match piece {
        Piece::Title(title) => article.title = title,
        Piece::Block(block) => article.blocks.push(block),
    })
    .map(|(_, origin)| article.origin = origin)?;
    Ok(article)
}

/// Reads the file at `relative` for the library: its title, links and text hash, never
/// holding more than a line of a large file.
pub(super) fn scan_article(
    inside: &Path,
    relative: &[u8],
    options: LoadOptions,
) -> Result<Scanned, Failure> {
    let opened = open_article(inside, relative, options)?;
    let mut scanned = Scanned {
        title: String::new(),
        links: Vec::new(),
        hash: 0,
        warning: None,
        key: opened.key,
        through_link: opened.through_link,
    };
    let mut hasher = TextHasher::default();
    if opened.key.size <= READ_WHOLE_MAX {
        let parsed = read_whole(&opened, options)?;
        scanned.warning = parsed.decoded.map(|note| note.to_string());
        let article = parsed.article;
        hasher.title(&article.title);
        for block in &article.blocks {
            hasher.block(block);
        }
        scanned.links = (article.blocks.into_iter())
            .filter_map(|block| match block {
                Block::Link(text) => Some(text),
                Block::Paragraph(_) => None,
            })
            .collect();
        scanned.title = article.title;
    } else {
        let (warning, _) = scan(&opened, options, |piece| match piece {
            Piece::Title(title) => {
                hasher.title(&title);
                scanned.title = title;
            }
            Piece::Block(block) => {
                hasher.block(&block);
                if let Block::Link(text) = block {
                    scanned.links.push(text);
                }
            }
        })?;
        scanned.warning = warning;
    }
    scanned.hash = hasher.finish();
    Ok(scanned)
}

/// The whole of a small file, parsed.
fn read_whole(opened: &OpenedArticle, options: LoadOptions) -> Result<article::Parsed, Failure> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(usize::try_from(opened.key.size).unwrap_or(0));
    (&opened.file)
        .take(options.max_article_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| err.to_string())?;
    if bytes.len() as u64 > options.max_article_bytes {
        return Err(too_large(bytes.len() as u64, opened.key, options));
    }
    article::parse_with(&bytes, options.decoding).map_err(|err| Failure {
        reason: err.to_string(),
        key: Some(opened.key),
    })
}

/// Reads a large file a line at a time, handing each title and block to `each`: the decoding
/// note and the header lines when it is an article. A file that grew past the limit while it
/// was read is too large.
fn scan(
    opened: &OpenedArticle,
    options: LoadOptions,
    mut each: impl FnMut(Piece),
) -> Result<(Option<String>, article::Origin), Failure> {
    // A failure to read is not cached; a file that is no article is, until it changes.
    let content = |err: StreamError| Failure {
        key: matches!(err, StreamError::Parse(_)).then_some(opened.key),
        reason: err.to_string(),
    };
    let end = options.max_article_bytes.saturating_add(1);
    let decided =
        stream::decide(&opened.file, options.decoding, end).map_err(|err| content(err.into()))?;
    let mut pieces = Pieces {
        lines: Lines::new(&opened.file, decided, 0, end),
        parser: LineParser::default(),
    };
    while let Some((_, piece)) = pieces.next_piece().map_err(content)? {
        each(piece);
    }
    if pieces.lines.offset() > options.max_article_bytes {
        return Err(too_large(pieces.lines.offset(), opened.key, options));
    }
    let note = decided.note(pieces.lines.counts());
    Ok((note.map(|note| note.to_string()), pieces.parser.origin))
}
