//! XLSForm names → Porte-Voix codes: lower case, accents folded, every other character `_`,
//! starting with a letter, 40 bytes at most, unique within their scope. What changed is kept so
//! conditions can be rewritten and the coordinator told.

use std::collections::HashSet;

use portevoix_domain::search::fold_for_search;
use portevoix_domain::text::is_code;

const MAX_CODE_BYTES: usize = 40;

/// The code a name becomes, before making it unique. `prefix` starts codes that would
/// otherwise start with a digit or be empty (`1` → `o_1` for options, `q` for questions).
pub fn normalise(name: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in fold_for_search(name).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    if !out.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) {
        out = if out.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}_{out}")
        };
    }
    out.truncate(MAX_CODE_BYTES);
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Codes handed out in one scope (the questions of a survey, the options of a question).
#[derive(Debug, Default)]
pub struct Scope {
    used: HashSet<String>,
}

impl Scope {
    /// A code for `name` not used yet in this scope: `base`, else `base_2`, `base_3`…
    pub fn code_for(&mut self, name: &str, prefix: &str) -> String {
        let base = normalise(name, prefix);
        let mut code = base.clone();
        let mut n = 2u32;
        while self.used.contains(&code) {
            let suffix = format!("_{n}");
            let mut stem = base.clone();
            stem.truncate(MAX_CODE_BYTES.saturating_sub(suffix.len()));
            code = format!("{stem}{suffix}");
            n = n.saturating_add(1);
        }
        debug_assert!(is_code(&code), "{code}");
        self.used.insert(code.clone());
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_codes() {
        assert_eq!(normalise("Transport-Usage", "q"), "transport_usage");
        assert_eq!(normalise("Démarches CAF", "q"), "demarches_caf");
        assert_eq!(normalise("1", "o"), "o_1");
        assert_eq!(normalise("لغة", "q"), "q");
        assert_eq!(normalise("__a__b__", "q"), "a_b");
        let mut scope = Scope::default();
        assert_eq!(scope.code_for("A", "q"), "a");
        assert_eq!(scope.code_for("a", "q"), "a_2");
        assert_eq!(scope.code_for("à", "q"), "a_3");
    }

    proptest::proptest! {
        #[test]
        fn every_name_gets_a_valid_unique_code(names in proptest::collection::vec("\\PC{0,60}", 1..20)) {
            let mut scope = Scope::default();
            let mut seen = HashSet::new();
            for name in &names {
                let code = scope.code_for(name, "q");
                proptest::prop_assert!(is_code(&code), "{:?} → {:?}", name, code);
                proptest::prop_assert!(seen.insert(code));
            }
        }
    }
}
