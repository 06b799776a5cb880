#!/bin/sh
# inventory-on-etcd.sh - tests/cli/test_inventory.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd cli/test_inventory.py
