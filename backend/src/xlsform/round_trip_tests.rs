//! Export then import gives back the same definition: every question kind, conditions on
//! choices, yes/no and scales, bounds, the introduction; and any definition the builder can
//! make (property test).

use portevoix_domain::survey::{
    ChoiceOption, Question, QuestionKind, ShowIf, SurveyDefinition, Translations,
};
use proptest::prelude::*;

use super::xlsform;
use crate::xlsform::import;

fn option(code: &str, label: &str) -> ChoiceOption {
    ChoiceOption {
        code: code.into(),
        label: label.into(),
        translations: Translations::new(),
    }
}

/// `[("ar", "…"), ("en", "…")]` as translations.
fn tr(pairs: &[(&str, &str)]) -> Translations {
    pairs
        .iter()
        .map(|(l, t)| ((*l).to_owned(), (*t).to_owned()))
        .collect()
}

fn question(code: &str, label: &str, kind: QuestionKind) -> Question {
    Question {
        code: code.into(),
        label: label.into(),
        kind,
        required: false,
        show_if: None,
        translations: Translations::new(),
        hint: None,
        hint_translations: Translations::new(),
    }
}

fn rule(question: &str, values: &[&str]) -> Option<ShowIf> {
    Some(ShowIf::any_of(
        question,
        values.iter().map(|v| (*v).to_owned()).collect(),
    ))
}

fn round_trip(definition: &SurveyDefinition) -> SurveyDefinition {
    let bytes = xlsform(definition, "porte_voix_1", "3").expect("written");
    let imported = import(&bytes, "x.xlsx", None).expect("read back");
    assert!(imported.report.refused.is_empty(), "{:#?}", imported.report);
    imported.definition
}

pub fn every_kind() -> SurveyDefinition {
    let mut questions = vec![
        question("habite", "Habitez-vous le quartier ?", QuestionKind::YesNo),
        question(
            "transport",
            "Comment venez-vous au marché ?",
            QuestionKind::SingleChoice {
                options: vec![
                    option("tram", "Tram 1"),
                    option("bus", "Bus C6"),
                    option("pied", "À pied"),
                ],
            },
        ),
        question(
            "sujets",
            "Ce qui compte pour vous",
            QuestionKind::MultipleChoice {
                options: vec![
                    option("securite", "Sécurité"),
                    option("proprete", "Propreté"),
                    option("loyers", "Loyers"),
                ],
                max_choices: Some(2),
            },
        ),
        question(
            "note",
            "Le marché, de 1 à 5",
            QuestionKind::Scale { smiley: false },
        ),
        question(
            "humeur",
            "Votre humeur",
            QuestionKind::Scale { smiley: true },
        ),
        question(
            "nom_rue",
            "Votre rue",
            QuestionKind::ShortText {
                max_chars: Some(80),
            },
        ),
        question(
            "idee",
            "Une idée pour le quartier ?",
            QuestionKind::LongText { max_chars: None },
        ),
        question(
            "age",
            "Votre âge",
            QuestionKind::Number {
                min: Some(16.0),
                max: Some(110.0),
                integer: true,
            },
        ),
        question(
            "budget",
            "Budget courses (€)",
            QuestionKind::Number {
                min: Some(0.5),
                max: None,
                integer: false,
            },
        ),
        question(
            "autre",
            "Autre chose ?",
            QuestionKind::ShortText { max_chars: None },
        ),
        question(
            "arrivee",
            "Depuis quand habitez-vous ici ?",
            QuestionKind::Date,
        ),
        question(
            "merci",
            "Merci ! Une dernière chose avant de finir.",
            QuestionKind::Note,
        ),
    ];
    questions[1].required = true;
    questions[1].show_if = rule("habite", &["yes"]);
    questions[2].show_if = rule("transport", &["tram", "bus"]);
    questions[5].show_if = rule("note", &["1", "2"]);
    questions[7].required = true;
    questions[11].show_if = rule("habite", &["yes"]);
    // Richer conditions (issue 15 §2): all/any, none_of, bounds, answered.
    let condition = |value: serde_json::Value| Some(serde_json::from_value(value).unwrap());
    questions[8].show_if = condition(serde_json::json!({"all": [
        {"question": "habite", "none_of": ["no"]},
        {"question": "age", "at_least": 18.0, "at_most": 30.0}
    ]}));
    questions[9].show_if = condition(serde_json::json!({"any": [
        {"question": "idee", "answered": true},
        {"question": "note", "at_least": 4.0}
    ]}));
    questions[10].show_if = condition(serde_json::json!({"question": "age", "answered": false}));
    questions[11].translations = tr(&[("ar", "شكراً! شيء أخير قبل النهاية.")]);
    // Three languages: French, Arabic, English; one text left untranslated in English.
    questions[0].translations = tr(&[("ar", "هل تسكن في الحي؟"), ("en", "Do you live here?")]);
    questions[1].translations = tr(&[("ar", "كيف تأتي إلى السوق؟")]);
    if let QuestionKind::SingleChoice { options } = &mut questions[1].kind {
        options[0].translations = tr(&[("ar", "الترامواي 1"), ("en", "Tram 1")]);
        options[2].translations = tr(&[("ar", "مشياً"), ("en", "On foot")]);
    }
    questions[7].translations = tr(&[("ar", "عمرك"), ("en", "Your age")]);
    questions[7].hint = Some("En années : demandez-le, ne le devinez pas.".into());
    questions[7].hint_translations = tr(&[("ar", "بالسنوات")]);
    questions[3].hint = Some("1 : pas du tout content, 5 : très content".into());
    SurveyDefinition {
        title: "Vie du quartier — marché de Bellevue".into(),
        intro: Some(
            "Bonjour ! Trois minutes pour parler du marché.\n\nRien n'est obligatoire.".into(),
        ),
        questions,
        languages: vec!["ar".into(), "en".into()],
        title_translations: Translations::new(),
        intro_translations: tr(&[("ar", "مرحبا! ثلاث دقائق للحديث عن السوق.")]),
    }
}

#[test]
fn every_kind_comes_back_the_same() {
    let definition = every_kind();
    definition.check().expect("a valid survey");
    assert_eq!(round_trip(&definition), definition);
}

#[test]
fn names_taken_by_questions_are_not_reused() {
    let mut definition = every_kind();
    definition.questions[9].code = "intro".into();
    definition.questions[8].code = "oui_non".into();
    assert_eq!(round_trip(&definition), definition);
}

fn code() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,4}){0,2}"
}

fn label() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ0-9?!'’,.() «»-]{0,30}[A-Za-zÀ-ÿ0-9?!]".prop_map(|l| l.trim().to_owned())
}

fn kind() -> impl Strategy<Value = QuestionKind> {
    let options = || {
        proptest::collection::btree_map(code(), label(), 2..6).prop_map(|m| {
            m.into_iter()
                .map(|(code, label)| ChoiceOption {
                    translations: Translations::new(),
                    label: if label.is_empty() {
                        code.clone()
                    } else {
                        label
                    },
                    code,
                })
                .collect::<Vec<_>>()
        })
    };
    prop_oneof![
        options()
            .prop_filter("not a yes/no list", |o| {
                let mut codes: Vec<&str> = o.iter().map(|o| o.code.as_str()).collect();
                codes.sort_unstable();
                codes != ["no", "yes"]
            })
            .prop_map(|options| QuestionKind::SingleChoice { options }),
        (options(), proptest::option::of(1u32..3)).prop_map(|(options, max_choices)| {
            QuestionKind::MultipleChoice {
                options,
                max_choices,
            }
        }),
        any::<bool>().prop_map(|smiley| QuestionKind::Scale { smiley }),
        Just(QuestionKind::YesNo),
        Just(QuestionKind::Date),
        Just(QuestionKind::Note),
        proptest::option::of(1u32..5000)
            .prop_map(|max_chars| QuestionKind::ShortText { max_chars }),
        proptest::option::of(1u32..5000).prop_map(|max_chars| QuestionKind::LongText { max_chars }),
        (
            proptest::option::of(-1000i32..1000),
            proptest::option::of(0i32..100_000),
            any::<bool>()
        )
            .prop_map(|(min, span, integer)| {
                let min = min.map(f64::from);
                let max = span
                    .map(|s| min.unwrap_or(0.0) + f64::from(s) / if integer { 1.0 } else { 4.0 });
                QuestionKind::Number { min, max, integer }
            }),
    ]
}

fn definition() -> impl Strategy<Value = SurveyDefinition> {
    (
        label(),
        proptest::collection::btree_map(
            code(),
            (label(), kind(), any::<bool>(), any::<prop::sample::Index>()),
            1..12,
        ),
    )
        .prop_map(|(title, questions)| {
            let mut made: Vec<Question> = Vec::new();
            for (code, (label, kind, required, pick)) in questions {
                // Notes before the first question are the survey's introduction in XLSForm;
                // a note is never required.
                let kind = if kind.is_answered() || made.iter().any(|q| q.kind.is_answered()) {
                    kind
                } else {
                    QuestionKind::YesNo
                };
                let required = required && kind.is_answered();
                let show_if = made
                    .iter()
                    .filter_map(|q| q.kind.rule_values().map(|values| (q.code.clone(), values)))
                    .nth(pick.index(made.len().max(1)))
                    .map(|(question, values)| {
                        ShowIf::any_of(question, vec![pick.get(&values).clone()])
                    });
                let hint = required.then(|| format!("Aide pour {code}"));
                made.push(Question {
                    label: if label.is_empty() {
                        code.clone()
                    } else {
                        label
                    },
                    code,
                    kind,
                    required,
                    show_if,
                    translations: Translations::new(),
                    hint,
                    hint_translations: Translations::new(),
                });
            }
            SurveyDefinition {
                title: if title.is_empty() {
                    "Enquête".into()
                } else {
                    title
                },
                intro: None,
                questions: made,
                languages: Vec::new(),
                title_translations: Translations::new(),
                intro_translations: Translations::new(),
            }
        })
}

/// The survey in `languages`, each question and option label translated where `flags` says.
fn translate(
    mut definition: SurveyDefinition,
    languages: Vec<&str>,
    flags: &[bool],
) -> SurveyDefinition {
    let mut flags = flags.iter().cycle();
    let mut text = |french: &str, lang: &str| {
        flags.next().copied().unwrap_or(false).then(|| match lang {
            "ar" => format!("{french} بالعربية"),
            "tr" => format!("{french} Türkçe"),
            _ => format!("{french} (en)"),
        })
    };
    for question in &mut definition.questions {
        for lang in &languages {
            if let Some(t) = text(&question.label, lang) {
                question.translations.insert((*lang).to_owned(), t);
            }
        }
        if let QuestionKind::SingleChoice { options }
        | QuestionKind::MultipleChoice { options, .. } = &mut question.kind
        {
            for option in options {
                for lang in &languages {
                    if let Some(t) = text(&option.label, lang) {
                        option.translations.insert((*lang).to_owned(), t);
                    }
                }
            }
        }
    }
    definition.languages = languages.into_iter().map(str::to_owned).collect();
    definition
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_survey_comes_back_the_same(
        definition in definition(),
        languages in proptest::sample::subsequence(vec!["ar", "en", "tr"], 0..=3),
        flags in proptest::collection::vec(any::<bool>(), 1..40),
    ) {
        let definition = translate(definition, languages, &flags);
        prop_assume!(definition.check().is_ok());
        prop_assert_eq!(round_trip(&definition), definition);
    }
}
