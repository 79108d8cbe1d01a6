//! Frame timings for debug builds: with `READMORE_TIMINGS=FILE` set, one line per turn of the
//! event loop that updated or drew is appended to FILE — the longest single `update`, all
//! updates, and drawing, in µs, and whether it drew — so that a test (or a person) can check
//! that no update takes more than a frame, and that an idle reader does nothing. Updates are timed
//! twice: by the wall clock (what the user waits) and by the UI thread's own CPU time (the
//! work `update` did, which a busy machine's scheduler cannot inflate, so a test can hold it).
//! Release builds never open the file: the variable is a development aid, not a feature.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

/// Where frame timings go, if anywhere, and the updates of the frame being made.
#[derive(Default)]
pub struct Timings {
    file: Option<BufWriter<File>>,
    updates: u32,
    longest: Duration,
    longest_cpu: Duration,
    total: Duration,
    /// How long this turn's drawing took, if it drew.
    drawn: Option<Duration>,
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
        let (started, started_cpu) = (Instant::now(), thread_cpu_time());
        let result = update();
        let took = started.elapsed();
        self.updates += 1;
        self.longest = self.longest.max(took);
        self.longest_cpu = self
            .longest_cpu
            .max(thread_cpu_time().saturating_sub(started_cpu));
        self.total += took;
        result
    }

    /// Runs `draw`, timing it when timings are on.
    pub fn draw<T>(&mut self, draw: impl FnOnce() -> T) -> T {
        if self.file.is_none() {
            return draw();
        }
        let started = Instant::now();
        let result = draw();
        self.drawn = Some(started.elapsed());
        result
    }

    /// Ends a turn of the event loop: writes its line, if it updated or drew anything.
    pub fn turn_done(&mut self) {
        let Some(file) = &mut self.file else {
            return;
        };
        if self.updates == 0 && self.drawn.is_none() {
            return;
        }
        let line = format!(
            "updates={} update_max_us={} update_max_cpu_us={} update_total_us={} draw_us={} drew={}",
            self.updates,
            self.longest.as_micros(),
            self.longest_cpu.as_micros(),
            self.total.as_micros(),
            self.drawn.unwrap_or_default().as_micros(),
            u8::from(self.drawn.is_some()),
        );
        // Flushed per frame, so the file is complete however the reader ends.
        if writeln!(file, "{line}")
            .and_then(|()| file.flush())
            .is_err()
        {
            self.file = None;
        }
        self.updates = 0;
        (self.longest, self.longest_cpu, self.total) = Default::default();
        self.drawn = None;
    }
}

/// CPU time the calling thread has used.
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call's duration, and
    // CLOCK_THREAD_CPUTIME_ID is supported on every system readmore builds for.
    let failed = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } != 0;
    if failed {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}
