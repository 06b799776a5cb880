/* compute.c - an OpenStack deployment's nova settings in a view. */
#include "config.h"

#include "model/view.h"
#include "nova/compute.h"
#include "nova/novaopts.h"

json_t *
nova_compute(json_t *view, const char *deployment)
{
	json_t *os = view_get(view, NOVA_DEPLOYMENTS,
	    deployment ? deployment : NOVA_DEPLOYMENT);
	json_t *st = os ? json_object_get(os, "settings") : NULL;

	return st ? json_object_get(st, "compute") : NULL;
}

int
nova_compute_release(json_t *view, const char *deployment)
{
	json_t *c = nova_compute(view, deployment);
	const char *r = json_string_value(c ? json_object_get(c, "release") :
	    NULL);
	int i = r ? nova_release_find(r) : NOVA_NEWTON;

	return i < 0 ? NOVA_NEWTON : i;
}
