#!/bin/sh
# simulate-on-etcd.sh - tests/sim/test_command.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd sim/test_command.py
