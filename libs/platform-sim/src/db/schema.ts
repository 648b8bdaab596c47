/**
 * The simulated host's one SQLite file. Every table is host state a real
 * Windows keeps somewhere (SCM, registry, files, event logs, boot records);
 * sysmon_queue, usermode_events and activities are the sim's kernel: what
 * happened, and who has seen it yet.
 */
export const SIM_APPLICATION_ID = 0x53595353; // "SYSS"
export const SIM_SCHEMA_VERSION = 1;

export const SCHEMA_V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE services (
  name_key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_type TEXT NOT NULL,
  image_path TEXT NOT NULL,
  description TEXT,
  launch_protected TEXT NOT NULL,
  state TEXT NOT NULL,
  pid INTEGER,
  exit_code INTEGER NOT NULL DEFAULT 0,
  delete_pending INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE registry_keys (path_key TEXT PRIMARY KEY, path TEXT NOT NULL, parent_key TEXT) WITHOUT ROWID;
CREATE INDEX registry_keys_by_parent ON registry_keys(parent_key);
CREATE TABLE registry_values (
  path_key TEXT NOT NULL,
  name_key TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (path_key, name_key)
) WITHOUT ROWID;
CREATE TABLE registry_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, path_key TEXT NOT NULL);
CREATE INDEX registry_changes_by_key ON registry_changes(path_key, seq);

CREATE TABLE files (
  path_key TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  content BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  modified_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE channels (
  name_key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  registered INTEGER NOT NULL,
  log_identity TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  max_size_bytes INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  next_record_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE channel_records (
  channel_key TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  provider TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  data TEXT NOT NULL,
  xml TEXT NOT NULL,
  PRIMARY KEY (channel_key, record_id)
) WITHOUT ROWID;

CREATE TABLE boots (
  id INTEGER PRIMARY KEY,
  started_ms INTEGER NOT NULL,
  ended_ms INTEGER,
  end_kind TEXT,
  bugcheck_code INTEGER
);

CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  fields TEXT NOT NULL,
  origin TEXT NOT NULL,
  seen_by_sysmon TEXT
);
CREATE TABLE sysmon_instances (
  service_key TEXT PRIMARY KEY,
  service TEXT NOT NULL,
  driver TEXT NOT NULL,
  version TEXT NOT NULL,
  kind TEXT NOT NULL,
  installed_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE sysmon_queue (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, queued_ms INTEGER NOT NULL);
CREATE TABLE usermode_events (
  seq INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  time_ms INTEGER NOT NULL,
  fields TEXT NOT NULL
);

CREATE TABLE releases (
  version_key TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  released_ms INTEGER NOT NULL,
  vulnerable INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  blob BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE faults (op TEXT PRIMARY KEY, code TEXT NOT NULL, remaining INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE optional_features (name_key TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL) WITHOUT ROWID;
`;
