//! The list as folder sections: grouping, the sort orders, collapsing, and the maths between
//! articles and list rows that headings make necessary.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::state::App;
use super::views::{ListEntry, ListPosition, ListRow, Section};
use crate::app::config::SortOrder;
use crate::domain::library::ArticleId;

impl App {
    /// Groups the articles by folder, sorts each section and works out the rows: on start,
    /// after a reload and when the order changes. Collapsed folders stay collapsed.
    pub(super) fn recompute_visible(&mut self) {
        let collapsed: Vec<String> = (self.list.sections.iter())
            .filter(|section| section.collapsed)
            .map(|section| section.folder.clone())
            .collect();
        let mut folders: BTreeMap<&str, Vec<ArticleId>> = BTreeMap::new();
        for (id, entry) in self.library.iter() {
            let folder = entry.path.rsplit_once('/').map_or("", |(folder, _)| folder);
            folders.entry(folder).or_default().push(id);
        }
        let times = (self.list.sort == SortOrder::Newest).then(|| self.modified_times());
        let mut sections: Vec<Section> = folders
            .into_iter()
            .map(|(folder, articles)| Section {
                folder: folder.to_owned(),
                articles,
                collapsed: collapsed.iter().any(|c| c == folder),
            })
            .collect();
        for section in &mut sections {
            self.sort_section(&mut section.articles, times.as_deref());
        }
        let mut rank = vec![0; self.library.len()];
        let all = sections.iter().flat_map(|section| &section.articles);
        for (place, &id) in all.enumerate() {
            rank[id.index()] = place;
        }
        self.list.sections = sections;
        self.list.rank = rank;
        self.refilter();
    }

    /// Sorts one folder's articles (given in path order) by the list's order.
    fn sort_section(&self, articles: &mut [ArticleId], times: Option<&[Option<SystemTime>]>) {
        match self.list.sort {
            SortOrder::Path => {}
            SortOrder::Title => articles.sort_by_cached_key(|&id| {
                caseless::default_case_fold_str(&self.library.get(id).title)
            }),
            SortOrder::Newest => {
                let time = |id: ArticleId| times.and_then(|times| times[id.index()]);
                articles.sort_by_key(|&id| std::cmp::Reverse(time(id)));
            }
            SortOrder::Unread => articles.sort_by_key(|&id| self.remembered(id).read),
        }
    }

    /// Each article's file modification time, read once per sort (the library does not keep
    /// it): `None` for a file that cannot be asked, which sorts last.
    fn modified_times(&self) -> Vec<Option<SystemTime>> {
        let root = self.library.root();
        (self.library.entries().iter())
            .map(|entry| {
                let metadata = std::fs::metadata(root.join(&entry.path)).ok()?;
                metadata.modified().ok()
            })
            .collect()
    }

    /// Which rows the list shows: headings (when there are two folders or more) and the
    /// articles that pass the filter, those of collapsed folders left out. A folder with no
    /// article passing the filter has no heading either.
    pub(super) fn refilter(&mut self) {
        let grouped = self.list.sections.len() > 1;
        let mut rows = Vec::new();
        let mut headings = Vec::new();
        let mut row_by_id = vec![None; self.library.len()];
        let mut passing = Vec::with_capacity(self.list.sections.len() + 1);
        passing.push(0);
        for (index, section) in self.list.sections.iter().enumerate() {
            let count = (section.articles.iter())
                .filter(|&&id| self.passes_filter(id))
                .count();
            passing.push(passing.last().copied().unwrap_or(0) + count);
            let mut shown = section
                .articles
                .iter()
                .filter(|&&id| self.passes_filter(id));
            if grouped {
                let Some(&first) = shown.next() else {
                    continue;
                };
                headings.push(ListRow(rows.len()));
                rows.push(ListEntry::Heading(index));
                if section.collapsed {
                    continue;
                }
                row_by_id[first.index()] = Some(ListRow(rows.len()));
                rows.push(ListEntry::Article(first));
            }
            for &id in shown {
                row_by_id[id.index()] = Some(ListRow(rows.len()));
                rows.push(ListEntry::Article(id));
            }
        }
        self.list.rows = rows;
        self.list.row_by_id = row_by_id;
        self.list.headings = headings;
        self.list.passing = passing;
    }

    /// The list row of article `id`, or the first row after its place when it is not shown
    /// (filtered out, or in a collapsed folder: then its heading).
    pub(super) fn nearest_row(&self, id: ArticleId) -> ListRow {
        if let Some(row) = self.row_of(id) {
            return row;
        }
        let place = self
            .list
            .rank
            .get(id.index())
            .copied()
            .unwrap_or(usize::MAX);
        // The places in the whole list a row stands for end here: an article its own, a
        // collapsed heading its folder's, an open heading none (it ends where its folder
        // starts).
        let end = |entry: &ListEntry| match *entry {
            ListEntry::Article(shown) => self.list.rank[shown.index()] + 1,
            ListEntry::Heading(index) => {
                let section = &self.list.sections[index];
                let first = section
                    .articles
                    .first()
                    .map_or(0, |&id| self.list.rank[id.index()]);
                if section.collapsed {
                    first + section.articles.len()
                } else {
                    first
                }
            }
        };
        let row = self.list.rows.iter().position(|entry| end(entry) > place);
        ListRow(row.unwrap_or(self.list.rows.len()))
    }

    /// `O`: the next sort order, the selection kept on its article.
    pub(super) fn cycle_sort(&mut self) {
        self.list.sort = self.list.sort.next();
        self.keep_selection(Self::recompute_visible);
        self.message = Some(format!("sorted by {}", self.list.sort.name()));
    }

    /// `-`, or enter on a heading: collapses the folder of the selected row (selecting its
    /// heading), or expands it again.
    pub(super) fn toggle_section(&mut self) {
        let section = match self.list.rows.get(self.list.position.selected.0) {
            Some(&ListEntry::Heading(section)) => section,
            Some(&ListEntry::Article(id)) => {
                match self
                    .list
                    .sections
                    .iter()
                    .position(|s| s.articles.contains(&id))
                {
                    Some(section) => section,
                    None => return,
                }
            }
            None => return,
        };
        if self.list.sections.len() < 2 {
            return;
        }
        self.list.sections[section].collapsed ^= true;
        self.refilter();
        let heading = self
            .list
            .rows
            .iter()
            .position(|entry| *entry == ListEntry::Heading(section))
            .unwrap_or(0);
        let height = self.list_height();
        self.list.position.select(ListRow(heading), height);
        let len = self.list_len();
        self.list.position.move_by(0, len, height);
    }

    /// Runs `change` on the list and selects the same article (or the nearest row) after it.
    pub(super) fn keep_selection(&mut self, change: fn(&mut Self)) {
        let selected = self.selected_article();
        change(self);
        let row = selected.map_or(ListRow(0), |id| self.nearest_row(id));
        let height = self.list_height();
        let len = self.list_len();
        let position = &mut self.list.position;
        *position = ListPosition::default();
        position.move_by(isize::try_from(row.0).unwrap_or(isize::MAX), len, height);
    }

    /// The selected article's number among the articles that pass the filter (`None` on a
    /// heading), and how many pass it: headings are not counted, the stories of a collapsed
    /// folder are.
    pub fn list_place(&self) -> (Option<usize>, usize) {
        let count = self.filtered_count();
        let selected = self.list.position.selected;
        self.selected_article().map_or((None, count), |_| {
            let headings = &self.list.headings;
            let above = headings.partition_point(|&row| row < selected);
            let number = match above.checked_sub(1).map(|n| headings[n]) {
                Some(heading) => {
                    let before = match self.list.rows[heading.0] {
                        ListEntry::Heading(section) => self.list.passing[section],
                        ListEntry::Article(_) => 0,
                    };
                    before + selected.0 - heading.0
                }
                None => selected.0 + 1,
            };
            (Some(number), count)
        })
    }

    /// How many articles pass the list's filter, folded folders' included.
    pub fn filtered_count(&self) -> usize {
        self.list.passing.last().copied().unwrap_or(0)
    }

    /// Unread and total articles of section `section`, for its heading.
    pub fn section_counts(&self, section: usize) -> (usize, usize) {
        let articles = &self.list.sections[section].articles;
        let unread = (articles.iter())
            .filter(|&&id| !self.remembered(id).read)
            .count();
        (unread, articles.len())
    }
}

#[cfg(test)]
mod tests;
