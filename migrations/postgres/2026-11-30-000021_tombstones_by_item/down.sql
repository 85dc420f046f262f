DROP INDEX tombstones_entity_id;
