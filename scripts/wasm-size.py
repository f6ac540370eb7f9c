#!/usr/bin/env python3
"""Where the bytes of a wasm file are: code by crate and by function, data, other sections.

Usage: wasm-size.py FILE.wasm [TOP]. Needs the `name` section (a build with symbols, e.g. the
`wasm-size` profile, and wasm-opt -g). Function names are as wasm-ld writes them (demangled);
a function is counted for the crate of its path's first segment, and a trait impl
`<T as Trait>::f` for T's crate (a generic instantiated in the console is counted where it is
defined, as cargo-bloat does).
"""
import re
import sys
from collections import defaultdict

SECTION_NAMES = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
                 6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data",
                 12: "datacount"}


def leb(buf, pos):
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def read_name(buf, pos):
    n, pos = leb(buf, pos)
    return buf[pos:pos + n].decode("utf-8", "replace"), pos + n


def sections(buf):
    assert buf[:4] == b"\0asm", "not a wasm file"
    pos = 8
    while pos < len(buf):
        sid = buf[pos]
        size, body = leb(buf, pos + 1)
        yield sid, body, body + size, body + size - pos
        pos = body + size


PATH_START = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::")


def crate_of(name):
    """The crate a function is counted for: its path's first segment; for `<T as Trait>::f`
    T's crate when T is a path, else the trait's (a generic or primitive T)."""
    name = name.strip()
    if name.startswith("Closure(") or name.startswith("Ref(") or " -> " in name:
        return "wasm_bindgen"  # wasm-bindgen's generated adapters, named by their signature
    if name.startswith("<"):
        inner = name[1:].lstrip("&[*").removeprefix("mut ").removeprefix("const ").removeprefix("dyn ")
        m = PATH_START.match(inner)
        if m:
            return m.group(1)
        as_trait = re.search(r" as ([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::", name)
        if as_trait:
            return as_trait.group(1)
        return "core"  # inherent methods of primitives: <str>::…, <char>::…, <[T]>::…
    m = PATH_START.match(name)
    if m:
        return m.group(1)
    if name.startswith("__") or name.startswith("dlmalloc") or name in ("memcpy", "memset", "memmove", "memcmp"):
        return "[runtime: libc/compiler-builtins]"
    return "[unnamed]"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    buf = open(path, "rb").read()
    imported_functions = 0
    body_sizes = []
    names = {}
    by_section = defaultdict(int)
    for sid, body, end, total in sections(buf):
        label = SECTION_NAMES.get(sid, str(sid))
        if sid == 0:
            cname, _ = read_name(buf, body)
            label = f"custom:{cname}"
            if cname == "name":
                p = _
                while p < end:
                    sub = buf[p]
                    sub_size, p2 = leb(buf, p + 1)
                    if sub == 1:
                        count, q = leb(buf, p2)
                        for _i in range(count):
                            idx, q = leb(buf, q)
                            fname, q = read_name(buf, q)
                            names[idx] = fname
                    p = p2 + sub_size
        elif sid == 2:
            count, p = leb(buf, body)
            for _i in range(count):
                _m, p = read_name(buf, p)
                _f, p = read_name(buf, p)
                kind = buf[p]
                p += 1
                if kind == 0:
                    _t, p = leb(buf, p)
                    imported_functions += 1
                elif kind == 1:
                    p += 1
                    flags, p = leb(buf, p)
                    _min, p = leb(buf, p)
                    if flags & 1:
                        _max, p = leb(buf, p)
                elif kind == 2:
                    flags, p = leb(buf, p)
                    _min, p = leb(buf, p)
                    if flags & 1:
                        _max, p = leb(buf, p)
                elif kind == 3:
                    p += 2
        elif sid == 10:
            count, p = leb(buf, body)
            for _i in range(count):
                size, q = leb(buf, p)
                body_sizes.append(q + size - p)
                p = q + size
        by_section[label] += total
    total = len(buf)
    shipped = total - sum(v for k, v in by_section.items() if k.startswith("custom:name"))
    by_crate = defaultdict(int)
    functions = []
    for i, size in enumerate(body_sizes):
        fname = names.get(imported_functions + i, f"func[{imported_functions + i}]")
        # Strip the legacy-mangling hash (`::h0123456789abcdef`) so instances group by name.
        fname = re.sub(r"::h[0-9a-f]{16}$", "", fname)
        fname = re.sub(r"\[[0-9a-f]{16}\]", "", fname)
        by_crate[crate_of(fname)] += size
        functions.append((size, fname))
    out = []
    out.append(f"{path}: {total} bytes ({shipped} without the name section)")
    out.append("")
    out.append(f"{'section':<28} {'bytes':>10} {'share':>7}")
    for label, size in sorted(by_section.items(), key=lambda kv: -kv[1]):
        out.append(f"{label:<28} {size:>10} {100 * size / shipped:>6.1f}%")
    code = sum(body_sizes)
    out.append("")
    out.append(f"Code by crate ({len(body_sizes)} functions, {code} bytes of code)")
    out.append(f"{'crate':<40} {'bytes':>10} {'of code':>8}")
    for crate, size in sorted(by_crate.items(), key=lambda kv: -kv[1]):
        out.append(f"{crate:<40} {size:>10} {100 * size / code:>7.1f}%")
    grouped = defaultdict(lambda: [0, 0])
    for size, fname in functions:
        grouped[fname][0] += size
        grouped[fname][1] += 1
    out.append("")
    out.append(f"Top {top} functions (instances of one generic summed)")
    out.append(f"{'bytes':>8} {'count':>5}  function")
    for fname, (size, count) in sorted(grouped.items(), key=lambda kv: -kv[1][0])[:top]:
        out.append(f"{size:>8} {count:>5}  {fname[:160]}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
