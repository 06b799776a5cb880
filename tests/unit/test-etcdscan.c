/* test-etcdscan.c - etcd_range_scan() (state/etcd_scan.c): etcd's range
 * answers as etcd writes them, with the escapes and layouts JSON allows,
 * against the keys and values they were made from; and the texts it must
 * give up on, leaving nothing behind. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lib/base64.h"
#include "state/etcd.h"
#include "tests/unit/tap.h"

/* A JSON string of the base64 of n bytes of p. */
static json_t *
b64(const void *p, size_t n)
{
	char *t = base64_encode(p, n);
	json_t *j = json_string(t);

	free(t);
	return j;
}

/* 1 if out holds kv i with key k and value v (vn bytes). */
static int
holds(const struct etcd_kvs *out, size_t i, const char *k, const char *v,
    size_t vn, long long mod)
{
	return i < out->n && strcmp(out->v[i].key, k) == 0 &&
	    out->v[i].vlen == vn && memcmp(out->v[i].value, v, vn) == 0 &&
	    out->v[i].value[vn] == '\0' && out->v[i].mod_rev == mod;
}

static void
answers(void)
{
	static const char typical[] =
	    "{\"header\":{\"cluster_id\":\"14841639068965178418\","
	    "\"member_id\":\"10276657743932975437\",\"revision\":\"42\","
	    "\"raft_term\":\"2\"},\"kvs\":[{\"key\":\"L2MvbWV0YQ==\","
	    "\"create_revision\":\"5\",\"mod_revision\":\"7\",\"version\":"
	    "\"2\",\"value\":\"Zm9ybWF0OiAx\"},{\"key\":\"L2MvcmV2aXNpb24=\","
	    "\"create_revision\":\"5\",\"mod_revision\":\"41\",\"version\":"
	    "\"9\",\"value\":\"Mw==\"}],\"count\":\"2\"}";
	/* numbers as numbers, blanks, an escaped '/' and '=' */
	static const char odd[] =
	    " {\n \"kvs\" : [ { \"mod_revision\" : 9 , \"key\" : "
	    "\"L2E\\u003d\" , \"lease\" : {\"a\": [1, 2, {\"b\": null}]} ,"
	    " \"value\": \"\\/w==\" } ]"
	    " ,\n \"header\" : { \"revision\" : 12 }, \"more\": false } \n";
	static const char keys_only[] = "{\"kvs\":[{\"key\":\"L2E=\"}]}";
	static const char none[] = "{\"header\":{\"revision\":\"3\"}}";
	struct etcd_kvs out;

	ok(etcd_range_scan(typical, strlen(typical), &out) == 0 &&
	    out.revision == 42 && out.n == 2 &&
	    holds(&out, 0, "/c/meta", "format: 1", 9, 7) &&
	    out.v[0].create_rev == 5 &&
	    holds(&out, 1, "/c/revision", "3", 1, 41),
	    "an answer as etcd writes it");
	etcd_kvs_release(&out);
	ok(etcd_range_scan(odd, strlen(odd), &out) == 0 &&
	    out.revision == 12 && out.n == 1 &&
	    holds(&out, 0, "/a", "\xff", 1, 9),
	    "numbers, blanks, escapes, members in any order");
	etcd_kvs_release(&out);
	ok(etcd_range_scan(keys_only, strlen(keys_only), &out) == 0 &&
	    out.n == 1 && holds(&out, 0, "/a", "", 0, 0),
	    "keys only: an empty value");
	etcd_kvs_release(&out);
	ok(etcd_range_scan(none, strlen(none), &out) == 0 && out.n == 0 &&
	    out.revision == 3, "an answer without kvs");
	etcd_kvs_release(&out);
}

static void
refusals(void)
{
	static const char *const bad[] = {
		"", "[]", "{", "{\"kvs\":[{\"key\":\"L2E=\"}]",
		"{\"kvs\":[{\"key\":\"L2E=\"}]} x",
		"{\"kvs\":[{\"key\":\"L2E\"}]}",		/* not base64 */
		"{\"kvs\":[{\"value\":\"L2E=\"}]}",		/* no key */
		"{\"kvs\":[{}]}",
		"{\"kvs\":[{\"key\":\"L2E=\",\"mod_revision\":\"9x\"}]}",
		"{\"kvs\":[{\"key\":\"L2\tE=\"}]}",		/* control */
		"{\"kvs\":[{\"key\":\"L2E=\",\"x\":\"\\q\"}]}",	/* escape */
		"{\"kvs\":[{\"key\":\"\\ud800\"}]}",		/* surrogate */
		"{\"header\":{\"revision\":\"1\"},}",
		"{\"kvs\":[{\"key\":\"L2E=\"},]}",
		"{\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]"
		    "]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct etcd_kvs out;

		ok(etcd_range_scan(bad[i], strlen(bad[i]), &out) == -1 &&
		    out.n == 0 && out.v == NULL, "gives up on %zu: %.40s", i,
		    bad[i]);
	}
}

/*
 * Answers jansson writes (escaping '/' or not, indented or compact) of
 * keys and values of every byte: the scan gives back what they hold.
 */
static void
round_trips(void)
{
	static const size_t flags[] = { JSON_COMPACT, JSON_INDENT(2),
	    JSON_COMPACT | JSON_ESCAPE_SLASH, JSON_INDENT(1) |
	    JSON_ENSURE_ASCII };
	unsigned seed = 7;
	int good = 1;

	for (int round = 0; round < 200; round++) {
		json_t *j = json_object(), *kvs = json_array();
		char keys[8][24], vals[8][64];
		size_t vn[8], n = (size_t)(round % 8);
		struct etcd_kvs out;
		char *text;

		for (size_t i = 0; i < n; i++) {
			snprintf(keys[i], sizeof keys[i], "/p/devices/n%d-%zu",
			    round, i);
			vn[i] = (size_t)(round * 7 + (int)i) % 64;
			for (size_t b = 0; b < vn[i]; b++) {
				seed = seed * 1103515245 + 12345;
				vals[i][b] = (char)(seed >> 16);
			}
			json_array_append_new(kvs, json_pack("{s:o, s:s, s:s, "
			    "s:o}", "key", b64(keys[i], strlen(keys[i])),
			    "create_revision", "1", "mod_revision", "77",
			    "value", b64(vals[i], vn[i])));
		}
		json_object_set_new(j, "header", json_pack("{s:s}",
		    "revision", "99"));
		json_object_set_new(j, "kvs", kvs);
		text = json_dumps(j, flags[round % 4]);
		if (etcd_range_scan(text, strlen(text), &out) != 0 ||
		    out.n != n || out.revision != 99)
			good = 0;
		for (size_t i = 0; good && i < n; i++)
			good = holds(&out, i, keys[i], vals[i], vn[i], 77);
		etcd_kvs_release(&out);
		free(text);
		json_decref(j);
	}
	ok(good, "200 answers jansson writes, 0 to 7 keys, values of every "
	    "byte");
}

int
main(void)
{
	answers();
	refusals();
	round_trips();
	return done_testing();
}
