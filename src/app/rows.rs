//! The panes' row numbers, each its own index type, so that a list row can never be used as
//! a related row, a link or a display line. A leaf: the panes and what asks things of them
//! (`component`) all name them.

use crate::domain::wrap::LinkIndex;

/// A row of the list pane: an index into the articles it shows (or into the search results),
/// not an article id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ListRow(pub usize);

/// A row of the related-links pane: the article's outgoing links first, then its backlinks,
/// then the stories similar to it. The headings between the groups are not rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RelatedRow(pub usize);

impl RelatedRow {
    /// The outgoing link shown on this row, given the article's `outgoing` link count.
    pub fn link(self, outgoing: usize) -> Option<LinkIndex> {
        (self.0 < outgoing).then_some(LinkIndex(self.0))
    }
}

impl From<LinkIndex> for RelatedRow {
    /// Outgoing links come first, so link `n` is on row `n`.
    fn from(link: LinkIndex) -> Self {
        Self(link.0)
    }
}
