/*
 * store_sqlite_internal.h - what the files of the SQLite backend share: the connection
 * (struct store), the table of SQL statements, and small helpers for preparing, binding and
 * stepping them. Nothing outside src/store includes it.
 */
#ifndef STOCKTAKE_STORE_SQLITE_INTERNAL_H
#define STOCKTAKE_STORE_SQLITE_INTERNAL_H

#include "store/store.h"

#include <sqlite3.h>
#include <stddef.h>

/* Calls for inputs and the review timeline (store_sqlite_calls.c): X(name, sql). */
#define CALLS_STMT_LIST(X)                                                                         \
	X(CALL_INSERT, "INSERT INTO call(title, description, audience, tz, opens_at, closes_at,"   \
		       " state, created_by, created_at, updated_at)"                               \
		       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)")                          \
	X(CALL_UPDATE, "UPDATE call SET title = ?2, description = ?3, audience = ?4, tz = ?5,"     \
		       " opens_at = ?6, updated_at = ?7 WHERE id = ?1")                            \
	X(CALL_GET, "SELECT id, title, description, audience, tz, opens_at, closes_at, state,"     \
		    " created_by, created_at, updated_at,"                                         \
		    " (SELECT count(*) - 1 FROM call_deadline d WHERE d.call_id = call.id)"        \
		    " FROM call WHERE id = ?1")                                                    \
	X(CALL_LIST, "SELECT id, title, description, audience, tz, opens_at, closes_at, state,"    \
		     " created_by, created_at, updated_at,"                                        \
		     " (SELECT count(*) - 1 FROM call_deadline d WHERE d.call_id = call.id)"       \
		     " FROM call WHERE (?1 OR state <> 'draft') AND (?3 = 0 OR closes_at < ?4"     \
		     " OR (closes_at = ?4 AND id < ?3)) ORDER BY closes_at DESC, id DESC"          \
		     " LIMIT ?2")                                                                  \
	X(CALL_SET_STATE, "UPDATE call SET state = ?2, updated_at = ?3 WHERE id = ?1")             \
	X(CALL_SET_CLOSES, "UPDATE call SET closes_at = ?2, updated_at = ?3 WHERE id = ?1")        \
	X(CALL_DEADLINE_ADD, "INSERT INTO call_deadline(call_id, closes_at, reason, actor, at)"    \
			     " VALUES(?1, ?2, ?3, ?4, ?5)")                                        \
	X(CALL_DEADLINES, "SELECT closes_at, reason, actor, at FROM call_deadline"                 \
			  " WHERE call_id = ?1 ORDER BY id")                                       \
	X(CALL_NOTIFY,                                                                             \
	  "INSERT INTO notification(user_id, kind, call_id, subject, body,"                        \
	  " created_at) SELECT user_id, 'deadline', ?1, ?2, ?3, ?4 FROM"                           \
	  " (SELECT user_id FROM call_follow WHERE call_id = ?1 UNION"                             \
	  " SELECT user_id FROM call_response WHERE call_id = ?1 AND state = 'draft')")            \
	X(CALL_Q_ADD, "INSERT INTO call_question(call_id, position, kind, prompt, word_limit,"     \
		      " required, options) SELECT ?1, coalesce(max(position), 0) + 1, ?2, ?3, ?4," \
		      " ?5, ?6 FROM call_question WHERE call_id = ?1")                             \
	X(CALL_QUESTIONS, "SELECT id, position, kind, prompt, word_limit, required, options"       \
			  " FROM call_question WHERE call_id = ?1 ORDER BY position")              \
	X(CALL_RESP_SAVE,                                                                          \
	  "INSERT INTO call_response(call_id, user_id, organisation, stakeholder_type, country,"   \
	  " state, anonymous, created_at, updated_at, submitted_at)"                               \
	  " SELECT c.id, u.id, coalesce(?6, o.name), coalesce(?7, o.stakeholder_type),"            \
	  " coalesce(?8, o.country), ?3, ?4, ?5, ?5, CASE WHEN ?3 = 'submitted' THEN ?5 END"       \
	  " FROM call c JOIN user u ON u.id = ?2"                                                  \
	  " LEFT JOIN organisation o ON o.id = u.organisation_id"                                  \
	  " WHERE c.id = ?1 AND c.state = 'open' AND ?5 BETWEEN c.opens_at AND c.closes_at"        \
	  " ON CONFLICT(call_id, user_id) DO UPDATE SET organisation = excluded.organisation,"     \
	  " stakeholder_type = excluded.stakeholder_type, country = excluded.country,"             \
	  " state = excluded.state, anonymous = excluded.anonymous,"                               \
	  " updated_at = excluded.updated_at, reviewed = 0,"                                       \
	  " submitted_at = CASE WHEN excluded.state = 'submitted'"                                 \
	  " THEN coalesce(call_response.submitted_at, excluded.submitted_at) END"                  \
	  " RETURNING id")                                                                         \
	X(CALL_ANSWERS_DEL, "DELETE FROM call_answer WHERE response_id = ?1")                      \
	X(CALL_ANSWER_ADD, "INSERT OR IGNORE INTO call_answer(response_id, question_id, value)"    \
			   " SELECT ?1, q.id, ?3 FROM call_question q JOIN call_response r"        \
			   " ON r.id = ?1 AND r.call_id = q.call_id WHERE q.id = ?2")              \
	X(CALL_RESP_COLS, "SELECT r.id, r.call_id, r.user_id, u.email, r.organisation,"            \
			  " r.stakeholder_type, r.country, r.state, r.anonymous, r.hidden_reason," \
			  " r.reviewed, r.created_at, r.updated_at, r.submitted_at,"               \
			  " a.question_id, a.value FROM call_response r"                           \
			  " JOIN user u ON u.id = r.user_id"                                       \
			  " LEFT JOIN call_answer a ON a.response_id = r.id"                       \
			  " LEFT JOIN call_question q ON q.id = a.question_id"                     \
			  " WHERE r.call_id = ?1 AND (?2 = 0 OR r.user_id = ?2)"                   \
			  " AND (?3 = 0 OR r.state = 'submitted')"                                 \
			  " AND (?4 = 0 OR r.hidden_reason IS NULL) AND r.id > ?5"                 \
			  " ORDER BY r.id, q.position, a.value")                                   \
	X(CALL_RESP_HIDE, "UPDATE call_response SET hidden_reason = ?2, reviewed = 1"              \
			  " WHERE id = ?1 AND call_id = ?3")                                       \
	X(CALL_RESP_REVIEW,                                                                        \
	  "UPDATE call_response SET reviewed = 1 WHERE id = ?1 AND call_id = ?2")                  \
	X(CALL_TALLY,                                                                              \
	  "SELECT CASE ?2 WHEN 'stakeholder_type' THEN r.stakeholder_type"                         \
	  " WHEN 'country' THEN r.country ELSE c.itu_region END, count(*)"                         \
	  " FROM call_response r LEFT JOIN country c ON c.iso2 = r.country"                        \
	  " WHERE r.call_id = ?1 AND r.state = 'submitted' AND r.hidden_reason IS NULL"            \
	  " GROUP BY 1 ORDER BY 2 DESC, 1")                                                        \
	X(CALL_CHOICES, "SELECT a.question_id, a.value, count(*) FROM call_answer a"               \
			" JOIN call_response r ON r.id = a.response_id"                            \
			" JOIN call_question q ON q.id = a.question_id AND q.kind <> 'text'"       \
			" WHERE r.call_id = ?1 AND r.state = 'submitted'"                          \
			" AND r.hidden_reason IS NULL GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2")        \
	X(CALL_FOLLOW, "INSERT OR IGNORE INTO call_follow(call_id, user_id, created_at)"           \
		       " VALUES(?1, ?2, ?3)")                                                      \
	X(CALL_UNFOLLOW, "DELETE FROM call_follow WHERE call_id = ?1 AND user_id = ?2")            \
	X(CALL_FOLLOWING, "SELECT count(*) FROM call_follow WHERE call_id = ?1 AND user_id = ?2")  \
	X(NOTIFICATIONS, "SELECT id, kind, call_id, subject, body, created_at, sent_at"            \
			 " FROM notification WHERE user_id = ?1 AND (?3 = 0 OR id < ?3)"           \
			 " ORDER BY id DESC LIMIT ?2")                                             \
	X(CALL_QUEUE, "SELECT r.id, r.call_id, c.title, r.organisation, u.email, r.updated_at"     \
		      " FROM call_response r JOIN call c ON c.id = r.call_id"                      \
		      " JOIN user u ON u.id = r.user_id WHERE r.state = 'submitted'"               \
		      " AND r.reviewed = 0 AND r.hidden_reason IS NULL AND (?2 = 0"                \
		      " OR r.updated_at > ?3 OR (r.updated_at = ?3 AND r.id > ?2))"                \
		      " ORDER BY r.updated_at, r.id LIMIT ?1")                                     \
	X(TIMELINE_PUT, "INSERT INTO timeline_event(uid, kind, title, start, end, location, url,"  \
			" description, call_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"        \
			" ON CONFLICT(uid) DO UPDATE SET kind = excluded.kind,"                    \
			" title = excluded.title, start = excluded.start, end = excluded.end,"     \
			" location = excluded.location, url = excluded.url,"                       \
			" description = excluded.description, call_id = excluded.call_id"          \
			" WHERE (kind, title, start, end, location, url, description,"             \
			" coalesce(call_id, 0)) IS NOT (excluded.kind, excluded.title,"            \
			" excluded.start, excluded.end, excluded.location, excluded.url,"          \
			" excluded.description, coalesce(excluded.call_id, 0))")                   \
	X(TIMELINE_LIST, "SELECT uid, kind, title, start, end, location, url, description,"        \
			 " coalesce(call_id, 0) FROM timeline_event ORDER BY start, end, uid")     \
	X(CALL_QUEUE_COUNT, "SELECT count(*) FROM call_response WHERE state = 'submitted'"         \
			    " AND reviewed = 0 AND hidden_reason IS NULL")                         \
	/* "Previous page": a list read backwards from where a page starts (?1 id, ?2 key) */      \
	X(CALL_LIST_PREV, "SELECT closes_at, id FROM call WHERE (?3 OR state <> 'draft')"          \
			  " AND (closes_at > ?2 OR (closes_at = ?2 AND id >= ?1))"                 \
			  " ORDER BY closes_at, id LIMIT ?4")                                      \
	X(CALL_QUEUE_PREV, "SELECT updated_at, id FROM call_response WHERE state = 'submitted'"    \
			   " AND reviewed = 0 AND hidden_reason IS NULL AND (updated_at < ?2"      \
			   " OR (updated_at = ?2 AND id <= ?1))"                                   \
			   " ORDER BY updated_at DESC, id DESC LIMIT ?3")                          \
	X(CALL_RESP_PREV, "SELECT 0, id FROM call_response WHERE call_id = ?3"                     \
			  " AND (?4 = 0 OR user_id = ?4) AND (?5 = 0 OR state = 'submitted')"      \
			  " AND (?6 = 0 OR hidden_reason IS NULL) AND id <= ?1"                    \
			  " ORDER BY id DESC LIMIT ?7")                                            \
	X(NOTIFICATIONS_PREV, "SELECT 0, id FROM notification WHERE user_id = ?3 AND id >= ?1"     \
			      " ORDER BY id LIMIT ?4")
/*
 * The initiatives a report counts (store_sqlite_figures.c), on the initiative i: ?1 the
 * states and ?2 the stakeholder types (JSON arrays; ?2 NULL: all), ?3 and ?4 the years
 * (0: open). The unary + keeps SQLite off the state index, so the initiatives are read in
 * id order with no sort (the figures service merges the three streams by id).
 * STORE_FIG_PLACE adds the place: ?5 its kind, ?6 its code; written as an IN over the
 * place's countries so that SQLite reads only the place's initiatives, by id, through
 * initiative_country_iso2, instead of testing every initiative.
 */
#define STORE_FIG_WHERE                                                                \
	" +i.state IN (SELECT value FROM json_each(?1))"                               \
	" AND (?2 IS NULL OR i.stakeholder_type IN (SELECT value FROM json_each(?2)))" \
	" AND (?3 = 0 OR CAST(substr(i.start_date, 1, 4) AS INTEGER) >= ?3)"           \
	" AND (?4 = 0 OR CAST(substr(i.start_date, 1, 4) AS INTEGER) <= ?4)"
#define STORE_FIG_PLACE                                                                     \
	" AND i.id IN (SELECT ic.initiative_id FROM initiative_country ic WHERE ic.iso2 IN" \
	" (SELECT c.iso2 FROM country c WHERE (?5 = 'country' AND c.iso2 = ?6)"             \
	" OR (?5 = 'itu_region' AND c.itu_region = ?6)"                                     \
	" OR (?5 = 'm49_region' AND ?6 IN (c.m49_region, c.m49_subregion, c.m49_intermediate))))"

/* The statements, as an X-macro: X(name, sql). */
#define STMT_LIST(X)                                                                               \
	X(FW_PUT, "INSERT INTO fw_item(scheme, code, parent, attr, sort, is_group)"                \
		  " VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(scheme, code) DO UPDATE SET"        \
		  " parent = excluded.parent, attr = excluded.attr, sort = excluded.sort,"         \
		  " is_group = excluded.is_group")                                                 \
	X(FW_TITLE_PUT, "INSERT INTO fw_title(scheme, code, lang, title, short_title)"             \
			" VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(scheme, code, lang) DO UPDATE"    \
			" SET title = excluded.title, short_title = excluded.short_title")         \
	X(FW_TITLES_DEL, "DELETE FROM fw_title WHERE scheme = ?1 AND code = ?2")                   \
	X(FW_LINKS_CLEAR, "DELETE FROM fw_link")                                                   \
	X(FW_LINK_PUT, "INSERT OR IGNORE INTO fw_link(from_scheme, from_code, to_scheme, to_code)" \
		       " VALUES(?1, ?2, ?3, ?4)")                                                  \
	X(FW_LIST,                                                                                 \
	  "SELECT i.code, i.parent, i.attr, i.sort, i.is_group,"                                   \
	  " coalesce(t.title, e.title), coalesce(t.short_title, e.short_title)"                    \
	  " FROM fw_item i"                                                                        \
	  " LEFT JOIN fw_title t ON t.scheme = i.scheme AND t.code = i.code AND t.lang = ?2"       \
	  " LEFT JOIN fw_title e ON e.scheme = i.scheme AND e.code = i.code AND e.lang = 'en'"     \
	  " WHERE i.scheme = ?1 ORDER BY i.sort, i.code")                                          \
	X(FW_LINKS,                                                                                \
	  "SELECT to_code FROM fw_link l JOIN fw_item i"                                           \
	  " ON i.scheme = l.to_scheme AND i.code = l.to_code"                                      \
	  " WHERE from_scheme = ?1 AND from_code = ?2 AND to_scheme = ?3 ORDER BY i.sort")         \
	X(FW_COUNT, "SELECT count(*) FROM fw_item WHERE scheme = ?1 AND is_group = 0")             \
	X(FW_EXISTS, "SELECT 1 FROM fw_item WHERE scheme = ?1 AND code = ?2 AND is_group = 0")     \
	X(COUNTRY_PUT,                                                                             \
	  "INSERT INTO country(iso2, iso3, numeric, m49_region, m49_subregion,"                    \
	  " m49_intermediate, itu_region, ldc, lldc, sids)"                                        \
	  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(iso2) DO UPDATE"           \
	  " SET iso3 = excluded.iso3, numeric = excluded.numeric,"                                 \
	  " m49_region = excluded.m49_region, m49_subregion = excluded.m49_subregion,"             \
	  " m49_intermediate = excluded.m49_intermediate,"                                         \
	  " itu_region = excluded.itu_region, ldc = excluded.ldc,"                                 \
	  " lldc = excluded.lldc, sids = excluded.sids")                                           \
	X(COUNTRY_NAME_PUT, "INSERT INTO country_name(iso2, lang, name) VALUES(?1, ?2, ?3)"        \
			    " ON CONFLICT(iso2, lang) DO UPDATE SET name = excluded.name")         \
	X(COUNTRY_LIST, "SELECT c.iso2, c.iso3, c.numeric, c.m49_region, c.m49_subregion,"         \
			" c.m49_intermediate, c.itu_region, c.ldc, c.lldc, c.sids,"                \
			" coalesce(n.name, e.name) FROM country c"                                 \
			" LEFT JOIN country_name n ON n.iso2 = c.iso2 AND n.lang = ?1"             \
			" LEFT JOIN country_name e ON e.iso2 = c.iso2 AND e.lang = 'en'"           \
			" ORDER BY c.iso2")                                                        \
	X(COUNTRY_EXISTS, "SELECT 1 FROM country WHERE iso2 = ?1")                                 \
	X(COUNTRY_ALIAS_PUT, "INSERT INTO country_alias(alias, iso2) VALUES(?1, ?2)"               \
			     " ON CONFLICT(alias) DO UPDATE SET iso2 = excluded.iso2")             \
	X(COUNTRY_FIND, "SELECT iso2 FROM country WHERE iso2 = upper(?1)"                          \
			" UNION ALL SELECT iso2 FROM country_name WHERE lower(name) = lower(?1)"   \
			" UNION ALL SELECT iso2 FROM country_alias WHERE lower(alias) = lower(?1)" \
			" LIMIT 1")                                                                \
	X(ORG_FIND, "SELECT id, stakeholder_type, country, website FROM organisation"              \
		    " WHERE name = ?1")                                                            \
	X(ORG_INSERT, "INSERT INTO organisation(name, stakeholder_type, country, website,"         \
		      " created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?5)")                   \
	X(ORG_UPDATE, "UPDATE organisation SET stakeholder_type = coalesce(?2, stakeholder_type)," \
		      " country = coalesce(?3, country), website = coalesce(?4, website),"         \
		      " updated_at = ?5 WHERE id = ?1")                                            \
	X(INI_FIND_ID, "SELECT id, doc FROM initiative WHERE id = ?1")                             \
	X(INI_FIND_SOURCE, "SELECT id, doc FROM initiative WHERE source = ?1 AND source_id = ?2")  \
	X(INI_INSERT, "INSERT INTO initiative(source, source_id, title, organisation_id,"          \
		      " stakeholder_type, scope, start_date, end_date, status, url, language,"     \
		      " state, doc, created_at, updated_at, updated_by)"                           \
		      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14,"  \
		      " ?15)")                                                                     \
	X(INI_UPDATE,                                                                              \
	  "UPDATE initiative SET source = ?1, source_id = ?2, title = ?3,"                         \
	  " organisation_id = ?4, stakeholder_type = ?5, scope = ?6,"                              \
	  " start_date = ?7, end_date = ?8, status = ?9, url = ?10, language = ?11,"               \
	  " state = ?12, doc = ?13, updated_at = ?14, updated_by = ?15 WHERE id = ?16")            \
	X(INI_FTS_DEL, "DELETE FROM initiative_fts WHERE rowid = ?1")                              \
	/* the same columns as initiative_fts_src, for a new row in a bulk transaction */          \
	X(INI_FTS_ADD, "INSERT INTO initiative_fts(rowid, title, summary, description,"            \
		       " organisation) VALUES(?1, ?2, ?3, ?4, ?5)")                                \
	X(INI_COUNTRIES_DEL, "DELETE FROM initiative_country WHERE initiative_id = ?1")            \
	X(INI_COUNTRY_ADD, "INSERT INTO initiative_country(initiative_id, iso2) VALUES(?1, ?2)")   \
	X(INI_TAGS_DEL, "DELETE FROM tag WHERE initiative_id = ?1")                                \
	X(INI_TAG_ADD, "INSERT INTO tag(initiative_id, scheme, code, origin, score)"               \
		       " VALUES(?1, ?2, ?3, ?4, ?5)")                                              \
	X(INI_GET, "SELECT doc, created_at, updated_at FROM initiative WHERE id = ?1")             \
	X(INI_EACH, "SELECT id, doc, created_at, updated_at FROM initiative ORDER BY id")          \
	X(INI_EACH_STATE, "SELECT id, doc, created_at, updated_at FROM initiative"                 \
			  " WHERE state = ?1 ORDER BY id")                                         \
	X(REV_KEEP, "INSERT INTO revision(initiative_id, rev, doc, actor, created_at)"             \
		    " SELECT id, (SELECT coalesce(max(rev), 0) + 1 FROM revision"                  \
		    " WHERE initiative_id = ?1), doc, updated_by, updated_at"                      \
		    " FROM initiative WHERE id = ?1")                                              \
	X(REV_COUNT, "SELECT count(*) FROM revision WHERE initiative_id = ?1")                     \
	X(AUDIT_ADD, "INSERT INTO audit(at, actor, action, entity, entity_id, detail)"             \
		     " VALUES(?1, ?2, ?3, ?4, ?5, ?6)")                                            \
	/* accounts (store_sqlite_accounts.c) */                                                   \
	X(USER_INSERT, "INSERT INTO user(email, name, password_hash, role, organisation_id,"       \
		       " created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6)")              \
	X(USER_BY_EMAIL, "SELECT u.id, u.email, u.name, u.password_hash, u.role, o.name,"          \
			 " u.disabled, u.created_at FROM user u"                                   \
			 " LEFT JOIN organisation o ON o.id = u.organisation_id"                   \
			 " WHERE u.email = ?1")                                                    \
	X(USER_BY_ID, "SELECT u.id, u.email, u.name, u.password_hash, u.role, o.name,"             \
		      " u.disabled, u.created_at FROM user u"                                      \
		      " LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.id = ?1")     \
	X(USER_LIST, "SELECT u.id, u.email, u.name, NULL, u.role, o.name, u.disabled,"             \
		     " u.created_at FROM user u"                                                   \
		     " LEFT JOIN organisation o ON o.id = u.organisation_id ORDER BY u.email")     \
	X(USER_SET_PASSWORD, "UPDATE user SET password_hash = ?2, updated_at = ?3 WHERE id = ?1")  \
	X(USER_SET_ROLE, "UPDATE user SET role = ?2, updated_at = ?3 WHERE id = ?1")               \
	X(USER_SET_DISABLED,                                                                       \
	  "UPDATE user SET disabled = CAST(?2 AS INTEGER), updated_at = ?3 WHERE id = ?1")         \
	X(SESSION_INSERT, "INSERT INTO session(token_hash, user_id, csrf, created_at, expires_at)" \
			  " VALUES(?1, ?2, ?3, ?4, ?5)")                                           \
	X(SESSION_PURGE, "DELETE FROM session WHERE expires_at <= ?1")                             \
	X(SESSION_FIND, "SELECT u.id, u.email, u.name, u.password_hash, u.role, o.name,"           \
			" u.disabled, u.created_at, s.csrf FROM session s"                         \
			" JOIN user u ON u.id = s.user_id"                                         \
			" LEFT JOIN organisation o ON o.id = u.organisation_id"                    \
			" WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0")       \
	X(SESSION_DELETE, "DELETE FROM session WHERE token_hash = ?1 RETURNING user_id")           \
	X(SESSION_DELETE_USER, "DELETE FROM session WHERE user_id = ?1 AND token_hash IS NOT ?2")  \
	X(LOGIN_FAIL_ADD, "INSERT INTO login_attempt(key, at) VALUES(?1, ?2)")                     \
	X(LOGIN_FAIL_PURGE, "DELETE FROM login_attempt WHERE at < ?1")                             \
	X(LOGIN_FAIL_COUNT, "SELECT count(*) FROM login_attempt WHERE key = ?1 AND at >= ?2")      \
	X(TOKEN_INSERT, "INSERT INTO api_token(token_hash, user_id, name, created_at)"             \
			" VALUES(?1, ?2, ?3, ?4)")                                                 \
	X(TOKEN_FIND, "SELECT u.id, u.email, u.name, u.password_hash, u.role, o.name,"             \
		      " u.disabled, u.created_at, t.id FROM api_token t"                           \
		      " JOIN user u ON u.id = t.user_id"                                           \
		      " LEFT JOIN organisation o ON o.id = u.organisation_id"                      \
		      " WHERE t.token_hash = ?1 AND t.revoked = 0 AND u.disabled = 0")             \
	X(TOKEN_TOUCH, "UPDATE api_token SET last_used_at = ?2 WHERE id = ?1"                      \
		       " AND (last_used_at IS NULL OR last_used_at < ?3)")                         \
	X(TOKEN_LIST, "SELECT id, name, created_at, last_used_at, revoked FROM api_token"          \
		      " WHERE user_id = ?1 ORDER BY id DESC")                                      \
	X(TOKEN_REVOKE, "UPDATE api_token SET revoked = 1 WHERE id = ?1 AND user_id = ?2")         \
	/* search (store_sqlite_search.c) */                                                       \
	X(SEARCH_SEQ, "SELECT coalesce(max(seq), 0) FROM search_change")                           \
	X(SEARCH_CHANGES_COUNT, "SELECT count(*) FROM search_change WHERE seq > ?1")               \
	X(SEARCH_CHANGED, "SELECT initiative_id FROM search_change WHERE seq > ?1 ORDER BY seq")   \
	X(SEARCH_ROWS, "SELECT id, state, stakeholder_type, status, start_date, created_at, title" \
		       " FROM initiative ORDER BY id")                                             \
	X(SEARCH_ROW, "SELECT id, state, stakeholder_type, status, start_date, created_at, title"  \
		      " FROM initiative WHERE id = ?1")                                            \
	X(SEARCH_TAGS, "SELECT initiative_id, scheme, code FROM tag")                              \
	X(SEARCH_TAGS_OF, "SELECT scheme, code FROM tag WHERE initiative_id = ?1")                 \
	X(SEARCH_COUNTRIES, "SELECT initiative_id, iso2 FROM initiative_country")                  \
	X(SEARCH_COUNTRIES_OF, "SELECT iso2 FROM initiative_country WHERE initiative_id = ?1")     \
	X(SEARCH_FTS, "SELECT rowid FROM initiative_fts WHERE initiative_fts MATCH ?1")            \
	X(SEARCH_FTS_RANKED,                                                                       \
	  "SELECT rowid, stocktake_bm25(initiative_fts, ?2, 10.0, 4.0, 1.0, 2.0)"                  \
	  " FROM initiative_fts WHERE initiative_fts MATCH ?1")                                    \
	X(SEARCH_SNIPPET,                                                                          \
	  "SELECT CASE WHEN stocktake_cols(initiative_fts) & 4"                                    \
	  "  THEN snippet(initiative_fts, 2, char(1), char(2), '\xe2\x80\xa6', 32) END,"           \
	  " CASE WHEN stocktake_cols(initiative_fts) & 6 = 2"                                      \
	  "  THEN snippet(initiative_fts, 1, char(1), char(2), '\xe2\x80\xa6', 32) END"            \
	  " FROM initiative_fts WHERE initiative_fts MATCH ?1 AND rowid = ?2")                     \
	/* framework pages (store_sqlite_frameworks.c, store_sqlite_view.c) */                     \
	X(FW_LINKS_TO,                                                                             \
	  "SELECT from_code FROM fw_link l JOIN fw_item i"                                         \
	  " ON i.scheme = l.from_scheme AND i.code = l.from_code"                                  \
	  " WHERE to_scheme = ?1 AND to_code = ?2 AND from_scheme = ?3 ORDER BY i.sort")           \
	X(TALLY_TAG, "SELECT t.code, count(*) FROM tag t JOIN initiative i"                        \
		     " ON i.id = t.initiative_id WHERE t.scheme = ?1 AND i.state = 'published'"    \
		     " GROUP BY t.code")                                                           \
	X(TALLY_COUNTRY, "SELECT ic.iso2, count(*) FROM initiative_country ic JOIN initiative i"   \
			 " ON i.id = ic.initiative_id WHERE i.state = 'published'"                 \
			 " GROUP BY ic.iso2")                                                      \
	X(TALLY_M49, "SELECT r.code, count(DISTINCT ic.initiative_id) FROM"                        \
		     " (SELECT iso2, m49_region AS code FROM country"                              \
		     " UNION ALL SELECT iso2, m49_subregion FROM country"                          \
		     " UNION ALL SELECT iso2, m49_intermediate FROM country) r"                    \
		     " JOIN initiative_country ic ON ic.iso2 = r.iso2"                             \
		     " JOIN initiative i ON i.id = ic.initiative_id AND i.state = 'published'"     \
		     " WHERE r.code <> '' GROUP BY r.code")                                        \
	X(TALLY_ITU, "SELECT c.itu_region, count(DISTINCT ic.initiative_id)"                       \
		     " FROM initiative_country ic JOIN country c ON c.iso2 = ic.iso2"              \
		     " JOIN initiative i ON i.id = ic.initiative_id AND i.state = 'published'"     \
		     " WHERE c.itu_region <> '' GROUP BY c.itu_region")                            \
	X(BRIEF_TAG, "SELECT i.id, i.title, json_extract(i.doc, '$.summary'), o.name,"             \
		     " i.start_date, i.end_date, count(*) OVER () FROM initiative i"               \
		     " LEFT JOIN organisation o ON o.id = i.organisation_id"                       \
		     " WHERE i.state = 'published' AND i.id IN (SELECT initiative_id FROM tag"     \
		     " WHERE scheme = ?1 AND (code = ?2"                                           \
		     " OR substr(code, 1, length(?2) + 1) = ?2 || '.'))"                           \
		     " ORDER BY i.id DESC LIMIT ?3")                                               \
	X(BRIEF_COUNTRY, "SELECT i.id, i.title, json_extract(i.doc, '$.summary'), o.name,"         \
			 " i.start_date, i.end_date, count(*) OVER ()"                             \
			 " FROM initiative_country ic JOIN initiative i"                           \
			 " ON i.id = ic.initiative_id"                                             \
			 " LEFT JOIN organisation o ON o.id = i.organisation_id"                   \
			 " WHERE ic.iso2 = ?2 AND i.state = 'published'"                           \
			 " ORDER BY i.id DESC LIMIT ?3")                                           \
	X(BRIEF_M49, "SELECT i.id, i.title, json_extract(i.doc, '$.summary'), o.name,"             \
		     " i.start_date, i.end_date, count(*) OVER () FROM initiative i"               \
		     " LEFT JOIN organisation o ON o.id = i.organisation_id"                       \
		     " WHERE i.state = 'published' AND i.id IN (SELECT ic.initiative_id"           \
		     " FROM initiative_country ic JOIN country c ON c.iso2 = ic.iso2"              \
		     " WHERE ?2 IN (c.m49_region, c.m49_subregion, c.m49_intermediate))"           \
		     " ORDER BY i.id DESC LIMIT ?3")                                               \
	X(BRIEF_ITU, "SELECT i.id, i.title, json_extract(i.doc, '$.summary'), o.name,"             \
		     " i.start_date, i.end_date, count(*) OVER () FROM initiative i"               \
		     " LEFT JOIN organisation o ON o.id = i.organisation_id"                       \
		     " WHERE i.state = 'published' AND i.id IN (SELECT ic.initiative_id"           \
		     " FROM initiative_country ic JOIN country c ON c.iso2 = ic.iso2"              \
		     " WHERE c.itu_region = ?2) ORDER BY i.id DESC LIMIT ?3")                      \
	X(INI_RELATED, "WITH mine AS (SELECT scheme, code FROM tag WHERE initiative_id = ?1)"      \
		       " SELECT t.initiative_id, count(*) AS n FROM tag t"                         \
		       " JOIN mine m ON m.scheme = t.scheme AND m.code = t.code"                   \
		       " JOIN initiative p ON p.id = t.initiative_id AND p.state = 'published'"    \
		       " WHERE t.initiative_id <> ?1 GROUP BY t.initiative_id"                     \
		       " ORDER BY n DESC, t.initiative_id DESC LIMIT ?2")                          \
	X(INI_ACCESS, "SELECT submitted_by, state, moderation_note, updated_by FROM initiative"    \
		      " WHERE id = ?1")                                                            \
	X(REV_LIST, "SELECT rev, doc, actor, created_at, 0 FROM revision WHERE initiative_id = ?1" \
		    " UNION ALL SELECT (SELECT coalesce(max(rev), 0) + 1 FROM revision"            \
		    " WHERE initiative_id = ?1), doc, updated_by, updated_at, 1"                   \
		    " FROM initiative WHERE id = ?1 ORDER BY 1 DESC LIMIT ?2")                     \
	/* moderation (store_sqlite_initiatives.c) */                                              \
	X(QUEUE_PAGE,                                                                              \
	  "SELECT i.id, i.title, i.state, o.name, u.email, i.moderation_note,"                     \
	  " i.created_at, i.updated_at FROM initiative i"                                          \
	  " LEFT JOIN organisation o ON o.id = i.organisation_id"                                  \
	  " LEFT JOIN user u ON u.id = i.submitted_by WHERE i.state = 'submitted'"                 \
	  " AND (?1 IS NULL OR i.updated_at > ?1 OR (i.updated_at = ?1 AND i.id > ?2))"            \
	  " ORDER BY i.updated_at, i.id LIMIT ?3")                                                 \
	X(QUEUE_COUNT, "SELECT count(*) FROM initiative WHERE state = 'submitted'")                \
	X(USER_INITIATIVES, "SELECT i.id, i.title, i.state, o.name, u.email, i.moderation_note,"   \
			    " i.created_at, i.updated_at FROM initiative i"                        \
			    " LEFT JOIN organisation o ON o.id = i.organisation_id"                \
			    " LEFT JOIN user u ON u.id = i.submitted_by WHERE i.submitted_by = ?1" \
			    " AND (?2 = 0 OR i.id < ?2) ORDER BY i.id DESC LIMIT ?3")              \
	X(INI_SET_SUBMITTER, "UPDATE initiative SET submitted_by = ?2 WHERE id = ?1")              \
	X(INI_SET_NOTE, "UPDATE initiative SET moderation_note = ?2 WHERE id = ?1")                \
	X(REV_LAST,                                                                                \
	  "SELECT rev, doc, actor, created_at FROM revision WHERE initiative_id = ?1"              \
	  " AND (?2 IS NULL OR json_extract(doc, '$.state') = ?2) ORDER BY rev DESC LIMIT 1")      \
	X(ORG_NAMES, "SELECT name FROM organisation ORDER BY name LIMIT ?1")                       \
	X(AUDIT_LIST, "SELECT id, at, actor, action, entity, entity_id, detail FROM audit"         \
		      " WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2)"          \
		      " AND (?3 IS NULL OR entity = ?3) AND (?4 IS NULL OR entity_id = ?4)"        \
		      " AND (?5 = 0 OR id < ?5) ORDER BY id DESC LIMIT ?6")                        \
	X(SUMMARY, "SELECT (SELECT count(*) FROM initiative WHERE state = 'published'),"           \
		   " (SELECT count(*) FROM organisation)")                                         \
	X(ORG_COUNT, "SELECT count(*) FROM organisation")                                          \
	X(STATS_STATE, "SELECT state, count(*) FROM initiative GROUP BY state")                    \
	X(STATS_TAGS, "SELECT scheme, count(*) FROM tag GROUP BY scheme")                          \
	X(STATS_COUNTS, "SELECT (SELECT count(*) FROM organisation),"                              \
			" (SELECT count(*) FROM country), (SELECT count(*) FROM revision),"        \
			" (SELECT count(*) FROM audit)")                                           \
	/* search: token counts for the ranking (store_sqlite_search.c) */                         \
	X(SEARCH_LENGTHS, "SELECT id, sz FROM initiative_fts_docsize")                             \
	X(SEARCH_LENGTH_OF, "SELECT sz FROM initiative_fts_docsize WHERE id = ?1")                 \
	X(SEARCH_SNIPPETS,                                                                         \
	  "SELECT rowid, CASE WHEN stocktake_cols(initiative_fts) & 4"                             \
	  "  THEN snippet(initiative_fts, 2, char(1), char(2), '\xe2\x80\xa6', 32) END,"           \
	  " CASE WHEN stocktake_cols(initiative_fts) & 6 = 2"                                      \
	  "  THEN snippet(initiative_fts, 1, char(1), char(2), '\xe2\x80\xa6', 32) END"            \
	  " FROM initiative_fts WHERE initiative_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3"         \
	  " AND +rowid IN (SELECT value FROM json_each(?4))")                                      \
	/* bulk import (store_sqlite_initiatives.c); the same columns as initiative_fts_src */     \
	X(INI_FTS_FILL,                                                                            \
	  "INSERT INTO initiative_fts(rowid, title, summary, description, organisation)"           \
	  " SELECT i.id, i.title, json_extract(i.doc, '$.summary'),"                               \
	  " json_extract(i.doc, '$.description'), o.name FROM initiative i"                        \
	  " LEFT JOIN organisation o ON o.id = i.organisation_id WHERE i.id BETWEEN ?1 AND ?2")    \
	X(INI_FTS_HASHSIZE, "INSERT INTO initiative_fts(initiative_fts, rank)"                     \
			    " VALUES('hashsize', 16777216)")                                       \
	/* change numbers for new initiatives, after ?3 (migration 5) */                           \
	X(INI_CHANGE_RANGE, "INSERT OR REPLACE INTO search_change(initiative_id, seq)"             \
			    " SELECT id, ?3 + id - ?1 + 1 FROM initiative"                         \
			    " WHERE id BETWEEN ?1 AND ?2")                                         \
	/* report figures (store_sqlite_figures.c) */                                              \
	X(FIG_ROWS,                                                                                \
	  "SELECT i.id, i.stakeholder_type, i.start_date FROM initiative i WHERE" STORE_FIG_WHERE  \
	  " ORDER BY i.id")                                                                        \
	X(FIG_TAGS,                                                                                \
	  "SELECT t.initiative_id, t.scheme, t.code, t.origin FROM initiative i"                   \
	  " JOIN tag t ON t.initiative_id = i.id WHERE" STORE_FIG_WHERE " ORDER BY i.id")          \
	X(FIG_COUNTRIES,                                                                           \
	  "SELECT ic.initiative_id, ic.iso2 FROM initiative i"                                     \
	  " JOIN initiative_country ic ON ic.initiative_id = i.id WHERE" STORE_FIG_WHERE           \
	  " ORDER BY i.id")                                                                        \
	X(FIG_PLACE_ROWS,                                                                          \
	  "SELECT i.id, i.stakeholder_type, i.start_date FROM initiative i WHERE" STORE_FIG_WHERE  \
	      STORE_FIG_PLACE " ORDER BY i.id")                                                    \
	X(FIG_PLACE_TAGS,                                                                          \
	  "SELECT t.initiative_id, t.scheme, t.code, t.origin FROM initiative i"                   \
	  " JOIN tag t ON t.initiative_id = i.id WHERE" STORE_FIG_WHERE STORE_FIG_PLACE            \
	  " ORDER BY i.id")                                                                        \
	X(FIG_PLACE_COUNTRIES,                                                                     \
	  "SELECT ic.initiative_id, ic.iso2 FROM initiative i"                                     \
	  " JOIN initiative_country ic ON ic.initiative_id = i.id WHERE" STORE_FIG_WHERE           \
	      STORE_FIG_PLACE " ORDER BY i.id")                                                    \
	X(FIG_BRIEF, "SELECT i.id, i.title, o.name, i.start_date,"                                 \
		     " (SELECT group_concat(iso2, ', ') FROM (SELECT iso2 FROM initiative_country" \
		     " WHERE initiative_id = i.id ORDER BY iso2)) FROM initiative i"               \
		     " LEFT JOIN organisation o ON o.id = i.organisation_id WHERE i.id = ?1")      \
	/* the change number without an initiative: the row of initiative id 0, never used */      \
	X(CHANGE_BUMP, "INSERT OR REPLACE INTO search_change(initiative_id, seq)"                  \
		       " VALUES(0, (SELECT coalesce(max(seq), 0) + 1 FROM search_change))")        \
	X(CHANGE_REF_SEQ,                                                                          \
	  "SELECT coalesce(max(seq), 0) FROM search_change WHERE initiative_id = 0")               \
	/* related initiatives ranked in C; lists found in the index (store_sqlite_view.c) */      \
	X(INI_RELATED_DOC,                                                                         \
	  "SELECT title, doc FROM initiative WHERE id = ?1 AND state = 'published'")               \
	X(INI_BRIEF, "SELECT i.id, i.title, json_extract(i.doc, '$.summary'), o.name,"             \
		     " i.start_date, i.end_date FROM initiative i"                                 \
		     " LEFT JOIN organisation o ON o.id = i.organisation_id"                       \
		     " WHERE i.id = ?1 AND i.state = 'published'")                                 \
	CALLS_STMT_LIST(X)

enum stmt_id {
#define STMT_ENUM(name, sql) STMT_##name,
	STMT_LIST(STMT_ENUM)
#undef STMT_ENUM
	    STMT__COUNT
};

/* The SQL text of each statement. */
extern const char *const store__sql[STMT__COUNT];

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT__COUNT];
	int in_tx;
	int bulk; /* in a store_begin_bulk transaction: no per-write savepoints */
	/*
	 * New initiatives whose change numbers are still to be given (INI_CHANGE_RANGE): the
	 * range fts_lo..fts_hi (none when fts_lo is 0), new rows having consecutive ids. With
	 * fts_fill, their full-text rows are still to be written too, from the view
	 * (INI_FTS_FILL); a bulk transaction writes them one by one as it stores the records
	 * (INI_FTS_ADD), so FTS5 tokenises at the pace of the other writes and keeps its
	 * pending terms in memory until the buffer is full: a statement over many rows opens
	 * a statement savepoint, at which FTS5 writes out what it has pending.
	 */
	int64_t fts_lo, fts_hi;
	int fts_fill;
	int readonly;
	int fts_funcs; /* the search functions are registered on db (store_sqlite_search.c) */
	char *path;
	char errmsg[512];
};

/* store__fts_flush indexes the pending initiatives; store__fts_discard forgets them. */
int store__fts_bulk_setup(struct store *s);
int store__fts_flush(struct store *s);
void store__fts_discard(struct store *s);

/* store__fail records a message on s and returns code. */
int store__fail(struct store *s, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* store__db_fail maps the connection's last SQLite error to an err code, keeping its message. */
int store__db_fail(struct store *s, const char *what);
/* store__stmt returns the prepared, reset statement id, or NULL (the error is on s). */
sqlite3_stmt *store__stmt(struct store *s, enum stmt_id id);
/*
 * store__prep sets *st to the prepared, reset statement id: 0, or ERR_DB (the error is on
 * s), for the write paths' "if ((rc = store__prep(...))) goto out;".
 */
int store__prep(struct store *s, enum stmt_id id, sqlite3_stmt **st);
/* store__bind_text binds v, or NULL when v is NULL; the string must outlive the step. */
int store__bind_text(sqlite3_stmt *st, int i, const char *v);
/* store__step_done runs a statement that returns no rows. */
int store__step_done(struct store *s, sqlite3_stmt *st, const char *what);
/* store__exec runs SQL without parameters (pragmas, transaction control). */
int store__exec(struct store *s, const char *sql, const char *what);
/* store__col_text returns column i as text (NULL for NULL). */
const char *store__col_text(sqlite3_stmt *st, int i);
/*
 * store__col_dup copies column i as text into a: NULL for NULL, and NULL with *failed set
 * when out of memory (so a row's columns are copied in a row and checked once).
 */
const char *store__col_dup(struct arena *a, sqlite3_stmt *st, int i, int *failed);
/*
 * store__step_one steps st, a statement that yields at most one row. 0 when st stands on
 * its row (the caller reads it, then resets st); otherwise st is reset and the result is
 * ERR_NOT_FOUND with the message fmt, or the database error named by what.
 */
int store__step_one(struct store *s, sqlite3_stmt *st, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * store__initiative_row runs statement which with an initiative's id as ?1 and steps to its
 * row (store__step_one): 0 with *out on the row, ERR_NOT_FOUND when there is no initiative
 * id, or the database error.
 */
int store__initiative_row(struct store *s, enum stmt_id which, int64_t id, sqlite3_stmt **out);
/* store__brief_row reads the six columns every store_ini_brief listing starts with. */
void store__brief_row(sqlite3_stmt *st, struct store_ini_brief *b);
/* store__count runs a one-row, one-integer statement with up to two text parameters. */
int store__count(struct store *s, enum stmt_id id, const char *p1, const char *p2, int64_t *n);
/*
 * store__step_int steps st (parameters bound), a query of one row of one integer, into *n and
 * resets it; no row is an error too, named by what.
 */
int store__step_int(struct store *s, sqlite3_stmt *st, int64_t *n, const char *what);
/*
 * Each write is all-or-nothing: store__tx_enter opens a savepoint (a transaction of its own
 * when none is open), store__tx_leave releases it, or rolls it back when rc is an error,
 * and returns rc (or the release's error).
 */
int store__tx_enter(struct store *s, int *opened);
int store__tx_leave(struct store *s, int opened, int rc);

/*
 * Lists read by a table of columns: column i of a row goes to cols[i] of the element (a
 * zero entry passes the column over), so a list function names only its columns and what
 * differs. STORE_COL(kind, type, field) makes an entry: I64 and INT are integers, TEXT a
 * string copied into the arena (NULL for NULL).
 */
enum store_col_kind { STORE_COL_SKIP, STORE_COL_I64, STORE_COL_INT, STORE_COL_TEXT };
struct store_col {
	enum store_col_kind kind;
	size_t off;
};
#define STORE_COL(kind, type, field)                    \
	{                                               \
		STORE_COL_##kind, offsetof(type, field) \
	}
/*
 * A list's rows: the element's size, the most elements a list may hold (more is ERR_NOMEM,
 * as arena_grow says), the column table, and more, when not NULL, for what a table cannot
 * say (a state parsed from its name, a JSON array); it runs after the table on the same row.
 */
struct store_rows {
	size_t size, max;
	const struct store_col *cols;
	size_t ncols;
	void (*more)(sqlite3_stmt *st, struct arena *a, void *el, int *failed);
};
#define STORE_ROWS(type, max, cols, more)                                 \
	{                                                                 \
		sizeof(type), max, cols, sizeof cols / sizeof *cols, more \
	}
/* store__row_read zeroes el and reads the current row of st into it by r. */
void store__row_read(sqlite3_stmt *st, struct arena *a, const struct store_rows *r, void *el,
		     int *failed);
/*
 * store__read_rows steps st (parameters bound; NULL: store__stmt failed, ERR_DB) and reads
 * every row by r into an array in a: 0 with the array in *out (a pointer to the element
 * type's pointer) and its length in *n, or ERR_NOMEM / the database error with what in the
 * message. The statement is reset on return; *out and *n are written only on success.
 */
int store__read_rows(struct store *s, sqlite3_stmt *st, struct arena *a, const struct store_rows *r,
		     void *out, size_t *n, const char *what);
/* store__bind_limit binds limit as parameter i, at most max. */
void store__bind_limit(sqlite3_stmt *st, int i, size_t limit, size_t max);

#endif
