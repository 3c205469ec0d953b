/* SPDX-License-Identifier: GPL-2.0-only */
/* Bulk access to the dataplane's maps (dp_array.c). */
#ifndef BPFIPT_DP_ARRAY_H
#define BPFIPT_DP_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* n values of vsize bytes into / out of an array map, from index base. */
int dp_array_write(int fd, uint32_t base, const void *values, uint32_t n, size_t vsize);
int dp_array_read(int fd, uint32_t base, void *values, uint32_t n, size_t vsize);
/* Removes the keys of a hash (u32 values) for which mine(key, arg) holds. */
int dp_hash_delete_where(int fd, size_t key_size, bool (*mine)(const void *key, uint32_t arg),
			 uint32_t arg);

#endif
