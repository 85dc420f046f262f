//! The builder's checks in words a coordinator reads: the domain names a problem by its place in
//! the definition (`questions[0].options[1].code`); here that becomes « Question 1 › Choix 2 ›
//! Code », in the interface's language.

use portevoix_domain::survey::DefinitionError;

use crate::i18n::staff::St;

/// « Question 1 › Choix 2 › Code : code déjà utilisé ».
pub fn problem_line(t: &St, error: &DefinitionError) -> String {
    format!("{} : {}", place_in_words(t, &error.field), error.message)
}

/// `questions[0].options[1].code` → « Question 1 › Choix 2 › Code »; a part it does not know
/// is kept as it is.
pub fn place_in_words(t: &St, field: &str) -> String {
    field
        .split('.')
        .map(|part| {
            let (name, index) = match part.split_once('[') {
                Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (part, None),
            };
            let word = match name {
                "title" => t.survey_title,
                "intro" => t.survey_intro,
                "questions" => t.question,
                "options" => t.option,
                "label" => t.label_word,
                "code" => t.code,
                "min" => t.min,
                "max" => t.max,
                "max_chars" => t.max_chars,
                "max_choices" => t.max_choices,
                "required" => t.required,
                "hint" => t.question_hint,
                "show_if" | "question" | "any_of" | "none_of" | "at_least" | "at_most"
                | "answered" => t.show_if,
                other => return other.to_owned(),
            };
            match index {
                Some(i) => format!("{word} {}", i.saturating_add(1)),
                None => word.to_owned(),
            }
        })
        .fold(Vec::<String>::new(), |mut words, word| {
            // `show_if.question` and `show_if.any_of` both read « Afficher si », once.
            if words.last() != Some(&word) {
                words.push(word);
            }
            words
        })
        .join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::staff::{EN, FR};

    #[test]
    fn places_read_as_words() {
        assert_eq!(place_in_words(&FR, "title"), "Titre");
        assert_eq!(
            place_in_words(&FR, "questions[0].options[1].code"),
            "Question 1 › Choix 2 › Code"
        );
        assert_eq!(
            place_in_words(&FR, "questions[2].max"),
            "Question 3 › Maximum"
        );
        assert_eq!(
            place_in_words(&FR, "questions[1].show_if.any_of"),
            "Question 2 › Afficher si"
        );
        assert_eq!(
            place_in_words(&FR, "questions[4].show_if.at_least"),
            "Question 5 › Afficher si"
        );
        assert_eq!(
            place_in_words(&FR, "questions[3].required"),
            "Question 4 › Obligatoire"
        );
        assert_eq!(
            place_in_words(&EN, "questions[0].options[1].label"),
            "Question 1 › Option 2 › Label"
        );
        assert_eq!(
            place_in_words(&FR, "questions[x].weird"),
            "Question › weird"
        );
    }
}
