-- Answers stored in primary-key order (WITHOUT ROWID): one B-tree instead of a table plus its
-- primary-key index, so a response's answers are read by one range scan (exports, erasure,
-- recounts) and an insert touches one tree instead of two.
CREATE TABLE answers_clustered (
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_code TEXT NOT NULL,
    option_code TEXT NOT NULL DEFAULT '',
    number_value REAL,
    text_value TEXT,
    PRIMARY KEY (response_id, question_code, option_code)
) WITHOUT ROWID;
INSERT INTO answers_clustered (response_id, question_code, option_code, number_value, text_value)
    SELECT response_id, question_code, option_code, number_value, text_value FROM answers;
DROP TABLE answers;
ALTER TABLE answers_clustered RENAME TO answers;
