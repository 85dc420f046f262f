ALTER TABLE tombstones DROP COLUMN user_id;
