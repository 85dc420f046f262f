DROP INDEX quartiers_tile;
ALTER TABLE quartiers DROP COLUMN tile_row;
ALTER TABLE quartiers DROP COLUMN tile_col;
ALTER TABLE quartiers DROP COLUMN outline;
