/* provider.c - the lookup of completion providers, and compl_keep. */
#include "config.h"

#include <string.h>

#include "model/provider.h"

const struct compl_provider *
provider_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; providers[i]; i++)
		if (strcmp(providers[i]->name, name) == 0)
			return providers[i];
	return NULL;
}

/* compl_out.add of a compl_keep: keeps a copy. */
static void
keep_add(struct compl_out *out, const char *word, const char *help)
{
	struct compl_keep *k = (struct compl_keep *)out;

	strv_push(&k->words, word);
	strv_push(&k->helps, help ? help : "");
}

void
compl_keep_init(struct compl_keep *k)
{
	k->out.add = keep_add;
	strv_init(&k->words);
	strv_init(&k->helps);
}

void
compl_keep_release(struct compl_keep *k)
{
	strv_release(&k->words);
	strv_release(&k->helps);
}
