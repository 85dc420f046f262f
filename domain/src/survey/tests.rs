use proptest::prelude::*;
use serde_json::json;

use super::*;

fn survey() -> SurveyDefinition {
    serde_json::from_value(json!({
        "title": "Transports",
        "questions": [
            {"code": "mode", "label": "Mode ?", "type": "single_choice", "required": true,
             "options": [{"code": "tram", "label": "Tram"}, {"code": "bus", "label": "Bus"}, {"code": "pied", "label": "À pied"}]},
            {"code": "attente", "label": "Attente ?", "type": "yes_no", "required": true,
             "show_if": {"question": "mode", "any_of": ["tram", "bus"]}},
            {"code": "lignes", "label": "Lignes ?", "type": "multiple_choice", "max_choices": 2,
             "options": [{"code": "c1", "label": "C1"}, {"code": "c2", "label": "C2"}, {"code": "t1", "label": "Tram 1"}]},
            {"code": "note", "label": "Note", "type": "scale", "smiley": true},
            {"code": "age", "label": "Âge", "type": "number", "min": 0, "max": 120, "integer": true},
            {"code": "idee", "label": "Idée", "type": "short_text", "max_chars": 20},
            {"code": "visite", "label": "Date de la visite", "type": "date"},
            {"code": "merci", "label": "Merci ! Encore une question.", "type": "note",
             "show_if": {"question": "mode", "any_of": ["tram"]}}
        ]
    }))
    .unwrap()
}

fn answers(value: serde_json::Value) -> Answers {
    serde_json::from_value(value).unwrap()
}

fn codes(result: Result<ValidAnswers, Vec<AnswerError>>) -> Vec<(String, AnswerErrorCode)> {
    result
        .unwrap_err()
        .into_iter()
        .map(|e| (e.question, e.code))
        .collect()
}

#[test]
fn the_sample_definition_is_valid_and_round_trips() {
    let s = survey();
    assert_eq!(s.check(), Ok(()));
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["questions"][0]["type"], "single_choice");
    assert_eq!(serde_json::from_value::<SurveyDefinition>(json).unwrap(), s);
}

#[test]
fn definition_errors_name_their_field() {
    let mut s = survey();
    s.questions[1].show_if = Some(ShowIf::any_of("note", vec!["9".into()]));
    s.questions[2].code = "mode".into();
    s.questions[0].kind = QuestionKind::SingleChoice { options: vec![] };
    let errors = s.check().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"questions[0].options"), "{fields:?}");
    assert!(
        fields.contains(&"questions[1].show_if.question"),
        "rule on a later question: {fields:?}"
    );
    assert!(fields.contains(&"questions[2].code"), "{fields:?}");
    let empty = SurveyDefinition {
        title: " ".into(),
        intro: None,
        questions: vec![],
        ..SurveyDefinition::default()
    };
    assert_eq!(empty.check().unwrap_err().len(), 2);
}

#[test]
fn rules_cannot_test_free_text_or_unknown_values() {
    let mut s = survey();
    s.questions[5].show_if = Some(ShowIf::any_of("age", vec!["3".into()]));
    assert!(s.check().is_err());
    let mut s = survey();
    s.questions[5].show_if = Some(ShowIf::any_of("mode", vec!["velo".into()]));
    assert!(s.check().is_err());
    let mut s = survey();
    s.questions[5].show_if = Some(ShowIf::any_of("note", vec!["5".into()]));
    assert_eq!(s.check(), Ok(()));
}

#[test]
fn valid_answers_pass_and_are_cleaned() {
    let s = survey();
    let valid = s
        .validate_answers(&answers(json!({"mode": "bus", "attente": false, "lignes": ["c1"], "note": 5, "age": 34, "idee": "  des bancs  "})))
        .unwrap();
    assert_eq!(
        valid.as_map()["idee"],
        AnswerValue::Text("des bancs".into())
    );
    // Blank optional answers are dropped, not stored.
    let valid = s
        .validate_answers(&answers(
            json!({"mode": "pied", "idee": "   ", "lignes": []}),
        ))
        .unwrap();
    assert_eq!(valid.as_map().len(), 1);
}

#[test]
fn required_and_skip_rules() {
    let s = survey();
    assert_eq!(
        codes(s.validate_answers(&answers(json!({})))),
        vec![("mode".into(), AnswerErrorCode::Required)]
    );
    // "attente" is required only when shown.
    assert_eq!(
        codes(s.validate_answers(&answers(json!({"mode": "tram"})))),
        vec![("attente".into(), AnswerErrorCode::Required)]
    );
    assert!(s
        .validate_answers(&answers(json!({"mode": "pied"})))
        .is_ok());
    assert_eq!(
        codes(s.validate_answers(&answers(json!({"mode": "pied", "attente": true})))),
        vec![("attente".into(), AnswerErrorCode::HiddenQuestion)]
    );
}

#[test]
fn every_type_error_is_caught() {
    use AnswerErrorCode as C;
    let s = survey();
    let cases = [
        (json!({"mode": "velo"}), "mode", C::UnknownOption),
        (json!({"mode": 1}), "mode", C::WrongType),
        (
            json!({"mode": "pied", "lignes": ["c1", "c1"]}),
            "lignes",
            C::DuplicateOption,
        ),
        (
            json!({"mode": "pied", "lignes": ["c1", "c2", "t1"]}),
            "lignes",
            C::TooManyChoices,
        ),
        (
            json!({"mode": "pied", "lignes": "c1"}),
            "lignes",
            C::WrongType,
        ),
        (json!({"mode": "pied", "note": 6}), "note", C::OutOfRange),
        (json!({"mode": "pied", "note": 2.5}), "note", C::OutOfRange),
        (json!({"mode": "pied", "age": 34.5}), "age", C::NotInteger),
        (json!({"mode": "pied", "age": -1}), "age", C::OutOfRange),
        (
            json!({"mode": "pied", "idee": "x".repeat(21)}),
            "idee",
            C::TooLong,
        ),
        (json!({"mode": "pied", "zzz": 1}), "zzz", C::UnknownQuestion),
        (
            json!({"mode": "bus", "attente": "oui"}),
            "attente",
            C::WrongType,
        ),
    ];
    for (value, question, code) in cases {
        assert_eq!(
            codes(s.validate_answers(&answers(value.clone()))),
            vec![(question.to_owned(), code)],
            "{value}"
        );
    }
}

#[test]
fn length_limits_count_characters_not_bytes() {
    let s = survey();
    assert!(s
        .validate_answers(&answers(json!({"mode": "pied", "idee": "é".repeat(20)})))
        .is_ok());
}

fn arb_value() -> impl Strategy<Value = AnswerValue> {
    prop_oneof![
        any::<bool>().prop_map(AnswerValue::Bool),
        (-5.0f64..200.0).prop_map(AnswerValue::Number),
        prop_oneof![
            Just("tram"),
            Just("bus"),
            Just("pied"),
            Just("c1"),
            Just("x"),
            Just(" "),
            Just("2026-02-28"),
            Just("2026-02-29"),
            Just("1899-12-31"),
            Just(" 2024-02-29 ")
        ]
        .prop_map(|s| AnswerValue::Text(s.to_owned())),
        crate::testing::any_text().prop_map(AnswerValue::Text),
        proptest::collection::vec(
            prop_oneof![Just("c1"), Just("c2"), Just("t1"), Just("zz")],
            0..4
        )
        .prop_map(|v| AnswerValue::Many(v.into_iter().map(str::to_owned).collect())),
    ]
}

fn arb_answers() -> impl Strategy<Value = Answers> {
    proptest::collection::btree_map(
        prop_oneof![
            Just("mode"),
            Just("attente"),
            Just("lignes"),
            Just("note"),
            Just("age"),
            Just("idee"),
            Just("visite"),
            Just("merci"),
            Just("other")
        ]
        .prop_map(str::to_owned),
        arb_value(),
        0..7,
    )
}

proptest! {
    #![proptest_config(crate::testing::config())]

    /// Whatever comes in, validation never panics, and what it accepts satisfies every rule.
    #[test]
    fn accepted_answers_satisfy_every_rule(input in arb_answers()) {
        let s = survey();
        if let Ok(valid) = s.validate_answers(&input) {
            let map = valid.as_map();
            for question in &s.questions {
                let shown = s.is_shown(question, map);
                if question.required && shown {
                    prop_assert!(map.contains_key(&question.code));
                }
                if !shown {
                    prop_assert!(!map.contains_key(&question.code));
                }
            }
            prop_assert!(map.keys().all(|k| s.question(k).is_some()));
            // Validation is idempotent: clean answers stay valid and unchanged.
            let again = s.validate_answers(map).expect("still valid");
            prop_assert_eq!(again.as_map(), map);
        }
    }

    /// Every error names a question the input or the definition has.
    #[test]
    fn errors_name_real_questions(input in arb_answers()) {
        let s = survey();
        if let Err(errors) = s.validate_answers(&input) {
            prop_assert!(!errors.is_empty());
            for error in errors {
                prop_assert!(s.question(&error.question).is_some() || input.contains_key(&error.question));
            }
        }
    }
}

#[test]
fn a_question_type_is_the_type_of_its_json() {
    let kinds = [
        json!({"type": "single_choice", "options": [{"code": "a", "label": "A"}]}),
        json!({"type": "multiple_choice", "options": [{"code": "a", "label": "A"}]}),
        json!({"type": "scale"}),
        json!({"type": "yes_no"}),
        json!({"type": "short_text"}),
        json!({"type": "long_text"}),
        json!({"type": "number"}),
        json!({"type": "date"}),
        json!({"type": "note"}),
    ];
    for value in kinds {
        let kind: QuestionKind = serde_json::from_value(value.clone()).unwrap();
        let kind_type = kind.question_type();
        assert_eq!(value["type"], kind_type.as_str());
        assert_eq!(serde_json::to_value(kind_type).unwrap(), value["type"]);
    }
}

#[test]
fn date_answers_are_real_days_written_yyyy_mm_dd() {
    for (text, expected) in [
        ("2026-03-15", Some("2026-03-15")),
        ("2024-02-29", Some("2024-02-29")),
        ("1900-01-01", Some("1900-01-01")),
        ("2100-12-31", Some("2100-12-31")),
        ("2026-02-29", None),
        ("2026-13-01", None),
        ("2026-00-10", None),
        ("1899-12-31", None),
        ("2101-01-01", None),
        ("15/03/2026", None),
        ("2026-3-15", None),
        ("+026-03-15", None),
        ("２０２６-03-15", None),
        ("", None),
    ] {
        assert_eq!(
            parse_date(text).map(|d| d.format("%Y-%m-%d").to_string()),
            expected.map(str::to_owned),
            "{text}"
        );
    }
    let s = survey();
    let valid = s
        .validate_answers(&answers(json!({"mode": "pied", "visite": " 2026-03-15 "})))
        .unwrap();
    assert_eq!(
        valid.as_map()["visite"],
        AnswerValue::Text("2026-03-15".into())
    );
    assert_eq!(
        codes(s.validate_answers(&answers(json!({"mode": "pied", "visite": "2026-02-30"})))),
        vec![("visite".to_owned(), AnswerErrorCode::InvalidDate)]
    );
    assert_eq!(
        codes(s.validate_answers(&answers(json!({"mode": "pied", "visite": 20260315})))),
        vec![("visite".to_owned(), AnswerErrorCode::WrongType)]
    );
}

proptest! {
    #![proptest_config(crate::testing::config())]

    /// Any text: no panic, and a date is accepted exactly when it reads back the same.
    #[test]
    fn a_date_is_accepted_only_when_it_is_one(text in crate::testing::any_text()) {
        if let Some(day) = parse_date(&text) {
            prop_assert_eq!(day.format("%Y-%m-%d").to_string(), text);
        }
    }

    /// Every real day of the allowed years is accepted, written as `<input type="date">` does.
    #[test]
    fn every_day_in_range_is_accepted(year in MIN_DATE_YEAR..=MAX_DATE_YEAR, ordinal in 1u32..=366) {
        if let Some(day) = chrono::NaiveDate::from_yo_opt(year, ordinal) {
            let text = day.format("%Y-%m-%d").to_string();
            prop_assert_eq!(parse_date(&text), Some(day));
        }
    }
}

#[test]
fn a_note_is_read_not_answered() {
    let s = survey();
    assert!(s.check().is_ok());
    assert_eq!(
        codes(s.validate_answers(&answers(
            json!({"mode": "tram", "attente": true, "merci": "ok"})
        ))),
        vec![("merci".to_owned(), AnswerErrorCode::WrongType)]
    );
    assert!(s
        .validate_answers(&answers(json!({"mode": "tram", "attente": false})))
        .is_ok());

    let mut required = survey();
    let note = required.questions.len() - 1;
    required.questions[note].required = true;
    let errors = required.check().unwrap_err();
    assert_eq!(errors[0].field, format!("questions[{note}].required"));

    let mut only_notes = survey();
    only_notes.questions.retain(|q| !q.kind.is_answered());
    only_notes.questions[0].show_if = None;
    let errors = only_notes.check().unwrap_err();
    assert_eq!(errors[0].field, "questions");

    let mut on_a_note = survey();
    on_a_note.questions.push(
        serde_json::from_value(json!({"code": "apres", "label": "Après", "type": "yes_no",
            "show_if": {"question": "merci", "any_of": ["yes"]}}))
        .unwrap(),
    );
    assert!(on_a_note
        .check()
        .unwrap_err()
        .iter()
        .any(|e| e.field.ends_with("show_if.question")));
}

fn condition(value: serde_json::Value) -> Option<ShowIf> {
    Some(serde_json::from_value(value).unwrap())
}

/// `survey()` with one more question, `fin`, shown under `show_if`.
fn with_last(show_if: serde_json::Value) -> SurveyDefinition {
    let mut s = survey();
    s.questions.push(
        serde_json::from_value(json!({"code": "fin", "label": "Fin ?", "type": "yes_no"})).unwrap(),
    );
    s.questions.last_mut().unwrap().show_if = condition(show_if);
    s
}

#[test]
fn the_first_condition_format_still_reads_and_writes_the_same() {
    let old = json!({"question": "mode", "any_of": ["tram", "bus"]});
    let read: ShowIf = serde_json::from_value(old.clone()).unwrap();
    assert_eq!(
        read,
        ShowIf::any_of("mode", vec!["tram".into(), "bus".into()])
    );
    assert_eq!(serde_json::to_value(&read).unwrap(), old);
}

#[test]
fn conditions_combine_rules_on_earlier_answers() {
    let s = with_last(json!({"all": [
        {"question": "mode", "none_of": ["pied"]},
        {"any": [{"question": "age", "at_least": 16, "at_most": 25}, {"question": "idee", "answered": true}]}
    ]}));
    assert_eq!(s.check(), Ok(()));
    let fin = s.question("fin").unwrap();
    let shown = |a: serde_json::Value| s.is_shown(fin, &answers(a));
    assert!(shown(json!({"mode": "tram", "age": 16})));
    assert!(shown(json!({"mode": "bus", "age": 40, "idee": "oui"})));
    assert!(!shown(json!({"mode": "bus", "age": 40})));
    assert!(
        !shown(json!({"mode": "bus", "age": 40, "idee": "   "})),
        "blank is unanswered"
    );
    assert!(!shown(json!({"mode": "pied", "age": 20})));
    // `none_of` holds while the question is unanswered; bounds do not.
    assert!(shown(json!({"idee": "x"})));
    assert!(!shown(json!({"age": 30})));

    // A question hidden by its own condition counts as unanswered.
    let s = with_last(json!({"question": "attente", "answered": false}));
    let fin = s.question("fin").unwrap();
    assert!(s.is_shown(fin, &answers(json!({"mode": "pied", "attente": true}))));
    assert!(!s.is_shown(fin, &answers(json!({"mode": "tram", "attente": true}))));

    // The server refuses answers to a question its condition hides, with the same code.
    let s = with_last(json!({"question": "age", "at_least": 18}));
    assert_eq!(
        codes(s.validate_answers(&answers(
            json!({"mode": "pied", "note": 3, "age": 12, "fin": true})
        ))),
        vec![("fin".to_owned(), AnswerErrorCode::HiddenQuestion)]
    );
    assert!(s
        .validate_answers(&answers(json!({"mode": "pied", "age": 18, "fin": true})))
        .is_ok());
}

#[test]
fn malformed_conditions_are_named() {
    let field = |show_if: serde_json::Value| -> Vec<String> {
        with_last(show_if)
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    };
    let last = survey().questions.len();
    let at = |rest: &str| format!("questions[{last}].show_if{rest}");
    assert_eq!(
        field(json!({"question": "mode", "any_of": ["tram"], "none_of": ["bus"]})),
        [at("")]
    );
    assert_eq!(
        field(json!({"question": "mode", "any_of": []})),
        [at(".any_of")]
    );
    assert_eq!(
        field(json!({"question": "mode", "none_of": ["velo"]})),
        [at(".none_of")]
    );
    assert_eq!(
        field(json!({"question": "idee", "at_least": 2})),
        [at(".question")]
    );
    assert_eq!(
        field(json!({"question": "age", "at_least": 9, "at_most": 2})),
        [at(".at_least")]
    );
    assert_eq!(
        field(json!({"question": "merci", "answered": true})),
        [at(".question")]
    );
    assert_eq!(field(json!({"all": []})), [at("")]);
    assert_eq!(
        field(json!({"any": [{"question": "fin", "answered": true}]})),
        [at(".question")]
    );
    let deep =
        json!({"all": [{"any": [{"all": [{"any": [{"question": "mode", "any_of": ["tram"]}]}]}]}]});
    assert_eq!(field(deep), [at("")]);
    let many: Vec<_> = (0..11)
        .map(|_| json!({"question": "mode", "any_of": ["tram"]}))
        .collect();
    assert_eq!(field(json!({"any": many})), [at("")]);
}

#[test]
fn a_draft_whose_rules_loop_is_not_evaluated_for_ever() {
    let mut s = survey();
    s.questions[0].show_if = ShowIf::any_of("attente", vec!["yes".into()]).into();
    assert!(s.check().is_err());
    for question in &s.questions {
        let _ = s.is_shown(question, &answers(json!({"mode": "tram", "attente": true})));
    }
    let _ = s.validate_answers(&answers(json!({"mode": "tram", "attente": true})));
}

fn arb_rule() -> impl Strategy<Value = ShowIf> {
    let codes = prop_oneof![
        Just("mode"),
        Just("attente"),
        Just("lignes"),
        Just("note"),
        Just("age"),
        Just("idee"),
        Just("visite"),
        Just("merci"),
        Just("nope")
    ];
    let values = proptest::collection::vec(
        prop_oneof![
            Just("tram"),
            Just("pied"),
            Just("c1"),
            Just("yes"),
            Just("3"),
            Just("x")
        ]
        .prop_map(str::to_owned),
        0..3,
    );
    (
        codes,
        values.clone(),
        values,
        proptest::option::of(-5.0f64..130.0),
        proptest::option::of(-5.0f64..130.0),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(question, any_of, none_of, at_least, at_most, answered)| {
            ShowIf::Rule(Rule {
                question: question.to_owned(),
                any_of,
                none_of,
                at_least,
                at_most,
                answered,
            })
        })
}

fn arb_condition() -> impl Strategy<Value = ShowIf> {
    arb_rule().prop_recursive(4, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(|all| ShowIf::All { all }),
            proptest::collection::vec(inner, 0..4).prop_map(|any| ShowIf::Any { any }),
        ]
    })
}

proptest! {
    #![proptest_config(crate::testing::config())]

    /// Any condition on the last question: no panic; what validation accepts respects it; and
    /// a condition survives its JSON.
    #[test]
    fn any_condition_is_evaluated_the_same_after_json(condition in arb_condition(), input in arb_answers()) {
        let mut s = survey();
        s.questions.push(
            serde_json::from_value(json!({"code": "fin", "label": "Fin ?", "type": "yes_no"})).unwrap(),
        );
        s.questions.last_mut().unwrap().show_if = Some(condition.clone());
        let again: ShowIf = serde_json::from_value(serde_json::to_value(&condition).unwrap()).unwrap();
        let fin = s.question("fin").unwrap().clone();
        let mut copy = s.clone();
        copy.questions.last_mut().unwrap().show_if = Some(again);
        prop_assert_eq!(s.is_shown(&fin, &input), copy.is_shown(&fin, &input));
        let _ = s.check();
        if let Ok(valid) = s.validate_answers(&input) {
            let map = valid.as_map();
            prop_assert_eq!(map.contains_key("fin"), map.contains_key("fin") && s.is_shown(&fin, map));
        }
    }
}

proptest! {
    #![proptest_config(crate::testing::config())]

    /// The builder's flat view of a condition: rules joined by `all`/`any` come back as they
    /// were written, and a condition that is flat reads back as itself.
    #[test]
    fn flat_conditions_read_back_as_written(
        rules in proptest::collection::vec(arb_rule(), 0..5),
        any in any::<bool>(),
        condition in arb_condition(),
    ) {
        let join = if any { Join::Any } else { Join::All };
        let rules: Vec<Rule> = rules.into_iter().filter_map(|r| r.as_rule().cloned()).collect();
        let made = ShowIf::from_rules(join, rules.clone());
        prop_assert_eq!(made.is_none(), rules.is_empty());
        if let Some(made) = made {
            let (read_join, read_rules) = made.flat().expect("flat");
            prop_assert_eq!(&read_rules, &rules);
            if rules.len() > 1 {
                prop_assert_eq!(read_join, join);
            }
        }
        match condition.flat() {
            Some((join, rules)) if !rules.is_empty() => {
                let again = ShowIf::from_rules(join, rules.clone()).expect("a rule");
                if rules.len() > 1 {
                    prop_assert_eq!(&again, &condition);
                } else {
                    prop_assert_eq!(again.as_rule(), Some(&rules[0]));
                }
            }
            Some(_) => prop_assert!(condition.as_rule().is_none(), "an empty list"),
            None => prop_assert!(holds_a_list(&condition)),
        }
    }
}

/// Whether the condition's top list holds a list (a nested condition).
fn holds_a_list(condition: &ShowIf) -> bool {
    match condition {
        ShowIf::All { all: list } | ShowIf::Any { any: list } => {
            list.iter().any(|c| c.as_rule().is_none())
        }
        ShowIf::Rule(_) => false,
    }
}

#[test]
fn a_nested_condition_is_not_flat_and_one_rule_is() {
    let rule = |q: &str| Rule::any_of(q, vec!["yes".into()]);
    let nested = ShowIf::Any {
        any: vec![
            ShowIf::Rule(rule("a")),
            ShowIf::All {
                all: vec![ShowIf::Rule(rule("b")), ShowIf::Rule(rule("c"))],
            },
        ],
    };
    assert_eq!(nested.flat(), None);
    assert_eq!(
        ShowIf::Rule(rule("a")).flat(),
        Some((Join::All, vec![rule("a")]))
    );
    assert_eq!(
        ShowIf::from_rules(Join::Any, vec![rule("a")]),
        Some(ShowIf::Rule(rule("a")))
    );
    assert_eq!(ShowIf::from_rules(Join::All, Vec::new()), None);
    assert_eq!(
        ShowIf::from_rules(Join::Any, vec![rule("a"), rule("b")]),
        Some(ShowIf::Any {
            any: vec![ShowIf::Rule(rule("a")), ShowIf::Rule(rule("b"))]
        })
    );
}

/// Thirty questions, each shown by ten rules on the one before: evaluated once per question
/// (an evaluation that followed every rule back would make 10^29 steps and never finish).
#[test]
fn chained_conditions_are_evaluated_once_each() {
    let mut questions = vec![json!({"code": "q0", "label": "Q0", "type": "yes_no"})];
    for i in 1..30 {
        let previous = format!("q{}", i - 1);
        let rules: Vec<_> = (0..10)
            .map(|_| json!({"question": previous, "any_of": ["yes"]}))
            .collect();
        questions.push(json!({"code": format!("q{i}"), "label": format!("Q{i}"),
            "type": "yes_no", "show_if": {"all": rules}}));
    }
    let s: SurveyDefinition =
        serde_json::from_value(json!({"title": "Chaîne", "questions": questions})).unwrap();
    assert_eq!(s.check(), Ok(()));
    let yes: Answers = (0..30)
        .map(|i| (format!("q{i}"), AnswerValue::Bool(true)))
        .collect();
    assert!(s.shown(&yes).iter().all(|&shown| shown));
    assert_eq!(s.validate_answers(&yes).map(|v| v.as_map().len()), Ok(30));
    let mut stop = yes.clone();
    stop.insert("q10".into(), AnswerValue::Bool(false));
    let shown = s.shown(&stop);
    assert_eq!(
        shown.iter().filter(|&&s| s).count(),
        11,
        "q0…q10 shown, the rest hidden"
    );
    let last = s.question("q29").unwrap();
    assert!(!s.is_shown(last, &stop));
}
