//! Running tallies always equal a full recount, whatever mix of new items, duplicates,
//! conflicts and rejected items arrives.

use portevoix::auth::AuthUser;
use portevoix::services::{items, surveys, tallies};
use portevoix::startup::prepare;
use portevoix_domain::survey::{AnswerValue, Answers, SurveyDefinition};
use portevoix_domain::wire::{NewUser, PushItem, ResponseInput, Role, SurveyStatus};
use proptest::prelude::*;
use uuid::Uuid;

use crate::helpers::{sample_survey, test_settings, TestDb};

/// One push of item number `slot` (0..6), in content variant `variant` (0..3): the same slot
/// with another variant is a conflict; variant 2 is invalid (unknown option), so rejected.
#[derive(Debug, Clone)]
struct Push {
    slot: usize,
    variant: u8,
    quartier: usize,
}

fn answers(variant: u8, slot: usize) -> Answers {
    let mut a = Answers::new();
    let mode = match variant {
        0 => "tram",
        1 => "pied",
        _ => "soucoupe",
    };
    a.insert("mode".into(), AnswerValue::Text(mode.into()));
    if variant == 0 {
        a.insert("attente".into(), AnswerValue::Bool(slot.is_multiple_of(2)));
    }
    a.insert("note".into(), AnswerValue::Number((slot % 5 + 1) as f64));
    if slot.is_multiple_of(3) {
        a.insert("idee".into(), AnswerValue::Text(format!("idée {slot}")));
    }
    a
}

fn arb_pushes() -> impl Strategy<Value = Vec<Vec<Push>>> {
    let push = (
        0usize..6,
        prop_oneof![4 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8)],
        0usize..2,
    )
        .prop_map(|(slot, variant, quartier)| Push {
            slot,
            variant,
            quartier,
        });
    proptest::collection::vec(proptest::collection::vec(push, 1..6), 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    #[test]
    fn tallies_equal_a_full_recount(batches in arb_pushes()) {
        let db = TestDb::new();
        let prepared = prepare(test_settings(db.url())).unwrap();
        let mut conn = prepared.state.pool.get().unwrap();
        let system = AuthUser::system();
        let volunteer = portevoix::services::accounts::create_user(&mut conn, &system, NewUser {
            email: "v@test.local".into(), display_name: "V".into(), role: Role::Volunteer,
            password: None, council_id: None, expires_on: None,
        }).unwrap();
        let actor = AuthUser { id: volunteer.id, role: Role::Volunteer, council_id: None, device_id: None };
        let quartiers: Vec<i64> = portevoix::services::places::list_quartiers(&mut conn).unwrap().iter().take(2).map(|q| q.id).collect();
        let definition: SurveyDefinition = serde_json::from_value(sample_survey()).unwrap();
        let survey = surveys::create(&mut conn, &system, definition).unwrap();
        surveys::assign(&mut conn, &system, survey.id, quartiers.clone()).unwrap();
        let version = surveys::publish(&mut conn, &system, survey.id).unwrap().current_version.unwrap().id;
        surveys::set_status(&mut conn, &system, survey.id, SurveyStatus::Open).unwrap();

        let ids: Vec<Uuid> = (0..6).map(|_| Uuid::now_v7()).collect();
        let captured_at = chrono::Utc::now();
        let mut first_stored: std::collections::HashMap<usize, u8> = Default::default();
        for batch in &batches {
            let items_in = batch.iter().map(|p| Ok(PushItem::Response(ResponseInput {
                id: ids[p.slot],
                survey_version_id: version,
                quartier_id: quartiers[p.slot % 2],
                place: "marché".into(),
                captured_at,
                age_band: None,
                answers: answers(p.variant, p.slot),
                outing_id: None,
                device_id: None,
                receipt_code: None,
            }))).collect();
            let outcomes = items::ingest_batch(&mut conn, &actor, items_in, &items::ItemFaults::NONE).unwrap();
            for (push, outcome) in batch.iter().zip(outcomes) {
                let expected = match (first_stored.get(&push.slot), push.variant) {
                    (_, 2) if !first_stored.contains_key(&push.slot) => "rejected",
                    (None, _) => "created",
                    (Some(v), w) if *v == w => "duplicate",
                    (Some(_), _) => "conflict",
                };
                let got = match outcome {
                    items::Outcome::Created => { first_stored.insert(push.slot, push.variant); "created" }
                    items::Outcome::Duplicate => "duplicate",
                    items::Outcome::Conflict => "conflict",
                    items::Outcome::Rejected(_) => "rejected",
                };
                prop_assert_eq!(got, expected, "push {:?}", push);
                let _ = push.quartier;
            }
        }
        let stored = tallies::stored(&mut conn).unwrap();
        let recount = tallies::recount(&mut conn).unwrap();
        prop_assert_eq!(&stored, &recount);
        let total: i64 = stored.responses.iter().map(|r| r.2).sum();
        prop_assert_eq!(total as usize, first_stored.len());
    }
}
