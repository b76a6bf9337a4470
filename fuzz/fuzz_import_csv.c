/*
 * fuzz_import_csv.c - libFuzzer driver for the CSV reader (import_read_csv); the checks on every record
 * are in fuzz_reader.h.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(import_read_csv, data, size);
}
