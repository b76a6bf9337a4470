/*
 * initiative_form.h - the form of an initiative, shared by the submit and edit pages and by
 * the moderation page (whose tag form is the tag part of it): reading the posted fields
 * into a record, checking it so that every wrong field gets its own message, and rendering
 * it again with what the user typed.
 *
 * Field names are those of the record format (title, organisation_website, countries ...);
 * tags come as four lists: sdg, sdg_target, action_line and gdc. The element of field F has
 * the id "f-F" and its error message "e-F", so the error summary links to the field.
 */
#ifndef STOCKTAKE_PAGES_INITIATIVE_FORM_H
#define STOCKTAKE_PAGES_INITIATIVE_FORM_H

#include "frameworks/catalog.h"
#include "pages/pages.h"

#define FORM_MAX_ERRORS 32

/* One message for one field (field NULL: about the form as a whole). */
struct form_error {
	const char *field, *message;
};

struct form_errors {
	struct form_error v[FORM_MAX_ERRORS];
	size_t n;
};

/* The reference lists the form offers, titles in the request's language. */
struct form_refs {
	struct fw_catalog sdg, target, action_line, gdc, region;
	struct country_catalog countries;
	const struct country **by_name; /* countries sorted by name */
	const char **orgs;              /* known organisations, by name */
	size_t norgs;
};

/* form_refs_load reads the lists (orgs only when with_orgs); 0 or an err code. */
int form_refs_load(struct app_request *ar, struct form_refs *r, int with_orgs);

/*
 * form_read replaces the fields the form has in ini with the posted ones (strings in the
 * request's arena; fields the form lacks, such as partners, are left as they are). Tags
 * that are new get origin. A list over its limit is reported in errs.
 */
void form_read(struct app_request *ar, struct initiative *ini, const char *origin,
	       struct form_errors *errs);
/* form_read_tags replaces only the tags of ini with the posted ones. */
void form_read_tags(struct app_request *ar, struct initiative *ini, const char *origin,
		    struct form_errors *errs);

/*
 * form_check runs import_check_record over ini until it passes, setting aside each field it
 * complains about, so every wrong field gets a message in errs.
 */
void form_check(struct app_request *ar, const struct initiative *ini, struct form_errors *errs);
/* form_error_add adds the message for the failure e (a friendly one for known fields). */
void form_error_add(struct app_request *ar, struct form_errors *errs, const struct errinfo *e,
		    const struct initiative *ini);

/* form_error_summary writes the list of problems at the top of a form (nothing when none). */
void form_error_summary(struct app_request *ar, const struct form_errors *errs);
/* form_render_fields writes every field but the tags. */
void form_render_fields(struct app_request *ar, const struct form_refs *r,
			const struct initiative *ini, const struct form_errors *errs);
/* form_render_tags writes the four tag lists, ticking the tags ini has. */
void form_render_tags(struct app_request *ar, const struct form_refs *r,
		      const struct initiative *ini, const struct form_errors *errs);

/* form_field_label names a field of the record ("organisation.website" too) for people. */
const char *form_field_label(struct app_request *ar, const char *field);
/* form_enum_label names an enumerated value (stakeholder type, scope, status, state). */
const char *form_enum_label(struct app_request *ar, const char *value);
/* form_tag_label writes a tag as "SDG 5: Gender equality" (text), title from r when known. */
void form_tag_label(struct app_request *ar, const struct form_refs *r, const char *scheme,
		    const char *code);

#endif
