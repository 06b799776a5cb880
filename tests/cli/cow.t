# Copy on write of staged objects: a change made in place to a
# list, map or record value of an object, inside foreach or not, never
# shows in the baseline, so diff, refresh and the undo of a failing
# command still see the old value.

## case a list changed in foreach: diff shows the old value, refresh brings it back
stdin:
| device
| foreach -n hyper01..hyper02 (append roles openstackcontroller)
| diff
| refresh
| get hyper01 roles
| get hyper02 roles
| modified
stdout:
| device
| foreach -n hyper01..hyper02 (append roles openstackcontroller)
| diff
| ~ device hyper01
|     roles: openstackcompute -> openstackcompute,openstackcontroller
| ~ device hyper02
|     roles: openstackcompute -> openstackcompute,openstackcontroller
| refresh
| get hyper01 roles
| openstackcompute
| get hyper02 roles
| openstackcompute
| modified
| No modified objects of type device

## case a failing foreach puts back the lists it changed
stdin:
| device
| set hyper03 roles openstackcontroller
| foreach -n hyper01..hyper03 (append roles openstackcontroller; set kernelparameters x)
| get hyper01 roles
| get hyper02 kernelparameters
| get hyper03 roles
| diff
status: 3
stderr:
| ocmsh: -:3: 'openstackcontroller' is already in 'roles' (it may appear only once)
| ocmsh: input ended with uncommitted changes, discarded: device hyper03
stdout:
| device
| set hyper03 roles openstackcontroller
| foreach -n hyper01..hyper03 (append roles openstackcontroller; set kernelparameters x)
| get hyper01 roles
| openstackcompute
| get hyper02 kernelparameters
|
| get hyper03 roles
| openstackcontroller
| diff
| ~ device hyper03
|     roles: openstackcompute -> openstackcontroller

## case removefrom and clear on a list leave the baseline
stdin:
| device
| foreach -n hyper01..hyper02 (removefrom roles openstackcompute)
| clear hyper03 roles
| diff
| refresh
| foreach -n hyper01..hyper03 (get roles)
stdout:
| device
| foreach -n hyper01..hyper02 (removefrom roles openstackcompute)
| clear hyper03 roles
| diff
| ~ device hyper01
|     roles: openstackcompute -> (unset)
| ~ device hyper02
|     roles: openstackcompute -> (unset)
| ~ device hyper03
|     roles: openstackcompute -> (unset)
| refresh
| foreach -n hyper01..hyper03 (get roles)
| openstackcompute
| openstackcompute
| openstackcompute

## case a map changed in foreach: the baseline keeps the old map
stdin:
| openstack flavors append m1.small extraspecs gpu=true
| openstack flavors commit
| openstack flavors foreach m1.small m1.large (append extraspecs hw:x=1)
| openstack flavors get m1.small extraspecs
| openstack flavors diff
| openstack flavors refresh
| openstack flavors get m1.small extraspecs
| openstack flavors get m1.large extraspecs
stdout:
| openstack flavors append m1.small extraspecs gpu=true
| openstack flavors commit
| Successfully committed 1 Flavors
| openstack flavors foreach m1.small m1.large (append extraspecs hw:x=1)
| openstack flavors get m1.small extraspecs
| {"gpu":"true","hw:x":"1"}
| openstack flavors diff
| ~ flavor m1.large
|     extraspecs: (unset) -> {"hw:x":"1"}
| ~ flavor m1.small
|     extraspecs: {"gpu":"true"} -> {"gpu":"true","hw:x":"1"}
| openstack flavors refresh
| openstack flavors get m1.small extraspecs
| {"gpu":"true"}
| openstack flavors get m1.large extraspecs
|

## case a list in a record: diff shows the old value, refresh brings it back
stdin:
| openstack settings compute append schedulerfilters PciPassthroughFilter
| openstack settings compute set release ocata
| openstack diff
| openstack settings compute refresh
| openstack settings compute get schedulerfilters
| openstack settings compute get release
| openstack diff
stdout:
| openstack settings compute append schedulerfilters PciPassthroughFilter
| openstack settings compute set release ocata
| openstack diff
| ~ openstack default
|     settings compute release: newton -> ocata
|     settings compute schedulerfilters: RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter -> RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter,PciPassthroughFilter
| openstack settings compute refresh
| openstack settings compute get schedulerfilters
| RetryFilter AvailabilityZoneFilter RamFilter DiskFilter ComputeFilter ComputeCapabilitiesFilter ImagePropertiesFilter ServerGroupAntiAffinityFilter ServerGroupAffinityFilter
| openstack settings compute get release
| newton
| openstack diff

## case a failing foreach puts back the record's list it changed
stdin:
| openstack
| foreach default (settings compute append schedulerfilters PciPassthroughFilter; settings compute append schedulerfilters RamFilter)
| settings compute get schedulerfilters
| modified
| foreach default (settings compute set release ocata; settings compute append schedulerfilters PciPassthroughFilter)
| settings compute get release
| refresh
| settings compute get schedulerfilters
| settings compute get release
status: 1
stderr:
| ocmsh: -:2: 'RamFilter' is already in 'schedulerfilters' (it may appear only once)
stdout:
| openstack
| foreach default (settings compute append schedulerfilters PciPassthroughFilter; settings compute append schedulerfilters RamFilter)
| settings compute get schedulerfilters
| RetryFilter AvailabilityZoneFilter RamFilter DiskFilter ComputeFilter ComputeCapabilitiesFilter ImagePropertiesFilter ServerGroupAntiAffinityFilter ServerGroupAffinityFilter
| modified
| No modified objects of type openstack
| foreach default (settings compute set release ocata; settings compute append schedulerfilters PciPassthroughFilter)
| settings compute get release
| ocata
| refresh
| settings compute get schedulerfilters
| RetryFilter AvailabilityZoneFilter RamFilter DiskFilter ComputeFilter ComputeCapabilitiesFilter ImagePropertiesFilter ServerGroupAntiAffinityFilter ServerGroupAffinityFilter
| settings compute get release
| newton

## case a scoped commit keeps the changes outside its scope staged
stdin:
| device set hyper01 kernelparameters a=1
| softwareimage set default-image path /cm/images/x
| device commit
| modified
| softwareimage diff
stdout:
| device set hyper01 kernelparameters a=1
| softwareimage set default-image path /cm/images/x
| device commit
| Successfully committed 1 Devices
| modified
| State Type           Name
| ----- -------------- -------------
|       Software image default-image
| softwareimage diff
| ~ softwareimage default-image
|     path: /cm/images/default-image -> /cm/images/x
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: softwareimage default-image
