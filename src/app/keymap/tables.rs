//! The key tables, one per context: each row is a command (or a group that differs by a
//! number), its line in the help, its default keys, and the keys it takes from the panes'
//! bindings as the user has them (an overlay scrolls with the panes' movement keys). Input
//! mapping, the help overlay, the status hints and the names in `config.toml` all read these.

use super::{Binding, Pane, Which};
use crate::app::action::{Command, LinkNumber, Motion};

pub(super) const fn follow(number: usize) -> Command {
    match LinkNumber::new(number) {
        Some(number) => Command::FollowLink(number),
        None => panic!("links are numbered from 1"),
    }
}

/// The panes (list, reader, links), in the order the help lists them. Their names in
/// `config.toml` are the commands' own.
pub const PANES: &[Binding] = &[
    Binding::listed(
        &[Command::FocusNext],
        "focus next pane",
        &[&["tab", "l", "right"]],
    ),
    Binding::listed(
        &[Command::FocusPrev],
        "focus previous pane",
        &[&["shift-tab", "h", "left"]],
    ),
    Binding::listed(
        &[Command::BackOut],
        "back out: close overlay, else go to list",
        &[&["esc"]],
    ),
    Binding::listed(
        &[Command::Move(Motion::Down)],
        "down / scroll down",
        &[&["j", "down"]],
    ),
    Binding::listed(
        &[Command::Move(Motion::Up)],
        "up / scroll up",
        &[&["k", "up"]],
    ),
    Binding::listed(
        &[Command::Move(Motion::PageDown)],
        "page down",
        &[&["pagedown", "f"]],
    ),
    Binding::listed(
        &[Command::Move(Motion::PageUp)],
        "page up",
        &[&["pageup", "b"]],
    ),
    Binding::listed(
        &[Command::Move(Motion::HalfPageDown)],
        "half a page down",
        &[&["ctrl-d"]],
    ),
    Binding::listed(
        &[Command::Move(Motion::HalfPageUp)],
        "half a page up",
        &[&["ctrl-u"]],
    ),
    Binding::listed(
        &[Command::ReadOn],
        "read on: page down, at the end the next unread",
        &[&["space"]],
    ),
    Binding::listed(
        &[Command::PrevUnread],
        "open the previous unread article",
        &[&["P"]],
    ),
    Binding::listed(&[Command::NextArticle], "open the next article", &[&["J"]]),
    Binding::listed(
        &[Command::PrevArticle],
        "open the previous article",
        &[&["K"]],
    ),
    Binding::listed(&[Command::Move(Motion::Top)], "top", &[&["g", "home"]]),
    Binding::listed(&[Command::Move(Motion::Bottom)], "bottom", &[&["G", "end"]]),
    Binding::listed(
        &[Command::Open],
        "open article / follow link",
        &[&["enter"]],
    ),
    Binding::listed(&[Command::NextLink], "select next link", &[&["]"]]),
    Binding::listed(&[Command::PrevLink], "select previous link", &[&["["]]),
    Binding::listed(
        &[
            follow(1),
            follow(2),
            follow(3),
            follow(4),
            follow(5),
            follow(6),
            follow(7),
            follow(8),
            follow(9),
        ],
        "follow link N",
        &[
            &["1"],
            &["2"],
            &["3"],
            &["4"],
            &["5"],
            &["6"],
            &["7"],
            &["8"],
            &["9"],
        ],
    ),
    Binding::listed(
        &[Command::Back],
        "back in history",
        &[&["backspace", "alt-left", "H"]],
    ),
    Binding::listed(
        &[Command::Forward],
        "forward in history",
        &[&["alt-right", "L"]],
    ),
    Binding::listed(
        &[Command::History],
        "history of this run: jump back to any point",
        &[&["T"]],
    ),
    Binding::listed(
        &[Command::TogglePeek],
        "peek at the selected link's story: on / off",
        &[&["p"]],
    ),
    Binding::listed(
        &[Command::LinkMap],
        "map of the links around the article",
        &[&["M"]],
    ),
    Binding::listed(
        &[Command::Search],
        "search titles (from any pane)",
        &[&["t"]],
    ),
    Binding::listed(
        &[Command::Find],
        "find in the article (reader), else titles",
        &[&["/"]],
    ),
    Binding::listed(&[Command::FullTextSearch], "search all text", &[&["F"]]),
    Binding::listed(&[Command::NextHit], "next hit", &[&["n"]]),
    Binding::listed(
        &[Command::PrevHit],
        "previous hit (search backward)",
        &[&["N"]],
    ),
    Binding::listed(&[Command::ToggleRead], "mark read / unread", &[&["m"]]),
    Binding::listed(&[Command::ToggleStar], "star / unstar", &[&["s"]]),
    Binding::listed(&[Command::FilterUnread], "unread only / all", &[&["u"]]),
    Binding::listed(&[Command::FilterStarred], "starred only / all", &[&["'"]]),
    Binding::listed(
        &[Command::MarkAllRead],
        "mark the folder read (what the filter shows)",
        &[&["A"]],
    ),
    Binding::listed(
        &[Command::CatchUp],
        "catch up: mark everything read (y/n)",
        &[&["C"]],
    ),
    Binding::listed(
        &[Command::OpenInPager],
        "open the file in $PAGER (less)",
        &[&["o"]],
    ),
    Binding::listed(
        &[Command::OpenInEditor],
        "edit the file in $VISUAL/$EDITOR (vi)",
        &[&["e"]],
    ),
    Binding::listed(&[Command::CopyTitle], "copy the title", &[&["y"]]),
    Binding::listed(&[Command::CopyPath], "copy the path", &[&["Y"]]),
    Binding::listed(
        &[Command::OpenSource],
        "open the story's source page in $BROWSER",
        &[&["w"]],
    ),
    Binding::listed(
        &[Command::FetchFeeds],
        "fetch all feeds in the background",
        &[&["R"]],
    ),
    Binding::listed(
        &[Command::CycleSort],
        "sort by path / title / newest / unread",
        &[&["O"]],
    ),
    Binding::listed(
        &[Command::ToggleSection],
        "collapse / expand the folder",
        &[&["-"]],
    ),
    Binding::listed(
        &[Command::Zoom],
        "zoom the focused pane / all panes",
        &[&["z"]],
    ),
    Binding::listed(&[Command::Help], "show this help", &[&["?"]]),
    Binding::listed(&[Command::Quit], "quit", &[&["q", "ctrl-c"]]),
];

/// The commands of [`PANES`] the status line advertises in each pane, with short labels.
pub fn hints(pane: Pane) -> &'static [(Command, &'static str)] {
    match pane {
        Pane::List => &[
            (Command::Help, "help"),
            (Command::Open, "open"),
            (Command::ReadOn, "read"),
            (Command::Find, "search"),
            (Command::Quit, "quit"),
        ],
        Pane::Reader => &[
            (Command::Help, "help"),
            (Command::ReadOn, "read"),
            (Command::Find, "find"),
            (Command::NextLink, "next link"),
            (Command::Back, "back"),
            (Command::Quit, "quit"),
        ],
        Pane::Links => &[
            (Command::Help, "help"),
            (Command::Open, "follow"),
            (Command::Back, "back"),
            (Command::Find, "search"),
            (Command::Quit, "quit"),
        ],
    }
}

/// The search lines (titles, full text, find in the article): a key no row takes types into
/// the query when it is a character.
pub const SEARCH: &[Binding] = &[
    Binding::listed(
        &[Command::Move(Motion::Up), Command::Move(Motion::Down)],
        "move in the results (previewed)",
        &[&["up"], &["down"]],
    ),
    Binding::listed(&[Command::Accept], "open the selected match", &[&["enter"]]),
    Binding::listed(
        &[Command::Cancel],
        "cancel, back to the article",
        &[&["esc"]],
    ),
    Binding::listed(
        &[Command::DeleteChar, Command::DeleteWord],
        "delete a char / a word",
        &[&["backspace"], &["ctrl-w"]],
    ),
    Binding::quiet(&[Command::Move(Motion::PageUp)], &[&["pageup"]]),
    Binding::quiet(&[Command::Move(Motion::PageDown)], &[&["pagedown"]]),
    Binding::like(&[Command::Quit], &[], &[(Command::Quit, Which::NotTyped)]),
];

/// A y/n question on the status line: any key no row takes says no.
pub const QUESTION: &[Binding] = &[
    Binding::quiet(&[Command::Yes], &[&["y", "Y"]]),
    Binding::like(&[Command::Quit], &[], &[(Command::Quit, Which::WithCtrl)]),
];

/// The help overlay: `esc`, the help key, back out and a quit key without ctrl close it, as in
/// `less`; a quit key with ctrl still quits; the movement keys scroll it.
pub const HELP: &[Binding] = &[
    Binding::like(
        &[Command::Close],
        &["esc"],
        &[
            (Command::Help, Which::Any),
            (Command::BackOut, Which::Any),
            (Command::Quit, Which::WithoutCtrl),
        ],
    ),
    Binding::like(&[Command::Quit], &[], &[(Command::Quit, Which::WithCtrl)]),
    Binding::from_panes(&[
        Command::Move(Motion::Down),
        Command::Move(Motion::Up),
        Command::Move(Motion::PageDown),
        Command::Move(Motion::PageUp),
        Command::Move(Motion::HalfPageDown),
        Command::Move(Motion::HalfPageUp),
        Command::Move(Motion::Top),
        Command::Move(Motion::Bottom),
        Command::ReadOn,
    ]),
];

/// The history list: closes like the help (with `T`); moves with the movement keys; `enter`
/// jumps to the selected visit.
pub const HISTORY: &[Binding] = &[
    Binding::like(
        &[Command::Close],
        &["esc"],
        &[
            (Command::History, Which::Any),
            (Command::BackOut, Which::Any),
            (Command::Quit, Which::WithoutCtrl),
        ],
    ),
    Binding::like(&[Command::Quit], &[], &[(Command::Quit, Which::WithCtrl)]),
    Binding::from_panes(&[
        Command::Move(Motion::Down),
        Command::Move(Motion::Up),
        Command::Move(Motion::PageDown),
        Command::Move(Motion::PageUp),
        Command::Move(Motion::Top),
        Command::Move(Motion::Bottom),
        Command::Open,
    ]),
];

/// The link map: closes like the help (with `M`); moves with the movement keys; `enter` opens
/// the selected story.
pub const MAP: &[Binding] = &[
    Binding::like(
        &[Command::Close],
        &["esc"],
        &[
            (Command::LinkMap, Which::Any),
            (Command::BackOut, Which::Any),
            (Command::Quit, Which::WithoutCtrl),
        ],
    ),
    Binding::like(&[Command::Quit], &[], &[(Command::Quit, Which::WithCtrl)]),
    Binding::from_panes(&[
        Command::Move(Motion::Down),
        Command::Move(Motion::Up),
        Command::Move(Motion::PageDown),
        Command::Move(Motion::PageUp),
        Command::Move(Motion::HalfPageDown),
        Command::Move(Motion::HalfPageUp),
        Command::Move(Motion::Top),
        Command::Move(Motion::Bottom),
        Command::Open,
    ]),
];
