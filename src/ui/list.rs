//! The article list pane: every title, or the search results while searching.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::style::Styles;
use super::text::truncate;
use crate::app::config::SortOrder;
use crate::app::{App, Focus, ListEntry, ListPosition, ListRow, SearchKind};
use crate::domain::library::ArticleId;
use crate::domain::plural::counted;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

pub fn render(app: &App, styles: &Styles, block: Block<'_>, area: Rect, buf: &mut Buffer) {
    let (ids, position, highlights, title): (&[ArticleId], ListPosition, &[Vec<usize>], String) =
        match app.overlays.search() {
            Some(search) => (
                &search.results,
                search.position,
                &search.highlights,
                match search.kind {
                    SearchKind::FullText => counted(search.results.len(), "article", "articles"),
                    SearchKind::Titles if search.closest => {
                        counted(search.results.len(), "closest title", "closest titles")
                    }
                    SearchKind::Titles => counted(search.total, "match", "matches"),
                },
            ),
            None => (
                &[],
                app.list.position,
                &[],
                border_title(app, usize::from(area.width).saturating_sub(4)),
            ),
        };
    let searching = app.overlays.search().is_some();
    let len = if searching { ids.len() } else { app.list_len() };
    // The border keeps a corner and a space each side; a title too long for it ends in `…`.
    let room = usize::from(area.width).saturating_sub(4);
    let block = block.title(format!(" {} ", truncate(&title, room)));
    let inner = block.inner(area);
    block.render(area, buf);

    let width = usize::from(inner.width);
    let height = app.list_height();
    let snippets = match app.overlays.search() {
        Some(search) if search.kind == SearchKind::FullText => {
            Some((&search.snippets, &search.snippet_hits))
        }
        _ => None,
    };
    let first = position.offset.0;
    let rows = (first..len.min(first + height)).flat_map(|index| {
        let id = if searching {
            Some(ids[index])
        } else {
            if let Some(&ListEntry::Heading(section)) = app.list.rows.get(index) {
                let selected = index == position.selected.0 && app.focus == Focus::List;
                return vec![heading(app, section as usize, selected, styles, width)];
            }
            app.article_at(ListRow(index))
        };
        let Some(id) = id else {
            return vec![Line::raw("")];
        };
        let title = &app.library.get(id).title();
        let remembered = app.remembered(id);
        let current = if app.current() == Some(id) {
            '▸'
        } else {
            ' '
        };
        let mark = match (remembered.starred, remembered.read) {
            (true, _) => '★',
            (false, false) => '•',
            (false, true) => ' ',
        };
        let text = truncate(title, width.saturating_sub(3));
        let matched = highlights.get(index - first).map_or(&[][..], Vec::as_slice);
        let mut spans = vec![Span::raw(format!("{current}{mark} "))];
        spans.extend(highlighted(text, matched, styles));
        let mut line = Line::from(spans);
        if !remembered.read {
            line = line.style(styles.unread);
        }
        let is_selected = index == position.selected.0;
        let line = if is_selected && (app.focus == Focus::List || searching) {
            line.patch_style(styles.selected)
        } else if is_selected {
            line.patch_style(styles.selected_inactive)
        } else {
            line
        };
        // Full-text results show where the words were found, on a second row.
        let snippet = snippets.and_then(|(snippets, hits)| {
            Some((
                snippets.get(index)?,
                hits.get(index).map_or(&[][..], Vec::as_slice),
            ))
        });
        match snippet {
            Some((snippet, hits)) => {
                let (shown, hits) = around_first_hit(snippet, hits, width.saturating_sub(3));
                let mut spans = vec![Span::styled("   ", styles.muted)];
                spans.extend(hit_spans(shown, &hits, styles));
                vec![line, Line::from(spans)]
            }
            None => vec![line],
        }
    });
    let mut lines: Vec<Line> = rows.collect();
    if len == 0 {
        let closest = app.overlays.search().is_some_and(|search| search.closest);
        // Said whole: the short form where the long one does not fit.
        let empty = if closest && width >= "no title comes close".len() {
            "no title comes close"
        } else if closest {
            "none close"
        } else if searching {
            "no matches"
        } else {
            "no articles"
        };
        lines.push(Line::styled(empty, styles.muted));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// A folder's heading row: open or collapsed, its path, and `unread/total`.
fn heading(
    app: &App,
    section: usize,
    selected: bool,
    styles: &Styles,
    width: usize,
) -> Line<'static> {
    let folder = &app.list.sections[section];
    let (unread, total) = app.section_counts(section);
    let mark = if folder.collapsed { '▹' } else { '▾' };
    let name = if folder.folder.is_empty() {
        "."
    } else {
        &folder.folder
    };
    let counts = format!(" {unread}/{total}");
    // The counts stay whole; a long folder name gives way.
    let room = width.saturating_sub(counts.width() + 2);
    let text = format!("{mark} {}{counts}", truncate(name, room));
    let style = if selected {
        styles.heading.patch(styles.selected)
    } else {
        styles.heading
    };
    Line::styled(truncate(&text, width), style)
}

/// `snippet` cut to `width` columns so that its first hit (of `hits`, byte ranges in it) is
/// in view: from a little before the hit, with `…` where the start was cut; and the hits'
/// ranges in what is shown.
fn around_first_hit(
    snippet: &str,
    hits: &[Range<usize>],
    width: usize,
) -> (String, Vec<Range<usize>>) {
    let Some(hit) = hits
        .first()
        .filter(|hit| snippet.get(Range::clone(hit)).is_some())
    else {
        return (truncate(snippet, width), Vec::new());
    };
    let before = snippet[..hit.start].width();
    let hit_width = snippet[hit.clone()].width();
    let (start, lead) = if before + hit_width <= width {
        (0, "")
    } else {
        // Keep a quarter of the width before the hit for context.
        let room = width / 4;
        let mut start = hit.start;
        let mut used = 0;
        for (at, c) in snippet[..hit.start].char_indices().rev() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > room {
                break;
            }
            used += w;
            start = at;
        }
        (start, "…")
    };
    let shown = truncate(&format!("{lead}{}", &snippet[start..]), width);
    // Text cut at the end ends in `…`: a hit is kept up to where the text was cut.
    let kept = if shown.len() < lead.len() + snippet.len() - start {
        shown.len().saturating_sub('…'.len_utf8())
    } else {
        shown.len()
    };
    let moved = (hits.iter())
        .filter(|hit| hit.start >= start)
        .map(|hit| {
            (hit.start - start + lead.len()).min(kept)..(hit.end - start + lead.len()).min(kept)
        })
        .filter(|hit| !hit.is_empty() && shown.get(hit.clone()).is_some())
        .collect();
    (shown, moved)
}

/// `text` in the muted style with its `hits` (byte ranges) highlighted.
fn hit_spans(text: String, hits: &[Range<usize>], styles: &Styles) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for hit in hits {
        if hit.start < at {
            continue;
        }
        spans.push(Span::styled(text[at..hit.start].to_owned(), styles.muted));
        spans.push(Span::styled(text[hit.clone()].to_owned(), styles.matched));
        at = hit.end;
    }
    spans.push(Span::styled(text[at..].to_owned(), styles.muted));
    spans
}

/// The list's border title in the longest form that fits `room` columns, from `Articles
/// 11/18 unread · unread only · newest first` down to `11/18 · unread · new` and `11/18 · • ·
/// new`: words give way before numbers, and the active filter and sort always show. Past the
/// shortest form the count is cut, not the marks.
fn border_title(app: &App, room: usize) -> String {
    let (unread, total) = (app.unread_count(), app.library.len());
    let counts = [
        format!("Articles {unread}/{total} unread"),
        format!("{unread}/{total} unread"),
        format!("{unread}/{total}"),
    ];
    let filter = filter_labels(app);
    let sort = sort_labels(app.list.sort);
    // (counts, filter, sort): each step shortens one part.
    let steps = [
        (0, 0, 0),
        (1, 0, 0),
        (1, 1, 1),
        (2, 1, 1),
        (2, 1, 2),
        (2, 2, 2),
    ];
    let form = |(c, f, s): (usize, usize, usize)| {
        let mut parts = vec![counts[c].as_str()];
        parts.extend(filter.map(|labels| labels[f]));
        parts.extend(sort.map(|labels| labels[s]));
        parts.join(" · ")
    };
    if let Some(title) = steps.into_iter().map(form).find(|t| t.width() <= room) {
        return title;
    }
    let marks: Vec<&str> = filter
        .map(|l| l[2])
        .into_iter()
        .chain(sort.map(|l| l[2]))
        .collect();
    let marks = marks.join(" ");
    if marks.is_empty() {
        return truncate(&counts[2], room);
    }
    let count_room = room.saturating_sub(marks.width() + 1);
    match truncate(&counts[2], count_room) {
        count if count.is_empty() => truncate(&marks, room),
        count => format!("{marks} {count}"),
    }
}

/// The active filter, longest to shortest, when one is on.
fn filter_labels(app: &App) -> Option<[&'static str; 3]> {
    match (app.list.filter.unread_only, app.list.filter.starred_only) {
        (false, false) => None,
        (true, false) => Some(["unread only", "unread", "•"]),
        (false, true) => Some(["starred only", "starred", "★"]),
        (true, true) => Some(["unread starred", "unread ★", "•★"]),
    }
}

/// The list's order, longest to shortest, unless it is path order.
fn sort_labels(sort: SortOrder) -> Option<[&'static str; 3]> {
    match sort {
        SortOrder::Path => None,
        SortOrder::Title => Some(["by title", "title", "A–Z"]),
        SortOrder::Newest => Some(["newest first", "newest", "new"]),
        SortOrder::Unread => Some(["unread first", "unread 1st", "•1st"]),
    }
}

/// Splits `text` into spans, styling the chars at `matched` positions.
fn highlighted(text: String, matched: &[usize], styles: &Styles) -> Vec<Span<'static>> {
    if matched.is_empty() {
        return vec![Span::raw(text)];
    }
    text.chars()
        .enumerate()
        .map(|(n, c)| {
            if matched.binary_search(&n).is_ok() {
                Span::styled(c.to_string(), styles.matched)
            } else {
                Span::raw(c.to_string())
            }
        })
        .collect()
}
