/* schema.c - object type lookup and the per-kind value operations. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/nodeset.h"
#include "model/schema.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"
#include "lib/fsutil.h"

const struct prop_def *
type_key(const struct obj_type *t)
{
	for (const struct prop_def *p = t->props; p->name; p++)
		if (p->flags & PROP_KEY)
			return p;
	return NULL;
}

const struct obj_type *
type_find(const char *name)
{
	for (size_t i = 0; obj_types[i]; i++)
		if (strcmp(obj_types[i]->name, name) == 0)
			return obj_types[i];
	return NULL;
}

const struct obj_type *
type_find_mode(const char *mode)
{
	for (size_t i = 0; obj_types[i]; i++)
		if (strcmp(obj_types[i]->mode, mode) == 0)
			return obj_types[i];
	return NULL;
}

int
type_is_separate(const struct obj_type *t)
{
	return t->layout == OT_COLLECTION;
}

const char *
type_label(const struct obj_type *t)
{
	return t->label ? t->label : t->name;
}

const struct prop_def *
prop_get(const struct obj_type *t, const char *name)
{
	for (const struct prop_def *p = t->props; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* Edit distance between two short strings, for "did you mean". */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row, best;

	if (la > 64 || lb > 64)
		return 99;
	row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0], tmp;

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev + (a[i - 1] != b[j - 1]);

			tmp = row[j];
			row[j] = sub;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			prev = tmp;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

const struct prop_def *
prop_find(const struct obj_type *t, const char *word, int with_key,
    char **cause)
{
	const struct prop_def *found = NULL, *close = NULL;
	struct strv amb = STRV_INIT;
	size_t len = strlen(word), bestd = 3;

	/* the common case first: no edit distances (foreach runs this often) */
	for (const struct prop_def *p = t->props; p->name; p++)
		if ((!(p->flags & PROP_KEY) || with_key) &&
		    strcmp(p->name, word) == 0)
			return p;
	for (const struct prop_def *p = t->props; p->name; p++) {
		if ((p->flags & PROP_KEY) && !with_key)
			continue;
		if (len > 0 && strncmp(p->name, word, len) == 0) {
			found = p;
			strv_push(&amb, p->name);
		}
		size_t d = edit_distance(word, p->name);
		if (d < bestd) {
			bestd = d;
			close = p;
		}
	}
	if (amb.n == 1) {
		strv_release(&amb);
		return found;
	}
	if (amb.n > 1) {
		char *list = strv_join(&amb, ", ");

		*cause = xasprintf("ambiguous property '%s' for %s: %s", word,
		    t->name, list);
		free(list);
	} else if (close)
		*cause = xasprintf("unknown property '%s' for %s (did you mean "
		    "'%s'?)", word, t->name, close->name);
	else
		*cause = xasprintf("unknown property '%s' for %s", word,
		    t->name);
	strv_release(&amb);
	return NULL;
}

/* Reads "@FILE" values: the file's text without its final newline. */
static char *
read_at_file(const struct prop_def *p, const char *word, char **cause)
{
	struct sbuf sb = SBUF_INIT;

	char *e = NULL;

	if (fs_read_file(&sb, word + 1, 1 << 20, &e) != 0) {
		*cause = xasprintf("cannot read value '%s' for property "
		    "'%s': %s", word, p->name, e);
		free(e);
		sbuf_release(&sb);
		return NULL;
	}
	while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == '\r'))
		sb.buf[--sb.len] = '\0';
	return sbuf_detach(&sb, NULL);
}

/* Parses a boolean word; -1 if it is none. */
static int
parse_bool(const char *w)
{
	static const char *const yes[] = { "yes", "on", "true", "1", NULL };
	static const char *const no[] = { "no", "off", "false", "0", NULL };

	for (size_t i = 0; yes[i]; i++) {
		if (strcasecmp(w, yes[i]) == 0)
			return 1;
		if (strcasecmp(w, no[i]) == 0)
			return 0;
	}
	return -1;
}

json_t *
value_parse_one(const struct prop_def *p, const char *word, char **cause)
{
	char *end;

	switch (p->kind) {
	case VK_STRING:
	case VK_REF:
		if (p->kind == VK_REF && *word == '\0')
			break;
		return json_string(word);
	case VK_PATH:
		if (word[0] != '/') {
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': not an absolute path", word, p->name);
			return NULL;
		}
		return json_string(word);
	case VK_INT: {
		long long v;

		errno = 0;
		v = strtoll(word, &end, 10);
		if (*word == '\0' || *end != '\0' || errno == ERANGE ||
		    isspace((unsigned char)*word)) {
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': not an integer", word, p->name);
			return NULL;
		}
		if (v < p->min || v > p->max) {
			if (p->max == LLONG_MAX || p->max == INT_MAX)
				*cause = xasprintf("invalid value '%s' for "
				    "property '%s': must be at least %lld",
				    word, p->name, p->min);
			else
				*cause = xasprintf("invalid value '%s' for "
				    "property '%s': must be from %lld to %lld",
				    word, p->name, p->min, p->max);
			return NULL;
		}
		return json_integer(v);
	}
	case VK_FLOAT: {
		double v;

		errno = 0;
		v = strtod(word, &end);
		if (*word == '\0' || *end != '\0' || errno == ERANGE ||
		    !isfinite(v) || v < 0) {
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': not a non-negative number", word, p->name);
			return NULL;
		}
		return json_real(v);
	}
	case VK_BOOL: {
		int b = parse_bool(word);

		if (b < 0) {
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': not a boolean (yes/no, on/off, true/false, "
			    "1/0)", word, p->name);
			return NULL;
		}
		return json_boolean(b);
	}
	case VK_ENUM:
		for (size_t i = 0; p->choices[i]; i++)
			if (strcasecmp(word, p->choices[i]) == 0)
				return json_string(p->choices[i]);
		{
			struct strv sv = STRV_INIT;
			char *list;

			for (size_t i = 0; p->choices[i]; i++)
				strv_push(&sv, p->choices[i]);
			list = strv_join(&sv, ", ");
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': must be one of %s", word, p->name, list);
			free(list);
			strv_release(&sv);
		}
		return NULL;
	case VK_HEX4: {
		const char *h = word;
		char buf[5];

		if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
			h += 2;
		if (strlen(h) != 4 || !isxdigit((unsigned char)h[0]) ||
		    !isxdigit((unsigned char)h[1]) ||
		    !isxdigit((unsigned char)h[2]) ||
		    !isxdigit((unsigned char)h[3])) {
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': not 4 hex digits", word, p->name);
			return NULL;
		}
		for (int i = 0; i < 4; i++)
			buf[i] = (char)tolower((unsigned char)h[i]);
		buf[4] = '\0';
		return json_string(buf);
	}
	case VK_JSONOBJ: {
		json_error_t jerr;
		json_t *j = json_loads(word, JSON_REJECT_DUPLICATES, &jerr);

		if (j == NULL || !json_is_object(j)) {
			if (j == NULL)
				*cause = xasprintf("invalid value '%s' for "
				    "property '%s': bad JSON at column %d: %s",
				    word, p->name, jerr.column, jerr.text);
			else
				*cause = xasprintf("invalid value '%s' for "
				    "property '%s': not a JSON object", word,
				    p->name);
			json_decref(j);
			return NULL;
		}
		return j;
	}
	case VK_NKINDS:
		break;
	}
	*cause = xasprintf("invalid value '%s' for property '%s'", word,
	    p->name);
	return NULL;
}

/* Adds one JSON map value to out as text; -1 for nested values. */
static int
map_put_json(const struct prop_def *p, const char *word, json_t *out,
    const char *k, json_t *v, char **cause)
{
	char buf[64];

	switch (json_typeof(v)) {
	case JSON_STRING:
		json_object_set(out, k, v);
		return 0;
	case JSON_INTEGER:
		snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, sizeof buf, "%.17g", json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(buf, sizeof buf, "true");
		break;
	case JSON_FALSE:
		snprintf(buf, sizeof buf, "false");
		break;
	default:
		*cause = xasprintf("invalid value '%s' for property '%s': "
		    "key '%s' holds a %s; map values must be strings, "
		    "numbers or booleans", word, p->name, k,
		    json_is_null(v) ? "null" : "nested value");
		return -1;
	}
	json_object_set_new(out, k, json_string(buf));
	return 0;
}

json_t *
value_parse_map(const struct prop_def *p, char *const *words, int n,
    char **cause)
{
	json_t *out = json_object();

	for (int i = 0; i < n; i++) {
		const char *w = words[i], *eq;

		if (w[0] == '{') {
			json_error_t jerr;
			json_t *j = json_loads(w, JSON_REJECT_DUPLICATES, &jerr);
			const char *k;
			json_t *v;

			if (j == NULL) {
				if (strchr(w, '"') == NULL)
					*cause = xasprintf("invalid JSON '%s' "
					    "for property '%s' at column %d: %s"
					    " (hint: the double quotes were "
					    "removed; escape them as \\\" or "
					    "put the value in single quotes)",
					    w, p->name, jerr.column, jerr.text);
				else
					*cause = xasprintf("invalid JSON '%s' "
					    "for property '%s' at column %d: %s",
					    w, p->name, jerr.column, jerr.text);
				json_decref(out);
				return NULL;
			}
			if (!json_is_object(j)) {
				*cause = xasprintf("invalid value '%s' for "
				    "property '%s': not a JSON object", w,
				    p->name);
				json_decref(j);
				json_decref(out);
				return NULL;
			}
			json_object_foreach(j, k, v) {
				if (map_put_json(p, w, out, k, v, cause) != 0) {
					json_decref(j);
					json_decref(out);
					return NULL;
				}
			}
			json_decref(j);
			continue;
		}
		eq = strchr(w, '=');
		if (eq == NULL || eq == w) {
			*cause = xasprintf("invalid value '%s' for property "
			    "'%s': expected key=value or a JSON object", w,
			    p->name);
			json_decref(out);
			return NULL;
		}
		{
			char *k = xstrndup(w, (size_t)(eq - w));

			if (json_object_get(out, k) != NULL) {
				*cause = xasprintf("invalid value '%s' for "
				    "property '%s': duplicate key '%s'", w,
				    p->name, k);
				free(k);
				json_decref(out);
				return NULL;
			}
			json_object_set_new(out, k, json_string(eq + 1));
			free(k);
		}
	}
	return out;
}

json_t *
value_parse(const struct prop_def *p, char *const *words, int n,
    char **cause)
{
	char **w = xcalloc((size_t)n + 1, sizeof *w);
	json_t *v = NULL;
	int i;

	for (i = 0; i < n; i++) {
		if (words[i][0] == '@' && words[i][1] != '\0') {
			if ((w[i] = read_at_file(p, words[i], cause)) == NULL)
				goto out;
		} else
			w[i] = xstrdup(words[i]);
	}
	if (p->flags & (PROP_KEY | PROP_RO)) {
		*cause = xasprintf("property '%s' is read-only", p->name);
		goto out;
	}
	switch (p->shape) {
	case PS_SCALAR:
		if (n == 0) {
			*cause = xasprintf("property '%s' needs a value",
			    p->name);
			goto out;
		}
		if (n > 1 && p->kind != VK_STRING) {
			*cause = xasprintf("property '%s' takes one value, "
			    "got %d", p->name, n);
			goto out;
		}
		if (n > 1) {
			struct strv sv = { w, (size_t)n, (size_t)n };
			char *joined = strv_join(&sv, " ");

			v = json_string(joined);
			free(joined);
		} else
			v = value_parse_one(p, w[0], cause);
		if (v && p->check && p->check(p, v, cause) != 0)
			FREE_AND_NULL_JSON(v);
		break;
	case PS_LIST:
		v = json_array();
		for (i = 0; i < n; i++) {
			json_t *e;

			if ((p->flags & PROP_NODESET) && nodeset_is_pattern(w[i])) {
				struct strv names = STRV_INIT;

				if (nodeset_expand(w[i], &names, cause) != 0) {
					strv_release(&names);
					FREE_AND_NULL_JSON(v);
					goto out;
				}
				for (size_t j = 0; j < names.n; j++)
					json_array_append_new(v,
					    json_string(names.v[j]));
				strv_release(&names);
				continue;
			}
			if (p->kind == VK_JSONOBJ && w[i][0] == '[') {
				json_error_t jerr;
				json_t *a = json_loads(w[i], 0, &jerr);
				size_t j;

				if (a == NULL || !json_is_array(a)) {
					*cause = xasprintf("invalid value '%s' "
					    "for property '%s': bad JSON list",
					    w[i], p->name);
					json_decref(a);
					FREE_AND_NULL_JSON(v);
					goto out;
				}
				json_array_foreach(a, j, e) {
					if (!json_is_object(e)) {
						*cause = xasprintf("invalid "
						    "value '%s' for property "
						    "'%s': list elements must "
						    "be JSON objects", w[i],
						    p->name);
						json_decref(a);
						FREE_AND_NULL_JSON(v);
						goto out;
					}
					json_array_append(v, e);
				}
				json_decref(a);
				continue;
			}
			if ((e = value_parse_one(p, w[i], cause)) == NULL) {
				FREE_AND_NULL_JSON(v);
				goto out;
			}
			json_array_append_new(v, e);
		}
		if (v && p->check && p->check(p, v, cause) != 0)
			FREE_AND_NULL_JSON(v);
		break;
	case PS_MAP:
		v = value_parse_map(p, w, n, cause);
		if (v && p->check && p->check(p, v, cause) != 0)
			FREE_AND_NULL_JSON(v);
		break;
	}
out:
	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
	return v;
}

/* Formats one scalar element. Caller frees. */
static char *
format_one(const struct prop_def *p, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return xstrdup(json_string_value(v));
	case JSON_INTEGER:
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL: {
		char *s = xasprintf("%.15g", json_real_value(v));

		if (strchr(s, '.') == NULL && strchr(s, 'e') == NULL) {
			char *t = xasprintf("%s.0", s);

			free(s);
			s = t;
		}
		return s;
	}
	case JSON_TRUE:
		return xstrdup("yes");
	case JSON_FALSE:
		return xstrdup("no");
	case JSON_NULL:
		return xstrdup("");
	default:
		return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
}

json_t *
value_default(const struct prop_def *p)
{
	char *cause = NULL;
	json_t *v;

	if (p->def == NULL)
		return NULL;
	if (p->shape == PS_SCALAR)
		v = value_parse_one(p, p->def, &cause);
	else
		v = NULL;
	free(cause);
	return v;
}

char *
value_format(const struct prop_def *p, const json_t *v, const char *sep)
{
	struct sbuf sb = SBUF_INIT;
	json_t *def = NULL;
	char *s;

	if (v == NULL) {
		if ((def = value_default(p)) == NULL)
			return xstrdup("");
		v = def;
	}
	switch (p->shape) {
	case PS_SCALAR:
		s = format_one(p, v);
		json_decref(def);
		return s;
	case PS_LIST: {
		size_t i;
		json_t *e;

		json_array_foreach(v, i, e) {
			if (i)
				sbuf_adds(&sb, sep);
			s = format_one(p, e);
			sbuf_adds(&sb, s);
			free(s);
		}
		json_decref(def);
		return sbuf_detach(&sb, NULL);
	}
	case PS_MAP:
		s = json_object_size(v) ? json_dumps(v, JSON_COMPACT |
		    JSON_PRESERVE_ORDER) : xstrdup("");
		json_decref(def);
		return s;
	}
	json_decref(def);
	return xstrdup("");
}
