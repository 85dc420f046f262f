//! Preparing one item of a batch, outside the write transaction: checks, content hash, cleaned
//! texts, answer validation, testimony analysis and the rows to write. What it reads changes
//! rarely (survey versions, quartiers, themes, devices, the codebook's analyzer) and is cached
//! for the batch in [`BatchCache`].

use portevoix_domain::intake;
use sha2::{Digest, Sha256};

use super::*;

/// Why preparing (or admitting) an item stopped: a rule it breaks, which is that item's
/// `rejected` result, or a failure of the server, which fails the request. `?` turns a
/// rejection, an [`ApiError`] or a database error into it.
pub(super) enum ItemError {
    Rejected(Rejection),
    Server(ApiError),
}

impl From<Rejection> for ItemError {
    fn from(rejection: Rejection) -> Self {
        Self::Rejected(rejection)
    }
}

impl From<ApiError> for ItemError {
    fn from(error: ApiError) -> Self {
        Self::Server(error)
    }
}

impl From<diesel::result::Error> for ItemError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Server(error.into())
    }
}

impl ItemError {
    /// The item's fate, or the server's failure.
    pub(super) fn into_outcome(self) -> Result<Outcome, ApiError> {
        match self {
            Self::Rejected(rejection) => Ok(Outcome::Rejected(rejection)),
            Self::Server(error) => Err(error),
        }
    }
}

/// What makes a re-sent item a duplicate (same hash) or a conflict (another hash).
fn content_hash<T: serde::Serialize>(item: &T) -> String {
    let json = serde_json::to_string(item).unwrap_or_default();
    hex::encode(Sha256::digest(json.as_bytes()))
}
use portevoix_domain::wire::ThemeSource;

pub(super) struct Context<'a> {
    actor: &'a AuthUser,
    received_at: i64,
    faults: &'a ItemFaults,
}

/// One item of a batch, prepared before the write transaction.
pub(super) struct Slot {
    pub(super) kind: ItemKind,
    pub(super) id: Uuid,
    /// Hash of the item as sent: its idempotency fingerprint.
    pub(super) hash: String,
    /// The outing it names: checked against its owner inside the transaction, once the item
    /// is otherwise valid (an outing may arrive in another push meanwhile).
    pub(super) outing: Option<Uuid>,
    /// Its rows (sequence number still unset), or why it cannot be stored.
    pub(super) rows: Result<BatchWrites, Rejection>,
}

/// Prepares one item outside the write transaction. A panic while it is prepared (a bug, an
/// input nobody thought of) costs that item, not the batch: it is reported as `item_failed`
/// (unless the server already holds it: then it is a `duplicate` like any other copy).
pub(super) fn prepare_item(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    actor: &AuthUser,
    faults: &ItemFaults,
    received_at: i64,
    item: PushItem,
) -> Result<Slot, ApiError> {
    let (kind, id) = (item.kind(), item.id());
    let outing = match &item {
        PushItem::Response(input) => input.outing_id,
        PushItem::Testimony(input) => input.outing_id,
        PushItem::Outing(_) => None,
    };
    let hash = match &item {
        PushItem::Response(input) => content_hash(input),
        PushItem::Testimony(input) => content_hash(input),
        PushItem::Outing(input) => content_hash(input),
    };
    let ctx = Context {
        actor,
        received_at,
        faults,
    };
    let mut rows = BatchWrites::default();
    let prepared = std::panic::catch_unwind(AssertUnwindSafe(|| {
        if faults.panic_preparing.contains(&id) {
            panic!("fault injected while preparing {id}");
        }
        match item {
            PushItem::Response(input) => {
                prepare_response(conn, cache, &mut rows, &ctx, input, &hash)
            }
            PushItem::Testimony(input) => {
                prepare_testimony(conn, cache, &mut rows, &ctx, input, &hash)
            }
            PushItem::Outing(input) => prepare_outing(conn, cache, &mut rows, &ctx, input, &hash),
        }
    }));
    let rows = match prepared {
        Ok(Ok(())) => Ok(rows),
        Ok(Err(ItemError::Rejected(rejection))) => Err(rejection),
        Ok(Err(ItemError::Server(error))) => return Err(error),
        Err(panic) => {
            tracing::error!(%id, cause = panic_message(&panic), "preparing an item panicked");
            Err(Rejection::new(
                "item_failed",
                "le serveur n'a pas pu traiter cet élément ; il reste sur le téléphone, \
                 signalez-le à la coordination",
                None,
            ))
        }
    };
    Ok(Slot {
        kind,
        id,
        hash,
        outing,
        rows,
    })
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("panic")
}

fn prepare_response(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    writes: &mut BatchWrites,
    ctx: &Context<'_>,
    input: ResponseInput,
    hash: &str,
) -> Result<(), ItemError> {
    let checked = intake::check_response(&input, now_ms())?;
    let device = cache.device(conn, ctx.actor, input.device_id)?;
    let info = cache
        .version(conn, input.survey_version_id)?
        .ok_or_else(|| {
            Rejection::new(
                "unknown_survey_version",
                "version d'enquête inconnue",
                Some("survey_version_id"),
            )
        })?;
    if info.survey_status != SurveyStatus::Open {
        return Err(Rejection::new(
            "survey_not_open",
            "cette enquête n'est pas ouverte",
            Some("survey_version_id"),
        )
        .into());
    }
    if !info.quartiers.contains(&input.quartier_id) {
        return Err(Rejection::new(
            "quartier_not_assigned",
            "cette enquête n'est pas affectée à ce quartier",
            Some("quartier_id"),
        )
        .into());
    }
    let valid = info
        .definition
        .validate_answers(&input.answers)
        .map_err(|errors| match errors.first() {
            Some(first) => Rejection::new(
                "invalid_answer",
                format!("question {} : {}", first.question, first.message),
                Some(&format!("answers.{}", first.question)),
            ),
            None => Rejection::new("invalid_answer", "réponses invalides", Some("answers")),
        })?;
    let rows = tallies::answer_rows(&info.definition, valid.as_map());
    let id = input.id.to_string();
    writes.answers.extend(rows.into_iter().map(|row| NewAnswer {
        response_id: id.clone(),
        question_code: row.question,
        option_code: row.option,
        number_value: row.number,
        text_value: row.text,
    }));
    writes.responses.push(NewResponse {
        id,
        survey_version_id: input.survey_version_id,
        quartier_id: input.quartier_id,
        user_id: ctx.actor.id,
        device_id: device,
        outing_id: input.outing_id.map(|o| o.to_string()),
        place: checked.place,
        captured_at: checked.captured_at,
        age_band: input.age_band.map(Stored),
        receipt_code: checked.receipt_code,
        content_hash: hash.to_owned(),
        received_at: ctx.received_at,
        seq: 0,
    });
    Ok(())
}

fn prepare_testimony(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    writes: &mut BatchWrites,
    ctx: &Context<'_>,
    input: TestimonyInput,
    hash: &str,
) -> Result<(), ItemError> {
    let intake::CheckedTestimony { capture, text } = intake::check_testimony(&input, now_ms())?;
    let device = cache.device(conn, ctx.actor, input.device_id)?;
    for theme in &input.themes {
        if !cache.theme_exists(conn, theme)? {
            return Err(Rejection::new(
                "unknown_theme",
                format!("thème inconnu : {theme}"),
                Some("themes"),
            )
            .into());
        }
    }
    if !cache.quartier_exists(conn, input.quartier_id)? {
        return Err(unknown_quartier().into());
    }
    let analyzer = cache.analyzer(conn)?;
    let analysed = analysis::analyse_with(
        &analyzer,
        &text,
        ctx.faults.panic_analysing.contains(&input.id),
    );
    let id = input.id.to_string();
    writes
        .themes
        .extend(input.themes.iter().map(|theme| NewTestimonyTheme {
            testimony_id: id.clone(),
            theme_code: theme.clone(),
            source: Stored(ThemeSource::Volunteer),
            matched: "[]".into(),
        }));
    writes.themes.extend(
        analysed
            .themes
            .iter()
            .filter(|s| !input.themes.contains(&s.code))
            .map(|s| NewTestimonyTheme {
                testimony_id: id.clone(),
                theme_code: s.code.clone(),
                source: Stored(ThemeSource::Suggested),
                matched: serde_json::to_string(&s.words).unwrap_or_else(|_| "[]".into()),
            }),
    );
    writes.testimonies.push(NewTestimony {
        id,
        quartier_id: input.quartier_id,
        user_id: ctx.actor.id,
        device_id: device,
        outing_id: input.outing_id.map(|o| o.to_string()),
        place: capture.place,
        captured_at: capture.captured_at,
        text,
        redacted_text: analysed.redacted,
        consent: Stored(input.consent),
        age_band: input.age_band.map(Stored),
        sensitive: analysed.sensitive,
        analysis_failed: analysed.failed,
        status: Stored(ModerationStatus::Pending),
        receipt_code: capture.receipt_code,
        content_hash: hash.to_owned(),
        received_at: ctx.received_at,
        seq: 0,
    });
    Ok(())
}

fn prepare_outing(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    writes: &mut BatchWrites,
    ctx: &Context<'_>,
    input: OutingInput,
    hash: &str,
) -> Result<(), ItemError> {
    let checked = intake::check_outing(&input, now_ms())?;
    let device = cache.device(conn, ctx.actor, input.device_id)?;
    if !cache.quartier_exists(conn, input.quartier_id)? {
        return Err(unknown_quartier().into());
    }
    writes.outings.push(NewOuting {
        id: input.id.to_string(),
        user_id: ctx.actor.id,
        device_id: device,
        quartier_id: input.quartier_id,
        place: checked.place,
        started_at: checked.started_at,
        ended_at: checked.ended_at,
        approached: i32::try_from(input.approached).unwrap_or(i32::MAX),
        answered: i32::try_from(input.answered).unwrap_or(i32::MAX),
        note: checked.note,
        content_hash: hash.to_owned(),
        received_at: ctx.received_at,
        seq: 0,
    });
    Ok(())
}

fn unknown_quartier() -> Rejection {
    Rejection::new("unknown_quartier", "quartier inconnu", Some("quartier_id"))
}
