/*
 * schema.h - the versioned migrations of the SQLite schema.
 *
 * Migration N takes the database from user_version N-1 to N. Migrations are only ever
 * appended: a released migration is never edited, since databases in the field ran it.
 */
#ifndef STOCKTAKE_STORE_SCHEMA_H
#define STOCKTAKE_STORE_SCHEMA_H

struct store_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct store_migration store_sqlite_migrations[];
extern const int store_sqlite_migration_count;

/* The application_id that marks a SQLite file as a stocktake database ("STKT"). */
#define STORE_APPLICATION_ID 0x53544b54

#endif
