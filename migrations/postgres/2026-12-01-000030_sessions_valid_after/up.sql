-- Access tokens issued before this instant (Unix ms) are refused: logout everywhere, a password
-- change or reset, a role change or a disabled account end every session at once.
ALTER TABLE users ADD COLUMN sessions_valid_after BIGINT NOT NULL DEFAULT 0;
