/*
 * fragments.h - pieces of HTML that several pages write the same way: the name of a record's
 * enumerated value, an initiative as an item of a list, and the head of a data table.
 */
#ifndef STOCKTAKE_PAGES_FRAGMENTS_H
#define STOCKTAKE_PAGES_FRAGMENTS_H

#include "pages/pages.h"

#include <stdint.h>

/*
 * page_value_label names an enumerated value of the record for people, translated
 * (stakeholder type "civil-society", scope, status "ongoing", state "submitted"); a value it
 * does not know is returned as it is, NULL as NULL.
 */
const char *page_value_label(const struct app_request *ar, const char *value);

/*
 * page_initiative_item writes an initiative as a list item: its title linked to its page,
 * then the organisation (may be NULL) and, when summary is not NULL, the summary cut to 300
 * bytes.
 */
void page_initiative_item(struct buf *b, int64_t id, const char *title, const char *organisation,
			  const char *summary);

/*
 * page_table_begin opens a data table and writes its head, up to <tbody>: class cls (NULL:
 * none), a caption for screen readers only (NULL: none), and a header cell (text) for each of
 * the n columns; with num_last, the last column holds numbers (class "num").
 */
void page_table_begin(struct app_request *ar, const char *cls, const char *caption,
		      const char *const *cols, size_t n, int num_last);
/*
 * page_queue_begin writes what a moderators' queue starts with: the paragraph id saying how
 * many wait (count, a translated format with one %lld, filled with total), then, when rows
 * is not 0, the head of the table of what waits, oldest first, with the ncols column heads
 * cols. The caller writes the rows and closes the table.
 */
void page_queue_begin(struct app_request *ar, const char *id, const char *count, int64_t total,
		      size_t rows, const char *const *cols, size_t ncols);

#endif
