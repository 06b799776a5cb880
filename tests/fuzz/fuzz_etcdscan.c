/*
 * fuzz_etcdscan.c - libFuzzer target: the range answer scanner
 * (state/etcd_scan.c) against jansson on any bytes.  Whenever the scanner
 * takes a text, jansson must read it as an object whose "kvs" hold the
 * same keys, values and revisions; the scanner may give up on anything.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base64.h"
#include "state/etcd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An int64 as etcd writes it (a string of digits, or a number), or 0. */
static long long
num(json_t *j)
{
	return json_is_integer(j) ? json_integer_value(j) :
	    json_is_string(j) ? strtoll(json_string_value(j), NULL, 10) : 0;
}

/* 1 if kv (jansson's) holds what k (the scanner's) does. */
static int
same(json_t *kv, const struct etcd_kv *k)
{
	const char *key = json_string_value(json_object_get(kv, "key"));
	const char *val = json_string_value(json_object_get(kv, "value"));
	size_t kl, vl;
	char *dk = key ? base64_decode(key, &kl) : NULL;
	char *dv = base64_decode(val ? val : "", &vl);
	int r = dk && dv && strcmp(dk, k->key) == 0 && vl == k->vlen &&
	    memcmp(dv, k->value, vl) == 0 &&
	    num(json_object_get(kv, "mod_revision")) == k->mod_rev &&
	    num(json_object_get(kv, "create_revision")) == k->create_rev;

	free(dk);
	free(dv);
	return r;
}

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct etcd_kvs out;
	json_t *j, *kvs;

	if (etcd_range_scan((const char *)data, size, &out) != 0)
		return 0;
	j = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL);
	if (!json_is_object(j)) {
		fprintf(stderr, "the scanner took what jansson refuses\n");
		abort();
	}
	kvs = json_object_get(j, "kvs");
	if (json_array_size(kvs) != out.n)
		abort();
	for (size_t i = 0; i < out.n; i++)
		if (!same(json_array_get(kvs, i), &out.v[i])) {
			fprintf(stderr, "kv %zu differs\n", i);
			abort();
		}
	etcd_kvs_release(&out);
	json_decref(j);
	return 0;
}
