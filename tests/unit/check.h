/* SPDX-License-Identifier: GPL-2.0-only */
/* A minimal TAP-style checker shared by the unit tests: each check prints
 * "ok N - name" or "not ok N - name" followed by the expected and actual
 * values, and check_exit() turns any failure into a non-zero status for
 * ctest. Plus the helpers every test needs: splitting a command line into
 * argv, rewriting iptables' version banner into ours, and resolving names
 * offline as iptables did when the expected texts were taken. */
#ifndef BPFIPT_TEST_CHECK_H
#define BPFIPT_TEST_CHECK_H

#include <linux/sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmd.h"
#include "exec.h"
#include "report.h"

/* A test program is one main(); its tally is the only state it keeps. */
static struct {
	unsigned int n, failed;
} check_tally;

static inline void check_vname(const char *status, const char *fmt, va_list ap)
{
	printf("%s %u - ", status, ++check_tally.n);
	vprintf(fmt, ap);
	putchar('\n');
}

/* Print a string so that newlines, tabs and bytes outside ASCII show. */
static inline void check_dump(const char *label, const char *s)
{
	printf("#   %s: ", label);
	if (!s) {
		puts("(null)");
		return;
	}
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n')
			fputs("\\n\"\n#          \"", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	puts("\"");
}

static inline bool check_result(bool ok, const char *fmt, va_list ap)
{
	check_vname(ok ? "ok" : "not ok", fmt, ap);
	if (!ok)
		check_tally.failed++;
	return ok;
}

static inline __attribute__((format(printf, 2, 3))) bool check_true(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_result(ok, fmt, ap);
	va_end(ap);
	return ok;
}

static inline __attribute__((format(printf, 3, 4))) bool check_int(long long want, long long got,
								   const char *fmt, ...)
{
	va_list ap;
	bool ok = want == got;

	va_start(ap, fmt);
	check_result(ok, fmt, ap);
	va_end(ap);
	if (!ok)
		printf("#   want: %lld (0x%llx)\n#   got:  %lld (0x%llx)\n", want,
		       (unsigned long long)want, got, (unsigned long long)got);
	return ok;
}

static inline size_t check_lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Where two texts part: the byte offset, and for long texts only the
 * first line that differs, so that a 40-line listing stays readable. */
static inline void check_diff(const char *want, const char *got)
{
	size_t i = 0, line = 1, start = 0;

	while (want[i] && want[i] == got[i]) {
		if (want[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	if (check_lines(want) <= 3 && check_lines(got) <= 3) {
		check_dump("want", want);
		check_dump("got ", got);
	} else {
		char *w = strndup(want + start, strcspn(want + start, "\n") + 1);
		char *g = strndup(got + start, strcspn(got + start, "\n") + 1);

		printf("#   line %zu differs (%zu lines wanted, %zu got):\n", line,
		       check_lines(want), check_lines(got));
		check_dump("want", w);
		check_dump("got ", g);
		free(w);
		free(g);
	}
	printf("#   first difference at byte %zu\n", i);
}

/* NULL equals only NULL. */
static inline __attribute__((format(printf, 3, 4))) bool
check_str(const char *want, const char *got, const char *fmt, ...)
{
	va_list ap;
	bool ok = (!want || !got) ? want == got : strcmp(want, got) == 0;

	va_start(ap, fmt);
	check_result(ok, fmt, ap);
	va_end(ap);
	if (ok)
		return ok;
	if (want && got) {
		check_diff(want, got);
	} else {
		check_dump("want", want);
		check_dump("got ", got);
	}
	return ok;
}

#define CHECK(cond, ...) check_true(!!(cond), __VA_ARGS__)
#define CHECK_INT(want, got, ...) check_int((long long)(want), (long long)(got), __VA_ARGS__)
#define CHECK_STR(want, got, ...) check_str((want), (got), __VA_ARGS__)

/* The TAP plan goes last because the number of checks is data-driven. */
static inline int check_exit(void)
{
	printf("1..%u\n", check_tally.n);
	if (check_tally.failed)
		printf("# %u of %u checks failed\n", check_tally.failed, check_tally.n);
	return check_tally.failed ? 1 : 0;
}

/* The expected texts were taken from iptables run in a scratch network
 * namespace, where a name lookup finds /etc/hosts and friends or fails at
 * once. A private network namespace gives this test the same answers,
 * and no waiting on a DNS server, whatever the machine's resolver. */
static inline void check_offline(void)
{
	/* syscall(): unshare() itself needs _GNU_SOURCE */
	if (syscall(SYS_unshare, CLONE_NEWNET) != 0)
		printf("# cannot unshare the network namespace: name lookups may use DNS\n");
}

/* Expected texts are pasted verbatim from iptables 1.8.9's stderr; only
 * the version banner differs by design ("iptables v1.8.9 (legacy): ..."
 * against "iptables v0.1.0 (bpf): ..."). Returns a malloc'd copy with
 * every banner rewritten. */
static inline char *check_from_iptables(const char *text)
{
	static const char *const banners[] = {"v1.8.9 (legacy)", "v1.8.9 (nf_tables)"};
	const char *ours = "v" BPFIPT_VERSION " (" BPFIPT_BACKEND ")";
	size_t cap = strlen(text) * 2 + 64, len = 0;
	char *out = malloc(cap);

	if (!out)
		abort();
	for (const char *p = text; *p;) {
		size_t skip = 0;

		for (size_t i = 0; i < sizeof(banners) / sizeof(banners[0]) && !skip; i++)
			if (strncmp(p, banners[i], strlen(banners[i])) == 0)
				skip = strlen(banners[i]);
		if (skip) {
			memcpy(out + len, ours, strlen(ours));
			len += strlen(ours);
			p += skip;
		} else {
			out[len++] = *p++;
		}
	}
	out[len] = '\0';
	return out;
}

/* Shell-like split of a test command line into a NULL-terminated argv
 * with argv[0] = prog: words part at blanks; '...' quotes literally,
 * "..." quotes with backslash escapes, and a backslash outside quotes
 * escapes the next character. The caller frees with check_free_argv. */
static inline char **check_split(const char *prog, const char *line, int *argc)
{
	size_t cap = strlen(line) + 3;
	char **argv = calloc(cap, sizeof(*argv));
	char *word = malloc(strlen(line) + 1);
	const char *p = line;

	if (!argv || !word)
		abort();
	argv[0] = strdup(prog);
	*argc = 1;
	while (*p) {
		size_t len = 0;
		bool any = false;
		char quote = 0;

		while (*p == ' ')
			p++;
		for (; *p && (quote || *p != ' '); p++) {
			any = true;
			if (quote && *p == quote)
				quote = 0;
			else if (!quote && (*p == '\'' || *p == '"'))
				quote = *p;
			else if (*p == '\\' && quote != '\'' && p[1])
				word[len++] = *++p;
			else
				word[len++] = *p;
		}
		if (any)
			argv[(*argc)++] = strndup(word, len);
	}
	free(word);
	return argv;
}

static inline void check_free_argv(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* One command line ("-A INPUT ...", without the program name) parsed and
 * applied to rs, as bpf-iptables would: 0, or -1 with err set. What the
 * command prints goes to out (NULL: dropped). */
static inline int check_exec(struct ruleset *rs, const char *line, struct strbuf *out,
			     struct xt_err *err)
{
	struct cmd_parse_opts opts = {.restore = false, .prog = "bpf-iptables"};
	struct strbuf warn, sink;
	struct xt_cmd cmd;
	int argc, ret;
	char **argv = check_split("bpf-iptables", line, &argc);

	sb_init(&warn);
	sb_init(&sink);
	xt_err_clear(err);
	ret = cmd_parse(argc, argv, &opts, &cmd, &warn, err);
	if (ret == 0)
		ret = exec_command(rs, &cmd, out ? out : &sink, err);
	cmd_free(&cmd);
	sb_free(&warn);
	sb_free(&sink);
	check_free_argv(argv, argc);
	return ret;
}

#endif
