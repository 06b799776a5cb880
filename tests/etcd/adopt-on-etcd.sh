#!/bin/sh
# adopt-on-etcd.sh - tests/novaconf/test_adopt.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd novaconf/test_adopt.py
