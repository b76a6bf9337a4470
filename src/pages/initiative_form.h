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

#include "core/buf.h"
#include "frameworks/catalog.h"
#include "mapping/mapping.h"
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

/* form_error_for returns the message for field in errs (errs may be NULL), or NULL. */
const char *form_error_for(const struct form_errors *errs, const char *field);
/* form_error_message writes field's message err with the id "e-FIELD" its control names. */
void form_error_message(struct app_request *ar, const char *field, const char *err);

/* form_error_summary writes the list of problems at the top of a form (nothing when none). */
void form_error_summary(struct app_request *ar, const struct form_errors *errs);
/* form_render_fields writes every field but the tags. */
void form_render_fields(struct app_request *ar, const struct form_refs *r,
			const struct initiative *ini, const struct form_errors *errs);
/* form_render_tags writes the four tag lists, ticking the tags ini has. */
void form_render_tags(struct app_request *ar, const struct form_refs *r,
		      const struct initiative *ini, const struct form_errors *errs);

/*
 * Tag suggestions (initiative_form_suggest.c): the "Suggest tags" button posts the form
 * with action=suggest; the page comes back as typed with the model's SDGs, targets, Action
 * Lines and GDC objectives for its text, each a ticked checkbox "suggested" = SCHEME:CODE
 * with its score and evidence. On save, the ticked ones are checked by mapping the text
 * again (map_accept_suggestions) and stored with origin "model" and the model's score.
 */
enum form_suggest_state {
	FORM_SUGGEST_OFF,         /* not asked for: the button only */
	FORM_SUGGEST_SHOWN,       /* r holds the suggestions for text */
	FORM_SUGGEST_NO_TEXT,     /* no title, summary or description to read yet */
	FORM_SUGGEST_UNAVAILABLE, /* the server has no model */
};

struct form_suggestions {
	enum form_suggest_state state;
	int fresh;                /* just asked for: every suggestion is ticked */
	const struct tag *chosen; /* otherwise the ones ticked are these */
	size_t nchosen;
	struct buf text; /* what r's evidence spans refer to */
	struct map_result r;
};

/*
 * form_suggest fills s with the suggestions for ini (state SHOWN, NO_TEXT or UNAVAILABLE);
 * fresh ticks them all, else those in chosen are ticked. Returns 0, or ERR_NOMEM /
 * ERR_TOO_LARGE. Call form_suggestions_cleanup(s) in every case.
 */
int form_suggest(struct app_request *ar, const struct initiative *ini, int fresh,
		 const struct tag *chosen, size_t nchosen, struct form_suggestions *s);
void form_suggestions_cleanup(struct form_suggestions *s);
/*
 * form_read_suggestions reads the ticked suggestions (scheme and code, in the request's
 * arena) into *chosen and *n; a malformed one or too many are reported in errs.
 */
void form_read_suggestions(struct app_request *ar, struct tag **chosen, size_t *n,
			   struct form_errors *errs);
/*
 * form_accept_suggestions adds the chosen suggestions to ini as model tags, when the model
 * suggests them for ini's text (see map_suggest.h); otherwise errs says which one is not.
 * Returns 0 (errs may have grown) or ERR_NOMEM.
 */
int form_accept_suggestions(struct app_request *ar, struct initiative *ini,
			    const struct tag *chosen, size_t n, struct form_errors *errs);
/*
 * form_render_suggestions writes the "Suggested tags" part of the form: what it is for,
 * the suggestions of s (may be NULL: none asked for) as checkboxes the submitter can
 * untick, and the "Suggest tags" button (or why there is none).
 */
void form_render_suggestions(struct app_request *ar, const struct form_refs *r,
			     const struct initiative *ini, const struct form_suggestions *s,
			     const struct form_errors *errs);

/* form_field_label names a field of the record ("organisation.website" too) for people. */
const char *form_field_label(struct app_request *ar, const char *field);
/* form_enum_label names an enumerated value (stakeholder type, scope, status, state). */
const char *form_enum_label(struct app_request *ar, const char *value);
/* form_tag_label writes a tag as "SDG 5: Gender equality" (text), title from r when known. */
void form_tag_label(struct app_request *ar, const struct form_refs *r, const char *scheme,
		    const char *code);

#endif
