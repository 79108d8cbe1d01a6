//! The reading trail: the titles that led to the open article, shortened to fit the reader's
//! border, and the popup listing the whole history of this run (`T`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::Styles;
use super::text::truncate;
use crate::app::App;

const SEPARATOR: &str = " › ";
/// Put in front when older titles are left out.
const ELIDED: &str = "… › ";
/// The trail shows at most this many titles before the open one: a few steps back, not a log.
const MAX_EARLIER: usize = 4;

/// `titles` (oldest first, the open article last) as one line of at most `width` columns:
/// `… › Summit in Singapore › Rally in Pyongyang`. The open article always shows, cut with an
/// ellipsis if it must be; earlier titles are each cut to a third of the width so that
/// several fit, and the oldest go first when they do not.
pub fn trail_label(titles: &[&str], width: usize) -> String {
    let Some((current, earlier)) = titles.split_last() else {
        return String::new();
    };
    // Too narrow for the mark and a few letters: the open article alone.
    if earlier.is_empty() || width < ELIDED.width() + 4 {
        return truncate(current, width);
    }
    let current = truncate(current, width - ELIDED.width());
    let cap = (width / 3).max(8);
    let mut used = current.width();
    let mut shown = Vec::new();
    for (n, title) in earlier.iter().rev().take(MAX_EARLIER).enumerate() {
        let part = truncate(title, cap);
        // Unless this is the oldest title, the mark of older ones goes in front too.
        let lead = if n + 1 == earlier.len() {
            0
        } else {
            ELIDED.width()
        };
        if used + SEPARATOR.width() + part.width() + lead > width {
            break;
        }
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
    Clear.render(popup, buf);
    let block = Block::bordered()
        .title(" History ")
        .title_bottom(Line::from(" enter:go  esc:close ").right_aligned())
        .border_style(styles.border_focused);
    let inner = block.inner(popup);
    block.render(popup, buf);
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
            trail_label(&["Rally in Pyongyang"], 68),
            "Rally in Pyongyang"
        );
        assert_eq!(trail_label(&[], 68), "");
    }

    #[test]
    fn a_short_history_shows_whole() {
        assert_eq!(
            trail_label(&["Summit in Singapore", "Rally in Pyongyang"], 68),
            "Summit in Singapore › Rally in Pyongyang"
        );
    }

    #[test]
    fn trail_truncation_at_80_columns_keeps_the_open_title_and_drops_the_oldest() {
        // The reader's border at 80 columns leaves 68 for the trail.
        let titles = [
            "Harbourton Port Records Busiest Year in a Decade",
            "Fishermen’s Market Extends Weekend Hours",
            "Talks in Hanoi",
            "Rally in Pyongyang",
        ];
        let label = trail_label(&titles, 68);
        assert_eq!(
            label,
            "… › Fishermen’s Market Ex… › Talks in Hanoi › Rally in Pyongyang"
        );
        assert!(label.width() <= 68);
    }

    #[test]
    fn a_long_open_title_is_cut_but_always_shows() {
        let long = "A Very Long Title About Everything That Happened in the Harbour This Year";
        let label = trail_label(&["Summit in Singapore", long], 40);
        assert!(label.starts_with("… › A Very Long"), "{label}");
        assert!(label.ends_with('…'));
        assert_eq!(label.width(), 40);
    }

    #[test]
    fn at_most_a_few_earlier_titles_show() {
        let titles = ["A", "B", "C", "D", "E", "F"];
        assert_eq!(trail_label(&titles, 200), "… › B › C › D › E › F");
    }

    #[test]
    fn the_label_never_exceeds_the_width() {
        let titles = [
            "Summit in Singapore",
            "日本語の記事です",
            "Rally in Pyongyang",
        ];
        for width in 0..90 {
            let label = trail_label(&titles, width);
            assert!(label.width() <= width, "{width}: {label}");
            assert!(label.contains("Rally") || width < 24, "{width}: {label}");
        }
    }
}
