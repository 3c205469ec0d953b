// SPDX-License-Identifier: GPL-2.0-only
/* Waiting for a quiet machine (cpu_quiet.h). */
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "cpu_quiet.h"

/* Quiet: the CPUs idle for at least this share of a window this long
 * (/proc/stat counts in hundredths of a second). */
#define QUIET_IDLE_PCT 90
#define QUIET_WINDOW_MS 50

/* The idle and total time of all CPUs so far, from /proc/stat. */
static bool cpu_times(unsigned long long *idle, unsigned long long *total)
{
	unsigned long long v[10] = {0};
	FILE *f = fopen("/proc/stat", "re");
	int n;

	if (!f)
		return false;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	if (n < 4)
		return false;
	*idle = v[3] + v[4]; /* idle, iowait */
	*total = 0;
	for (int i = 0; i < 8; i++) /* guest time is in user already */
		*total += v[i];
	return true;
}

void cpu_quiet_wait(int max_ms)
{
	unsigned long long i0, t0, i1, t1;

	if (!cpu_times(&i0, &t0))
		return;
	for (int waited = 0; waited < max_ms; waited += QUIET_WINDOW_MS) {
		usleep(QUIET_WINDOW_MS * 1000);
		if (!cpu_times(&i1, &t1))
			return;
		if (t1 > t0 && (i1 - i0) * 100 >= QUIET_IDLE_PCT * (t1 - t0))
			return;
		i0 = i1;
		t0 = t1;
	}
}
