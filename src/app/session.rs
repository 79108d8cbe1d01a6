//! The visits of a run, kept for the next one: the article open at quit reopens where reading
//! stopped, and back and forward walk the last run's history, as a browser restores a session.

use super::App;
use super::history::{History, Visit};
use crate::domain::store::{self, Session};
use crate::domain::wrap::DisplayLine;

impl App {
    /// This run's visits (path and scroll of each), the open one current; `None` before any
    /// article was shown. The open article's scroll is where the reader is now (during a
    /// search, the article open before it).
    pub fn session(&self) -> Option<Session> {
        let mut visits: Vec<store::Visit> = self
            .history
            .visits()
            .iter()
            .map(|visit| store::Visit {
                path: self.library.get(visit.article).path().to_owned(),
                scroll: visit.scroll.0,
            })
            .collect();
        let mut current = self.history.cursor();
        let (path, scroll) = self.open_position()?;
        match visits.get_mut(current) {
            Some(visit) if visit.path == path => visit.scroll = scroll,
            _ => {
                visits.push(store::Visit {
                    path: path.to_owned(),
                    scroll,
                });
                current = visits.len() - 1;
            }
        }
        Some(Session { visits, current })
    }

    /// Reopens the last run: its current visit at its scroll (not marked read: the user has
    /// not chosen it in this run), with the visits before and after it as back and forward
    /// history. Visits to articles no longer in the library are dropped, the cursor staying on
    /// the nearest earlier one. False when none of them is in the library.
    pub fn restore_session(&mut self, session: &Session) -> bool {
        let mut visits = Vec::new();
        let mut current = None;
        for (index, visit) in session.visits.iter().enumerate() {
            let Some(article) = self.library.find_path(&visit.path) else {
                continue;
            };
            if index <= session.current || current.is_none() {
                current = Some(visits.len());
            }
            visits.push(Visit {
                article,
                scroll: DisplayLine(visit.scroll),
                link: None,
            });
        }
        let Some(current) = current else {
            return false;
        };
        let open = visits[current];
        self.history = History::restored(visits, current);
        let _closed = self.reader.close();
        self.display(open.article, open.scroll, None);
        // Shown, not chosen: read only once the user reads it.
        self.hold_read_timer();
        let moved = self.reader.scroll_to(open.scroll, self.reader_height());
        self.reader_moved(moved);
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::app::action::{Command, Motion};
    use crate::app::tests::{app, open_title, title};

    #[test]
    fn the_last_runs_history_comes_back_with_the_open_article() {
        let mut app = app();
        open_title(&mut app, "Beta Story");
        app.update(Motion::PageDown);
        open_title(&mut app, "Delta Story");
        open_title(&mut app, "Gamma Story");
        app.update(Command::Back);
        let session = app.session().unwrap();
        let paths: Vec<&str> = session.visits.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["0.txt", "1.txt", "3.txt", "2.txt"]);
        assert_eq!(session.current, 2, "Delta is open, Gamma ahead");

        let mut next_run = self::app();
        assert!(next_run.restore_session(&session));
        assert_eq!(title(&next_run), "Delta Story");
        assert!(
            !next_run.remembered(next_run.current().unwrap()).read,
            "reopening is not reading"
        );
        next_run.update(Command::Back);
        assert_eq!(title(&next_run), "Beta Story");
        assert_eq!(next_run.reader.scroll().0, session.visits[1].scroll);
        next_run.update(Command::Forward);
        next_run.update(Command::Forward);
        assert_eq!(title(&next_run), "Gamma Story");
    }
}
