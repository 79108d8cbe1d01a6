//! `readmore check` run twice: the second prints the report the first kept, unless an article
//! file changed, was added or removed, in which case it checks again and says what it found.

use std::process::Output;

use crate::search::{Sandbox, rewrite_in_place, settle};

/// `check`'s stdout without its timings line, and its exit code.
fn report(out: &Output) -> (String, Option<i32>) {
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let (report, timings) = text.trim_end().rsplit_once('\n').expect("a timings line");
    assert!(timings.starts_with("timings: "), "{timings}");
    (report.to_owned(), out.status.code())
}

#[test]
fn a_second_check_sees_a_file_rewritten_in_place_and_a_bad_file_it_has_not_seen() {
    let sandbox = Sandbox::new();
    sandbox.write("a/one.txt", "One\n\nText.\n\nRead More: Two\n");
    sandbox.write("b/two.txt", "Two\n\nText.\n");
    settle();
    let first = report(&sandbox.run(&["check"]));
    assert_eq!(first.1, Some(0), "{}", first.0);
    assert_eq!(report(&sandbox.run(&["check"])), first, "the kept report");

    rewrite_in_place(
        &sandbox.library().join("b/two.txt"),
        "Two\n\nText.\n\nRead More: Nowhere\n",
    );
    settle();
    let dangling = report(&sandbox.run(&["check"]));
    assert_eq!(dangling.1, Some(1), "{}", dangling.0);
    assert!(
        dangling.0.contains("  b/two.txt: Read More: Nowhere"),
        "{}",
        dangling.0
    );
    assert_eq!(report(&sandbox.run(&["check"])), dangling);

    sandbox.write("b/bad.txt", "\n\n\n");
    settle();
    let bad = report(&sandbox.run(&["check"]));
    assert!(bad.0.contains("skipped: 1\n  b/bad.txt: "), "{}", bad.0);
    assert_eq!(report(&sandbox.run(&["check"])), bad);
    // Without the cache, the same report from every file.
    assert_eq!(report(&sandbox.run(&["check", "--no-cache"])), bad);
}
