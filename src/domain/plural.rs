//! Counts written out with their nouns, for every layer that tells the user how many.

/// "1 match", "2 matches": a count with its noun in the right number.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(counted(0, "match", "matches"), "0 matches");
        assert_eq!(counted(1, "match", "matches"), "1 match");
        assert_eq!(counted(2, "article", "articles"), "2 articles");
    }
}
