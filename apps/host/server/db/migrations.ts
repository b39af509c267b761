/** One schema change, applied once in order; `id` sorts and never changes once released. */
export interface Migration {
  id: string
  sql: string
}

/**
 * The host's schema as an ordered list of SQL migrations, shared by PGlite and PostgreSQL. Never edit a released
 * migration (db:verify compares checksums); add a new one.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001_initial',
    sql: `
CREATE TABLE executions (
  execution_id   text PRIMARY KEY,
  ts             timestamptz NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  language       text NOT NULL,
  outcome        text NOT NULL,
  success        boolean NOT NULL,
  duration_ms    double precision NOT NULL,
  queue_ms       double precision NOT NULL DEFAULT 0,
  memory_bytes   bigint,
  code_size      integer NOT NULL,
  code_hash      text NOT NULL,
  session_id     text,
  error_name     text,
  engine_version text
);
-- Retention deletes by arrival time: a browser clock (ts) can be wrong or forged.
CREATE INDEX executions_received_at_idx ON executions (received_at);
CREATE INDEX executions_language_ts_idx ON executions (language, ts);

CREATE TABLE feedback (
  id              bigserial PRIMARY KEY,
  created_at      timestamptz NOT NULL DEFAULT now(),
  rating          smallint,
  comment         text,
  snippet_id      text NOT NULL,
  page            text,
  last_run_status text,
  client_hash     text
);
CREATE INDEX feedback_snippet_idx ON feedback (snippet_id, created_at);

CREATE TABLE flags (
  key        text PRIMARY KEY,
  definition jsonb NOT NULL,
  version    integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- Every change of a flag, including deletes (definition null), so any earlier version can be restored.
CREATE TABLE flag_versions (
  key        text NOT NULL,
  version    integer NOT NULL,
  definition jsonb,
  action     text NOT NULL,
  actor      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, version)
);

CREATE TABLE audit_log (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text NOT NULL,
  action    text NOT NULL,
  target    text,
  client_ip text,
  result    text NOT NULL,
  detail    jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);

CREATE TABLE system_state (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL DEFAULT 'system'
);
INSERT INTO system_state (key, value) VALUES
  ('maintenance', 'false'), ('emergency', 'false'), ('execution', 'true'), ('audit', 'true');
`,
  },
  {
    id: '0002_exercise_checks',
    sql: `
-- One row per check a learner made on a course exercise: the verdict and the effort, never code or answers.
CREATE TABLE exercise_checks (
  id             bigserial PRIMARY KEY,
  received_at    timestamptz NOT NULL DEFAULT now(),
  exercise_id    text NOT NULL,
  status         text NOT NULL,
  attempts       integer NOT NULL,
  hints_used     integer NOT NULL,
  solution_shown boolean NOT NULL DEFAULT false,
  client_hash    text
);
CREATE INDEX exercise_checks_exercise_idx ON exercise_checks (exercise_id, received_at);
`,
  },
]
