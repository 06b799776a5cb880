#!/bin/sh
# seed-on-etcd.sh - tests/novaconf/test_seed.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd novaconf/test_seed.py
