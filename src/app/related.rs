//! The related-links pane's row maths: which line shows which row, where the headings are.
//! `update` needs them for paging and mouse hit-testing, and `ui` draws with the same numbers.

use super::views::RelatedRow;
use crate::domain::worker::SIMILAR_STORIES;

/// Lines of the related-links pane for an article with `outgoing` links and `backlinks`:
/// the links (or a placeholder), the "Linked from" heading, the backlinks, the "Similar"
/// heading and room for the similar stories. The room is kept while they are being found,
/// so that the panes do not move when they land.
pub fn related_lines(outgoing: usize, backlinks: usize) -> usize {
    let counts = RelatedCounts {
        outgoing,
        backlinks,
        similar: 0,
    };
    counts.similar_heading() + 1 + SIMILAR_STORIES
}

/// The related-links pane's sections, by how many rows each has: outgoing links (a
/// placeholder line when there are none), a heading, backlinks, a heading, similar stories (a
/// placeholder line while they are found, or when there are none). A story with neither links
/// nor backlinks says so on one line, leaving the room to the similar stories. Lines are plain
/// numbers counted from the pane's first line, rows are `RelatedRow`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RelatedCounts {
    pub outgoing: usize,
    pub backlinks: usize,
    pub similar: usize,
}

impl RelatedCounts {
    /// Rows over all sections.
    pub fn rows(self) -> usize {
        self.outgoing + self.backlinks + self.similar
    }

    /// Neither links nor backlinks: one line says so, with no "Linked from" heading.
    pub fn unlinked(self) -> bool {
        self.outgoing == 0 && self.backlinks == 0
    }

    /// The line of the "Linked from" heading (none when [`RelatedCounts::unlinked`]).
    pub fn backlinks_heading(self) -> Option<usize> {
        (!self.unlinked()).then_some(self.outgoing.max(1))
    }

    /// The line of the "Similar" heading.
    pub fn similar_heading(self) -> usize {
        self.backlinks_heading()
            .map_or(1, |heading| heading + 1 + self.backlinks)
    }

    /// The pane line showing `row`.
    pub fn item_line(self, row: RelatedRow) -> usize {
        let backlinks_end = self.outgoing + self.backlinks;
        if row.0 < self.outgoing {
            row.0
        } else if row.0 < backlinks_end {
            self.outgoing.max(1) + 1 + (row.0 - self.outgoing)
        } else {
            self.similar_heading() + 1 + (row.0 - backlinks_end)
        }
    }

    /// The row shown on pane line `line`, if any (headings and placeholders are not rows).
    pub fn item_at_line(self, line: usize) -> Option<RelatedRow> {
        if line < self.outgoing {
            return Some(RelatedRow(line));
        }
        if let Some(heading) = self.backlinks_heading() {
            let backlink = line.checked_sub(heading + 1)?;
            if backlink < self.backlinks {
                return Some(RelatedRow(self.outgoing + backlink));
            }
        }
        let similar = line.checked_sub(self.similar_heading() + 1)?;
        (similar < self.similar).then_some(RelatedRow(self.outgoing + self.backlinks + similar))
    }

    /// First visible pane line: just enough scroll to keep the cursor's line on screen.
    pub fn scroll_offset(self, cursor: Option<RelatedRow>, height: usize) -> usize {
        let line = cursor.map_or(0, |row| self.item_line(row));
        (line + 1).saturating_sub(height.max(1))
    }
}
