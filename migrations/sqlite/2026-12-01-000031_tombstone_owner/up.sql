-- An erased item's tombstone goes only to its owner's phones (NULL: shared things, for all).
ALTER TABLE tombstones ADD COLUMN user_id BIGINT;
