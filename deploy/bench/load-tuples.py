#!/usr/bin/env python3
"""Writes N generated tuples into organization ORG (creating it with a small model) through the
native HTTP API, 100 tuples per write, 16 writes in flight. Prints the rate."""
import sys, time
from concurrent.futures import ThreadPoolExecutor

import benchhttp

base, org, total = sys.argv[1], sys.argv[2], int(sys.argv[3])


def call(method, path, body=None):
    return benchhttp.call(base, method, path, body)

MODEL = "model\n  schema 1.1\ntype user\ntype team\n  relations\n    define member: [user, team#member]\ntype project\n  relations\n    define editor: [user, team#member]\n    define viewer: [user, user:*, team#member] or editor\n"
call("PUT", f"/v1/orgs/{org}", {"name": org})
status, body = call("POST", f"/v1/orgs/{org}/models", {"dsl": MODEL})
assert status == 201, body

def batch(i):
    tuples = []
    for j in range(100):
        n = i * 100 + j
        if n % 10 == 0:
            tuples.append({"object": f"team:t{n % 5000}", "relation": "member", "user": f"user:u{n}"})
        elif n % 10 == 1:
            tuples.append({"object": f"project:p{n}", "relation": "editor", "user": f"team:t{n % 5000}#member"})
        else:
            tuples.append({"object": f"project:p{n // 7}", "relation": "viewer", "user": f"user:u{n}"})
    status, body = call("POST", f"/v1/orgs/{org}/write", {"writes": {"tuple_keys": tuples, "on_duplicate": "ignore"}})
    if status != 200:
        raise SystemExit(f"write {i} failed: {status} {body}")
    return body["revision"]

start = time.time()
with ThreadPoolExecutor(16) as pool:
    last = max(pool.map(batch, range(total // 100)), key=lambda r: int(r[1:]))
elapsed = time.time() - start
print(f"wrote {total} tuples in {elapsed:.1f} s ({total / elapsed:.0f} tuples/s), last revision {last}")
