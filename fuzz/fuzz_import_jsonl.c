/*
 * fuzz_import_jsonl.c - libFuzzer driver for the JSON Lines reader (import_read_jsonl); the checks on every record
 * are in fuzz_reader.h.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(import_read_jsonl, data, size);
}
