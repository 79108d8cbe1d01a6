//! The messages `App::update` acts on, by kind: what the user asked for ([`Command`]), what
//! the user did before it means anything ([`Input`]: a key, a paste, the mouse), what happened
//! around the app ([`Event`]: a resize, time passing, changed files, a warning) and what a
//! worker answered ([`Answer`], the domain's type). The kind decides what a message may do:
//! only the user's commands and input replace the status line's message.
//!
//! It depends on the domain only, never on the app, the UI, the terminal or the config, so
//! that the key map and the config can name commands without depending on the app. A
//! command's name in `config.toml` comes from its variant (`FocusNext` is `focus_next`).

use std::borrow::Cow;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

pub use crate::app::key::Key;
pub use crate::domain::worker::Answer;
pub use crate::domain::wrap::LinkNumber;

/// One message for `App::update`.
#[derive(Debug)]
pub enum Msg {
    Command(Command),
    Input(Input),
    Event(Event),
    Answer(Answer),
}

impl Msg {
    /// Whether the message is the user's (a key, a click): the screen it leaves answers it, so
    /// an older message goes. Resizes, timers, reloads and answers from other threads are not.
    pub fn is_the_users(&self) -> bool {
        matches!(self, Self::Command(_) | Self::Input(_))
    }
}

/// Something the user asks for, bound to keys in a context's table (see `keymap`); its name
/// there is its variant's, in snake case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum Command {
    /// Leave readmore.
    Quit,
    /// Back out one level: close the overlay (help, history, map, the peek card), else
    /// leave the reader or links pane for the list.
    BackOut,
    /// Move focus to the next pane (list → reader → links).
    FocusNext,
    /// Move focus to the previous pane.
    FocusPrev,
    /// Move the selection, or scroll, in the focused pane or the overlay.
    #[strum(disabled)]
    Move(Motion),
    /// Read on: one page down in the reader, whatever has focus; at the end of the article,
    /// the next unread one (as space in mutt and slrn).
    ReadOn,
    /// Open the previous unread article in list order (space's counterpart), from any pane.
    PrevUnread,
    /// Open the next article in list order, from any pane.
    NextArticle,
    /// Open the previous article in list order, from any pane.
    PrevArticle,
    /// Open the selected article (list) or follow the selected link (reader, links).
    Open,
    /// Select the next `Read More` link of the open article.
    NextLink,
    /// Select the previous `Read More` link of the open article.
    PrevLink,
    /// Follow a `Read More` link of the open article by its number. Named `follow_link_1` …
    /// `follow_link_9` in the config: one name per number, so each can have its own key.
    #[strum(disabled)]
    FollowLink(LinkNumber),
    /// Back to the previous article in history.
    Back,
    /// Forward again in history.
    Forward,
    /// Show or hide the history of this run, to jump back to any point of it.
    History,
    /// Peek mode on or off: while on, the selected link's story (title, path, links, first
    /// paragraph) shows in a popup over the reader, without leaving the open article.
    TogglePeek,
    /// Show the map of the open article's links, out and back, two levels deep, or close it.
    LinkMap,
    /// Open the title search line, from any pane.
    Search,
    /// Search inside the open article when the reader has focus (less's `/`); elsewhere the
    /// title search.
    Find,
    /// Open the full-text search line (titles and paragraphs).
    FullTextSearch,
    /// Scroll the reader to the next hit of the last search in the article or full text.
    NextHit,
    /// Scroll the reader to the previous hit.
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
    /// Mark every article of the selected row's folder read (those the filter shows).
    MarkAllRead,
    /// Mark every article of the library read, after a y/n question.
    CatchUp,
    /// Open the article's file in `$PAGER` (`less`), the terminal handed over until it quits.
    OpenInPager,
    /// Open the article's file in `$VISUAL` or `$EDITOR` (`vi`).
    OpenInEditor,
    /// Copy the article's title to the clipboard (OSC 52, so it works over ssh too).
    CopyTitle,
    /// Copy the article's path to the clipboard.
    CopyPath,
    /// Show the focused pane on the whole screen, or all panes again.
    Zoom,
    /// Sort the list in the next order: path, title, newest first, unread first.
    CycleSort,
    /// Collapse or expand the folder section the list's selection is in.
    ToggleSection,
    /// Fetch every subscription of the library in the background; new stories arrive
    /// through live reload.
    FetchFeeds,
    /// Open the article's source page (its `Source:` line) in `$BROWSER`.
    OpenSource,
    /// Open the selected search result (search line).
    Accept,
    /// Leave the search and restore the list as it was (search line).
    Cancel,
    /// Delete the last character of the query (search line).
    DeleteChar,
    /// Delete the last word of the query (search line).
    DeleteWord,
    /// Close the overlay on top (help, history, link map).
    Close,
    /// Yes to the question on the status line.
    Yes,
    /// No to the question on the status line.
    No,
}

/// A move of the selection or the scroll, by the focused pane's or the overlay's measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum Motion {
    /// One row or line down.
    Down,
    /// One row or line up.
    Up,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Half a page down, as `ctrl-d` in less and vim.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// The first row (or the top of the article).
    Top,
    /// The last row (or the end of the article).
    Bottom,
}

impl Motion {
    /// How far the motion goes, in rows, where a page is `page` rows and half a page `half`
    /// (each pane rounds its own way); `Top` and `Bottom` go as far as there is.
    pub fn rows(self, page: isize, half: isize) -> isize {
        match self {
            Self::Down => 1,
            Self::Up => -1,
            Self::PageDown => page,
            Self::PageUp => -page,
            Self::HalfPageDown => half,
            Self::HalfPageUp => -half,
            Self::Top => isize::MIN,
            Self::Bottom => isize::MAX,
        }
    }
}

/// `follow_link_N`: the name of [`Command::FollowLink`] for link N.
const FOLLOW_LINK: &str = "follow_link_";

impl Command {
    /// The command's name in `config.toml`.
    pub fn name(self) -> Cow<'static, str> {
        match self {
            Self::Move(motion) => Cow::Borrowed(motion.into()),
            Self::FollowLink(number) => Cow::Owned(format!("{FOLLOW_LINK}{number}")),
            other => Cow::Borrowed(other.into()),
        }
    }

    /// The command called `name` (exactly as [`Command::name`] spells it), if any.
    pub fn named(name: &str) -> Option<Self> {
        if let Ok(motion) = Motion::from_str(name) {
            return Some(Self::Move(motion));
        }
        if let Some(digits) = name.strip_prefix(FOLLOW_LINK) {
            return digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse().ok())
                .flatten()
                .and_then(LinkNumber::new)
                .map(Self::FollowLink);
        }
        Self::from_str(name).ok()
    }
}

impl From<Motion> for Command {
    fn from(motion: Motion) -> Self {
        Self::Move(motion)
    }
}

/// What the user did at the terminal, before it means anything: the context it lands in
/// decides (a key is a command through the context's table, else typed into a search line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    /// Text pasted (into the open search line, searched once rather than per character).
    Paste(String),
    /// A mouse click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel turned over a screen cell.
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
}

/// What happened around the app: none of it is the user's doing at this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// This much time passed with the screen as it is (from the event loop's clock, so that
    /// `update` never reads one): the open article counts as read after a few seconds shown.
    Tick(Duration),
    /// The terminal now has this many columns and rows.
    Resize { width: u16, height: u16 },
    /// Article files changed on disk (from the folder watcher): re-read them.
    FilesChanged(Vec<PathBuf>),
    /// Show a message in the status bar: a warning from outside the app, such as the reading
    /// state that could not be saved or live reload that stopped.
    Notify(String),
}

impl From<Command> for Msg {
    fn from(command: Command) -> Self {
        Self::Command(command)
    }
}

impl From<Motion> for Msg {
    fn from(motion: Motion) -> Self {
        Self::Command(Command::Move(motion))
    }
}

impl From<Input> for Msg {
    fn from(input: Input) -> Self {
        Self::Input(input)
    }
}

impl From<Event> for Msg {
    fn from(event: Event) -> Self {
        Self::Event(event)
    }
}

impl From<Answer> for Msg {
    fn from(answer: Answer) -> Self {
        Self::Answer(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_data_variants_have_their_own() {
        for command in [
            Command::Quit,
            Command::FullTextSearch,
            Command::Move(Motion::HalfPageDown),
            Command::FollowLink(LinkNumber::of_index(2)),
        ] {
            assert_eq!(Command::named(&command.name()), Some(command));
        }
        assert_eq!(Command::Move(Motion::Down).name(), "down");
        assert_eq!(
            Command::FollowLink(LinkNumber::of_index(2)).name(),
            "follow_link_3"
        );
        for name in [
            "move",
            "follow_link",
            "follow_link_0",
            "follow_link_+1",
            "Quit",
        ] {
            assert_eq!(Command::named(name), None, "{name}");
        }
    }
}
