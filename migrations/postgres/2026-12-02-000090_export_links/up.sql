-- Single-use download links of the exports (issue 19): the browser downloads an export by
-- following a link, streamed to disk by its own download manager, instead of holding the
-- whole file in a tab. Only the SHA-256 of the link's secret is kept; `request` is the
-- checked export (JSON); a link is spent (`used_at`) by its first download.
CREATE TABLE export_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    request TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX export_links_expires_at ON export_links (expires_at);
