#!/usr/bin/env python3
"""Creates COUNT organizations with a small model and TUPLES tuples each (one write), over
keep-alive HTTP connections from THREADS threads: deploy/bench/passivation-bench.sh's load.

    many-orgs.py URL PREFIX COUNT [TUPLES] [THREADS]
"""
import http.client
import json
import os
import sys
import threading
import urllib.parse

url, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
tuples = int(sys.argv[4]) if len(sys.argv) > 4 else 100
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 8
parsed = urllib.parse.urlparse(url)
headers = {"Authorization": "Bearer " + os.environ["CASTELLAN_OPERATOR_KEY"],
           "Content-Type": "application/json"}
model = json.dumps({"dsl": "model\n  schema 1.1\ntype user\ntype document\n  relations\n"
                           "    define viewer: [user]\n"})


def call(connection, method, path, body):
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.status // 100 != 2:
        raise RuntimeError(f"{method} {path}: {response.status} {data[:200]}")


def work(first):
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    for i in range(first, count, threads):
        org = f"/v1/orgs/{prefix}{i}"
        call(connection, "PUT", org, json.dumps({"model": "none"}))
        call(connection, "POST", org + "/models", model)
        keys = [{"object": f"document:{t % 10}", "relation": "viewer", "user": f"user:u{t}"}
                for t in range(tuples)]
        call(connection, "POST", org + "/write", json.dumps({"writes": {"tuple_keys": keys}}))


workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join()
