-- The ingest looks erased items up by id (a phone may send an item again after its erasure).
CREATE INDEX tombstones_entity_id ON tombstones (entity_id, entity);
