//! Peek: the story behind the selected link, shown over the reader without leaving the open
//! article. The card is computed in `update` when the selected link changes (the target's
//! first paragraph is read through [`Library::body`] then, once, not on every frame); a link
//! to a story not in the library asks the closest-titles worker, as following it does, and
//! the card fills in when the answer lands.
//!
//! [`Library::body`]: crate::domain::library::Library::body

use std::sync::Arc;

use super::{LinkItem, Related, RelatedRow};
use crate::domain::article::Block;
use crate::domain::library::{ArticleId, Library};
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

impl Peek {
    /// The card made last, to put it back to waiting for another job in a test.
    #[cfg(test)]
    pub fn card_mut(&mut self) -> Option<&mut PeekCard> {
        self.card.as_mut().map(|(_, card)| card)
    }
}

/// What a card is for: a row of the related links of one article of one library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeekKey {
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

impl Related {
    /// The card to draw for the selection `key` stands for, if one is made for it.
    pub fn peek_card(&self, key: Option<PeekKey>) -> Option<&PeekCard> {
        let (made, card) = self.peek.card.as_ref()?;
        (key? == *made).then_some(card)
    }

    /// The selection a card is wanted for: peek on, the reader or the Related pane looking
    /// (`looking`: a link left selected behind the list's focus is not being looked at) at
    /// article `open` of library `version`, and a row selected.
    pub fn peek_key(
        &self,
        version: u64,
        open: Option<ArticleId>,
        looking: bool,
    ) -> Option<PeekKey> {
        if !self.peek.on || !looking {
            return None;
        }
        Some(PeekKey {
            version,
            article: open?,
            row: self.link_cursor?,
        })
    }

    /// Makes the card for the selection `key` stands for, unless it is made already: the
    /// story's counts and first paragraph, read now, or for a dangling link the closest titles
    /// asked of a worker through `submit`.
    pub fn refresh_peek(
        &mut self,
        library: &Arc<Library>,
        key: Option<PeekKey>,
        submit: impl FnOnce(Job) -> u64,
    ) {
        let Some(key) = key else {
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
        let card = match self.item(library, key.article, key.row) {
            Some(LinkItem::Outgoing {
                target: Some(id), ..
            })
            | Some(LinkItem::Backlink(id) | LinkItem::Similar(id)) => story_card(library, id),
            Some(LinkItem::Outgoing { link, target: None }) => {
                let entry = library.get(key.article);
                let name = entry.links().nth(link.0).unwrap_or_default().to_owned();
                let job = Job::Closest {
                    library: Arc::clone(library),
                    name: name.clone(),
                    limit: PEEK_CLOSEST,
                    exclude: not_suggested(library, key.article),
                };
                PeekCard::Missing {
                    name,
                    closest: Closest::Finding(submit(job)),
                }
            }
            None => return,
        };
        self.peek.card = Some((key, card));
    }

    /// The closest titles of the dangling link peeked at, if `generation` is the job asked
    /// for them; any other answer is handed back for the search line.
    pub fn receive_peek_closest(
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

/// The stories a dangling link of article `id` never suggests: `id` itself, and those its
/// other links name already.
pub fn not_suggested(library: &Library, id: ArticleId) -> Vec<ArticleId> {
    let targets = library.get(id).targets().iter().flatten().copied();
    std::iter::once(id).chain(targets).collect()
}

/// The card of story `id`: its counts, and its first paragraph read now.
fn story_card(library: &Library, id: ArticleId) -> PeekCard {
    let entry = library.get(id);
    let paragraph = (library.body_head(id, PEEK_TEXT_BYTES)).map_err(|error| error.to_string());
    let paragraph = paragraph.map(|article| {
        let first = article.blocks.iter().find_map(|block| match block {
            Block::Paragraph(text) => Some(text.as_str()),
            Block::Link(_) => None,
        });
        first.map_or_else(String::new, cut)
    });
    PeekCard::Story {
        id,
        outgoing: entry.targets().len(),
        dangling: entry.targets().iter().filter(|t| t.is_none()).count(),
        backlinks: library.backlinks(id).len(),
        paragraph,
    }
}

/// `text` cut to [`PARAGRAPH_CHARS`] characters, ending in `…` when cut.
fn cut(text: &str) -> String {
    match text.char_indices().nth(PARAGRAPH_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
