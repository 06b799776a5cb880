#!/bin/sh
# cli-on-etcd.sh - the transcript tests (tests/cli/run.py), the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd cli/run.py
