//! The key tables, one per context: each row is a command (or a group that differs by a
//! number), its line in the help, its default keys, and the keys it takes from the panes'
//! bindings as the user has them (an overlay scrolls with the panes' movement keys). Input
//! mapping, the help overlay, the status hints and the names in `config.toml` all read these.

use super::{Binding, Pane, Which};
use crate::app::action::{Command, Command as C, LinkNumber, Motion, Motion as M};

pub(super) const fn follow(number: usize) -> Command {
    match LinkNumber::new(number) {
        Some(number) => Command::FollowLink(number),
        None => panic!("links are numbered from 1"),
    }
}

/// The panes (list, reader, links), in the order the help lists them. Their names in
/// `config.toml` are the commands' own.
#[rustfmt::skip]
pub const PANES: &[Binding] = &[
    Binding::listed(&[C::FocusNext], "focus next pane", &[&["tab", "l", "right"]]),
    Binding::listed(&[C::FocusPrev], "focus previous pane", &[&["shift-tab", "h", "left"]]),
    Binding::listed(&[C::BackOut], "back out: close overlay, else go to list", &[&["esc"]]),
    Binding::listed(&[C::Move(M::Down)], "down / scroll down", &[&["j", "down"]]),
    Binding::listed(&[C::Move(M::Up)], "up / scroll up", &[&["k", "up"]]),
    Binding::listed(&[C::Move(M::PageDown)], "page down", &[&["pagedown", "f"]]),
    Binding::listed(&[C::Move(M::PageUp)], "page up", &[&["pageup", "b"]]),
    Binding::listed(&[C::Move(M::HalfPageDown)], "half a page down", &[&["ctrl-d"]]),
    Binding::listed(&[C::Move(M::HalfPageUp)], "half a page up", &[&["ctrl-u"]]),
    Binding::listed(&[C::ReadOn], "read on: page down, at the end the next unread", &[&["space"]]),
    Binding::listed(&[C::PrevUnread], "open the previous unread article", &[&["P"]]),
    Binding::listed(&[C::NextArticle], "open the next article", &[&["J"]]),
    Binding::listed(&[C::PrevArticle], "open the previous article", &[&["K"]]),
    Binding::listed(&[C::Move(M::Top)], "top", &[&["g", "home"]]),
    Binding::listed(&[C::Move(M::Bottom)], "bottom", &[&["G", "end"]]),
    Binding::listed(&[C::Open], "open article / follow link", &[&["enter"]]),
    Binding::listed(&[C::NextLink], "select next link", &[&["]"]]),
    Binding::listed(&[C::PrevLink], "select previous link", &[&["["]]),
    Binding::listed(
        &[follow(1), follow(2), follow(3), follow(4), follow(5),
          follow(6), follow(7), follow(8), follow(9)],
        "follow link N",
        &[&["1"], &["2"], &["3"], &["4"], &["5"], &["6"], &["7"], &["8"], &["9"]],
    ),
    Binding::listed(&[C::Back], "back in history", &[&["backspace", "alt-left", "H"]]),
    Binding::listed(&[C::Forward], "forward in history", &[&["alt-right", "L"]]),
    Binding::listed(&[C::History], "history of this run: jump back to any point", &[&["T"]]),
    Binding::listed(&[C::TogglePeek], "peek at the selected link's story: on / off", &[&["p"]]),
    Binding::listed(&[C::LinkMap], "map of the links around the article", &[&["M"]]),
    Binding::listed(&[C::Search], "search titles (from any pane)", &[&["t"]]),
    Binding::listed(&[C::Find], "find in the article (reader), else titles", &[&["/"]]),
    Binding::listed(&[C::FullTextSearch], "search all text", &[&["F"]]),
    Binding::listed(&[C::NextHit], "next hit", &[&["n"]]),
    Binding::listed(&[C::PrevHit], "previous hit (search backward)", &[&["N"]]),
    Binding::listed(&[C::ToggleRead], "mark read / unread", &[&["m"]]),
    Binding::listed(&[C::ToggleStar], "star / unstar", &[&["s"]]),
    Binding::listed(&[C::FilterUnread], "unread only / all", &[&["u"]]),
    Binding::listed(&[C::FilterStarred], "starred only / all", &[&["'"]]),
    Binding::listed(&[C::MarkAllRead], "mark the folder read (what the filter shows)", &[&["A"]]),
    Binding::listed(&[C::CatchUp], "catch up: mark everything read (y/n)", &[&["C"]]),
    Binding::listed(&[C::OpenInPager], "open the file in $PAGER (less)", &[&["o"]]),
    Binding::listed(&[C::OpenInEditor], "edit the file in $VISUAL/$EDITOR (vi)", &[&["e"]]),
    Binding::listed(&[C::CopyTitle], "copy the title", &[&["y"]]),
    Binding::listed(&[C::CopyPath], "copy the path", &[&["Y"]]),
    Binding::listed(&[C::OpenSource], "open the story's source page in $BROWSER", &[&["w"]]),
    Binding::listed(&[C::FetchFeeds], "fetch all feeds in the background", &[&["R"]]),
    Binding::listed(&[C::CycleSort], "sort by path / title / newest / unread", &[&["O"]]),
    Binding::listed(&[C::ToggleSection], "collapse / expand the folder", &[&["-"]]),
    Binding::listed(&[C::Zoom], "zoom the focused pane / all panes", &[&["z"]]),
    Binding::listed(&[C::Help], "show this help", &[&["?"]]),
    Binding::listed(&[C::Quit], "quit", &[&["q", "ctrl-c"]]),
];

/// The commands of [`PANES`] the status line advertises in each pane, with short labels.
#[rustfmt::skip]
pub fn hints(pane: Pane) -> &'static [(Command, &'static str)] {
    match pane {
        Pane::List => &[(C::Help, "help"), (C::Open, "open"), (C::ReadOn, "read"), (C::Find, "search"), (C::Quit, "quit")],
        Pane::Reader => &[
            (C::Help, "help"), (C::ReadOn, "read"), (C::Find, "find"), (C::NextLink, "next link"), (C::Back, "back"),
            (C::Quit, "quit"),
        ],
        Pane::Links => &[(C::Help, "help"), (C::Open, "follow"), (C::Back, "back"), (C::Find, "search"), (C::Quit, "quit")],
    }
}

/// The search lines (titles, full text, find in the article): a key no row takes types into
/// the query when it is a character.
#[rustfmt::skip]
pub const SEARCH: &[Binding] = &[
    Binding::listed(&[C::Move(M::Up), C::Move(M::Down)], "move in the results (previewed)", &[&["up"], &["down"]]),
    Binding::listed(&[C::Accept], "open the selected match", &[&["enter"]]),
    Binding::listed(&[C::Cancel], "cancel, back to the article", &[&["esc"]]),
    Binding::listed(&[C::DeleteChar, C::DeleteWord], "delete a char / a word", &[&["backspace"], &["ctrl-w"]]),
    Binding::quiet(&[C::Move(M::PageUp)], &[&["pageup"]]),
    Binding::quiet(&[C::Move(M::PageDown)], &[&["pagedown"]]),
    Binding::like(&[C::Quit], &[], &[(C::Quit, Which::NotTyped)]),
];

/// A y/n question on the status line: any key no row takes says no.
pub const QUESTION: &[Binding] = &[
    Binding::quiet(&[C::Yes], &[&["y", "Y"]]),
    Binding::like(&[C::Quit], &[], &[(C::Quit, Which::WithCtrl)]),
];

/// Every move, by the overlay's own measure.
const EVERY_MOVE: [Command; 8] = moves([
    M::Down,
    M::Up,
    M::PageDown,
    M::PageUp,
    M::HalfPageDown,
    M::HalfPageUp,
    M::Top,
    M::Bottom,
]);
/// The moves of the history list, which has no half pages.
const STEPS: [Command; 6] = moves([M::Down, M::Up, M::PageDown, M::PageUp, M::Top, M::Bottom]);

/// The help overlay: scrolls with the movement keys, and space reads on.
pub const HELP: &[Binding] = &overlay(C::Help, &EVERY_MOVE, &[C::ReadOn]);

/// The history list: moves with the movement keys; `enter` jumps to the selected visit.
pub const HISTORY: &[Binding] = &overlay(C::History, &STEPS, &[C::Open]);

/// The link map: moves with the movement keys; `enter` opens the selected story.
pub const MAP: &[Binding] = &overlay(C::LinkMap, &EVERY_MOVE, &[C::Open]);

/// An overlay's table, opened by the panes' command `own`: it closes with `esc`, its own
/// key, back out's keys and a quit key without ctrl, as in `less`; a quit key with ctrl
/// still quits; `moves` and `more` take their keys from the panes.
const fn overlay(
    own: Command,
    moves: &'static [Command],
    more: &'static [Command],
) -> [Binding; 4] {
    [
        Binding::closes(own),
        Binding::like(&[C::Quit], &[], &[(C::Quit, Which::WithCtrl)]),
        Binding::from_panes(moves),
        Binding::from_panes(more),
    ]
}

/// The commands that make `motions`.
const fn moves<const N: usize>(motions: [Motion; N]) -> [Command; N] {
    let mut commands = [C::Quit; N];
    let mut i = 0;
    while i < N {
        commands[i] = C::Move(motions[i]);
        i += 1;
    }
    commands
}
