//! The workers without an app: generations, staleness, and what each job answers.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use super::*;
use crate::domain::article::Block;
use crate::domain::fulltext::{FullText, parse_query};
use crate::domain::search::TitleSearch;

fn generated(count: usize) -> Library {
    crate::domain::corpus::library(count)
}

/// Workers with jobs numbered from 1, as the app numbers them.
struct Numbered {
    workers: Workers,
    last: std::cell::Cell<u64>,
}

impl Numbered {
    fn new(workers: Workers) -> Self {
        let last = std::cell::Cell::new(0);
        Self { workers, last }
    }

    /// Hands `job` out; returns the generation its answers carry.
    fn submit(&self, job: Job) -> u64 {
        let generation = self.last.get() + 1;
        self.last.set(generation);
        self.workers.submit(Submission { generation, job });
        generation
    }
}

fn workers() -> (Numbered, Receiver<Answer>) {
    let (sender, answers) = mpsc::channel();
    let workers = Workers::spawn(move |action| {
        let _ = sender.send(action);
    });
    (Numbered::new(workers), answers)
}

fn next(answers: &Receiver<Answer>) -> Answer {
    answers
        .recv_timeout(Duration::from_secs(60))
        .expect("a worker answers")
}

/// A ticket for `generation` whose lane has since moved on to `latest`.
fn ticket(generation: u64, latest: u64) -> Ticket {
    Ticket {
        generation,
        latest: Arc::new(AtomicU64::new(latest)),
    }
}

#[test]
fn a_stale_job_answers_nothing() {
    let library = Arc::new(generated(2_000));
    let mut runner = Runner::default();
    let mut answers = Vec::new();
    let stale = ticket(1, 2);
    let job = Job::FullText {
        library: Arc::clone(&library),
        version: 0,
        query: "korea".to_owned(),
    };
    runner.run(job, &stale, &mut |action| answers.push(action));
    // The index is built all the same (the newer query needs it), saying how far it has
    // come (at once, then a few times a second at most: how many reports depends on the
    // machine's speed); no results are sent.
    let (last, reports) = answers.split_last().expect("answers");
    assert!(
        matches!(last, Answer::TextIndexReady { version: 0 }),
        "{last:?}"
    );
    assert!(matches!(
        reports.first(),
        Some(Answer::TextIndexProgress {
            version: 0,
            done: 0,
            total: 2_000
        })
    ));
    let done: Vec<usize> = (reports.iter())
        .map(|report| match report {
            Answer::TextIndexProgress {
                version: 0,
                done,
                total: 2_000,
            } => *done,
            other => panic!("only progress before the index is ready: {other:?}"),
        })
        .collect();
    assert!(
        done.is_sorted() && done.iter().all(|&done| done < 2_000),
        "{done:?}"
    );
    answers.clear();
    let job = Job::Titles {
        version: 0,
        titles: TitleSearch::for_library(&library),
        query: "korea".to_owned(),
        rows: usize::MAX,
    };
    runner.run(job, &stale, &mut |action| answers.push(action));
    let job = Job::Closest {
        library,
        name: "korea".to_owned(),
        limit: 5,
        exclude: Vec::new(),
    };
    runner.run(job, &stale, &mut |action| answers.push(action));
    assert!(answers.is_empty(), "{answers:?}");
}

#[test]
fn the_index_is_built_once_per_library_version() {
    let library = Arc::new(generated(500));
    let mut runner = Runner::default();
    let mut answers = Vec::new();
    for (generation, version) in [(1, 0), (2, 0), (3, 1)] {
        let job = Job::FullText {
            library: Arc::clone(&library),
            version,
            query: "the".to_owned(),
        };
        runner.run(job, &ticket(generation, generation), &mut |action| {
            answers.push(action);
        });
    }
    let ready: Vec<u64> = answers
        .iter()
        .filter_map(|answer| match answer {
            Answer::TextIndexReady { version } => Some(*version),
            _ => None,
        })
        .collect();
    assert_eq!(ready, [0, 1]);
    let expected = FullText::new(&library).search(&library, &parse_query("the"));
    assert!(!expected.is_empty());
    for generation in 1..=3 {
        assert!(answers.iter().any(|answer| matches!(
            answer,
            Answer::TextResults { generation: g, hits } if *g == generation && *hits == expected
        )));
    }
}

#[test]
fn answers_carry_their_job_generation_unique_over_kinds() {
    let library = Arc::new(generated(300));
    let (workers, answers) = workers();
    let closest = workers.submit(Job::Closest {
        library: Arc::clone(&library),
        name: "korea defence".to_owned(),
        limit: 3,
        exclude: vec![ArticleId::new(0)],
    });
    let text = workers.submit(Job::FullText {
        library: Arc::clone(&library),
        version: 7,
        query: "korea".to_owned(),
    });
    let wrap = workers.submit(Job::Wrap {
        library: Arc::clone(&library),
        id: ArticleId::new(5),
        width: 30,
        around: None,
    });
    assert_eq!((closest, text, wrap), (1, 2, 3));
    let mut seen = Vec::new();
    while seen.len() < 4 {
        match next(&answers) {
            Answer::ClosestTitles { generation, ids } => {
                let index = crate::domain::search::ClosestIndex::new(&library);
                let close = index.close_titles("korea defence", 3, &[ArticleId::new(0)]);
                assert_eq!(ids, close);
                seen.push(("closest", generation));
            }
            Answer::TextIndexReady { version } => seen.push(("index", version)),
            Answer::TextIndexProgress { version, done, .. } => {
                assert_eq!((version, done), (7, 0), "the first report comes at once");
            }
            Answer::TextResults { generation, hits } => {
                let expected = FullText::new(&library).search(&library, &parse_query("korea"));
                assert_eq!(hits, expected);
                seen.push(("text", generation));
            }
            Answer::Wrapped {
                generation,
                wrapped,
            } => {
                let expected = crate::domain::wrap::wrap_article(
                    &library,
                    ArticleId::new(5),
                    30,
                    crate::domain::wrap::Targets::WhenDifferent,
                );
                assert_eq!(*wrapped, expected);
                seen.push(("wrap", generation));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    seen.sort_unstable();
    assert_eq!(
        seen,
        [("closest", 1), ("index", 7), ("text", 2), ("wrap", 3)]
    );
}

#[test]
fn a_burst_of_queries_ends_with_the_answer_to_the_last() {
    let library = generated(20_000);
    let titles = TitleSearch::for_library(&library);
    let (workers, answers) = workers();
    let mut last = 0;
    for end in 1..="korea defence".len() {
        last = workers.submit(Job::Titles {
            version: 0,
            titles: titles.share(),
            query: "korea defence"[..end].to_owned(),
            rows: usize::MAX,
        });
    }
    let expected: Vec<ArticleId> = titles
        .share()
        .search("korea defence")
        .into_iter()
        .map(|hit| hit.id)
        .collect();
    loop {
        let Answer::SearchResults {
            generation,
            ids,
            complete,
            ..
        } = next(&answers)
        else {
            panic!("only title answers");
        };
        assert!(generation <= last);
        if generation == last && complete {
            assert_eq!(ids, expected);
            break;
        }
    }
}

#[test]
fn a_reload_reads_only_the_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("a.txt", "Alpha\nfirst"), ("b.txt", "Beta\nsecond")] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let library = Arc::new(Library::load(dir.path(), LoadOptions::default()).unwrap());
    std::fs::write(dir.path().join("b.txt"), "Beta\nrewritten").unwrap();
    let mut answers = Vec::new();
    let job = Job::Reload {
        library: Arc::clone(&library),
        paths: vec![dir.path().join("b.txt")],
        options: LoadOptions::default(),
    };
    Runner::default().run(job, &ticket(1, 1), &mut |action| answers.push(action));
    let [
        Answer::Reloaded {
            generation: 1,
            library: reloaded,
            titles,
            change,
        },
    ] = answers.as_slice()
    else {
        panic!("one reload answer: {answers:?}");
    };
    assert_eq!(change.changed, ["b.txt"]);
    assert_eq!(reloaded.timings.parsed, 1, "only the changed file is read");
    assert_eq!(
        library.get(ArticleId::new(1)).title(),
        "Beta",
        "the old one is as it was"
    );
    let body = reloaded.body(ArticleId::new(1)).unwrap();
    assert_eq!(body.blocks, [Block::Paragraph("rewritten".to_owned())]);
    assert_eq!(titles.len(), 2);
}

/// The full-text hits of `query` over `library` (as library `version`), from `runner`.
fn text_hits(runner: &mut Runner, library: &Arc<Library>, version: u64, query: &str) -> usize {
    let job = Job::FullText {
        library: Arc::clone(library),
        version,
        query: query.to_owned(),
    };
    let mut found = None;
    runner.run(job, &ticket(1, 1), &mut |action| {
        if let Answer::TextResults { hits, .. } = action {
            found = Some(hits.len());
        }
    });
    found.expect("the search answers")
}

/// A library of two stories (`a.txt` on the old quay, `b.txt` on fresh fish) in a temporary
/// folder, and a runner whose index cache is in another (returned second, to live as long).
fn quay_and_fish() -> (tempfile::TempDir, tempfile::TempDir, Arc<Library>, Runner) {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Harbour\nThe old quay.").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Market\nFresh fish.").unwrap();
    let library = Arc::new(Library::load(dir.path(), LoadOptions::default()).unwrap());
    let runner = Runner::with_cache(Some(cache.path().to_path_buf()));
    (dir, cache, library, runner)
}

/// Rewrites `b.txt` of [`quay_and_fish`] to lanterns on the quay, and reloads it.
fn lanterns_on_the_quay(dir: &tempfile::TempDir, library: &Library) -> (Arc<Library>, Change) {
    std::fs::write(dir.path().join("b.txt"), "Market\nLanterns on the quay.").unwrap();
    let (reloaded, change) = library
        .reloaded(&[dir.path().join("b.txt")], LoadOptions::default())
        .expect("a reload");
    (Arc::new(reloaded), change)
}

#[test]
fn after_a_reload_the_index_on_disk_finds_the_changed_file() {
    let (dir, _cache, library, mut runner) = quay_and_fish();
    assert_eq!(text_hits(&mut runner, &library, 1, "quay "), 1);

    let (reloaded, _) = lanterns_on_the_quay(&dir, &library);
    // The index of version 1 held the writer lock: opened beside it, the new one could only
    // read what was indexed before the change.
    assert_eq!(text_hits(&mut runner, &reloaded, 2, "lanterns "), 1);
    assert_eq!(text_hits(&mut runner, &reloaded, 2, "quay "), 2);
}

#[test]
fn a_reload_updates_the_held_index_and_the_next_search_finds_the_new_text_only() {
    let (dir, _cache, library, mut runner) = quay_and_fish();
    assert_eq!(text_hits(&mut runner, &library, 1, "fish "), 1);

    let (reloaded, change) = lanterns_on_the_quay(&dir, &library);
    let mut answers = Vec::new();
    let job = Job::TextUpdate {
        library: Arc::clone(&reloaded),
        change,
        from: 1,
        to: 2,
    };
    runner.run(job, &ticket(2, 2), &mut |action| answers.push(action));
    assert!(
        matches!(answers.as_slice(), [Answer::TextIndexReady { version: 2 }]),
        "{answers:?}"
    );

    answers.clear();
    let job = Job::FullText {
        library: Arc::clone(&reloaded),
        version: 2,
        query: "lanterns ".to_owned(),
    };
    runner.run(job, &ticket(3, 3), &mut |action| answers.push(action));
    let [Answer::TextResults { hits, .. }] = answers.as_slice() else {
        panic!("results at once, with no index to open or build: {answers:?}");
    };
    assert_eq!(hits.len(), 1);
    assert_eq!(reloaded.get(hits[0].id).path(), "b.txt");
    assert_eq!(
        text_hits(&mut runner, &reloaded, 2, "fish "),
        0,
        "the old text"
    );
    assert_eq!(text_hits(&mut runner, &reloaded, 2, "quay "), 2);
}

#[test]
fn an_update_for_another_library_than_the_index_held_leaves_it_to_be_reopened() {
    let library = Arc::new(generated(50));
    let mut runner = Runner::with_cache(None);
    assert!(text_hits(&mut runner, &library, 1, "the") > 0);
    let mut answers = Vec::new();
    let job = Job::TextUpdate {
        library: Arc::clone(&library),
        change: Default::default(),
        from: 5,
        to: 6,
    };
    runner.run(job, &ticket(2, 2), &mut |action| answers.push(action));
    assert!(
        answers.is_empty(),
        "nothing held for library 5: {answers:?}"
    );
}

#[test]
fn updates_are_never_stale_and_run_in_order_with_the_searches_of_their_lane() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Harbour\nThe old quay.").unwrap();
    let options = LoadOptions::default();
    let library = Arc::new(Library::load(dir.path(), options).unwrap());
    let cache = tempfile::tempdir().unwrap();
    let (sender, answers) = mpsc::channel();
    let workers = Numbered::new(Workers::with_cache(
        move |action| {
            let _ = sender.send(action);
        },
        Some(cache.path().to_path_buf()),
    ));
    workers.submit(Job::Similar {
        library: Arc::clone(&library),
        version: 0,
        id: ArticleId::new(0),
    });
    // Two reloads in a row, then a search: each update is taken, the search sees both.
    let mut current = library;
    for (version, word) in [(1, "lanterns"), (2, "seagulls")] {
        std::fs::write(
            dir.path().join("b.txt"),
            format!("Market\n{word} by the quay."),
        )
        .unwrap();
        let (next, change) = current
            .reloaded(&[dir.path().join("b.txt")], options)
            .expect("a reload");
        current = Arc::new(next);
        workers.submit(Job::TextUpdate {
            library: Arc::clone(&current),
            change,
            from: version - 1,
            to: version,
        });
    }
    let search = workers.submit(Job::FullText {
        library: Arc::clone(&current),
        version: 2,
        query: "seagulls quay".to_owned(),
    });
    let mut ready = Vec::new();
    loop {
        match next(&answers) {
            Answer::TextIndexReady { version } => ready.push(version),
            Answer::TextResults { generation, hits } => {
                assert_eq!(generation, search);
                assert_eq!(hits.len(), 1);
                assert_eq!(current.get(hits[0].id).path(), "b.txt");
                break;
            }
            Answer::SimilarStories { .. } | Answer::TextIndexProgress { .. } => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(ready, [0, 1, 2], "built once, then updated twice");
}

#[test]
fn drop_later_frees_on_another_thread() {
    struct Noisy(mpsc::Sender<std::thread::ThreadId>);
    impl Drop for Noisy {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }
    let (sender, freed) = mpsc::channel();
    drop_later(Noisy(sender));
    let on = freed
        .recv_timeout(Duration::from_secs(10))
        .expect("freed at all");
    assert_ne!(on, std::thread::current().id());
}

#[test]
fn a_build_moves_on_to_the_library_a_reload_made_and_lets_the_old_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    // More than a thousand articles: the build asks for a newer library every thousand.
    for n in 0..2_001 {
        let text = format!("Story {n}\nThe old quay, {n}.");
        std::fs::write(dir.path().join(format!("{n:04}.txt")), text).unwrap();
    }
    let library = Arc::new(Library::load(dir.path(), LoadOptions::default()).unwrap());
    let first = dir.path().join("0000.txt");
    std::fs::write(&first, "Story 0\nLanterns on the quay.").unwrap();
    let (reloaded, _) = library
        .reloaded(&[first], LoadOptions::default())
        .expect("a reload");
    let reloaded = Arc::new(reloaded);
    let newest = Newest::default();
    newest.set(2, &reloaded);
    let mut runner = Runner::following(Some(cache.path().to_path_buf()), newest);

    let old = Arc::downgrade(&library);
    let mut answers = Vec::new();
    let mut let_go_when_built = None;
    let job = Job::Similar {
        library,
        version: 1,
        id: ArticleId::new(0),
    };
    runner.run(job, &ticket(1, 1), &mut |action| {
        if let Answer::TextIndexReady { .. } = action {
            let_go_when_built = Some(old.upgrade().is_none());
        }
        answers.push(action);
    });
    assert_eq!(let_go_when_built, Some(true), "the older library is let go");
    let ready: Vec<u64> = (answers.iter())
        .filter_map(|answer| match answer {
            Answer::TextIndexReady { version } => Some(*version),
            _ => None,
        })
        .collect();
    assert_eq!(ready, [2], "the index is the newer library's");
    assert!(
        !(answers.iter()).any(|answer| matches!(answer, Answer::SimilarStories { .. })),
        "no answer about the older library"
    );
    assert_eq!(text_hits(&mut runner, &reloaded, 2, "lanterns "), 1);
    assert_eq!(text_hits(&mut runner, &reloaded, 2, "old "), 2_000);
    assert_eq!(text_hits(&mut runner, &reloaded, 2, "quay "), 2_001);
}
