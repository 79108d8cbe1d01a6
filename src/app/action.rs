//! Everything that can change the app's state. Keys, mouse events and resizes are first turned
//! into an `Action`; [`super::App::update`] is the only place that acts on one.

/// One change request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Action {
    /// Leave readmore.
    Quit,
    /// Move focus to the next pane (list → reader → links).
    FocusNext,
    /// Move focus to the previous pane.
    FocusPrev,
    /// Move the selection down, or scroll the reader one line.
    Down,
    /// Move the selection up, or scroll the reader one line.
    Up,
    /// One page down in the focused pane.
    PageDown,
    /// One page up in the focused pane.
    PageUp,
    /// Go to the first row (or the top of the article).
    Top,
    /// Go to the last row (or the end of the article).
    Bottom,
    /// Open the selected article (list) or follow the selected link (reader, links).
    Open,
    /// Select the next `Read More` link of the open article.
    NextLink,
    /// Select the previous `Read More` link of the open article.
    PrevLink,
    /// Follow link N (1-based) of the open article.
    FollowLink(usize),
    /// Back to the previous article in history.
    Back,
    /// Forward again in history.
    Forward,
    /// Open the title search line.
    Search,
    /// Open the full-text search line (titles and paragraphs).
    FullTextSearch,
    /// Scroll the reader to the next hit of the last full-text search.
    NextHit,
    /// Scroll the reader to the previous hit of the last full-text search.
    PrevHit,
    /// Show or hide the key help.
    Help,
    /// Mark the selected (list) or open article read or unread.
    ToggleRead,
    /// Star or unstar the selected (list) or open article.
    ToggleStar,
    /// Show only unread articles in the list, or all again.
    FilterUnread,
    /// Show only starred articles in the list, or all again.
    FilterStarred,
    /// The terminal now has this many columns and rows.
    Resize { width: u16, height: u16 },
    /// A mouse click at a screen cell.
    Click { column: u16, row: u16 },
    /// The mouse wheel turned over a screen cell.
    Scroll { column: u16, row: u16, down: bool },
    /// Show a message in the status bar: a warning from outside the app, such as the reading
    /// state that could not be saved or live reload that stopped.
    Notify(String),
    /// Article files changed on disk (from the folder watcher): re-read them.
    FilesChanged(Vec<std::path::PathBuf>),
    /// A character typed into the open search line.
    SearchInput(char),
    /// Text pasted into the open search line, searched once rather than per character.
    SearchPaste(String),
    /// Delete the last character of the search query.
    SearchDeleteChar,
    /// Delete the last word of the search query.
    SearchDeleteWord,
    /// Leave the search and restore the list as it was.
    SearchCancel,
    /// Open the selected search result.
    SearchAccept,
    /// The background search answered request `generation` with these matches: best first
    /// when `complete`, else a quick first few in path order while the ranking runs.
    SearchResults {
        generation: u64,
        ids: Vec<crate::library::ArticleId>,
        complete: bool,
    },
}
