DROP TABLE audit_log; DROP TABLE tombstones; DROP TABLE tally_themes; DROP TABLE tally_answers;
DROP TABLE tally_responses; DROP TABLE testimony_themes; DROP TABLE testimonies; DROP TABLE answers;
DROP TABLE responses; DROP TABLE outings; DROP TABLE survey_quartiers; DROP TABLE survey_versions;
DROP TABLE surveys; DROP TABLE themes; DROP TABLE refresh_tokens; DROP TABLE enrolments;
DROP TABLE devices; DROP TABLE users; DROP TABLE council_quartiers; DROP TABLE councils;
DROP TABLE quartier_communes; DROP TABLE quartiers; DROP TABLE communes; DROP TABLE sync_counter;
DROP TABLE settings;
