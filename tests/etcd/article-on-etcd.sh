#!/bin/sh
# article-on-etcd.sh - tests/novaconf/test_article.py, the state in etcd
. "${top_srcdir:-.}/tests/etcd/on-etcd.sh"
on_etcd novaconf/test_article.py
