/*
 * iati_codes.c - IATI codes and names as stocktake values: organisation types, activity
 * date types, and xml:lang values. Pure functions, shared by the IATI reader and its tests.
 */
#include "io/iati_codes.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

/*
 * xml_lang_code writes the ISO 639-1 code of an xml:lang value ("en", "EN", "en-GB") to out,
 * lowercased, and returns 1; it writes "" and returns 0 when there is none.
 */
int iati_xml_lang_code(const char *s, char out[3])
{
	out[0] = '\0';
	if (!s || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1]))
		return 0;
	if (s[2] != '\0' && s[2] != '-' && s[2] != '_')
		return 0;
	out[0] = (char)tolower((unsigned char)s[0]);
	out[1] = (char)tolower((unsigned char)s[1]);
	out[2] = '\0';
	return 1;
}

/* xml_lang_rank: 0 for text in English or with no language, 1 for any other language. */
int iati_xml_lang_rank(const char *lang)
{
	char code[3];

	if (!lang || !*lang)
		return 0;
	return iati_xml_lang_code(lang, code) && strcmp(code, "en") == 0 ? 0 : 1;
}

/* stakeholder_type maps an IATI OrganisationType (code or name) to ours; NULL if unknown. */
const char *iati_stakeholder_type(const char *t)
{
	/*
	 * 30 Public Private Partnership is neither a government nor a company alone, and the
	 * bodies that report as one (global funds, alliances) are partnerships of both: "other".
	 * 40 Multilateral includes UN agencies, but the code cannot tell them apart from other
	 * multilaterals, so they are all international organisations.
	 */
	static const struct {
		const char *code, *name, *type;
	} map[] = {
	    {"10", "Government", "government"},
	    {"11", "Local Government", "government"},
	    {"15", "Other Public Sector", "government"},
	    {"21", "International NGO", "civil-society"},
	    {"22", "National NGO", "civil-society"},
	    {"23", "Regional NGO", "civil-society"},
	    {"24", "Partner Country based NGO", "civil-society"},
	    {"30", "Public Private Partnership", "other"},
	    {"40", "Multilateral", "international-organisation"},
	    {"60", "Foundation", "civil-society"},
	    {"70", "Private Sector", "private-sector"},
	    {"71", "Private Sector in Provider Country", "private-sector"},
	    {"72", "Private Sector in Aid Recipient Country", "private-sector"},
	    {"73", "Private Sector in Third Country", "private-sector"},
	    {"80", "Academic, Training and Research", "academia"},
	    {"90", "Other", "other"},
	    /* short names seen in v1 files */
	    {NULL, "NGO", "civil-society"},
	    {NULL, "Academic", "academia"},
	    {NULL, "Public Sector", "government"},
	};

	if (!t)
		return NULL;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if ((map[i].code && strcmp(t, map[i].code) == 0) || strcasecmp(t, map[i].name) == 0)
			return map[i].type;
	return NULL;
}

const char *const iati_date_names[] = {"start-planned", "start-actual", "end-planned",
				       "end-actual"};

/* date_slot maps an activity-date type (v2 code or v1 name) to a slot, -1 if unknown. */
int iati_date_slot(const char *type)
{
	if (!type)
		return -1;
	if (type[0] >= '1' && type[0] <= '4' && type[1] == '\0')
		return type[0] - '1';
	for (int i = 0; i < IATI_DATE_COUNT; i++)
		if (strcasecmp(type, iati_date_names[i]) == 0)
			return i;
	return -1;
}
