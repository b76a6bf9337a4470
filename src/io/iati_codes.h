/*
 * iati_codes.h - mapping IATI codelist values to stocktake's.
 */
#ifndef STOCKTAKE_IO_IATI_CODES_H
#define STOCKTAKE_IO_IATI_CODES_H

/* The activity-date slots, in the order of IATI's ActivityDateType codes 1 to 4. */
enum { IATI_START_PLANNED, IATI_START_ACTUAL, IATI_END_PLANNED, IATI_END_ACTUAL, IATI_DATE_COUNT };
extern const char *const iati_date_names[IATI_DATE_COUNT];

/*
 * iati_xml_lang_code writes the ISO 639-1 code of an xml:lang value ("en", "EN", "en-GB")
 * to out, lowercased, and returns 1; it writes "" and returns 0 when there is none.
 */
int iati_xml_lang_code(const char *s, char out[3]);
/* iati_xml_lang_rank: 0 for text in English or with no language, 1 for any other. */
int iati_xml_lang_rank(const char *lang);
/* iati_stakeholder_type maps an OrganisationType (code or name) to ours; NULL if unknown. */
const char *iati_stakeholder_type(const char *t);
/* iati_date_slot maps an activity-date type (v2 code or v1 name) to a slot, -1 if unknown. */
int iati_date_slot(const char *type);

#endif
