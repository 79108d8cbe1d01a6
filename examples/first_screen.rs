//! Measures what a user waits for: the time from starting the reader in a terminal until its
//! first screen (the article list) is drawn, and the reader's peak memory. BENCHMARKS.md's
//! start-up and memory rows come from this.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example first_screen -- --runs 5 -- --no-state --articles /tmp/lib100k
//! ```
//!
//! Each run starts `target/release/readmore` with the arguments after `--` in an 80x24
//! pseudo terminal, parses what it draws with a terminal emulator and stops the clock when the
//! status line under the list shows. The reader is then left running for `--settle` seconds (its
//! background work, such as building the full-text index, goes on) before its peak resident
//! memory (`VmHWM`) is read and it is asked to quit. Beside the wall time it gives the CPU time
//! the reader used until its first screen (user and system, every thread): on a shared machine
//! the wall time waits for a core, the CPU time does not.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[derive(Parser)]
struct Args {
    /// How many times to start the reader.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Seconds to leave the reader running after its first screen before reading its memory.
    #[arg(long, default_value_t = 0.0)]
    settle: f64,
    /// After the first screen (and `--settle`), rewrite this article file with a new title and
    /// time how long until the reader shows it (live reload); the file is restored afterwards.
    /// Use the first file in path order, whose title the first screen shows.
    #[arg(long)]
    change: Option<PathBuf>,
    /// The reader to start.
    #[arg(long, default_value = "target/release/readmore")]
    bin: PathBuf,
    /// Arguments for the reader.
    #[arg(last = true)]
    reader_args: Vec<String>,
}

/// What the first screen shows that the loading screen does not: the status line naming the
/// focused pane (the list's border title changes with the width and the counts).
const FIRST_SCREEN: &str = "│ list │";
const GIVE_UP: Duration = Duration::from_secs(120);

struct Run {
    first_screen: Duration,
    /// CPU time (user + system, every thread) the reader used until its first screen.
    cpu: Duration,
    /// The same, of its UI thread alone (the process's first thread).
    ui_cpu: Duration,
    peak_rss_kb: u64,
    change_shown: Option<Duration>,
}

/// The title a changed file gets: words no generated or real article holds.
const CHANGED_TITLE: &str = "Zyxwvut Changed Headline";

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut runs = Vec::with_capacity(args.runs);
    for run in 1..=args.runs {
        let measured = run_once(&args)?;
        println!(
            "run {run}: first screen {:.3} s (CPU {:.2} s, UI thread {:.2} s), peak RSS {} KB{}",
            measured.first_screen.as_secs_f64(),
            measured.cpu.as_secs_f64(),
            measured.ui_cpu.as_secs_f64(),
            measured.peak_rss_kb,
            measured.change_shown.map_or(String::new(), |shown| format!(
                ", changed file shown after {:.0} ms",
                shown.as_secs_f64() * 1000.0
            ))
        );
        runs.push(measured);
    }
    let mut times: Vec<Duration> = runs.iter().map(|run| run.first_screen).collect();
    times.sort();
    let median = |of: fn(&Run) -> Duration| {
        let mut times: Vec<Duration> = runs.iter().map(of).collect();
        times.sort();
        times[times.len() / 2].as_secs_f64()
    };
    let peak = runs.iter().map(|run| run.peak_rss_kb).max().unwrap_or(0);
    println!(
        "first screen: median {:.3} s, min {:.3} s, max {:.3} s over {} runs; CPU median {:.2} s (UI thread {:.2} s); peak RSS {} KB",
        times[times.len() / 2].as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        times.len(),
        median(|run| run.cpu),
        median(|run| run.ui_cpu),
        peak
    );
    Ok(())
}

fn run_once(args: &Args) -> anyhow::Result<Run> {
    let pty = native_pty_system().openpty(PtySize {
        rows: 24,
        cols: 80,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut command = CommandBuilder::new(std::fs::canonicalize(&args.bin)?);
    command.cwd(std::env::current_dir()?);
    command.args(&args.reader_args);
    command.env("TERM", "xterm-256color");
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(command)?;
    drop(pty.slave);
    let pid = child.process_id().unwrap_or(0);

    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(24).expect("rows"),
        NonZeroU16::new(80).expect("cols"),
        0,
    )));
    let mut reader = pty.master.try_clone_reader()?;
    let fed = Arc::clone(&parser);
    let pump = std::thread::spawn(move || {
        let mut buffer = [0u8; 65536];
        while let Ok(read) = reader.read(&mut buffer) {
            if read == 0 {
                break;
            }
            fed.lock().expect("parser").process(&buffer[..read]);
        }
    });

    let (first_screen, cpu, ui_cpu) = loop {
        if parser
            .lock()
            .expect("parser")
            .screen()
            .contents()
            .contains(FIRST_SCREEN)
        {
            let cpu = |stat: &str| cpu_time(&format!("/proc/{pid}/{stat}")).unwrap_or_default();
            break (
                started.elapsed(),
                cpu("stat"),
                cpu(&format!("task/{pid}/stat")),
            );
        }
        if started.elapsed() > GIVE_UP || child.try_wait()?.is_some() {
            let _ = child.kill();
            anyhow::bail!(
                "no first screen; the terminal shows:\n{}",
                parser.lock().expect("parser").screen().contents()
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    std::thread::sleep(Duration::from_secs_f64(args.settle));
    let peak_rss_kb = peak_rss_kb(pid).unwrap_or(0);
    let change_shown = match &args.change {
        Some(file) => {
            let original = std::fs::read(file)?;
            let changed =
                format!("{CHANGED_TITLE}\n\nThe text changed while the reader was open.\n");
            std::fs::write(file, changed)?;
            let written = Instant::now();
            let shown = wait_for(&parser, CHANGED_TITLE, written);
            std::fs::write(file, original)?;
            Some(shown.ok_or_else(|| anyhow::anyhow!("the changed title never showed"))?)
        }
        None => None,
    };

    let mut writer = pty.master.take_writer()?;
    writer.write_all(b"q")?;
    writer.flush()?;
    let quit = Instant::now();
    while child.try_wait()?.is_none() {
        if quit.elapsed() > Duration::from_secs(10) {
            child.kill()?;
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(writer);
    drop(pty.master);
    let _ = pump.join();
    Ok(Run {
        first_screen,
        cpu,
        ui_cpu,
        peak_rss_kb,
        change_shown,
    })
}

/// How long after `since` the screen first shows `text`, or `None` after [`GIVE_UP`].
fn wait_for(parser: &Mutex<vt100::Parser>, text: &str, since: Instant) -> Option<Duration> {
    while since.elapsed() < GIVE_UP {
        if parser
            .lock()
            .expect("parser")
            .screen()
            .contents()
            .contains(text)
        {
            return Some(since.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

/// The CPU time used so far (user and system) as `stat`, a process's `/proc/PID/stat` (every
/// thread) or a thread's `/proc/PID/task/TID/stat`, gives it, in clock ticks (100 a second).
fn cpu_time(stat: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(stat).ok()?;
    // The command name may hold spaces: the fields after it are counted from its `)`.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |field: usize| fields.get(field)?.parse::<u64>().ok();
    // utime and stime, fields 14 and 15 of the whole line.
    let total = ticks(11)? + ticks(12)?;
    Some(Duration::from_millis(total * 10))
}

/// The process's peak resident set size so far, from `/proc/PID/status`.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
