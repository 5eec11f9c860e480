"""The one HTTP helper the benchmark loaders share: JSON in, (status, JSON) out."""
import json
import urllib.error
import urllib.request


def call(base, method, path, body=None, timeout=60):
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")
