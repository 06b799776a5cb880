/* complete.c - completion: commands, modes, objects, properties, values. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "complete.h"
#include "novaopts.h"
#include "store.h"
#include "tok.h"

/* Candidate list with optional help texts. */
struct cands {
	struct strv	*out;
	struct strv	*helps;
	const char	*prefix;	/* the text typed so far */
};

/* Adds a candidate when it starts with the prefix. */
static void
add(struct cands *c, const char *word, const char *help)
{
	if (strncmp(word, c->prefix, strlen(c->prefix)) != 0)
		return;
	if (strv_find(c->out, word) >= 0)
		return;
	strv_push(c->out, word);
	if (c->helps)
		strv_push(c->helps, help ? help : "");
}

/* Adds every string of a vector. */
static void
add_all(struct cands *c, const struct strv *sv, const char *help)
{
	for (size_t i = 0; i < sv->n; i++)
		add(c, sv->v[i], help);
}

/* Object names of a collection path. */
static void
add_objects(struct cands *c, struct session *s, const char *collpath,
    const char *help)
{
	json_t *coll = store_coll(s->store->staged, collpath), *v;
	const char *k;

	if (coll)
		json_object_foreach(coll, k, v)
			add(c, k, help);
}

/* The staged compute record of the default deployment (borrowed). */
static json_t *
compute_record(struct session *s)
{
	json_t *os = store_get(s->store->staged, "openstack", "default");
	json_t *st = os ? json_object_get(os, "settings") : NULL;

	return st ? json_object_get(st, "compute") : NULL;
}

/* The configured release index. */
static int
current_release(struct session *s)
{
	json_t *c = compute_record(s);
	json_t *r = c ? json_object_get(c, "release") : NULL;
	int i = r ? nova_release_find(json_string_value(r)) : -1;

	return i < 0 ? NOVA_NEWTON : i;
}

/* Collects distinct PCI IDs seen in the cluster's devices. */
static void
pci_ids(struct session *s, const char *field, const char *vendor_filter,
    struct cands *c)
{
	json_t *devs = store_coll(s->store->staged, "devices"), *d;
	const char *k;

	if (devs == NULL)
		return;
	json_object_foreach(devs, k, d) {
		json_t *pd = json_object_get(d, "pcidevices"), *e;
		size_t i;

		json_array_foreach(pd, i, e) {
			const char *v = json_string_value(json_object_get(e,
			    field));
			const char *ven = json_string_value(json_object_get(e,
			    "vendor"));
			const char *name = json_string_value(json_object_get(e,
			    "name"));

			if (v == NULL)
				continue;
			if (vendor_filter && ven && strcmp(ven, vendor_filter))
				continue;
			add(c, v, name);
		}
	}
}

/* Values of a property: by provider, then by kind. */
static void
add_values(struct cands *c, struct session *s, const struct prop_def *p,
    json_t *obj)
{
	const char *pre = c->prefix;

	if (p->complete && strcmp(p->complete, "filters") == 0) {
		struct strv f = STRV_INIT;

		nova_filters(current_release(s), &f);
		strv_push(&f, "ReserveRamFilter");
		strv_push(&f, "ReserveAggregateRamFilter");
		add_all(c, &f, "nova scheduler filter");
		strv_release(&f);
		return;
	}
	if (p->complete && strcmp(p->complete, "pci-vendors") == 0) {
		pci_ids(s, "vendor", NULL, c);
		return;
	}
	if (p->complete && strcmp(p->complete, "pci-products") == 0) {
		json_t *v = obj ? json_object_get(obj, "vendorid") : NULL;

		pci_ids(s, "device", v ? json_string_value(v) : NULL, c);
		return;
	}
	if (p->shape == PS_MAP) {
		const char *eq = strchr(pre, '=');

		if (eq == NULL) {
			static const char *const fkeys[] = {
				"pci_passthrough:alias=", "gpu=",
				"aggregate_instance_extra_specs:",
				"hw:cpu_policy=", "hw:mem_page_size=", NULL };
			static const char *const mkeys[] = {
				"reserve_ram_filter_mb=",
				"reserve_ram_filter_flavor_extra_spec=",
				"ram_allocation_ratio=", "availability_zone=",
				NULL };
			const char *const *keys = strcmp(p->name,
			    "extraspecs") == 0 ? fkeys : mkeys;

			for (size_t i = 0; keys[i]; i++)
				add(c, keys[i], p->help);
			if (obj && json_object_get(obj, p->name)) {
				const char *k;
				json_t *v;

				json_object_foreach(json_object_get(obj,
				    p->name), k, v) {
					char *w = xasprintf("%s=", k);

					add(c, w, "existing key");
					free(w);
				}
			}
			return;
		}
		if (strncmp(pre, "pci_passthrough:alias=", eq - pre + 1) == 0) {
			json_t *al = store_coll(s->store->staged,
			    "openstack/default/pcialiases"), *v;
			const char *k;

			if (al)
				json_object_foreach(al, k, v) {
					char *w = xasprintf(
					    "pci_passthrough:alias=%s:1", k);

					add(c, w, "one device of this alias");
					free(w);
				}
		}
		if (strncmp(pre, "gpu=", 4) == 0)
			add(c, "gpu=true", NULL);
		return;
	}
	switch (p->kind) {
	case VK_ENUM:
		for (size_t i = 0; p->choices[i]; i++)
			add(c, p->choices[i], NULL);
		break;
	case VK_BOOL:
		add(c, "yes", NULL);
		add(c, "no", NULL);
		break;
	case VK_REF: {
		const struct obj_type *t = type_find(p->ref);

		if (t == NULL)
			break;
		if ((p->flags & PROP_NODESET) && strchr(pre, ',')) {
			/* complete the last item of a comma list */
			const char *last = strrchr(pre, ',') + 1;
			struct strv names = STRV_INIT;
			json_t *coll = store_coll(s->store->staged,
			    t->yaml_key), *v;
			const char *k;

			if (coll)
				json_object_foreach(coll, k, v)
					if (strncmp(k, last, strlen(last)) == 0)
						strv_pushf(&names, "%.*s%s",
						    (int)(last - pre), pre, k);
			add_all(c, &names, NULL);
			strv_release(&names);
		} else
			add_objects(c, s, t->yaml_key, t->name);
		break;
	}
	default:
		break;
	}
}

/* File names for run, -F and @FILE. */
static void
add_files(struct cands *c, const char *lead)
{
	const char *pre = c->prefix + strlen(lead);
	const char *slash = strrchr(pre, '/');
	char *dir = slash ? xstrndup(pre, (size_t)(slash - pre + 1)) :
	    xstrdup("");
	const char *base = slash ? slash + 1 : pre;
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *de;

	if (d) {
		while ((de = readdir(d)) != NULL) {
			char *w;

			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (strncmp(de->d_name, base, strlen(base)) != 0)
				continue;
			if (de->d_name[0] == '.' && base[0] != '.')
				continue;
			w = xasprintf("%s%s%s%s", lead, dir, de->d_name,
			    de->d_type == DT_DIR ? "/" : "");
			add(c, w, NULL);
			free(w);
		}
		closedir(d);
	}
	free(dir);
}

/* Properties of t (settable ones when settable_only). */
static void
add_props(struct cands *c, const struct obj_type *t, int settable_only)
{
	for (const struct prop_def *p = t->props; p->name; p++) {
		if (settable_only && (p->flags & (PROP_KEY | PROP_RO)))
			continue;
		add(c, p->name, p->help);
	}
}

/* Copies the mode stack of s into a scratch session sharing the store. */
static void
session_copy(struct session *dst, const struct session *src)
{
	*dst = *src;
	strv_init(&dst->history);
	for (int i = 0; i <= src->depth; i++)
		dst->stack[i].selected = src->stack[i].selected ?
		    xstrdup(src->stack[i].selected) : NULL;
}

/* Frees the scratch session's stack copies. */
static void
session_copy_release(struct session *c)
{
	for (int i = 0; i <= c->depth; i++)
		free(c->stack[i].selected);
}

/* Completes in the scratch session; words are the complete words. */
static void
complete_words(struct session *s, char **words, size_t n, struct cands *c)
{
	const struct cmd_entry *ce;
	const struct obj_type *mt, *t;
	size_t i = 0;
	char *cp;
	int k;

	/* leading mode words navigate */
	while (i < n && (mt = mode_word(s, words[i])) != NULL &&
	    cmd_find(s, words[i]) == NULL) {
		char *e = NULL;

		if (mode_enter(s, mt, &e) != 0) {
			free(e);
			return;
		}
		i++;
	}
	if (i == n) {
		struct strv sv = STRV_INIT;

		cmd_list(s, &sv, 0);
		for (size_t j = 0; j < sv.n; j++)
			add(c, sv.v[j], cmd_find(s, sv.v[j])->help);
		strv_clear(&sv);
		mode_words(s, &sv);
		for (size_t j = 0; j < sv.n; j++)
			add(c, sv.v[j], mode_word(s, sv.v[j])->help);
		strv_release(&sv);
		for (size_t j = 0; j < s->alias_names.n; j++)
			add(c, s->alias_names.v[j], s->alias_values.v[j]);
		return;
	}
	if ((ce = cmd_find(s, words[i])) == NULL)
		return;
	t = s->stack[s->depth].type;
	k = (int)(n - i - 1);	/* index of the word being completed */
	cp = session_collpath(s, s->depth);

	if (strcmp(ce->name, "foreach") == 0) {
		static const char *const opts[] = { "-n", "-c", "-t", "-m",
		    "-l", "*", NULL };
		const char *prev = k > 0 ? words[n - 1] : "";

		if (strcmp(prev, "-n") == 0 || c->prefix[0] != '-') {
			if (strchr(c->prefix, ',')) {
				struct prop_def fake = { .name = "nodes",
				    .kind = VK_REF, .ref = t ? t->name : "",
				    .flags = PROP_NODESET };

				add_values(c, s, &fake, NULL);
			} else if (cp)
				add_objects(c, s, cp, t->name);
		}
		if (strcmp(prev, "-t") == 0 && t && t->props) {
			const struct prop_def *p = prop_get(t, "type");

			if (p)
				add_values(c, s, p, NULL);
		}
		if (strcmp(prev, "-m") == 0)
			add_objects(c, s, "softwareimages", NULL);
		if (strcmp(prev, "-l") == 0 && t && prop_get(t, "roles"))
			add_values(c, s, prop_get(t, "roles"), NULL);
		if (c->prefix[0] == '-' || c->prefix[0] == '*' ||
		    c->prefix[0] == '\0')
			for (size_t j = 0; opts[j]; j++)
				add(c, opts[j], NULL);
		free(cp);
		return;
	}
	if (strcmp(ce->name, "run") == 0) {
		add_files(c, "");
		free(cp);
		return;
	}
	if (strcmp(ce->name, "pciscan") == 0) {
		if (k > 0 && strcmp(words[n - 1], "-F") == 0)
			add_files(c, "");
		else
			add(c, "-F", "read lspci -x output from a file");
		free(cp);
		return;
	}
	if (c->prefix[0] == '@' && k >= 1) {
		add_files(c, "@");
		free(cp);
		return;
	}
	switch (ce->args[0] & ~ARG_REPEAT) {
	case ARG_COMMAND: {
		struct cands cc = *c;

		complete_words(s, NULL, 0, &cc);
		break;
	}
	case ARG_OBJECT:
		if (cp && (k == 0 || (ce->args[0] & ARG_REPEAT)))
			add_objects(c, s, cp, t->name);
		break;
	case ARG_ADDTYPE:
		if (k == 0 && t && t->addtypes)
			for (size_t j = 0; t->addtypes[j]; j++)
				add(c, t->addtypes[j], "object type");
		break;
	case ARG_OBJECT_OR_PROP: {
		/* [NAME] PROP VALUE... */
		struct frame *f = &s->stack[s->depth];
		const char *const *rest = (const char *const *)words + i + 1;
		json_t *obj = NULL;
		int has_name = 0;
		char *e = NULL;

		if (t == NULL)
			break;
		if (t->layout == OT_COLLECTION && k >= 1 &&
		    !(f->selected && prop_find(t, rest[0], 1, &e)) &&
		    cp && store_get(s->store->staged, cp, rest[0]))
			has_name = 1;
		free(e);
		if (k == 0) {
			if (t->layout == OT_RECORD || f->selected)
				add_props(c, t, strcmp(ce->name, "get") != 0 &&
				    strcmp(ce->name, "show") != 0);
			if (t->layout == OT_COLLECTION && cp)
				add_objects(c, s, cp, t->name);
			break;
		}
		if (has_name && k == 1) {
			add_props(c, t, strcmp(ce->name, "get") != 0);
			break;
		}
		if (strcmp(ce->name, "get") == 0 || strcmp(ce->name,
		    "clear") == 0)
			break;
		{
			const char *pname = rest[has_name];
			const struct prop_def *p;

			e = NULL;
			if ((p = prop_find(t, pname, 1, &e)) == NULL) {
				free(e);
				break;
			}
			if (has_name)
				obj = store_get(s->store->staged, cp, rest[0]);
			else if (t->layout == OT_RECORD)
				obj = compute_record(s);
			else if (f->selected && cp)
				obj = store_get(s->store->staged, cp,
				    f->selected);
			if (strcmp(ce->name, "removefrom") == 0 && obj) {
				json_t *v = json_object_get(obj, p->name), *x;
				size_t j;
				const char *key;

				if (json_is_array(v))
					json_array_foreach(v, j, x)
						if (json_is_string(x))
							add(c, json_string_value(x),
							    NULL);
				if (json_is_object(v))
					json_object_foreach(v, key, x)
						add(c, key, NULL);
				break;
			}
			add_values(c, s, p, obj);
		}
		break;
	}
	default:
		break;
	}
	free(cp);
}

void
compl_line(struct session *s, const char *line, size_t point,
    struct strv *out, struct strv *helps, size_t *word_start)
{
	char *text = xstrndup(line, point);
	struct tokv tv;
	struct session copy;
	struct cands c;
	size_t first = 0, nwords;
	char **words;
	const char *prefix = "";

	tokv_init(&tv);
	tok_split_partial(text, &tv);
	*word_start = point;
	/* the command being typed starts after the last ';' or '(' */
	for (size_t i = 0; i < tv.n; i++)
		if (tv.v[i].type == TOK_SEMI || tv.v[i].type == TOK_LPAREN ||
		    tv.v[i].type == TOK_RPAREN)
			first = i + 1;
	nwords = tv.n - first;
	if (nwords > 0 && !tv.trailing_space &&
	    tv.v[tv.n - 1].type == TOK_WORD) {
		prefix = tv.v[tv.n - 1].text;
		*word_start = tv.v[tv.n - 1].start;
		nwords--;
	}
	words = xcalloc(nwords + 1, sizeof *words);
	for (size_t i = 0; i < nwords; i++) {
		if (tv.v[first + i].type != TOK_WORD) {
			nwords = i;
			break;
		}
		words[i] = tv.v[first + i].text;
	}
	session_copy(&copy, s);
	/* inside a foreach body the first object stands selected */
	if (first > 0 && tv.v[first - 1].type == TOK_LPAREN) {
		struct frame *f = &copy.stack[copy.depth];

		if (f->type && f->type->layout == OT_COLLECTION &&
		    f->selected == NULL) {
			struct strv names = STRV_INIT;

			cmd_object_names(&copy, &names);
			if (names.n)
				f->selected = xstrdup(names.v[0]);
			strv_release(&names);
		}
	}
	c.out = out;
	c.helps = helps;
	c.prefix = prefix;
	complete_words(&copy, words, nwords, &c);
	session_copy_release(&copy);
	free(words);
	tokv_release(&tv);
	free(text);
	if (helps == NULL) {
		strv_sort(out);
		strv_uniq(out);
	}
}

int
complete_print(struct session *s, const char *line)
{
	struct strv out = STRV_INIT;
	size_t ws;

	compl_line(s, line, strlen(line), &out, NULL, &ws);
	for (size_t i = 0; i < out.n; i++)
		printf("%s\n", out.v[i]);
	strv_release(&out);
	return 0;
}
