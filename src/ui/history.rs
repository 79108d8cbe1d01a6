//! The reading history: the titles that led to the open article, shortened to fit the reader's
//! border, and the popup listing the whole history of this run (`T`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::{Styles, popup_frame};
use super::text::{truncate, truncate_words};
use crate::app::App;

const SEPARATOR: &str = " › ";
/// Put in front when older titles are left out.
const ELIDED: &str = "… › ";
/// The border shows at most this many titles before the open one: a few steps back, not a log.
const MAX_EARLIER: usize = 4;
/// An earlier title gets at least this many columns, or it is left out: fewer say nothing.
const MIN_EARLIER: usize = 8;

/// `titles` (oldest first, the open article last) as one line of at most `width` columns:
/// `… › Summit in Singapore › Rally in Pyongyang`. The open article always shows, shortened
/// (at a word's end where it can) so that the title before it shows as well; each earlier
/// title is then shortened to what is left (at most a third of the width, so that several
/// fit), and the oldest are left out only when fewer than [`MIN_EARLIER`] columns remain.
pub fn history_label(titles: &[&str], width: usize) -> String {
    let Some((current, earlier)) = titles.split_last() else {
        return String::new();
    };
    // What one earlier title needs beside the open one: its share, a separator, and the
    // mark of older ones if there are more.
    let lead = |shown: usize| {
        if shown < earlier.len() {
            ELIDED.width()
        } else {
            0
        }
    };
    let newest = earlier
        .last()
        .map_or(0, |title| title.width().min(MIN_EARLIER));
    let reserve = SEPARATOR.width() + newest + lead(1);
    if earlier.is_empty() || width < ELIDED.width() + MIN_EARLIER {
        return truncate_words(current, width);
    }
    // No room for an earlier title: the mark alone says there is a history (`T` shows it).
    if width < reserve + current.width().min(MIN_EARLIER) {
        return format!(
            "{ELIDED}{}",
            truncate_words(current, width - ELIDED.width())
        );
    }
    let cap = (width / 3).max(MIN_EARLIER);
    // The open title whole if the one before still gets its share; else it gives way, down
    // to half the room (or less when that would not leave the title before eight columns).
    let beside = SEPARATOR.width() + lead(1);
    let wanted = earlier.last().map_or(0, |title| title.width().min(cap));
    let current_room = if current.width() + beside + wanted <= width {
        current.width()
    } else {
        (width - beside - wanted)
            .max((width - beside) / 2)
            .min(width - reserve)
    };
    let current = truncate_words(current, current_room);
    let mut used = current.width();
    let mut shown = Vec::new();
    for title in earlier.iter().rev().take(MAX_EARLIER) {
        let room = width.saturating_sub(used + SEPARATOR.width() + lead(shown.len() + 1));
        if room < title.width().min(MIN_EARLIER) {
            break;
        }
        let part = truncate_words(title, room.min(cap));
        used += SEPARATOR.width() + part.width();
        shown.push(part);
    }
    let mut label = if shown.len() < earlier.len() {
        ELIDED.to_owned()
    } else {
        String::new()
    };
    for part in shown.iter().rev() {
        label.push_str(part);
        label.push_str(SEPARATOR);
    }
    label.push_str(&current);
    label
}

/// The history popup: every visit of this run, newest first, the current one marked `●`
/// and the selected one highlighted; scrolled so that the selection shows.
pub fn render(app: &App, selected: usize, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let rows = app.history_rows();
    let width = area.width.saturating_sub(4).min(64);
    let height = u16::try_from(rows.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2));
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let inner = popup_frame(" History ", " enter:go  esc:close ", styles, popup, buf);
    let visible = usize::from(inner.height);
    let first = (selected + 1).saturating_sub(visible);
    let room = usize::from(inner.width).saturating_sub(3);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(row, (title, current))| {
            let mark = if *current { "●" } else { " " };
            let text = format!(" {mark} {}", truncate(title, room));
            if row == selected {
                let pad = usize::from(inner.width).saturating_sub(text.width());
                Line::styled(format!("{text}{}", " ".repeat(pad)), styles.selected)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_title_is_the_title() {
        assert_eq!(
            history_label(&["Rally in Pyongyang"], 68),
            "Rally in Pyongyang"
        );
        assert_eq!(history_label(&[], 68), "");
    }

    #[test]
    fn a_short_history_shows_whole() {
        assert_eq!(
            history_label(&["Summit in Singapore", "Rally in Pyongyang"], 68),
            "Summit in Singapore › Rally in Pyongyang"
        );
    }

    #[test]
    fn an_earlier_title_is_shortened_before_it_is_dropped() {
        // The reader's border at 80 columns leaves 68 for the history.
        let titles = [
            "Harbourton Port Records Busiest Year in a Decade",
            "Fishermen’s Market Extends Weekend Hours",
            "Talks in Hanoi",
            "Rally in Pyongyang",
        ];
        let label = history_label(&titles, 68);
        assert_eq!(
            label,
            "Harbour… › Fishermen’s Market… › Talks in Hanoi › Rally in Pyongyang"
        );
        assert!(label.width() <= 68);
        // With fewer than eight columns left, the oldest goes.
        assert_eq!(
            history_label(&titles, 66),
            "… › Fishermen’s Market… › Talks in Hanoi › Rally in Pyongyang"
        );
    }

    #[test]
    fn the_open_title_gives_way_so_that_the_one_before_shows() {
        let titles = [
            "Harbour Bridge Reopens",
            "North Korea skips talks in Beijing",
            "West Meets The East at the Summit in Geneva",
        ];
        assert_eq!(
            history_label(&titles, 40),
            "… › North Korea… › West Meets The East…"
        );
        assert_eq!(
            history_label(&titles[1..], 36),
            "North Korea… › West Meets The East…"
        );
        // Too narrow for two titles of eight columns: the open one, and a mark for the rest.
        assert_eq!(history_label(&titles, 18), "… › West Meets…");
        assert_eq!(history_label(&titles, 11), "West Meets…");
    }

    #[test]
    fn a_long_open_title_is_cut_but_always_shows() {
        let long = "A Very Long Title About Everything That Happened in the Harbour This Year";
        let label = history_label(&["Summit in Singapore", long], 40);
        assert!(label.starts_with("Summit"), "{label}");
        assert!(label.contains(" › A Very Long"), "{label}");
        assert!(label.ends_with('…'));
        assert!(label.width() <= 40);
    }

    #[test]
    fn at_most_a_few_earlier_titles_show() {
        let titles = ["A", "B", "C", "D", "E", "F"];
        assert_eq!(history_label(&titles, 200), "… › B › C › D › E › F");
    }

    #[test]
    fn the_label_never_exceeds_the_width() {
        let titles = [
            "Summit in Singapore",
            "日本語の記事です",
            "Rally in Pyongyang",
        ];
        for width in 0..90 {
            let label = history_label(&titles, width);
            assert!(label.width() <= width, "{width}: {label}");
            assert!(label.contains("Rally") || width < 24, "{width}: {label}");
        }
    }
}
