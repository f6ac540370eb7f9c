#!/usr/bin/env python3
"""Fails when an operation of the OpenAPI document never got a 2xx answer in a Schemathesis run.

Usage: schemathesis-coverage.py openapi.yaml run.har API_BASE

The HAR report (`schemathesis run --report har`) holds every request sent and its answer. Each
request is matched to its operation by method and path template (under API_BASE); an operation
whose requests were all refused (4xx, 5xx) or that was never called is named, and the exit
status is 1. Operations that cannot reach a 2xx for a good reason are listed in NO_2XX with
that reason (none today).
"""
import json
import re
import sys
from urllib.parse import urlsplit

import yaml

# operationId -> why Schemathesis cannot get a 2xx from it. Keep empty unless there is a reason.
NO_2XX: dict[str, str] = {}

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def operations(document):
    """(method, compiled path pattern, operationId) of every operation, literal paths first."""
    out = []
    for path, item in document.get("paths", {}).items():
        pattern = re.compile(
            "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "/?$"
        )
        for method in METHODS:
            if method in item:
                out.append((method.upper(), pattern, item[method]["operationId"], path))
    # A literal segment wins over a template ({id}) where both match.
    out.sort(key=lambda o: o[3].count("{"))
    return out


def main():
    spec, har, base = sys.argv[1:4]
    with open(spec) as f:
        document = yaml.safe_load(f)
    with open(har) as f:
        entries = json.load(f)["log"]["entries"]
    base_path = urlsplit(base).path.rstrip("/")
    ops = operations(document)
    statuses: dict[str, list[int]] = {op_id: [] for _, _, op_id, _ in ops}
    unmatched = 0
    for entry in entries:
        method = entry["request"]["method"].upper()
        path = urlsplit(entry["request"]["url"]).path
        if base_path and path.startswith(base_path):
            path = path[len(base_path):] or "/"
        status = entry["response"]["status"]
        for op_method, pattern, op_id, _ in ops:
            if op_method == method and pattern.match(path):
                statuses[op_id].append(status)
                break
        else:
            unmatched += 1
    missing = []
    for op_id, seen in sorted(statuses.items()):
        ok = sum(1 for s in seen if 200 <= s < 300)
        if ok:
            continue
        if op_id in NO_2XX:
            print(f"[coverage] {op_id}: no 2xx, as expected: {NO_2XX[op_id]}")
            continue
        counts = {}
        for s in seen:
            counts[s] = counts.get(s, 0) + 1
        missing.append(f"  {op_id}: {len(seen)} requests, answers {dict(sorted(counts.items()))}")
    total = len(statuses)
    reached = total - len(missing) - sum(1 for o in NO_2XX if o in statuses)
    print(
        f"[coverage] {reached} of {total} operations answered 2xx "
        f"({len(entries)} requests; {unmatched} with a method or path the document does not have)"
    )
    stale = sorted(set(NO_2XX) - set(statuses))
    if stale:
        print(f"[coverage] NO_2XX names operations the document does not have: {stale}")
        return 1
    if missing:
        print("[coverage] operations never answered with a 2xx:\n" + "\n".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
