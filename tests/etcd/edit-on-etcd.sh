#!/bin/sh
# edit-on-etcd.sh - tests/novaconf/test_edit.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd novaconf/test_edit.py
