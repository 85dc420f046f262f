//! Communes, quartiers and councils, edited by coordinators.

use std::collections::BTreeMap;

use diesel::prelude::*;
use portevoix_domain::text::is_slug;
use portevoix_domain::wire::{
    Council, CouncilInput, Quartier, QuartierInput, QuartierMerge, TombstoneEntity,
};

use crate::auth::AuthUser;
use crate::clock::now_ms;
use crate::db::models::QuartierRow;
use crate::db::schema::{
    communes, council_answers, council_quartiers, councils, outings, quartier_communes, quartiers,
    responses, survey_quartiers, tally_answers, tally_responses, tally_testimonies, tally_themes,
    testimonies, tombstones,
};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::AuditAction;
use crate::services::setup::commune_id;
use crate::services::{audit, sequence};

fn check_quartier(
    input: &QuartierInput,
) -> Result<(String, String, Option<String>, Vec<String>), ApiError> {
    let slug = input.slug.trim().to_owned();
    if !is_slug(&slug) {
        return Err(ApiError::validation(
            "invalid_slug",
            "identifiant : minuscules, chiffres et tirets",
            Some("slug".into()),
        ));
    }
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::validation(
            "invalid_name",
            "nom : 1 à 100 caractères",
            Some("name".into()),
        ));
    }
    let code = input
        .official_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    if code
        .as_ref()
        .is_some_and(|c| c.len() > 20 || !c.chars().all(|ch| ch.is_ascii_alphanumeric()))
    {
        return Err(ApiError::validation(
            "invalid_official_code",
            "code officiel : lettres et chiffres (ex. QN04412M)",
            Some("official_code".into()),
        ));
    }
    let communes: Vec<String> = input
        .communes
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    if communes.is_empty() || communes.iter().any(|c| c.chars().count() > 100) {
        return Err(ApiError::validation(
            "invalid_communes",
            "au moins une commune (100 caractères au plus)",
            Some("communes".into()),
        ));
    }
    Ok((slug, name, code, communes))
}

pub fn list_quartiers(conn: &mut DbConnection) -> Result<Vec<Quartier>, ApiError> {
    let rows: Vec<QuartierRow> = quartiers::table
        .select(QuartierRow::as_select())
        .order(quartiers::name)
        .load(conn)?;
    let mut commune_names: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (qid, name) in quartier_communes::table
        .inner_join(communes::table)
        .select((quartier_communes::quartier_id, communes::name))
        .order(communes::name)
        .load::<(i64, String)>(conn)?
    {
        commune_names.entry(qid).or_default().push(name);
    }
    let mut council_ids: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (qid, cid) in council_quartiers::table
        .select((
            council_quartiers::quartier_id,
            council_quartiers::council_id,
        ))
        .order(council_quartiers::council_id)
        .load::<(i64, i64)>(conn)?
    {
        council_ids.entry(qid).or_default().push(cid);
    }
    Ok(rows
        .into_iter()
        .map(|row| Quartier {
            communes: commune_names.remove(&row.id).unwrap_or_default(),
            council_ids: council_ids.remove(&row.id).unwrap_or_default(),
            id: row.id,
            slug: row.slug,
            name: row.name,
            official_code: row.official_code,
        })
        .collect())
}

pub fn get_quartier(conn: &mut DbConnection, id: i64) -> Result<Quartier, ApiError> {
    list_quartiers(conn)?
        .into_iter()
        .find(|q| q.id == id)
        .ok_or(ApiError::NotFound("quartier"))
}

fn set_communes(
    conn: &mut DbConnection,
    quartier_id: i64,
    names: &[String],
) -> Result<(), ApiError> {
    diesel::delete(quartier_communes::table.filter(quartier_communes::quartier_id.eq(quartier_id)))
        .execute(conn)?;
    for name in names {
        let cid = commune_id(conn, name)?;
        crate::on_backend!(&mut *conn, |c| diesel::insert_into(
            quartier_communes::table
        )
        .values((
            quartier_communes::quartier_id.eq(quartier_id),
            quartier_communes::commune_id.eq(cid)
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    }
    Ok(())
}

fn slug_taken(conn: &mut DbConnection, slug: &str, except: Option<i64>) -> Result<bool, ApiError> {
    let mut query = quartiers::table
        .filter(quartiers::slug.eq(slug))
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(quartiers::id.ne(id));
    }
    Ok(query.count().get_result::<i64>(conn)? > 0)
}

pub fn create_quartier(
    conn: &mut DbConnection,
    actor: &AuthUser,
    input: QuartierInput,
) -> Result<Quartier, ApiError> {
    actor.require_staff()?;
    let (slug, name, code, communes) = check_quartier(&input)?;
    let id = write_transaction(conn, |conn| {
        if slug_taken(conn, &slug, None)? {
            return Err(ApiError::conflict(
                "slug_taken",
                "un quartier a déjà cet identifiant",
                Some("slug"),
            ));
        }
        let seq = sequence::next(conn)?;
        let id: i64 = diesel::insert_into(quartiers::table)
            .values((
                quartiers::slug.eq(&slug),
                quartiers::name.eq(&name),
                quartiers::official_code.eq(&code),
                quartiers::created_at.eq(now_ms()),
                quartiers::seq.eq(seq),
            ))
            .returning(quartiers::id)
            .get_result(conn)?;
        set_communes(conn, id, &communes)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::QuartierCreated,
            &format!("quartier:{id}"),
            serde_json::json!({"slug": slug}),
        )?;
        Ok(id)
    })?;
    get_quartier(conn, id)
}

pub fn update_quartier(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    input: QuartierInput,
) -> Result<Quartier, ApiError> {
    actor.require_staff()?;
    let (slug, name, code, communes) = check_quartier(&input)?;
    write_transaction(conn, |conn| {
        let exists: i64 = quartiers::table.find(id).count().get_result(conn)?;
        if exists == 0 {
            return Err(ApiError::NotFound("quartier"));
        }
        if slug_taken(conn, &slug, Some(id))? {
            return Err(ApiError::conflict(
                "slug_taken",
                "un quartier a déjà cet identifiant",
                Some("slug"),
            ));
        }
        let seq = sequence::next(conn)?;
        diesel::update(quartiers::table.find(id))
            .set((
                quartiers::slug.eq(&slug),
                quartiers::name.eq(&name),
                quartiers::official_code.eq(&code),
                quartiers::seq.eq(seq),
            ))
            .execute(conn)?;
        set_communes(conn, id, &communes)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::QuartierUpdated,
            &format!("quartier:{id}"),
            serde_json::json!({"slug": slug}),
        )?;
        Ok(())
    })?;
    get_quartier(conn, id)
}

/// Moves everything of `from` into `into`, merging tallies, then deletes `from`.
pub fn merge_quartiers(
    conn: &mut DbConnection,
    actor: &AuthUser,
    merge: QuartierMerge,
) -> Result<Quartier, ApiError> {
    actor.require_staff()?;
    if merge.from == merge.into {
        return Err(ApiError::validation(
            "same_quartier",
            "choisissez deux quartiers différents",
            Some("into".into()),
        ));
    }
    write_transaction(conn, |conn| {
        for (id, field) in [(merge.from, "from"), (merge.into, "into")] {
            let exists: i64 = quartiers::table.find(id).count().get_result(conn)?;
            if exists == 0 {
                return Err(ApiError::validation(
                    "unknown_quartier",
                    "quartier inconnu",
                    Some(field.into()),
                ));
            }
        }
        let (from, into) = (merge.from, merge.into);
        diesel::update(responses::table.filter(responses::quartier_id.eq(from)))
            .set(responses::quartier_id.eq(into))
            .execute(conn)?;
        diesel::update(testimonies::table.filter(testimonies::quartier_id.eq(from)))
            .set(testimonies::quartier_id.eq(into))
            .execute(conn)?;
        diesel::update(outings::table.filter(outings::quartier_id.eq(from)))
            .set(outings::quartier_id.eq(into))
            .execute(conn)?;
        // What the council said about the place stays with it (the merged quartier's
        // publications go: their figures are now part of `into`'s tallies).
        diesel::update(council_answers::table.filter(council_answers::quartier_id.eq(from)))
            .set(council_answers::quartier_id.eq(into))
            .execute(conn)?;
        move_links(conn, from, into)?;
        merge_tallies(conn, from, into)?;
        crate::services::quartier_map::merge_outlines(conn, from, into)?;
        diesel::delete(quartiers::table.find(from)).execute(conn)?;
        let seq = sequence::next(conn)?;
        diesel::insert_into(tombstones::table)
            .values((
                tombstones::seq.eq(seq),
                tombstones::entity.eq(Stored(TombstoneEntity::Quartier)),
                tombstones::entity_id.eq(from.to_string()),
                tombstones::at.eq(now_ms()),
            ))
            .execute(conn)?;
        let seq = sequence::next(conn)?;
        diesel::update(quartiers::table.find(into))
            .set(quartiers::seq.eq(seq))
            .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::QuartierMerged,
            &format!("quartier:{into}"),
            serde_json::json!({"from": from}),
        )?;
        Ok(())
    })?;
    get_quartier(conn, merge.into)
}

fn move_links(conn: &mut DbConnection, from: i64, into: i64) -> Result<(), ApiError> {
    let surveys: Vec<i64> = survey_quartiers::table
        .filter(survey_quartiers::quartier_id.eq(from))
        .select(survey_quartiers::survey_id)
        .load(conn)?;
    for survey_id in surveys {
        crate::on_backend!(&mut *conn, |c| diesel::insert_into(survey_quartiers::table)
            .values((
                survey_quartiers::survey_id.eq(survey_id),
                survey_quartiers::quartier_id.eq(into)
            ))
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    let councils: Vec<i64> = council_quartiers::table
        .filter(council_quartiers::quartier_id.eq(from))
        .select(council_quartiers::council_id)
        .load(conn)?;
    for council_id in councils {
        crate::on_backend!(&mut *conn, |c| diesel::insert_into(
            council_quartiers::table
        )
        .values((
            council_quartiers::council_id.eq(council_id),
            council_quartiers::quartier_id.eq(into)
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    }
    let commune_ids: Vec<i64> = quartier_communes::table
        .filter(quartier_communes::quartier_id.eq(from))
        .select(quartier_communes::commune_id)
        .load(conn)?;
    for commune in commune_ids {
        crate::on_backend!(&mut *conn, |c| diesel::insert_into(
            quartier_communes::table
        )
        .values((
            quartier_communes::quartier_id.eq(into),
            quartier_communes::commune_id.eq(commune)
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    }
    Ok(())
}

fn merge_tallies(conn: &mut DbConnection, from: i64, into: i64) -> Result<(), ApiError> {
    let rows: Vec<(i64, i64)> = tally_responses::table
        .filter(tally_responses::quartier_id.eq(from))
        .select((
            tally_responses::survey_version_id,
            tally_responses::responses,
        ))
        .load(conn)?;
    for (version, count) in rows {
        crate::services::tallies::add_responses(conn, version, into, count)?;
    }
    let rows: Vec<(i64, String, String, i64)> = tally_answers::table
        .filter(tally_answers::quartier_id.eq(from))
        .select((
            tally_answers::survey_version_id,
            tally_answers::question_code,
            tally_answers::option_code,
            tally_answers::answers,
        ))
        .load(conn)?;
    for (version, question, option, count) in rows {
        crate::services::tallies::add_answer(conn, version, into, &question, &option, count)?;
    }
    let rows: Vec<(String, String, i64)> = tally_themes::table
        .filter(tally_themes::quartier_id.eq(from))
        .select((
            tally_themes::theme_code,
            tally_themes::month,
            tally_themes::testimonies,
        ))
        .load(conn)?;
    for (theme, month, count) in rows {
        crate::services::tallies::add_theme(conn, into, &theme, &month, count)?;
    }
    let rows: Vec<(String, i64)> = tally_testimonies::table
        .filter(tally_testimonies::quartier_id.eq(from))
        .select((tally_testimonies::month, tally_testimonies::testimonies))
        .load(conn)?;
    for (month, count) in rows {
        crate::services::tallies::add_testimonies(conn, into, &month, count)?;
    }
    diesel::delete(tally_testimonies::table.filter(tally_testimonies::quartier_id.eq(from)))
        .execute(conn)?;
    diesel::delete(tally_responses::table.filter(tally_responses::quartier_id.eq(from)))
        .execute(conn)?;
    diesel::delete(tally_answers::table.filter(tally_answers::quartier_id.eq(from)))
        .execute(conn)?;
    diesel::delete(tally_themes::table.filter(tally_themes::quartier_id.eq(from))).execute(conn)?;
    Ok(())
}

pub fn list_councils(conn: &mut DbConnection) -> Result<Vec<Council>, ApiError> {
    let rows: Vec<(i64, String)> = councils::table
        .select((councils::id, councils::name))
        .order(councils::name)
        .load(conn)?;
    let mut links: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (cid, qid) in council_quartiers::table
        .select((
            council_quartiers::council_id,
            council_quartiers::quartier_id,
        ))
        .order(council_quartiers::quartier_id)
        .load::<(i64, i64)>(conn)?
    {
        links.entry(cid).or_default().push(qid);
    }
    Ok(rows
        .into_iter()
        .map(|(id, name)| Council {
            id,
            name,
            quartier_ids: links.remove(&id).unwrap_or_default(),
        })
        .collect())
}

fn check_council(conn: &mut DbConnection, input: &CouncilInput) -> Result<String, ApiError> {
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation(
            "invalid_name",
            "nom : 1 à 120 caractères",
            Some("name".into()),
        ));
    }
    if input.quartier_ids.is_empty() {
        return Err(ApiError::validation(
            "quartiers_required",
            "un conseil couvre au moins un quartier",
            Some("quartier_ids".into()),
        ));
    }
    let known: i64 = quartiers::table
        .filter(quartiers::id.eq_any(&input.quartier_ids))
        .count()
        .get_result(conn)?;
    let mut unique = input.quartier_ids.clone();
    unique.sort_unstable();
    unique.dedup();
    if known != unique.len() as i64 {
        return Err(ApiError::validation(
            "unknown_quartier",
            "quartier inconnu",
            Some("quartier_ids".into()),
        ));
    }
    Ok(name)
}

fn set_council_quartiers(
    conn: &mut DbConnection,
    council_id: i64,
    quartier_ids: &[i64],
) -> Result<(), ApiError> {
    diesel::delete(council_quartiers::table.filter(council_quartiers::council_id.eq(council_id)))
        .execute(conn)?;
    for qid in quartier_ids {
        crate::on_backend!(&mut *conn, |c| diesel::insert_into(
            council_quartiers::table
        )
        .values((
            council_quartiers::council_id.eq(council_id),
            council_quartiers::quartier_id.eq(qid)
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    }
    Ok(())
}

fn get_council(conn: &mut DbConnection, id: i64) -> Result<Council, ApiError> {
    list_councils(conn)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(ApiError::NotFound("conseil"))
}

pub fn create_council(
    conn: &mut DbConnection,
    actor: &AuthUser,
    input: CouncilInput,
) -> Result<Council, ApiError> {
    actor.require_staff()?;
    let id = write_transaction(conn, |conn| {
        let name = check_council(conn, &input)?;
        let taken: i64 = councils::table
            .filter(councils::name.eq(&name))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(ApiError::conflict(
                "name_taken",
                "un conseil porte déjà ce nom",
                Some("name"),
            ));
        }
        let id: i64 = diesel::insert_into(councils::table)
            .values((councils::name.eq(&name), councils::created_at.eq(now_ms())))
            .returning(councils::id)
            .get_result(conn)?;
        set_council_quartiers(conn, id, &input.quartier_ids)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::CouncilCreated,
            &format!("council:{id}"),
            serde_json::json!({"name": name}),
        )?;
        Ok(id)
    })?;
    get_council(conn, id)
}

pub fn update_council(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    input: CouncilInput,
) -> Result<Council, ApiError> {
    actor.require_staff()?;
    write_transaction(conn, |conn| {
        let exists: i64 = councils::table.find(id).count().get_result(conn)?;
        if exists == 0 {
            return Err(ApiError::NotFound("conseil"));
        }
        let name = check_council(conn, &input)?;
        let taken: i64 = councils::table
            .filter(councils::name.eq(&name))
            .filter(councils::id.ne(id))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(ApiError::conflict(
                "name_taken",
                "un conseil porte déjà ce nom",
                Some("name"),
            ));
        }
        diesel::update(councils::table.find(id))
            .set(councils::name.eq(&name))
            .execute(conn)?;
        set_council_quartiers(conn, id, &input.quartier_ids)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::CouncilUpdated,
            &format!("council:{id}"),
            serde_json::json!({"name": name}),
        )?;
        Ok(())
    })?;
    get_council(conn, id)
}

/// The quartiers a council member may see.
pub fn council_quartier_ids(conn: &mut DbConnection, council_id: i64) -> QueryResult<Vec<i64>> {
    council_quartiers::table
        .filter(council_quartiers::council_id.eq(council_id))
        .select(council_quartiers::quartier_id)
        .load(conn)
}
