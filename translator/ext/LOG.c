// SPDX-License-Identifier: GPL-2.0-only
/* -j LOG: a kernel log line per packet, at a syslog level, with a prefix
 * and optional extra fields. */
#include <errno.h>
#include <string.h>

#include "ext_list.h"
#include "log.h"
#include "ext_util.h"

#define LOG_PREFIX_SIZE 30  /* the kernel's prefix field, NUL included */
#define LOG_LEVEL_DEFAULT 4 /* warning */
#define LOG_LEVEL_MAX 7

/* logflags, as the kernel's XT_LOG_*; bit 4 is retired. */
#define LOG_TCPSEQ 0x01
#define LOG_TCPOPT 0x02
#define LOG_IPOPT 0x04
#define LOG_UID 0x08
#define LOG_MACDECODE 0x20

struct log_data {
	uint8_t logflags;
	uint8_t level;
	char prefix[LOG_PREFIX_SIZE];
};

/* Ids are the indices into log_opts, which names them in messages. */
enum { O_LEVEL, O_PREFIX, O_TCPSEQ, O_TCPOPTS, O_IPOPTS, O_UID, O_MAC };

static const struct xt_ext_opt log_opts[] = {
	{"log-level", 1, O_LEVEL},
	{"log-prefix", 1, O_PREFIX},
	{"log-tcp-sequence", 0, O_TCPSEQ},
	{"log-tcp-options", 0, O_TCPOPTS},
	{"log-ip-options", 0, O_IPOPTS},
	{"log-uid", 0, O_UID},
	{"log-macdecode", 0, O_MAC},
	{NULL, 0, 0},
};

/* The flag options, in the order -L and save list them. */
static const struct {
	int id;
	uint8_t bit;
	const char *word; /* -L shows " WORD", save " --log-WORD" */
} log_flags[] = {
	{O_TCPSEQ, LOG_TCPSEQ, "tcp-sequence"},
	{O_TCPOPTS, LOG_TCPOPT, "tcp-options"},
	{O_IPOPTS, LOG_IPOPT, "ip-options"},
	{O_UID, LOG_UID, "uid"},
	{O_MAC, LOG_MACDECODE, "macdecode"},
};

#define N_LOG_FLAGS (sizeof(log_flags) / sizeof(log_flags[0]))

static void log_init(void *data)
{
	struct log_data *l = data;

	l->level = LOG_LEVEL_DEFAULT;
}

/* A number 0-7 or one of the names iptables accepts, exactly spelled
 * (so "warning" but not "warn", which -L shows). */
static int log_parse_level(const char *arg, uint8_t *level, struct xt_err *err)
{
	static const struct {
		const char *name;
		uint8_t level;
	} names[] = {
		{"alert", 1}, {"crit", 2},   {"debug", 7}, {"emerg", 0},   {"error", 3},
		{"info", 6},  {"notice", 5}, {"panic", 0}, {"warning", 4},
	};
	unsigned int num;

	if (ext_strtoui(arg, NULL, &num, 0, LOG_LEVEL_MAX)) {
		*level = (uint8_t)num;
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i].name, arg) == 0) {
			*level = names[i].level;
			return 0;
		}
	}
	return xt_fail(err, XT_PARAMETER_PROBLEM, "log level \"%s\" unknown\n", arg);
}

/* Too long a prefix is cut to fit, silently, as iptables 1.8.9 does. */
static int log_parse_prefix(const char *arg, char prefix[LOG_PREFIX_SIZE], struct xt_err *err)
{
	if (arg[0] == '\0')
		return xt_fail(err, XT_PARAMETER_PROBLEM,
			       "Argument must have a minimum length of 1 characters\n");
	strncpy(prefix, arg, LOG_PREFIX_SIZE - 1);
	prefix[LOG_PREFIX_SIZE - 1] = '\0';
	if (strchr(arg, '\n'))
		return xt_fail(err, XT_PARAMETER_PROBLEM, "Newlines not allowed in --log-prefix");
	return 0;
}

static int log_parse(struct xt_parse_ctx *ctx, void *data)
{
	struct log_data *l = data;

	if (ext_plain_option(ctx, "LOG", log_opts[ctx->id].name, false) < 0)
		return -1;
	if (ctx->id == O_LEVEL)
		return log_parse_level(ctx->arg, &l->level, ctx->err);
	if (ctx->id == O_PREFIX)
		return log_parse_prefix(ctx->arg, l->prefix, ctx->err);
	for (size_t i = 0; i < N_LOG_FLAGS; i++)
		if (log_flags[i].id == ctx->id)
			l->logflags |= log_flags[i].bit;
	return 0;
}

static int log_kernel_check(const void *data, const struct rule_ip *ip)
{
	const struct log_data *l = data;

	(void)ip;
	if (l->level > LOG_LEVEL_MAX || l->prefix[LOG_PREFIX_SIZE - 1] != '\0')
		return -EINVAL;
	return 0;
}

#define LOG_FLAGS_ALL (LOG_TCPSEQ | LOG_TCPOPT | LOG_IPOPT | LOG_UID | LOG_MACDECODE)

/* The prefix as log_parse_prefix leaves it: NUL-terminated, zeros after
 * the NUL (strncpy pads), and no newline (refused even past the cut). */
static bool log_prefix_valid(const char prefix[LOG_PREFIX_SIZE])
{
	return name_is_padded(prefix, LOG_PREFIX_SIZE) && !strchr(prefix, '\n');
}

static bool log_valid(const void *data, const struct rule_ip *ip)
{
	const struct log_data *l = data;

	(void)ip;
	return l->level <= LOG_LEVEL_MAX && !(l->logflags & ~LOG_FLAGS_ALL) &&
	       log_prefix_valid(l->prefix);
}

/* The printers stop at the field's end even without a NUL: they also
 * serve data that never went through log_valid. */
static int log_prefix_len(const struct log_data *l)
{
	return (int)strnlen(l->prefix, LOG_PREFIX_SIZE - 1);
}

/* The name -L shows: glibc's first syslog name for the level. */
static const char *log_level_name(uint8_t level)
{
	static const char *const names[] = {
	    "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
	};

	return level <= LOG_LEVEL_MAX ? names[level] : NULL;
}

static void log_print_words(struct strbuf *out, const struct log_data *l)
{
	const char *name = log_level_name(l->level);

	if (name)
		sb_printf(out, " level %s", name);
	else
		sb_printf(out, " UNKNOWN level %u", l->level);
	for (size_t i = 0; i < N_LOG_FLAGS; i++)
		if (l->logflags & log_flags[i].bit)
			sb_printf(out, " %s", log_flags[i].word);
}

static void log_print(struct strbuf *out, const void *data, const struct rule_ip *ip, bool numeric)
{
	const struct log_data *l = data;

	(void)ip;
	sb_puts(out, " LOG");
	if (numeric)
		sb_printf(out, " flags %u level %u", l->logflags, l->level);
	else
		log_print_words(out, l);
	if (l->prefix[0])
		sb_printf(out, " prefix \"%.*s\"", log_prefix_len(l), l->prefix);
}

static void log_save(struct strbuf *out, const void *data, const struct rule_ip *ip)
{
	const struct log_data *l = data;

	(void)ip;
	if (l->prefix[0]) {
		size_t len = (size_t)log_prefix_len(l);
		char prefix[LOG_PREFIX_SIZE];

		memcpy(prefix, l->prefix, len);
		prefix[len] = '\0';
		sb_puts(out, " --log-prefix");
		ext_save_string(out, prefix);
	}
	if (l->level != LOG_LEVEL_DEFAULT)
		sb_printf(out, " --log-level %u", l->level);
	for (size_t i = 0; i < N_LOG_FLAGS; i++)
		if (l->logflags & log_flags[i].bit)
			sb_printf(out, " --log-%s", log_flags[i].word);
}

const struct xt_ext xt_ext_LOG = {
	.name = "LOG",
	.is_target = true,
	.size = sizeof(struct log_data),
	.opts = log_opts,
	.init = log_init,
	.parse = log_parse,
	.kernel_check = log_kernel_check,
	.valid = log_valid,
	.print = log_print,
	.save = log_save,
};

void log_params(const void *data, uint8_t *level, uint8_t *flags, char prefix[30])
{
	const struct log_data *l = data;

	*level = l->level;
	*flags = l->logflags;
	memcpy(prefix, l->prefix, LOG_PREFIX_SIZE);
}

