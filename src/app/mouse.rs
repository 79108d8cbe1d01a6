//! Clicks and the mouse wheel, hit-tested against the same geometry the panes are drawn with.

/// Lines the mouse wheel scrolls per notch.
pub(super) const WHEEL_LINES: isize = 3;

/// What a click landed on: a second click on the same thing opens or follows it (which makes
/// a double-click do so too, with no clock in `update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClickTarget {
    /// A row of the list (an article, or a search result).
    ListRow(usize),
    /// A `Read More` link in the reading pane.
    ReaderLink(usize),
    /// A row of the related-links pane.
    Related(usize),
}
