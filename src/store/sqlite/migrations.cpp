#include "store/sqlite/migrations.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "domain/date.hpp"

namespace doithoai::store::sqlite {

namespace {

// Conventions: dates are 'YYYY-MM-DD' text (checked with date(x) IS x, which also rejects
// 2025-02-30), instants are integer UTC seconds, booleans are 0/1 integers.
constexpr std::array<Migration, 17> kMigrations{{
    {1, "initial schema", R"sql(
CREATE TABLE unit_levels (
  code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  rank INTEGER NOT NULL CHECK (rank >= 1)
) STRICT;

CREATE TABLE units (
  code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  type_name TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL REFERENCES unit_levels (code),
  parent_code TEXT REFERENCES units (code),
  valid_from TEXT NOT NULL CHECK (date(valid_from) IS valid_from),
  valid_to TEXT CHECK (valid_to IS NULL OR (date(valid_to) IS valid_to AND valid_to >= valid_from)),
  sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  CHECK (parent_code IS NULL OR parent_code <> code)
) STRICT;
CREATE INDEX units_parent ON units (parent_code);
CREATE INDEX units_level ON units (level);

-- Links are stored once, predecessor -> successor; both directions are filled when reading.
CREATE TABLE unit_links (
  predecessor_code TEXT NOT NULL REFERENCES units (code),
  successor_code TEXT NOT NULL REFERENCES units (code),
  PRIMARY KEY (predecessor_code, successor_code),
  CHECK (predecessor_code <> successor_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX unit_links_successor ON unit_links (successor_code, predecessor_code);

CREATE TABLE agencies (
  code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  kind TEXT NOT NULL CHECK (kind <> ''),
  unit_code TEXT NOT NULL REFERENCES units (code),
  parent_code TEXT REFERENCES agencies (code),
  valid_to TEXT CHECK (valid_to IS NULL OR date(valid_to) IS valid_to),
  CHECK (parent_code IS NULL OR parent_code <> code)
) STRICT;
CREATE INDEX agencies_unit ON agencies (unit_code);
CREATE INDEX agencies_parent ON agencies (parent_code);

CREATE TABLE fields (
  code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  parent_code TEXT REFERENCES fields (code),
  sort_order INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  CHECK (parent_code IS NULL OR parent_code <> code)
) STRICT;
CREATE INDEX fields_parent ON fields (parent_code);

CREATE TABLE holidays (
  date TEXT PRIMARY KEY NOT NULL CHECK (date(date) IS date),
  name TEXT NOT NULL CHECK (name <> ''),
  working_day INTEGER NOT NULL DEFAULT 0 CHECK (working_day IN (0, 1)),
  source TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE CHECK (username <> ''),
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE user_grants (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'intake', 'leader', 'officer', 'inspector')),
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('unit', 'agency')),
  scope_code TEXT NOT NULL CHECK (scope_code <> ''),
  PRIMARY KEY (user_id, role, scope_kind, scope_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_grants_scope ON user_grants (scope_kind, scope_code);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY NOT NULL CHECK (token_hash <> ''),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_created ON sessions (created_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE CHECK (token_hash <> ''),
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The append-only log. AUTOINCREMENT: ids are never reused.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action <> ''),
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
) STRICT;
CREATE INDEX events_entity ON events (entity_type, entity_id, id);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
)sql"},
    {2, "matters, submissions, answers, deadlines and deadline rules", R"sql(
-- The deadline rules (data/deadline_rules.tsv, then admins). kind NULL: every kind. The key
-- treats NULL as one value ('*'), which a plain UNIQUE would not.
CREATE TABLE deadline_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT CHECK (kind IS NULL OR
                   kind IN ('phan_anh', 'kien_nghi', 'de_xuat', 'gop_y', 'khieu_nai', 'to_cao')),
  step TEXT NOT NULL CHECK (step IN ('notify', 'accept', 'resolve')),
  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365),
  count TEXT NOT NULL CHECK (count IN ('working', 'calendar')),
  from_anchor TEXT NOT NULL CHECK (from_anchor IN ('received', 'accepted')),
  extension_days INTEGER NOT NULL DEFAULT 0 CHECK (extension_days BETWEEN 0 AND 365),
  max_extensions INTEGER NOT NULL DEFAULT 0 CHECK (max_extensions BETWEEN 0 AND 5),
  valid_from TEXT NOT NULL CHECK (date(valid_from) IS valid_from),
  confirmed INTEGER NOT NULL DEFAULT 1 CHECK (confirmed IN (0, 1)),
  source TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX deadline_rules_key ON deadline_rules (coalesce(kind, '*'), step, valid_from);

-- A token that changes whenever the holidays or the deadline rules do (in this process or any
-- other), so that the deadline engine's cached calendar and rules know when to reload.
CREATE TABLE calendar_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token INTEGER NOT NULL
) STRICT;
INSERT INTO calendar_state (id, token) VALUES (1, 0);
CREATE TRIGGER holidays_changed_insert AFTER INSERT ON holidays
BEGIN UPDATE calendar_state SET token = random() WHERE id = 1; END;
CREATE TRIGGER holidays_changed_update AFTER UPDATE ON holidays
BEGIN UPDATE calendar_state SET token = random() WHERE id = 1; END;
CREATE TRIGGER holidays_changed_delete AFTER DELETE ON holidays
BEGIN UPDATE calendar_state SET token = random() WHERE id = 1; END;
CREATE TRIGGER deadline_rules_changed_insert AFTER INSERT ON deadline_rules
BEGIN UPDATE calendar_state SET token = random() WHERE id = 1; END;
CREATE TRIGGER deadline_rules_changed_update AFTER UPDATE ON deadline_rules
BEGIN UPDATE calendar_state SET token = random() WHERE id = 1; END;
CREATE TRIGGER deadline_rules_changed_delete AFTER DELETE ON deadline_rules
BEGIN UPDATE calendar_state SET token = random() WHERE id = 1; END;

-- A matter (vụ việc). next_due_on is the earliest unmet deadline (NULL once nothing is due),
-- kept in step with matter_deadlines for the overdue and due-soon lists.
CREATE TABLE matters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tracking_code TEXT NOT NULL UNIQUE CHECK (tracking_code <> ''),
  kind TEXT NOT NULL
    CHECK (kind IN ('phan_anh', 'kien_nghi', 'de_xuat', 'gop_y', 'khieu_nai', 'to_cao')),
  field_code TEXT REFERENCES fields (code),
  unit_code TEXT NOT NULL REFERENCES units (code),
  status TEXT NOT NULL CHECK (status IN ('received', 'classified', 'assigned', 'accepted',
                                         'forwarded_up', 'guided', 'refused', 'answered',
                                         'published', 'merged', 'closed', 'reopened')),
  title TEXT NOT NULL CHECK (title <> ''),
  summary TEXT NOT NULL DEFAULT '',
  agency_code TEXT REFERENCES agencies (code),
  handler TEXT CHECK (handler IS NULL OR handler <> ''),
  channel TEXT NOT NULL CHECK (channel IN ('online', 'letter', 'phone', 'reception',
                                           'village_meeting', 'dialogue', 'referral')),
  received_on TEXT NOT NULL CHECK (date(received_on) IS received_on),
  accepted_on TEXT CHECK (accepted_on IS NULL OR date(accepted_on) IS accepted_on),
  answered_on TEXT CHECK (answered_on IS NULL OR date(answered_on) IS answered_on),
  next_due_on TEXT CHECK (next_due_on IS NULL OR date(next_due_on) IS next_due_on),
  submissions INTEGER NOT NULL DEFAULT 1 CHECK (submissions >= 0),
  head_count INTEGER NOT NULL DEFAULT 1 CHECK (head_count >= 0),
  extensions INTEGER NOT NULL DEFAULT 0 CHECK (extensions >= 0),
  merged_into INTEGER REFERENCES matters (id),
  refusal_ground TEXT NOT NULL DEFAULT '',
  rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 3),
  identity_protected INTEGER NOT NULL DEFAULT 0 CHECK (identity_protected IN (0, 1)),
  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (merged_into IS NULL OR merged_into <> id),
  CHECK ((status = 'merged') = (merged_into IS NOT NULL))
) STRICT;
CREATE INDEX matters_received ON matters (received_on DESC, id DESC);
CREATE INDEX matters_status_received ON matters (status, received_on DESC, id DESC);
CREATE INDEX matters_unit_received ON matters (unit_code, received_on DESC);
CREATE INDEX matters_agency_status ON matters (agency_code, status);
CREATE INDEX matters_next_due ON matters (next_due_on) WHERE next_due_on IS NOT NULL;
CREATE INDEX matters_field ON matters (field_code);
CREATE INDEX matters_kind ON matters (kind);
CREATE INDEX matters_merged_into ON matters (merged_into) WHERE merged_into IS NOT NULL;

-- One raising of a matter (lượt ý kiến). A merge moves a matter's submissions to the target.
CREATE TABLE submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  matter_id INTEGER NOT NULL REFERENCES matters (id),
  channel TEXT NOT NULL CHECK (channel IN ('online', 'letter', 'phone', 'reception',
                                           'village_meeting', 'dialogue', 'referral')),
  received_on TEXT NOT NULL CHECK (date(received_on) IS received_on),
  recorded_at INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL CHECK (content <> ''),
  head_count INTEGER NOT NULL CHECK (head_count >= 1),
  recorded_by TEXT NOT NULL,
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1))
) STRICT;
CREATE INDEX submissions_matter ON submissions (matter_id, received_on, id);

-- The people behind a submission. Phone and ID numbers only encrypted (nonce || ciphertext).
CREATE TABLE submission_people (
  submission_id INTEGER NOT NULL REFERENCES submissions (id),
  position INTEGER NOT NULL CHECK (position >= 0),
  name TEXT NOT NULL CHECK (name <> ''),
  phone_enc BLOB CHECK (phone_enc IS NULL OR length(phone_enc) > 40),
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  id_number_enc BLOB CHECK (id_number_enc IS NULL OR length(id_number_enc) > 40),
  PRIMARY KEY (submission_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE answers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  matter_id INTEGER NOT NULL REFERENCES matters (id),
  form TEXT NOT NULL CHECK (form IN ('direct', 'written', 'from_higher', 'guide')),
  document_number TEXT NOT NULL DEFAULT '',
  date TEXT CHECK (date IS NULL OR date(date) IS date),
  signed_by TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  agency_code TEXT REFERENCES agencies (code),
  recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX answers_matter ON answers (matter_id, id);

-- Each matter's deadlines as last computed (rule = the rule row's id, e.g. khieu_nai/resolve@...).
CREATE TABLE matter_deadlines (
  matter_id INTEGER NOT NULL REFERENCES matters (id),
  step TEXT NOT NULL CHECK (step IN ('notify', 'accept', 'resolve')),
  due_on TEXT NOT NULL CHECK (date(due_on) IS due_on),
  rule TEXT NOT NULL,
  met_on TEXT CHECK (met_on IS NULL OR date(met_on) IS met_on),
  extensions INTEGER NOT NULL DEFAULT 0 CHECK (extensions >= 0),
  PRIMARY KEY (matter_id, step)
) STRICT, WITHOUT ROWID;
CREATE INDEX matter_deadlines_open ON matter_deadlines (due_on) WHERE met_on IS NULL;
)sql"},
    {3, "matter counters and the unit-status index for lists at scale", R"sql(
-- How many matters each (unit, status, kind, published) has, kept by triggers in the same
-- transaction as every change, so that the totals of the common lists are a few lookups
-- instead of a count over a million rows.
CREATE TABLE matter_counts (
  unit_code TEXT NOT NULL,
  status TEXT NOT NULL,
  kind TEXT NOT NULL,
  published INTEGER NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (unit_code, status, kind, published)
) STRICT, WITHOUT ROWID;
INSERT INTO matter_counts (unit_code, status, kind, published, n)
  SELECT unit_code, status, kind, published, count(*) FROM matters GROUP BY 1, 2, 3, 4;

CREATE TRIGGER matters_count_insert AFTER INSERT ON matters
BEGIN
  INSERT INTO matter_counts (unit_code, status, kind, published, n)
    VALUES (NEW.unit_code, NEW.status, NEW.kind, NEW.published, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER matters_count_update AFTER UPDATE OF unit_code, status, kind, published ON matters
  WHEN OLD.unit_code IS NOT NEW.unit_code OR OLD.status IS NOT NEW.status
    OR OLD.kind IS NOT NEW.kind OR OLD.published IS NOT NEW.published
BEGIN
  UPDATE matter_counts SET n = n - 1
    WHERE unit_code = OLD.unit_code AND status = OLD.status AND kind = OLD.kind
      AND published = OLD.published;
  INSERT INTO matter_counts (unit_code, status, kind, published, n)
    VALUES (NEW.unit_code, NEW.status, NEW.kind, NEW.published, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER matters_count_delete AFTER DELETE ON matters
BEGIN
  UPDATE matter_counts SET n = n - 1
    WHERE unit_code = OLD.unit_code AND status = OLD.status AND kind = OLD.kind
      AND published = OLD.published;
END;

-- A list of some units in some statuses, newest first, reads each (unit, status) in order.
DROP INDEX matters_unit_received;
CREATE INDEX matters_unit_status_received ON matters (unit_code, status, received_on DESC, id DESC);
)sql"},
    {4, "dialogues, village meetings, speaker registrations, reception", R"sql(
-- A dialogue conference (hội nghị đối thoại). unit_code is the host agency's unit (the scope);
-- level is that unit's level when it was planned. opinions counts dialogue_opinions rows;
-- opinions_reported is the figure of a dialogue recorded from its report without its opinions.
CREATE TABLE dialogues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL CHECK (title <> ''),
  host_name TEXT NOT NULL CHECK (host_name <> ''),
  host_title TEXT NOT NULL DEFAULT '',
  host_agency_code TEXT NOT NULL REFERENCES agencies (code),
  unit_code TEXT NOT NULL REFERENCES units (code),
  level TEXT NOT NULL REFERENCES unit_levels (code),
  held_on TEXT NOT NULL CHECK (date(held_on) IS held_on),
  starts_at TEXT NOT NULL DEFAULT '',
  venue TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('planned', 'collecting', 'registration_open', 'held',
                                         'following_up', 'closed')),
  registration_cap INTEGER CHECK (registration_cap IS NULL OR registration_cap >= 1),
  registration_closes_on TEXT
    CHECK (registration_closes_on IS NULL OR date(registration_closes_on) IS registration_closes_on),
  registrations INTEGER NOT NULL DEFAULT 0 CHECK (registrations >= 0),
  attendance INTEGER NOT NULL DEFAULT 0 CHECK (attendance >= 0),
  opinions INTEGER NOT NULL DEFAULT 0 CHECK (opinions >= 0),
  opinions_reported INTEGER CHECK (opinions_reported IS NULL OR opinions_reported >= 0),
  summary TEXT NOT NULL DEFAULT '',
  generated INTEGER NOT NULL DEFAULT 0 CHECK (generated IN (0, 1)),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX dialogues_held ON dialogues (held_on DESC, id DESC);
CREATE INDEX dialogues_status ON dialogues (status, held_on);
-- Covering indexes for the counts reports add up by unit or by host over a period.
CREATE INDEX dialogues_unit_counts
  ON dialogues (unit_code, held_on, status, demo, attendance, opinions, opinions_reported);
CREATE INDEX dialogues_host_counts
  ON dialogues (host_agency_code, held_on, status, demo, attendance, opinions, opinions_reported);

CREATE TABLE dialogue_board (
  dialogue_id INTEGER NOT NULL REFERENCES dialogues (id),
  position INTEGER NOT NULL CHECK (position >= 0),
  name TEXT NOT NULL CHECK (name <> ''),
  role TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (dialogue_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE dialogue_agenda (
  dialogue_id INTEGER NOT NULL REFERENCES dialogues (id),
  position INTEGER NOT NULL CHECK (position >= 0),
  field_code TEXT REFERENCES fields (code),
  title TEXT NOT NULL CHECK (title <> ''),
  PRIMARY KEY (dialogue_id, position)
) STRICT, WITHOUT ROWID;

-- A People's Conference in a village (hội nghị Nhân dân) that prepares a dialogue.
-- organisers: a JSON array of agency codes.
CREATE TABLE village_meetings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dialogue_id INTEGER NOT NULL REFERENCES dialogues (id),
  unit_code TEXT NOT NULL REFERENCES units (code),
  held_on TEXT NOT NULL CHECK (date(held_on) IS held_on),
  organisers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(organisers)),
  attendance INTEGER NOT NULL DEFAULT 0 CHECK (attendance >= 0),
  note TEXT NOT NULL DEFAULT '',
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX village_meetings_dialogue ON village_meetings (dialogue_id, held_on, id);

-- The opinions a village meeting collected (each a submission of a matter).
CREATE TABLE village_meeting_submissions (
  meeting_id INTEGER NOT NULL REFERENCES village_meetings (id),
  position INTEGER NOT NULL CHECK (position >= 0),
  submission_id INTEGER NOT NULL UNIQUE REFERENCES submissions (id),
  PRIMARY KEY (meeting_id, position)
) STRICT, WITHOUT ROWID;

-- Speaker registrations (đăng ký phát biểu). person_key: a keyed hash of the folded name and
-- the phone (or the commune), to refuse the same person twice; phone only encrypted.
CREATE TABLE speaker_registrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dialogue_id INTEGER NOT NULL REFERENCES dialogues (id),
  name TEXT NOT NULL CHECK (name <> ''),
  phone_enc BLOB CHECK (phone_enc IS NULL OR length(phone_enc) > 40),
  address TEXT NOT NULL DEFAULT '',
  unit_code TEXT REFERENCES units (code),
  topic TEXT NOT NULL CHECK (topic <> ''),
  field_code TEXT REFERENCES fields (code),
  submission_id INTEGER REFERENCES submissions (id),
  position INTEGER CHECK (position IS NULL OR position >= 1),
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
  outcome TEXT NOT NULL DEFAULT 'pending'
    CHECK (outcome IN ('pending', 'spoke', 'absent', 'not_reached')),
  by_staff INTEGER NOT NULL DEFAULT 0 CHECK (by_staff IN (0, 1)),
  person_key TEXT NOT NULL CHECK (person_key <> ''),
  registered_on TEXT NOT NULL CHECK (date(registered_on) IS registered_on),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX speaker_registrations_dialogue ON speaker_registrations (dialogue_id, id);
CREATE UNIQUE INDEX speaker_registrations_person
  ON speaker_registrations (dialogue_id, person_key) WHERE withdrawn = 0;
CREATE UNIQUE INDEX speaker_registrations_order
  ON speaker_registrations (dialogue_id, position) WHERE position IS NOT NULL;

-- An opinion raised at the conference, with its outcome. Its matter is its submission's
-- (submissions follow merges).
CREATE TABLE dialogue_opinions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dialogue_id INTEGER NOT NULL REFERENCES dialogues (id),
  registration_id INTEGER REFERENCES speaker_registrations (id),
  submission_id INTEGER NOT NULL REFERENCES submissions (id),
  speaker_name TEXT NOT NULL DEFAULT '',
  field_code TEXT REFERENCES fields (code),
  summary TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'answered', 'assigned', 'forwarded')),
  answered_by TEXT NOT NULL DEFAULT '',
  agency_code TEXT REFERENCES agencies (code),
  due_on TEXT CHECK (due_on IS NULL OR date(due_on) IS due_on),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  created_at INTEGER NOT NULL,
  CHECK (outcome <> 'answered' OR answered_by <> ''),
  CHECK (outcome <> 'assigned' OR (agency_code IS NOT NULL AND due_on IS NOT NULL))
) STRICT;
CREATE INDEX dialogue_opinions_dialogue ON dialogue_opinions (dialogue_id, id);
CREATE INDEX dialogue_opinions_submission ON dialogue_opinions (submission_id);

-- The legal reception duties (data/reception_duties.tsv, then admins), versioned by valid_from.
CREATE TABLE reception_duties (
  code TEXT NOT NULL CHECK (code <> ''),
  holder TEXT NOT NULL DEFAULT '',
  agency_kind TEXT NOT NULL CHECK (agency_kind <> ''),
  unit_level TEXT NOT NULL CHECK (unit_level <> ''),
  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 31),
  per TEXT NOT NULL CHECK (per IN ('week', 'month')),
  valid_from TEXT NOT NULL CHECK (date(valid_from) IS valid_from),
  confirmed INTEGER NOT NULL DEFAULT 1 CHECK (confirmed IN (0, 1)),
  source TEXT NOT NULL CHECK (source <> ''),
  PRIMARY KEY (agency_kind, unit_level, valid_from)
) STRICT, WITHOUT ROWID;

-- A leader's reception schedule: a recurrence rule (RRULE subset) between two dates.
CREATE TABLE reception_schedules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  leader_name TEXT NOT NULL CHECK (leader_name <> ''),
  leader_title TEXT NOT NULL DEFAULT '',
  agency_code TEXT NOT NULL REFERENCES agencies (code),
  unit_code TEXT NOT NULL REFERENCES units (code),
  rule TEXT NOT NULL CHECK (rule <> ''),
  starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
  ends_on TEXT CHECK (ends_on IS NULL OR (date(ends_on) IS ends_on AND ends_on >= starts_on)),
  time_from TEXT NOT NULL DEFAULT '',
  time_to TEXT NOT NULL DEFAULT '',
  venue TEXT NOT NULL DEFAULT '',
  slots INTEGER NOT NULL DEFAULT 0 CHECK (slots BETWEEN 0 AND 500),
  working_days_only INTEGER NOT NULL DEFAULT 1 CHECK (working_days_only IN (0, 1)),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reception_schedules_agency ON reception_schedules (agency_code, starts_on);
CREATE INDEX reception_schedules_unit ON reception_schedules (unit_code);

-- A reception session (buổi tiếp): recorded when booked, held, cancelled or added as extra.
CREATE TABLE reception_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  schedule_id INTEGER REFERENCES reception_schedules (id),
  leader_name TEXT NOT NULL CHECK (leader_name <> ''),
  agency_code TEXT NOT NULL REFERENCES agencies (code),
  unit_code TEXT NOT NULL REFERENCES units (code),
  held_on TEXT NOT NULL CHECK (date(held_on) IS held_on),
  time_from TEXT NOT NULL DEFAULT '',
  time_to TEXT NOT NULL DEFAULT '',
  venue TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  extra INTEGER NOT NULL DEFAULT 0 CHECK (extra IN (0, 1)),
  slots INTEGER NOT NULL DEFAULT 0 CHECK (slots >= 0),
  booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0),
  visits INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
  note TEXT NOT NULL DEFAULT '',
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX reception_sessions_day ON reception_sessions (schedule_id, held_on)
  WHERE schedule_id IS NOT NULL;
CREATE INDEX reception_sessions_agency ON reception_sessions (agency_code, held_on, status);
CREATE INDEX reception_sessions_held ON reception_sessions (held_on);

CREATE TABLE reception_bookings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES reception_sessions (id),
  code TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  phone_enc BLOB CHECK (phone_enc IS NULL OR length(phone_enc) > 40),
  unit_code TEXT REFERENCES units (code),
  topic TEXT NOT NULL CHECK (topic <> ''),
  position INTEGER NOT NULL CHECK (position >= 1),
  person_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'visited')),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reception_bookings_session ON reception_bookings (session_id, position);
CREATE UNIQUE INDEX reception_bookings_person ON reception_bookings (session_id, person_key)
  WHERE status <> 'cancelled';

-- A visit (lượt tiếp): one row of the register (form 03). number: per agency and year.
CREATE TABLE reception_visits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER NOT NULL REFERENCES reception_sessions (id),
  agency_code TEXT NOT NULL REFERENCES agencies (code),
  number INTEGER NOT NULL CHECK (number >= 1),
  visited_on TEXT NOT NULL CHECK (date(visited_on) IS visited_on),
  name TEXT NOT NULL CHECK (name <> ''),
  address TEXT NOT NULL DEFAULT '',
  phone_enc BLOB CHECK (phone_enc IS NULL OR length(phone_enc) > 40),
  id_number_enc BLOB CHECK (id_number_enc IS NULL OR length(id_number_enc) > 40),
  summary TEXT NOT NULL CHECK (summary <> ''),
  kind TEXT NOT NULL CHECK (kind IN ('phan_anh', 'kien_nghi', 'de_xuat', 'gop_y', 'khieu_nai',
                                     'to_cao')),
  head_count INTEGER NOT NULL DEFAULT 1 CHECK (head_count >= 1),
  prior_agency TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL CHECK (direction IN ('accepted', 'guided', 'transferred', 'refused')),
  direction_body TEXT NOT NULL DEFAULT '',
  direction_document TEXT NOT NULL DEFAULT '',
  refusal_ground TEXT NOT NULL DEFAULT '',
  refusal_text TEXT NOT NULL DEFAULT '',
  follow_up TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  matter_id INTEGER REFERENCES matters (id),
  booking_id INTEGER REFERENCES reception_bookings (id),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  created_at INTEGER NOT NULL,
  CHECK ((direction = 'refused') = (refusal_ground <> ''))
) STRICT;
CREATE UNIQUE INDEX reception_visits_number
  ON reception_visits (agency_code, substr(visited_on, 1, 4), number);
CREATE INDEX reception_visits_session ON reception_visits (session_id, id);
CREATE INDEX reception_visits_agency_day ON reception_visits (agency_code, visited_on, number);
CREATE INDEX reception_visits_day ON reception_visits (visited_on, id);
)sql"},
    {5, "full-text search, similarity signatures", R"sql(
-- Full-text search (docs/architecture.md, search). The index holds folded text only: fold() is
-- domain/text's folding (no tones, đ -> d, lower case), registered on every connection, so
-- "duong" finds "Đường". One document a matter (rowid = matters.id): title; body = what the
-- people wrote (each submission's title when it differs from the matter's, and its content) and
-- any guidance to the competent body; answer = the answers that are published with the matter.
-- The public searches title and answer of published matters only.
--
-- External content over a view, so nothing is stored twice: the triggers below keep the index
-- in step with every write to matters, submissions and answers (a merge moves submissions, each
-- move updates both documents). A BEFORE trigger removes the document as it was (FTS5 needs the
-- old text to remove it), the AFTER trigger adds it as it is. The view orders by id so that the
-- same rows always give the same text.
CREATE VIEW matter_search_source AS
SELECT m.id AS id,
       fold(m.title) AS title,
       fold(coalesce((SELECT group_concat(t, ' ') FROM (
                        SELECT CASE WHEN s.title = '' OR s.title = m.title THEN s.content
                                    ELSE s.title || ' ' || s.content END AS t
                        FROM submissions s WHERE s.matter_id = m.id ORDER BY s.id)), '') || ' ' ||
            coalesce((SELECT group_concat(t, ' ') FROM (
                        SELECT a.text AS t FROM answers a
                        WHERE a.matter_id = m.id AND a.form = 'guide' ORDER BY a.id)), '')) AS body,
       fold(coalesce((SELECT group_concat(t, ' ') FROM (
                        SELECT a.text AS t FROM answers a
                        WHERE a.matter_id = m.id AND a.form <> 'guide' ORDER BY a.id)), ''))
         AS answer
FROM matters m;

CREATE VIRTUAL TABLE matter_search USING fts5(
  title, body, answer,
  content = 'matter_search_source', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);

CREATE TRIGGER matter_search_matter_insert AFTER INSERT ON matters
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = NEW.id;
END;
CREATE TRIGGER matter_search_matter_before_update BEFORE UPDATE OF id, title ON matters
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source WHERE id = OLD.id;
END;
CREATE TRIGGER matter_search_matter_update AFTER UPDATE OF id, title ON matters
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = NEW.id;
END;
CREATE TRIGGER matter_search_matter_delete BEFORE DELETE ON matters
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source WHERE id = OLD.id;
END;
CREATE TRIGGER matter_search_submission_before_insert BEFORE INSERT ON submissions
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source WHERE id = NEW.matter_id;
END;
CREATE TRIGGER matter_search_submission_insert AFTER INSERT ON submissions
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = NEW.matter_id;
END;
CREATE TRIGGER matter_search_submission_before_update BEFORE UPDATE OF matter_id, title, content ON submissions
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source WHERE id = OLD.matter_id;
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND NEW.matter_id <> OLD.matter_id;
END;
CREATE TRIGGER matter_search_submission_update AFTER UPDATE OF matter_id, title, content ON submissions
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = OLD.matter_id;
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND NEW.matter_id <> OLD.matter_id;
END;
CREATE TRIGGER matter_search_submission_before_delete BEFORE DELETE ON submissions
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source WHERE id = OLD.matter_id;
END;
CREATE TRIGGER matter_search_submission_delete AFTER DELETE ON submissions
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = OLD.matter_id;
END;
CREATE TRIGGER matter_search_answer_before_insert BEFORE INSERT ON answers
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source WHERE id = NEW.matter_id;
END;
CREATE TRIGGER matter_search_answer_insert AFTER INSERT ON answers
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = NEW.matter_id;
END;
CREATE TRIGGER matter_search_answer_before_update BEFORE UPDATE OF matter_id, form, text ON answers
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source WHERE id = OLD.matter_id;
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND NEW.matter_id <> OLD.matter_id;
END;
CREATE TRIGGER matter_search_answer_update AFTER UPDATE OF matter_id, form, text ON answers
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = OLD.matter_id;
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND NEW.matter_id <> OLD.matter_id;
END;
CREATE TRIGGER matter_search_answer_before_delete BEFORE DELETE ON answers
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source WHERE id = OLD.matter_id;
END;
CREATE TRIGGER matter_search_answer_delete AFTER DELETE ON answers
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = OLD.matter_id;
END;

INSERT INTO matter_search (matter_search) VALUES ('rebuild');

-- MinHash signatures for duplicate grouping (src/search/minhash): the minima of 64 hash
-- functions over the syllable bigrams of the matter's title and summary, 4 bytes each, little
-- endian; written by the application when a matter is entered (and by `doithoai reindex`).
-- `scheme` names the hashing so that a later change can tell old signatures apart.
CREATE TABLE matter_signatures (
  matter_id INTEGER PRIMARY KEY REFERENCES matters (id) ON DELETE CASCADE,
  scheme INTEGER NOT NULL,
  minima BLOB NOT NULL,
  shingles INTEGER NOT NULL CHECK (shingles >= 0)
) STRICT;

-- LSH: each signature cut into bands; a band's hash is a bucket. Matters sharing a bucket are
-- the candidates for similarity, found through the primary key without scanning.
CREATE TABLE matter_lsh (
  bucket INTEGER NOT NULL,
  matter_id INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
  PRIMARY KEY (bucket, matter_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX matter_lsh_matter ON matter_lsh (matter_id);
)sql"},
    {6, "LSH buckets in an inverted index, written in order rather than at random", R"sql(
-- The buckets of a signature as words: each a 16-digit hex number, separated by spaces.
-- matter_lsh wrote every bucket of every new matter into a random leaf of one B-tree (20
-- random pages per matter); the FTS5 index below buffers a transaction's buckets and writes
-- them as one sorted segment, merging segments in the background of later writes.
ALTER TABLE matter_signatures ADD COLUMN lsh TEXT NOT NULL DEFAULT '';
UPDATE matter_signatures SET lsh = coalesce((
    SELECT group_concat(printf('%016x', bucket), ' ') FROM matter_lsh
    WHERE matter_lsh.matter_id = matter_signatures.matter_id), '');
DROP TABLE matter_lsh;

-- Only which matters hold a bucket is kept (detail=none); the words are read back from
-- matter_signatures.lsh, which the triggers hand to the index.
CREATE VIRTUAL TABLE matter_lsh USING fts5(
  lsh, content = 'matter_signatures', content_rowid = 'matter_id',
  detail = none, tokenize = 'ascii');
CREATE TRIGGER matter_lsh_insert AFTER INSERT ON matter_signatures BEGIN
  INSERT INTO matter_lsh (rowid, lsh) VALUES (NEW.matter_id, NEW.lsh);
END;
CREATE TRIGGER matter_lsh_delete AFTER DELETE ON matter_signatures BEGIN
  INSERT INTO matter_lsh (matter_lsh, rowid, lsh) VALUES ('delete', OLD.matter_id, OLD.lsh);
END;
CREATE TRIGGER matter_lsh_update AFTER UPDATE OF lsh ON matter_signatures BEGIN
  INSERT INTO matter_lsh (matter_lsh, rowid, lsh) VALUES ('delete', OLD.matter_id, OLD.lsh);
  INSERT INTO matter_lsh (rowid, lsh) VALUES (NEW.matter_id, NEW.lsh);
END;
INSERT INTO matter_lsh (matter_lsh) VALUES ('rebuild');
)sql"},
    {7, "covering indexes for the summary report", R"sql(
-- The summary report reads every matter, submission and resolve deadline of its period. Without
-- these it read the tables themselves (a matter row with its title and summary, a submission
-- with its text): at 100,000 matters mostly I/O. Each index holds exactly the columns a query of
-- store/sqlite/report_summary.cpp needs, so each grouping reads an index only.
-- Matters of a unit scope and period by their dimensions (matter_cells, the intake form,
-- carried over, the overdue figures): one range per unit of the scope.
CREATE INDEX matters_report_unit ON matters (unit_code, received_on, agency_code, kind,
  field_code, channel, status, head_count, refusal_ground, answered_on, next_due_on);
-- A matter's dimensions by id, for the submissions and deadlines joined to their matter.
CREATE INDEX matters_report_id ON matters (id, unit_code, agency_code, kind, field_code, status);
-- Submissions of the period (submission_cells, the intake form).
CREATE INDEX submissions_report ON submissions (received_on, matter_id, channel, head_count);
-- Resolve deadlines met in the period (timeliness).
CREATE INDEX matter_deadlines_met ON matter_deadlines (step, met_on, due_on, matter_id);
-- Matters overdue as of a day (the overdue figures and list).
CREATE INDEX matters_overdue ON matters (next_due_on, received_on, status, unit_code, agency_code,
  kind) WHERE next_due_on IS NOT NULL;
)sql"},
    {8, "view counts of published answers", R"sql(
-- How often each published answer was read on the public portal. Counted in memory by the web
-- module and added here every few minutes (never a write on the page's path).
CREATE TABLE matter_views (
  matter_id INTEGER PRIMARY KEY REFERENCES matters (id) ON DELETE CASCADE,
  views INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0)
) STRICT;
CREATE INDEX matter_views_views ON matter_views (views DESC, matter_id);
)sql"},
    {9, "counters for the summary report, kept by triggers", R"sql(
-- Counters behind the summary report (store/sqlite/report_summary.cpp), kept by the triggers
-- below in the same transaction as every write to matters, submissions, matter_deadlines and
-- answers. A row counts, for one unit, lead agency ('' for none) and period bucket, the value of
-- one dimension:
--   kind, field ('' unclassified), channel, status: matters received in the bucket and not merged
--     (matters), and the submissions received in it whose matter is not merged (submissions,
--     people: their head counts), by the matter's dimensions and the submission's own channel;
--   received, first: every submission received (submissions), and those first of their matter;
--   intake: matters received (merged ones too), by their class in the intake form Biểu 01/XLD
--     ('merged', 'refused', or kind k/t/p, signers 1/n, competence w/g/f);
--   open (value kind): matters received, not merged, with a deadline still to meet;
--   ended: matters not merged whose handling ended (answered, or resolve deadline met) in the
--     bucket, on or after their receipt; ended_early: ended before their receipt, counted in the
--     bucket of the receipt;
--   on_time, late (value kind): resolve deadlines met in the bucket, of matters not merged.
-- bucket is a year (2021) or a month (1000000 + 202103 for 2021-03); each change counts in
-- both, so that a period reads whole years, whole months at its edges, and the days of a
-- partial month from the indexes of migration 7.
CREATE TABLE report_counts (
  unit_code TEXT NOT NULL,
  dim TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  value TEXT NOT NULL,
  agency_code TEXT NOT NULL,
  matters INTEGER NOT NULL DEFAULT 0,
  submissions INTEGER NOT NULL DEFAULT 0,
  people INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_code, dim, bucket, value, agency_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX report_counts_agency ON report_counts (agency_code, dim, bucket);

-- What the triggers write: a change on a day, counted in that day's year and month.
CREATE VIEW report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions,
  people) AS SELECT unit_code, '', agency_code, dim, value, matters, submissions, people
  FROM report_counts WHERE 0;
CREATE TRIGGER report_delta_insert INSTEAD OF INSERT ON report_delta
WHEN NEW.matters <> 0 OR NEW.submissions <> 0 OR NEW.people <> 0
BEGIN
  INSERT INTO report_counts (unit_code, dim, bucket, value, agency_code, matters, submissions,
    people)
  VALUES (NEW.unit_code, NEW.dim, CAST(substr(NEW.on_date, 1, 4) AS INTEGER), NEW.value,
          NEW.agency_code, NEW.matters, NEW.submissions, NEW.people),
         (NEW.unit_code, NEW.dim,
          1000000 + CAST(substr(NEW.on_date, 1, 4) || substr(NEW.on_date, 6, 2) AS INTEGER),
          NEW.value, NEW.agency_code, NEW.matters, NEW.submissions, NEW.people)
  ON CONFLICT DO UPDATE SET matters = matters + excluded.matters,
    submissions = submissions + excluded.submissions, people = people + excluded.people;
END;

-- A matter: its own rows; when a dimension moves, its submissions' and deadline's rows too.
CREATE TRIGGER report_matters_insert AFTER INSERT ON matters
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT NEW.unit_code AS unit_code, NEW.received_on AS on_date, coalesce(NEW.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN NEW.kind WHEN 'field' THEN coalesce(NEW.field_code, '') WHEN 'channel' THEN NEW.channel ELSE NEW.status END AS value, 1 AS matters, 0 AS submissions, 0 AS people
    FROM (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, NEW.received_on, coalesce(NEW.agency_code, ''), 'open', NEW.kind, 1, 0, 0
    WHERE NEW.status <> 'merged' AND NEW.next_due_on IS NOT NULL
  UNION ALL SELECT NEW.unit_code, NEW.received_on, coalesce(NEW.agency_code, ''), 'intake',
    CASE WHEN NEW.status = 'merged' THEN 'merged'
    WHEN NEW.refusal_ground <> '' THEN 'refused'
    ELSE (CASE NEW.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN NEW.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = NEW.id AND a.form = 'guide')
          THEN 'g'
          WHEN NEW.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = NEW.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, 1, 0, 0
  UNION ALL SELECT NEW.unit_code, max(e.day, NEW.received_on), coalesce(NEW.agency_code, ''),
    CASE WHEN e.day >= NEW.received_on THEN 'ended' ELSE 'ended_early' END, '', 1, 0, 0
    FROM (SELECT (SELECT coalesce(min(NEW.answered_on, r.met_on), NEW.answered_on, r.met_on) FROM (SELECT (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve') AS met_on) r) AS day) e WHERE NEW.status <> 'merged' AND e.day IS NOT NULL;
END;
CREATE TRIGGER report_matters_update AFTER UPDATE ON matters
WHEN OLD.unit_code IS NOT NEW.unit_code OR OLD.received_on IS NOT NEW.received_on
  OR OLD.agency_code IS NOT NEW.agency_code OR OLD.kind IS NOT NEW.kind
  OR OLD.field_code IS NOT NEW.field_code OR OLD.channel IS NOT NEW.channel
  OR OLD.status IS NOT NEW.status OR OLD.head_count IS NOT NEW.head_count
  OR OLD.refusal_ground IS NOT NEW.refusal_ground OR OLD.next_due_on IS NOT NEW.next_due_on
  OR OLD.answered_on IS NOT NEW.answered_on
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT unit_code, on_date, agency_code, dim, value, sum(matters), sum(submissions), sum(people)
  FROM (
  SELECT OLD.unit_code AS unit_code, OLD.received_on AS on_date, coalesce(OLD.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN OLD.kind WHEN 'field' THEN coalesce(OLD.field_code, '') WHEN 'channel' THEN OLD.channel ELSE OLD.status END AS value, -1 AS matters, 0 AS submissions, 0 AS people
    FROM (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE OLD.status <> 'merged'
  UNION ALL SELECT OLD.unit_code, OLD.received_on, coalesce(OLD.agency_code, ''), 'open', OLD.kind, -1, 0, 0
    WHERE OLD.status <> 'merged' AND OLD.next_due_on IS NOT NULL
  UNION ALL SELECT OLD.unit_code, OLD.received_on, coalesce(OLD.agency_code, ''), 'intake',
    CASE WHEN OLD.status = 'merged' THEN 'merged'
    WHEN OLD.refusal_ground <> '' THEN 'refused'
    ELSE (CASE OLD.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN OLD.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = OLD.id AND a.form = 'guide')
          THEN 'g'
          WHEN OLD.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = OLD.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, -1, 0, 0
  UNION ALL SELECT OLD.unit_code, max(e.day, OLD.received_on), coalesce(OLD.agency_code, ''),
    CASE WHEN e.day >= OLD.received_on THEN 'ended' ELSE 'ended_early' END, '', -1, 0, 0
    FROM (SELECT (SELECT coalesce(min(OLD.answered_on, r.met_on), OLD.answered_on, r.met_on) FROM (SELECT (SELECT met_on FROM matter_deadlines WHERE matter_id = OLD.id AND step = 'resolve') AS met_on) r) AS day) e WHERE OLD.status <> 'merged' AND e.day IS NOT NULL
  UNION ALL SELECT NEW.unit_code AS unit_code, NEW.received_on AS on_date, coalesce(NEW.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN NEW.kind WHEN 'field' THEN coalesce(NEW.field_code, '') WHEN 'channel' THEN NEW.channel ELSE NEW.status END AS value, 1 AS matters, 0 AS submissions, 0 AS people
    FROM (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, NEW.received_on, coalesce(NEW.agency_code, ''), 'open', NEW.kind, 1, 0, 0
    WHERE NEW.status <> 'merged' AND NEW.next_due_on IS NOT NULL
  UNION ALL SELECT NEW.unit_code, NEW.received_on, coalesce(NEW.agency_code, ''), 'intake',
    CASE WHEN NEW.status = 'merged' THEN 'merged'
    WHEN NEW.refusal_ground <> '' THEN 'refused'
    ELSE (CASE NEW.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN NEW.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = NEW.id AND a.form = 'guide')
          THEN 'g'
          WHEN NEW.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = NEW.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, 1, 0, 0
  UNION ALL SELECT NEW.unit_code, max(e.day, NEW.received_on), coalesce(NEW.agency_code, ''),
    CASE WHEN e.day >= NEW.received_on THEN 'ended' ELSE 'ended_early' END, '', 1, 0, 0
    FROM (SELECT (SELECT coalesce(min(NEW.answered_on, r.met_on), NEW.answered_on, r.met_on) FROM (SELECT (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve') AS met_on) r) AS day) e WHERE NEW.status <> 'merged' AND e.day IS NOT NULL
  ) GROUP BY 1, 2, 3, 4, 5 HAVING sum(matters) <> 0 OR sum(submissions) <> 0 OR sum(people) <> 0;
END;
CREATE TRIGGER report_matters_update_rows AFTER UPDATE ON matters
WHEN OLD.unit_code IS NOT NEW.unit_code OR OLD.agency_code IS NOT NEW.agency_code
  OR OLD.kind IS NOT NEW.kind OR OLD.field_code IS NOT NEW.field_code
  OR OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT unit_code, on_date, agency_code, dim, value, sum(matters), sum(submissions), sum(people)
  FROM (
  SELECT OLD.unit_code AS unit_code, s.received_on AS on_date, coalesce(OLD.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN OLD.kind WHEN 'field' THEN coalesce(OLD.field_code, '') WHEN 'channel' THEN s.channel ELSE OLD.status END AS value, 0 AS matters, -1 AS submissions,
    -1 * s.head_count AS people
    FROM submissions s, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE s.matter_id = OLD.id AND OLD.status <> 'merged'
  UNION ALL SELECT OLD.unit_code, s.received_on, coalesce(OLD.agency_code, ''), 'received', '', 0, -1, 0
    FROM submissions s WHERE s.matter_id = OLD.id
  UNION ALL SELECT OLD.unit_code, f.received_on, coalesce(OLD.agency_code, ''), 'first', '', 0, -1, 0
    FROM (SELECT received_on FROM submissions WHERE matter_id = OLD.id
          ORDER BY received_on, id LIMIT 1) f
  UNION ALL SELECT OLD.unit_code, d.met_on, coalesce(OLD.agency_code, ''),
    CASE WHEN d.met_on <= d.due_on THEN 'on_time' ELSE 'late' END, OLD.kind, -1, 0, 0
    FROM matter_deadlines d WHERE d.matter_id = OLD.id AND d.step = 'resolve'
      AND d.met_on IS NOT NULL AND OLD.status <> 'merged'
  UNION ALL SELECT NEW.unit_code AS unit_code, s.received_on AS on_date, coalesce(NEW.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN NEW.kind WHEN 'field' THEN coalesce(NEW.field_code, '') WHEN 'channel' THEN s.channel ELSE NEW.status END AS value, 0 AS matters, 1 AS submissions,
    1 * s.head_count AS people
    FROM submissions s, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE s.matter_id = NEW.id AND NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, s.received_on, coalesce(NEW.agency_code, ''), 'received', '', 0, 1, 0
    FROM submissions s WHERE s.matter_id = NEW.id
  UNION ALL SELECT NEW.unit_code, f.received_on, coalesce(NEW.agency_code, ''), 'first', '', 0, 1, 0
    FROM (SELECT received_on FROM submissions WHERE matter_id = NEW.id
          ORDER BY received_on, id LIMIT 1) f
  UNION ALL SELECT NEW.unit_code, d.met_on, coalesce(NEW.agency_code, ''),
    CASE WHEN d.met_on <= d.due_on THEN 'on_time' ELSE 'late' END, NEW.kind, 1, 0, 0
    FROM matter_deadlines d WHERE d.matter_id = NEW.id AND d.step = 'resolve'
      AND d.met_on IS NOT NULL AND NEW.status <> 'merged'
  ) GROUP BY 1, 2, 3, 4, 5 HAVING sum(matters) <> 0 OR sum(submissions) <> 0 OR sum(people) <> 0;
END;
CREATE TRIGGER report_matters_delete AFTER DELETE ON matters
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT OLD.unit_code AS unit_code, OLD.received_on AS on_date, coalesce(OLD.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN OLD.kind WHEN 'field' THEN coalesce(OLD.field_code, '') WHEN 'channel' THEN OLD.channel ELSE OLD.status END AS value, -1 AS matters, 0 AS submissions, 0 AS people
    FROM (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE OLD.status <> 'merged'
  UNION ALL SELECT OLD.unit_code, OLD.received_on, coalesce(OLD.agency_code, ''), 'open', OLD.kind, -1, 0, 0
    WHERE OLD.status <> 'merged' AND OLD.next_due_on IS NOT NULL
  UNION ALL SELECT OLD.unit_code, OLD.received_on, coalesce(OLD.agency_code, ''), 'intake',
    CASE WHEN OLD.status = 'merged' THEN 'merged'
    WHEN OLD.refusal_ground <> '' THEN 'refused'
    ELSE (CASE OLD.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN OLD.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = OLD.id AND a.form = 'guide')
          THEN 'g'
          WHEN OLD.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = OLD.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, -1, 0, 0
  UNION ALL SELECT OLD.unit_code, max(e.day, OLD.received_on), coalesce(OLD.agency_code, ''),
    CASE WHEN e.day >= OLD.received_on THEN 'ended' ELSE 'ended_early' END, '', -1, 0, 0
    FROM (SELECT (SELECT coalesce(min(OLD.answered_on, r.met_on), OLD.answered_on, r.met_on) FROM (SELECT (SELECT met_on FROM matter_deadlines WHERE matter_id = OLD.id AND step = 'resolve') AS met_on) r) AS day) e WHERE OLD.status <> 'merged' AND e.day IS NOT NULL
  UNION ALL SELECT OLD.unit_code AS unit_code, s.received_on AS on_date, coalesce(OLD.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN OLD.kind WHEN 'field' THEN coalesce(OLD.field_code, '') WHEN 'channel' THEN s.channel ELSE OLD.status END AS value, 0 AS matters, -1 AS submissions,
    -1 * s.head_count AS people
    FROM submissions s, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE s.matter_id = OLD.id AND OLD.status <> 'merged'
  UNION ALL SELECT OLD.unit_code, s.received_on, coalesce(OLD.agency_code, ''), 'received', '', 0, -1, 0
    FROM submissions s WHERE s.matter_id = OLD.id
  UNION ALL SELECT OLD.unit_code, f.received_on, coalesce(OLD.agency_code, ''), 'first', '', 0, -1, 0
    FROM (SELECT received_on FROM submissions WHERE matter_id = OLD.id
          ORDER BY received_on, id LIMIT 1) f
  UNION ALL SELECT OLD.unit_code, d.met_on, coalesce(OLD.agency_code, ''),
    CASE WHEN d.met_on <= d.due_on THEN 'on_time' ELSE 'late' END, OLD.kind, -1, 0, 0
    FROM matter_deadlines d WHERE d.matter_id = OLD.id AND d.step = 'resolve'
      AND d.met_on IS NOT NULL AND OLD.status <> 'merged';
END;
-- A submission: its own rows; which submission is the first of its matter is counted apart
-- (before and after the change, for the matters it leaves and joins).
CREATE TRIGGER report_submissions_insert AFTER INSERT ON submissions
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code AS unit_code, NEW.received_on AS on_date, coalesce(m.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN m.kind WHEN 'field' THEN coalesce(m.field_code, '') WHEN 'channel' THEN NEW.channel ELSE m.status END AS value, 0 AS matters, 1 AS submissions,
    1 * NEW.head_count AS people
    FROM matters m, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, NEW.received_on, coalesce(m.agency_code, ''), 'received', '', 0, 1, 0
    FROM matters m WHERE m.id = NEW.matter_id;
END;
CREATE TRIGGER report_submissions_insert_first AFTER INSERT ON submissions
WHEN NOT EXISTS (SELECT 1 FROM submissions e WHERE e.matter_id = NEW.matter_id
  AND (e.received_on < NEW.received_on OR (e.received_on = NEW.received_on AND e.id < NEW.id)))
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, NEW.received_on, coalesce(m.agency_code, ''), 'first', '', 0, 1, 0
    FROM matters m WHERE m.id = NEW.matter_id
  UNION ALL SELECT m.unit_code, f.received_on, coalesce(m.agency_code, ''), 'first', '', 0, -1, 0
    FROM matters m, (SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id
                     AND id <> NEW.id ORDER BY received_on, id LIMIT 1) f
    WHERE m.id = NEW.matter_id;
END;
CREATE TRIGGER report_submissions_update AFTER UPDATE OF matter_id, received_on, channel,
  head_count ON submissions
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT unit_code, on_date, agency_code, dim, value, sum(matters), sum(submissions), sum(people)
  FROM (
  SELECT m.unit_code AS unit_code, OLD.received_on AS on_date, coalesce(m.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN m.kind WHEN 'field' THEN coalesce(m.field_code, '') WHEN 'channel' THEN OLD.channel ELSE m.status END AS value, 0 AS matters, -1 AS submissions,
    -1 * OLD.head_count AS people
    FROM matters m, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE m.id = OLD.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, OLD.received_on, coalesce(m.agency_code, ''), 'received', '', 0, -1, 0
    FROM matters m WHERE m.id = OLD.matter_id
  UNION ALL SELECT m.unit_code AS unit_code, NEW.received_on AS on_date, coalesce(m.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN m.kind WHEN 'field' THEN coalesce(m.field_code, '') WHEN 'channel' THEN NEW.channel ELSE m.status END AS value, 0 AS matters, 1 AS submissions,
    1 * NEW.head_count AS people
    FROM matters m, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, NEW.received_on, coalesce(m.agency_code, ''), 'received', '', 0, 1, 0
    FROM matters m WHERE m.id = NEW.matter_id
  ) GROUP BY 1, 2, 3, 4, 5 HAVING sum(matters) <> 0 OR sum(submissions) <> 0 OR sum(people) <> 0;
END;
CREATE TRIGGER report_submissions_update_first_before BEFORE UPDATE OF matter_id, received_on
  ON submissions
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, f.received_on, coalesce(m.agency_code, ''), 'first', '', 0, -1, 0
    FROM matters m, (SELECT received_on FROM submissions WHERE matter_id = OLD.matter_id
                     ORDER BY received_on, id LIMIT 1) f WHERE m.id = OLD.matter_id
  UNION ALL SELECT m.unit_code, f.received_on, coalesce(m.agency_code, ''), 'first', '', 0, -1, 0
    FROM matters m, (SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id
                     ORDER BY received_on, id LIMIT 1) f WHERE m.id = NEW.matter_id AND NEW.matter_id IS NOT OLD.matter_id;
END;
CREATE TRIGGER report_submissions_update_first_after AFTER UPDATE OF matter_id, received_on
  ON submissions
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, f.received_on, coalesce(m.agency_code, ''), 'first', '', 0, 1, 0
    FROM matters m, (SELECT received_on FROM submissions WHERE matter_id = OLD.matter_id
                     ORDER BY received_on, id LIMIT 1) f WHERE m.id = OLD.matter_id
  UNION ALL SELECT m.unit_code, f.received_on, coalesce(m.agency_code, ''), 'first', '', 0, 1, 0
    FROM matters m, (SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id
                     ORDER BY received_on, id LIMIT 1) f WHERE m.id = NEW.matter_id AND NEW.matter_id IS NOT OLD.matter_id;
END;
CREATE TRIGGER report_submissions_delete_before BEFORE DELETE ON submissions
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, f.received_on, coalesce(m.agency_code, ''), 'first', '', 0, -1, 0
    FROM matters m, (SELECT received_on FROM submissions WHERE matter_id = OLD.matter_id
                     ORDER BY received_on, id LIMIT 1) f WHERE m.id = OLD.matter_id;
END;
CREATE TRIGGER report_submissions_delete AFTER DELETE ON submissions
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, f.received_on, coalesce(m.agency_code, ''), 'first', '', 0, 1, 0
    FROM matters m, (SELECT received_on FROM submissions WHERE matter_id = OLD.matter_id
                     ORDER BY received_on, id LIMIT 1) f WHERE m.id = OLD.matter_id
  UNION ALL SELECT m.unit_code AS unit_code, OLD.received_on AS on_date, coalesce(m.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN m.kind WHEN 'field' THEN coalesce(m.field_code, '') WHEN 'channel' THEN OLD.channel ELSE m.status END AS value, 0 AS matters, -1 AS submissions,
    -1 * OLD.head_count AS people
    FROM matters m, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE m.id = OLD.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, OLD.received_on, coalesce(m.agency_code, ''), 'received', '', 0, -1, 0
    FROM matters m WHERE m.id = OLD.matter_id;
END;
-- A resolve deadline met: on time or late, and the day the matter's handling ended.
CREATE TRIGGER report_deadlines_insert_before BEFORE INSERT ON matter_deadlines
WHEN NEW.step = 'resolve' AND NEW.met_on IS NOT NULL
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', -1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.id = NEW.matter_id AND m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL;
END;
CREATE TRIGGER report_deadlines_insert AFTER INSERT ON matter_deadlines
WHEN NEW.step = 'resolve' AND NEW.met_on IS NOT NULL
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', 1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.id = NEW.matter_id AND m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL
  UNION ALL SELECT m.unit_code, NEW.met_on, coalesce(m.agency_code, ''),
    CASE WHEN NEW.met_on <= NEW.due_on THEN 'on_time' ELSE 'late' END, m.kind, 1, 0, 0
    FROM matters m WHERE m.id = NEW.matter_id AND NEW.step = 'resolve' AND NEW.met_on IS NOT NULL
      AND m.status <> 'merged';
END;
CREATE TRIGGER report_deadlines_delete_before BEFORE DELETE ON matter_deadlines
WHEN OLD.step = 'resolve' AND OLD.met_on IS NOT NULL
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', -1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.id = OLD.matter_id AND m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL
  UNION ALL SELECT m.unit_code, OLD.met_on, coalesce(m.agency_code, ''),
    CASE WHEN OLD.met_on <= OLD.due_on THEN 'on_time' ELSE 'late' END, m.kind, -1, 0, 0
    FROM matters m WHERE m.id = OLD.matter_id AND OLD.step = 'resolve' AND OLD.met_on IS NOT NULL
      AND m.status <> 'merged';
END;
CREATE TRIGGER report_deadlines_delete AFTER DELETE ON matter_deadlines
WHEN OLD.step = 'resolve' AND OLD.met_on IS NOT NULL
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', 1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.id = OLD.matter_id AND m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL;
END;
CREATE TRIGGER report_deadlines_update_before BEFORE UPDATE ON matter_deadlines
WHEN OLD.step = 'resolve' OR NEW.step = 'resolve'
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', -1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.id = OLD.matter_id AND m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL
  UNION ALL SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', -1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.id = NEW.matter_id AND NEW.matter_id IS NOT OLD.matter_id AND m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL
  UNION ALL SELECT m.unit_code, OLD.met_on, coalesce(m.agency_code, ''),
    CASE WHEN OLD.met_on <= OLD.due_on THEN 'on_time' ELSE 'late' END, m.kind, -1, 0, 0
    FROM matters m WHERE m.id = OLD.matter_id AND OLD.step = 'resolve' AND OLD.met_on IS NOT NULL
      AND m.status <> 'merged';
END;
CREATE TRIGGER report_deadlines_update AFTER UPDATE ON matter_deadlines
WHEN OLD.step = 'resolve' OR NEW.step = 'resolve'
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', 1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.id = OLD.matter_id AND m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL
  UNION ALL SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', 1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.id = NEW.matter_id AND NEW.matter_id IS NOT OLD.matter_id AND m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL
  UNION ALL SELECT m.unit_code, NEW.met_on, coalesce(m.agency_code, ''),
    CASE WHEN NEW.met_on <= NEW.due_on THEN 'on_time' ELSE 'late' END, m.kind, 1, 0, 0
    FROM matters m WHERE m.id = NEW.matter_id AND NEW.step = 'resolve' AND NEW.met_on IS NOT NULL
      AND m.status <> 'merged';
END;
-- An answer that guides the citizen elsewhere or comes from the higher level changes the
-- matter's class in the intake form.
CREATE TRIGGER report_answers_insert_before BEFORE INSERT ON answers
WHEN NEW.form IN ('guide', 'from_higher')
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, -1, 0, 0
    FROM matters m WHERE m.id = NEW.matter_id;
END;
CREATE TRIGGER report_answers_insert AFTER INSERT ON answers
WHEN NEW.form IN ('guide', 'from_higher')
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, 1, 0, 0
    FROM matters m WHERE m.id = NEW.matter_id;
END;
CREATE TRIGGER report_answers_delete_before BEFORE DELETE ON answers
WHEN OLD.form IN ('guide', 'from_higher')
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, -1, 0, 0
    FROM matters m WHERE m.id = OLD.matter_id;
END;
CREATE TRIGGER report_answers_delete AFTER DELETE ON answers
WHEN OLD.form IN ('guide', 'from_higher')
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, 1, 0, 0
    FROM matters m WHERE m.id = OLD.matter_id;
END;
CREATE TRIGGER report_answers_update_before BEFORE UPDATE OF matter_id, form ON answers
WHEN OLD.form IN ('guide', 'from_higher') OR NEW.form IN ('guide', 'from_higher')
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, -1, 0, 0
    FROM matters m WHERE m.id = OLD.matter_id
  UNION ALL SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, -1, 0, 0
    FROM matters m WHERE m.id = NEW.matter_id AND NEW.matter_id IS NOT OLD.matter_id;
END;
CREATE TRIGGER report_answers_update AFTER UPDATE OF matter_id, form ON answers
WHEN OLD.form IN ('guide', 'from_higher') OR NEW.form IN ('guide', 'from_higher')
BEGIN
  INSERT INTO report_delta (unit_code, on_date, agency_code, dim, value, matters, submissions, people)
  SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, 1, 0, 0
    FROM matters m WHERE m.id = OLD.matter_id
  UNION ALL SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, 1, 0, 0
    FROM matters m WHERE m.id = NEW.matter_id AND NEW.matter_id IS NOT OLD.matter_id;
END;
-- The counts of the rows already there.
INSERT INTO report_counts (unit_code, bucket, agency_code, dim, value, matters, submissions, people)
  SELECT unit_code, 1000000 + CAST(substr(on_date, 1, 4) || substr(on_date, 6, 2) AS INTEGER), agency_code, dim, value, sum(matters), sum(submissions), sum(people)
  FROM (SELECT m.unit_code AS unit_code, m.received_on AS on_date, coalesce(m.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN m.kind WHEN 'field' THEN coalesce(m.field_code, '') WHEN 'channel' THEN m.channel ELSE m.status END AS value, 1 AS matters, 0 AS submissions, 0 AS people
    FROM matters m, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE m.status <> 'merged'
  UNION ALL SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'open', m.kind, 1, 0, 0
    FROM matters m WHERE m.status <> 'merged' AND m.next_due_on IS NOT NULL
  UNION ALL SELECT m.unit_code, m.received_on, coalesce(m.agency_code, ''), 'intake', CASE WHEN m.status = 'merged' THEN 'merged'
    WHEN m.refusal_ground <> '' THEN 'refused'
    ELSE (CASE m.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN m.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = m.id AND a.form = 'guide')
          THEN 'g'
          WHEN m.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = m.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END, 1, 0, 0
    FROM matters m
  UNION ALL SELECT m.unit_code, max(coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on), m.received_on), coalesce(m.agency_code, ''),
    CASE WHEN coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) >= m.received_on THEN 'ended' ELSE 'ended_early' END, '', 1, 0, 0
    FROM matters m LEFT JOIN matter_deadlines r ON r.matter_id = m.id AND r.step = 'resolve'
    WHERE m.status <> 'merged' AND coalesce(min(m.answered_on, r.met_on), m.answered_on, r.met_on) IS NOT NULL) GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT DO UPDATE SET matters = matters + excluded.matters, submissions = submissions + excluded.submissions, people = people + excluded.people;
INSERT INTO report_counts (unit_code, bucket, agency_code, dim, value, matters, submissions, people)
  SELECT unit_code, 1000000 + CAST(substr(on_date, 1, 4) || substr(on_date, 6, 2) AS INTEGER), agency_code, dim, value, sum(matters), sum(submissions), sum(people)
  FROM (SELECT m.unit_code AS unit_code, s.received_on AS on_date, coalesce(m.agency_code, '') AS agency_code,
    v.dim AS dim, CASE v.dim WHEN 'kind' THEN m.kind WHEN 'field' THEN coalesce(m.field_code, '') WHEN 'channel' THEN s.channel ELSE m.status END AS value, 0 AS matters, 1 AS submissions, s.head_count AS people
    FROM matters m JOIN submissions s ON s.matter_id = m.id, (SELECT 'kind' AS dim UNION ALL SELECT 'field' UNION ALL SELECT 'channel' UNION ALL SELECT 'status') v WHERE m.status <> 'merged'
  UNION ALL SELECT m.unit_code, s.received_on, coalesce(m.agency_code, ''), 'received', '', 0, 1, 0
    FROM matters m JOIN submissions s ON s.matter_id = m.id
  UNION ALL SELECT m.unit_code, s.received_on, coalesce(m.agency_code, ''), 'first', '', 0, 1, 0
    FROM matters m JOIN submissions s ON s.id = (SELECT id FROM submissions
      WHERE matter_id = m.id ORDER BY received_on, id LIMIT 1)
  UNION ALL SELECT m.unit_code, d.met_on, coalesce(m.agency_code, ''),
    CASE WHEN d.met_on <= d.due_on THEN 'on_time' ELSE 'late' END, m.kind, 1, 0, 0
    FROM matters m JOIN matter_deadlines d ON d.matter_id = m.id
    WHERE d.step = 'resolve' AND d.met_on IS NOT NULL AND m.status <> 'merged') GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT DO UPDATE SET matters = matters + excluded.matters, submissions = submissions + excluded.submissions, people = people + excluded.people;
INSERT INTO report_counts (unit_code, bucket, agency_code, dim, value, matters, submissions, people)
  SELECT unit_code, bucket / 100 % 10000, agency_code, dim, value, sum(matters), sum(submissions), sum(people)
  FROM report_counts WHERE bucket >= 1000000 GROUP BY unit_code, dim, bucket / 100 % 10000, value, agency_code;
-- The days of an edge month whose matters ended (carried over in Biểu 01/XLD).
CREATE INDEX matters_answered ON matters (answered_on) WHERE answered_on IS NOT NULL;
)sql"},
    {10, "the public's newest answers in order; index work once per commit", R"sql(
-- The public lists (home page, published answers) show the newest published matters first.
-- Without this index that order meant reading and sorting every published matter.
CREATE INDEX matters_published_updated ON matters (updated_at DESC, id DESC) WHERE published = 1;
-- The dialogue lists leave out those generated to match published totals (history): with many
-- of those, finding the others meant reading them all.
CREATE INDEX dialogues_recorded_held ON dialogues (held_on DESC, id DESC, unit_code, status)
  WHERE generated = 0;

-- Both search indexes (matter_search, matter_lsh) are FTS5 tables, and FTS5 writes out what it
-- has buffered at every savepoint: each unit of work of a group commit, and each statement that
-- fires a trigger, opens one. Indexing each change as it happened was a sixth of the writer's
-- time. Now a change takes the matter's document out of the index (once per transaction, while
-- the old text is still there to remove it) and notes the matter as pending; the writer puts
-- every pending document back once, just before the COMMIT (store/sqlite/index_upkeep.cpp).
-- Outside a write transaction both tables are empty. (No OR IGNORE in the triggers: an
-- upsert's conflict handling would override it.) index_later() is true on the writer's
-- connection only (store/sqlite/connection.hpp).
CREATE TABLE pending_search_docs (matter_id INTEGER PRIMARY KEY) STRICT;
CREATE TABLE pending_lsh_docs (matter_id INTEGER PRIMARY KEY) STRICT;
DROP TRIGGER matter_search_matter_insert;
DROP TRIGGER matter_search_matter_before_update;
DROP TRIGGER matter_search_matter_update;
DROP TRIGGER matter_search_matter_delete;
DROP TRIGGER matter_search_submission_before_insert;
DROP TRIGGER matter_search_submission_insert;
DROP TRIGGER matter_search_submission_before_update;
DROP TRIGGER matter_search_submission_update;
DROP TRIGGER matter_search_submission_before_delete;
DROP TRIGGER matter_search_submission_delete;
DROP TRIGGER matter_search_answer_before_insert;
DROP TRIGGER matter_search_answer_insert;
DROP TRIGGER matter_search_answer_before_update;
DROP TRIGGER matter_search_answer_update;
DROP TRIGGER matter_search_answer_before_delete;
DROP TRIGGER matter_search_answer_delete;
DROP TRIGGER matter_lsh_insert;
DROP TRIGGER matter_lsh_delete;
DROP TRIGGER matter_lsh_update;

CREATE TRIGGER matter_search_matter_insert AFTER INSERT ON matters WHEN index_later()
BEGIN
  INSERT INTO pending_search_docs (matter_id) SELECT NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.id);
END;
CREATE TRIGGER matter_search_matter_update BEFORE UPDATE OF id, title ON matters
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = OLD.id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.id);
  INSERT INTO pending_search_docs (matter_id) SELECT OLD.id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.id);
  INSERT INTO pending_search_docs (matter_id) SELECT NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.id);
END;
CREATE TRIGGER matter_search_matter_delete BEFORE DELETE ON matters
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = OLD.id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.id);
  INSERT INTO pending_search_docs (matter_id) SELECT OLD.id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.id);
END;
CREATE TRIGGER matter_search_submission_insert BEFORE INSERT ON submissions
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
  INSERT INTO pending_search_docs (matter_id) SELECT NEW.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
END;
CREATE TRIGGER matter_search_submission_update BEFORE UPDATE OF matter_id, title, content ON submissions
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = OLD.matter_id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO pending_search_docs (matter_id) SELECT OLD.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
  INSERT INTO pending_search_docs (matter_id) SELECT NEW.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
END;
CREATE TRIGGER matter_search_submission_delete BEFORE DELETE ON submissions
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = OLD.matter_id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO pending_search_docs (matter_id) SELECT OLD.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
END;
CREATE TRIGGER matter_search_answer_insert BEFORE INSERT ON answers
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
  INSERT INTO pending_search_docs (matter_id) SELECT NEW.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
END;
CREATE TRIGGER matter_search_answer_update BEFORE UPDATE OF matter_id, form, text ON answers
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = OLD.matter_id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO pending_search_docs (matter_id) SELECT OLD.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
  INSERT INTO pending_search_docs (matter_id) SELECT NEW.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
END;
CREATE TRIGGER matter_search_answer_delete BEFORE DELETE ON answers
BEGIN
  INSERT INTO matter_search (matter_search, rowid, title, body, answer)
    SELECT 'delete', id, title, body, answer FROM matter_search_source
    WHERE id = OLD.matter_id AND NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO pending_search_docs (matter_id) SELECT OLD.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
END;

CREATE TRIGGER matter_lsh_insert AFTER INSERT ON matter_signatures WHEN index_later()
BEGIN
  INSERT INTO pending_lsh_docs (matter_id) SELECT NEW.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_lsh_docs WHERE matter_id = NEW.matter_id);
END;
CREATE TRIGGER matter_lsh_update BEFORE UPDATE OF matter_id, lsh ON matter_signatures
BEGIN
  INSERT INTO matter_lsh (matter_lsh, rowid, lsh)
    SELECT 'delete', OLD.matter_id, OLD.lsh
    WHERE NOT EXISTS (SELECT 1 FROM pending_lsh_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO pending_lsh_docs (matter_id) SELECT OLD.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_lsh_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO pending_lsh_docs (matter_id) SELECT NEW.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_lsh_docs WHERE matter_id = NEW.matter_id);
END;
CREATE TRIGGER matter_lsh_delete BEFORE DELETE ON matter_signatures
BEGIN
  INSERT INTO matter_lsh (matter_lsh, rowid, lsh)
    SELECT 'delete', OLD.matter_id, OLD.lsh
    WHERE NOT EXISTS (SELECT 1 FROM pending_lsh_docs WHERE matter_id = OLD.matter_id);
  INSERT INTO pending_lsh_docs (matter_id) SELECT OLD.matter_id
    WHERE NOT EXISTS (SELECT 1 FROM pending_lsh_docs WHERE matter_id = OLD.matter_id);
END;
-- On any connection but the writer's (a maintenance tool, a test), a write indexes its matter
-- again at once, as the triggers of migrations 5 and 6 did.
CREATE TRIGGER matter_search_matter_insert_now AFTER INSERT ON matters WHEN NOT index_later()
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source WHERE id = NEW.id;
END;
CREATE TRIGGER matter_search_matter_update_now AFTER UPDATE OF id, title ON matters
WHEN NOT index_later()
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = OLD.id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.id);
  DELETE FROM pending_search_docs WHERE matter_id = OLD.id;
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = NEW.id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.id);
  DELETE FROM pending_search_docs WHERE matter_id = NEW.id;
END;
CREATE TRIGGER matter_search_submission_insert_now AFTER INSERT ON submissions
WHEN NOT index_later()
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
  DELETE FROM pending_search_docs WHERE matter_id = NEW.matter_id;
END;
CREATE TRIGGER matter_search_submission_update_now AFTER UPDATE OF matter_id, title, content
ON submissions WHEN NOT index_later()
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = OLD.matter_id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  DELETE FROM pending_search_docs WHERE matter_id = OLD.matter_id;
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
  DELETE FROM pending_search_docs WHERE matter_id = NEW.matter_id;
END;
CREATE TRIGGER matter_search_submission_delete_now AFTER DELETE ON submissions
WHEN NOT index_later()
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = OLD.matter_id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  DELETE FROM pending_search_docs WHERE matter_id = OLD.matter_id;
END;
CREATE TRIGGER matter_search_answer_insert_now AFTER INSERT ON answers WHEN NOT index_later()
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
  DELETE FROM pending_search_docs WHERE matter_id = NEW.matter_id;
END;
CREATE TRIGGER matter_search_answer_update_now AFTER UPDATE OF matter_id, form, text ON answers
WHEN NOT index_later()
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = OLD.matter_id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  DELETE FROM pending_search_docs WHERE matter_id = OLD.matter_id;
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = NEW.matter_id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = NEW.matter_id);
  DELETE FROM pending_search_docs WHERE matter_id = NEW.matter_id;
END;
CREATE TRIGGER matter_search_answer_delete_now AFTER DELETE ON answers WHEN NOT index_later()
BEGIN
  INSERT INTO matter_search (rowid, title, body, answer)
    SELECT id, title, body, answer FROM matter_search_source
    WHERE id = OLD.matter_id AND EXISTS (SELECT 1 FROM pending_search_docs WHERE matter_id = OLD.matter_id);
  DELETE FROM pending_search_docs WHERE matter_id = OLD.matter_id;
END;
CREATE TRIGGER matter_search_matter_delete_now AFTER DELETE ON matters WHEN NOT index_later()
BEGIN
  DELETE FROM pending_search_docs WHERE matter_id = OLD.id;
END;
CREATE TRIGGER matter_lsh_insert_now AFTER INSERT ON matter_signatures WHEN NOT index_later()
BEGIN
  INSERT INTO matter_lsh (rowid, lsh) VALUES (NEW.matter_id, NEW.lsh);
END;
CREATE TRIGGER matter_lsh_update_now AFTER UPDATE OF matter_id, lsh ON matter_signatures
WHEN NOT index_later()
BEGIN
  INSERT INTO matter_lsh (rowid, lsh)
    SELECT matter_id, lsh FROM matter_signatures
    WHERE matter_id = OLD.matter_id AND EXISTS (SELECT 1 FROM pending_lsh_docs WHERE matter_id = OLD.matter_id);
  DELETE FROM pending_lsh_docs WHERE matter_id = OLD.matter_id;
  INSERT INTO matter_lsh (rowid, lsh)
    SELECT matter_id, lsh FROM matter_signatures
    WHERE matter_id = NEW.matter_id AND EXISTS (SELECT 1 FROM pending_lsh_docs WHERE matter_id = NEW.matter_id);
  DELETE FROM pending_lsh_docs WHERE matter_id = NEW.matter_id;
END;
CREATE TRIGGER matter_lsh_delete_now AFTER DELETE ON matter_signatures WHEN NOT index_later()
BEGIN
  DELETE FROM pending_lsh_docs WHERE matter_id = OLD.matter_id;
END;
)sql"},
    {11, "full-text prefix indexes of 4 to 6 letters, for type-ahead at scale", R"sql(
-- The last word a user types matches as a prefix ("bồi thườ" finds "bồi thường"). FTS5 answers a
-- prefix from a prefix index of that length when it has one; otherwise it reads and merges the
-- whole posting list of every term starting with it before the first row comes out: for a common
-- syllable at 1,000,000 matters ("duong", 150,000 documents) about 100 ms whatever the LIMIT.
-- Folded Vietnamese syllables have at most 7 letters, so indexes of 2 to 6 letters serve nearly
-- every word being typed from an index read lazily, newest first, like any term. The table is
-- the one of migration 5 with more prefix lengths; its triggers name it and stay as they are.
DROP TABLE matter_search;
CREATE VIRTUAL TABLE matter_search USING fts5(
  title, body, answer,
  content = 'matter_search_source', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3 4 5 6'
);
INSERT INTO matter_search (matter_search) VALUES ('rebuild');

-- A text search reads the matches of its words newest first and checks each against the
-- filters. By primary key that reads the matter's row, a few matters a page with their title
-- and summary; this index holds only the columns those filters ask for, some 65 matters a page,
-- so the newest matches of a word (ids close together) share few pages, which stay cached.
CREATE INDEX matters_search_filter ON matters (id, status, published, unit_code, agency_code,
  kind, field_code);
)sql"},
    {13, "a version of the reference data, for caches in any process", R"sql(
-- The pages keep the reference data (units and their links, levels, agencies, fields, holidays,
-- deadline rules, reception duties) in memory and read this one row per request: any write to
-- those tables, from this process or another (the CLI while the server runs), adds one to the
-- version in the same transaction, and a cache holding another version loads again. Unlike
-- PRAGMA data_version, writes to matters and the other tables leave it alone.
CREATE TABLE reference_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
) STRICT;
INSERT INTO reference_state (id, version) VALUES (1, 1);
CREATE TRIGGER reference_changed_unit_levels_insert AFTER INSERT ON unit_levels
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_unit_levels_update AFTER UPDATE ON unit_levels
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_unit_levels_delete AFTER DELETE ON unit_levels
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_units_insert AFTER INSERT ON units
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_units_update AFTER UPDATE ON units
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_units_delete AFTER DELETE ON units
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_unit_links_insert AFTER INSERT ON unit_links
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_unit_links_update AFTER UPDATE ON unit_links
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_unit_links_delete AFTER DELETE ON unit_links
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_agencies_insert AFTER INSERT ON agencies
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_agencies_update AFTER UPDATE ON agencies
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_agencies_delete AFTER DELETE ON agencies
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_fields_insert AFTER INSERT ON fields
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_fields_update AFTER UPDATE ON fields
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_fields_delete AFTER DELETE ON fields
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_holidays_insert AFTER INSERT ON holidays
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_holidays_update AFTER UPDATE ON holidays
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_holidays_delete AFTER DELETE ON holidays
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_deadline_rules_insert AFTER INSERT ON deadline_rules
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_deadline_rules_update AFTER UPDATE ON deadline_rules
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_deadline_rules_delete AFTER DELETE ON deadline_rules
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_reception_duties_insert AFTER INSERT ON reception_duties
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_reception_duties_update AFTER UPDATE ON reception_duties
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER reference_changed_reception_duties_delete AFTER DELETE ON reception_duties
BEGIN UPDATE reference_state SET version = version + 1 WHERE id = 1; END;
)sql"},
    {14, "fewer matter indexes; the intake's report counters in one statement each", R"sql(
-- Every matter written updates each index of matters; four were not worth it:
--   matters_report_id (id, unit_code, agency_code, kind, field_code, status) holds a subset of
--     the columns of matters_search_filter (migration 11), which serves the same look-ups by id;
--   matters_next_due (next_due_on) and matters_overdue (next_due_on, received_on, ...) are one,
--     with the id second: the lists by deadline and the overdue list read it in
--     (next_due_on, id) order, and the report's overdue counts still read it alone;
--   matters_kind (kind): six values, so a list filtered by kind read a sixth of all matters and
--     sorted them; without it that list walks matters_received (or the unit's index) in order.
DROP INDEX matters_report_id;
DROP INDEX matters_next_due;
DROP INDEX matters_kind;
DROP INDEX matters_overdue;
CREATE INDEX matters_overdue ON matters (next_due_on, id, received_on, status, unit_code,
  agency_code, kind) WHERE next_due_on IS NOT NULL;

-- A new matter and a new submission (the intake) count their rows of report_counts
-- (migration 9) with one upsert each: the same rows as before, each in its year and its month,
-- without going through the view report_delta (whose INSERT ... SELECT stored its rows in a
-- temporary table, then ran the INSTEAD OF trigger once a row). The other changes still write
-- through report_delta.
DROP TRIGGER report_matters_insert;
DROP TRIGGER report_submissions_insert;
DROP TRIGGER report_submissions_insert_first;
CREATE TRIGGER report_matters_insert AFTER INSERT ON matters
BEGIN
  INSERT INTO report_counts (unit_code, dim, bucket, value, agency_code, matters, submissions,
    people)
  SELECT NEW.unit_code, 'kind', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.kind, coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, 'kind', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), NEW.kind, coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, 'field', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), coalesce(NEW.field_code, ''), coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, 'field', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), coalesce(NEW.field_code, ''), coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, 'channel', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.channel, coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, 'channel', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), NEW.channel, coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, 'status', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.status, coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, 'status', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), NEW.status, coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged'
  UNION ALL SELECT NEW.unit_code, 'open', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.kind, coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged' AND NEW.next_due_on IS NOT NULL
  UNION ALL SELECT NEW.unit_code, 'open', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), NEW.kind, coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged' AND NEW.next_due_on IS NOT NULL
  UNION ALL SELECT NEW.unit_code, 'intake', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), CASE WHEN NEW.status = 'merged' THEN 'merged' WHEN NEW.refusal_ground <> '' THEN 'refused' ELSE (CASE NEW.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END) || (CASE WHEN NEW.head_count <= 1 THEN '1' ELSE 'n' END) || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = NEW.id AND a.form = 'guide') THEN 'g' WHEN NEW.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = NEW.id AND a.form = 'from_higher') THEN 'f' ELSE 'w' END) END, coalesce(NEW.agency_code, ''), 1, 0, 0
  UNION ALL SELECT NEW.unit_code, 'intake', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), CASE WHEN NEW.status = 'merged' THEN 'merged' WHEN NEW.refusal_ground <> '' THEN 'refused' ELSE (CASE NEW.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END) || (CASE WHEN NEW.head_count <= 1 THEN '1' ELSE 'n' END) || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = NEW.id AND a.form = 'guide') THEN 'g' WHEN NEW.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = NEW.id AND a.form = 'from_higher') THEN 'f' ELSE 'w' END) END, coalesce(NEW.agency_code, ''), 1, 0, 0
  UNION ALL SELECT NEW.unit_code, CASE WHEN coalesce(min(NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')) >= NEW.received_on THEN 'ended' ELSE 'ended_early' END, CAST(substr(max(coalesce(min(NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.received_on), 1, 4) AS INTEGER), '', coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged' AND coalesce(min(NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')) IS NOT NULL
  UNION ALL SELECT NEW.unit_code, CASE WHEN coalesce(min(NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')) >= NEW.received_on THEN 'ended' ELSE 'ended_early' END, 1000000 + CAST(substr(max(coalesce(min(NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.received_on), 1, 4) || substr(max(coalesce(min(NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.received_on), 6, 2) AS INTEGER), '', coalesce(NEW.agency_code, ''), 1, 0, 0 WHERE NEW.status <> 'merged' AND coalesce(min(NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')), NEW.answered_on, (SELECT met_on FROM matter_deadlines WHERE matter_id = NEW.id AND step = 'resolve')) IS NOT NULL
  ON CONFLICT DO UPDATE SET matters = matters + excluded.matters,
    submissions = submissions + excluded.submissions, people = people + excluded.people;
END;
CREATE TRIGGER report_submissions_insert AFTER INSERT ON submissions
BEGIN
  INSERT INTO report_counts (unit_code, dim, bucket, value, agency_code, matters, submissions,
    people)
  SELECT m.unit_code, 'kind', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), m.kind, coalesce(m.agency_code, ''), 0, 1, NEW.head_count FROM matters m WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, 'kind', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), m.kind, coalesce(m.agency_code, ''), 0, 1, NEW.head_count FROM matters m WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, 'field', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), coalesce(m.field_code, ''), coalesce(m.agency_code, ''), 0, 1, NEW.head_count FROM matters m WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, 'field', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), coalesce(m.field_code, ''), coalesce(m.agency_code, ''), 0, 1, NEW.head_count FROM matters m WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, 'channel', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.channel, coalesce(m.agency_code, ''), 0, 1, NEW.head_count FROM matters m WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, 'channel', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), NEW.channel, coalesce(m.agency_code, ''), 0, 1, NEW.head_count FROM matters m WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, 'status', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), m.status, coalesce(m.agency_code, ''), 0, 1, NEW.head_count FROM matters m WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, 'status', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), m.status, coalesce(m.agency_code, ''), 0, 1, NEW.head_count FROM matters m WHERE m.id = NEW.matter_id AND m.status <> 'merged'
  UNION ALL SELECT m.unit_code, 'received', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), '', coalesce(m.agency_code, ''), 0, 1, 0 FROM matters m WHERE m.id = NEW.matter_id
  UNION ALL SELECT m.unit_code, 'received', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), '', coalesce(m.agency_code, ''), 0, 1, 0 FROM matters m WHERE m.id = NEW.matter_id
  ON CONFLICT DO UPDATE SET matters = matters + excluded.matters,
    submissions = submissions + excluded.submissions, people = people + excluded.people;
END;
CREATE TRIGGER report_submissions_insert_first AFTER INSERT ON submissions
WHEN NOT EXISTS (SELECT 1 FROM submissions e WHERE e.matter_id = NEW.matter_id
  AND (e.received_on < NEW.received_on OR (e.received_on = NEW.received_on AND e.id < NEW.id)))
BEGIN
  INSERT INTO report_counts (unit_code, dim, bucket, value, agency_code, matters, submissions,
    people)
  SELECT m.unit_code, 'first', CAST(substr(NEW.received_on, 1, 4) AS INTEGER), '', coalesce(m.agency_code, ''), 0, 1, 0 FROM matters m WHERE m.id = NEW.matter_id
  UNION ALL SELECT m.unit_code, 'first', 1000000 + CAST(substr(NEW.received_on, 1, 4) || substr(NEW.received_on, 6, 2) AS INTEGER), '', coalesce(m.agency_code, ''), 0, 1, 0 FROM matters m WHERE m.id = NEW.matter_id
  UNION ALL SELECT m.unit_code, 'first', CAST(substr((SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id AND id <> NEW.id ORDER BY received_on, id LIMIT 1), 1, 4) AS INTEGER), '', coalesce(m.agency_code, ''), 0, -1, 0 FROM matters m WHERE m.id = NEW.matter_id AND (SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id AND id <> NEW.id ORDER BY received_on, id LIMIT 1) IS NOT NULL
  UNION ALL SELECT m.unit_code, 'first', 1000000 + CAST(substr((SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id AND id <> NEW.id ORDER BY received_on, id LIMIT 1), 1, 4) || substr((SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id AND id <> NEW.id ORDER BY received_on, id LIMIT 1), 6, 2) AS INTEGER), '', coalesce(m.agency_code, ''), 0, -1, 0 FROM matters m WHERE m.id = NEW.matter_id AND (SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id AND id <> NEW.id ORDER BY received_on, id LIMIT 1) IS NOT NULL
  ON CONFLICT DO UPDATE SET matters = matters + excluded.matters,
    submissions = submissions + excluded.submissions, people = people + excluded.people;
END;
)sql"},
    {16, "dialogue counts by unit and host from one covering index", R"sql(
-- The summary report counts a unit scope's dialogues by unit and host agency; the index by
-- unit lacked the host, so each of some 10,000 dialogues was read from its row (and SQLite
-- chose dialogues_status, no better). The statements name this index.
DROP INDEX dialogues_unit_counts;
CREATE INDEX dialogues_unit_counts ON dialogues (unit_code, held_on, status, demo,
  host_agency_code, attendance, opinions, opinions_reported);
)sql"},
    {17, "the intake's report counters gathered per commit on the writer", R"sql(
-- Migration 14's intake triggers upsert 14 counter rows for each new matter and 12 for each
-- new submission: a quarter of the writer's time at 5,000 submissions a second. A new matter
-- or submission now appends one row here instead, with what its counters need, taken at that
-- moment; the writer's flush before each COMMIT (store/sqlite/index_upkeep.cpp) adds the rows
-- up per counter, writes the sums into report_counts and empties the table, so a commit of
-- 50 submissions makes some 100 upserts instead of 1,300. Counters are sums, so adding a
-- change later gives the same rows. A row appended outside the writer (a migration, a script)
-- waits here until the writer's next commit counts it.
CREATE TABLE report_intake_pending (
  unit_code TEXT NOT NULL,
  agency_code TEXT NOT NULL,
  on_date TEXT NOT NULL,      -- the matter's or the submission's receipt
  kind TEXT NOT NULL,
  field TEXT NOT NULL,
  channel TEXT NOT NULL,      -- the submission's own channel for a submission
  status TEXT NOT NULL,
  counted INTEGER NOT NULL,   -- not merged: the kind, field, channel and status rows count
  matters INTEGER NOT NULL,   -- 1 for a matter, 0 for a submission
  submissions INTEGER NOT NULL,
  people INTEGER NOT NULL,    -- a submission's head count
  open INTEGER NOT NULL,      -- a matter with a deadline to meet
  intake TEXT,                -- a matter's intake class
  ended_dim TEXT,             -- 'ended' or 'ended_early' when a matter's handling has ended
  ended_on TEXT,
  first_prev TEXT             -- a submission that is now its matter's first: the date of the
                              -- one it displaced, '' when none
) STRICT;

DROP TRIGGER report_matters_insert;
DROP TRIGGER report_submissions_insert;
DROP TRIGGER report_submissions_insert_first;

CREATE TRIGGER report_matters_insert AFTER INSERT ON matters
BEGIN
  INSERT INTO report_intake_pending (unit_code, agency_code, on_date, kind, field, channel, status,
    counted, matters, submissions, people, open, intake, ended_dim, ended_on, first_prev)
  SELECT NEW.unit_code, coalesce(NEW.agency_code, ''), NEW.received_on, NEW.kind,
    coalesce(NEW.field_code, ''), NEW.channel, NEW.status, NEW.status <> 'merged', 1, 0, 0,
    NEW.status <> 'merged' AND NEW.next_due_on IS NOT NULL,
    CASE WHEN NEW.status = 'merged' THEN 'merged'
    WHEN NEW.refusal_ground <> '' THEN 'refused'
    ELSE (CASE NEW.kind WHEN 'khieu_nai' THEN 'k' WHEN 'to_cao' THEN 't' ELSE 'p' END)
      || (CASE WHEN NEW.head_count <= 1 THEN '1' ELSE 'n' END)
      || (CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.matter_id = NEW.id AND a.form = 'guide')
          THEN 'g'
          WHEN NEW.status = 'forwarded_up' OR EXISTS (SELECT 1 FROM answers a
            WHERE a.matter_id = NEW.id AND a.form = 'from_higher') THEN 'f'
          ELSE 'w' END) END,
    CASE WHEN NEW.status <> 'merged' AND e.day IS NOT NULL THEN
      CASE WHEN e.day >= NEW.received_on THEN 'ended' ELSE 'ended_early' END END,
    CASE WHEN NEW.status <> 'merged' AND e.day IS NOT NULL THEN max(e.day, NEW.received_on) END,
    NULL
  FROM (SELECT coalesce(min(NEW.answered_on, r.met_on), NEW.answered_on, r.met_on) AS day
        FROM (SELECT (SELECT met_on FROM matter_deadlines
                      WHERE matter_id = NEW.id AND step = 'resolve') AS met_on) r) e;
END;
CREATE TRIGGER report_submissions_insert AFTER INSERT ON submissions
BEGIN
  INSERT INTO report_intake_pending (unit_code, agency_code, on_date, kind, field, channel, status,
    counted, matters, submissions, people, open, intake, ended_dim, ended_on, first_prev)
  SELECT m.unit_code, coalesce(m.agency_code, ''), NEW.received_on, m.kind,
    coalesce(m.field_code, ''), NEW.channel, m.status, m.status <> 'merged', 0, 1,
    NEW.head_count, 0, NULL, NULL, NULL,
    CASE WHEN NOT EXISTS (SELECT 1 FROM submissions e WHERE e.matter_id = NEW.matter_id
      AND (e.received_on < NEW.received_on OR (e.received_on = NEW.received_on AND e.id < NEW.id)))
    THEN coalesce((SELECT received_on FROM submissions WHERE matter_id = NEW.matter_id
                   AND id <> NEW.id ORDER BY received_on, id LIMIT 1), '') END
  FROM matters m WHERE m.id = NEW.matter_id;
END;
)sql"},
    {18, "the text index merges its segments in fewer, larger rounds", R"sql(
-- Each commit writes a segment to the FTS5 text index, and FTS5 merges them as it goes: once a
-- level holds 'automerge' segments (4 by default) it merges them into the next level, a few
-- hundred pages at a time inside some commit; at 'crisismerge' (16) it merges a whole level
-- at once. At 1,000,000 matters those rounds made one commit in a hundred take 10 to 30 ms
-- longer, and every submission waiting on it with it. Merging 8 segments at a time rewrites
-- each posting fewer times (fewer levels, so smaller rounds), and a whole level is merged at
-- once only at 64; a text search reads at most twice as many small segments. The similarity
-- index keeps FTS5's defaults: its look-ups read 20 buckets in every segment, and their p99 is
-- an issue-6 goal (with these settings on it too, one run after a burst of writes read 12.5 ms
-- against 3.4; a second run read the opposite, so the cautious choice stays).
INSERT INTO matter_search (matter_search, rank) VALUES ('automerge', 8);
INSERT INTO matter_search (matter_search, rank) VALUES ('crisismerge', 64);
)sql"},
    {19, "the search indexes move to a file of their own, kept by a thread of their own", R"sql(
-- FTS5 merges its segments inside some commit, and one writer at a time may write a file: at
-- 1,000,000 matters one commit in a hundred carried a merge round of 10 to 30 ms, and every
-- submission of that group commit with it (BENCHMARKS.md, session 9). Both indexes now live in
-- `<db>.search` (store/sqlite/search_index.cpp), written by a thread of their own; here a change
-- to a matter's text or signature appends the matter to search_changes, which that thread
-- follows (text = 1: the full-text document; 0: the similarity buckets). The row is appended in
-- the same transaction as the change, so what is committed is indexed, after a crash too.
-- search_index_state's token names this database to its index file: a file made for another
-- database (or none) is built again from here.
DROP TRIGGER IF EXISTS matter_search_matter_insert;
DROP TRIGGER IF EXISTS matter_search_matter_update;
DROP TRIGGER IF EXISTS matter_search_matter_delete;
DROP TRIGGER IF EXISTS matter_search_submission_insert;
DROP TRIGGER IF EXISTS matter_search_submission_update;
DROP TRIGGER IF EXISTS matter_search_submission_delete;
DROP TRIGGER IF EXISTS matter_search_answer_insert;
DROP TRIGGER IF EXISTS matter_search_answer_update;
DROP TRIGGER IF EXISTS matter_search_answer_delete;
DROP TRIGGER IF EXISTS matter_lsh_insert;
DROP TRIGGER IF EXISTS matter_lsh_update;
DROP TRIGGER IF EXISTS matter_lsh_delete;
DROP TRIGGER IF EXISTS matter_search_matter_insert_now;
DROP TRIGGER IF EXISTS matter_search_matter_update_now;
DROP TRIGGER IF EXISTS matter_search_matter_delete_now;
DROP TRIGGER IF EXISTS matter_search_submission_insert_now;
DROP TRIGGER IF EXISTS matter_search_submission_update_now;
DROP TRIGGER IF EXISTS matter_search_submission_delete_now;
DROP TRIGGER IF EXISTS matter_search_answer_insert_now;
DROP TRIGGER IF EXISTS matter_search_answer_update_now;
DROP TRIGGER IF EXISTS matter_search_answer_delete_now;
DROP TRIGGER IF EXISTS matter_lsh_insert_now;
DROP TRIGGER IF EXISTS matter_lsh_update_now;
DROP TRIGGER IF EXISTS matter_lsh_delete_now;
DROP TABLE matter_search;
DROP TABLE matter_lsh;
DROP TABLE pending_search_docs;
DROP TABLE pending_lsh_docs;
-- A bulk load interrupted before this migration set aside the triggers just dropped.
CREATE TABLE IF NOT EXISTS bulk_load_triggers (name TEXT PRIMARY KEY, sql TEXT NOT NULL) STRICT;
DROP TABLE bulk_load_triggers;

CREATE TABLE search_changes (
  seq INTEGER PRIMARY KEY,
  matter_id INTEGER NOT NULL,
  text INTEGER NOT NULL CHECK (text IN (0, 1))
) STRICT;
CREATE TABLE search_index_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token TEXT NOT NULL
) STRICT;
INSERT INTO search_index_state (id, token) VALUES (1, lower(hex(randomblob(16))));

CREATE TRIGGER search_changes_matter_insert AFTER INSERT ON matters
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (NEW.id, 1);
END;
CREATE TRIGGER search_changes_matter_update AFTER UPDATE OF id, title ON matters
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (OLD.id, 1);
  INSERT INTO search_changes (matter_id, text) SELECT NEW.id, 1 WHERE NEW.id <> OLD.id;
END;
CREATE TRIGGER search_changes_matter_delete AFTER DELETE ON matters
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (OLD.id, 1);
END;
CREATE TRIGGER search_changes_submission_insert AFTER INSERT ON submissions
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (NEW.matter_id, 1);
END;
CREATE TRIGGER search_changes_submission_update AFTER UPDATE OF matter_id, title, content
ON submissions
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (OLD.matter_id, 1);
  INSERT INTO search_changes (matter_id, text) SELECT NEW.matter_id, 1
    WHERE NEW.matter_id <> OLD.matter_id;
END;
CREATE TRIGGER search_changes_submission_delete AFTER DELETE ON submissions
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (OLD.matter_id, 1);
END;
CREATE TRIGGER search_changes_answer_insert AFTER INSERT ON answers
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (NEW.matter_id, 1);
END;
CREATE TRIGGER search_changes_answer_update AFTER UPDATE OF matter_id, form, text ON answers
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (OLD.matter_id, 1);
  INSERT INTO search_changes (matter_id, text) SELECT NEW.matter_id, 1
    WHERE NEW.matter_id <> OLD.matter_id;
END;
CREATE TRIGGER search_changes_answer_delete AFTER DELETE ON answers
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (OLD.matter_id, 1);
END;
CREATE TRIGGER search_changes_signature_insert AFTER INSERT ON matter_signatures
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (NEW.matter_id, 0);
END;
CREATE TRIGGER search_changes_signature_update AFTER UPDATE OF matter_id, lsh
ON matter_signatures
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (OLD.matter_id, 0);
  INSERT INTO search_changes (matter_id, text) SELECT NEW.matter_id, 0
    WHERE NEW.matter_id <> OLD.matter_id;
END;
CREATE TRIGGER search_changes_signature_delete AFTER DELETE ON matter_signatures
BEGIN
  INSERT INTO search_changes (matter_id, text) VALUES (OLD.matter_id, 0);
END;
)sql"},
}};

// Numbers increase; a gap is allowed while another branch's migration has not landed (each
// branch is given its number), and apply_migrations applies any that is missing, not only
// those above the highest applied.
constexpr bool ordered() {
  if (kMigrations.empty() || kMigrations[0].number != 1) return false;
  for (std::size_t i = 1; i < kMigrations.size(); ++i) {
    if (kMigrations[i].number <= kMigrations[i - 1].number) {
      return false;
    }
  }
  return true;
}
static_assert(ordered(), "migrations are numbered 1, 2, 3, ... in increasing order");

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT;
)sql";

Expected<void> apply_one(Connection& c, const Migration& m) {
  TRY(c.exec("BEGIN IMMEDIATE"));
  auto applied = [&]() -> Expected<void> {
    TRY(c.exec(m.sql));
    auto insert = TRY(
        c.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
    TRY(insert.bind_all(m.number, m.name, now_utc()).run());
    return c.exec("COMMIT");
  }();
  if (!applied.ok()) {
    if (c.in_transaction()) {
      (void)c.exec("ROLLBACK");
    }
    Error e = std::move(applied).error();
    e.message = "Migration " + std::to_string(m.number) + " (" + std::string(m.name) +
                ") thất bại: " + e.message;
    e.kind = ErrorKind::internal;
    return e;
  }
  return {};
}

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_migration() {
  return kMigrations.back().number;
}

Expected<MigrationState> migration_state(Connection& c) {
  MigrationState state;
  state.latest = latest_migration();
  auto exists = TRY(c.cached(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"));
  if (TRY(exists->step()) && exists->int64(0) == 0) {
    return state;
  }
  auto current = TRY(c.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  if (TRY(current.step())) {
    state.current = current.int32(0);
  }
  return state;
}

Expected<MigrationState> apply_migrations(Connection& c) {
  TRY(c.exec(kCreateMigrationsTable));
  MigrationState state = TRY(migration_state(c));
  if (state.current > state.latest) {
    return conflict("schema_too_new",
                    "Cơ sở dữ liệu đã được nâng cấp bởi một phiên bản mới hơn của chương trình "
                    "(migration " +
                        std::to_string(state.current) + ", chương trình này biết đến " +
                        std::to_string(state.latest) + ")");
  }
  std::vector<int> applied;
  {
    auto q = TRY(c.prepare("SELECT version FROM schema_migrations"));
    while (TRY(q.step())) applied.push_back(q.int32(0));
  }
  for (const Migration& m : kMigrations) {
    if (std::find(applied.begin(), applied.end(), m.number) != applied.end()) {
      continue;
    }
    TRY(apply_one(c, m));
    state.current = std::max(state.current, m.number);
  }
  return state;
}

}  // namespace doithoai::store::sqlite
