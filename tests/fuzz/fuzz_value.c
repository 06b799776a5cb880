/*
 * fuzz_value.c - libFuzzer target: the rules of values and names
 * (model/value.h, model/schema.h) on any bytes, control bytes and bytes
 * that are not UTF-8 included.  The first byte picks a property of one of
 * the object types; the rest, split at NUL bytes, are the words of a set.
 * A value set takes obeys the text rule everywhere inside it, loads back
 * unchanged by the loader's rules and survives the state file's writer
 * and reader; a name add takes is no node-set pattern and comes back from
 * the tokenizer whole; a message shows no control character.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/nodeset.h"
#include "lib/sbuf.h"
#include "model/schema.h"
#include "shell/tok.h"
#include "state/yaml_emit.h"
#include "state/yaml_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless every string and key inside v obeys the text rule. */
static void
all_text_ok(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (value_text_check(json_string_value(v),
		    json_string_length(v), NULL) != 0)
			abort();
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, x)
			all_text_ok(x);
		break;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, k, x) {
			if (value_text_check(k, strlen(k), NULL) != 0)
				abort();
			all_text_ok(x);
		}
		break;
	default:
		break;
	}
}

/* Aborts unless v, written as the state is and read back, loads as v. */
static void
round_trip(const struct obj_type *t, const struct prop_def *p, json_t *v)
{
	json_t *doc = json_pack("{sO}", "v", v), *y, *back;
	struct sbuf sb = SBUF_INIT;
	struct value_at at;
	char *cause = NULL;

	if (yaml_emit(doc, &sb, &cause) != 0)
		abort();	/* a value set takes must save */
	if ((y = yaml_load_buf("fuzz", sb.buf, sb.len, NULL, &cause)) ==
	    NULL) {
		fprintf(stderr, "saved value does not read: %s\n", cause);
		abort();
	}
	back = value_load(t, p, json_object_get(y, "v"), &at, &cause);
	if (back == NULL) {
		fprintf(stderr, "saved value does not load: %s\n", cause);
		abort();
	}
	if (!json_equal(back, v))
		abort();
	json_decref(back);
	json_decref(y);
	json_decref(doc);
	sbuf_release(&sb);
}

/* The property numbered n (all types' rows in turn), and its type. */
static const struct prop_def *
prop_at(unsigned n, const struct obj_type **type)
{
	unsigned count = 0;

	for (size_t i = 0; obj_types[i]; i++)
		for (const struct prop_def *p = obj_types[i]->props; p->name;
		    p++)
			count++;
	n %= count;
	for (size_t i = 0; obj_types[i]; i++)
		for (const struct prop_def *p = obj_types[i]->props; p->name;
		    p++)
			if (n-- == 0) {
				*type = obj_types[i];
				return p;
			}
	abort();
}

/* A name add would take: no node set, and the tokenizer gives it back. */
static void
check_name(const struct obj_type *t, const char *word)
{
	struct tokv tv;
	char *cause = NULL, *q;

	if (type_name_check(t, word, strlen(word), &cause) != 0) {
		if (cause == NULL)
			abort();
		free(cause);
		return;
	}
	if (nodeset_is_pattern(word) || *word == '-')
		abort();
	q = tok_quote(word);
	tokv_init(&tv);
	if (tok_split(q, &tv, &cause) != 0 || tv.n != 1 ||
	    tv.v[0].type != TOK_WORD || strcmp(tv.v[0].text, word) != 0)
		abort();
	tokv_release(&tv);
	free(q);
}

/*
 * 1 for words this target leaves alone: a key or read-only property
 * (set refuses those at once), "@FILE" and "^FILE" (files are not the
 * fuzzer's business) and node sets for a node list (fuzz_nodeset's, and
 * one word may make ten million names).
 */
static int
skip(const struct prop_def *p, char **words, int n)
{
	if (p->flags & (PROP_KEY | PROP_RO))
		return 1;
	for (int i = 0; i < n; i++)
		if ((words[i][0] == '@' && words[i][1] != '\0') ||
		    ((p->flags & PROP_NODESET) && nodeset_is_pattern(words[i])))
			return 1;
	return 0;
}

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct obj_type *t;
	const struct prop_def *p;
	char *buf, **words, *cause = NULL, *shown;
	int n = 0;
	json_t *v;

	if (size < 1)
		return 0;
	p = prop_at(data[0], &t);
	buf = malloc(size);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	words = calloc(size + 1, sizeof *words);
	for (char *w = buf; w < buf + size; w += strlen(w) + 1)
		words[n++] = w;
	shown = value_text_shown(buf, size - 1);
	if (value_text_check(shown, strlen(shown), NULL) != 0)
		abort();	/* messages show no control character */
	free(shown);
	check_name(t, words[0]);
	if (!skip(p, words, n)) {
		if ((v = value_parse(p, words, n, &cause)) != NULL) {
			all_text_ok(v);
			round_trip(t, p, v);
			json_decref(v);
		} else if (cause == NULL)
			abort();	/* a refusal must say why */
		free(cause);
	}
	free(words);
	free(buf);
	return 0;
}
