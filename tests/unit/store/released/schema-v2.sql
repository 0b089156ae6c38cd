ALTER TABLE dossiers ADD COLUMN payload_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE dossiers SET payload_bytes =
  (SELECT COALESCE(SUM(length(sealed_payload)), 0) FROM records WHERE records.dossier_id = dossiers.id);
-- Covering: the queue listing reads this index alone, never the table rows
-- with their wrapped keys and signatures.
CREATE INDEX dossiers_by_state ON dossiers
  (state, created_at, id, station_id, officer_id, state_changed_at, payload_bytes);
PRAGMA user_version = 2;
