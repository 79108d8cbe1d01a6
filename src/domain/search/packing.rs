//! The titles packed for the matcher when they are first needed, not when the searcher is
//! made: packing a million titles takes a few hundred milliseconds of every core, which the
//! first screen need not wait for. Whoever reads them first packs them (a worker, never the UI
//! thread: the app sends a job to pack them once the first screen is drawn); a search that
//! comes meanwhile waits for that packing instead of doing it again.

use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::haystack::Haystacks;
use crate::domain::library::Library;

pub(super) struct Packing {
    packed: OnceLock<Haystacks>,
    /// The library whose titles are still to pack; let go once packed.
    source: Mutex<Option<Arc<Library>>>,
}

impl Packing {
    pub(super) fn packed(haystacks: Haystacks) -> Self {
        Self {
            packed: OnceLock::from(haystacks),
            source: Mutex::new(None),
        }
    }

    pub(super) fn later(library: Arc<Library>) -> Self {
        Self {
            packed: OnceLock::new(),
            source: Mutex::new(Some(library)),
        }
    }

    pub(super) fn is_packed(&self) -> bool {
        self.packed.get().is_some()
    }
}

impl Deref for Packing {
    type Target = Haystacks;

    /// The packed titles, packing them first if no one has.
    fn deref(&self) -> &Haystacks {
        self.packed.get_or_init(|| {
            let mut source = self.source.lock().unwrap_or_else(PoisonError::into_inner);
            // The library goes only once the titles are in the cell (a packing that panicked
            // leaves it for the next reader), so it is always there.
            debug_assert!(source.is_some(), "titles to pack without their library");
            let packed = source.as_deref().map_or_else(|| Haystacks::new([]), pack);
            *source = None;
            packed
        })
    }
}

/// Every title of `library`, in id order.
pub(super) fn pack(library: &Library) -> Haystacks {
    let entries: Vec<_> = library.entries().collect();
    Haystacks::of_all(&entries, |entry| entry.title())
}

#[cfg(test)]
mod tests {
    use super::super::TitleSearch;
    use super::*;

    fn library() -> Arc<Library> {
        Arc::new(Library::of_texts(&[
            ("a.txt", "Korea Defence Talks\n\nText."),
            ("b.txt", "Apple Harvest\n\nText."),
            ("c.txt", "Café Opens In Seoul\n\nText."),
            ("d.txt", "Korean Apple Exports\n\nText."),
        ]))
    }

    #[test]
    fn a_searcher_made_for_later_packs_nothing_until_asked() {
        let later = TitleSearch::for_library_later(library());
        assert!(!later.is_packed());
        let shared = later.share();
        shared.pack();
        assert!(later.is_packed(), "the packing is shared, not copied");
    }

    #[test]
    fn titles_packed_later_search_as_titles_packed_at_once() {
        let library = library();
        for query in ["", "korea", "apple", "cafe", "seoul", "kor app", "zzz"] {
            let mut now = TitleSearch::for_library(&library);
            let mut later = TitleSearch::for_library_later(Arc::clone(&library));
            assert_eq!(later.search(query), now.search(query), "{query:?}");
            assert!(later.is_packed());
        }
    }

    #[test]
    fn highlights_asked_before_the_packing_wait_for_nothing() {
        let mut later = TitleSearch::for_library_later(library());
        let first = crate::domain::library::ArticleId::new(0);
        assert_eq!(later.matched_chars(first, "korea"), Vec::<usize>::new());
        assert!(
            !later.is_packed(),
            "asking for highlights packed the titles"
        );
        later.pack();
        assert_eq!(later.matched_chars(first, "korea"), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn the_library_is_let_go_once_its_titles_are_packed() {
        let library = library();
        let later = TitleSearch::for_library_later(Arc::clone(&library));
        assert_eq!(Arc::strong_count(&library), 2);
        later.pack();
        assert_eq!(Arc::strong_count(&library), 1);
    }
}
