/*
 * cmd-staging.c - the staged changes: modified, diff, commit, refresh,
 * validate, and the history: commits, rollback.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/out.h"
#include "lib/diag.h"
#include "lib/sbuf.h"
#include "model/diagcodes.h"
#include "state/adopt.h"
#include "state/cloudsync.h"
#include "state/commit.h"
#include "state/statefile.h"
#include "lib/xalloc.h"

/* The scope of modified/commit/refresh at the current position. */
static char *
current_scope(struct session *s, int *exact)
{
	struct frame *f = session_frame(s);

	*exact = 0;
	if (s->depth == 0)
		return xstrdup("");
	if (f->type->layout == OT_RECORD || f->selected) {
		*exact = 1;
		return mode_objpath(s, s->depth);
	}
	return mode_collpath(s, s->depth);
}

/*
 * Stages what the images' derived files hold that ocmsh never wrote
 * (state/adopt.h), and says so.  A file that cannot be read adopts
 * nothing; commit and validate name it.  So does a state that cannot be
 * read (etcd does not answer): the command goes on with the changes
 * staged so far (modified, diff), and a commit reads again.
 */
static void
staging_adopt(struct session *s)
{
	struct strv msgs = STRV_INIT;
	char *e = NULL;

	if (store_adopt(s->store, &msgs, &e) < 0)
		free(e);
	free(store_read_error(s->store, NULL));
	for (size_t i = 0; i < msgs.n; i++)
		out_printf(s, "%s\n", msgs.v[i]);
	strv_release(&msgs);
}

/* modified: a State Type Name table. */
static int
cmd_modified_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct store_items items = { 0 };
	struct frame *f = session_frame(s);
	char *scope;
	int exact;

	staging_adopt(s);
	scope = current_scope(s, &exact);
	/* modified lists the whole mode even with an object selected */
	if (exact && f->type && f->type->layout == OT_COLLECTION) {
		free(scope);
		scope = mode_collpath(s, s->depth);
		exact = 0;
	}
	store_changes(s->store, scope ? scope : "", exact, &items);
	if (items.n == 0) {
		const struct obj_type *t = f->type;

		while (t && t->layout == OT_RECORD)
			t = t->parent;
		if (t)
			out_printf(s, "No modified objects of type %s\n",
			    t->name);
		else
			out_printf(s, "No modified objects\n");
	} else {
		struct out_table *tb = out_table_new(3);

		out_table_column(tb, 0, "State", 5, 5);
		out_table_column(tb, 1, "Type", 4, SIZE_MAX);
		out_table_column(tb, 2, "Name", 4, SIZE_MAX);
		for (size_t i = 0; i < items.n; i++) {
			out_table_add(tb, xstrdup(items.v[i].change ==
			    CH_ADDED ? "+" : items.v[i].change == CH_REMOVED ?
			    "-" : ""));
			out_table_add(tb, xstrdup(type_label(items.v[i].type)));
			out_table_add(tb, xstrdup(items.v[i].name));
		}
		out_table_print(s, tb, " ");
		out_table_free(tb);
	}
	store_items_release(&items);
	free(scope);
	return CMD_OK;
}

/* Prints property differences of two objects (either may be NULL). */
static void
diff_object(struct session *s, const struct obj_type *t, json_t *a, json_t *b,
    const char *prefix)
{
	for (const struct prop_def *p = t->props; p->name; p++) {
		json_t *x = a ? json_object_get(a, p->name) : NULL;
		json_t *y = b ? json_object_get(b, p->name) : NULL;
		char *fx, *fy;

		if (p->flags & PROP_KEY)
			continue;
		if (x == y || (x && y && json_equal(x, y)))
			continue;
		fx = x ? value_format(p, x, ",") : NULL;
		fy = y ? value_format(p, y, ",") : NULL;
		if (a == NULL)
			out_printf(s, "    %s%s: %s\n", prefix, p->name, fy);
		else if (b == NULL)
			out_printf(s, "    %s%s: %s\n", prefix, p->name, fx);
		else
			out_printf(s, "    %s%s: %s -> %s\n", prefix, p->name,
			    x ? fx : "(unset)", y ? fy : "(unset)");
		free(fx);
		free(fy);
	}
	for (size_t i = 0; obj_types[i]; i++) {
		const struct obj_type *c = obj_types[i];
		char *pre;

		if (c->parent != t || c->layout != OT_RECORD)
			continue;
		pre = xasprintf("%s%s ", prefix, c->mode);
		diff_object(s, c, a ? json_object_get(a, c->yaml_key) : NULL,
		    b ? json_object_get(b, c->yaml_key) : NULL, pre);
		free(pre);
	}
}

/* diff: each changed property, old and new. */
static int
cmd_diff_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct store_items items = { 0 };
	int exact;
	char *scope;

	staging_adopt(s);
	scope = current_scope(s, &exact);
	store_changes(s->store, scope ? scope : "", exact, &items);
	for (size_t i = 0; i < items.n; i++) {
		struct store_item *it = &items.v[i];
		json_t *a = view_get(s->store->base, it->collpath, it->name);
		json_t *b = view_get(s->store->staged, it->collpath, it->name);

		out_printf(s, "%c %s %s\n", it->change == CH_ADDED ? '+' :
		    it->change == CH_REMOVED ? '-' : '~', it->type->name,
		    it->name);
		diff_object(s, it->type, it->change == CH_ADDED ? NULL : a,
		    it->change == CH_REMOVED ? NULL : b, "");
	}
	store_items_release(&items);
	free(scope);
	return CMD_OK;
}

/*
 * After a commit (or its dry run): brings the clouds the state names in
 * line with next, the state committed (see state/cloudsync.h).  A cloud
 * not in line makes the exit status 76.
 */
static int
commit_cloud(struct session *s, json_t *next, const struct commit_opts *co,
    char **cause)
{
	struct cloudsync_opts o = { .dry_run = co->dry_run,
		.force = co->force };
	struct sbuf out = SBUF_INIT;
	int r;

	o.out = &out;
	if (isatty(STDERR_FILENO))
		o.progress = out_progress;
	r = store_cloud_sync(s->store, next, &o, cause);
	if (out.len)
		out_write(s, out.buf, out.len);
	sbuf_release(&out);
	if (r == STORE_CLOUD_PARTIAL && s->exit_status == 0)
		s->exit_status = 76;
	return r == 0 ? CMD_OK : CMD_ERROR;
}

/* commit [--dry-run] [--force] */
static int
cmd_commit_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct commit_opts opts = { 0 };
	struct store_items items = { 0 };
	struct sbuf out = SBUF_INIT;
	struct diag d;
	json_t *next = NULL;
	size_t n = 0;
	char *scope;
	int exact, r;

	opts.dry_run = args_has(args, 'n');
	opts.force = args_has(args, 'f');
	/* --force writes the state's values over what the files hold */
	if (!opts.force)
		staging_adopt(s);
	opts.out = &out;
	opts.committed = &items;
	opts.next = &next;
	scope = current_scope(s, &exact);
	diag_init(&d);
	r = store_commit(s->store, scope ? scope : "", exact, &opts, &d, &n,
	    cause);
	out_diag(s, &d);
	diag_release(&d);
	if (out.len)
		out_write(s, out.buf, out.len);
	sbuf_release(&out);
	if (r == STORE_CONFLICT)
		s->exit_status = 75;
	if (r != 0) {
		store_items_release(&items);
		free(scope);
		return CMD_ERROR;
	}
	/* mode level reports per type, as cmsh does */
	if (!exact && !opts.dry_run) {
		for (size_t i = 0; obj_types[i]; i++) {
			const struct obj_type *t = obj_types[i];
			size_t nc = 0, nr = 0;

			for (size_t k = 0; k < items.n; k++) {
				if (items.v[k].type != t)
					continue;
				if (items.v[k].change == CH_REMOVED)
					nr++;
				else
					nc++;
			}
			if (nr)
				out_printf(s, "Successfully removed %zu %s\n",
				    nr, t->plural);
			/* a removal reports the committed ones too, as cmsh */
			if (nc || nr || (s->depth > 0 &&
			    session_frame(s)->type == t))
				out_printf(s, "Successfully committed %zu %s\n",
				    nc, t->plural);
		}
	}
	store_items_release(&items);
	free(scope);
	r = commit_cloud(s, next, &opts, cause);
	json_decref(next);
	return r;
}

/* 1 if items holds collpath/name as added by this session. */
static int
added_here(const struct store_items *items, const char *cp, const char *name)
{
	for (size_t i = 0; i < items->n; i++)
		if (items->v[i].change == CH_ADDED &&
		    strcmp(items->v[i].collpath, cp) == 0 &&
		    strcmp(items->v[i].name, name) == 0)
			return 1;
	return 0;
}

/* refresh: drop staged changes here. */
static int
cmd_refresh_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	int exact, r, i;
	char *scope = current_scope(s, &exact), *gone = NULL;
	struct store_items before = { 0 };

	/* objects that exist in the baseline now, to notice removals */
	store_changes(s->store, scope ? scope : "", exact, &before);
	r = store_refresh(s->store, scope ? scope : "", exact, cause);
	free(scope);
	if (r != 0) {
		store_items_release(&before);
		return CMD_ERROR;
	}
	/* a selected object that is gone: leave it */
	if ((i = mode_drop_missing(s, &gone)) > 0) {
		char *cp = mode_collpath(s, i);

		if (cp && view_get(s->store->disk, cp, gone) == NULL &&
		    view_get(s->store->base, cp, gone) == NULL &&
		    !added_here(&before, cp, gone))
			out_printf(s, "%s '%s' no longer exists: another "
			    "session removed it\n", s->stack[i].type->name,
			    gone);
		free(cp);
		free(gone);
	}
	store_items_release(&before);
	return CMD_OK;
}

/* validate: checks the whole staged state. */
static int
cmd_validate_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct diag d;
	struct sbuf sb = SBUF_INIT;
	char *e = NULL;

	staging_adopt(s);
	diag_init(&d);
	if (store_validate(s->store, &d, &e) != 0) {
		diag_add(&d, DIAG_ERROR, DC_FILES, "files", "%s", e);
		free(e);
	}
	if (d.n == 0)
		out_printf(s, "All good\n");
	else {
		diag_table(&d, &sb);
		out_write(s, sb.buf, sb.len);
	}
	sbuf_release(&sb);
	diag_release(&d);
	return CMD_OK;
}

/* commits: the commit log. */
static int
cmd_commits_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	char *log = store_commit_log(s->store), *save = NULL, *line;

	out_printf(s, "%-8s %-19s %-10s %s\n", "Revision", "Time", "User",
	    "Summary");
	out_printf(s, "-------- ------------------- ---------- "
	    "------------------------------\n");
	if (log == NULL)
		return CMD_OK;
	for (line = strtok_r(log, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { 0 }, *p = line;
		char tbuf[32] = "";

		for (int k = 0; k < 4 && p; k++) {
			f[k] = p;
			p = k < 3 ? strchr(p, '\t') : NULL;
			if (p)
				*p++ = '\0';
		}
		if (!f[3])
			continue;
		{
			time_t tt = (time_t)strtoll(f[1], NULL, 10);
			struct tm tm;

			if (localtime_r(&tt, &tm))
				strftime(tbuf, sizeof tbuf, "%Y-%m-%d %H:%M:%S",
				    &tm);
		}
		out_printf(s, "%-8s %-19s %-10s %s\n", f[0], tbuf, f[2], f[3]);
	}
	free(log);
	return CMD_OK;
}

/* rollback N: stages the state of revision N as changes. */
static int
cmd_rollback_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct state_doc doc = { 0 };
	char *end;
	long long rev = strtoll(args->argv[1], &end, 10);
	const char *cp;
	json_t *c;

	if (*args->argv[1] == '\0' || *end || rev < 0) {
		*cause = xasprintf("bad revision '%s'", args->argv[1]);
		return CMD_ERROR;
	}
	if (store_load_all(s->store, cause) != 0 ||
	    store_load_revision(s->store, rev, &doc, cause) != 0)
		return CMD_ERROR;
	/* stage: every collection of that revision replaces ours */
	json_object_foreach(s->store->staged, cp, c) {
		if (json_object_get(doc.colls, cp) == NULL)
			json_object_set_new(s->store->staged, cp,
			    json_object());
	}
	json_object_foreach(doc.colls, cp, c) {
		json_t *cur = view_coll(s->store->staged, cp);
		json_t *nc = json_object();
		const char *name;
		json_t *o;

		/* keep our unchanged objects shared, take theirs otherwise */
		json_object_foreach(c, name, o) {
			json_t *mine = cur ? json_object_get(cur, name) : NULL;

			json_object_set(nc, name, mine && json_equal(mine, o) ?
			    mine : o);
		}
		json_object_set_new(s->store->staged, cp, nc);
	}
	state_doc_release(&doc);
	return CMD_OK;
}

const struct cmd_entry cmd_modified_entry = {
	.name = "modified",
	.min_args = 0,
	.max_args = 0,
	.usage = "modified",
	.help = "List objects with staged changes",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_modified_exec
};

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.min_args = 0,
	.max_args = 0,
	.usage = "diff",
	.help = "Show staged changes, property by property",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_diff_exec
};

const struct cmd_entry cmd_commit_entry = {
	.name = "commit",
	.min_args = 0,
	.max_args = 2,
	.opts = (const struct cmd_opt[]){
		{ 'n', "dry-run", OPT_FLAG, OPT_LONGNAME, .help = "validate "
		    "and print the diff of every file and each cloud's plan, "
		    "write and send nothing" },
		{ 'f', "force", OPT_FLAG, OPT_LONGNAME, .help =
		    "overwrite generated values that were edited by hand, and "
		    "what changed in a cloud" },
		{ 0 }
	},
	.usage = "commit [--dry-run] [--force]",
	.help = "Validate and write the staged changes here",
	.flags = CF_GLOBAL | CF_OPTNAMED,
	.args = (const int[]){ ARG_END },
	.exec = cmd_commit_exec
};

const struct cmd_entry cmd_refresh_entry = {
	.name = "refresh",
	.min_args = 0,
	.max_args = 0,
	.usage = "refresh",
	.help = "Drop the staged changes here and reload",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_refresh_exec
};

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.min_args = 0,
	.max_args = 0,
	.usage = "validate",
	.help = "Check the whole staged state",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_validate_exec
};

const struct cmd_entry cmd_commits_entry = {
	.name = "commits",
	.min_args = 0,
	.max_args = 0,
	.usage = "commits",
	.help = "List earlier commits (revision, time, user, summary)",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_END },
	.exec = cmd_commits_exec
};

const struct cmd_entry cmd_rollback_entry = {
	.name = "rollback",
	.min_args = 1,
	.max_args = 1,
	.usage = "rollback REVISION",
	.help = "Stage the state of an earlier revision",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_NONE, ARG_END },
	.exec = cmd_rollback_exec
};
