/* diag.c - validation problem lists and their table. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"

void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof *d);
}

void
diag_release(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].field);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

void
diag_add(struct diag *d, enum diag_sev sev, int code, const char *field,
    const char *fmt, ...)
{
	struct diag_item *it;
	va_list ap;

	xgrow((void **)&d->v, &d->cap, d->n + 1, sizeof *d->v);
	it = &d->v[d->n++];
	it->sev = sev;
	it->code = code;
	it->field = xstrdup(field);
	va_start(ap, fmt);
	it->msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (sev == DIAG_ERROR)
		d->nerrors++;
}

void
diag_table(const struct diag *d, struct sbuf *out)
{
	size_t fw = 5;

	for (size_t i = 0; i < d->n; i++)
		if (strlen(d->v[i].field) > fw)
			fw = strlen(d->v[i].field);
	sbuf_addf(out, "%-5s %-*s %s\n", "Code", (int)fw, "Field", "Message");
	sbuf_addf(out, "----- ");
	for (size_t i = 0; i < fw; i++)
		sbuf_addc(out, '-');
	sbuf_adds(out, " ------------------------------\n");
	for (size_t i = 0; i < d->n; i++)
		sbuf_addf(out, "%-5d %-*s %s%s\n", d->v[i].code, (int)fw,
		    d->v[i].field,
		    d->v[i].sev == DIAG_WARNING ? "warning: " : "",
		    d->v[i].msg);
}
