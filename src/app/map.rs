//! The link map (`M`): the open article's neighbourhood as an indented tree, its links and
//! backlinks and theirs, two levels deep.
//!
//! The tree is a pure function of the library and the article ([`build`]), so that what it
//! shows of cycles, dangling links and huge link lists is tested without a screen. Each story
//! is expanded once: a later appearance is a marked reference, never a second subtree, so
//! that a cycle shows once and the tree stays small. A node with hundreds of links shows the
//! first of them and a "… N more" row.

use std::collections::{HashMap, HashSet};

use ratatui::layout::Rect;

use super::list::{ListPosition, ListRow};
use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::app::keymap;
use crate::domain::library::{ArticleId, Library};

/// Children shown under the article itself; the map scrolls, but a story linked from
/// thousands must not build a tree of thousands of subtrees on the UI thread.
pub const ROOT_CHILDREN: usize = 200;
/// Children shown under each story of the first level: enough to see where it leads.
pub const CHILDREN: usize = 12;

/// Which way a link goes, seen from the row's parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The parent links to this story (`→`).
    Out,
    /// This story links to the parent (`←`).
    Back,
}

impl Direction {
    pub fn arrow(self) -> &'static str {
        match self {
            Self::Out => "→",
            Self::Back => "←",
        }
    }
}

/// What a row of the map stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapNode {
    Story(ArticleId),
    /// A `Read More` link that names no story in the library, with its text.
    Missing(String),
    /// This many more links of the parent, left out.
    More(usize),
}

/// Why a story is not expanded where it appears again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// It is the article itself or the row's parent: following the link goes round.
    Cycle,
    /// It is expanded on an earlier row.
    Above,
    /// It is expanded on a later row.
    Below,
}

/// One row of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapRow {
    /// 0 for the article itself, 1 for its links, 2 for theirs.
    pub depth: usize,
    /// For each enclosing level below the root, whether more siblings follow there (drawn
    /// as `│`).
    pub guides: Vec<bool>,
    /// The last child of its parent (`└─` rather than `├─`).
    pub last: bool,
    /// `None` for the root and for "… more" rows.
    pub direction: Option<Direction>,
    pub node: MapNode,
    /// `Some` when the story is shown elsewhere and so not expanded here.
    pub repeat: Option<Repeat>,
}

impl MapRow {
    /// The tree drawing in front of the row: `│   ├─ `.
    pub fn prefix(&self) -> String {
        if self.depth == 0 {
            return String::new();
        }
        let mut prefix: String = (self.guides.iter())
            .map(|&more| if more { "│   " } else { "    " })
            .collect();
        prefix.push_str(if self.last { "└─ " } else { "├─ " });
        prefix
    }

    /// The story this row opens, if it is one.
    pub fn story(&self) -> Option<ArticleId> {
        match self.node {
            MapNode::Story(id) => Some(id),
            MapNode::Missing(_) | MapNode::More(_) => None,
        }
    }
}

/// The links of `id` (each target once, in reading order) then its backlinks, at most
/// `limit` of them, followed by a "more" entry for the rest. Linear in the links: an article
/// may hold a million.
fn children(library: &Library, id: ArticleId, limit: usize) -> Vec<(Option<Direction>, MapNode)> {
    let entry = library.get(id);
    let mut shown: Vec<(Option<Direction>, MapNode)> = Vec::new();
    let mut more = 0;
    // An article naming one story twice has one link to it.
    let mut seen: HashSet<(Option<ArticleId>, &str)> = HashSet::new();
    for (text, target) in entry.links().zip(entry.targets()) {
        if !seen.insert(target.map_or((None, text), |target| (Some(target), ""))) {
            continue;
        }
        if shown.len() < limit {
            let node = target.map_or_else(|| MapNode::Missing(text.to_owned()), MapNode::Story);
            shown.push((Some(Direction::Out), node));
        } else {
            more += 1;
        }
    }
    let backlinks = library.backlinks(id);
    let room = limit.saturating_sub(shown.len()).min(backlinks.len());
    let back = backlinks[..room].iter();
    shown.extend(back.map(|&from| (Some(Direction::Back), MapNode::Story(from))));
    more += backlinks.len() - room;
    if more > 0 {
        shown.push((None, MapNode::More(more)));
    }
    shown
}

/// The map of article `root`: the root, its links and backlinks, and theirs, as rows in
/// drawing order. A story is expanded at its first appearance on the first level; any other
/// appearance is a reference marked [`Repeat`].
pub fn build(library: &Library, root: ArticleId) -> Vec<MapRow> {
    let first = children(library, root, ROOT_CHILDREN);
    // Every story of the first level is expanded there, before any second-level mention,
    // so that a story linked from the article is never hidden under a sibling.
    let mut expanded: HashMap<ArticleId, Option<usize>> = HashMap::from([(root, Some(0))]);
    let expand: Vec<bool> = (first.iter())
        .map(|(_, node)| match node {
            MapNode::Story(id) => expanded.insert(*id, None).is_none(),
            MapNode::Missing(_) | MapNode::More(_) => false,
        })
        .collect();
    let mut rows = vec![MapRow {
        depth: 0,
        guides: Vec::new(),
        last: true,
        direction: None,
        node: MapNode::Story(root),
        repeat: None,
    }];
    let count = first.len();
    for (n, ((direction, node), expand)) in first.into_iter().zip(expand).enumerate() {
        let last = n + 1 == count;
        let story = match node {
            MapNode::Story(id) => Some(id),
            MapNode::Missing(_) | MapNode::More(_) => None,
        };
        let repeat = story.filter(|_| !expand).map(|id| {
            if id == root {
                Repeat::Cycle
            } else {
                Repeat::Above
            }
        });
        rows.push(MapRow {
            depth: 1,
            guides: Vec::new(),
            last,
            direction,
            node,
            repeat,
        });
        let Some(parent) = story.filter(|_| expand) else {
            continue;
        };
        expanded.insert(parent, Some(rows.len() - 1));
        let grandchildren = children(library, parent, CHILDREN);
        let count = grandchildren.len();
        for (m, (direction, node)) in grandchildren.into_iter().enumerate() {
            let repeat = match node {
                MapNode::Story(id) if id == root || id == parent => Some(Repeat::Cycle),
                // Resolved to above or below once every first appearance has its row.
                MapNode::Story(id) if expanded.contains_key(&id) => Some(Repeat::Above),
                MapNode::Story(id) => {
                    expanded.insert(id, Some(rows.len()));
                    None
                }
                MapNode::Missing(_) | MapNode::More(_) => None,
            };
            rows.push(MapRow {
                depth: 2,
                guides: vec![!last],
                last: m + 1 == count,
                direction,
                node,
                repeat,
            });
        }
    }
    for (index, row) in rows.iter_mut().enumerate() {
        if let (Some(Repeat::Above), MapNode::Story(id)) = (row.repeat, &row.node)
            && expanded
                .get(id)
                .copied()
                .flatten()
                .is_some_and(|at| at > index)
        {
            row.repeat = Some(Repeat::Below);
        }
    }
    rows
}

/// Where the map is drawn: the whole screen above the status line.
pub fn map_area(screen: Rect) -> Rect {
    Rect {
        height: screen.height.saturating_sub(1),
        ..screen
    }
}

/// The link map of article `root`, built when it opened, scrolled like a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkMap {
    pub root: ArticleId,
    pub rows: Vec<MapRow>,
    pub position: ListPosition,
}

impl LinkMap {
    /// The map of `root` on `screen`, on its first link.
    pub fn open(library: &Library, root: ArticleId, screen: Rect) -> Self {
        let rows = build(library, root);
        let mut position = ListPosition::default();
        position.move_by(1, rows.len(), map_height(screen));
        Self {
            root,
            rows,
            position,
        }
    }

    /// Moves the selection by `delta` rows (the mouse wheel moves it too).
    pub fn move_by(&mut self, delta: isize, screen: Rect) {
        let height = map_height(screen);
        self.position.move_by(delta, self.rows.len(), height);
    }

    /// Built again from `library` (after a reload, ids may have moved), the selection kept.
    pub fn rebuild(&mut self, library: &Library, root: ArticleId, screen: Rect) {
        let rows = build(library, root);
        let selected = self.position.selected.0.min(rows.len().saturating_sub(1));
        self.position.select(ListRow(selected), map_height(screen));
        self.root = root;
        self.rows = rows;
    }

    /// Enter: the story of the selected row opens, as following a link does; a link to no
    /// story says so.
    fn open_selected(&self) -> Outcome {
        let Some(row) = self.rows.get(self.position.selected.0) else {
            return Outcome::Handled;
        };
        match &row.node {
            MapNode::Story(id) => Outcome::Request(Request::OpenStory(*id)),
            MapNode::Missing(name) => {
                Outcome::Request(Request::Say(format!("“{name}” is not in the library")))
            }
            MapNode::More(_) => Outcome::Handled,
        }
    }
}

impl Component for LinkMap {
    fn keys(&self) -> keymap::Context {
        keymap::Context::Map
    }

    /// Moves by its own page, opens the story chosen, closes, or gives way to the history.
    fn handle(&mut self, command: Command, cx: &Context) -> Outcome {
        match command {
            Command::Close | Command::LinkMap => Outcome::Close,
            Command::History => Outcome::Request(Request::ShowHistory),
            Command::Move(motion) => {
                let page = map_height(cx.screen).saturating_sub(1).max(1);
                let page = isize::try_from(page).unwrap_or(1);
                self.move_by(motion.rows(page, page / 2), cx.screen);
                Outcome::Handled
            }
            Command::Open => self.open_selected(),
            _ => Outcome::Ignored,
        }
    }
}

/// Rows of the map that fit on `screen`.
fn map_height(screen: Rect) -> usize {
    usize::from(map_area(screen).height.saturating_sub(2)).max(1)
}

#[cfg(test)]
mod tests;
