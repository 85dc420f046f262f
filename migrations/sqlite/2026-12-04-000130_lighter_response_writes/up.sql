-- What SQLite's one writer does for each answer set, made lighter: that writer bounds the ingest.
--
-- 1. Answers without a foreign key to responses. The key cost SQLite's one writer a look-up in the
-- responses' primary-key index for every answer row (12-14 per flash-survey answer set); with
-- part 2, the writer's CPU per stored item fell by about 13 % (docs/benchmarks.md), and the
-- writer is what bounds the ingest. An answer row is only ever written in
-- the same statement group as its response (the ingest writes both or neither, item by item on
-- refusal), and the two paths that delete responses (erasure, retention) delete their answers
-- first; `tests/api` checks that no answer outlives its response. PostgreSQL keeps the key: its
-- writers run side by side, so the check is not on one serial path there.
CREATE TABLE answers_unlinked (
    response_id TEXT NOT NULL,
    question_code TEXT NOT NULL,
    option_code TEXT NOT NULL DEFAULT '',
    number_value REAL,
    text_value TEXT,
    PRIMARY KEY (response_id, question_code, option_code)
) WITHOUT ROWID;
INSERT INTO answers_unlinked (response_id, question_code, option_code, number_value, text_value)
    SELECT response_id, question_code, option_code, number_value, text_value FROM answers;
DROP TABLE answers;
ALTER TABLE answers_unlinked RENAME TO answers;

-- 2. The receipt-code and outing indexes hold only the responses that have one: most answer
-- sets have no receipt code, many no outing, and each NULL entry was one more B-tree insert.
-- Their queries (`receipt_code = ?`, `outing_id IN (…)`) imply IS NOT NULL, so SQLite still
-- uses them.
DROP INDEX responses_receipt;
CREATE INDEX responses_receipt ON responses (receipt_code) WHERE receipt_code IS NOT NULL;
DROP INDEX responses_outing;
CREATE INDEX responses_outing ON responses (outing_id) WHERE outing_id IS NOT NULL;
