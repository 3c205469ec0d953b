// SPDX-License-Identifier: GPL-2.0-only
/* Test-only program: parse, classify from the chain `hook_chain`, and
 * leave the result for the test (BPF_PROG_TEST_RUN) to compare with the
 * userspace classifier. */
#include "lbvs.h"
#include "parse.h"

__u32 hook_chain;
__u32 in_class, out_class;
__u32 policy;
struct bpfipt_cls_result result;
struct bpfipt_pkt pkt;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct lbvs_state);
	__uint(max_entries, 1);
} scratch SEC(".maps");

SEC("xdp")
int bpfipt_classify_test(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	struct lbvs_state *s = bpf_map_lookup_elem(&scratch, &zero);

	if (!s)
		return XDP_ABORTED;
	/* Only what the classifier reads before writing: the rest of the
	 * (large) state is set as it goes. */
	__builtin_memset(&s->res, 0, sizeof(s->res));
	__builtin_memset(&result, 0, sizeof(result));
	if (parse_packet(data, end, &s->pkt) < 0)
		return XDP_PASS;
	pkt = s->pkt;
	s->in_class = in_class;
	s->out_class = out_class;
	s->policy = policy;
	s->hook_chain = hook_chain;
	s->chain_base = 0;
	lbvs_classify(s);
	result = s->res;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
