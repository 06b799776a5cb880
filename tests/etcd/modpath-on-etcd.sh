#!/bin/sh
# modpath-on-etcd.sh - tests/novaconf/test_modpath.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd novaconf/test_modpath.py
