#!/usr/bin/env python3
"""Creates organization 'bench' with the peers' document workload: 1000 users x 1000 documents."""
import sys

import benchhttp

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"


def call(method, path, body=None):
    return benchhttp.call(base, method, path, body)

MODEL = """model
  schema 1.1
type user
type organization
  relations
    define admin: [user]
    define member: [user]
type document
  relations
    define organization: [organization]
    define owner: [user]
    define viewer: [user, organization#member]
    define can_edit: owner or admin from organization
    define can_view: viewer or can_edit
"""

status, _ = call("PUT", "/v1/orgs/bench", {"name": "bench"})
if status not in (201, 409):
    sys.exit(f"create failed: {status}")
status, body = call("POST", "/v1/orgs/bench/models", {"dsl": MODEL})
assert status == 201, body
tuples = [{"object": "organization:acme", "relation": "member", "user": f"user:u{u}"} for u in range(1000)]
tuples += [{"object": "organization:acme", "relation": "admin", "user": f"user:u{u}"} for u in range(0, 1000, 10)]
for d in range(1000):
    tuples.append({"object": f"document:d{d}", "relation": "organization", "user": "organization:acme"})
    tuples.append({"object": f"document:d{d}", "relation": "owner", "user": f"user:u{d}"})
    tuples.append({"object": f"document:d{d}", "relation": "viewer", "user": "organization:acme#member"})
for i in range(0, len(tuples), 100):
    status, body = call("POST", "/v1/orgs/bench/write", {"writes": {"tuple_keys": tuples[i:i + 100], "on_duplicate": "ignore"}})
    assert status == 200, body
print(f"loaded {len(tuples)} tuples into organization bench")
