/*
 * yaml_emit.c - jansson -> YAML through libyaml's emitter, whole
 * (yaml_emit) or piece by piece (the yemit API), and the choice between
 * libyaml and the fast writer (yaml_fast.c) of yemit_open_fast.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lib/sbuf.h"
#include "lib/scalar.h"
#include "lib/xalloc.h"
#include "state/yaml_emit.h"
#include "state/yaml_fast.h"
#include "state/yaml_scalar.h"

/* libyaml output handler: appends to the sbuf. */
static int
emit_output(void *data, unsigned char *buffer, size_t size)
{
	sbuf_add(data, buffer, size);
	return 1;
}

/* Emits one scalar event with the given text. */
static int
emit_scalar(yaml_emitter_t *e, const char *s, size_t len,
    yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)len, 1, 1, style))
		return -1;
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

/* Emits a JSON string as a plain or double-quoted scalar. */
static int
emit_string(yaml_emitter_t *e, const char *s, size_t len, int flow)
{
	return emit_scalar(e, s, len, yaml_plain_ok_to_write(s, len, flow) ?
	    YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* Emits the value v; flow: inside a flow collection; in_seq: an element. */
static int
emit_value(yaml_emitter_t *e, const json_t *v, int flow, int in_seq)
{
	yaml_event_t ev;
	char num[64];
	const char *k;
	json_t *x;
	size_t i;
	int style;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return emit_string(e, json_string_value(v),
		    json_string_length(v), flow);
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return emit_scalar(e, num, strlen(num),
		    YAML_PLAIN_SCALAR_STYLE);
	case JSON_REAL:
		scalar_real_text(json_real_value(v), num);
		return emit_scalar(e, num, strlen(num),
		    YAML_PLAIN_SCALAR_STYLE);
	case JSON_TRUE:
		return emit_scalar(e, "true", 4, YAML_PLAIN_SCALAR_STYLE);
	case JSON_FALSE:
		return emit_scalar(e, "false", 5, YAML_PLAIN_SCALAR_STYLE);
	case JSON_NULL:
		return emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	case JSON_ARRAY:
		style = yaml_all_scalars(v) ? YAML_FLOW_SEQUENCE_STYLE :
		    YAML_BLOCK_SEQUENCE_STYLE;
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    (yaml_sequence_style_t)style) ||
		    !yaml_emitter_emit(e, &ev))
			return -1;
		json_array_foreach(v, i, x)
			if (emit_value(e, x, style == YAML_FLOW_SEQUENCE_STYLE,
			    1) != 0)
				return -1;
		if (!yaml_sequence_end_event_initialize(&ev) ||
		    !yaml_emitter_emit(e, &ev))
			return -1;
		return 0;
	case JSON_OBJECT:
		style = (in_seq && yaml_all_scalars(v)) ?
		    YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE;
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    (yaml_mapping_style_t)style) ||
		    !yaml_emitter_emit(e, &ev))
			return -1;
		flow = style == YAML_FLOW_MAPPING_STYLE;
		json_object_foreach((json_t *)v, k, x) {
			if (emit_string(e, k, json_object_iter_key_len(
			    json_object_key_to_iter(k)), flow) != 0 ||
			    emit_value(e, x, flow, 0) != 0)
				return -1;
		}
		if (!yaml_mapping_end_event_initialize(&ev) ||
		    !yaml_emitter_emit(e, &ev))
			return -1;
		return 0;
	}
	return -1;
}

/* A document being emitted piece by piece. */
struct yemitter {
	yaml_emitter_t		 e;
	int			 ready;		/* e initialised */
	int			 failed;
	struct yaml_fast_writer	*fast;	/* yemit_open_fast: instead of e */
};

/* Starts a document that appends to out, fast writer first. */
struct yemitter *
yemit_open_fast(struct sbuf *out)
{
	struct yemitter *y = xcalloc(1, sizeof *y);

	y->fast = yaml_fast_open(out);
	return y;
}

/* Starts a document that appends to out (see yaml_emit.h). */
struct yemitter *
yemit_open(struct sbuf *out)
{
	struct yemitter *y = xcalloc(1, sizeof *y);
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&y->e)) {
		y->failed = 1;
		return y;
	}
	y->ready = 1;
	yaml_emitter_set_output(&y->e, emit_output, out);
	yaml_emitter_set_unicode(&y->e, 1);
	yaml_emitter_set_width(&y->e, -1);
	yaml_emitter_set_indent(&y->e, 2);
	yaml_emitter_set_break(&y->e, YAML_LN_BREAK);
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(&y->e, &ev) ||
	    !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
	    !yaml_emitter_emit(&y->e, &ev))
		y->failed = 1;
	return y;
}

/* Starts a block mapping. */
void
yemit_map_start(struct yemitter *y)
{
	yaml_event_t ev;

	if (y->fast) {
		yaml_fast_map_start(y->fast);
		return;
	}
	if (!y->failed && (!yaml_mapping_start_event_initialize(&ev, NULL,
	    NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
	    !yaml_emitter_emit(&y->e, &ev)))
		y->failed = 1;
}

/* Ends a mapping. */
void
yemit_map_end(struct yemitter *y)
{
	yaml_event_t ev;

	if (y->fast) {
		yaml_fast_map_end(y->fast);
		return;
	}
	if (!y->failed && (!yaml_mapping_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&y->e, &ev)))
		y->failed = 1;
}

/* Emits a key of a block mapping. */
void
yemit_key(struct yemitter *y, const char *key, size_t len)
{
	if (y->fast) {
		yaml_fast_key(y->fast, key, len);
		return;
	}
	if (!y->failed && emit_string(&y->e, key, len, 0) != 0)
		y->failed = 1;
}

/* Emits a value of a block mapping. */
void
yemit_value(struct yemitter *y, const json_t *v)
{
	if (y->fast) {
		yaml_fast_value(y->fast, v);
		return;
	}
	if (!y->failed && (v == NULL || emit_value(&y->e, v, 0, 0) != 0))
		y->failed = 1;
}

/* Ends the document and frees the emitter (see yaml_emit.h). */
int
yemit_close(struct yemitter *y, char **cause)
{
	yaml_event_t ev;
	int rc;

	if (y->fast) {
		rc = yaml_fast_close(y->fast) == 0 ? 0 : YEMIT_AGAIN;
		free(y);
		return rc;
	}
	if (!y->failed && (!yaml_document_end_event_initialize(&ev, 1) ||
	    !yaml_emitter_emit(&y->e, &ev) ||
	    !yaml_stream_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&y->e, &ev) || !yaml_emitter_flush(&y->e)))
		y->failed = 1;
	rc = y->failed ? -1 : 0;
	if (rc != 0)
		*cause = y->ready ? xasprintf("cannot emit YAML: %s",
		    y->e.problem ? y->e.problem : "emitter error") :
		    xstrdup("cannot initialise YAML emitter");
	if (y->ready)
		yaml_emitter_delete(&y->e);
	free(y);
	return rc;
}

/* Emits doc as one YAML document into out (see yaml_emit.h). */
int
yaml_emit(const json_t *doc, struct sbuf *out, char **cause)
{
	struct yemitter *y;

	if (doc == NULL) {
		*cause = xstrdup("cannot emit YAML: no document");
		return -1;
	}
	y = yemit_open(out);
	yemit_value(y, doc);
	return yemit_close(y, cause);
}
