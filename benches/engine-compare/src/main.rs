//! Throwaway harness for readmore issue 11: tantivy vs SQLite FTS5 on the generated library.
//!
//! fts-bench LIBDIR WORKDIR [ROUNDS]
//!
//! Builds both indexes (interleaved, twice), then measures per-keystroke latency of
//! `korea defence`, the phrase `"north korea"`, incremental updates and Unicode/CJK semantics,
//! always alternating the engines so both see the same machine load.

mod tok;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rusqlite::{Connection, params};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
    Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

const TITLE_BOOST: f32 = 2.0;
const TOP: usize = 50;
const MAX_EXPANSIONS: usize = 50;
const QUERY: &str = "korea defence";

struct Doc {
    id: u64,
    path: PathBuf,
    title: String,
    body: String,
}

/// The readmore article format: first non-blank line the title, other non-blank lines
/// paragraphs, `Read More:` lines are links (not indexed).
fn parse(text: &str) -> (String, String) {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().unwrap_or("").to_string();
    let mut body = String::with_capacity(text.len());
    for line in lines.filter(|l| !l.starts_with("Read More:")) {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(line);
    }
    (title, body)
}

fn load(dir: &Path) -> Result<Vec<Doc>> {
    let mut paths = vec![];
    let mut folders: Vec<_> = std::fs::read_dir(dir)?.map(|e| e.unwrap().path()).collect();
    folders.sort();
    for folder in folders {
        let mut files: Vec<_> = std::fs::read_dir(&folder)?.map(|e| e.unwrap().path()).collect();
        files.sort();
        paths.extend(files);
    }
    paths
        .into_iter()
        .enumerate()
        .map(|(i, path)| {
            let text = std::fs::read_to_string(&path)?;
            let (title, body) = parse(&text);
            Ok(Doc { id: i as u64, path, title, body })
        })
        .collect()
}

fn body_from_file(path: &Path) -> String {
    parse(&std::fs::read_to_string(path).unwrap()).1
}

// ----------------------------------------------------------------------------- tantivy

fn analyzer(kind: &str) -> TextAnalyzer {
    match kind {
        // tantivy's "default": SimpleTokenizer + RemoveLong(40) + LowerCaser
        "default" => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build(),
        "default+fold" => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
        "cjk+fold" => TextAnalyzer::builder(tok::CjkBigramTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
        _ => panic!("unknown analyzer {kind}"),
    }
}

struct Tv {
    index: Index,
    reader: IndexReader,
    writer: IndexWriter,
    id: Field,
    title: Field,
    body: Field,
    analyzer: TextAnalyzer,
    store_body: bool,
}

impl Tv {
    fn create(dir: &Path, kind: &str, store_body: bool, threads: usize) -> Result<Tv> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let mut sb = Schema::builder();
        let id = sb.add_u64_field("id", INDEXED | STORED | FAST);
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("rm")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let title = sb.add_text_field(
            "title",
            TextOptions::default().set_indexing_options(indexing.clone()).set_stored(),
        );
        let mut body_opts = TextOptions::default().set_indexing_options(indexing);
        if store_body {
            body_opts = body_opts.set_stored();
        }
        let body = sb.add_text_field("body", body_opts);
        let index = Index::create_in_dir(dir, sb.build())?;
        index.tokenizers().register("rm", analyzer(kind));
        let writer = index.writer_with_num_threads(threads, 100_000_000 * threads)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Tv { index, reader, writer, id, title, body, analyzer: analyzer(kind), store_body })
    }

    fn add(&mut self, d: &Doc) -> Result<()> {
        let mut doc = TantivyDocument::default();
        doc.add_u64(self.id, d.id);
        doc.add_text(self.title, &d.title);
        doc.add_text(self.body, &d.body);
        self.writer.add_document(doc)?;
        Ok(())
    }

    fn tokens(&self, text: &str) -> Vec<String> {
        let mut a = self.analyzer.clone();
        let mut st = a.token_stream(text);
        let mut v = vec![];
        while st.advance() {
            v.push(st.token().text.clone());
        }
        v
    }

    /// Terms of `title`/`body` starting with `prefix`, most frequent first (like Lucene's
    /// top-terms rewrite), so the prefix word is still ranked by BM25 and highlighted.
    fn expand(&self, searcher: &tantivy::Searcher, prefix: &str) -> Result<Vec<String>> {
        let mut df: HashMap<Vec<u8>, u64> = HashMap::new();
        let start = prefix.as_bytes();
        let end = prefix_end(start);
        for seg in searcher.segment_readers() {
            for field in [self.title, self.body] {
                let inv = seg.inverted_index(field)?;
                let mut b = inv.terms().range().ge(start);
                if let Some(end) = &end {
                    b = b.lt(end);
                }
                let mut stream = b.into_stream()?;
                while stream.advance() {
                    *df.entry(stream.key().to_vec()).or_default() +=
                        stream.value().doc_freq as u64;
                }
            }
        }
        let mut terms: Vec<_> = df.into_iter().collect();
        terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(MAX_EXPANSIONS);
        Ok(terms.into_iter().map(|(k, _)| String::from_utf8(k).unwrap()).collect())
    }

    fn word_query(&self, field_terms: &[&str]) -> Box<dyn Query> {
        // one word (or, for CJK, the bigrams of one word, as a phrase) in title or body
        let one = |field: Field| -> Box<dyn Query> {
            if field_terms.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, field_terms[0]),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new(
                    field_terms.iter().map(|t| Term::from_field_text(field, t)).collect(),
                ))
            }
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, Box::new(BoostQuery::new(one(self.title), TITLE_BOOST))),
            (Occur::Should, one(self.body)),
        ]))
    }

    /// The query for what the user typed: every word must match; the last word is a prefix
    /// when `typing`; a quoted query is a phrase.
    fn build_query(&self, searcher: &tantivy::Searcher, text: &str, typing: bool) -> Result<Option<Box<dyn Query>>> {
        let trimmed = text.trim();
        if trimmed.len() > 1 && trimmed.starts_with('"') && trimmed.ends_with('"') {
            let toks = self.tokens(&trimmed[1..trimmed.len() - 1]);
            if toks.is_empty() {
                return Ok(None);
            }
            let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
            if refs.len() == 1 {
                return Ok(Some(self.word_query(&refs)));
            }
            return Ok(Some(self.word_query(&refs)));
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        let mut musts: Vec<(Occur, Box<dyn Query>)> = vec![];
        let prefix_last = typing && !text.ends_with(char::is_whitespace);
        for (i, w) in words.iter().enumerate() {
            let toks = self.tokens(w);
            if toks.is_empty() {
                continue;
            }
            if i + 1 == words.len() && prefix_last && toks.len() == 1 {
                let exp = self.expand(searcher, &toks[0])?;
                if exp.is_empty() {
                    return Ok(None);
                }
                let mut shoulds: Vec<(Occur, Box<dyn Query>)> = vec![];
                for t in &exp {
                    shoulds.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(
                                Term::from_field_text(self.title, t),
                                IndexRecordOption::WithFreqs,
                            )),
                            TITLE_BOOST,
                        )),
                    ));
                    shoulds.push((
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.body, t),
                            IndexRecordOption::WithFreqs,
                        )),
                    ));
                }
                musts.push((Occur::Must, Box::new(BooleanQuery::new(shoulds))));
            } else {
                let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
                musts.push((Occur::Must, self.word_query(&refs)));
            }
        }
        if musts.is_empty() {
            return Ok(None);
        }
        Ok(Some(Box::new(BooleanQuery::new(musts))))
    }

    /// Top 50 (id, snippet). The body is read back from the article file (readmore keeps
    /// bodies on disk) unless the index stores it.
    fn search(&self, text: &str, typing: bool, paths: &[PathBuf]) -> Result<Vec<(u64, String)>> {
        let searcher = self.reader.searcher();
        let Some(q) = self.build_query(&searcher, text, typing)? else { return Ok(vec![]) };
        let top = searcher.search(&q, &TopDocs::with_limit(TOP).order_by_score())?;
        let mut sg = SnippetGenerator::create(&searcher, &*q, self.body)?;
        sg.set_max_num_chars(120);
        let mut out = Vec::with_capacity(top.len());
        for (_score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let id = doc.get_first(self.id).and_then(|v| v.as_u64()).unwrap();
            let body = if self.store_body {
                doc.get_first(self.body).and_then(|v| v.as_str()).unwrap_or("").to_string()
            } else if let Some(p) = paths.get(id as usize) {
                body_from_file(p)
            } else {
                String::new()
            };
            let snip = sg.snippet(&body);
            out.push((id, snip.to_html()));
        }
        Ok(out)
    }
}

fn prefix_end(start: &[u8]) -> Option<Vec<u8>> {
    let mut end = start.to_vec();
    while let Some(last) = end.pop() {
        if last != 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

// ----------------------------------------------------------------------------- FTS5

fn fts_open(path: &Path) -> Result<Connection> {
    let c = Connection::open(path)?;
    c.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;
         PRAGMA mmap_size=1073741824; PRAGMA busy_timeout=5000;",
    )?;
    Ok(c)
}

fn fts_create(path: &Path, tokenize: &str, content: bool) -> Result<Connection> {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let c = fts_open(path)?;
    let content_opt = if content { "" } else { ", content='', contentless_delete=1" };
    c.execute_batch(&format!(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize=\"{tokenize}\"{content_opt});
         INSERT INTO docs(docs, rank) VALUES('rank', 'bm25({TITLE_BOOST}, 1.0)');"
    ))?;
    Ok(c)
}

fn fts_quote(w: &str) -> String {
    format!("\"{}\"", w.replace('"', "\"\""))
}

/// FTS5 MATCH text: every word must match (implicit AND), the last a prefix while typing.
fn fts_match(text: &str, typing: bool) -> String {
    let t = text.trim();
    if t.len() > 1 && t.starts_with('"') && t.ends_with('"') {
        return fts_quote(&t[1..t.len() - 1]);
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let prefix_last = typing && !text.ends_with(char::is_whitespace);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let q = fts_quote(w);
            if i + 1 == words.len() && prefix_last { q + "*" } else { q }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn fts_search(c: &Connection, text: &str, typing: bool) -> Result<Vec<(u64, String)>> {
    let m = fts_match(text, typing);
    if m.is_empty() {
        return Ok(vec![]);
    }
    let mut st = c.prepare_cached(
        "SELECT rowid, snippet(docs, -1, '<b>', '</b>', '…', 20) FROM docs
         WHERE docs MATCH ?1 ORDER BY rank LIMIT 50",
    )?;
    let rows = st.query_map(params![m], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// ----------------------------------------------------------------------------- helpers

fn dir_size(p: &Path) -> u64 {
    let mut total = 0;
    if p.is_file() {
        return p.metadata().map(|m| m.len()).unwrap_or(0);
    }
    for e in std::fs::read_dir(p).unwrap() {
        let e = e.unwrap();
        let m = e.metadata().unwrap();
        total += if m.is_dir() { dir_size(&e.path()) } else { m.len() };
    }
    total
}

fn sqlite_size(p: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .map(|ext| std::fs::metadata(format!("{}{ext}", p.display())).map(|m| m.len()).unwrap_or(0))
        .sum()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let idx = ((p / 100.0) * (s.len() as f64 - 1.0)).round() as usize;
    s[idx]
}

fn stats(name: &str, v: &[f64]) -> String {
    format!(
        "{name}: n={} median={:.2}ms p99={:.2}ms min={:.2}ms max={:.2}ms",
        v.len(),
        pct(v, 50.0),
        pct(v, 99.0),
        pct(v, 0.0),
        pct(v, 100.0)
    )
}

fn keystrokes(q: &str) -> Vec<String> {
    let chars: Vec<char> = q.chars().collect();
    (1..=chars.len()).map(|n| chars[..n].iter().collect()).collect()
}

// ----------------------------------------------------------------------------- phases

fn build_tantivy(dir: &Path, docs: &[Doc], kind: &str, store: bool) -> Result<(Tv, Duration, Duration)> {
    let t0 = Instant::now();
    let mut tv = Tv::create(dir, kind, store, 2)?;
    for d in docs {
        tv.add(d)?;
    }
    tv.writer.commit()?;
    let commit = t0.elapsed();
    // let background merges finish (the index the reader then sees is the steady state)
    let Tv { index, reader, writer, id, title, body, analyzer, store_body } = tv;
    writer.wait_merging_threads()?;
    let merged = t0.elapsed();
    let writer = index.writer_with_num_threads(2, 200_000_000)?;
    reader.reload()?;
    Ok((Tv { index, reader, writer, id, title, body, analyzer, store_body }, commit, merged))
}

fn build_fts(path: &Path, docs: &[Doc], tokenize: &str, content: bool) -> Result<(Duration, Duration)> {
    let t0 = Instant::now();
    let mut c = fts_create(path, tokenize, content)?;
    {
        let tx = c.transaction()?;
        {
            let mut ins = tx.prepare("INSERT INTO docs(rowid, title, body) VALUES (?1, ?2, ?3)")?;
            for d in docs {
                ins.execute(params![d.id as i64, d.title, d.body])?;
            }
        }
        tx.commit()?;
    }
    let built = t0.elapsed();
    c.execute_batch("INSERT INTO docs(docs) VALUES('optimize'); PRAGMA wal_checkpoint(TRUNCATE);")?;
    let optimized = t0.elapsed();
    Ok((built, optimized))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let lib = PathBuf::from(args.get(1).context("usage: fts-bench LIBDIR WORKDIR [ROUNDS] [PHASES]")?);
    let work = PathBuf::from(args.get(2).context("WORKDIR")?);
    let rounds: usize = args.get(3).map(|s| s.parse().unwrap()).unwrap_or(20);
    let phases = args.get(4).cloned().unwrap_or("unicode,build,variants,keys,phrase,update".into());
    std::fs::create_dir_all(&work)?;

    if phases.contains("unicode") {
        unicode(&work)?;
    }

    let t0 = Instant::now();
    let docs = load(&lib)?;
    let bytes: usize = docs.iter().map(|d| d.title.len() + d.body.len()).sum();
    println!(
        "loaded {} docs ({:.1} MB of indexed text) in {:.2}s (page cache warm)",
        docs.len(),
        bytes as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    let paths: Vec<PathBuf> = docs.iter().map(|d| d.path.clone()).collect();
    let tv_dir = work.join("tantivy");
    let fts_path = work.join("fts5.db");

    // ---- build, interleaved, twice
    let mut tv = None;
    if phases.contains("build") {
        for round in 0..2 {
            let (t, commit, merged) = build_tantivy(&tv_dir, &docs, "cjk+fold", false)?;
            let segs = t.reader.searcher().segment_readers().len();
            println!(
                "BUILD round {round} tantivy(cjk+fold, 2 threads, body not stored): add+commit {:.2}s, +merges {:.2}s, {segs} segments, size {:.1} MB",
                commit.as_secs_f64(),
                merged.as_secs_f64(),
                dir_size(&tv_dir) as f64 / 1e6
            );
            tv = Some(t);
            let (built, opt) = build_fts(&fts_path, &docs, "unicode61", true)?;
            println!(
                "BUILD round {round} fts5(unicode61, content stored): insert+commit {:.2}s, +optimize {:.2}s, size {:.1} MB",
                built.as_secs_f64(),
                opt.as_secs_f64(),
                sqlite_size(&fts_path) as f64 / 1e6
            );
        }
    }
    let mut tv = match tv {
        Some(t) => t,
        None => {
            let index = Index::open_in_dir(&tv_dir)?;
            index.tokenizers().register("rm", analyzer("cjk+fold"));
            let schema = index.schema();
            let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
            let writer = index.writer_with_num_threads(2, 200_000_000)?;
            Tv {
                id: schema.get_field("id")?,
                title: schema.get_field("title")?,
                body: schema.get_field("body")?,
                index,
                reader,
                writer,
                analyzer: analyzer("cjk+fold"),
                store_body: false,
            }
        }
    };
    let _ = &tv.index;

    // ---- size/build variants, once each
    if phases.contains("variants") {
        let vdir = work.join("variant-tantivy-stored");
        let (t, commit, merged) = build_tantivy(&vdir, &docs, "cjk+fold", true)?;
        drop(t);
        println!(
            "VARIANT tantivy(cjk+fold, body STORED): add+commit {:.2}s, +merges {:.2}s, size {:.1} MB",
            commit.as_secs_f64(),
            merged.as_secs_f64(),
            dir_size(&vdir) as f64 / 1e6
        );
        let vdir = work.join("variant-tantivy-1thread");
        let t0 = Instant::now();
        let mut t = Tv::create(&vdir, "cjk+fold", false, 1)?;
        for d in &docs {
            t.add(d)?;
        }
        t.writer.commit()?;
        println!("VARIANT tantivy(cjk+fold, 1 thread): add+commit {:.2}s", t0.elapsed().as_secs_f64());
        drop(t);
        for (name, tokenize, content) in [
            ("fts5 contentless (no snippet())", "unicode61", false),
            ("fts5 trigram", "trigram remove_diacritics 1", true),
        ] {
            let p = work.join(format!("variant-{}.db", name.split_whitespace().nth(1).unwrap()));
            let (built, opt) = build_fts(&p, &docs, tokenize, content)?;
            println!(
                "VARIANT {name}: insert+commit {:.2}s, +optimize {:.2}s, size {:.1} MB",
                built.as_secs_f64(),
                opt.as_secs_f64(),
                sqlite_size(&p) as f64 / 1e6
            );
        }
    }

    let conn = fts_open(&fts_path)?;
    // sanity + warm-up
    let a = tv.search(QUERY, true, &paths)?;
    let b = fts_search(&conn, QUERY, true)?;
    println!("sanity: tantivy {} hits, e.g. {:?}", a.len(), a.first());
    println!("sanity: fts5    {} hits, e.g. {:?}", b.len(), b.first());
    {
        let s = tv.reader.searcher();
        let q = tv.build_query(&s, QUERY, true)?.unwrap();
        let n = s.search(&q, &tantivy::collector::Count)?;
        let m: i64 = conn.query_row(
            "SELECT count(*) FROM docs WHERE docs MATCH ?1",
            params![fts_match(QUERY, true)],
            |r| r.get(0),
        )?;
        println!("matching docs for '{QUERY}' (prefix): tantivy {n}, fts5 {m}");
    }

    // ---- FTS5 query shapes: is it the prefix expansion or the ranking of every match?
    if phases.contains("ftsx") {
        let pp = work.join("variant-prefix.db");
        let (built, _) = build_fts(&pp, &docs, "unicode61\" , prefix=\"1 2 3", true)?;
        println!("FTSX fts5 with prefix='1 2 3': insert+commit {:.2}s, size {:.1} MB", built.as_secs_f64(), sqlite_size(&pp) as f64 / 1e6);
        let pconn = fts_open(&pp)?;
        let shapes = [
            ("ORDER BY rank + snippet (as measured)", "SELECT rowid, snippet(docs, -1, '<b>', '</b>', '…', 20) FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 50"),
            ("ORDER BY bm25(docs,2,1), no snippet", "SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs, 2.0, 1.0) LIMIT 50"),
            ("unranked LIMIT 50 + snippet", "SELECT rowid, snippet(docs, -1, '<b>', '</b>', '…', 20) FROM docs WHERE docs MATCH ?1 LIMIT 50"),
            ("count(*) of matches", "SELECT count(*) FROM docs WHERE docs MATCH ?1"),
        ];
        for q in ["k", "korea d", "korea defence"] {
            let m = fts_match(q, true);
            for (cname, c) in [("plain", &conn), ("prefix='1 2 3'", &pconn)] {
                for (name, sql) in shapes {
                    let mut st = c.prepare(sql)?;
                    let mut v = vec![];
                    for i in 0..=rounds / 2 {
                        let t = Instant::now();
                        let n = st.query_map(params![m], |_| Ok(()))?.count();
                        assert!(n > 0);
                        if i > 0 { v.push(ms(t.elapsed())); }
                    }
                    println!("FTSX `{q}` {cname:>15} {name:<40} median {:.2}ms p99 {:.2}ms", pct(&v, 50.0), pct(&v, 99.0));
                }
            }
        }
    }

    // ---- keystrokes, interleaved
    if phases.contains("keys") {
        let ks = keystrokes(QUERY);
        let mut tvt: Vec<f64> = vec![];
        let mut ftt: Vec<f64> = vec![];
        let mut per: HashMap<(usize, usize), Vec<f64>> = HashMap::new();
        let mut tv_whole = vec![];
        let mut ft_whole = vec![];
        for round in 0..=rounds {
            let mut whole = [0.0f64; 2];
            for (ki, q) in ks.iter().enumerate() {
                // alternate which engine goes first
                let order = if (round + ki) % 2 == 0 { [0, 1] } else { [1, 0] };
                for e in order {
                    let t = Instant::now();
                    let n = if e == 0 { tv.search(q, true, &paths)?.len() } else { fts_search(&conn, q, true)?.len() };
                    let el = ms(t.elapsed());
                    assert!(n > 0, "{q} found nothing in engine {e}");
                    if round > 0 {
                        // round 0 is a warm-up
                        if e == 0 { tvt.push(el) } else { ftt.push(el) }
                        per.entry((e, ki)).or_default().push(el);
                        whole[e] += el;
                    }
                }
            }
            if round > 0 {
                tv_whole.push(whole[0]);
                ft_whole.push(whole[1]);
            }
        }
        println!("KEYS {}", stats("tantivy per keystroke", &tvt));
        println!("KEYS {}", stats("fts5    per keystroke", &ftt));
        println!("KEYS {}", stats("tantivy whole query typed", &tv_whole));
        println!("KEYS {}", stats("fts5    whole query typed", &ft_whole));
        println!("| keystroke | tantivy median | tantivy p99 | fts5 median | fts5 p99 |");
        for (ki, q) in ks.iter().enumerate() {
            let a = &per[&(0, ki)];
            let b = &per[&(1, ki)];
            println!(
                "| `{q}` | {:.2} | {:.2} | {:.2} | {:.2} |",
                pct(a, 50.0),
                pct(a, 99.0),
                pct(b, 50.0),
                pct(b, 99.0)
            );
        }
    }

    // ---- phrase
    if phases.contains("phrase") {
        let q = "\"north korea\"";
        let a = tv.search(q, false, &paths)?;
        let b = fts_search(&conn, q, false)?;
        println!("phrase sanity: tantivy {} e.g. {:?}", a.len(), a.first());
        println!("phrase sanity: fts5 {} e.g. {:?}", b.len(), b.first());
        let (mut x, mut y) = (vec![], vec![]);
        for round in 0..=rounds * 2 {
            for e in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
                let t = Instant::now();
                if e == 0 { tv.search(q, false, &paths)?; } else { fts_search(&conn, q, false)?; }
                if round > 0 {
                    if e == 0 { x.push(ms(t.elapsed())) } else { y.push(ms(t.elapsed())) }
                }
            }
        }
        println!("PHRASE {}", stats("tantivy \"north korea\"", &x));
        println!("PHRASE {}", stats("fts5    \"north korea\"", &y));
    }

    // ---- incremental update: change one document and make it searchable
    if phases.contains("update") {
        let writer_conn = fts_open(&fts_path)?;
        let (mut x, mut xc, mut y) = (vec![], vec![], vec![]);
        for i in 0..rounds.max(10) {
            let d = &docs[(i * 7919) % docs.len()];
            let marker = format!("zqxupd{i}");
            let new_body = format!("{}\n{marker} korea", d.body);
            for e in if i % 2 == 0 { [0, 1] } else { [1, 0] } {
                let t = Instant::now();
                if e == 0 {
                    tv.writer.delete_term(Term::from_field_u64(tv.id, d.id));
                    let nd = Doc { id: d.id, path: d.path.clone(), title: d.title.clone(), body: new_body.clone() };
                    tv.add(&nd)?;
                    tv.writer.commit()?;
                    let tc = t.elapsed();
                    tv.reader.reload()?;
                    let s = tv.reader.searcher();
                    let q = tv.build_query(&s, &marker, false)?.unwrap();
                    let top = s.search(&q, &TopDocs::with_limit(TOP).order_by_score())?;
                    let el = ms(t.elapsed());
                    assert_eq!(top.len(), 1, "tantivy update {i}");
                    x.push(el);
                    xc.push(ms(tc));
                } else {
                    writer_conn.execute("UPDATE docs SET body=?1 WHERE rowid=?2", params![new_body, d.id as i64])?;
                    let r = fts_search(&conn, &marker, false)?;
                    let el = ms(t.elapsed());
                    assert_eq!(r.len(), 1, "fts5 update {i}");
                    y.push(el);
                }
            }
        }
        println!("UPDATE {}", stats("tantivy delete+add+commit+reload+query", &x));
        println!("UPDATE {}", stats("tantivy   of which delete+add+commit", &xc));
        println!("UPDATE {}", stats("fts5    UPDATE (autocommit, WAL)+query", &y));
        // the changed docs must not show up twice
        let s = tv.reader.searcher();
        println!("after updates: tantivy num_docs {} segments {}", s.num_docs(), s.segment_readers().len());
        tv.writer.wait_merging_threads()?;
        println!("after updates, tantivy size {:.1} MB, fts5 size {:.1} MB", dir_size(&tv_dir) as f64 / 1e6, sqlite_size(&fts_path) as f64 / 1e6);
    }
    Ok(())
}

// ----------------------------------------------------------------------------- Unicode

fn unicode(work: &Path) -> Result<()> {
    let fixtures: &[&str] = &[
        "L'ÉCOLE du quartier|Une nouvelle école primaire ouvre ses portes à la rentrée, selon la mairie.",
        "Verkehr in Berlin|Die Hauptstraße war am Sonntag wegen des Marathons gesperrt. Die Straße ist wieder frei.",
        "天気予報|昨日のニュースによると東京都の天気は明日から崩れるそうです。傘を持って出かけましょう。",
        "京都のニュース|京都の天気は晴れ。一方、東京では雨が降りました。",
        "校园新闻|今天我们采访了几位北京大学的学生，他们谈到了期末考试和毕业以后的计划。",
        "学生生活|北京的大学很多，学生们都很忙。",
        "Korea talks|The defence minister of North Korea met the south korean delegation.",
    ];
    let docs: Vec<Doc> = fixtures
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (t, b) = f.split_once('|').unwrap();
            Doc { id: i as u64, path: PathBuf::new(), title: t.into(), body: b.into() }
        })
        .collect();
    let queries = ["ÉCOLE", "ecole", "STRASSE", "東京都の天気", "北京大学的学生", "\"north korea\""];
    let expect: [&[u64]; 6] = [&[0], &[0], &[1], &[2], &[4], &[6]];
    println!("UNICODE fixtures: 0 école, 1 Straße, 2 東京都の天気 in a sentence, 3 decoy 京都の天気+東京, 4 北京大学的学生 in a sentence, 5 decoy 北京的大学+学生, 6 North Korea");
    println!("| engine / tokenizer | {} |", queries.join(" | "));
    for kind in ["default", "default+fold", "cjk+fold"] {
        let dir = work.join(format!("unicode-tantivy-{kind}"));
        let mut tv = Tv::create(&dir, kind, true, 1)?;
        for d in &docs {
            tv.add(d)?;
        }
        tv.writer.commit()?;
        tv.reader.reload()?;
        let cells: Vec<String> = queries
            .iter()
            .zip(expect)
            .map(|(q, e)| {
                let ids: Vec<u64> = tv.search(q, false, &[]).unwrap().into_iter().map(|h| h.0).collect();
                cell(&ids, e)
            })
            .collect();
        println!("| tantivy {kind} | {} |", cells.join(" | "));
    }
    for tokenize in ["unicode61", "unicode61 remove_diacritics 2", "trigram", "trigram remove_diacritics 1"] {
        let p = work.join("unicode-fts.db");
        let c = fts_create(&p, tokenize, true)?;
        for d in &docs {
            c.execute("INSERT INTO docs(rowid, title, body) VALUES (?1, ?2, ?3)", params![d.id as i64, d.title, d.body])?;
        }
        let cells: Vec<String> = queries
            .iter()
            .zip(expect)
            .map(|(q, e)| {
                let ids: Vec<u64> = fts_search(&c, q, false).unwrap().into_iter().map(|h| h.0).collect();
                cell(&ids, e)
            })
            .collect();
        println!("| fts5 {tokenize} | {} |", cells.join(" | "));
    }
    Ok(())
}

fn cell(ids: &[u64], expect: &[u64]) -> String {
    let mut ids = ids.to_vec();
    ids.sort();
    let found = expect.iter().all(|e| ids.contains(e));
    let extra: Vec<_> = ids.iter().filter(|i| !expect.contains(i)).collect();
    match (found, extra.is_empty()) {
        (true, true) => "yes".into(),
        (true, false) => format!("yes + false hit {extra:?}"),
        (false, _) if ids.is_empty() => "no".into(),
        (false, _) => format!("no (got {ids:?})"),
    }
}
