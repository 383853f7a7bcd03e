//! The one id syntax of the files: bank, category, question and round ids, and candidate ids
//! (slugs of names). Below both `bank` and `workspace`, so neither imports the other for it.

/// The longest id.
pub const MAX_LEN: usize = 64;

/// Whether `id` is a valid id: `[a-z0-9][a-z0-9-]*`, at most 64 characters.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    id.len() <= MAX_LEN
        && (first.is_ascii_lowercase() || first.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("event-loop-phases"));
        assert!(is_valid_id("0day"));
        assert!(is_valid_id(&"a".repeat(64)));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("Async"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(&"a".repeat(65)));
    }
}
