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
	# every commit the record of the last one serves is also checked by
	# a walk over the whole state, and refused if the two disagree
	# (state/checked.h)
	OCMSH_VERIFY_FAST=1
	export OCMSH_TEST_BACKEND OCMSH_VERIFY_FAST
	exec "${PYTHON3:-python3}" "${top_srcdir:-.}/tests/$1"
}
