//! The start's heavy part: what a new [`App`] needs built over every article (the marks,
//! the list's folders and rows), made on the thread that loaded the
//! library so that the UI thread only lays out and draws the first screen.

use std::sync::Arc;

use super::App;
use crate::app::config::SortOrder;
use crate::app::list::ArticleList;
use crate::app::marks::Marks;
use crate::domain::library::Library;
use crate::domain::search::TitleSearch;
use crate::domain::store::Remembered;

/// What [`App::prepare`] builds, handed to [`App::with_prepared`]: sent from the loading
/// thread to the UI thread.
pub struct Prepared {
    pub(super) library: Arc<Library>,
    pub(super) titles: TitleSearch,
    pub(super) marks: Marks,
    pub(super) list: ArticleList,
}

impl App {
    /// Builds what the reader over `library` needs for every article, the list sorted by
    /// `sort` and `lookup` telling what is remembered of an article (as for
    /// [`App::with_marks`]). Meant for a thread other than the UI's. The title searcher packs
    /// its titles later, on a worker ([`TitleSearch::for_library_later`]): a million of them
    /// took longer than the marks and the rows together.
    pub fn prepare(
        library: Arc<Library>,
        sort: SortOrder,
        lookup: impl Fn(&str, &str) -> Remembered + Send + 'static,
    ) -> Prepared {
        let titles = TitleSearch::for_library_later(Arc::clone(&library));
        let marks = Marks::new(&library, Box::new(lookup));
        let mut list = ArticleList {
            sort,
            ..ArticleList::default()
        };
        list.recompute(&library, &marks);
        Prepared {
            library,
            titles,
            marks,
            list,
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;
    use crate::app::config::Config;
    use crate::app::list::ListEntry;
    use crate::domain::library::ArticleId;
    use crate::domain::worker::Job;

    #[test]
    fn what_another_thread_prepares_makes_the_same_reader_as_building_it_here() {
        let library = Arc::new(Library::of_texts(&[
            ("a/1.txt", "Zebra Crossing\n\nText."),
            ("a/2.txt", "Apple Harvest\n\nText."),
            ("b/1.txt", "Mango Season\n\nText."),
        ]));
        let lookup = |path: &str, _: &str| Remembered {
            starred: path == "a/2.txt",
            ..Remembered::default()
        };
        let shared = Arc::clone(&library);
        let prepared = std::thread::spawn(move || App::prepare(shared, SortOrder::Title, lookup))
            .join()
            .expect("prepared on another thread");
        let config = Config {
            sort: SortOrder::Title,
            ..Config::default()
        };
        let screen = Rect::new(0, 0, 100, 30);
        let mut sent = App::with_prepared(prepared, config.clone(), false, screen);
        let mut here = App::with_marks(library, config, false, screen, lookup);
        for app in [&mut sent, &mut here] {
            let titles: Vec<&str> = (app.list.rows.iter())
                .filter_map(|row| match *row {
                    ListEntry::Article(id) => Some(app.library.get(id).title()),
                    ListEntry::Heading(_) => None,
                })
                .collect();
            assert_eq!(titles, ["Apple Harvest", "Zebra Crossing", "Mango Season"]);
            assert!(app.remembered(ArticleId::new(1)).starred);
            assert!(!app.remembered(ArticleId::new(0)).starred);
            let hits = app.titles.search("mango");
            assert_eq!(
                hits.iter().map(|hit| hit.id).collect::<Vec<_>>(),
                [ArticleId::new(2)]
            );
            assert_eq!(app.current(), Some(ArticleId::new(0)));
        }
    }

    #[test]
    fn the_first_screen_leaves_packing_the_titles_to_a_worker() {
        let library = Arc::new(Library::of_texts(&[
            ("a.txt", "Zebra Crossing\n\nText."),
            ("b.txt", "Apple Harvest\n\nText."),
        ]));
        let nothing = |_: &str, _: &str| Remembered::default();
        let prepared = App::prepare(library, SortOrder::Title, nothing);
        let screen = Rect::new(0, 0, 100, 30);
        let mut app = App::with_prepared(prepared, Config::default(), false, screen);
        assert!(
            !app.titles.is_packed(),
            "the start packed the titles itself"
        );
        let jobs = app.take_effects().jobs;
        let packing: Vec<_> = (jobs.into_iter())
            .filter_map(|sent| match sent.job {
                Job::PackTitles { titles } => Some(titles),
                _ => None,
            })
            .collect();
        assert_eq!(packing.len(), 1, "one job packs the titles");
        packing[0].pack();
        assert!(app.titles.is_packed(), "the job packs the app's own titles");
    }
}
