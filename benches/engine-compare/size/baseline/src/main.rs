fn main() {
    let q = std::env::args().nth(1).unwrap_or_default();
    println!("{} hits for {q}", q.len());
}
