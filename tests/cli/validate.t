# validate's one walk over the devices: image references,
# several PCI aliases per device and per pcidevices list, IDs in any case,
# the IOMMU words, in device order then alias order.

## case image references and alias holders, in the order of the devices
args: -c validate
file {STATE}:
| format: 1
| revision: 1
| cluster:
|   name: c
| devices:
|   a1:
|     softwareimage: img1
|     kernelparameters: "quiet\tintel_iommu=on"
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "10de", device: "1024", name: "K40"}
|     - {address: "0000:02:00.0", class: "0302", vendor: "10DE", device: "15F8", name: "P100"}
|   a2:
|     softwareimage: gone
|     kernelparameters: "intel_iommu=on2 amd_iommu=on"
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "10de", device: "15f8", name: "P100"}
|     - {address: "0000:02:00.0", class: "0302", vendor: "10de", device: "15f8", name: "P100"}
|   a3:
|     softwareimage: img2
|     kernelparameters: "intel_iommu=on2"
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "10de", device: "1024", name: "K40"}
|     - {address: "0000:02:00.0", class: "0302", vendor: "10de", device: "15f8", name: "P100"}
|   a4:
|     softwareimage: gone
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "10de", device: "1024", name: "K40"}
|   a5:
|     softwareimage: img1
|     kernelparameters: "amd_iommu=on"
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "8086", device: "1024", name: "x"}
| softwareimages:
|   img1:
|     path: /cm/images/img1
|   img2:
|     path: /cm/images/img2
| openstack:
|   default:
|     pcialiases:
|       p100:
|         vendorid: 10de
|         productid: 15f8
|       k40:
|         vendorid: 10de
|         productid: "1024"
|       none:
|         vendorid: "8086"
|         productid: "0001"
stdout:
| Code  Field                      Message
| ----- -------------------------- ------------------------------
| 101   device a2 softwareimage    no such softwareimage 'gone'
| 101   device a4 softwareimage    no such softwareimage 'gone'
| 202   device a3 kernelparameters warning: holds 10de:15f8 (alias 'p100') but lacks intel_iommu=on or amd_iommu=on
| 202   device a3 kernelparameters warning: holds 10de:1024 (alias 'k40') but lacks intel_iommu=on or amd_iommu=on
| 202   device a4 kernelparameters warning: holds 10de:1024 (alias 'k40') but lacks intel_iommu=on or amd_iommu=on
| 203   pcialias none              warning: no device has 8086:0001 (run pciscan on the hosts)
