#!/bin/sh
# validate-on-etcd.sh - tests/novaconf/test_validate.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd novaconf/test_validate.py
