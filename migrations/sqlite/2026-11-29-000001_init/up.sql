-- Porte-Voix schema (SQLite). Times are Unix milliseconds (BIGINT), dates ISO text.
-- Keep in step with ../../postgres/2026-11-29-000001_init/up.sql and backend/src/db/schema.rs.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row: the sync sequence. Taken inside each writing transaction, so sequence numbers
-- follow commit order and a pull cursor never skips a row committed late.
CREATE TABLE sync_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO sync_counter (id, value) VALUES (1, 0);

CREATE TABLE communes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE quartiers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    official_code TEXT,
    created_at BIGINT NOT NULL,
    seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE quartier_communes (
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id) ON DELETE CASCADE,
    commune_id BIGINT NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    PRIMARY KEY (quartier_id, commune_id)
);

CREATE TABLE councils (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE council_quartiers (
    council_id BIGINT NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id) ON DELETE CASCADE,
    PRIMARY KEY (council_id, quartier_id)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'volunteer', 'council_member')),
    council_id BIGINT REFERENCES councils (id) ON DELETE SET NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    expires_on TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE enrolments (
    code_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE refresh_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    family TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id TEXT REFERENCES devices (id) ON DELETE CASCADE,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    rotated_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);

CREATE TABLE themes (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    keywords TEXT NOT NULL,
    -- related words that also suggest the theme, '|'-separated
    related TEXT NOT NULL DEFAULT '',
    retired BOOLEAN NOT NULL DEFAULT FALSE,
    position INTEGER NOT NULL,
    seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    draft TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT,
    seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE survey_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    UNIQUE (survey_id, version)
);

CREATE TABLE survey_quartiers (
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id) ON DELETE CASCADE,
    PRIMARY KEY (survey_id, quartier_id)
);

CREATE TABLE outings (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    device_id TEXT,
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    place TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    approached INTEGER NOT NULL,
    answered INTEGER NOT NULL,
    note TEXT,
    content_hash TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    seq BIGINT NOT NULL
);
CREATE INDEX outings_user ON outings (user_id);

CREATE TABLE responses (
    id TEXT PRIMARY KEY,
    survey_version_id BIGINT NOT NULL REFERENCES survey_versions (id),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    device_id TEXT,
    outing_id TEXT,
    place TEXT NOT NULL,
    captured_at BIGINT NOT NULL,
    age_band TEXT,
    receipt_code TEXT,
    content_hash TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    seq BIGINT NOT NULL
);
CREATE INDEX responses_version_quartier ON responses (survey_version_id, quartier_id);
CREATE INDEX responses_user_seq ON responses (user_id, seq);
CREATE INDEX responses_receipt ON responses (receipt_code);

-- One row per answered question; one row per chosen option for multiple choice.
CREATE TABLE answers (
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_code TEXT NOT NULL,
    option_code TEXT NOT NULL DEFAULT '',
    number_value REAL,
    text_value TEXT,
    PRIMARY KEY (response_id, question_code, option_code)
);

CREATE TABLE testimonies (
    id TEXT PRIMARY KEY,
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    device_id TEXT,
    outing_id TEXT,
    place TEXT NOT NULL,
    captured_at BIGINT NOT NULL,
    text TEXT NOT NULL,
    redacted_text TEXT NOT NULL,
    consent TEXT NOT NULL CHECK (consent IN ('quote', 'count_only')),
    age_band TEXT,
    sensitive BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'needs_correction')),
    moderation_message TEXT,
    moderated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    moderated_at BIGINT,
    receipt_code TEXT,
    content_hash TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    seq BIGINT NOT NULL
);
CREATE INDEX testimonies_status ON testimonies (status, quartier_id);
CREATE INDEX testimonies_user_seq ON testimonies (user_id, seq);
CREATE INDEX testimonies_receipt ON testimonies (receipt_code);

CREATE TABLE testimony_themes (
    testimony_id TEXT NOT NULL REFERENCES testimonies (id) ON DELETE CASCADE,
    theme_code TEXT NOT NULL,
    -- 'volunteer', 'suggested' or 'coordinator'
    source TEXT NOT NULL,
    -- JSON array of the words that triggered a suggestion
    matched TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (testimony_id, theme_code)
);

-- Running tallies, written in the same transaction as the items they count.
CREATE TABLE tally_responses (
    survey_version_id BIGINT NOT NULL,
    quartier_id BIGINT NOT NULL,
    responses BIGINT NOT NULL,
    PRIMARY KEY (survey_version_id, quartier_id)
);

CREATE TABLE tally_answers (
    survey_version_id BIGINT NOT NULL,
    quartier_id BIGINT NOT NULL,
    question_code TEXT NOT NULL,
    option_code TEXT NOT NULL,
    answers BIGINT NOT NULL,
    PRIMARY KEY (survey_version_id, quartier_id, question_code, option_code)
);

CREATE TABLE tally_themes (
    quartier_id BIGINT NOT NULL,
    theme_code TEXT NOT NULL,
    month TEXT NOT NULL,
    testimonies BIGINT NOT NULL,
    PRIMARY KEY (quartier_id, theme_code, month)
);

CREATE TABLE tombstones (
    seq BIGINT PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
