/*
 * compute.h - where a view keeps an OpenStack deployment's nova settings.
 *
 * Deployments are the objects of the "openstack" collection; the one the
 * derived files and the validation use is "default".  Its compute
 * settings are the record settings/compute of that object, and the
 * collections it owns are "openstack/NAME/flavors" and the like.
 * Everything returned is borrowed from the view.
 */
#ifndef OCMSH_NOVA_COMPUTE_H
#define OCMSH_NOVA_COMPUTE_H

#include <jansson.h>

/* The deployment the derived files and the validation are made from. */
#define NOVA_DEPLOYMENT		"default"
/* The collection of deployments, and the default one's path. */
#define NOVA_DEPLOYMENTS	"openstack"
#define NOVA_DEFAULT_OS		NOVA_DEPLOYMENTS "/" NOVA_DEPLOYMENT

/* The compute settings record of deployment (NULL: the default one), or
 * NULL when it has none. */
json_t	*nova_compute(json_t *view, const char *deployment);
/* The configured nova release of deployment (NULL: the default one), as
 * an index of nova_releases; Newton when unset or unknown. */
int	 nova_compute_release(json_t *view, const char *deployment);

#endif
