"""test_embed.py - nova/embed.sh turns any bytes into a C string literal
that decodes back to the same bytes (checked by decoding the generated C
here, with C's escape rules), and its length symbol is right.
"""

import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True     # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
TOP_SRCDIR = os.environ.get('top_srcdir') or os.path.dirname(
    os.path.dirname(HERE))
EMBED = os.path.join(TOP_SRCDIR, 'nova', 'embed.sh')

import tap  # noqa: E402

_SIMPLE = {'n': 10, 't': 9, 'r': 13, '\\': 92, '"': 34, '?': 63, "'": 39,
           'a': 7, 'b': 8, 'f': 12, 'v': 11}


def decode_literals(c_text, symbol):
    """Decode the concatenated string literals of `const char symbol[] =`."""
    start = c_text.index('const char %s[] =' % symbol)
    end = c_text.index('\n\t;\n', start)
    body = c_text[start:end]
    out = bytearray()
    for lit in re.findall(r'"((?:[^"\\\n]|\\.)*)"', body):
        i = 0
        while i < len(lit):
            c = lit[i]
            if c != '\\':
                if c == '?' and lit[i:i + 2] == '??':
                    raise ValueError('unescaped ?? (trigraph) in output')
                out.append(ord(c))
                i += 1
                continue
            nxt = lit[i + 1]
            m = re.match(r'[0-7]{1,3}', lit[i + 1:])
            if m:
                out.append(int(m.group(0), 8))
                i += 1 + len(m.group(0))
            elif nxt in _SIMPLE:
                out.append(_SIMPLE[nxt])
                i += 2
            else:
                raise ValueError('unknown escape \\%s' % nxt)
    return bytes(out)


def embed(data, symbol='blob'):
    """Run embed.sh on data; return (status, C text)."""
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(data)
        path = f.name
    try:
        p = subprocess.run(['sh', EMBED, path, symbol, 'blob.h'],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        os.unlink(path)
    return p.returncode, p.stdout.decode('ascii')


def check(data, name):
    status, text = embed(data)
    tap.is_(status, 0, '%s: embed.sh succeeds' % name)
    try:
        got = decode_literals(text, 'blob')
    except ValueError as e:
        tap.ok(False, '%s: output decodes (%s)' % (name, e))
        return
    tap.is_(got, data, '%s: literal decodes to the same bytes' % name)
    m = re.search(r'const size_t blob_len = (\d+);', text)
    tap.is_(int(m.group(1)) if m else None, len(data),
            '%s: blob_len is the byte count' % name)
    tap.ok(all(len(line) < 300 for line in text.splitlines()),
           '%s: output lines are short' % name)
    tap.ok('#include "blob.h"' in text, '%s: includes the header' % name)


def main():
    check(bytes(range(256)) * 2, 'every byte value')
    check(b'', 'empty file')
    check(b'no newline at end', 'no final newline')
    check(b'??=??/??\'??(??)??!??<??>??-"\\\n\\\\n\t\r\x00123\n',
          'trigraphs, quotes, backslashes, NUL before digits')
    check(b'x' * 1000 + b'\n', 'a long line')
    py = os.path.join(TOP_SRCDIR, 'nova', 'ocmsh_filters',
                      'reserve_ram_filter.py')
    with open(py, 'rb') as f:
        check(f.read(), 'the filter module')
    p = subprocess.run(['sh', EMBED, '/nonexistent/x', 'b', 'b.h'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    tap.ok(p.returncode != 0 and b'cannot read' in p.stderr,
           'an unreadable input fails')
    return tap.done_testing()


if __name__ == '__main__':
    sys.exit(main())
