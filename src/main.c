/*
 * main.c - the stocktake program.
 */
#include "cli/cli.h"
#include "core/i18n.h"

int main(int argc, char **argv)
{
	i18n_init();
	return cli_main(argc, argv);
}
