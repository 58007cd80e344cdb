/* The schema as a list of migration steps. Step i takes user_version i to
 * i + 1 and sets user_version itself, so a step and its version number
 * commit or roll back together. Never edit a released step: append one.
 *
 * Day columns hold local day numbers (see store_day) computed when the row
 * is written; statistics and retention work on them, so a day boundary is
 * fixed at write time even if the site's offset changes later. */
#include "store/store_private.h"

const char *const store_migrations[] = {
    /* 1: site key, visits, screenings with plaintext calculates. */
    "CREATE TABLE site_key("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  public_key BLOB NOT NULL,"
    "  created INTEGER NOT NULL);"
    /* The secret key wrapped by the one-time setup code; deleted when the
     * first staff account takes over. */
    "CREATE TABLE setup_key("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  salt BLOB NOT NULL, ops INTEGER NOT NULL, mem INTEGER NOT NULL,"
    "  nonce BLOB NOT NULL, wrapped BLOB NOT NULL);"
    "CREATE TABLE visits("
    "  id INTEGER PRIMARY KEY,"
    "  started INTEGER NOT NULL,"
    "  ended INTEGER,"
    "  day INTEGER NOT NULL,"
    "  language TEXT NOT NULL,"
    "  outcome INTEGER NOT NULL DEFAULT 0 CHECK (outcome BETWEEN 0 AND 3));"
    "CREATE INDEX visits_day ON visits(day);"
    "CREATE INDEX visits_outcome ON visits(outcome, day);"
    "CREATE TABLE screenings("
    "  id INTEGER PRIMARY KEY,"
    "  visit_id INTEGER REFERENCES visits(id) ON DELETE SET NULL,"
    "  form_id TEXT NOT NULL,"
    "  form_version TEXT NOT NULL,"
    "  language TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  answers BLOB NOT NULL);"  /* crypto_box_seal to the site key */
    "CREATE INDEX screenings_day ON screenings(day, created);"
    "CREATE INDEX screenings_visit ON screenings(visit_id)"
    "  WHERE visit_id IS NOT NULL;"
    /* form_id and day are copied from the screening so that counts by
     * band read one index and never join. */
    "CREATE TABLE screening_values("
    "  screening_id INTEGER NOT NULL"
    "    REFERENCES screenings(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  band INTEGER NOT NULL DEFAULT 0,"
    "  form_id TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  PRIMARY KEY (screening_id, name)) WITHOUT ROWID;"
    "PRAGMA user_version = 1;",

    /* 2: appointment slots, closed days, tickets. */
    "CREATE TABLE slots("
    "  id INTEGER PRIMARY KEY,"
    "  start INTEGER NOT NULL,"
    "  length INTEGER NOT NULL CHECK (length > 0),"
    "  capacity INTEGER NOT NULL CHECK (capacity > 0),"
    "  blocked INTEGER NOT NULL DEFAULT 0,"
    "  day INTEGER NOT NULL);"
    "CREATE INDEX slots_day ON slots(day, start);"
    "CREATE TABLE closed_days("
    "  day INTEGER PRIMARY KEY,"
    "  reason TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE tickets("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  slot_id INTEGER REFERENCES slots(id),"
    "  created INTEGER NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 2),"
    "  state_changed INTEGER NOT NULL,"
    "  attended_day INTEGER,"
    "  printed INTEGER NOT NULL DEFAULT 0,"
    "  language TEXT NOT NULL,"
    "  screening_id INTEGER REFERENCES screenings(id) ON DELETE SET NULL);"
    "CREATE INDEX tickets_day ON tickets(day, created);"
    "CREATE INDEX tickets_slot ON tickets(slot_id) WHERE slot_id IS NOT NULL;"
    "CREATE INDEX tickets_attended ON tickets(attended_day)"
    "  WHERE attended_day IS NOT NULL;"
    "CREATE INDEX tickets_screening ON tickets(screening_id)"
    "  WHERE screening_id IS NOT NULL;"
    "PRAGMA user_version = 2;",

    /* 3: staff accounts and the append-only audit log. */
    "CREATE TABLE staff("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  salt BLOB NOT NULL, ops INTEGER NOT NULL, mem INTEGER NOT NULL,"
    "  nonce BLOB NOT NULL, wrapped BLOB NOT NULL,"
    "  failed INTEGER NOT NULL DEFAULT 0,"
    "  lock_until INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL);"
    /* staff_id is deliberately not a foreign key: removing an account
     * must not touch its history. */
    "CREATE TABLE audit("
    "  id INTEGER PRIMARY KEY,"
    "  time INTEGER NOT NULL,"
    "  staff_id INTEGER,"
    "  action TEXT NOT NULL,"
    "  detail TEXT NOT NULL DEFAULT '');"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
    "PRAGMA user_version = 3;",

    /* 4: outbox for the reporting module. */
    "CREATE TABLE outbox("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  instance_id TEXT NOT NULL UNIQUE,"
    "  body BLOB NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 2),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt INTEGER NOT NULL,"
    "  last_error TEXT NOT NULL DEFAULT '',"
    "  screening_id INTEGER REFERENCES screenings(id) ON DELETE SET NULL);"
    "CREATE INDEX outbox_due ON outbox(next_attempt, id) WHERE state = 0;"
    "CREATE INDEX outbox_day ON outbox(day);"
    "CREATE INDEX outbox_screening ON outbox(screening_id)"
    "  WHERE screening_id IS NOT NULL;"
    "PRAGMA user_version = 4;",

    /* 5: statistics. stat_keys lists every group ever seen (kind 1:
     * form_id + language in name; kind 2: form_id + band name + value), so
     * a count walks a few keys and, per key, one index range: no sort.
     * stat_daily holds what store_purge rolled up (kinds 1 and 2 as above,
     * 3 visits by outcome in name, 4 tickets issued, 5 tickets attended).
     * Rows written before this version get their keys here, later ones
     * from the triggers. */
    "CREATE TABLE stat_keys("
    "  kind INTEGER NOT NULL, form_id TEXT NOT NULL,"
    "  name TEXT NOT NULL, value TEXT NOT NULL,"
    "  PRIMARY KEY (kind, form_id, name, value)) WITHOUT ROWID;"
    "CREATE TABLE stat_daily("
    "  kind INTEGER NOT NULL, form_id TEXT NOT NULL,"
    "  name TEXT NOT NULL, value TEXT NOT NULL,"
    "  day INTEGER NOT NULL, n INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, form_id, name, value, day)) WITHOUT ROWID;"
    "CREATE INDEX screenings_form ON screenings(form_id, language, day);"
    /* band is in the index although the WHERE fixes it: without it
     * SQLite visits the table to re-check band and the count by band is
     * eight times slower (bench/store). */
    "CREATE INDEX values_band"
    "  ON screening_values(form_id, name, value, day, band) WHERE band = 1;"
    /* Triggers keep the keys complete whoever inserts the rows. */
    "CREATE TRIGGER stat_keys_form AFTER INSERT ON screenings BEGIN"
    "  INSERT OR IGNORE INTO stat_keys(kind, form_id, name, value)"
    "  VALUES (1, NEW.form_id, NEW.language, ''); END;"
    "CREATE TRIGGER stat_keys_band AFTER INSERT ON screening_values"
    "  WHEN NEW.band = 1 BEGIN"
    "  INSERT OR IGNORE INTO stat_keys(kind, form_id, name, value)"
    "  VALUES (2, NEW.form_id, NEW.name, NEW.value); END;"
    "INSERT OR IGNORE INTO stat_keys(kind, form_id, name, value)"
    "  SELECT DISTINCT 1, form_id, language, '' FROM screenings;"
    "INSERT OR IGNORE INTO stat_keys(kind, form_id, name, value)"
    "  SELECT DISTINCT 2, form_id, name, value FROM screening_values"
    "  WHERE band = 1;"
    "PRAGMA user_version = 5;",

    /* 6: privacy that holds (issue 14). What stays readable is counts:
     * `tally` holds one row per (kind, day, form, name, value, language)
     * with its count, written in the same transaction as what it counts.
     * Kinds: 1 screenings (form_id, language); 2 values of a form's
     * declared measures (form_id, name = measure, value, language); 3
     * visits begun; 4 visits ended (name = outcome number, language at
     * the end); 5 tickets issued and 6 attended, for ticket rows that
     * retention removed (live tickets are counted from their rows).
     * A screening row keeps only its day and one sealed record (form,
     * version, language, time, every calculate and the answers); rows
     * from before this version are re-sealed by store_upgrade_v6 in C
     * (legacy tables v5_screenings/v5_values until then). Visits are no
     * longer rows. Staff copies of the site key are wrapped by PIN and
     * staff card together (card_id identifies the card; NULL = a copy
     * wrapped by the PIN alone, made before this version, re-wrapped at
     * its next login). Before the first account there is no site key at
     * all: the setup code is never a key again, so a key that only the
     * setup code wrapped is dropped with what was sealed to it. */
    "PRAGMA legacy_alter_table = ON;"
    "CREATE TABLE tally("
    "  kind INTEGER NOT NULL, day INTEGER NOT NULL,"
    "  form_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
    "  language TEXT NOT NULL, n INTEGER NOT NULL,"
    "  PRIMARY KEY (kind, day, form_id, name, value, language))"
    "  WITHOUT ROWID;"
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT 1, day, form_id, '', '', language, count(*) FROM screenings"
    "  GROUP BY day, form_id, language;"
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT 2, v.day, v.form_id, v.name, v.value, s.language, count(*)"
    "  FROM screening_values v JOIN screenings s ON s.id = v.screening_id"
    "  WHERE v.band = 1 AND v.value != ''"
    "  GROUP BY v.day, v.form_id, v.name, v.value, s.language;"
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT 3, day, '', '', '', '', count(*) FROM visits GROUP BY day;"
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT 4, day, '', CAST(outcome AS TEXT), '', language, count(*)"
    "  FROM visits WHERE outcome != 0 GROUP BY day, outcome, language;"
    /* what retention had rolled up (languages of bands were not kept) */
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT 1, day, form_id, '', '', name, n FROM stat_daily"
    "  WHERE kind = 1 ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT 2, day, form_id, name, value, '', n FROM stat_daily"
    "  WHERE kind = 2 ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT 3, day, '', '', '', '', sum(n) FROM stat_daily"
    "  WHERE kind = 3 GROUP BY day"
    "  ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT 4, day, '', name, '', '', n FROM stat_daily"
    "  WHERE kind = 3 AND name != '0'"
    "  ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
    "  SELECT kind + 1, day, '', '', '', '', n FROM stat_daily"
    "  WHERE kind IN (4, 5) ON CONFLICT DO UPDATE SET n = n + excluded.n;"
    "DROP TRIGGER stat_keys_form;"
    "DROP TRIGGER stat_keys_band;"
    "DROP TABLE stat_keys;"
    "DROP TABLE stat_daily;"
    "DROP INDEX values_band;"
    "DROP INDEX screenings_form;"
    "DROP INDEX screenings_day;"
    "DROP INDEX screenings_visit;"
    "ALTER TABLE screenings RENAME TO v5_screenings;"
    "ALTER TABLE screening_values RENAME TO v5_values;"
    "CREATE TABLE screenings("
    "  id INTEGER PRIMARY KEY,"
    "  day INTEGER NOT NULL,"
    "  sealed BLOB NOT NULL);"  /* crypto_box_seal to the site key */
    "CREATE INDEX screenings_day ON screenings(day);"
    "DROP TABLE visits;"
    /* no staff yet: the only copy of the secret key is the setup code's */
    "DELETE FROM v5_screenings WHERE NOT EXISTS (SELECT 1 FROM staff);"
    "DELETE FROM site_key WHERE NOT EXISTS (SELECT 1 FROM staff);"
    "DROP TABLE setup_key;"
    "ALTER TABLE staff ADD COLUMN card_id BLOB;"
    "CREATE UNIQUE INDEX staff_card ON staff(card_id)"
    "  WHERE card_id IS NOT NULL;"
    /* wrong setup codes lock out like wrong PINs */
    "CREATE TABLE setup_lock("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  failed INTEGER NOT NULL DEFAULT 0,"
    "  lock_until INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO setup_lock(id) VALUES (1);"
    /* the database's own id (also kept beside it, outside the file, so a
     * missing or replaced database is noticed) and notices for staff */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    "  WITHOUT ROWID;"
    "INSERT INTO meta(key, value) VALUES ('db_id', lower(hex(randomblob(16))));"
    "CREATE TABLE notices("
    "  id INTEGER PRIMARY KEY,"
    "  time INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  detail TEXT NOT NULL DEFAULT '',"
    "  seen_by INTEGER,"
    "  seen_at INTEGER);"
    "PRAGMA legacy_alter_table = OFF;"
    "PRAGMA user_version = 6;",

    /* 7: the outbox holds ODK-encrypted records only. A record is two
     * parts: `body` the manifest (the xml_submission_file part) and
     * `attachment` the ciphertext (submission.xml.enc); `form` is the form
     * id, so the sender can hold one form and go on with the other. The
     * queue is taken in id order (the order records were made), whatever
     * the clock said then, so the old index on next_attempt goes.
     * Rows from before this step hold plaintext XML: it is wiped
     * (secure_delete is on) and a row still waiting is given up with the
     * reason, so that no answer-derived field is ever sent or kept in
     * clear. Their counts stay in the statistics. */
    "ALTER TABLE outbox ADD COLUMN attachment BLOB;"
    "ALTER TABLE outbox ADD COLUMN form TEXT NOT NULL DEFAULT '';"
    "UPDATE outbox SET body = x'',"
    "  last_error = CASE WHEN state = 0 THEN 'queued before records were"
    " encrypted: its plaintext was removed and it is not sent'"
    "  ELSE last_error END,"
    "  state = CASE WHEN state = 0 THEN 2 ELSE state END;"
    "DROP INDEX outbox_due;"
    "CREATE INDEX outbox_queue ON outbox(id, form) WHERE state = 0;"
    /* the staff view counts parked records without reading the parts */
    "CREATE INDEX outbox_parked ON outbox(id) WHERE state = 2;"
    "PRAGMA user_version = 7;",
};

const int store_migration_count =
    (int)(sizeof store_migrations / sizeof store_migrations[0]);
