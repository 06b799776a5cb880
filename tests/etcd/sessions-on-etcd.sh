#!/bin/sh
# sessions-on-etcd.sh - tests/cli/test_sessions.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd cli/test_sessions.py
