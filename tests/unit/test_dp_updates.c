// SPDX-License-Identifier: GPL-2.0-only
/* Single-rule updates of long chains, through the product, against the
 * reference matcher. A table with a 400-rule INPUT and a 300-rule user
 * chain is loaded, then random commands change it: -A and -I 1 (which
 * keep the chain's compiled bulk and compile only the rules around it,
 * bpfiptables/dataplane/dp_plan.c), -D of either end, and now and then
 * an insert, delete or replace in the middle, a policy, a new chain or a
 * flush (which compile the chain or the table again). After each one,
 * random frames go through the attached TC ingress program and each
 * verdict must be the reference's for the table `bpf-iptables-save`
 * prints; the run must also have held chains in several segments. */
#define _GNU_SOURCE /* setns */
#include <linux/pkt_cls.h>
#include <stdarg.h>

#include "bpfipt_pkt.h" /* before the skeleton, which names the struct */
#include "check.h"
#include "test_rng.h"
#include "dp_lab.h"
#include "parse_test.skel.h"
#include "pkt_build.h"
#include "pkt_convert.h"
#include "../../translator/refmatch.h"
#include "../../translator/restore.h"

#define STEPS 150
#define FRAMES_PER_STEP 60

#define SEED 20261203

/* A rule's conditions and target: narrow (a few sources of
 * 198.18.0.0/16, a few of ports 1000-1999), so that a frame made for a
 * rule is rarely taken by another before it. */
static void rule_text(char *buf, size_t len, bool may_jump)
{
	static const char *const targets[] = {"ACCEPT", "DROP", "RETURN", "uc"};
	static const int lens[] = {28, 30, 32};
	int plen = lens[rnd(3)];
	uint32_t port = 1000 + rnd(1000), n;

	n = (uint32_t)snprintf(buf, len, "-s 198.18.%u.%u/%d -p %s", rnd(256), rnd(256), plen,
			       rnd(2) ? "tcp" : "udp");
	if (rnd(16))
		n += (uint32_t)snprintf(buf + n, len - n, " --dport %u:%u", port, port + rnd(4));
	snprintf(buf + n, len - n, " -j %s", targets[rnd(may_jump ? 4 : 3)]);
}

static char *initial_table(void)
{
	struct strbuf sb;
	char rule[160];

	sb_init(&sb);
	sb_printf(&sb, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
		       ":OUTPUT ACCEPT [0:0]\n:uc - [0:0]\n");
	for (int i = 0; i < 400; i++) {
		rule_text(rule, sizeof(rule), true);
		sb_printf(&sb, "-A INPUT %s\n", rule);
	}
	for (int i = 0; i < 300; i++) {
		rule_text(rule, sizeof(rule), false);
		sb_printf(&sb, "-A uc %s\n", rule);
	}
	sb_printf(&sb, "COMMIT\n");
	return sb_take(&sb);
}

static int product(const struct lab *l, const char *fmt, ...)
{
	char args[512], cmd[8400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s/bpf-iptables %s", l->bin, args);
	return system(cmd) == 0 ? 0 : -1;
}

/* What a frame needs to meet one rule of the saved table. */
struct target {
	bool in_uc;
	uint32_t src, host_bits;
	bool tcp;
	uint16_t lo, hi; /* 0, 0: any port */
};

struct saved {
	struct ruleset *rs;
	struct target *t; /* INPUT's and uc's rules, in the save's order */
	uint32_t n;
};

static void saved_free(struct saved *sv)
{
	ruleset_free(sv->rs);
	free(sv->t);
	memset(sv, 0, sizeof(*sv));
}

/* A rule line as rule_text writes it and save prints it back. */
static void add_target(struct saved *sv, const char *line)
{
	unsigned int a, b, c, d, plen, lo = 0, hi = 0;
	char proto[8];
	const char *dp = strstr(line, "--dport ");

	if (sscanf(line, "-A %*s -s %u.%u.%u.%u/%u -p %7s", &a, &b, &c, &d, &plen, proto) != 6)
		return;
	if (dp && sscanf(dp, "--dport %u:%u", &lo, &hi) < 1)
		lo = hi = 0;
	if (dp && hi == 0)
		hi = lo;
	sv->t = realloc(sv->t, (sv->n + 1) * sizeof(*sv->t));
	if (!sv->t)
		abort();
	sv->t[sv->n++] = (struct target){strncmp(line, "-A uc ", 6) == 0, a << 24 | b << 16 | c << 8 | d,
					 plen >= 32 ? 0 : (1u << (32 - plen)) - 1,
					 strcmp(proto, "tcp") == 0, (uint16_t)lo, (uint16_t)hi};
}

/* The table the product says it holds, and its rules as targets. */
static int product_table(const struct lab *l, struct saved *sv)
{
	char cmd[8400], line[512];
	struct restore_opts ropts = {.prog = "test"};
	struct strbuf text, out, err;
	FILE *p, *in;
	int ret = -1;

	memset(sv, 0, sizeof(*sv));
	snprintf(cmd, sizeof(cmd), "%s/bpf-iptables-save", l->bin);
	p = popen(cmd, "r");
	sb_init(&text);
	while (p && fgets(line, sizeof(line), p)) {
		sb_puts(&text, line);
		add_target(sv, line);
	}
	if (p)
		pclose(p);
	sb_init(&out);
	sb_init(&err);
	sv->rs = ruleset_new();
	in = fmemopen(text.buf, text.len, "r");
	if (in) {
		ret = restore_run(in, &sv->rs, &ropts, &out, &err);
		fclose(in);
	}
	sb_free(&text);
	sb_free(&out);
	sb_free(&err);
	if (ret < 0)
		saved_free(sv);
	return ret;
}

static size_t rule_count(const struct ruleset *rs, const char *chain)
{
	const struct chain *c = ruleset_find(rs, chain);

	return c ? c->n_rules : 0;
}

/* One random command; *what names it. */
static int random_update(const struct lab *l, const struct ruleset *rs, const char **what)
{
	size_t n = rule_count(rs, "INPUT"), nu = rule_count(rs, "uc");
	uint32_t k = rnd(100);
	char rule[160];

	rule_text(rule, sizeof(rule), true);
	if (k < 30)
		return *what = "-A INPUT", product(l, "-A INPUT %s", rule);
	if (k < 50)
		return *what = "-I INPUT 1", product(l, "-I INPUT 1 %s", rule);
	if (k < 58 && n > 1)
		return *what = "-D INPUT 1", product(l, "-D INPUT 1");
	if (k < 66 && n > 1)
		return *what = "-D INPUT last", product(l, "-D INPUT %zu", n);
	rule_text(rule, sizeof(rule), false);
	if (k < 76)
		return *what = "-A uc", product(l, "-A uc %s", rule);
	if (k < 80)
		return *what = "-I uc 1", product(l, "-I uc 1 %s", rule);
	if (k < 84 && n > 1)
		return *what = "-I INPUT middle", product(l, "-I INPUT %u %s", 1 + rnd((uint32_t)n), rule);
	if (k < 88 && n > 1)
		return *what = "-D INPUT middle", product(l, "-D INPUT %u", 1 + rnd((uint32_t)n));
	if (k < 92 && n > 1)
		return *what = "-R INPUT", product(l, "-R INPUT %u %s", 1 + rnd((uint32_t)n), rule);
	if (k < 95)
		return *what = "-P INPUT", product(l, "-P INPUT %s", rnd(2) ? "DROP" : "ACCEPT");
	if (k < 97)
		return *what = "-N, -X", product(l, "-N tmp%u && %s/bpf-iptables -X tmp%u", k, l->bin, k);
	if (k < 98 && nu > 0)
		return *what = "-D uc 1", product(l, "-D uc 1");
	return *what = "-A INPUT (fallthrough)", product(l, "-A INPUT %s", rule);
}

/* Whether the active generation holds some chain in several segments. */
static bool segmented(const struct lab *l, const struct ruleset *rs)
{
	struct dp_ids ids;
	struct bpfipt_config cfg;
	struct bpfipt_gen_info gi;
	uint32_t zero = 0, g;
	int cfg_fd, gens_fd;
	bool yes = false;

	if (lab_ids(l, &ids) < 0)
		return false;
	cfg_fd = bpf_map_get_fd_by_id(ids.map_id[DP_M_CFG]);
	gens_fd = bpf_map_get_fd_by_id(ids.map_id[DP_M_GENS]);
	if (cfg_fd >= 0 && gens_fd >= 0 && bpf_map_lookup_elem(cfg_fd, &zero, &cfg) == 0) {
		g = cfg.active & 1;
		yes = bpf_map_lookup_elem(gens_fd, &g, &gi) == 0 && gi.n_records > rs->n_chains;
	}
	if (cfg_fd >= 0)
		close(cfg_fd);
	if (gens_fd >= 0)
		close(gens_fd);
	return yes;
}

/* A frame's source, protocol and port: half of them made to meet a rule
 * (of the 70 at either end of the save, where updates land, or any),
 * the others drawn at random near the rules' values. */
static void frame_fields(const struct saved *sv, uint32_t *src, bool *tcp, uint16_t *dport)
{
	*tcp = rnd(2);
	*src = (198u << 24) | (18u << 16) | (rnd(256) << 8) | rnd(256);
	*dport = (uint16_t)(995 + rnd(1010));
	if (!sv->n || rnd(2))
		return;
	/* INPUT's rules come first in the save, then uc's. */
	uint32_t n_in = 0;

	while (n_in < sv->n && !sv->t[n_in].in_uc)
		n_in++;
	bool uc = rnd(2) && n_in < sv->n;
	uint32_t first = uc ? n_in : 0, n = uc ? sv->n - n_in : n_in, end = n < 70 ? n : 70;

	if (!n)
		return;
	uint32_t k = rnd(3) == 0 ? rnd(n) : rnd(2) ? rnd(end) : n - 1 - rnd(end);
	const struct target *t = &sv->t[first + k];

	*src = (t->src & ~t->host_bits) | (rnd(0xffffffu) & t->host_bits);
	*tcp = t->tcp;
	if (t->hi)
		*dport = (uint16_t)(t->lo + rnd(t->hi - t->lo + 1u));
}

/* Frames to this host (lo's 127.0.0.1) through the program; the number
 * of verdicts that differ from the reference's. */
static unsigned int frames(struct parse_test *parser, int prog, const struct saved *sv,
			   struct ref_result *res, unsigned int step)
{
	unsigned int bad = 0;

	for (int i = 0; i < FRAMES_PER_STEP; i++) {
		uint8_t f[256], data[8] = {0};
		struct l4 l;
		struct packet p, on_lo = {.iniface = "lo"};
		uint32_t src;
		uint16_t dport;
		bool tcp;

		frame_fields(sv, &src, &tcp, &dport);
		if (tcp)
			l4_tcp(&l, 40000, dport, 1, 0, 0x002, 1000, 0, NULL, 0, 0);
		else
			l4_udp(&l, 17, 40000, dport, data, sizeof(data));
		memset(f, 0, 12);
		put16be(f + 12, 0x0800);
		size_t n = 14 + ip_build(f + 14,
					 &(struct ipspec){.src = src, .dst = IP4(127, 0, 0, 1),
							  .proto = tcp ? 6 : 17},
					 &l);
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = f, .data_size_in = (uint32_t)n,
			    .repeat = 1);
		int got = test_run(prog, f, n);

		if (bpf_prog_test_run_opts(bpf_program__fd(parser->progs.bpfipt_parse_test), &opts) < 0 ||
		    parser->bss->last_ret != 0)
			return FRAMES_PER_STEP;
		pkt_from_bpf(&parser->bss->last_pkt, &on_lo, &p);
		if (ref_classify(sv->rs, HOOK_INPUT, &p, res) != 0)
			return FRAMES_PER_STEP;
		int want = res->verdict == REF_ACCEPT ? TC_ACT_OK : TC_ACT_SHOT;

		if (got != want && bad++ < 3)
			printf("# step %u: %s port %u from %08x: program %d, reference %d\n", step,
			       tcp ? "tcp" : "udp", dport, src, got, want);
	}
	return bad;
}

int main(void)
{
	struct lab lab = {.home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)};
	struct parse_test *parser = parse_test__open_and_load();
	unsigned int mismatches = 0, failed = 0, split = 0, steps = 0;
	struct ref_result res;
	char *table;
	int prog;

	rng_state = SEED;
	table = initial_table();
	ref_result_init(&res);
	prog = parser ? lab_up(&lab, table) : -1;
	if (CHECK(prog >= 0, "namespace, 700 rules loaded by bpf-iptables-restore")) {
		close(prog);
		for (unsigned int s = 0; s < STEPS; s++) {
			struct saved before, now;
			const char *what = "";
			struct dp_ids ids;

			if (product_table(&lab, &before) < 0 ||
			    random_update(&lab, before.rs, &what) < 0) {
				failed++;
				saved_free(&before);
				continue;
			}
			saved_free(&before);
			prog = product_table(&lab, &now) == 0 && lab_ids(&lab, &ids) == 0
				       ? bpf_prog_get_fd_by_id(ids.prog_id[DP_P_TC_IN])
				       : -1;
			if (prog < 0) {
				failed++;
				saved_free(&now);
				continue;
			}
			unsigned int bad = frames(parser, prog, &now, &res, s);

			if (bad)
				printf("# step %u (%s): %u of %u frames wrong\n", s, what, bad,
				       FRAMES_PER_STEP);
			mismatches += bad;
			split += segmented(&lab, now.rs);
			steps++;
			close(prog);
			saved_free(&now);
		}
		CHECK(failed == 0, "every update command succeeded (%u failed)", failed);
		CHECK(split >= STEPS / 4,
		      "updates kept compiled bulks: %u of %u generations held chains in segments",
		      split, steps);
		CHECK(mismatches == 0, "every verdict is the reference's after every update "
				       "(%u steps, %u frames each)",
		      steps, FRAMES_PER_STEP);
	}
	lab_down(&lab);
	parse_test__destroy(parser);
	ref_result_free(&res);
	free(table);
	return check_exit();
}
