/*
 * strutil: small string helpers shared by the loader, the validator and the
 * CLI: edit distance for "did you mean" hints.
 * Thread-safe.
 */
#ifndef DG_CORE_STRUTIL_H
#define DG_CORE_STRUTIL_H

#include <stddef.h>

/* Edit distance (insertions, deletions, substitutions and swaps of
 * neighbours), case-insensitive. */
size_t str_edit_distance(const char *a, const char *b);

/* The candidate closest to word, or NULL when none is close enough to be a
 * plausible typo (distance at most a third of the word, at least 1, at most
 * 3). Candidates may contain NULL entries, which are skipped. */
const char *str_closest(const char *word, const char *const *candidates,
                        size_t count);

#endif
