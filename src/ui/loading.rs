//! The screen shown while a library loads: how many files have been read so far.

use std::path::Path;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use super::text::truncate;
use crate::domain::sanitize::sanitize;

/// Progress of a load in flight.
#[derive(Debug, Clone, Copy)]
pub struct Loading<'a> {
    pub files: usize,
    pub root: &'a Path,
}

impl Widget for Loading<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [middle] = Layout::vertical([Constraint::Length(2)])
            .flex(ratatui::layout::Flex::Center)
            .areas(area);
        let width = usize::from(area.width);
        let root = sanitize(&self.root.display().to_string());
        let lines = vec![
            Line::raw(truncate(&format!("Loading {root}…"), width)).centered(),
            Line::raw(truncate(
                &format!("{} files read (q to quit)", self.files),
                width,
            ))
            .centered(),
        ];
        Paragraph::new(lines).render(middle, buf);
    }
}
