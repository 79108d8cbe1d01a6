//! What a component is: a part of the screen that owns its state and the keys it takes, in
//! the spirit of gitui's `Component::event` + `commands()` and ratatui's component template.
//!
//! A component changes only itself. It reads what it needs of the rest through a
//! [`Context`] (never `&App`), and says what became of a command through an [`Outcome`]:
//! not its business (the App routes it on), done, close me, or a [`Request`] for what only
//! the App can do because it holds the library, the marks and the other components.

use ratatui::layout::Rect;

use crate::app::action::{Command, Motion};
use crate::app::config::Config;
use crate::app::keymap;
use crate::app::marks::Marks;
use crate::app::rows::RelatedRow;
use crate::domain::library::{ArticleId, Library};
use crate::domain::worker::FetchEnd;

/// A part of the screen with its own state and keys.
pub trait Component {
    /// The key table read while this component has the keys: it maps keys to the commands
    /// [`Component::handle`] takes, and gives the help's rows and the status hints. The
    /// panes' table unless the component has its own: the three panes share one.
    fn keys(&self) -> keymap::Context {
        keymap::Context::Panes
    }

    /// Carries out `command` on this component's own state.
    fn handle(&mut self, command: Command, cx: &Context) -> Outcome;
}

/// What a component may read of the rest of the app while it handles a command: shared,
/// read-only, so that no component reaches into the App's or another component's fields.
pub struct Context<'a> {
    pub library: &'a Library,
    pub config: &'a Config,
    /// The whole terminal.
    pub screen: Rect,
    /// Rows one page moves in the pane that has the focus, less one for context.
    pub page: isize,
    /// How many visits the history of this run holds.
    pub visits: usize,
    /// How the last fetch of this run ended, for what it has to say at the end of the help.
    pub last_fetch: Option<&'a FetchEnd>,
    /// Read, starred and reading positions of every article (the list filters and sorts by
    /// them).
    pub marks: &'a Marks,
    /// The article open in the reader.
    pub open: Option<ArticleId>,
    /// Lines the pane a command goes to shows.
    pub pane_height: usize,
}

impl Context<'_> {
    /// Rows `motion` moves in the pane a command goes to: a page is [`Context::page`], half a
    /// page rounds up.
    pub fn rows(&self, motion: Motion) -> isize {
        motion.rows(self.page, (self.page + 1) / 2)
    }
}

/// What became of a command given to a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not this component's: the App hands it to what lies below (the search line lets its
    /// list's moves through to the list).
    Ignored,
    /// Done, or deliberately swallowed: a modal overlay takes every command so that none
    /// reaches the panes beneath it.
    Handled,
    /// Done, and the component is finished: the App takes it off the screen.
    Close,
    /// Something only the App can do; the App carries it out.
    Request(Request),
}

/// What a component asks of the App, which holds the library, the marks and the other
/// components. Each variant says whether the component that asks stays open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Open story `id` in the reader as a new visit, with the focus on the reader; the
    /// component that asks closes.
    OpenStory(ArticleId),
    /// Go back (or forward) to visit `index` of the history, where it was left; the component
    /// that asks closes.
    JumpToVisit(usize),
    /// Show the history list in place of the component that asks.
    ShowHistory,
    /// Say this on the status line; the component stays open.
    Say(String),
    /// Say this on the status line; the component that asks closes.
    CloseSaying(String),
    /// Mark every article of the library read; the component that asks closes.
    CatchUp,
    /// The reader scrolled: what follows its view follows, and the open article is being
    /// read.
    Scrolled,
    /// Select row `n` of the related pane (an outgoing link is scrolled into the reader's
    /// view first).
    SelectRow(RelatedRow),
    /// Follow the link, or open the story, on row `n` of the related pane.
    Activate(RelatedRow),
    /// The search line's query changed (and was `cut` to its longest): search again, or
    /// find again in the article.
    QueryEdited { cut: bool },
    /// Open the search line's selected match (or keep the find line's hits); the line closes.
    AcceptSearch,
    /// Back to where the search line opened; the line closes.
    CancelSearch,
}
