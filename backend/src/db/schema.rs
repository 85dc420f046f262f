// @generated from migrations/postgres (diesel print-schema layout); both backends share it.
// Regenerate with `diesel print-schema --database-url postgres://…` after changing a migration.

diesel::table! {
    answers (response_id, question_code, option_code) {
        response_id -> Text,
        question_code -> Text,
        option_code -> Text,
        number_value -> Nullable<Double>,
        text_value -> Nullable<Text>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> BigInt,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        target -> Text,
        details -> Text,
    }
}

diesel::table! {
    communes (id) {
        id -> BigInt,
        name -> Text,
    }
}

diesel::table! {
    council_quartiers (council_id, quartier_id) {
        council_id -> BigInt,
        quartier_id -> BigInt,
    }
}

diesel::table! {
    council_answers (id) {
        id -> BigInt,
        quartier_id -> BigInt,
        theme_code -> Text,
        answer -> Text,
        changed -> Nullable<Text>,
        status -> Text,
        written_by -> Nullable<BigInt>,
        written_at -> BigInt,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    councils (id) {
        id -> BigInt,
        name -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    devices (id) {
        id -> Text,
        user_id -> BigInt,
        label -> Text,
        created_at -> BigInt,
        last_seen_at -> Nullable<BigInt>,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    enrolments (code_hash) {
        code_hash -> Text,
        user_id -> BigInt,
        label -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        failures -> Integer,
        last_at -> BigInt,
        blocked_until -> BigInt,
    }
}

diesel::table! {
    export_links (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        request -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    outings (id) {
        id -> Text,
        user_id -> BigInt,
        device_id -> Nullable<Text>,
        quartier_id -> BigInt,
        place -> Text,
        started_at -> BigInt,
        ended_at -> Nullable<BigInt>,
        approached -> Integer,
        answered -> Integer,
        note -> Nullable<Text>,
        content_hash -> Text,
        received_at -> BigInt,
        seq -> BigInt,
    }
}

diesel::table! {
    publications (id) {
        id -> BigInt,
        kind -> Text,
        quartier_id -> BigInt,
        survey_version_id -> Nullable<BigInt>,
        people -> BigInt,
        body -> Text,
        counts -> Text,
        published_at -> BigInt,
        published_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    quartier_communes (quartier_id, commune_id) {
        quartier_id -> BigInt,
        commune_id -> BigInt,
    }
}

diesel::table! {
    quartiers (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        official_code -> Nullable<Text>,
        created_at -> BigInt,
        seq -> BigInt,
        outline -> Nullable<Text>,
        tile_col -> Nullable<BigInt>,
        tile_row -> Nullable<BigInt>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        family -> Text,
        user_id -> BigInt,
        device_id -> Nullable<Text>,
        issued_at -> BigInt,
        expires_at -> BigInt,
        rotated_at -> Nullable<BigInt>,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    responses (id) {
        id -> Text,
        survey_version_id -> BigInt,
        quartier_id -> BigInt,
        user_id -> BigInt,
        device_id -> Nullable<Text>,
        outing_id -> Nullable<Text>,
        place -> Text,
        captured_at -> BigInt,
        age_band -> Nullable<Text>,
        receipt_code -> Nullable<Text>,
        content_hash -> Text,
        received_at -> BigInt,
        seq -> BigInt,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    survey_quartiers (survey_id, quartier_id) {
        survey_id -> BigInt,
        quartier_id -> BigInt,
    }
}

diesel::table! {
    survey_versions (id) {
        id -> BigInt,
        survey_id -> BigInt,
        version -> Integer,
        definition -> Text,
        published_at -> BigInt,
    }
}

diesel::table! {
    surveys (id) {
        id -> BigInt,
        status -> Text,
        draft -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
        closed_at -> Nullable<BigInt>,
        seq -> BigInt,
    }
}

diesel::table! {
    sync_counter (id) {
        id -> Integer,
        value -> BigInt,
    }
}

diesel::table! {
    tally_answers (survey_version_id, quartier_id, question_code, option_code) {
        survey_version_id -> BigInt,
        quartier_id -> BigInt,
        question_code -> Text,
        option_code -> Text,
        answers -> BigInt,
    }
}

diesel::table! {
    tally_responses (survey_version_id, quartier_id) {
        survey_version_id -> BigInt,
        quartier_id -> BigInt,
        responses -> BigInt,
    }
}

diesel::table! {
    tally_testimonies (quartier_id, month) {
        quartier_id -> BigInt,
        month -> Text,
        testimonies -> BigInt,
    }
}

diesel::table! {
    tally_themes (quartier_id, theme_code, month) {
        quartier_id -> BigInt,
        theme_code -> Text,
        month -> Text,
        testimonies -> BigInt,
    }
}

diesel::table! {
    testimonies (id) {
        id -> Text,
        quartier_id -> BigInt,
        user_id -> BigInt,
        device_id -> Nullable<Text>,
        outing_id -> Nullable<Text>,
        place -> Text,
        captured_at -> BigInt,
        text -> Text,
        redacted_text -> Text,
        consent -> Text,
        age_band -> Nullable<Text>,
        sensitive -> Bool,
        status -> Text,
        moderation_message -> Nullable<Text>,
        moderated_by -> Nullable<BigInt>,
        moderated_at -> Nullable<BigInt>,
        receipt_code -> Nullable<Text>,
        content_hash -> Text,
        received_at -> BigInt,
        seq -> BigInt,
        redaction_edited -> Bool,
        analysis_failed -> Bool,
    }
}

diesel::table! {
    testimony_themes (testimony_id, theme_code) {
        testimony_id -> Text,
        theme_code -> Text,
        source -> Text,
        matched -> Text,
    }
}

diesel::table! {
    theme_evidence (words, theme_code) {
        words -> Text,
        theme_code -> Text,
        confirmed -> BigInt,
        rejected -> BigInt,
        added -> BigInt,
    }
}

diesel::table! {
    themes (code) {
        code -> Text,
        label -> Text,
        keywords -> Text,
        related -> Text,
        retired -> Bool,
        position -> Integer,
        seq -> BigInt,
        label_en -> Nullable<Text>,
    }
}

diesel::table! {
    tombstones (seq) {
        seq -> BigInt,
        entity -> Text,
        entity_id -> Text,
        at -> BigInt,
        user_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        role -> Text,
        council_id -> Nullable<BigInt>,
        active -> Bool,
        expires_on -> Nullable<Text>,
        created_at -> BigInt,
        sessions_valid_after -> BigInt,
    }
}

diesel::joinable!(answers -> responses (response_id));
diesel::joinable!(council_quartiers -> councils (council_id));
diesel::joinable!(council_quartiers -> quartiers (quartier_id));
diesel::joinable!(devices -> users (user_id));
diesel::joinable!(export_links -> users (user_id));
diesel::joinable!(council_answers -> quartiers (quartier_id));
diesel::joinable!(council_answers -> themes (theme_code));
diesel::joinable!(publications -> quartiers (quartier_id));
diesel::joinable!(publications -> survey_versions (survey_version_id));
diesel::joinable!(quartier_communes -> communes (commune_id));
diesel::joinable!(quartier_communes -> quartiers (quartier_id));
diesel::joinable!(refresh_tokens -> devices (device_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(responses -> survey_versions (survey_version_id));
diesel::joinable!(survey_quartiers -> quartiers (quartier_id));
diesel::joinable!(survey_quartiers -> surveys (survey_id));
diesel::joinable!(survey_versions -> surveys (survey_id));
diesel::joinable!(testimony_themes -> testimonies (testimony_id));
diesel::joinable!(users -> councils (council_id));

diesel::allow_tables_to_appear_in_same_query!(
    answers,
    audit_log,
    communes,
    council_quartiers,
    council_answers,
    councils,
    devices,
    enrolments,
    export_links,
    login_throttle,
    outings,
    publications,
    quartier_communes,
    quartiers,
    refresh_tokens,
    responses,
    settings,
    survey_quartiers,
    survey_versions,
    surveys,
    sync_counter,
    tally_answers,
    tally_responses,
    tally_testimonies,
    tally_themes,
    testimonies,
    testimony_themes,
    theme_evidence,
    themes,
    tombstones,
    users,
);
