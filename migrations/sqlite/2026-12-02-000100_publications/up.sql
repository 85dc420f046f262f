-- Publications (issue 16 §1): what councils read is a dated, immutable snapshot made by a
-- coordinator, never the running tallies, so that two looks a day apart cannot give away one
-- interview. `body` is the protected figures as councils see them (JSON: survey results or
-- themes per month); `people` is how many people they count, so that the next publication
-- of the same figures waits for 11 more (domain::publication). `counts` is the exact tallies the
-- figures were drawn from, frozen with them: the coordinators' inter-council comparison is
-- drawn from them too, so that it cannot be used to difference either.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('survey', 'themes')),
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id) ON DELETE CASCADE,
    survey_version_id BIGINT REFERENCES survey_versions (id) ON DELETE CASCADE,
    people BIGINT NOT NULL,
    body TEXT NOT NULL,
    counts TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    CHECK ((kind = 'survey') = (survey_version_id IS NOT NULL))
);
CREATE INDEX publications_scope ON publications (quartier_id, kind, survey_version_id, published_at);
