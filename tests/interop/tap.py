"""tap.py - a tiny TAP producer for the Python tests.

    import tap
    tap.ok(cond, "name")            one test point
    tap.is_(got, want, "name")      equality, showing both on failure
    tap.diag("text")                a comment line
    sys.exit(tap.done_testing())    prints the plan; 1 if anything failed
"""

import sys

_count = 0
_failed = 0


def diag(text):
    """Print text as TAP comment lines."""
    for line in str(text).splitlines() or ['']:
        sys.stdout.write('# %s\n' % line)
    sys.stdout.flush()


def ok(cond, name):
    """Record one test point; return whether it passed."""
    global _count, _failed
    _count += 1
    name = ' '.join(str(name).split())
    sys.stdout.write('%s %d - %s\n' % ('ok' if cond else 'not ok',
                                       _count, name))
    if not cond:
        _failed += 1
    sys.stdout.flush()
    return bool(cond)


def is_(got, want, name):
    """Record whether got == want, showing both when they differ."""
    if not ok(got == want, name):
        diag('   got:  %r' % (got,))
        diag('   want: %r' % (want,))
        return False
    return True


def raises(exc_type, func, name):
    """Record whether func() raises exc_type; return the exception."""
    try:
        func()
    except exc_type as e:
        ok(True, name)
        return e
    except Exception as e:  # noqa: B902 - report anything else
        ok(False, name)
        diag('   raised %s: %s' % (type(e).__name__, e))
        return None
    ok(False, name)
    diag('   nothing was raised')
    return None


def bail_out(reason):
    """Abort the whole test file."""
    sys.stdout.write('Bail out! %s\n' % reason)
    sys.stdout.flush()
    sys.exit(1)


def done_testing():
    """Print the plan; return the exit status."""
    sys.stdout.write('1..%d\n' % _count)
    sys.stdout.flush()
    return 1 if _failed or _count == 0 else 0
