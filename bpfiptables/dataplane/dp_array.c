// SPDX-License-Identifier: GPL-2.0-only
/* Bulk access to the dataplane's maps: image arrays written and read
 * through a mapping of the map (they are BPF_F_MMAPABLE), with a batch
 * call as the fallback; the keys of a hash removed in batches. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "dp_array.h"

/* A mapping of elements [base, base + n) of an mmapable array map whose
 * values are vsize bytes (each takes its size rounded up to 8 there):
 * only the pages they lie on, since mapping a BPF array inserts every
 * page of the mapping at once. *elem points at element base. */
struct window {
	char *map, *elem;
	size_t len;
	size_t stride;
};

static bool window_open(struct window *w, int fd, uint32_t base, uint32_t n, size_t vsize,
			int prot)
{
	struct bpf_map_info info = {};
	uint32_t len = sizeof(info);
	size_t page = (size_t)sysconf(_SC_PAGESIZE), from, to;

	if (bpf_obj_get_info_by_fd(fd, &info, &len) < 0 || !(info.map_flags & BPF_F_MMAPABLE) ||
	    info.value_size != vsize || (uint64_t)base + n > info.max_entries)
		return false;
	w->stride = (vsize + 7) & ~(size_t)7;
	from = (size_t)base * w->stride / page * page;
	to = ((size_t)(base + n) * w->stride + page - 1) / page * page;
	w->len = to - from;
	w->map = mmap(NULL, w->len, prot, MAP_SHARED, fd, (off_t)from);
	if (w->map == MAP_FAILED)
		return false;
	w->elem = w->map + ((size_t)base * w->stride - from);
	return true;
}

/* n values of vsize bytes into an array map from index base: through a
 * mapping of the map (arrays are BPF_F_MMAPABLE; each element takes its
 * size rounded up to 8 bytes there), else by a batch update. */
int dp_array_write(int fd, uint32_t base, const void *values, uint32_t n, size_t vsize)
{
	uint32_t *keys, count = n;
	struct window w;
	int ret;

	if (!n)
		return 0;
	if (window_open(&w, fd, base, n, vsize, PROT_READ | PROT_WRITE)) {
		if (w.stride == vsize)
			memcpy(w.elem, values, (size_t)n * vsize);
		for (uint32_t i = 0; w.stride != vsize && i < n; i++)
			memcpy(w.elem + (size_t)i * w.stride, (const char *)values + (size_t)i * vsize,
			       vsize);
		munmap(w.map, w.len);
		return 0;
	}
	keys = malloc(n * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		keys[i] = base + i;
	ret = bpf_map_update_batch(fd, keys, values, &count, NULL);
	free(keys);
	return ret < 0 ? -errno : 0;
}

/* Removes the keys of a hash or trie (with u32 values) that `mine` says
 * belong to the generation being rewritten: every key read in batches,
 * the generation's deleted in one batch (a syscall per key would be
 * tens of thousands for a large table). */
int dp_hash_delete_where(int fd, size_t key_size, bool (*mine)(const void *key, uint32_t arg),
			uint32_t arg)
{
	uint32_t chunk = 4096, n = 0, cap = chunk, count, gone;
	/* The batch position: a bucket number for a hash, but the last key
	 * for the generic walk a trie uses. */
	uint64_t batch[8];
	char *keys = key_size <= sizeof(uint64_t[8]) ? malloc(cap * key_size) : NULL, *drop = NULL;
	uint32_t *vals = malloc(chunk * sizeof(*vals));
	void *in = NULL;
	int ret = 0;

	if (!keys || !vals) {
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (n + chunk > cap) {
			char *k = realloc(keys, (cap *= 2) * key_size);

			if (!k) {
				ret = -ENOMEM;
				goto out;
			}
			keys = k;
		}
		count = chunk;
		ret = bpf_map_lookup_batch(fd, in, batch, keys + n * key_size, vals, &count, NULL);
		n += count;
		in = batch;
		if (ret < 0) {
			ret = errno == ENOENT ? 0 : -errno;
			break;
		}
		if (!count)
			break; /* no progress: never spin */
	}
	drop = malloc(n ? n * key_size : 1);
	if (ret < 0 || !drop) {
		ret = ret < 0 ? ret : -ENOMEM;
		goto out;
	}
	gone = 0;
	for (uint32_t k = 0; k < n; k++)
		if (mine(keys + k * key_size, arg))
			memcpy(drop + gone++ * key_size, keys + k * key_size, key_size);
	if (gone && bpf_map_delete_batch(fd, drop, &gone, NULL) < 0)
		ret = -errno;
out:
	free(drop);
	free(vals);
	free(keys);
	return ret;
}

/* n values of vsize bytes from an array map, from index base. */
int dp_array_read(int fd, uint32_t base, void *values, uint32_t n, size_t vsize)
{
	struct window w;

	if (!n)
		return 0;
	if (window_open(&w, fd, base, n, vsize, PROT_READ)) {
		for (uint32_t i = 0; i < n; i++)
			memcpy((char *)values + (size_t)i * vsize, w.elem + (size_t)i * w.stride, vsize);
		munmap(w.map, w.len);
		return 0;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t key = base + i;

		if (bpf_map_lookup_elem(fd, &key, (char *)values + (size_t)i * vsize) < 0)
			return -errno;
	}
	return 0;
}
