//! The list as folder sections: grouping, the sort orders, collapsing, and the maths between
//! articles and list rows that headings make necessary.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::list::{ArticleList, ListEntry, ListPosition, ListRow, NO_ROW, Section};
use super::marks::Marks;
use crate::app::config::SortOrder;
use crate::domain::library::{ArticleId, Library};

impl ArticleList {
    /// Groups the articles of `library` by folder, sorts each section and works out the rows:
    /// on start, after a reload and when the order changes. Collapsed folders stay collapsed.
    pub fn recompute(&mut self, library: &Library, marks: &Marks) {
        let collapsed: Vec<String> = (self.sections.iter())
            .filter(|section| section.collapsed)
            .map(|section| section.folder.clone())
            .collect();
        let mut folders: BTreeMap<&str, Vec<ArticleId>> = BTreeMap::new();
        // A folder's files mostly follow one another in path order: each run of them is
        // filed at once, rather than every article looked up among the folders.
        let mut run: (&str, Vec<ArticleId>) = ("", Vec::new());
        for (id, entry) in library.iter() {
            let folder = entry
                .path()
                .rsplit_once('/')
                .map_or("", |(folder, _)| folder);
            if folder != run.0 && !run.1.is_empty() {
                let (done, ids) = std::mem::replace(&mut run, (folder, Vec::new()));
                folders.entry(done).or_default().extend(ids);
            }
            run.0 = folder;
            run.1.push(id);
        }
        if !run.1.is_empty() {
            folders.entry(run.0).or_default().extend(run.1);
        }
        let times = (self.sort == SortOrder::Newest).then(|| modified_times(library));
        let mut sections: Vec<Section> = folders
            .into_iter()
            .map(|(folder, articles)| Section {
                folder: folder.to_owned(),
                articles,
                collapsed: collapsed.iter().any(|c| c == folder),
            })
            .collect();
        for section in &mut sections {
            self.sort_section(library, marks, &mut section.articles, times.as_deref());
        }
        let mut rank = vec![0; library.len()];
        let all = sections.iter().flat_map(|section| &section.articles);
        // Places count articles, which fit in a `u32` (`ArticleId`).
        for (place, &id) in all.enumerate() {
            rank[id.index()] = place as u32;
        }
        self.sections = sections;
        self.rank = rank;
        self.refilter(marks);
    }

    /// Sorts one folder's articles (given in path order) by the list's order.
    fn sort_section(
        &self,
        library: &Library,
        marks: &Marks,
        articles: &mut [ArticleId],
        times: Option<&[Option<SystemTime>]>,
    ) {
        match self.sort {
            SortOrder::Path => {}
            SortOrder::Title => articles
                .sort_by_cached_key(|&id| caseless::default_case_fold_str(library.get(id).title())),
            SortOrder::Newest => {
                let time = |id: ArticleId| times.and_then(|times| times[id.index()]);
                articles.sort_by_key(|&id| std::cmp::Reverse(time(id)));
            }
            SortOrder::Unread => articles.sort_by_key(|&id| marks.get(id).read),
        }
    }

    /// Which rows the list shows: headings (when there are two folders or more) and the
    /// articles that pass the filter, those of collapsed folders left out. A folder with no
    /// article passing the filter has no heading either.
    pub fn refilter(&mut self, marks: &Marks) {
        let grouped = self.sections.len() > 1;
        let passes = |id: ArticleId| self.filter.passes(marks.get(id));
        let mut rows = Vec::new();
        let mut headings = Vec::new();
        let mut row_by_id = vec![NO_ROW; self.rank.len()];
        let mut passing = Vec::with_capacity(self.sections.len() + 1);
        passing.push(0);
        for (index, section) in self.sections.iter().enumerate() {
            let count = (section.articles.iter()).filter(|&&id| passes(id)).count();
            passing.push(passing.last().copied().unwrap_or(0) + count);
            let mut shown = section.articles.iter().filter(|&&id| passes(id));
            if grouped {
                let Some(&first) = shown.next() else {
                    continue;
                };
                headings.push(ListRow(rows.len()));
                // Sections and rows are fewer than articles and headings: they fit in a `u32`.
                rows.push(ListEntry::Heading(index as u32));
                if section.collapsed {
                    continue;
                }
                row_by_id[first.index()] = rows.len() as u32;
                rows.push(ListEntry::Article(first));
            }
            for &id in shown {
                row_by_id[id.index()] = rows.len() as u32;
                rows.push(ListEntry::Article(id));
            }
        }
        self.rows = rows;
        self.row_by_id = row_by_id;
        self.headings = headings;
        self.passing = passing;
    }

    /// The list row of article `id`, or the first row after its place when it is not shown
    /// (filtered out, or in a collapsed folder: then its heading).
    pub fn nearest_row(&self, id: ArticleId) -> ListRow {
        if let Some(row) = self.row_of(id) {
            return row;
        }
        let rank = |id: ArticleId| self.rank[id.index()] as usize;
        let place = self
            .rank
            .get(id.index())
            .map_or(usize::MAX, |&place| place as usize);
        // The places in the whole list a row stands for end here: an article its own, a
        // collapsed heading its folder's, an open heading none (it ends where its folder
        // starts).
        let end = |entry: &ListEntry| match *entry {
            ListEntry::Article(shown) => rank(shown) + 1,
            ListEntry::Heading(index) => {
                let section = &self.sections[index as usize];
                let first = section.articles.first().map_or(0, |&id| rank(id));
                if section.collapsed {
                    first + section.articles.len()
                } else {
                    first
                }
            }
        };
        let row = self.rows.iter().position(|entry| end(entry) > place);
        ListRow(row.unwrap_or(self.rows.len()))
    }

    /// `O`: the next sort order, the selection kept on its article.
    pub fn cycle_sort(&mut self, library: &Library, marks: &Marks, height: usize) {
        self.sort = self.sort.next();
        self.keep_selection(height, |list| list.recompute(library, marks));
    }

    /// Switches the filter, keeping the selection on the same article when it stays visible.
    pub fn set_filter(&mut self, filter: super::list::ListFilter, marks: &Marks, height: usize) {
        self.filter = filter;
        self.keep_selection(height, |list| list.refilter(marks));
    }

    /// `-`, or enter on a heading: collapses the folder of the selected row (selecting its
    /// heading), or expands it again.
    pub fn toggle_section(&mut self, marks: &Marks, height: usize) {
        let Some(section) = self.selected_section() else {
            return;
        };
        if self.sections.len() < 2 {
            return;
        }
        self.sections[section].collapsed ^= true;
        self.refilter(marks);
        let heading = (self.rows.iter())
            .position(|entry| *entry == ListEntry::Heading(section as u32))
            .unwrap_or(0);
        self.position.select(ListRow(heading), height);
        self.move_by(0, height);
    }

    /// Runs `change` on the list and selects the same article (or the nearest row) after it.
    fn keep_selection(&mut self, height: usize, change: impl FnOnce(&mut Self)) {
        let selected = self.selected_article();
        change(self);
        let row = selected.map_or(ListRow(0), |id| self.nearest_row(id));
        self.position = ListPosition::default();
        self.move_by(isize::try_from(row.0).unwrap_or(isize::MAX), height);
    }

    /// The selected article's number among the articles that pass the filter (`None` on a
    /// heading), and how many pass it: headings are not counted, the stories of a collapsed
    /// folder are.
    pub fn place(&self) -> (Option<usize>, usize) {
        let count = self.filtered_count();
        let selected = self.position.selected;
        self.selected_article().map_or((None, count), |_| {
            let headings = &self.headings;
            let above = headings.partition_point(|&row| row < selected);
            let number = match above.checked_sub(1).map(|n| headings[n]) {
                Some(heading) => {
                    let before = match self.rows[heading.0] {
                        ListEntry::Heading(section) => self.passing[section as usize],
                        ListEntry::Article(_) => 0,
                    };
                    before + selected.0 - heading.0
                }
                None => selected.0 + 1,
            };
            (Some(number), count)
        })
    }

    /// How many articles pass the filter, folded folders' included.
    pub fn filtered_count(&self) -> usize {
        self.passing.last().copied().unwrap_or(0)
    }

    /// Unread and total articles of section `section`, for its heading.
    pub fn section_counts(&self, section: usize, marks: &Marks) -> (usize, usize) {
        let articles = &self.sections[section].articles;
        let unread = (articles.iter()).filter(|&&id| !marks.get(id).read).count();
        (unread, articles.len())
    }
}

/// Each article's file modification time, read once per sort (the library does not keep
/// it): `None` for a file that cannot be asked, which sorts last.
fn modified_times(library: &Library) -> Vec<Option<SystemTime>> {
    let root = library.root();
    (library.entries())
        .map(|entry| {
            let metadata = std::fs::metadata(root.join(entry.path())).ok()?;
            metadata.modified().ok()
        })
        .collect()
}

#[cfg(test)]
mod tests;
