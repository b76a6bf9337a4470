/*
 * cli.h - the stocktake command line: global options, the command table, and what the
 * commands share (opening the database, printing errors).
 */
#ifndef STOCKTAKE_CLI_CLI_H
#define STOCKTAKE_CLI_CLI_H

#include "core/err.h"
#include "store/store.h"

/* Exit statuses. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

struct cli {
	const char *db_path; /* --db, else $STOCKTAKE_DB, else var/stocktake.db */
	int db_explicit;     /* the path came from --db or $STOCKTAKE_DB */
	const char *prog;
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *summary; /* one line, marked with N_() */
	const char *usage;   /* the full --help text, marked with N_() */
};

/* cli_main parses global options and runs a command; returns the exit status. */
int cli_main(int argc, char **argv);

/*
 * cli_open opens the database for a command (creating it when flags has STORE_CREATE),
 * printing a one-line error and returning NULL on failure.
 */
struct store *cli_open(struct cli *cli, int flags);
/*
 * cli_special_file tells whether path exists and is not a regular file (a device such as
 * /dev/stdout, a FIFO, a directory): a command must not write a temporary file and rename
 * it over such a path, which would replace it.
 */
int cli_special_file(const char *path);
/* cli_error prints "stocktake: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_help prints a command's usage on stdout and returns CLI_OK. */
int cli_help(const struct cli_command *cmd);
/* cli_usage_error prints an error and a pointer to --help; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * cli_bad_option reports the option getopt_long just refused in argv (with opterr 0):
 * unknown, missing its value, or given one it does not take; shortopts is the string given
 * to getopt_long. Returns CLI_USAGE.
 */
int cli_bad_option(const char *cmd, char **argv, const char *shortopts);
/* cli_find returns the command named name, or NULL. */
const struct cli_command *cli_find(const char *name);

/* The commands. */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_migrate(struct cli *cli, int argc, char **argv);
int cmd_frameworks(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_stats(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_token(struct cli *cli, int argc, char **argv);
int cmd_map(struct cli *cli, int argc, char **argv);
int cmd_model(struct cli *cli, int argc, char **argv);
int cmd_remap(struct cli *cli, int argc, char **argv);
/* calls for inputs and the review timeline (cmd_call.c) */
int cmd_call(struct cli *cli, int argc, char **argv);
int cmd_timeline(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);

#endif
