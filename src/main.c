/*
 * main.c - the stocktake program.
 */
#include "cli/cli.h"
#include "cli/cli_i18n.h"
#include "core/i18n.h"

#include <libxml/parser.h>
#include <sodium.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	i18n_init();
	cli_i18n_init();
	xmlInitParser(); /* once, before any thread may parse */
	store_library_init();
	/* once, before any thread hashes a password or draws random bytes */
	if (sodium_init() < 0) {
		fputs(_("stocktake: libsodium cannot be initialised\n"), stderr);
		return 1;
	}
	return cli_main(argc, argv);
}
