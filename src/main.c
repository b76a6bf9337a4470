/*
 * main.c - the stocktake program.
 */
#include "cli/cli.h"
#include "core/i18n.h"

#include <libxml/parser.h>

int main(int argc, char **argv)
{
	i18n_init();
	xmlInitParser(); /* once, before any thread may parse */
	return cli_main(argc, argv);
}
