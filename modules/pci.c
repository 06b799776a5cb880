/* pci.c - PCI discovery through libpci (ocmsh(1) COMMANDS, pciscan). */
#include "config.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pci/pci.h>

#include "model/provider.h"
#include "model/value.h"
#include "model/view.h"
#include "modules/pci.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"
#include "lib/fsutil.h"
#include "lib/scalar.h"

/* Largest dump read into memory for checking. */
#define PCI_DUMP_LIMIT		(64 * 1024 * 1024)
/* Longest line libpci's dump reader takes (fgets into 255 bytes). */
#define PCI_DUMP_LINE_MAX	253
/* Config space libpci keeps per device in a dump. */
#define PCI_CONFIG_MAX		4096
/* The standard header every device must have. */
#define PCI_HEADER_LEN		64

/*
 * libpci reports fatal errors through a callback that must not return and
 * gets no context, so while a scan runs, pci_jump points at the place to go
 * back to and pci_errbuf receives the message.  Outside a scan, pci_jump is
 * NULL and an error (only out-of-memory is possible then) aborts, as
 * xmalloc does.
 */
static jmp_buf	*pci_jump;
static char	 pci_errbuf[256];

/* The access for name lookups, made on first use: pci.ids is parsed once. */
static struct pci_access *pci_names;

/* What a scan learns about one device, before it becomes JSON. */
struct pci_info {
	int		domain;
	unsigned	bus, dev, func;
	unsigned	vendor, device, class, revision;
	int		has_sub;
	unsigned	subvendor, subdevice;
	char		name[256];
};

/* libpci's error callback: records the message and jumps back to the scan. */
static _Noreturn void PRINTFLIKE(1, 2)
pci_error_cb(char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pci_errbuf, sizeof pci_errbuf, fmt, ap);
	va_end(ap);
	if (pci_jump == NULL)
		abort();
	longjmp(*pci_jump, 1);
}

/* libpci's warning and debug callbacks: library code never prints. */
static void PRINTFLIKE(1, 2)
pci_quiet_cb(char *fmt, ...)
{
	(void)fmt;
}

/* Allocates a libpci access with this file's callbacks installed. */
static struct pci_access *
pci_new_access(void)
{
	struct pci_access *pacc;

	pacc = pci_alloc();
	pacc->error = pci_error_cb;
	pacc->warning = pci_quiet_cb;
	pacc->debug = pci_quiet_cb;
	return pacc;
}

/* Frees the name lookup access at exit. */
static void
pci_names_free(void)
{
	if (pci_names != NULL) {
		pci_cleanup(pci_names);
		pci_names = NULL;
	}
}

/* Returns the access for name lookups, making it on first use. */
static struct pci_access *
pci_names_access(void)
{
	if (pci_names == NULL) {
		pci_names = pci_new_access();
		atexit(pci_names_free);
	}
	return pci_names;
}

/* Parses exactly four hex digits into *id; -1 if s is anything else. */
static int
pci_parse_id(const char *s, unsigned *id)
{
	unsigned v = 0;
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		v = v * 16 + (unsigned)(isdigit((unsigned char)s[i]) ?
		    s[i] - '0' : tolower((unsigned char)s[i]) - 'a' + 10);
	}
	if (s[4] != '\0')
		return -1;
	*id = v;
	return 0;
}

/* Looks a name up in pci.ids with libpci; NULL if unknown. Caller frees. */
static char *
pci_lookup(int flags, unsigned a, unsigned b)
{
	char buf[256], *name;

	name = pci_lookup_name(pci_names_access(), buf, sizeof buf,
	    flags | PCI_LOOKUP_NO_NUMBERS, (int)a, (int)b);
	return name != NULL ? xstrdup(name) : NULL;
}

/* Vendor name from pci.ids (see pci.h). */
char *
pci_vendor_name(const char *vendor)
{
	unsigned v;

	if (pci_parse_id(vendor, &v) != 0)
		return NULL;
	return pci_lookup(PCI_LOOKUP_VENDOR, v, 0);
}

/* Device name from pci.ids (see pci.h). */
char *
pci_device_name(const char *vendor, const char *device)
{
	unsigned v, d;

	if (pci_parse_id(vendor, &v) != 0 || pci_parse_id(device, &d) != 0)
		return NULL;
	return pci_lookup(PCI_LOOKUP_DEVICE, v, d);
}

/*
 * Returns the text of the scalar member key of obj (a number of a
 * hand-edited state as its text, in buf), or NULL.
 */
static const char *
pci_member(const json_t *obj, const char *key, char buf[SCALAR_TEXT_MAX])
{
	return scalar_text(json_object_get(obj, key), buf);
}

/* Counts the hex digits at the start of s. */
static size_t
pci_hex_span(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && isxdigit((unsigned char)s[n]))
		n++;
	return n;
}

/* 1 if s is a full device address "DDDD:BB:DD.F" (domain 4 or 5 digits). */
static int
pci_valid_address(const char *s)
{
	size_t n = pci_hex_span(s, strlen(s));

	if ((n != 4 && n != 5) || s[n] != ':')
		return 0;
	s += n + 1;
	return pci_hex_span(s, 2) == 2 && s[2] == ':' &&
	    pci_hex_span(s + 3, 2) == 2 && strtoul(s + 3, NULL, 16) <= 0x1f &&
	    s[5] == '.' && s[6] >= '0' && s[6] <= '7' && s[7] == '\0';
}

/*
 * The device's name for lspci -nn, "NAME [vvvv:dddd]", into buf: the name
 * pciscan recorded, as show prints it; this machine's pci.ids (in libpci's
 * form, which pciscan's record is when it ran here) when none was.
 */
static const char *
pci_recorded_name(const json_t *dev, unsigned vendor, unsigned device,
    char *buf, size_t size)
{
	struct pci_access *pacc = pci_names_access();
	char b[SCALAR_TEXT_MAX], here[256], *h;
	const char *name = pci_member(dev, "name", b);

	h = pci_lookup_name(pacc, here, sizeof here, PCI_LOOKUP_VENDOR |
	    PCI_LOOKUP_DEVICE, (int)vendor, (int)device);
	if (name == NULL || *name == '\0' || strcmp(name, h) == 0)
		return pci_lookup_name(pacc, buf, size, PCI_LOOKUP_VENDOR |
		    PCI_LOOKUP_DEVICE | PCI_LOOKUP_MIXED, (int)vendor,
		    (int)device);
	snprintf(buf, size, "%s [%04x:%04x]", name, vendor, device);
	return buf;
}

/* Formats a device as `lspci -nn` does (see pci.h). */
char *
pci_format_nn(const json_t *dev)
{
	struct pci_access *pacc = pci_names_access();
	const char *address, *rev;
	char cbuf[256], dbuf[256], *cname;
	const char *dname;
	char b[5][SCALAR_TEXT_MAX];
	unsigned class, vendor, device, r = 0;

	address = pci_member(dev, "address", b[0]);
	rev = pci_member(dev, "revision", b[1]);
	if (address == NULL || !pci_valid_address(address) ||
	    pci_parse_id(pci_member(dev, "class", b[2]), &class) != 0 ||
	    pci_parse_id(pci_member(dev, "vendor", b[3]), &vendor) != 0 ||
	    pci_parse_id(pci_member(dev, "device", b[4]), &device) != 0)
		return NULL;
	if (rev != NULL && (strlen(rev) != 2 || pci_hex_span(rev, 2) != 2 ||
	    sscanf(rev, "%2x", &r) != 1))
		r = 0;
	if (strncmp(address, "0000:", 5) == 0)
		address += 5;

	cname = pci_lookup_name(pacc, cbuf, sizeof cbuf,
	    PCI_LOOKUP_CLASS | PCI_LOOKUP_MIXED, (int)class);
	dname = pci_recorded_name(dev, vendor, device, dbuf, sizeof dbuf);
	if (r != 0)
		return xasprintf("%s %s: %s (rev %02x)", address, cname, dname,
		    r);
	return xasprintf("%s %s: %s", address, cname, dname);
}

/* Returns a printable, shortened copy of a dump line for a message. */
static char *
pci_excerpt(const char *line, size_t len)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;

	for (i = 0; i < len && i < 40; i++)
		sbuf_addc(&sb, isprint((unsigned char)line[i]) ? line[i] : '?');
	if (len > 40)
		sbuf_adds(&sb, "...");
	return sbuf_detach(&sb, NULL);
}

/*
 * Parses a device line "[DOMAIN:]BB:DD.F TEXT" as libpci's dump reader
 * recognises it (a domain of 4 or 5 digits).  Returns 1 and fills *a if it
 * is one, 0 if the line is something else, -1 if it has the shape of one
 * but the device or function is out of range.
 */
static int
pci_parse_addr(const char *s, size_t len, struct pci_info *a)
{
	size_t n, dom = 0;

	n = pci_hex_span(s, len);
	if ((n == 4 || n == 5) && n < len && s[n] == ':') {
		dom = n + 1;
		s += dom;
		len -= dom;
	}
	if (len < 8 || pci_hex_span(s, 2) != 2 || s[2] != ':' ||
	    pci_hex_span(s + 3, 2) != 2 || s[5] != '.' ||
	    !isxdigit((unsigned char)s[6]) || s[7] != ' ')
		return 0;
	a->domain = dom ? (int)strtol(s - dom, NULL, 16) : 0;
	a->bus = (unsigned)strtoul(s, NULL, 16);
	a->dev = (unsigned)strtoul(s + 3, NULL, 16);
	if (!isdigit((unsigned char)s[6]) || s[6] > '7' || a->dev > 0x1f)
		return -1;
	a->func = (unsigned)(s[6] - '0');
	return 1;
}

/*
 * Parses a config space line "OFF: xx xx ..." (2 to 8 offset digits, bytes
 * separated by single spaces, trailing blanks allowed).  Returns the number
 * of bytes and sets *off, 0 if the line does not start like one, -1 if it
 * does but the bytes are malformed.
 */
static int
pci_parse_hex(const char *s, size_t len, unsigned long *off)
{
	size_t n, i;
	int bytes = 0;

	n = pci_hex_span(s, len);
	if (n < 2 || n > 8 || n + 1 >= len || s[n] != ':' || s[n + 1] != ' ')
		return 0;
	*off = strtoul(s, NULL, 16);
	i = n + 2;
	while (len > i && s[len - 1] == ' ')
		len--;
	while (i < len) {
		if (i + 2 > len || pci_hex_span(s + i, 2) != 2 ||
		    (i + 2 < len && s[i + 2] != ' '))
			return -1;
		bytes++;
		i += 3;
	}
	return bytes;
}

/* Formats a device address the way the JSON carries it. */
static char *
pci_addr_string(const struct pci_info *a)
{
	return xasprintf("%04x:%02x:%02x.%x", (unsigned)a->domain, a->bus,
	    a->dev, a->func);
}

/* Checks that the device whose line is lineno has a full header. */
static int
pci_check_device(const char *path, unsigned lineno, const char *addr,
    unsigned long bytes, char **cause)
{
	if (bytes == 0) {
		*cause = xasprintf("%s:%u: device '%s' has no config space "
		    "(not 'lspci -x' output?)", path, lineno, addr);
		return -1;
	}
	if (bytes < PCI_HEADER_LEN) {
		*cause = xasprintf("%s:%u: config space of '%s' truncated "
		    "at %lu bytes (need %d)", path, lineno, addr, bytes,
		    PCI_HEADER_LEN);
		return -1;
	}
	return 0;
}

/* Where pci_check_dump is in a dump. */
struct dump_check {
	const char	*path;
	unsigned	 lineno;
	struct strv	 seen;		/* device addresses so far */
	char		*cur;		/* the current device, or NULL */
	unsigned	 curline;	/* its line */
	unsigned long	 bytes;		/* its config space so far */
};

/* Ends the current device (if any): it needs its header. */
static int
dump_end_device(struct dump_check *d, char **cause)
{
	if (d->cur != NULL && pci_check_device(d->path, d->curline, d->cur,
	    d->bytes, cause) != 0)
		return -1;
	FREE_AND_NULL(d->cur);
	return 0;
}

/* Sets *cause to "PATH:LINE: what 'excerpt of the line'"; returns -1. */
static int
dump_refuse(struct dump_check *d, const char *what, const char *line,
    size_t len, char **cause)
{
	char *ex = pci_excerpt(line, len);

	*cause = xasprintf("%s:%u: %s '%s'", d->path, d->lineno, what, ex);
	free(ex);
	return -1;
}

/* A device line (address a): starts a new device. */
static int
dump_device(struct dump_check *d, const struct pci_info *a, char **cause)
{
	if (dump_end_device(d, cause) != 0)
		return -1;
	d->cur = pci_addr_string(a);
	d->curline = d->lineno;
	if (strv_find(&d->seen, d->cur) >= 0) {
		*cause = xasprintf("%s:%u: duplicate device '%s'", d->path,
		    d->lineno, d->cur);
		return -1;
	}
	strv_push(&d->seen, d->cur);
	d->bytes = 0;
	return 0;
}

/* A config space line of n bytes at offset off: continues the device's. */
static int
dump_config(struct dump_check *d, unsigned long off, int n, char **cause)
{
	if (d->cur == NULL) {
		*cause = xasprintf("%s:%u: config space line outside a device",
		    d->path, d->lineno);
		return -1;
	}
	if (off != d->bytes) {
		*cause = xasprintf("%s:%u: config space of '%s' jumps from "
		    "offset %lx to %lx", d->path, d->lineno, d->cur, d->bytes,
		    off);
		return -1;
	}
	d->bytes += (unsigned long)n;
	if (d->bytes > PCI_CONFIG_MAX) {
		*cause = xasprintf("%s:%u: config space of '%s' longer than %d "
		    "bytes", d->path, d->lineno, d->cur, PCI_CONFIG_MAX);
		return -1;
	}
	return 0;
}

/* Checks one line of len bytes (without its newline or CR). */
static int
dump_line(struct dump_check *d, const char *line, size_t len, char **cause)
{
	struct pci_info a;
	unsigned long off;
	int n, r;

	if (memchr(line, '\0', len) != NULL) {
		*cause = xasprintf("%s:%u: binary data", d->path, d->lineno);
		return -1;
	}
	if ((r = pci_parse_addr(line, len, &a)) != 0)
		return r < 0 ? dump_refuse(d, "bad device address in", line,
		    len, cause) : dump_device(d, &a, cause);
	if (len == 0)
		return dump_end_device(d, cause);
	if ((n = pci_parse_hex(line, len, &off)) != 0)
		return n < 0 ? dump_refuse(d, "malformed config space line",
		    line, len, cause) : dump_config(d, off, n, cause);
	if (d->cur == NULL || (line[0] != ' ' && line[0] != '\t'))
		return dump_refuse(d, "malformed line", line, len, cause);
	return 0;
}

/*
 * Checks a dump more strictly than libpci does (libpci skips lines it does
 * not know, fills missing config space with ff bytes and takes devices
 * without any): every line must be a device line, a config space line of
 * the current device continuing its config space, an indented detail line
 * of `lspci -v` or blank, and every device needs its 64-byte header.
 * Returns the number of devices, or -1 with *cause set.
 */
static int
pci_check_dump(const char *path, const char *text, size_t size, char **cause)
{
	struct dump_check d = { path, 0, STRV_INIT, NULL, 0, 0 };
	const char *line = text, *nl;
	size_t len;
	int n = -1;

	for (; line < text + size; line = nl + 1) {
		d.lineno++;
		nl = memchr(line, '\n', (size_t)(text + size - line));
		if (nl == NULL) {
			*cause = xasprintf("%s:%u: last line has no newline "
			    "(truncated file?)", path, d.lineno);
			goto out;
		}
		len = (size_t)(nl - line);
		if (len > PCI_DUMP_LINE_MAX) {
			*cause = xasprintf("%s:%u: line too long (over %d "
			    "characters)", path, d.lineno, PCI_DUMP_LINE_MAX);
			goto out;
		}
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (dump_line(&d, line, len, cause) != 0)
			goto out;
	}
	if (dump_end_device(&d, cause) != 0)
		goto out;
	if ((n = (int)d.seen.n) == 0) {
		*cause = xasprintf("%s: no PCI devices found", path);
		n = -1;
	}
out:
	free(d.cur);
	strv_release(&d.seen);
	return n;
}

/* Orders devices by domain, bus, device and function. */
static int
pci_info_cmp(const void *va, const void *vb)
{
	const struct pci_info *a = va, *b = vb;

	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->func != b->func)
		return a->func < b->func ? -1 : 1;
	return 0;
}

/*
 * Reads what the JSON needs about one device from libpci.  Returns 0, or -1
 * with the reason in errbuf if the standard header cannot be read or holds
 * no device.  Any libpci error jumps out of here.
 */
static int
pci_read_info(struct pci_dev *d, struct pci_info *info, char *errbuf,
    size_t errlen)
{
	u8 hdr[PCI_HEADER_LEN], cb[4];
	char *name;
	int type;

	memset(info, 0, sizeof *info);
	info->domain = d->domain;
	info->bus = d->bus;
	info->dev = d->dev;
	info->func = d->func;
	if (!pci_read_block(d, 0, hdr, sizeof hdr)) {
		snprintf(errbuf, errlen, "cannot read the config space "
		    "header");
		return -1;
	}
	pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_CLASS);
	if (d->vendor_id == 0xffff || d->vendor_id == 0x0000) {
		snprintf(errbuf, errlen, "no device answers (vendor id %04x)",
		    d->vendor_id);
		return -1;
	}
	info->vendor = d->vendor_id;
	info->device = d->device_id;
	info->class = d->device_class;
	info->revision = pci_read_byte(d, PCI_REVISION_ID);

	type = pci_read_byte(d, PCI_HEADER_TYPE) & 0x7f;
	if (type == PCI_HEADER_TYPE_NORMAL) {
		info->subvendor = pci_read_word(d, PCI_SUBSYSTEM_VENDOR_ID);
		info->subdevice = pci_read_word(d, PCI_SUBSYSTEM_ID);
		info->has_sub = 1;
	} else if (type == PCI_HEADER_TYPE_CARDBUS &&
	    pci_read_block(d, PCI_CB_SUBSYSTEM_VENDOR_ID, cb, sizeof cb)) {
		info->subvendor = (unsigned)cb[0] | (unsigned)cb[1] << 8;
		info->subdevice = (unsigned)cb[2] | (unsigned)cb[3] << 8;
		info->has_sub = 1;
	}
	if (info->subvendor == 0x0000 || info->subvendor == 0xffff)
		info->has_sub = 0;

	name = pci_lookup_name(pci_names_access(), info->name,
	    sizeof info->name, PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE,
	    (int)info->vendor, (int)info->device);
	if (name != info->name)
		snprintf(info->name, sizeof info->name, "%s", name);
	return 0;
}

/* Turns one device into its JSON object. */
static json_t *
pci_info_json(const struct pci_info *info)
{
	json_t *obj = json_object();
	char buf[16], *addr, *name;

	addr = pci_addr_string(info);
	json_object_set_new(obj, "address", json_string(addr));
	free(addr);
	snprintf(buf, sizeof buf, "%04x", info->class);
	json_object_set_new(obj, "class", json_string(buf));
	snprintf(buf, sizeof buf, "%04x", info->vendor);
	json_object_set_new(obj, "vendor", json_string(buf));
	snprintf(buf, sizeof buf, "%04x", info->device);
	json_object_set_new(obj, "device", json_string(buf));
	if (info->has_sub) {
		snprintf(buf, sizeof buf, "%04x", info->subvendor);
		json_object_set_new(obj, "subvendor", json_string(buf));
		snprintf(buf, sizeof buf, "%04x", info->subdevice);
		json_object_set_new(obj, "subdevice", json_string(buf));
	}
	snprintf(buf, sizeof buf, "%02x", info->revision);
	json_object_set_new(obj, "revision", json_string(buf));
	/* pci.ids may hold anything, and a long name is cut anywhere */
	name = value_text_clean(info->name, strlen(info->name));
	json_object_set_new(obj, "name", json_string(name));
	free(name);
	return obj;
}

/* Scans a dump or the local bus into JSON (see pci.h). */
int
pci_scan(const char *dump, json_t **devices, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	struct pci_access *volatile pacc;
	struct pci_info *volatile infos = NULL;
	volatile size_t n = 0;
	const char *what = dump != NULL ? dump : "local PCI bus";
	char errbuf[256];
	struct pci_dev *d;
	jmp_buf env;
	json_t *array;
	size_t i, count;
	volatile int expect = -1;

	if (dump != NULL) {
		if (fs_read_file(&sb, dump, PCI_DUMP_LIMIT, cause) != 0) {
			sbuf_release(&sb);
			return -1;
		}
		expect = pci_check_dump(dump, sb.buf, sb.len, cause);
		sbuf_release(&sb);
		if (expect < 0)
			return -1;
	}

	pacc = pci_new_access();
	if (dump != NULL) {
		pacc->method = PCI_ACCESS_DUMP;
		if (pci_set_param(pacc, "dump.name", (char *)dump) != 0) {
			pci_cleanup(pacc);
			*cause = xasprintf("%s: libpci cannot read dumps",
			    dump);
			return -1;
		}
	}
	pci_names_access();	/* before the jump point: it allocates */
	pci_jump = &env;
	if (setjmp(env) != 0) {
		pci_jump = NULL;
		*cause = xasprintf("%s: libpci: %s", what, pci_errbuf);
		goto fail;
	}
	pci_init(pacc);
	pci_scan_bus(pacc);
	count = 0;
	for (d = pacc->devices; d != NULL; d = d->next)
		count++;
	infos = xcalloc(count ? count : 1, sizeof *infos);
	for (d = pacc->devices; d != NULL; d = d->next) {
		if (pci_read_info(d, &infos[n], errbuf, sizeof errbuf) != 0) {
			pci_jump = NULL;
			*cause = xasprintf("%s: device '%04x:%02x:%02x.%x': "
			    "%s", what, (unsigned)d->domain, d->bus, d->dev,
			    d->func, errbuf);
			goto fail;
		}
		n++;
	}
	pci_jump = NULL;
	pci_cleanup(pacc);

	if (expect >= 0 && n != (size_t)expect) {
		*cause = xasprintf("%s: libpci found %zu devices, expected %d",
		    dump, (size_t)n, expect);
		free(infos);
		return -1;
	}
	qsort(infos, n, sizeof *infos, pci_info_cmp);
	array = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(array, pci_info_json(&infos[i]));
	free(infos);
	*devices = array;
	return 0;

fail:
	pci_cleanup(pacc);
	free(infos);
	return -1;
}

/* ---- completion of PCI IDs ("pci-vendors", "pci-products") ---- */

/*
 * Offers the distinct values of field ("vendor" or "device") of the PCI
 * devices the devices of the view hold, with their names; vendor (may be
 * NULL) restricts device IDs to one vendor's.
 */
static void
pci_offer_ids(const struct compl_ctx *c, const char *field,
    const char *vendor, struct compl_out *out)
{
	json_t *devs = view_coll(c->view, "devices"), *d, *seen = json_object();
	const char *k;

	json_object_foreach(devs, k, d) {
		json_t *pd = json_object_get(d, "pcidevices"), *e;
		size_t i;

		json_array_foreach(pd, i, e) {
			char b[3][SCALAR_TEXT_MAX], *help = NULL;
			const char *v = scalar_text(json_object_get(e, field),
			    b[0]);
			const char *ven = scalar_text(json_object_get(e,
			    "vendor"), b[1]);
			const char *name = scalar_text(json_object_get(e,
			    "name"), b[2]);

			if (v == NULL || json_object_get(seen, v) ||
			    (vendor && (ven == NULL || strcasecmp(ven,
			    vendor) != 0)))
				continue;
			json_object_set_new(seen, v, json_true());
			if (c->want_helps) {
				if (strcmp(field, "vendor") == 0)
					help = pci_vendor_name(v);
				if (help == NULL && name)
					help = xasprintf("%s (on %s)", name, k);
			}
			compl_out_add(out, v, help);
			free(help);
		}
	}
	json_decref(seen);
}

/* "pci-vendors": the vendor IDs of the PCI devices seen in the cluster. */
static void
pci_vendors_list(const struct compl_ctx *c, struct compl_out *out)
{
	pci_offer_ids(c, "vendor", NULL, out);
}

/* "pci-products": their product IDs, of the alias's vendor when set. */
static void
pci_products_list(const struct compl_ctx *c, struct compl_out *out)
{
	const char *v = c->obj ? json_string_value(json_object_get(c->obj,
	    "vendorid")) : NULL;

	pci_offer_ids(c, "device", v, out);
}

const struct compl_provider pci_vendors_provider = {
	"pci-vendors", pci_vendors_list
};
const struct compl_provider pci_products_provider = {
	"pci-products", pci_products_list
};
