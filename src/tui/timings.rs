//! Frame timings for debug builds: with `READMORE_TIMINGS=FILE` set, one line per frame is
//! appended to FILE — the longest single `update`, all updates, and drawing, in µs — so that
//! a test (or a person) can check that no update takes more than a frame. Release builds never
//! open the file: the variable is a development aid, not a feature.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

/// Where frame timings go, if anywhere, and the updates of the frame being made.
#[derive(Default)]
pub struct Timings {
    file: Option<BufWriter<File>>,
    updates: u32,
    longest: Duration,
    total: Duration,
}

impl Timings {
    /// Timings to the file named by `READMORE_TIMINGS`, in a debug build; else none. A file
    /// that cannot be created means no timings, never a failed start.
    pub fn from_env() -> Self {
        let file = std::env::var_os("READMORE_TIMINGS")
            .filter(|_| cfg!(debug_assertions))
            .and_then(|path| File::create(path).ok())
            .map(BufWriter::new);
        Self {
            file,
            ..Self::default()
        }
    }

    /// Runs `update`, timing it when timings are on.
    pub fn update<T>(&mut self, update: impl FnOnce() -> T) -> T {
        if self.file.is_none() {
            return update();
        }
        let started = Instant::now();
        let result = update();
        let took = started.elapsed();
        self.updates += 1;
        self.longest = self.longest.max(took);
        self.total += took;
        result
    }

    /// Runs `draw` and writes the frame's line.
    pub fn draw<T>(&mut self, draw: impl FnOnce() -> T) -> T {
        let Some(file) = &mut self.file else {
            return draw();
        };
        let started = Instant::now();
        let result = draw();
        let line = format!(
            "updates={} update_max_us={} update_total_us={} draw_us={}",
            self.updates,
            self.longest.as_micros(),
            self.total.as_micros(),
            started.elapsed().as_micros()
        );
        // Flushed per frame, so the file is complete however the reader ends.
        if writeln!(file, "{line}")
            .and_then(|()| file.flush())
            .is_err()
        {
            self.file = None;
        }
        (self.updates, self.longest, self.total) = (0, Duration::ZERO, Duration::ZERO);
        result
    }
}
