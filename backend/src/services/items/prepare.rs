//! Preparing one item of a batch, outside the write transaction: checks, content hash, cleaned
//! texts, answer validation, testimony analysis and the rows to write. What it reads changes
//! rarely (survey versions, quartiers, themes, devices, the codebook's analyzer) and is cached
//! for the batch in [`BatchCache`].

use super::*;
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
        PushItem::Response(input) => checks::content_hash(input),
        PushItem::Testimony(input) => checks::content_hash(input),
        PushItem::Outing(input) => checks::content_hash(input),
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
        Ok(Ok(Ok(()))) => Ok(rows),
        Ok(Ok(Err(rejection))) => Err(rejection),
        Ok(Err(error)) => return Err(error),
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

type Prepared = Result<Result<(), Rejection>, ApiError>;

fn prepare_response(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    writes: &mut BatchWrites,
    ctx: &Context<'_>,
    input: ResponseInput,
    hash: &str,
) -> Prepared {
    let device = match cache.device(conn, ctx.actor, input.device_id)? {
        Ok(device) => device,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let checked = (|| {
        Ok((
            checks::time(&input.captured_at, "captured_at")?,
            checks::place(&input.place)?,
            checks::receipt(input.receipt_code.as_deref())?,
        ))
    })();
    let (captured_at, place, receipt) = match checked {
        Ok(values) => values,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let Some(info) = cache.version(conn, input.survey_version_id)? else {
        return Ok(Err(Rejection::new(
            "unknown_survey_version",
            "version d'enquête inconnue",
            Some("survey_version_id"),
        )));
    };
    if info.survey_status != SurveyStatus::Open {
        return Ok(Err(Rejection::new(
            "survey_not_open",
            "cette enquête n'est pas ouverte",
            Some("survey_version_id"),
        )));
    }
    if !info.quartiers.contains(&input.quartier_id) {
        return Ok(Err(Rejection::new(
            "quartier_not_assigned",
            "cette enquête n'est pas affectée à ce quartier",
            Some("quartier_id"),
        )));
    }
    let valid = match info.definition.validate_answers(&input.answers) {
        Ok(valid) => valid,
        Err(errors) => {
            let first = &errors[0];
            return Ok(Err(Rejection::new(
                "invalid_answer",
                format!("question {} : {}", first.question, first.message),
                Some(&format!("answers.{}", first.question)),
            )));
        }
    };
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
        place,
        captured_at,
        age_band: input.age_band.map(Stored),
        receipt_code: receipt,
        content_hash: hash.to_owned(),
        received_at: ctx.received_at,
        seq: 0,
    });
    Ok(Ok(()))
}

fn prepare_testimony(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    writes: &mut BatchWrites,
    ctx: &Context<'_>,
    input: TestimonyInput,
    hash: &str,
) -> Prepared {
    let device = match cache.device(conn, ctx.actor, input.device_id)? {
        Ok(device) => device,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let checked = (|| {
        let captured_at = checks::time(&input.captured_at, "captured_at")?;
        let place = checks::place(&input.place)?;
        let receipt = checks::receipt(input.receipt_code.as_deref())?;
        let text = clean_text(&input.text, TextKind::Long);
        let text = text.trim();
        if text.is_empty() || char_len(text) > MAX_TESTIMONY_CHARS {
            return Err(Rejection::new(
                "invalid_text",
                format!("texte : 1 à {MAX_TESTIMONY_CHARS} caractères"),
                Some("text"),
            ));
        }
        if input.themes.len() > portevoix_domain::codebook::MAX_THEMES_PER_ITEM {
            return Err(Rejection::new(
                "too_many_themes",
                "3 thèmes au plus",
                Some("themes"),
            ));
        }
        Ok((captured_at, place, receipt, text.to_owned()))
    })();
    let (captured_at, place, receipt, text) = match checked {
        Ok(values) => values,
        Err(rejection) => return Ok(Err(rejection)),
    };
    for theme in &input.themes {
        if !cache.theme_exists(conn, theme)? {
            return Ok(Err(Rejection::new(
                "unknown_theme",
                format!("thème inconnu : {theme}"),
                Some("themes"),
            )));
        }
    }
    if !cache.quartier_exists(conn, input.quartier_id)? {
        return Ok(Err(Rejection::new(
            "unknown_quartier",
            "quartier inconnu",
            Some("quartier_id"),
        )));
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
        place,
        captured_at,
        text,
        redacted_text: analysed.redacted,
        consent: Stored(input.consent),
        age_band: input.age_band.map(Stored),
        sensitive: analysed.sensitive,
        analysis_failed: analysed.failed,
        status: Stored(ModerationStatus::Pending),
        receipt_code: receipt,
        content_hash: hash.to_owned(),
        received_at: ctx.received_at,
        seq: 0,
    });
    Ok(Ok(()))
}

fn prepare_outing(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    writes: &mut BatchWrites,
    ctx: &Context<'_>,
    input: OutingInput,
    hash: &str,
) -> Prepared {
    let device = match cache.device(conn, ctx.actor, input.device_id)? {
        Ok(device) => device,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let checked = (|| {
        let started = checks::time(&input.started_at, "started_at")?;
        let ended = input
            .ended_at
            .as_ref()
            .map(|e| checks::time(e, "ended_at"))
            .transpose()?;
        if ended.is_some_and(|e| e < started) {
            return Err(Rejection::new(
                "ended_before_start",
                "la fin précède le début",
                Some("ended_at"),
            ));
        }
        if input.approached > 10_000 || input.answered > 10_000 {
            return Err(Rejection::new(
                "invalid_count",
                "compte de personnes invraisemblable",
                Some("approached"),
            ));
        }
        if input.answered > input.approached {
            return Err(Rejection::new(
                "invalid_count",
                "plus de personnes ont répondu que de personnes abordées",
                Some("answered"),
            ));
        }
        let note = input
            .note
            .as_deref()
            .map(|n| clean_text(n, TextKind::Long))
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        if note
            .as_deref()
            .is_some_and(|n| char_len(n) > MAX_NOTE_CHARS)
        {
            return Err(Rejection::new(
                "note_too_long",
                format!("note : {MAX_NOTE_CHARS} caractères au plus"),
                Some("note"),
            ));
        }
        Ok((started, ended, checks::place(&input.place)?, note))
    })();
    let (started, ended, place, note) = match checked {
        Ok(values) => values,
        Err(rejection) => return Ok(Err(rejection)),
    };
    if !cache.quartier_exists(conn, input.quartier_id)? {
        return Ok(Err(Rejection::new(
            "unknown_quartier",
            "quartier inconnu",
            Some("quartier_id"),
        )));
    }
    writes.outings.push(NewOuting {
        id: input.id.to_string(),
        user_id: ctx.actor.id,
        device_id: device,
        quartier_id: input.quartier_id,
        place,
        started_at: started,
        ended_at: ended,
        approached: i32::try_from(input.approached).unwrap_or(i32::MAX),
        answered: i32::try_from(input.answered).unwrap_or(i32::MAX),
        note,
        content_hash: hash.to_owned(),
        received_at: ctx.received_at,
        seq: 0,
    });
    Ok(Ok(()))
}
