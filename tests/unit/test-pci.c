/*
 * test-pci.c - pci_scan on dump files, names, pci_format_nn against the
 * real `lspci -nn`, and every kind of bad dump.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pci/pci.h>

#include "modules/pci.h"
#include "tests/unit/tap.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"
#include "lib/fsutil.h"

/* One device as a dump must come out. */
struct want {
	const char	*address, *class, *vendor, *device;
	const char	*subvendor, *subdevice;	/* NULL: no subsystem */
	const char	*revision;
};

static const struct want hyper01[] = {
	{ "0000:00:00.0", "0600", "8086", "2f00", "15d9", "0832", "02" },
	{ "0000:00:02.0", "0604", "8086", "2f04", NULL, NULL, "02" },
	{ "0000:00:1f.2", "0106", "8086", "8d02", "15d9", "0832", "05" },
	{ "0000:01:00.0", "0200", "8086", "1521", "15d9", "1521", "01" },
	{ "0000:01:00.1", "0200", "8086", "1521", "15d9", "1521", "01" },
	{ "0000:86:00.0", "0302", "10de", "1024", "10de", "097e", "a1" },
};

static const struct want hyper02[] = {
	{ "0000:00:00.0", "0600", "8086", "2020", "15d9", "095d", "04" },
	{ "0000:00:17.0", "0106", "8086", "a182", "15d9", "095d", "09" },
	{ "0000:3b:00.0", "0302", "10de", "15f8", "10de", "118f", "a1" },
	{ "0000:5e:00.0", "0200", "8086", "1572", "8086", "0007", "02" },
	{ "0000:5e:00.1", "0200", "8086", "1572", "8086", "0000", "02" },
};

/* Written out of order in the file, in domain 1, unknown to pci.ids. */
static const struct want unknown[] = {
	{ "0001:05:00.0", "0302", "10de", "fff1", "10de", "0000", "00" },
	{ "0001:af:00.0", "ff00", "fff3", "0001", "fff3", "0002", "03" },
};

/* A bad dump and what its error must say. */
struct bad {
	const char	*file;
	const char	*cause;		/* after "PATH" */
};

static const struct bad bad_dumps[] = {
	{ "empty.dump", ": no PCI devices found" },
	{ "blank.dump", ": no PCI devices found" },
	{ "no-config.dump", ":1: device '0000:00:00.0' has no config space "
	    "(not 'lspci -x' output?)" },
	{ "truncated.dump", ":31: config space of '0000:86:00.0' truncated "
	    "at 32 bytes (need 64)" },
	{ "truncated-line.dump", ":33: last line has no newline "
	    "(truncated file?)" },
	{ "garbage.dump", ":13: malformed line 'this is not lspci output'" },
	{ "garbage-hex.dump", ":15: malformed config space line "
	    "'10: 71 3g 00 00 61 30 00 00 51 30 00 00 ...'" },
	{ "gap.dump", ":21: config space of '0000:01:00.0' jumps from "
	    "offset 10 to 20" },
	{ "orphan.dump", ":7: config space line outside a device" },
	{ "duplicate.dump", ":7: duplicate device '0000:00:00.0'" },
	{ "bad-address.dump", ":7: bad device address in '00:20.0 Host "
	    "bridge: Intel Corporation D...'" },
	{ "long-line.dump", ":1: line too long (over 253 characters)" },
	{ "binary.dump", ":7: binary data" },
	{ "oversize.dump", ":258: config space of '0000:00:00.0' longer than "
	    "4096 bytes" },
	{ "vendor-ffff.dump", ": device '0000:02:00.0': no device answers "
	    "(vendor id ffff)" },
};

static char *datadir;

/* Returns the path of a test dump. Caller frees. */
static char *
data(const char *file)
{
	return xasprintf("%s/%s", datadir, file);
}

/* Reads a name from pci.ids directly: the vendor, or with device the device. */
static char *
ids_name(const char *vendor, const char *device)
{
	struct pci_access *pacc = pci_alloc();
	char line[1024], *name = NULL, *plain;
	int in_vendor = 0;
	FILE *f;

	/* libpci falls back from pci.ids.gz to pci.ids; so does this. */
	plain = xstrdup(pacc->id_file_name);
	pci_cleanup(pacc);
	if (strlen(plain) > 3 && strcmp(plain + strlen(plain) - 3, ".gz") == 0)
		plain[strlen(plain) - 3] = '\0';
	f = fopen(plain, "r");
	free(plain);
	if (f == NULL)
		return NULL;
	while (name == NULL && fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] != '\t' && line[0] != '#' && line[0] != '\0') {
			if (in_vendor)
				break;
			if (strncmp(line, vendor, 4) == 0 &&
			    strncmp(line + 4, "  ", 2) == 0) {
				if (device == NULL)
					name = xstrdup(line + 6);
				in_vendor = 1;
			}
		} else if (in_vendor && line[0] == '\t' && line[1] != '\t' &&
		    strncmp(line + 1, device, 4) == 0)
			name = xstrdup(line + 7);
	}
	fclose(f);
	return name;
}

/* The name pci_scan must give: from pci.ids, or libpci's fallback text. */
static char *
expected_name(const struct want *w)
{
	char *v = ids_name(w->vendor, NULL), *d, *name;

	if (v == NULL)
		return xasprintf("Device %s:%s", w->vendor, w->device);
	d = ids_name(w->vendor, w->device);
	if (d == NULL)
		name = xasprintf("%s Device %s", v, w->device);
	else
		name = xasprintf("%s %s", v, d);
	free(v);
	free(d);
	return name;
}

/* Tells whether s ends with tail. */
static int
ends_with(const char *s, const char *tail)
{
	size_t n = s ? strlen(s) : 0, m = strlen(tail);

	return s != NULL && n >= m && strcmp(s + n - m, tail) == 0;
}

/* Returns a string member of a device, or NULL. */
static const char *
member(json_t *dev, const char *key)
{
	return json_string_value(json_object_get(dev, key));
}

/* Scans a dump and checks every device against the table. */
static void
check_dump(const char *file, const struct want *want, size_t n)
{
	char *path = data(file), *cause = NULL, *name;
	json_t *devices = NULL, *dev;
	size_t i;

	is_int(pci_scan(path, &devices, &cause), 0, "%s: scans", file);
	if (cause != NULL)
		printf("#   cause: %s\n", cause);
	if (!ok(json_is_array(devices) && json_array_size(devices) == n,
	    "%s: %zu devices", file, n))
		goto out;
	for (i = 0; i < n; i++) {
		dev = json_array_get(devices, i);
		is_str(member(dev, "address"), want[i].address,
		    "%s: device %zu address", file, i);
		is_str(member(dev, "class"), want[i].class,
		    "%s: %s class", file, want[i].address);
		is_str(member(dev, "vendor"), want[i].vendor,
		    "%s: %s vendor", file, want[i].address);
		is_str(member(dev, "device"), want[i].device,
		    "%s: %s device", file, want[i].address);
		is_str(member(dev, "subvendor"), want[i].subvendor,
		    "%s: %s subvendor", file, want[i].address);
		is_str(member(dev, "subdevice"), want[i].subdevice,
		    "%s: %s subdevice", file, want[i].address);
		is_str(member(dev, "revision"), want[i].revision,
		    "%s: %s revision", file, want[i].address);
		name = expected_name(&want[i]);
		is_str(member(dev, "name"), name, "%s: %s name", file,
		    want[i].address);
		free(name);
		is_int(json_object_size(dev), want[i].subvendor ? 8 : 6,
		    "%s: %s has no other members", file, want[i].address);
	}
out:
	json_decref(devices);
	free(cause);
	free(path);
}

/* Compares pci_format_nn for every device with what `lspci -nn -F` prints. */
static void
check_lspci_nn(const char *file)
{
	char *path = data(file), *cmd, *cause = NULL, *got, line[1024];
	json_t *devices = NULL, *dev;
	size_t i = 0, n;
	FILE *p;

	if (!ok(pci_scan(path, &devices, &cause) == 0, "%s: scans for -nn",
	    file)) {
		free(cause);
		free(path);
		return;
	}
	n = json_array_size(devices);
	cmd = xasprintf("lspci -nn -F '%s' 2>/dev/null", path);
	p = popen(cmd, "r");
	ok(p != NULL, "%s: runs lspci", file);
	while (p != NULL && fgets(line, sizeof line, p) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		dev = json_array_get(devices, i);
		got = dev != NULL ? pci_format_nn(dev) : NULL;
		is_str(got, line, "%s: line %zu is lspci -nn's", file, i + 1);
		free(got);
		i++;
	}
	if (p != NULL)
		is_int(pclose(p), 0, "%s: lspci succeeds", file);
	is_int(i, n, "%s: lspci -nn lists as many devices", file);
	json_decref(devices);
	free(cmd);
	free(path);
}

/* Every bad dump fails, names the file and leaves *devices alone. */
static void
check_bad(const char *path, const char *want_cause, const char *what)
{
	json_t sentinel, *devices = &sentinel;
	char *cause = NULL, *want;

	want = xasprintf("%s%s", path, want_cause);
	is_int(pci_scan(path, &devices, &cause), -1, "%s: fails", what);
	is_str(cause, want, "%s: cause", what);
	ok(devices == &sentinel, "%s: devices untouched", what);
	free(want);
	free(cause);
}

/* Writes text to a new file. */
static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
}

/* Reads a whole test dump. Caller frees. */
static char *
read_data(const char *file, size_t *len)
{
	struct sbuf sb = SBUF_INIT;
	char *path = data(file), *cause;

	if (fs_read_file(&sb, path, 0, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		exit(99);
	}
	free(path);
	return sbuf_detach(&sb, len);
}

/*
 * While set, every fopen of swap_from (libpci opens dumps with fopen; the
 * check in pci_scan reads them with open) opens swap_to instead.
 */
static const char *swap_from, *swap_to;

/*
 * Interposes on fopen for the whole test program, libpci included, so a
 * dump can change between pci_scan's own check and libpci's reading.
 */
FILE *
fopen(const char *path, const char *mode)
{
	int flags, fd;
	FILE *f;

	if (swap_from != NULL && strcmp(path, swap_from) == 0)
		path = swap_to;
	switch (mode[0]) {
	case 'r':
		flags = strchr(mode, '+') ? O_RDWR : O_RDONLY;
		break;
	case 'w':
		flags = (strchr(mode, '+') ? O_RDWR : O_WRONLY) | O_CREAT |
		    O_TRUNC;
		break;
	case 'a':
		flags = (strchr(mode, '+') ? O_RDWR : O_WRONLY) | O_CREAT |
		    O_APPEND;
		break;
	default:
		errno = EINVAL;
		return NULL;
	}
	if ((fd = open(path, flags | O_CLOEXEC, 0666)) < 0)
		return NULL;
	if ((f = fdopen(fd, mode)) == NULL)
		close(fd);
	return f;
}

/*
 * A dump that passes pci_scan's check and then changes before libpci reads
 * it makes libpci itself fail: the error callback must come back with an
 * error naming the file instead of ending the process.
 */
static void
check_libpci_error(void)
{
	char *good = data("hyper01.dump"), *cause = NULL, *want;
	json_t sentinel, *devices = &sentinel;

	swap_from = good;
	swap_to = "/nonexistent/dump";
	want = xasprintf("%s: libpci: dump: Cannot open %s: No such file or "
	    "directory", good, good);
	is_int(pci_scan(good, &devices, &cause), -1,
	    "libpci cannot open: scan fails");
	is_str(cause, want, "libpci cannot open: cause");
	ok(devices == &sentinel, "libpci cannot open: devices untouched");
	free(want);
	FREE_AND_NULL(cause);

	swap_to = xasprintf("%s/garbage-hex.dump", datadir);
	want = xasprintf("%s: libpci: dump: Malformed line", good);
	is_int(pci_scan(good, &devices, &cause), -1,
	    "libpci malformed line: scan fails");
	is_str(cause, want, "libpci malformed line: cause");
	ok(devices == &sentinel, "libpci malformed line: devices untouched");
	free(want);
	free((char *)swap_to);
	FREE_AND_NULL(cause);

	swap_to = xasprintf("%s/truncated.dump", datadir);
	want = xasprintf("%s: device '0000:86:00.0': cannot read the config "
	    "space header", good);
	is_int(pci_scan(good, &devices, &cause), -1,
	    "libpci short config space: scan fails");
	is_str(cause, want, "libpci short config space: cause");
	ok(devices == &sentinel,
	    "libpci short config space: devices untouched");
	free(want);
	free((char *)swap_to);
	FREE_AND_NULL(cause);

	swap_to = xasprintf("%s/hyper02.dump", datadir);
	want = xasprintf("%s: libpci found 5 devices, expected 6", good);
	is_int(pci_scan(good, &devices, &cause), -1,
	    "libpci other dump: scan fails");
	is_str(cause, want, "libpci other dump: cause");
	ok(devices == &sentinel, "libpci other dump: devices untouched");
	free(want);
	free((char *)swap_to);
	free(cause);

	swap_from = swap_to = NULL;
	free(good);
}

/* Dumps with CR LF line ends and an `lspci -v -x` dump read as plain ones. */
static void
check_variants(const char *dir)
{
	struct sbuf sb = SBUF_INIT;
	char *text, *path, *cause = NULL, *a, *b;
	json_t *plain = NULL, *other = NULL;
	size_t len, i;

	path = data("hyper01.dump");
	pci_scan(path, &plain, &cause);
	free(path);
	a = json_dumps(plain, JSON_SORT_KEYS);

	text = read_data("hyper01.dump", &len);
	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			sbuf_addc(&sb, '\r');
		sbuf_addc(&sb, text[i]);
	}
	path = xasprintf("%s/crlf.dump", dir);
	write_file(path, sb.buf, sb.len);
	is_int(pci_scan(path, &other, &cause), 0, "CR LF dump scans");
	b = other != NULL ? json_dumps(other, JSON_SORT_KEYS) : NULL;
	is_str(b, a, "CR LF dump gives the same devices");
	unlink(path);
	free(path);
	free(b);
	json_decref(other);
	other = NULL;

	path = data("hyper01-verbose.dump");
	is_int(pci_scan(path, &other, &cause), 0, "lspci -v -x dump scans");
	b = other != NULL ? json_dumps(other, JSON_SORT_KEYS) : NULL;
	is_str(b, a, "lspci -v -x dump gives the same devices");
	free(path);
	free(b);
	json_decref(other);

	json_decref(plain);
	sbuf_release(&sb);
	free(text);
	free(a);
	free(cause);
}

/* The name helpers and pci_format_nn on odd input. */
static void
check_names(void)
{
	json_t *dev;
	char *s;

	s = pci_vendor_name("10de");
	is_str(s, "NVIDIA Corporation", "vendor name of 10de");
	free(s);
	s = pci_vendor_name("10DE");
	is_str(s, "NVIDIA Corporation", "vendor IDs in upper case work");
	free(s);
	s = pci_vendor_name("fff3");
	is_str(s, NULL, "unknown vendor has no name");
	free(s);
	s = pci_vendor_name("10d");
	is_str(s, NULL, "three digits are no vendor ID");
	free(s);
	s = pci_vendor_name("10de0");
	is_str(s, NULL, "five digits are no vendor ID");
	free(s);
	s = pci_vendor_name(NULL);
	is_str(s, NULL, "NULL vendor");
	free(s);
	s = pci_device_name("10de", "15f8");
	is_str(s, "GP100GL [Tesla P100 PCIe 16GB]", "device name of 10de:15f8");
	free(s);
	s = pci_device_name("10de", "1024");
	ok(ends_with(s, " [Tesla K40c]"),
	    "device name of 10de:1024 is the Tesla K40c ('%s')",
	    s ? s : "(null)");
	free(s);
	s = pci_device_name("10de", "fff1");
	is_str(s, NULL, "unknown device has no name");
	free(s);
	s = pci_device_name("10de", "xyzw");
	is_str(s, NULL, "device ID must be hex");
	free(s);

	dev = json_pack("{s:s, s:s, s:s, s:s, s:s}", "address",
	    "0000:86:00.0", "class", "0302", "vendor", "10de", "device",
	    "1024", "revision", "a1");
	s = pci_format_nn(dev);
	ok(s != NULL && strncmp(s, "86:00.0 3D controller [0302]: NVIDIA "
	    "Corporation ", 43) == 0 && strstr(s, "[Tesla K40c] [10de:1024] "
	    "(rev a1)") != NULL, "pci_format_nn of a K40c ('%s')",
	    s ? s : "(null)");
	free(s);
	json_object_del(dev, "revision");
	s = pci_format_nn(dev);
	ok(s != NULL && strstr(s, "(rev") == NULL,
	    "no revision, no (rev ..)");
	free(s);
	json_object_del(dev, "class");
	s = pci_format_nn(dev);
	is_str(s, NULL, "pci_format_nn without a class");
	free(s);
	json_decref(dev);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[] = "/tmp/test-pci.XXXXXX", *path, *want, *k40c;
	json_t *devices = NULL;
	size_t i;

	datadir = xasprintf("%s/tests/data/pci", top ? top : ".");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 99;
	}

	check_dump("hyper01.dump", hyper01, ARRAY_SIZE(hyper01));
	check_dump("hyper02.dump", hyper02, ARRAY_SIZE(hyper02));
	check_dump("unknown.dump", unknown, ARRAY_SIZE(unknown));

	/* The name the scan gives the K40c, checked on its own. */
	path = data("hyper01.dump");
	if (pci_scan(path, &devices, &want) == 0) {
		k40c = xstrdup(member(json_array_get(devices, 5), "name"));
		json_decref(devices);
	} else
		k40c = want;
	ok(strncmp(k40c, "NVIDIA Corporation ", 19) == 0 &&
	    ends_with(k40c, " [Tesla K40c]"),
	    "K40c is named '%s'", k40c);
	free(k40c);
	free(path);

	check_lspci_nn("hyper01.dump");
	check_lspci_nn("hyper02.dump");
	check_lspci_nn("unknown.dump");

	for (i = 0; i < ARRAY_SIZE(bad_dumps); i++) {
		path = data(bad_dumps[i].file);
		check_bad(path, bad_dumps[i].cause, bad_dumps[i].file);
		free(path);
	}
	path = xasprintf("%s/missing.dump", dir);
	check_bad(path, ": No such file or directory", "missing dump");
	free(path);
	check_bad(dir, ": is a folder, not a file", "directory as dump");

	check_libpci_error();

	/* The process goes on scanning after all those errors. */
	check_dump("hyper02.dump", hyper02, ARRAY_SIZE(hyper02));
	check_variants(dir);
	check_names();

	rmdir(dir);
	free(datadir);
	return done_testing();
}
