//! Peek: the story behind the selected link, shown over the reader without leaving the open
//! article. The card is computed in `update` when the selected link changes (the target's
//! first paragraph is read through [`Library::body`] then, once, not on every frame); a link
//! to a story not in the library asks the closest-titles worker, as following it does, and
//! the card fills in when the answer lands.
//!
//! [`Library::body`]: crate::domain::library::Library::body

use std::sync::Arc;

use super::state::App;
use super::views::{Focus, LinkItem, RelatedRow};
use crate::domain::article::Block;
use crate::domain::library::ArticleId;
use crate::domain::worker::Job;

/// Close titles a dangling link's peek lists: the popup has room for a few.
pub const PEEK_CLOSEST: usize = 5;
/// The first paragraph is kept to this many characters: the popup shows a few lines of it,
/// and a story made of one huge paragraph must not be copied or wrapped whole.
const PARAGRAPH_CHARS: usize = 1000;

/// How much of a story is read for its card, on the UI thread: its first paragraph is in
/// there unless links fill it.
const PEEK_TEXT_BYTES: usize = 16 * 1024;

/// Peek mode and the card for the selected link.
#[derive(Debug, Clone, Default)]
pub struct Peek {
    /// Peek mode: the card shows whenever a link is selected.
    pub on: bool,
    /// The card, with the selection it was made for.
    card: Option<(PeekKey, PeekCard)>,
}

/// What a card was made for: a row of the related links of one article of one library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PeekKey {
    version: u64,
    article: ArticleId,
    row: RelatedRow,
}

/// What the peek popup shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeekCard {
    /// A story of the library, with its own links counted.
    Story {
        id: ArticleId,
        /// Its `Read More` links, and how many of them name no story in the library.
        outgoing: usize,
        dangling: usize,
        backlinks: usize,
        /// Its first paragraph (cut to a screenful), or why it could not be read.
        paragraph: Result<String, String>,
    },
    /// A link to a story not in the library, with the titles closest to its text.
    Missing { name: String, closest: Closest },
}

/// The closest titles of a dangling link's peek.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closest {
    /// The worker's job `generation` is finding them.
    Finding(u64),
    /// Best first.
    Found(Vec<ArticleId>),
}

impl App {
    /// The peek card to draw, if peek mode is on and a link is selected in the reader or the
    /// Related pane.
    pub fn peek_card(&self) -> Option<&PeekCard> {
        let (key, card) = self.peek.card.as_ref()?;
        (self.peek_key() == Some(*key)).then_some(card)
    }

    /// `p`: peek mode on or off.
    pub(super) fn toggle_peek(&mut self) {
        self.peek.on = !self.peek.on;
        let state = if self.peek.on { "on" } else { "off" };
        self.message = Some(format!("peek {state}"));
    }

    /// The selection a card is wanted for now: peek on, the panes showing, and a link
    /// selected in the reader or the Related pane (a link left selected behind the list's
    /// focus is not being looked at).
    fn peek_key(&self) -> Option<PeekKey> {
        if !self.peek.on || !self.overlays.is_empty() || self.focus == Focus::List {
            return None;
        }
        Some(PeekKey {
            version: self.background.version,
            article: self.current()?,
            row: self.reader.link_cursor?,
        })
    }

    /// Makes the card for the selected link when the selection changed; drops it when no
    /// card is wanted, so that a closest-titles answer for it is no longer awaited.
    pub(super) fn refresh_peek(&mut self) {
        let Some(key) = self.peek_key() else {
            self.peek.card = None;
            return;
        };
        if self
            .peek
            .card
            .as_ref()
            .is_some_and(|(made, _)| *made == key)
        {
            return;
        }
        self.peek.card = None;
        let card = match self.link_item(key.row) {
            Some(LinkItem::Outgoing {
                target: Some(id), ..
            })
            | Some(LinkItem::Backlink(id) | LinkItem::Similar(id)) => self.story_card(id),
            Some(LinkItem::Outgoing { link, target: None }) => {
                let entry = self.library.get(key.article);
                let name = entry.links().nth(link.0).unwrap_or_default().to_owned();
                let job = Job::Closest {
                    library: Arc::clone(&self.library),
                    name: name.clone(),
                    limit: PEEK_CLOSEST,
                    exclude: self.not_suggested(key.article),
                };
                // Answered after this action: the card is set first.
                let generation = self.submit(job);
                PeekCard::Missing {
                    name,
                    closest: Closest::Finding(generation),
                }
            }
            None => return,
        };
        self.peek.card = Some((key, card));
    }

    /// The card of story `id`: its counts, and its first paragraph read now.
    fn story_card(&self, id: ArticleId) -> PeekCard {
        let entry = self.library.get(id);
        let paragraph =
            (self.library.body_head(id, PEEK_TEXT_BYTES)).map_err(|error| error.to_string());
        let paragraph = paragraph.map(|article| {
            let first = article.blocks.iter().find_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                Block::Link(_) => None,
            });
            first.map_or_else(String::new, cut)
        });
        PeekCard::Story {
            id,
            outgoing: entry.targets.len(),
            dangling: entry.targets.iter().filter(|t| t.is_none()).count(),
            backlinks: self.library.backlinks(id).len(),
            paragraph,
        }
    }

    /// The closest titles of the dangling link peeked at, if `generation` is the job asked
    /// for them; any other answer is handed back for the search line.
    pub(super) fn receive_peek_closest(
        &mut self,
        generation: u64,
        ids: Vec<ArticleId>,
    ) -> Option<Vec<ArticleId>> {
        match &mut self.peek.card {
            Some((_, PeekCard::Missing { closest, .. }))
                if *closest == Closest::Finding(generation) =>
            {
                *closest = Closest::Found(ids);
                None
            }
            _ => Some(ids),
        }
    }
}

/// `text` cut to [`PARAGRAPH_CHARS`] characters, ending in `…` when cut.
fn cut(text: &str) -> String {
    match text.char_indices().nth(PARAGRAPH_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests;
