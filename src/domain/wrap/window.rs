//! A story too large to lay out whole, laid out a window at a time around a place in its
//! file, as `less` pages through a huge file: the reader scrolls inside the window and asks
//! for the next one as it nears an edge.

use super::{
    DisplayLine, LineKind, Targets, Wrapped, WrappedLine, link_label, origin_lines, push_wrapped,
    wrap_head,
};
use crate::domain::article::Block;
use crate::domain::library::{ArticleId, Library};

/// The text a window holds after its place (before it, half as much): some thousands of
/// lines at a reading width, each block at most a line of the file (64 KiB), so that a
/// window always reaches past the block it was asked around.
pub const WINDOW_BYTES: usize = 128 * 1024;

/// Where in the story a window is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Around {
    /// The block at this offset of the file (0: the story's start).
    Offset(u64),
    /// The story's end.
    End,
}

/// Where a laid-out window lies in its story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextWindow {
    /// The file's size.
    pub size: u64,
    /// Whether the window holds the story's first block (and so its title).
    pub at_start: bool,
    /// Whether the window holds the story's last block.
    pub at_end: bool,
    /// Each block's first display line (the blank line before it) and its offset, in order.
    pub blocks: Vec<(DisplayLine, u64)>,
}

impl TextWindow {
    /// The offset of the block that display line `line` belongs to (0 above the first).
    pub fn offset_at(&self, line: DisplayLine) -> u64 {
        let after = self.blocks.partition_point(|(first, _)| *first <= line);
        after.checked_sub(1).map_or(0, |at| self.blocks[at].1)
    }

    /// The first display line of the first block at or after `offset`, if the window holds
    /// one: a place kept as a fraction of the file falls between blocks.
    pub fn line_of(&self, offset: u64) -> Option<DisplayLine> {
        let at = self.blocks.partition_point(|(_, start)| *start < offset);
        self.blocks.get(at).map(|&(line, _)| line)
    }

    /// How far into the story display line `line` is, in percent of the file.
    pub fn percent_at(&self, line: DisplayLine) -> u64 {
        (self.offset_at(line).saturating_mul(100))
            .checked_div(self.size)
            .unwrap_or(0)
    }
}

/// Lays out the window of article `id` around `around` for `width` columns: the blocks
/// before it up to half of [`WINDOW_BYTES`] and after it up to [`WINDOW_BYTES`], with the
/// title when the window starts the story. Links are shown with their targets but are not
/// numbered (the Related pane lists them all). A story that cannot be read is laid out as
/// [`super::wrap_article`] lays it out.
pub fn wrap_window(
    library: &Library,
    id: ArticleId,
    width: usize,
    naming: Targets,
    around: Around,
) -> Wrapped {
    let width = width.max(1);
    let Ok(body) = library.open_body(id) else {
        return wrap_head(library, id, width, naming, 0);
    };
    let size = body.size();
    let parts = match around {
        Around::End => body
            .window_before(size, WINDOW_BYTES)
            .map(|before| (before, None)),
        Around::Offset(0) => body.window(0, WINDOW_BYTES).map(|after| (after, None)),
        Around::Offset(offset) => body
            .window_before(offset, WINDOW_BYTES / 2)
            .and_then(|before| Ok((before, Some(body.window(offset, WINDOW_BYTES)?)))),
    };
    let Ok((first, second)) = parts else {
        return wrap_head(library, id, width, naming, 0);
    };
    let at_start = first.start == 0;
    let end = second.as_ref().map_or(first.end, |second| second.end);
    let origin = body.origin().unwrap_or_default();
    let mut lines = Vec::new();
    if at_start {
        push_wrapped(&mut lines, LineKind::Title, library.get(id).title(), width);
        for line in origin_lines(&origin) {
            push_wrapped(&mut lines, LineKind::Origin, &line, width);
        }
    }
    let mut blocks = Vec::new();
    let windows = [Some(first), second].into_iter().flatten();
    for (offset, block) in windows.flat_map(|window| window.blocks) {
        blocks.push((DisplayLine(lines.len()), offset));
        lines.push(WrappedLine {
            kind: LineKind::Blank,
            text: String::new(),
        });
        let text = match &block {
            Block::Paragraph(text) => text.clone(),
            Block::Link(text) => link_label(library, text, library.find(text), naming),
        };
        push_wrapped(&mut lines, LineKind::Text, &text, width);
    }
    Wrapped {
        article: id,
        width,
        lines,
        link_lines: Vec::new(),
        source: origin.source,
        window: Some(TextWindow {
            size,
            at_start,
            at_end: end >= size,
            blocks,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window() -> TextWindow {
        TextWindow {
            size: 1000,
            at_start: false,
            at_end: false,
            blocks: vec![
                (DisplayLine(0), 100),
                (DisplayLine(4), 300),
                (DisplayLine(9), 500),
            ],
        }
    }

    #[test]
    fn a_display_line_belongs_to_the_block_above_it() {
        let window = window();
        assert_eq!(window.offset_at(DisplayLine(0)), 100);
        assert_eq!(window.offset_at(DisplayLine(3)), 100);
        assert_eq!(window.offset_at(DisplayLine(4)), 300);
        assert_eq!(window.offset_at(DisplayLine(50)), 500);
        assert_eq!(window.percent_at(DisplayLine(5)), 30);
    }

    #[test]
    fn a_block_is_found_by_its_offset_and_an_offset_between_blocks_by_the_next() {
        let window = window();
        assert_eq!(window.line_of(300), Some(DisplayLine(4)));
        assert_eq!(window.line_of(301), Some(DisplayLine(9)));
        assert_eq!(window.line_of(900), None);
    }
}
