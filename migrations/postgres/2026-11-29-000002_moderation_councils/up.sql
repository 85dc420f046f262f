-- Moderation, council views, follow-up and exports (issue 5).

-- A coordinator's redaction is a person's decision: re-analysis must not overwrite it.
ALTER TABLE testimonies ADD COLUMN redaction_edited BOOLEAN NOT NULL DEFAULT FALSE;

-- Approved testimonies per quartier and month (each counted once, whatever its themes), kept
-- in the moderation transaction like tally_themes. Decides which quotes councils may read.
CREATE TABLE tally_testimonies (
    quartier_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    testimonies BIGINT NOT NULL,
    PRIMARY KEY (quartier_id, month)
);

-- Review queue and quotes: by quartier and status, newest or oldest first.
CREATE INDEX testimonies_review ON testimonies (quartier_id, status, captured_at);
CREATE INDEX testimonies_status_captured ON testimonies (status, captured_at);
CREATE INDEX testimony_themes_theme ON testimony_themes (theme_code, testimony_id);
-- Council home: the surveys of a quartier.
CREATE INDEX tally_responses_quartier ON tally_responses (quartier_id);
-- Follow-up: outings by date and quartier, items per outing.
CREATE INDEX outings_started ON outings (started_at);
CREATE INDEX outings_quartier_started ON outings (quartier_id, started_at);
CREATE INDEX responses_outing ON responses (outing_id);
-- Exports walk one survey version's responses in id order (keyset pagination).
CREATE INDEX responses_version_id ON responses (survey_version_id, id);
CREATE INDEX testimonies_outing ON testimonies (outing_id);
