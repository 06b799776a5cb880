/*
 * floor-trivial.c - the start-up floor of the benchmark: a C
 * program that does nothing, linked with the four libraries ocmsh links
 * (GNU Readline, libyaml, jansson, libpci).  It refers to one symbol of
 * each, so that the linker keeps all four (even with --as-needed) and the
 * dynamic linker loads and relocates them, as it does for ocmsh.  With an
 * argument it prints the libraries' versions.
 */
#include <stdio.h>
#include <jansson.h>
#include <pci/pci.h>
#include <readline/readline.h>
#include <yaml.h>

/* Exits at once, or prints the library versions when given an argument. */
int
main(int argc, char **argv)
{
	struct pci_access *pacc;

	(void)argv;
	if (argc < 2)
		return 0;
	printf("readline %s, libyaml %s, jansson %s\n", rl_library_version,
	    yaml_get_version_string(), jansson_version_str());
	pacc = pci_alloc();
	pci_cleanup(pacc);
	return 0;
}
