// Minimal binary linking rusqlite (bundled SQLite) with an FTS5 table: BM25 + snippet().
use rusqlite::{Connection, params};

fn main() -> rusqlite::Result<()> {
    let q = std::env::args().nth(1).unwrap_or_else(|| "korea".into());
    let path = std::env::temp_dir().join("fts5-min.db");
    let _ = std::fs::remove_file(&path);
    let c = Connection::open(&path)?;
    c.execute_batch(
        "PRAGMA journal_mode=WAL;
         CREATE VIRTUAL TABLE docs USING fts5(title, body);
         INSERT INTO docs(title, body) VALUES ('Korea talks', 'North korea defence minister');",
    )?;
    let mut st = c.prepare(
        "SELECT snippet(docs, -1, '<b>', '</b>', '…', 20) FROM docs WHERE docs MATCH ?1
         ORDER BY bm25(docs, 2.0, 1.0) LIMIT 50",
    )?;
    for s in st.query_map(params![q], |r| r.get::<_, String>(0))? {
        println!("{}", s?);
    }
    Ok(())
}
