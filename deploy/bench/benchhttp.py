"""The one HTTP helper the benchmark loaders share: JSON in, (status, JSON) out."""
import json
import os
import urllib.error
import urllib.request


def call(base, method, path, body=None, timeout=60):
    headers = {"Content-Type": "application/json"}
    token = os.environ.get("CASTELLAN_TOKEN") or os.environ.get("CASTELLAN_OPERATOR_KEY")
    if token:  # the operator key unless another credential is named
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")
