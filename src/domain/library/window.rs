//! An article read in windows, as `less` reads a large file: the blocks from a byte offset,
//! a screenful or so at a time, so that reading a story of any size holds a window of it.
//!
//! The file is opened once, under the rules of every read (`read.rs`), and its decoding is
//! decided from all of its bytes once (a read that only validates UTF-8); each window then
//! reads from its offset to a budget. An article held in memory (a library built from parsed
//! articles) gives windows too, its offsets counting blocks rather than bytes.

use std::sync::Arc;

use super::read::{READ_WHOLE_MAX, open_article};
use super::{ArticleId, BodyError, Library};
use crate::domain::article::stream::{self, Decided, Lines, Pieces, StreamError};
use crate::domain::article::{Article, Block, LineParser, Origin, Piece};

/// How far past twice its budget a head of a large file may read, for its blank lines,
/// markup and header.
const HEAD_SLACK: u64 = 1024 * 1024;

/// An article opened for reading in windows.
pub struct Body {
    path: String,
    text: Text,
}

enum Text {
    File {
        file: std::fs::File,
        decided: Decided,
        /// The file's size when it was opened (or where reading stops, for a head): where its
        /// text ends.
        size: u64,
    },
    Memory(Arc<Article>),
}

/// Where a window's blocks come from.
enum Reading<'a> {
    File(Box<Pieces<'a, std::fs::File>>),
    Memory(&'a Article),
}

/// Some consecutive blocks of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Each block with the offset it starts at.
    pub blocks: Vec<(u64, Block)>,
    /// Where reading began: 0 when the window holds the story's first block.
    pub start: u64,
    /// Where the next window starts: [`Body::size`] when this one runs to the end.
    pub end: u64,
}

impl Library {
    /// Opens article `id` for reading in windows, under the rules of [`Library::body`].
    pub fn open_body(&self, id: ArticleId) -> Result<Body, BodyError> {
        self.open_within(id, u64::MAX)
    }

    /// Opens article `id` to read no further than `within` bytes, its decoding decided from
    /// those bytes alone.
    fn open_within(&self, id: ArticleId, within: u64) -> Result<Body, BodyError> {
        let entry = self.get(id);
        let failed = |reason: String| BodyError {
            path: entry.path().to_owned(),
            reason,
        };
        let text = match entry.article() {
            Some(article) => Text::Memory(Arc::clone(article)),
            None => {
                let opened = open_article(&self.inside, entry.relative(), self.options)
                    .map_err(|failure| failed(failure.reason))?;
                let size = opened.key.size.min(within);
                let decided = stream::decide(&opened.file, self.options.decoding, size)
                    .map_err(|err| failed(err.to_string()))?;
                Text::File {
                    file: opened.file,
                    decided,
                    size,
                }
            }
        };
        Ok(Body {
            path: entry.path().to_owned(),
            text,
        })
    }

    /// Article `id` as [`Library::body`] gives it, but only its blocks up to about `bytes` of
    /// text (at least one): for the work that needs a story's words, not all of them, such as
    /// indexing, a snippet or a peek, so that a huge article costs no more than `bytes`. Of a
    /// file larger than [`READ_WHOLE_MAX`] at most twice `bytes` and a megabyte are read,
    /// decoded as those bytes show.
    pub fn body_head(&self, id: ArticleId, bytes: usize) -> Result<Arc<Article>, BodyError> {
        let small = self.get(id).article().is_some() || self.get(id).size() <= READ_WHOLE_MAX;
        if small {
            let article = self.body(id)?;
            let kept = blocks_within(article.blocks.iter(), bytes);
            if kept == article.blocks.len() {
                return Ok(article);
            }
            let mut head = Article::clone(&article);
            head.blocks.truncate(kept);
            return Ok(Arc::new(head));
        }
        // A head is decoded as its own bytes show, and never reads far past its budget: a
        // peek on the UI thread costs the same whatever the file's size.
        let within = (bytes as u64).saturating_mul(2).saturating_add(HEAD_SLACK);
        self.open_within(id, within)?.head(bytes)
    }
}

/// How many of `blocks` fit in `bytes` of text, at least one.
fn blocks_within<'a>(blocks: impl Iterator<Item = &'a Block>, bytes: usize) -> usize {
    let mut used = 0;
    let mut count = 0;
    for block in blocks {
        if count > 0 && used >= bytes {
            break;
        }
        used += block_len(block);
        count += 1;
    }
    count
}

fn block_len(block: &Block) -> usize {
    match block {
        Block::Paragraph(text) | Block::Link(text) => text.len(),
    }
}

impl Body {
    /// Where the text ends: the file's size, or the number of blocks held in memory.
    pub fn size(&self) -> u64 {
        match &self.text {
            Text::File { size, .. } => *size,
            Text::Memory(article) => article.blocks.len() as u64,
        }
    }

    /// The title, the header and the blocks up to about `bytes` of text.
    pub fn head(&self, bytes: usize) -> Result<Arc<Article>, BodyError> {
        let mut pieces = match self.pieces_from(0)? {
            Reading::File(pieces) => *pieces,
            Reading::Memory(article) => {
                let mut head = Article::clone(article);
                head.blocks
                    .truncate(blocks_within(article.blocks.iter(), bytes));
                return Ok(Arc::new(head));
            }
        };
        let mut article = Article::default();
        let mut used = 0;
        while article.blocks.is_empty() || used < bytes {
            match pieces.next_piece().map_err(|err| self.failed(err))? {
                Some((_, Piece::Title(title))) => article.title = title,
                Some((_, Piece::Block(block))) => {
                    used += block_len(&block);
                    article.blocks.push(block);
                }
                None => break,
            }
        }
        article.origin = std::mem::take(&mut pieces.parser.origin);
        Ok(Arc::new(article))
    }

    /// The header lines of the article (empty for any other than a fetched or saved story).
    pub fn origin(&self) -> Result<Origin, BodyError> {
        Ok(self.head(0)?.origin.clone())
    }

    /// The blocks from the first line that starts at or after `from` (the first block of the
    /// body at 0), up to about `bytes` of text and at least one block when there is one.
    pub fn window(&self, from: u64, bytes: usize) -> Result<Window, BodyError> {
        let mut pieces = match self.pieces_from(from)? {
            Reading::File(pieces) => *pieces,
            Reading::Memory(article) => return Ok(memory_window(article, from, bytes)),
        };
        let mut blocks = Vec::new();
        let mut used = 0;
        while blocks.is_empty() || used < bytes {
            match pieces.next_piece().map_err(|err| self.failed(err))? {
                Some((_, Piece::Title(_))) => {}
                Some((offset, Piece::Block(block))) => {
                    used += block_len(&block);
                    blocks.push((offset, block));
                }
                None => break,
            }
        }
        Ok(Window {
            blocks,
            start: from,
            end: pieces.lines.offset().min(self.size()),
        })
    }

    /// The blocks just before `to` (a window's start, or [`Body::size`] for the article's
    /// end): about `bytes` of text (less only at the start), at least one block when there is
    /// one before `to`.
    pub fn window_before(&self, to: u64, bytes: usize) -> Result<Window, BodyError> {
        let mut back = (bytes as u64).max(1);
        loop {
            let from = to.saturating_sub(back);
            let mut pieces = match self.pieces_from(from)? {
                Reading::File(pieces) => *pieces,
                Reading::Memory(article) => {
                    let to = usize::try_from(to)
                        .unwrap_or(usize::MAX)
                        .min(article.blocks.len());
                    let count = blocks_within(article.blocks[..to].iter().rev(), bytes).min(to);
                    return Ok(memory_window(article, (to - count) as u64, usize::MAX)).map(
                        |mut window| {
                            window.blocks.truncate(count);
                            window.end = to as u64;
                            window
                        },
                    );
                }
            };
            // Only the last `bytes` of what lies between are kept.
            let mut blocks = std::collections::VecDeque::new();
            let mut used = 0;
            while let Some((offset, piece)) = pieces.next_piece().map_err(|err| self.failed(err))? {
                if offset >= to {
                    break;
                }
                if let Piece::Block(block) = piece {
                    used += block_len(&block);
                    blocks.push_back((offset, block));
                    while blocks.len() > 1 && used - block_len(&blocks[0].1) >= bytes {
                        used -= blocks.pop_front().map_or(0, |(_, block)| block_len(&block));
                    }
                }
            }
            if (!blocks.is_empty() && used >= bytes) || from == 0 {
                return Ok(Window {
                    blocks: blocks.into(),
                    start: from,
                    end: to,
                });
            }
            back = back.saturating_mul(2);
        }
    }

    /// The title and blocks from the first line start at or after `from`.
    fn pieces_from(&self, from: u64) -> Result<Reading<'_>, BodyError> {
        let (file, decided, size) = match &self.text {
            Text::Memory(article) => return Ok(Reading::Memory(article)),
            Text::File {
                file,
                decided,
                size,
            } => (file, *decided, *size),
        };
        if from == 0 {
            return Ok(Reading::File(Box::new(Pieces {
                lines: Lines::new(file, decided, 0, size),
                parser: LineParser::default(),
            })));
        }
        let lines = Lines::starting_near(file, decided, from, size)
            .map_err(|err| self.failed(err.into()))?;
        Ok(Reading::File(Box::new(Pieces {
            lines,
            parser: LineParser::in_body(),
        })))
    }

    fn failed(&self, err: StreamError) -> BodyError {
        BodyError {
            path: self.path.clone(),
            reason: err.to_string(),
        }
    }
}

/// [`Body::window`] of an article held in memory: offsets are block numbers.
fn memory_window(article: &Article, from: u64, bytes: usize) -> Window {
    let start = usize::try_from(from)
        .unwrap_or(usize::MAX)
        .min(article.blocks.len());
    let rest = &article.blocks[start..];
    let count = if rest.is_empty() {
        0
    } else {
        blocks_within(rest.iter(), bytes)
    };
    Window {
        blocks: (rest[..count].iter().enumerate())
            .map(|(at, block)| ((start + at) as u64, block.clone()))
            .collect(),
        start: start as u64,
        end: (start + count) as u64,
    }
}

#[cfg(test)]
mod tests;
