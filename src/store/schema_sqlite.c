/*
 * schema_sqlite.c - SQLite migrations. Each runs inside one transaction together with the
 * user_version bump, so it either happens entirely or not at all.
 */
#include "store/schema.h"

static const char migration_1[] =
    "CREATE TABLE fw_item("
    " scheme TEXT NOT NULL, code TEXT NOT NULL, parent TEXT, attr TEXT,"
    " sort INTEGER NOT NULL, is_group INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY(scheme, code)) WITHOUT ROWID;"
    "CREATE TABLE fw_title("
    " scheme TEXT NOT NULL, code TEXT NOT NULL, lang TEXT NOT NULL,"
    " title TEXT NOT NULL, short_title TEXT,"
    " PRIMARY KEY(scheme, code, lang),"
    " FOREIGN KEY(scheme, code) REFERENCES fw_item(scheme, code) ON DELETE CASCADE"
    ") WITHOUT ROWID;"
    "CREATE TABLE fw_link("
    " from_scheme TEXT NOT NULL, from_code TEXT NOT NULL,"
    " to_scheme TEXT NOT NULL, to_code TEXT NOT NULL,"
    " PRIMARY KEY(from_scheme, from_code, to_scheme, to_code),"
    " FOREIGN KEY(from_scheme, from_code) REFERENCES fw_item(scheme, code),"
    " FOREIGN KEY(to_scheme, to_code) REFERENCES fw_item(scheme, code)"
    ") WITHOUT ROWID;"
    "CREATE TABLE country("
    " iso2 TEXT PRIMARY KEY, iso3 TEXT NOT NULL UNIQUE, numeric TEXT NOT NULL,"
    " m49_region TEXT NOT NULL DEFAULT '', m49_subregion TEXT NOT NULL DEFAULT '',"
    " m49_intermediate TEXT NOT NULL DEFAULT '', itu_region TEXT NOT NULL DEFAULT '',"
    " ldc INTEGER NOT NULL DEFAULT 0, lldc INTEGER NOT NULL DEFAULT 0,"
    " sids INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE country_name("
    " iso2 TEXT NOT NULL REFERENCES country(iso2) ON DELETE CASCADE,"
    " lang TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY(iso2, lang)) WITHOUT ROWID;"
    "CREATE TABLE country_alias("
    " alias TEXT PRIMARY KEY, iso2 TEXT NOT NULL REFERENCES country(iso2));"
    "CREATE TABLE organisation("
    " id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, stakeholder_type TEXT,"
    " country TEXT REFERENCES country(iso2), website TEXT,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE TABLE initiative("
    " id INTEGER PRIMARY KEY, source TEXT, source_id TEXT,"
    " title TEXT NOT NULL,"
    " organisation_id INTEGER REFERENCES organisation(id),"
    " stakeholder_type TEXT, scope TEXT, start_date TEXT, end_date TEXT, status TEXT,"
    " url TEXT, language TEXT,"
    " state TEXT NOT NULL CHECK(state IN"
    "  ('draft','submitted','published','rejected','archived')),"
    " doc TEXT NOT NULL,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
    " UNIQUE(source, source_id));"
    "CREATE INDEX initiative_state ON initiative(state, id);"
    "CREATE TABLE initiative_country("
    " initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,"
    " iso2 TEXT NOT NULL REFERENCES country(iso2),"
    " PRIMARY KEY(initiative_id, iso2)) WITHOUT ROWID;"
    "CREATE INDEX initiative_country_iso2 ON initiative_country(iso2);"
    "CREATE TABLE tag("
    " initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,"
    " scheme TEXT NOT NULL, code TEXT NOT NULL,"
    " origin TEXT NOT NULL CHECK(origin IN ('submitter','moderator','model')),"
    " score REAL,"
    " PRIMARY KEY(initiative_id, scheme, code),"
    " FOREIGN KEY(scheme, code) REFERENCES fw_item(scheme, code)) WITHOUT ROWID;"
    "CREATE INDEX tag_code ON tag(scheme, code);"
    "CREATE TABLE revision("
    " id INTEGER PRIMARY KEY,"
    " initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,"
    " rev INTEGER NOT NULL, doc TEXT NOT NULL, actor TEXT NOT NULL,"
    " created_at TEXT NOT NULL, UNIQUE(initiative_id, rev));"
    "CREATE TABLE audit("
    " id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT, detail TEXT);";

/*
 * Migration 2: what the web platform needs. Accounts (argon2id hashes from libsodium),
 * sessions and API tokens are stored as SHA-256 hashes of the secret, never the secret.
 * initiative_fts indexes the searchable text (its rowid is the initiative's id).
 */
static const char migration_2[] =
    "CREATE TABLE user("
    " id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    " name TEXT NOT NULL DEFAULT '', password_hash TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK(role IN ('submitter','moderator','admin')),"
    " organisation_id INTEGER REFERENCES organisation(id),"
    " lang TEXT, disabled INTEGER NOT NULL DEFAULT 0,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
    "CREATE TABLE session("
    " token_hash TEXT PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
    " csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE INDEX session_user ON session(user_id);"
    "CREATE TABLE api_token("
    " id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,"
    " user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, last_used_at TEXT,"
    " revoked INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE login_attempt(key TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX login_attempt_key ON login_attempt(key, at);"
    "ALTER TABLE initiative ADD COLUMN submitted_by INTEGER REFERENCES user(id);"
    "ALTER TABLE initiative ADD COLUMN moderation_note TEXT;"
    "CREATE INDEX initiative_submitted_by ON initiative(submitted_by);"
    "CREATE VIRTUAL TABLE initiative_fts USING fts5("
    " title, summary, description, organisation, tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO initiative_fts(rowid, title, summary, description, organisation)"
    " SELECT id, json_extract(doc, '$.title'), json_extract(doc, '$.summary'),"
    " json_extract(doc, '$.description'), json_extract(doc, '$.organisation.name')"
    " FROM initiative;";

/*
 * Migration 3: the change number the in-memory search index follows (src/search/). Every
 * change to an initiative, its tags or its countries gives the initiative the next number
 * in search_change, whichever connection or process makes it; a search index asks for the
 * initiatives numbered above the last number it has seen. The triggers on tag and
 * initiative_country do nothing when the initiative is already the latest change (a save
 * writes the row first), so a save costs one row here, not one per tag.
 */
static const char migration_3[] =
    "CREATE TABLE search_change(initiative_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL);"
    "CREATE INDEX search_change_seq ON search_change(seq);"
    "CREATE TRIGGER search_change_ini_ins AFTER INSERT ON initiative"
    " BEGIN"
    " INSERT OR REPLACE INTO search_change(initiative_id, seq)"
    " VALUES(NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM search_change)); END;"
    "CREATE TRIGGER search_change_ini_upd AFTER UPDATE ON initiative"
    " BEGIN"
    " INSERT OR REPLACE INTO search_change(initiative_id, seq)"
    " VALUES(NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM search_change)); END;"
    "CREATE TRIGGER search_change_ini_del AFTER DELETE ON initiative"
    " BEGIN"
    " INSERT OR REPLACE INTO search_change(initiative_id, seq)"
    " VALUES(OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM search_change)); END;"
    "CREATE TRIGGER search_change_tag_ins AFTER INSERT ON tag"
    " WHEN NOT EXISTS(SELECT 1 FROM search_change WHERE initiative_id = NEW.initiative_id"
    " AND seq = (SELECT max(seq) FROM search_change))"
    " BEGIN"
    " INSERT OR REPLACE INTO search_change(initiative_id, seq)"
    " VALUES(NEW.initiative_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_change)); END;"
    "CREATE TRIGGER search_change_tag_upd AFTER UPDATE ON tag"
    " WHEN NOT EXISTS(SELECT 1 FROM search_change WHERE initiative_id = NEW.initiative_id"
    " AND seq = (SELECT max(seq) FROM search_change))"
    " BEGIN"
    " INSERT OR REPLACE INTO search_change(initiative_id, seq)"
    " VALUES(NEW.initiative_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_change)); END;"
    "CREATE TRIGGER search_change_tag_del AFTER DELETE ON tag"
    " WHEN NOT EXISTS(SELECT 1 FROM search_change WHERE initiative_id = OLD.initiative_id"
    " AND seq = (SELECT max(seq) FROM search_change))"
    " BEGIN"
    " INSERT OR REPLACE INTO search_change(initiative_id, seq)"
    " VALUES(OLD.initiative_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_change)); END;"
    "CREATE TRIGGER search_change_country_ins AFTER INSERT ON initiative_country"
    " WHEN NOT EXISTS(SELECT 1 FROM search_change WHERE initiative_id = NEW.initiative_id"
    " AND seq = (SELECT max(seq) FROM search_change))"
    " BEGIN"
    " INSERT OR REPLACE INTO search_change(initiative_id, seq)"
    " VALUES(NEW.initiative_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_change)); END;"
    "CREATE TRIGGER search_change_country_del AFTER DELETE ON initiative_country"
    " WHEN NOT EXISTS(SELECT 1 FROM search_change WHERE initiative_id = OLD.initiative_id"
    " AND seq = (SELECT max(seq) FROM search_change))"
    " BEGIN"
    " INSERT OR REPLACE INTO search_change(initiative_id, seq)"
    " VALUES(OLD.initiative_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_change)); END;";

/*
 * Migration 4: calls for inputs and the review timeline. Times of calls are UTC seconds
 * since the epoch with the IANA zone they are read in; a deadline is never overwritten:
 * call_deadline keeps every closing time a call had, with who moved it, when and why.
 * Answers are one row per value (a multiple choice gives several), so counting choices is a
 * GROUP BY. notification is an outbox: rows for people to be told something (a deadline
 * moved), which a later mailer marks sent.
 */
static const char migration_4[] =
    "CREATE TABLE call("
    " id INTEGER PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
    " audience TEXT NOT NULL DEFAULT '', tz TEXT NOT NULL,"
    " opens_at INTEGER NOT NULL, closes_at INTEGER NOT NULL,"
    " state TEXT NOT NULL CHECK(state IN ('draft','open','closed','synthesised')),"
    " created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " CHECK(closes_at > opens_at));"
    "CREATE TABLE call_deadline("
    " id INTEGER PRIMARY KEY, call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,"
    " closes_at INTEGER NOT NULL, reason TEXT, actor TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX call_deadline_call ON call_deadline(call_id, id);"
    "CREATE TABLE call_question("
    " id INTEGER PRIMARY KEY, call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,"
    " position INTEGER NOT NULL, kind TEXT NOT NULL CHECK(kind IN"
    "  ('text','single','multiple','action_line','sdg','gdc','country')),"
    " prompt TEXT NOT NULL, word_limit INTEGER NOT NULL DEFAULT 0,"
    " required INTEGER NOT NULL DEFAULT 0, options TEXT NOT NULL DEFAULT '[]',"
    " UNIQUE(call_id, position));"
    "CREATE TABLE call_response("
    " id INTEGER PRIMARY KEY, call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,"
    " user_id INTEGER NOT NULL REFERENCES user(id),"
    " organisation TEXT, stakeholder_type TEXT, country TEXT REFERENCES country(iso2),"
    " state TEXT NOT NULL CHECK(state IN ('draft','submitted')),"
    " anonymous INTEGER NOT NULL DEFAULT 0, hidden_reason TEXT,"
    " reviewed INTEGER NOT NULL DEFAULT 0,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, submitted_at INTEGER,"
    " UNIQUE(call_id, user_id));"
    "CREATE INDEX call_response_queue ON call_response(state, reviewed, updated_at);"
    "CREATE TABLE call_answer("
    " response_id INTEGER NOT NULL REFERENCES call_response(id) ON DELETE CASCADE,"
    " question_id INTEGER NOT NULL REFERENCES call_question(id) ON DELETE CASCADE,"
    " value TEXT NOT NULL, PRIMARY KEY(response_id, question_id, value)) WITHOUT ROWID;"
    "CREATE INDEX call_answer_question ON call_answer(question_id, value);"
    "CREATE TABLE call_follow("
    " call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,"
    " user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
    " created_at INTEGER NOT NULL, PRIMARY KEY(call_id, user_id)) WITHOUT ROWID;"
    "CREATE TABLE notification("
    " id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
    " kind TEXT NOT NULL, call_id INTEGER REFERENCES call(id) ON DELETE CASCADE,"
    " subject TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL,"
    " sent_at INTEGER);"
    "CREATE INDEX notification_user ON notification(user_id, id);"
    "CREATE TABLE timeline_event("
    " id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
    " kind TEXT NOT NULL CHECK(kind IN ('meeting','reading','deadline','forum')),"
    " title TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,"
    " location TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',"
    " description TEXT NOT NULL DEFAULT '',"
    " call_id INTEGER REFERENCES call(id) ON DELETE SET NULL);";

/*
 * Migration 5: a cheaper import (bench/README.md). The search index keeps no copy of the
 * text: initiative_fts is an external-content FTS5 table over the view initiative_fts_src,
 * which reads the title, summary, description and organisation name from initiative and
 * organisation (snippets read them there). FTS5 removes a row's terms by reading the row
 * through the view, so the store deletes a row from the index before it changes the
 * initiative, and adds it from the view after (src/store/store_sqlite_initiatives.c).
 * The triggers on tag and initiative_country go: the store writes an initiative's tags and
 * countries only together with its row, whose own trigger already gives it the latest
 * change number, so they only ever tested that (two look-ups per tag). The trigger on
 * inserting an initiative goes too: the store numbers new initiatives itself, a range of
 * them at once when it indexes them (store__fts_flush), in the same transaction. The table tag is
 * rebuilt with its origin CHECK written as comparisons: SQLite evaluates a CHECK with IN
 * and a list of three or more by building a temporary table, at every row inserted (~8%
 * of the import's CPU time). It accepts and refuses exactly the same rows. The same CHECK
 * on initiative(state) is rewritten in place in the schema text instead (every foreign key
 * points at initiative, so rebuilding it is not worth the risk): SQLite allows editing the
 * schema text with writable_schema for a change that leaves the stored rows' format alone,
 * such as a CHECK with the same meaning; the DDL after it in this migration bumps the
 * schema cookie, so other connections read the new text.
 */
static const char migration_5[] =
    "PRAGMA writable_schema = ON;"
    "UPDATE sqlite_schema SET sql = replace(sql,"
    " 'CHECK(state IN  (''draft'',''submitted'',''published'',''rejected'',''archived''))',"
    " 'CHECK(state = ''draft'' OR state = ''submitted'' OR state = ''published''"
    " OR state = ''rejected'' OR state = ''archived'')')"
    " WHERE type = 'table' AND name = 'initiative';"
    "PRAGMA writable_schema = OFF;"
    "DROP TRIGGER search_change_tag_ins;"
    "DROP TRIGGER search_change_tag_upd;"
    "DROP TRIGGER search_change_tag_del;"
    "DROP TRIGGER search_change_country_ins;"
    "DROP TRIGGER search_change_country_del;"
    "DROP TRIGGER search_change_ini_ins;"
    "CREATE TABLE tag_new("
    " initiative_id INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,"
    " scheme TEXT NOT NULL, code TEXT NOT NULL,"
    " origin TEXT NOT NULL"
    " CHECK(origin = 'submitter' OR origin = 'moderator' OR origin = 'model'),"
    " score REAL,"
    " PRIMARY KEY(initiative_id, scheme, code),"
    " FOREIGN KEY(scheme, code) REFERENCES fw_item(scheme, code)) WITHOUT ROWID;"
    "INSERT INTO tag_new(initiative_id, scheme, code, origin, score)"
    " SELECT initiative_id, scheme, code, origin, score FROM tag;"
    "DROP TABLE tag;"
    "ALTER TABLE tag_new RENAME TO tag;"
    "CREATE INDEX tag_code ON tag(scheme, code);"
    "DROP TABLE initiative_fts;"
    "CREATE VIEW initiative_fts_src AS"
    " SELECT i.id AS id, i.title AS title, json_extract(i.doc, '$.summary') AS summary,"
    " json_extract(i.doc, '$.description') AS description, o.name AS organisation"
    " FROM initiative i LEFT JOIN organisation o ON o.id = i.organisation_id;"
    "CREATE VIRTUAL TABLE initiative_fts USING fts5("
    " title, summary, description, organisation, content = 'initiative_fts_src',"
    " content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO initiative_fts(initiative_fts) VALUES('rebuild');";

const struct store_migration store_sqlite_migrations[] = {
    {1, "frameworks, organisations, initiatives, tags, revisions, audit", migration_1},
    {2, "accounts, sessions, API tokens, moderation, full-text search", migration_2},
    {3, "change numbers for the search index", migration_3},
    {4, "calls for inputs, responses, notifications, the review timeline", migration_4},
    {5, "search index over the initiatives' own text, cheaper tag rows", migration_5},
};

const int store_sqlite_migration_count =
    (int)(sizeof store_sqlite_migrations / sizeof store_sqlite_migrations[0]);
