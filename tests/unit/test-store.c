/*
 * test-store.c - copy on write in the store: a staged change never shows
 * in base, disk or an undo snapshot, whether it goes through the cheap
 * top-level copy (store_get_w_top + store_child_w) or the whole-object
 * one (store_get_w); changes are listed right; a scoped commit leaves
 * the changes outside its scope staged.  The built-in example cluster
 * loads, and is written back as its own text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/diag.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "nova/compute.h"
#include "nova/novaopts.h"
#include "state/commit.h"
#include "state/example.h"
#include "state/statefile.h"
#include "state/store.h"
#include "state/yaml_load.h"
#include "tests/unit/tap.h"

static char tmpdir[] = "/tmp/test-store-XXXXXX";

/* The string value of key in obj, or NULL. */
static const char *
str_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A fresh store on the example cluster (its file does not exist yet). */
static struct store *
open_example(const char *name)
{
	char *path = xasprintf("%s/%s.yaml", tmpdir, name);
	char *root = xasprintf("%s/root-%s", tmpdir, name);
	char *cause = NULL;
	struct store *st = store_open(path, root, STORE_START_EXAMPLE, &cause);

	if (st == NULL)
		printf("# store_open: %s\n", cause);
	free(cause);
	free(path);
	free(root);
	return st;
}

/* The top-level copy: the object is private, its values are shared. */
static void
test_top_copy(void)
{
	struct store *st = open_example("top");
	json_t *b = view_get(st->base, "devices", "hyper01");
	json_t *d = view_get(st->disk, "devices", "hyper01");
	json_t *snap = json_copy(st->staged);
	json_t *o, *r, *r2, *rec;

	o = store_get_w_top(st, "devices", "hyper01");
	ok(o != NULL && o != b, "store_get_w_top: a private object");
	ok(json_object_get(o, "roles") == json_object_get(b, "roles"),
	    "store_get_w_top: its values stay shared");
	ok(store_get_w_top(st, "devices", "hyper01") == o,
	    "store_get_w_top: a private object is not copied again");
	ok(store_get_w_top(st, "devices", "nosuch") == NULL,
	    "store_get_w_top: NULL for a missing object");
	json_object_set_new(o, "kernelparameters", json_string("quiet"));
	is_str(str_of(o, "kernelparameters"), "quiet", "staged has the set");
	ok(json_object_get(b, "kernelparameters") == NULL,
	    "base does not see a top-level set");

	r = store_child_w(o, "roles", 0);
	ok(r != NULL && r != json_object_get(b, "roles"),
	    "store_child_w: a private copy of a shared list");
	r2 = store_child_w(o, "roles", 0);
	ok(r2 == r, "store_child_w: a private value is not copied again");
	json_array_append_new(r, json_string("openstackcontroller"));
	is_int(json_array_size(json_object_get(o, "roles")), 2,
	    "staged list has the appended element");
	is_int(json_array_size(json_object_get(b, "roles")), 1,
	    "base list is unchanged");
	is_int(json_array_size(json_object_get(d, "roles")), 1,
	    "disk list is unchanged");
	is_int(json_array_size(json_object_get(view_get(snap, "devices",
	    "hyper01"), "roles")), 1, "an undo snapshot's list is unchanged");

	ok(store_child_w(o, "nosuch", 0) == NULL,
	    "store_child_w: NULL for a missing key without create");
	rec = store_child_w(o, "nosuch", 1);
	ok(json_is_object(rec) && json_object_size(rec) == 0 &&
	    json_object_get(o, "nosuch") == rec,
	    "store_child_w: create sets a new empty object");
	ok(json_object_get(b, "nosuch") == NULL, "base has no new record");
	is_int(store_change_of(st, "devices", "hyper01"), CH_CHANGED,
	    "the object counts as changed");
	json_decref(snap);
	store_free(st);
}

/* Records reached through keys (openstack default settings compute). */
static void
test_records(void)
{
	struct store *st = open_example("rec");
	json_t *b = view_get(st->base, "openstack", "default");
	json_t *bset = json_object_get(b, "settings");
	json_t *bcomp = json_object_get(bset, "compute");
	json_t *o, *set, *comp, *sf;

	o = store_get_w_top(st, "openstack", "default");
	set = store_child_w(o, "settings", 1);
	comp = store_child_w(set, "compute", 1);
	ok(set != bset && comp != bcomp, "records on the way are private");
	ok(json_object_get(b, "settings") == bset &&
	    json_object_get(bset, "compute") == bcomp,
	    "base keeps its records");
	json_object_set_new(comp, "release", json_string("ocata"));
	is_str(str_of(comp, "release"), "ocata", "staged record has the set");
	is_str(str_of(bcomp, "release"), "newton", "base record is unchanged");
	sf = store_child_w(comp, "schedulerfilters", 0);
	ok(sf != json_object_get(bcomp, "schedulerfilters"),
	    "a list in a record is made private");
	json_array_clear(sf);
	ok(json_array_size(json_object_get(bcomp, "schedulerfilters")) > 0,
	    "base record's list is unchanged");
	ok(json_object_get(comp, "schedulerfilters") == sf,
	    "staged record holds the private list");
	store_free(st);
}

/*
 * store_get_w after store_get_w_top: the object is private already, but
 * what it holds is still shared and must be copied before the caller
 * changes it in place, down to objects inside lists.
 */
static void
test_whole_copy(void)
{
	struct store *st = open_example("whole");
	json_t *b = view_get(st->base, "devices", "hyper01");
	json_t *bpd = json_object_get(b, "pcidevices");
	json_t *bpci = json_array_get(bpd, 0);
	json_t *top, *o, *pci;

	top = store_get_w_top(st, "devices", "hyper01");
	o = store_get_w(st, "devices", "hyper01");
	ok(o == top, "store_get_w keeps the private object");
	ok(json_object_get(o, "roles") != json_object_get(b, "roles") &&
	    json_object_get(o, "pcidevices") != bpd,
	    "store_get_w makes the lists inside private");
	pci = json_array_get(json_object_get(o, "pcidevices"), 0);
	ok(pci != NULL && pci != bpci,
	    "store_get_w makes objects inside lists private");
	json_object_set_new(pci, "vendor", json_string("8086"));
	json_array_append_new(json_object_get(o, "roles"),
	    json_string("openstackcontroller"));
	is_str(str_of(bpci, "vendor"), "10de", "base list element unchanged");
	is_int(json_array_size(json_object_get(b, "roles")), 1,
	    "base list unchanged");
	is_str(str_of(json_array_get(json_object_get(view_get(st->disk,
	    "devices", "hyper01"), "pcidevices"), 0), "vendor"), "10de",
	    "disk list element unchanged");

	/* a fresh store_get_w on a shared object copies the whole tree */
	o = store_get_w(st, "devices", "hyper02");
	b = view_get(st->base, "devices", "hyper02");
	ok(o != b && json_array_get(json_object_get(o, "pcidevices"), 0) !=
	    json_array_get(json_object_get(b, "pcidevices"), 0),
	    "store_get_w on a shared object: nothing inside is shared");
	ok(json_equal(o, b), "the copy is equal to the original");
	store_free(st);
}

/* Changes are listed by content, not by copy. */
static void
test_changes(void)
{
	struct store *st = open_example("changes");
	struct store_items it = { 0 };
	json_t *b = view_get(st->base, "devices", "hyper03");
	json_t *o;

	o = store_get_w_top(st, "devices", "hyper03");
	json_array_append_new(store_child_w(o, "roles", 0),
	    json_string("openstackcontroller"));
	store_get_w_top(st, "devices", "hyper04");	/* copied, unchanged */
	store_changes(st, "", 0, &it);
	is_int(it.n, 1, "one change listed");
	if (it.n == 1) {
		is_str(it.v[0].name, "hyper03", "the changed object");
		is_int(it.v[0].change, CH_CHANGED, "listed as changed");
	}
	store_items_release(&it);
	is_int(store_change_of(st, "devices", "hyper04"), CH_NONE,
	    "a copy with no change is unchanged");

	/* put the old value back, as a different but equal list */
	json_object_set_new(o, "roles", json_deep_copy(json_object_get(b,
	    "roles")));
	store_changes(st, "", 0, &it);
	is_int(it.n, 0, "an equal value counts as no change");
	store_items_release(&it);
	is_int(store_coll_modified(st, "devices"), 0,
	    "the collection is not modified");
	store_free(st);
}

/* Stages a new kernelparameters value on a device. */
static void
stage_kp(struct store *st, const char *dev, const char *v)
{
	json_object_set_new(store_get_w_top(st, "devices", dev),
	    "kernelparameters", json_string(v));
}

/* A scoped commit leaves the changes outside its scope staged. */
static void
test_scoped_commit(void)
{
	struct store *st = open_example("commit");
	struct commit_opts opts = { 0 };
	struct store_items it = { 0 };
	struct diag d;
	char *cause = NULL;
	size_t n = 0;
	json_t *img;
	int r;

	diag_init(&d);
	stage_kp(st, "hyper01", "a=1");
	stage_kp(st, "hyper02", "b=2");
	img = store_get_w_top(st, "softwareimages", "default-image");
	json_object_set_new(img, "path", json_string("/cm/images/x"));

	r = store_commit(st, "devices", 0, &opts, &d, &n, &cause);
	is_int(r, 0, "commit of a collection");
	if (r != 0)
		printf("# %s\n", cause);
	FREE_AND_NULL(cause);
	is_int(n, 2, "both devices committed");
	is_str(str_of(view_get(st->disk, "devices", "hyper01"),
	    "kernelparameters"), "a=1", "disk has the committed value");
	is_int(store_change_of(st, "devices", "hyper01"), CH_NONE,
	    "a committed object is no longer changed");
	is_int(store_change_of(st, "softwareimages", "default-image"),
	    CH_CHANGED, "the change outside the scope stays staged");
	is_str(str_of(view_get(st->base, "softwareimages", "default-image"),
	    "path"), "/cm/images/default-image",
	    "its baseline is the old value");

	/* an object path in scope: the other objects of its collection stay */
	stage_kp(st, "hyper03", "c=3");
	stage_kp(st, "hyper04", "d=4");
	r = store_commit(st, "devices/hyper03", 1, &opts, &d, &n, &cause);
	is_int(r, 0, "commit of one object");
	FREE_AND_NULL(cause);
	is_int(n, 1, "one object committed");
	store_changes(st, "", 0, &it);
	is_int(it.n, 2, "two changes stay staged");
	if (it.n == 2) {
		is_str(it.v[0].name, "hyper04", "the other device");
		is_str(it.v[1].name, "default-image", "the image");
	}
	store_items_release(&it);
	is_str(str_of(view_get(st->disk, "devices", "hyper04"),
	    "kernelparameters"), NULL, "the other device is not on disk");
	diag_release(&d);
	store_free(st);
}

/*
 * The example cluster (state/example.yaml) loads; saved, it is the same
 * text, so the file is a state as ocmsh writes it; its filters are
 * nova's defaults for its release.
 */
static void
test_example(void)
{
	struct state_doc d;
	struct sbuf out = SBUF_INIT;
	struct strv def = STRV_INIT;
	char *cause = NULL, *want, *got;
	json_t *sf;

	state_example(&d);
	ok(d.colls != NULL && d.revision == 0 &&
	    json_object_size(d.written) == 0, "the example loads");
	ok(state_emit(&d, &out, &cause) == 0, "the example saves");
	is_str(out.buf, state_example_yaml,
	    "the example saves as the text it is loaded from");
	is_int(nova_compute_release(d.colls, NULL), NOVA_NEWTON,
	    "the example's release is newton");
	nova_default_filters(NOVA_NEWTON, &def);
	want = strv_join(&def, ",");
	sf = json_object_get(nova_compute(d.colls, NULL), "schedulerfilters");
	strv_clear(&def);
	for (size_t i = 0; i < json_array_size(sf); i++)
		strv_push(&def, json_string_value(json_array_get(sf, i)));
	got = strv_join(&def, ",");
	is_str(got, want, "the example's filters are nova's defaults");
	free(want);
	free(got);
	free(cause);
	strv_release(&def);
	sbuf_release(&out);
	state_doc_release(&d);
}

/* n lists, each the one element of the one around it. */
static json_t *
nested_lists(int n)
{
	json_t *v = json_string("x"), *a;

	for (int i = 0; i < n; i++) {
		a = json_array();
		json_array_append_new(a, v);
		v = a;
	}
	return v;
}

/*
 * The saver writes nothing the loader refuses: a value nested deeper
 * than the loader reads, a text over its size limit and a negative
 * revision are refused, with the buffer as it was.
 */
static void
test_emit_limits(void)
{
	struct state_doc d;
	struct sbuf out = SBUF_INIT;
	char *cause = NULL;
	json_t *dev;

	state_example(&d);
	sbuf_adds(&out, "kept");
	dev = json_object_get(json_object_get(d.colls, "devices"), "hyper01");
	/* 60 lists in an element of pcidevices: 4 + 1 + 60 levels */
	json_object_set_new(dev, "pcidevices", json_pack("[{s:o}]", "deep",
	    nested_lists(60)));
	ok(state_emit(&d, &out, &cause) == -1 && cause != NULL &&
	    strstr(cause, "device 'hyper01' property 'pcidevices' nests "
	    "deeper than the 64 levels") != NULL,
	    "a value 65 levels deep is refused (%s)", cause ? cause : "");
	is_str(out.buf, "kept", "the buffer is as it was");
	FREE_AND_NULL(cause);
	json_object_set_new(dev, "pcidevices", json_pack("[{s:o}]", "deep",
	    nested_lists(59)));
	ok(state_emit(&d, &out, &cause) == 0, "64 levels are written");
	{
		json_t *y = yaml_load_buf("t", out.buf + 4, out.len - 4, NULL,
		    &cause);

		ok(y != NULL, "and the YAML loader reads them (%s)",
		    cause ? cause : "");
		json_decref(y);
		FREE_AND_NULL(cause);
	}
	sbuf_reset(&out);
	json_object_del(dev, "pcidevices");
	{
		size_t n = YAML_MAX_SIZE;
		char *big = xmalloc(n + 1);

		memset(big, 'x', n);
		big[n] = '\0';
		json_object_set_new(dev, "kernelparameters", json_string(big));
		free(big);
	}
	ok(state_emit(&d, &out, &cause) == -1 && cause != NULL &&
	    strstr(cause, "over the 64 MiB") != NULL && out.len == 0,
	    "a state over 64 MiB is refused (%.60s)", cause ? cause : "");
	FREE_AND_NULL(cause);
	json_object_del(dev, "kernelparameters");
	d.revision = -1;
	ok(state_emit(&d, &out, &cause) == -1 && cause != NULL,
	    "a negative revision is refused");
	free(cause);
	sbuf_release(&out);
	state_doc_release(&d);
}

int
main(void)
{
	char *cmd;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_top_copy();
	test_records();
	test_whole_copy();
	test_changes();
	test_scoped_commit();
	test_example();
	test_emit_limits();
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	return done_testing();
}
