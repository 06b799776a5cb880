#!/bin/sh
# interop-on-etcd.sh - tests/novaconf/test_interop.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd novaconf/test_interop.py
