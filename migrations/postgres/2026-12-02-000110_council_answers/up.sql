-- What a council answers residents, theme by theme (issue 16 §4): « Le conseil répond… » and
-- « Ce qui a changé… », written by council members, shown on the quartier's public page once a
-- coordinator approved it. Rows are kept (a later answer on the same theme supersedes an
-- earlier one on the page; the history stays).
CREATE TABLE council_answers (
    id BIGSERIAL PRIMARY KEY,
    quartier_id BIGINT NOT NULL REFERENCES quartiers (id) ON DELETE CASCADE,
    theme_code TEXT NOT NULL REFERENCES themes (code),
    answer TEXT NOT NULL,
    changed TEXT,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    written_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    written_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decided_at BIGINT
);
CREATE INDEX council_answers_quartier ON council_answers (quartier_id, status, theme_code);
