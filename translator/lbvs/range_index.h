/* SPDX-License-Identifier: GPL-2.0-only */
/* Bucket indexes over interval tables (layout: BPFIPT_IDX_* in
 * kernel/include/bpfipt_image.h). */
#ifndef BPFIPT_LBVS_RANGE_INDEX_H
#define BPFIPT_LBVS_RANGE_INDEX_H

#include <stdint.h>

/* Tables shorter than this are searched whole: four or five steps cost
 * less than reading an index. */
#define LBVS_INDEX_MIN 16

/* The last i in [lo, hi) with start[i] <= v, or lo: the binary search an
 * interval table takes, over a window of it or all of it (start[0] is 0,
 * so the whole table always has one). */
uint32_t lbvs_last_at_or_below(const uint32_t *start, uint32_t lo, uint32_t hi, uint64_t v);

/* Appends the index of start[0 .. n) to *idx (grown; *n_idx words) and
 * returns where it begins, or BPFIPT_NO_INDEX when the table is short. */
uint32_t lbvs_range_index(const uint32_t *start, uint32_t n, uint32_t **idx, uint32_t *n_idx);

/* The intervals [*lo, *hi) the key's one is among, by the index at
 * idx[0 ...] of a table of n intervals. */
void lbvs_index_window(const uint32_t *idx, uint32_t n, uint32_t key, uint32_t *lo, uint32_t *hi);

#endif
