/*
 * fuzz_import_dpg.c - libFuzzer driver for the DPG candidates reader (import_read_dpg); the checks on every record
 * are in fuzz_reader.h.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(import_read_dpg, data, size);
}
