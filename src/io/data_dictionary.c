/*
 * data_dictionary.c - the columns of the open-data dumps (see data_dictionary.h).
 */
#include "io/data_dictionary.h"

#include "core/i18n.h"

const struct dd_field dd_fields[] = {
    {"id", N_("integer"),
     N_("The initiative's number on this platform; its page is /initiatives/ID."), "1204"},
    {"source", N_("text"),
     N_("Where the record was imported from (dpg, iati, worldbank, ...); empty for "
	"initiatives submitted here."),
     "iati"},
    {"source_id", N_("text"), N_("The record's identifier at its source."), "GB-1-203825"},
    {"title", N_("text"), N_("The initiative's name."), "Rural telemedicine network"},
    {"summary", N_("text"), N_("One or two sentences on what it does."),
     "Clinics in 40 villages consult specialists over mobile broadband."},
    {"description", N_("text (Markdown)"),
     N_("The full description. XLSX cells stop at 32,767 characters; CSV and JSON Lines "
	"keep it whole."),
     "The network links ..."},
    {"organisation", N_("text"), N_("The organisation that carries it out."), "Health Link"},
    {"organisation_type", N_("code"),
     N_("The organisation's stakeholder type (the codes of stakeholder_type)."), "civil-society"},
    {"organisation_country", N_("ISO 3166-1 alpha-2 code"), N_("Where the organisation is based."),
     "KE"},
    {"organisation_website", N_("URL"), N_("The organisation's website."),
     "https://healthlink.example.org"},
    {"stakeholder_type", N_("code"),
     N_("Who leads it: government, private-sector, civil-society, academia, "
	"international-organisation, technical-community, un-entity or other."),
     "civil-society"},
    {"countries", N_("list of ISO 3166-1 alpha-2 codes"),
     N_("The countries where it takes place, separated by semicolons."), "KE;TZ"},
    {"regions", N_("list of VOCABULARY:CODE"),
     N_("The regions it covers, such as M49:002 (Africa in the UN M49 standard)."), "M49:002"},
    {"sectors", N_("list of VOCABULARY:CODE"), N_("Its sectors, such as OECD-DAC purpose codes."),
     "DAC:12220"},
    {"partners", N_("list of role:name"), N_("Other organisations, each with its role."),
     "funding:World Bank"},
    {"scope", N_("code"), N_("national, regional or international."), "regional"},
    {"start_date", N_("date (YYYY, YYYY-MM or YYYY-MM-DD)"),
     N_("When it started; the reports count initiatives by this year."), "2019-03"},
    {"end_date", N_("date (YYYY, YYYY-MM or YYYY-MM-DD)"), N_("When it ended or will end."),
     "2024"},
    {"status", N_("code"), N_("planned, ongoing or completed."), "ongoing"},
    {"url", N_("URL"), N_("The initiative's own web page."), "https://example.org/telemedicine"},
    {"language", N_("ISO 639-1 code"), N_("The language of its texts."), "en"},
    {"state", N_("code"),
     N_("Always published in the open data: drafts and submissions under review are not "
	"in it."),
     "published"},
    {"sdgs", N_("list of numbers 1-17"), N_("The Sustainable Development Goals it serves."), "3;9"},
    {"sdg_targets", N_("list of SDG target codes"), N_("The SDG targets it serves."), "3.8;9.c"},
    {"action_lines", N_("list of WSIS Action Line codes"),
     N_("The WSIS Action Lines it implements: C1 to C11, the C7 applications as C7.e-health "
	"and so on."),
     "C7.e-health;C2"},
    {"gdc", N_("list of numbers 1-5"), N_("The Global Digital Compact objectives it serves."),
     "1;2"},
    {"created_at", N_("UTC time (ISO 8601)"), N_("When it was recorded on this platform."),
     "2025-01-15T09:30:00Z"},
    {"updated_at", N_("UTC time (ISO 8601)"), N_("When it was last changed."),
     "2025-03-02T16:05:12Z"},
};

const size_t dd_count = sizeof dd_fields / sizeof dd_fields[0];

int dd_markdown(struct buf *out)
{
	int rc = buf_puts(out, "| field | type | meaning | example |\n|---|---|---|---|\n");

	for (size_t i = 0; i < dd_count && !rc; i++)
		rc = buf_printf(out, "| `%s` | %s | %s | `%s` |\n", dd_fields[i].name,
				dd_fields[i].type, dd_fields[i].meaning, dd_fields[i].example);
	return rc;
}
