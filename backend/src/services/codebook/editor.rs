//! The codebook editor: coordinators add, rename, retire and restore themes and edit their
//! keywords. Each change bumps the theme's `seq` (phones pull it; a retired theme also leaves a
//! tombstone) and re-analyses the testimonies still awaiting a decision.

use diesel::prelude::*;
use portevoix_domain::codebook::Theme;
use portevoix_domain::text::{char_len, is_code};
use portevoix_domain::wire::{
    KeywordAcceptance, ModerationStatus, ReanalysisReport, ThemeInput, ThemeSource, TombstoneEntity,
};

use crate::auth::AuthUser;
use crate::clock::now_ms;
use crate::db::schema::{testimonies, testimony_themes, themes, tombstones};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::AuditAction;
use crate::services::{analysis, audit, codebook, moderation, sequence};

pub const MAX_LABEL_CHARS: usize = 100;
pub const MAX_WORD_CHARS: usize = 60;
pub const MAX_WORDS: usize = 300;
/// Testimonies re-analysed per transaction (keeps write locks short).
const REANALYSIS_PAGE: i64 = 200;

struct Checked {
    label: String,
    /// `None`: leave as it is; `Some(None)`: remove.
    label_en: Option<Option<String>>,
    keywords: String,
    related: String,
}

fn check_words(words: &[String], field: &str) -> Result<String, ApiError> {
    let mut clean: Vec<&str> = Vec::with_capacity(words.len());
    for word in words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        if word.contains('|') || word.contains(';') || char_len(word) > MAX_WORD_CHARS {
            return Err(ApiError::validation(
                "invalid_keyword",
                format!("mot-clé invalide : {word:?} ({MAX_WORD_CHARS} caractères au plus, sans | ni ;)"),
                Some(field.to_owned()),
            ));
        }
        if !clean.contains(&word) {
            clean.push(word);
        }
    }
    if clean.len() > MAX_WORDS {
        return Err(ApiError::validation(
            "too_many_keywords",
            format!("{MAX_WORDS} mots-clés au plus"),
            Some(field.to_owned()),
        ));
    }
    Ok(clean.join("|"))
}

fn check(input: &ThemeInput) -> Result<Checked, ApiError> {
    let label = input.label.trim();
    if label.is_empty() || char_len(label) > MAX_LABEL_CHARS {
        return Err(ApiError::validation(
            "invalid_label",
            format!("libellé : 1 à {MAX_LABEL_CHARS} caractères"),
            Some("label".into()),
        ));
    }
    let label_en = match input.label_en.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(english) if char_len(english) > MAX_LABEL_CHARS => {
            return Err(ApiError::validation(
                "invalid_label_en",
                format!("libellé en anglais : {MAX_LABEL_CHARS} caractères au plus"),
                Some("label_en".into()),
            ))
        }
        Some(english) => Some(Some(english.to_owned())),
    };
    Ok(Checked {
        label: label.to_owned(),
        label_en,
        keywords: check_words(&input.keywords, "keywords")?,
        related: check_words(&input.related, "related")?,
    })
}

fn find(conn: &mut DbConnection, code: &str) -> Result<Theme, ApiError> {
    codebook::list(conn)?
        .into_iter()
        .find(|t| t.code == code)
        .ok_or(ApiError::NotFound("thème"))
}

fn tombstone(conn: &mut DbConnection, code: &str) -> QueryResult<()> {
    let seq = sequence::next(conn)?;
    diesel::insert_into(tombstones::table)
        .values((
            tombstones::seq.eq(seq),
            tombstones::entity.eq(Stored(TombstoneEntity::Theme)),
            tombstones::entity_id.eq(code),
            tombstones::at.eq(now_ms()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// `POST /api/v1/themes`.
pub fn create(
    conn: &mut DbConnection,
    actor: &AuthUser,
    input: ThemeInput,
) -> Result<Theme, ApiError> {
    actor.require_staff()?;
    let code = input
        .code
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if !is_code(&code) {
        return Err(ApiError::validation(
            "invalid_code",
            "code : minuscules, chiffres et _ (ex. acces_droits)",
            Some("code".into()),
        ));
    }
    let checked = check(&input)?;
    write_transaction(conn, |conn| {
        let seq = sequence::next(conn)?;
        let taken: i64 = themes::table.find(&code).count().get_result(conn)?;
        if taken > 0 {
            return Err(ApiError::conflict(
                "theme_exists",
                "un thème a déjà ce code",
                Some("code"),
            ));
        }
        let last: Option<i32> = themes::table
            .select(diesel::dsl::max(themes::position))
            .first(conn)?;
        diesel::insert_into(themes::table)
            .values((
                themes::code.eq(&code),
                themes::label.eq(&checked.label),
                themes::label_en.eq(checked.label_en.clone().flatten()),
                themes::keywords.eq(&checked.keywords),
                themes::related.eq(&checked.related),
                themes::retired.eq(input.retired),
                themes::position.eq(last.unwrap_or(0) + 1),
                themes::seq.eq(seq),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::ThemeCreated,
            &format!("theme:{code}"),
            serde_json::json!({"label": checked.label}),
        )?;
        Ok(())
    })?;
    reanalyse_undecided(conn)?;
    find(conn, &code)
}

/// `PUT /api/v1/themes/{code}`: rename, edit words, retire or restore. The code never changes.
pub fn update(
    conn: &mut DbConnection,
    actor: &AuthUser,
    code: &str,
    input: ThemeInput,
) -> Result<Theme, ApiError> {
    actor.require_staff()?;
    if input.code.as_deref().is_some_and(|c| c.trim() != code) {
        return Err(ApiError::validation(
            "code_immutable",
            "le code d'un thème ne change pas (il reste sur les témoignages)",
            Some("code".into()),
        ));
    }
    let checked = check(&input)?;
    let before = find(conn, code)?;
    write_transaction(conn, |conn| {
        let seq = sequence::next(conn)?;
        diesel::update(themes::table.find(code))
            .set((
                themes::label.eq(&checked.label),
                themes::keywords.eq(&checked.keywords),
                themes::related.eq(&checked.related),
                themes::retired.eq(input.retired),
                themes::seq.eq(seq),
            ))
            .execute(conn)?;
        if let Some(english) = &checked.label_en {
            diesel::update(themes::table.find(code))
                .set(themes::label_en.eq(english))
                .execute(conn)?;
        }
        if input.retired && !before.retired {
            tombstone(conn, code)?;
        }
        audit::record(
            conn,
            actor.actor(),
            AuditAction::ThemeUpdated,
            &format!("theme:{code}"),
            serde_json::json!({
                "label_before": before.label,
                "label": checked.label,
                "label_en_before": before.label_en,
                "label_en": checked.label_en.clone().unwrap_or(before.label_en.clone()),
                "retired": input.retired,
            }),
        )?;
        Ok::<_, ApiError>(())
    })?;
    reanalyse_undecided(conn)?;
    find(conn, code)
}

/// `POST /api/v1/themes/reanalyse`: runs the analysis again on testimonies awaiting a decision.
pub fn reanalyse(conn: &mut DbConnection, actor: &AuthUser) -> Result<ReanalysisReport, ApiError> {
    actor.require_staff()?;
    let report = reanalyse_undecided(conn)?;
    write_transaction(conn, |conn| {
        audit::record(
            conn,
            actor.actor(),
            AuditAction::CodebookReanalysed,
            "testimonies",
            serde_json::json!({"analysed": report.analysed, "changed": report.changed}),
        )
    })?;
    Ok(report)
}

/// Pending and "à corriger" testimonies only: approved ones were confirmed by a person and are
/// counted, rejected ones are never shown. A coordinator's redaction and themes stay; only the
/// analysis' own output (suggestions, redaction unless edited, sensitive flag) is refreshed.
fn reanalyse_undecided(conn: &mut DbConnection) -> Result<ReanalysisReport, ApiError> {
    let undecided = [
        Stored(ModerationStatus::Pending),
        Stored(ModerationStatus::NeedsCorrection),
    ];
    let mut report = ReanalysisReport {
        analysed: 0,
        changed: 0,
    };
    let mut last = String::new();
    loop {
        let page: Vec<(String, String, String, bool, bool)> = testimonies::table
            .filter(testimonies::status.eq_any(undecided))
            .filter(testimonies::id.gt(&last))
            .order(testimonies::id)
            .limit(REANALYSIS_PAGE)
            .select((
                testimonies::id,
                testimonies::text,
                testimonies::redacted_text,
                testimonies::redaction_edited,
                testimonies::sensitive,
            ))
            .load(conn)?;
        let Some((id, ..)) = page.last() else { break };
        last = id.clone();
        let changed = write_transaction(conn, |conn| {
            let mut changed = 0;
            for (id, text, redacted, edited, sensitive) in &page {
                if reanalyse_one(conn, id, text, redacted, *edited, *sensitive)? {
                    changed += 1;
                }
            }
            Ok::<_, ApiError>(changed)
        })?;
        report.analysed += page.len() as u64;
        report.changed += changed;
    }
    Ok(report)
}

fn reanalyse_one(
    conn: &mut DbConnection,
    id: &str,
    text: &str,
    redacted: &str,
    edited: bool,
    sensitive: bool,
) -> Result<bool, ApiError> {
    let analysed = analysis::analyse(conn, text)?;
    let mut changed = false;
    if (!edited && analysed.redacted != redacted) || analysed.sensitive != sensitive {
        let new_redaction = if edited { redacted } else { &analysed.redacted };
        diesel::update(testimonies::table.find(id))
            .set((
                testimonies::redacted_text.eq(new_redaction),
                testimonies::sensitive.eq(analysed.sensitive),
                testimonies::analysis_failed.eq(analysed.failed),
            ))
            .execute(conn)?;
        changed = true;
    }
    let rows: Vec<(String, ThemeSource, String)> = testimony_themes::table
        .filter(testimony_themes::testimony_id.eq(id))
        .select((
            testimony_themes::theme_code,
            testimony_themes::source,
            testimony_themes::matched,
        ))
        .load(conn)?;
    let suggested = ThemeSource::Suggested;
    let mut old: Vec<(String, String)> = rows
        .iter()
        .filter(|(_, source, _)| *source == suggested)
        .map(|(code, _, matched)| (code.clone(), matched.clone()))
        .collect();
    let kept: Vec<&String> = rows
        .iter()
        .filter(|(_, source, _)| *source != suggested)
        .map(|(code, ..)| code)
        .collect();
    let mut new: Vec<(String, String)> = analysed
        .themes
        .iter()
        .filter(|s| !kept.contains(&&s.code))
        .map(|s| {
            let words = serde_json::to_string(&s.words).unwrap_or_else(|_| "[]".into());
            (s.code.clone(), words)
        })
        .collect();
    old.sort();
    new.sort();
    new.dedup_by(|a, b| a.0 == b.0);
    if old != new {
        diesel::delete(
            testimony_themes::table
                .filter(testimony_themes::testimony_id.eq(id))
                .filter(testimony_themes::source.eq(Stored(suggested))),
        )
        .execute(conn)?;
        let mut inserted: Vec<&str> = Vec::new();
        for suggestion in analysed.themes.iter().filter(|s| !kept.contains(&&s.code)) {
            if inserted.contains(&suggestion.code.as_str()) {
                continue;
            }
            inserted.push(&suggestion.code);
            moderation::insert_theme(
                conn,
                id,
                &suggestion.code,
                ThemeSource::Suggested,
                &suggestion.words,
            )?;
        }
        changed = true;
    }
    Ok(changed)
}

/// `POST /api/v1/themes/proposals`: accepts a proposed keyword (one click in the editor): the
/// words join the theme's keywords, through [`update`] (audited, phones told, testimonies
/// awaiting a decision analysed again).
pub fn accept_proposal(
    conn: &mut DbConnection,
    actor: &AuthUser,
    proposal: KeywordAcceptance,
) -> Result<Theme, ApiError> {
    actor.require_staff()?;
    let theme = find(conn, &proposal.theme)?;
    let words = proposal.words.trim().to_owned();
    let known = crate::services::analysis::learning::proposals(conn)?
        .iter()
        .any(|p| p.theme == theme.code && p.words == words);
    if !known {
        return Err(ApiError::conflict(
            "no_such_proposal",
            "cette proposition n'existe plus (déjà ajoutée, ou le thème la couvre déjà)",
            Some("words"),
        ));
    }
    let mut keywords = theme.keywords.clone();
    keywords.push(words);
    let input = ThemeInput {
        code: None,
        label: theme.label.clone(),
        label_en: None,
        keywords,
        related: theme.related.clone(),
        retired: theme.retired,
    };
    update(conn, actor, &theme.code, input)
}
