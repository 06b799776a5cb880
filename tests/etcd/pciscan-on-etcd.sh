#!/bin/sh
# pciscan-on-etcd.sh - tests/pci/test_pciscan.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd pci/test_pciscan.py
