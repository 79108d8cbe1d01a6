use super::*;

/// Entries of (path, raw path, title, links), in that order, with sizes and hashes taken
/// from their place.
fn entries(items: &[(&str, &[u8], &str, &[&str])]) -> Entries {
    let mut texts = Texts::new(0);
    let slots = (0u64..)
        .zip(items)
        .map(|(n, (path, raw, title, links))| {
            texts.push(path, raw, title, links.iter().copied(), n, n * 10)
        })
        .collect();
    Entries::new(slots, texts.finish())
}

/// An entry's path, raw path, title, links, size and hash, owned.
type Contents = (String, Vec<u8>, String, Vec<String>, u64, u64);

/// Every entry's [`Contents`].
fn contents(entries: &Entries) -> Vec<Contents> {
    entries
        .iter()
        .map(|entry| {
            (
                entry.path().to_owned(),
                entry.relative().to_vec(),
                entry.title().to_owned(),
                entry.links().map(str::to_owned).collect(),
                entry.size(),
                entry.hash(),
            )
        })
        .collect()
}

fn items() -> Vec<(
    &'static str,
    &'static [u8],
    &'static str,
    &'static [&'static str],
)> {
    vec![
        ("a.txt", b"a.txt", "Alpha", &["Beta", "Gamma"]),
        ("b.txt", b"b.txt", "Beta", &[]),
        ("c\u{241b}.txt", b"c\x1b.txt", "Gamma", &["Alpha"]),
        (
            "d/e.txt",
            b"d/e.txt",
            "A title long enough to fill a chunk",
            &["Alpha", "Beta"],
        ),
        ("f.txt", b"f.txt", "Phi", &["Nowhere"]),
    ]
}

#[test]
fn an_entry_is_a_small_record_and_a_target_a_word() {
    assert_eq!(std::mem::size_of::<Slot>(), 48);
    assert_eq!(std::mem::size_of::<Option<ArticleId>>(), 4);
}

#[test]
fn entries_give_back_what_was_pushed_across_chunks() {
    let entries = entries(&items());
    assert!(entries.chunks.len() > 1, "tests' chunks are tiny");
    let want: Vec<_> = (0u64..)
        .zip(items())
        .map(|(n, (path, raw, title, links))| {
            let links = links.iter().map(|link| (*link).to_owned()).collect();
            (
                path.to_owned(),
                raw.to_vec(),
                title.to_owned(),
                links,
                n,
                n * 10,
            )
        })
        .collect();
    assert_eq!(contents(&entries), want);
    // Only the path that sanitising changed keeps its raw bytes apart.
    let raws: usize = entries.chunks.iter().map(|chunk| chunk.raw.len()).sum();
    assert_eq!(raws, 1);
}

#[test]
fn targets_are_cut_from_one_array_by_each_entrys_start() {
    let mut entries = entries(&items());
    let counts = entries.link_counts();
    assert_eq!(counts, [2, 0, 1, 2, 1]);
    let id = |index| Some(ArticleId::new(index));
    entries.set_targets(&counts, vec![id(1), id(2), id(0), id(0), id(1), None]);
    let targets: Vec<&[Option<ArticleId>]> = entries.iter().map(Entry::targets).collect();
    assert_eq!(
        targets,
        [&[id(1), id(2)][..], &[], &[id(0)], &[id(0), id(1)], &[None]]
    );
}

#[test]
fn a_merge_replacing_one_entry_keeps_every_other_and_shares_their_strings() {
    let mut old = entries(&items());
    let counts = old.link_counts();
    let targets = vec![Some(ArticleId::new(0)); counts.iter().sum()];
    old.set_targets(&counts, targets);
    let fresh = entries(&[("b.txt", b"b.txt", "Beta Two", &["Alpha"])]);
    let merged = old.merged(
        |entry| entry.path() != "b.txt",
        fresh,
        |new, old| new.path() < old.path(),
    );
    assert!(merged.iter().all(|entry| entry.targets().is_empty()));
    let mut want = contents(&old);
    want[1] = (
        "b.txt".to_owned(),
        b"b.txt".to_vec(),
        "Beta Two".to_owned(),
        vec!["Alpha".to_owned()],
        0,
        0,
    );
    assert_eq!(contents(&merged), want);
    // Little of the old strings died: they are shared, not copied.
    assert!(
        (old.chunks.iter())
            .zip(&merged.chunks)
            .all(|(a, b)| Arc::ptr_eq(a, b))
    );
}

#[test]
fn a_merge_that_leaves_most_bytes_dead_packs_the_strings_again() {
    let old = entries(&items());
    let fresh = entries(&[("z.txt", b"z\xff.txt", "Zeta", &["Alpha"])]);
    let merged = old.merged(|entry| entry.path() == "b.txt", fresh, |_, _| false);
    let mut want = vec![contents(&old)[1].clone()];
    want.push((
        "z.txt".to_owned(),
        b"z\xff.txt".to_vec(),
        "Zeta".to_owned(),
        vec!["Alpha".to_owned()],
        0,
        0,
    ));
    assert_eq!(contents(&merged), want);
    let held: usize = merged.chunks.iter().map(|chunk| chunk.text.len()).sum();
    let live: usize = merged.slots.iter().map(Slot::text_len).sum();
    assert_eq!(held, live, "no dead bytes are kept");
    assert!(
        merged
            .chunks
            .iter()
            .all(|chunk| Arc::strong_count(chunk) == 1)
    );
}

#[test]
fn sorting_by_path_keeps_each_entrys_strings() {
    let mut entries = entries(&items());
    let mut want = contents(&entries);
    entries.sort_by_path(|a, b| b.cmp(a));
    want.reverse();
    assert_eq!(contents(&entries), want);
    assert_eq!(entries.search_path("b.txt", |a, b| b.cmp(a)), Ok(3));
}
