-- The quartier map (issue 16 §3): an outline uploaded as GeoJSON (stored simplified, as JSON
-- rings of [longitude, latitude]), and the square a quartier takes on the tile map that is shown
-- while outlines are missing.
ALTER TABLE quartiers ADD COLUMN outline TEXT;
ALTER TABLE quartiers ADD COLUMN tile_col BIGINT;
ALTER TABLE quartiers ADD COLUMN tile_row BIGINT;
-- Two quartiers never share a square (NULLs, not placed, are distinct).
CREATE UNIQUE INDEX quartiers_tile ON quartiers (tile_col, tile_row);
