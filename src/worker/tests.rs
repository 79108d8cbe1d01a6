//! The workers without an app: generations, staleness, and what each job answers.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use super::*;
use crate::article::Block;
use crate::fulltext::{FullText, parse_query};
use crate::search::TitleSearch;

fn generated(count: usize) -> Library {
    crate::corpus::library(count)
}

fn workers() -> (Workers, Receiver<Action>) {
    let (sender, answers) = mpsc::channel();
    let workers = Workers::spawn(move |action| {
        let _ = sender.send(action);
    });
    (workers, answers)
}

fn next(answers: &Receiver<Action>) -> Action {
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
    // The index is built all the same (the newer query needs it); no results are sent.
    assert_eq!(answers, [Action::TextIndexReady { version: 0 }]);
    answers.clear();
    let job = Job::Titles {
        version: 0,
        titles: TitleSearch::for_library(&library),
        query: "korea".to_owned(),
    };
    runner.run(job, &stale, &mut |action| answers.push(action));
    let job = Job::Closest {
        library,
        name: "korea".to_owned(),
        limit: 5,
    };
    runner.run(job, &stale, &mut |action| answers.push(action));
    assert_eq!(answers, []);
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
    let ready: Vec<&Action> = answers
        .iter()
        .filter(|action| matches!(action, Action::TextIndexReady { .. }))
        .collect();
    assert_eq!(
        ready,
        [
            &Action::TextIndexReady { version: 0 },
            &Action::TextIndexReady { version: 1 }
        ]
    );
    let expected = FullText::new(&library).search(&library, &parse_query("the"));
    assert!(!expected.is_empty());
    for generation in 1..=3 {
        assert!(answers.contains(&Action::TextResults {
            generation,
            hits: expected.clone()
        }));
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
    });
    assert_eq!((closest, text, wrap), (1, 2, 3));
    let mut seen = Vec::new();
    while seen.len() < 4 {
        match next(&answers) {
            Action::ClosestTitles { generation, ids } => {
                assert_eq!(ids, crate::search::closest(&library, "korea defence", 3));
                seen.push(("closest", generation));
            }
            Action::TextIndexReady { version } => seen.push(("index", version)),
            Action::TextResults { generation, hits } => {
                let expected = FullText::new(&library).search(&library, &parse_query("korea"));
                assert_eq!(hits, expected);
                seen.push(("text", generation));
            }
            Action::Wrapped {
                generation,
                wrapped,
            } => {
                let expected = crate::wrap::wrap_article(
                    &library,
                    ArticleId::new(5),
                    30,
                    crate::wrap::Targets::WhenDifferent,
                );
                assert_eq!(*wrapped.0, expected);
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
    let library = generated(50_000);
    let titles = TitleSearch::for_library(&library);
    let (workers, answers) = workers();
    let mut last = 0;
    for end in 1..="korea defence".len() {
        last = workers.submit(Job::Titles {
            version: 0,
            titles: titles.share(),
            query: "korea defence"[..end].to_owned(),
        });
    }
    let expected: Vec<ArticleId> = titles
        .share()
        .search("korea defence")
        .into_iter()
        .map(|hit| hit.id)
        .collect();
    loop {
        let Action::SearchResults {
            generation,
            ids,
            complete,
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
        Action::Reloaded {
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
    assert_eq!(
        reloaded.0.timings.parsed, 1,
        "only the changed file is read"
    );
    assert_eq!(
        library.get(ArticleId::new(1)).title,
        "Beta",
        "the old one is as it was"
    );
    let body = reloaded.0.body(ArticleId::new(1)).unwrap();
    assert_eq!(body.blocks, [Block::Paragraph("rewritten".to_owned())]);
    assert_eq!(titles.0.len(), 2);
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
        if let Action::TextResults { hits, .. } = action {
            found = Some(hits.len());
        }
    });
    found.expect("the search answers")
}

#[test]
fn after_a_reload_the_index_on_disk_finds_the_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Harbour\nThe old quay.").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Market\nFresh fish.").unwrap();
    let options = LoadOptions::default();
    let library = Arc::new(Library::load(dir.path(), options).unwrap());
    let mut runner = Runner::with_cache(Some(cache.path().to_path_buf()));
    assert_eq!(text_hits(&mut runner, &library, 1, "quay "), 1);

    std::fs::write(dir.path().join("b.txt"), "Market\nLanterns on the quay.").unwrap();
    let (reloaded, _) = library
        .reloaded(&[dir.path().join("b.txt")], options)
        .expect("a reload");
    let reloaded = Arc::new(reloaded);
    // The index of version 1 held the writer lock: opened beside it, the new one could only
    // read what was indexed before the change.
    assert_eq!(text_hits(&mut runner, &reloaded, 2, "lanterns "), 1);
    assert_eq!(text_hits(&mut runner, &reloaded, 2, "quay "), 2);
}
