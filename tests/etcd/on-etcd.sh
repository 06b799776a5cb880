# on-etcd.sh - sourced by the tests/etcd/*-on-etcd.sh wrappers, which run
# a test of the state again with the state in etcd: OCMSH_TEST_BACKEND=etcd
# (tests/lib/ocmshtest.py starts one etcd member for the test process and
# gives each sandbox its own prefix).

# on_etcd TEST: runs tests/TEST with the state in etcd; its TAP on stdout.
on_etcd() {
	if ! { command -v etcd || [ -x /usr/bin/etcd ]; } >/dev/null 2>&1 ||
	    ! { command -v etcdctl || [ -x /usr/bin/etcdctl ]; } \
	    >/dev/null 2>&1; then
		echo "1..0 # SKIP etcd-server and etcd-client are not installed"
		exit 0
	fi
	OCMSH_TEST_BACKEND=etcd
	export OCMSH_TEST_BACKEND
	exec "${PYTHON3:-python3}" "${top_srcdir:-.}/tests/$1"
}
