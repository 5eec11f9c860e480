#!/usr/bin/env python3
"""Mixed load for the fault tests, with every answer recorded, and the checks made after them.

  faultload.py setup  --ports 8080,8081,8082 --orgs 12
  faultload.py run    --ports ... --orgs 12 --seconds 60 --phase kill --out DIR
  faultload.py verify --ports ... --orgs 12 --out DIR
  faultload.py report --out DIR > faults.txt

setup creates organizations fault-0..N-1, each with a model and 50 tuples whose check answers are
known. run sends checks and batch checks (reader threads) and writes (writer threads, a fifth of
the requests; each write one new tuple with its own Idempotency-Key) through all the nodes in turn,
for a bounded time, as a client that retries once:
a check or batch check that gets a 503, a 504 or no answer (connection refused or reset, no answer
within 12 s) is sent once more, 300 ms later, through the next node; a node that refused a
connection is passed over for 2 s, as a load balancer with health checks would. A write keeps its
Idempotency-Key across retries; it is retried once like a check, and while its outcome is unknown
(504 outcome_unknown, or no answer) it is asked again with the same key until it has an answer
(bounded by the run's end plus 30 s): that is the protocol the README promises. Every write and its
final answer go to DIR/<phase>-writes.jsonl; counts, latencies and each organization's longest
stretch without a correct check answer go to DIR/<phase>-summary.json.

report puts the phases' figures and the events the fault script recorded (DIR/events.txt, lines
of '<epoch seconds> <what>') side by side.

verify exports every organization and reads its audit trail: every acknowledged write must be
there (0 lost) and no tuple may have been written by two changes (0 applied twice).
Standard library only; all traffic to 127.0.0.1.
"""
import argparse
import glob
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
import uuid

MODEL = """model
  schema 1.1
type user
type document
  relations
    define viewer: [user]
"""
BASE_TUPLES = 50
TIMEOUT = 12.0  # above the server's request timeout (10 s), whose 503 comes first
NODE_DOWN_FOR = 2.0
RETRY_PAUSE = 0.3


def token():
    return os.environ.get("CASTELLAN_TOKEN") or os.environ["CASTELLAN_OPERATOR_KEY"]


class Client:
    """One keep-alive connection per node; a request that gets no answer raises OSError. A node
    that refused a connection is passed over for 2 s, as a load balancer's health check would."""

    down_until = {}  # shared by every worker: one load balancer's view of the nodes

    def __init__(self, ports):
        self.ports = ports
        self.connections = {}

    def port(self, turn):
        """The node for this turn, or the next one not known to be down."""
        now = time.time()
        for k in range(len(self.ports)):
            port = self.ports[(turn + k) % len(self.ports)]
            if self.down_until.get(port, 0) <= now:
                return port
        return self.ports[turn % len(self.ports)]

    def call(self, port, method, path, body=None, headers=None, timeout=TIMEOUT):
        connection = self.connections.get(port)
        if connection is None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            self.connections[port] = connection
        sent = {"Authorization": "Bearer " + token(), "Content-Type": "application/json"}
        sent.update(headers or {})
        try:
            connection.request(method, path, body=json.dumps(body) if body is not None else None,
                               headers=sent)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as failure:
            connection.close()
            del self.connections[port]
            if isinstance(failure, ConnectionRefusedError):
                self.down_until[port] = time.time() + NODE_DOWN_FOR
            raise OSError(str(failure)) from failure
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            del self.connections[port]
        try:
            parsed = json.loads(data) if data else {}
        except ValueError:
            parsed = {"raw": data[:200].decode(errors="replace")}
        return response.status, parsed


def org_name(i):
    return f"fault-{i}"


def setup(args):
    client = Client(args.ports)
    port = args.ports[0]
    for i in range(args.orgs):
        org = org_name(i)
        status, body = client.call(port, "PUT", f"/v1/orgs/{org}", {"name": org, "model": "none"})
        if status not in (201, 409):
            sys.exit(f"creating {org}: {status} {body}")
        status, body = client.call(port, "POST", f"/v1/orgs/{org}/models", {"dsl": MODEL})
        if status != 201:
            sys.exit(f"model of {org}: {status} {body}")
        tuples = [{"object": f"document:d{j}", "relation": "viewer", "user": f"user:u{j}"}
                  for j in range(BASE_TUPLES)]
        for start in range(0, len(tuples), 100):
            status, body = client.call(port, "POST", f"/v1/orgs/{org}/write",
                                       {"writes": {"tuple_keys": tuples[start:start + 100],
                                                   "on_duplicate": "ignore"}})
            if status != 200:
                sys.exit(f"tuples of {org}: {status} {body}")
    print(f"set up {args.orgs} organizations", file=sys.stderr)


def check_case(rng):
    """A check whose answer is known: u<j> views d<j> and nothing else."""
    j = rng.randrange(BASE_TUPLES)
    k = j if rng.random() < 0.5 else (j + 1 + rng.randrange(BASE_TUPLES - 1)) % BASE_TUPLES
    return {"object": f"document:d{k}", "relation": "viewer", "user": f"user:u{j}"}, j == k


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000, 1)


class Stats:
    def __init__(self, orgs, started):
        self.lock = threading.Lock()
        self.counts = {}
        self.failures = {}
        self.latency = {}
        self.started = started
        # per organization: the last time a check on it was answered correctly, and the longest gap
        self.last_ok = {org_name(i): started for i in range(orgs)}
        self.longest_gap = {org_name(i): (0.0, 0.0) for i in range(orgs)}
        self.timeline = {}

    def count(self, name, n=1):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + n

    def failure(self, operation, reason):
        with self.lock:
            key = f"{operation}: {reason}"
            self.failures[key] = self.failures.get(key, 0) + 1

    def took(self, name, seconds):
        with self.lock:
            self.latency.setdefault(name, []).append(seconds)

    def second(self, what):
        with self.lock:
            second = int(time.time() - self.started)
            row = self.timeline.setdefault(second, {})
            row[what] = row.get(what, 0) + 1

    def answered(self, org, now):
        with self.lock:
            gap = now - self.last_ok[org]
            if gap > self.longest_gap[org][0]:
                self.longest_gap[org] = (gap, self.last_ok[org] - self.started)
            self.last_ok[org] = now


def outcome(client, port, path, body, headers=None):
    """(status, body), or (None, reason) when no answer came."""
    try:
        return client.call(port, "POST", path, body, headers)
    except OSError as failure:
        return None, type(failure.__cause__ or failure).__name__


def retryable(status):
    return status is None or status in (503, 504)


# requests that failed after their retry, each attempt with its node, answer and timing, for
# tracing them in the nodes' logs (written to DIR/<phase>-failures.jsonl)
FAILED = []
FAILED_LOCK = threading.Lock()


def with_one_retry(client, ports, turn, path, body, headers=None, timed=False):
    """Sends once, and once more through the next node when the first gets no usable answer
    (timed: also how long the last attempt took)."""
    sent = time.time()
    port = client.port(turn)
    status, answer = outcome(client, port, path, body, headers)
    attempts = 1
    if retryable(status):
        first = {"sent": sent, "port": port, "took": round(time.time() - sent, 3),
                 "answer": describe(status, answer)}
        time.sleep(RETRY_PAUSE)
        sent = time.time()
        port = client.port(turn + 1)
        status, answer = outcome(client, port, path, body, headers)
        attempts = 2
        if retryable(status):
            with FAILED_LOCK:
                FAILED.append({"path": path, "body": body, "first": first,
                               "retry": {"sent": sent, "port": port,
                                         "took": round(time.time() - sent, 3),
                                         "answer": describe(status, answer)}})
    if timed:
        return status, answer, attempts, time.time() - sent
    return status, answer, attempts


def describe(status, answer):
    if status is None:
        return answer
    return f"{status} {answer.get('code', '')}: {answer.get('message', '')[:70]}"


def do_check(client, args, stats, rng, turn, org):
    key, expected = check_case(rng)
    started = time.time()
    status, answer, attempts = with_one_retry(client, args.ports, turn, f"/v1/orgs/{org}/check",
                                              {"tuple_key": key})
    stats.took("check", time.time() - started)
    if status == 200 and answer.get("allowed") == expected:
        stats.count("checks_correct" if attempts == 1 else "checks_correct_after_retry")
        stats.answered(org, time.time())
        stats.second("check_ok")
    elif status == 200:
        stats.count("checks_wrong")
        stats.failure("check", f"wrong answer {answer.get('allowed')} for {key}")
    else:
        stats.count("checks_failed")
        stats.failure("check", describe(status, answer))
        stats.second("check_failed")


def do_batch(client, args, stats, rng, turn, org):
    cases = [check_case(rng) for _ in range(10)]
    body = {"checks": [{"tuple_key": key, "correlation_id": str(n)}
                       for n, (key, _) in enumerate(cases)]}
    started = time.time()
    status, answer, attempts = with_one_retry(client, args.ports, turn,
                                              f"/v1/orgs/{org}/batch-check", body)
    stats.took("batch_check", time.time() - started)
    if status == 200:
        results = answer.get("result", {})
        wrong = [n for n, (_, expected) in enumerate(cases)
                 if results.get(str(n), {}).get("allowed") != expected]
        if wrong:
            stats.count("batch_checks_wrong")
            stats.failure("batch-check", f"wrong answers {wrong}: {answer}")
        else:
            stats.count("batch_checks_correct" if attempts == 1 else "batch_checks_correct_after_retry")
            stats.answered(org, time.time())
    else:
        stats.count("batch_checks_failed")
        stats.failure("batch-check", describe(status, answer))


def do_write(client, args, stats, rng, turn, org, worker, seq, writes_out, deadline):
    obj = f"document:w-{args.phase}-{worker}-{seq}"
    key = str(uuid.uuid4())
    body = {"writes": {"tuple_keys": [{"object": obj, "relation": "viewer", "user": "user:w"}]}}
    headers = {"Idempotency-Key": key}
    started = time.time()
    status, answer, attempts, last_attempt = with_one_retry(
        client, args.ports, turn, f"/v1/orgs/{org}/write", body, headers, timed=True)
    # the outcome is unknown only after 504 outcome_unknown or no answer: ask again, same key
    while (status is None or (status == 504 and answer.get("code") == "outcome_unknown")) \
            and time.time() < deadline:
        time.sleep(0.5)
        turn += 1
        status, answer = outcome(client, client.port(turn), f"/v1/orgs/{org}/write", body,
                                 headers)
        attempts += 1
    latency = time.time() - started
    record = {"org": org, "object": obj, "key": key, "status": status, "attempts": attempts,
              "code": answer.get("code") if isinstance(answer, dict) else answer,
              "revision": answer.get("revision") if isinstance(answer, dict) else None,
              "at": round(started - stats.started, 3), "seconds": round(latency, 3)}
    record["last_attempt_seconds"] = round(last_attempt, 3)
    writes_out.append(record)
    if status == 200:
        stats.count("writes_acknowledged" if attempts == 1 else "writes_acknowledged_after_retry")
        stats.took("write", latency)
        stats.second("write_ok")
    else:
        stats.count("writes_refused")
        stats.failure("write", describe(status, answer))
        stats.second("write_refused")
        if status == 503:  # the answer to the last attempt: how fast a refusal comes
            stats.took("write_503_answer", last_attempt)


def worker_loop(args, stats, worker, stop_at, writes_out, rate, writer):
    """A reader (checks 3 to 1 batch checks) or a writer, each at its own pace: a write waiting
    for the journal never holds up a check, as in an application with many request threads."""
    rng = random.Random(worker * 7919 + int(stats.started))
    client = Client(args.ports)
    turn = worker
    seq = 0
    interval = 1.0 / rate
    next_at = time.time()
    while time.time() < stop_at and not (args.stop_file and os.path.exists(args.stop_file)):
        org = org_name(rng.randrange(args.orgs))
        if writer:
            seq += 1
            do_write(client, args, stats, rng, turn, org, worker, seq, writes_out, stop_at + 30)
        elif rng.random() < 0.75:
            do_check(client, args, stats, rng, turn, org)
        else:
            do_batch(client, args, stats, rng, turn, org)
        turn += 1
        next_at += interval
        pause = next_at - time.time()
        if pause > 0:
            time.sleep(pause)
        else:
            next_at = time.time()  # behind: no burst to catch up


def probe_loop(args, org, stop_at, successes):
    """Checks one organization every 250 ms (2 s timeout, through the nodes in turn), apart from
    the load: when it answers again after a fault, the load's blocked threads do not hide it."""
    client = Client(args.ports)
    turn = 0
    key = {"object": "document:d0", "relation": "viewer", "user": "user:u0"}
    while time.time() < stop_at and not (args.stop_file and os.path.exists(args.stop_file)):
        sent = time.time()
        try:
            status, answer = client.call(client.port(turn), "POST", f"/v1/orgs/{org}/check",
                                         {"tuple_key": key}, timeout=2.0)
            if status == 200 and answer.get("allowed") is True:
                successes.append(time.time())
        except OSError:
            pass
        turn += 1
        pause = 0.25 - (time.time() - sent)
        if pause > 0:
            time.sleep(pause)


def longest_gap(times, started, ended):
    """The longest stretch without a success, and when it began (seconds from the start)."""
    points = [started] + sorted(times) + [ended]
    gap, at = max(((b - a, a) for a, b in zip(points, points[1:])), default=(0.0, started))
    return round(gap, 2), round(at - started, 2)


def run(args):
    started = time.time()
    stop_at = started + args.seconds
    stats = Stats(args.orgs, started)
    writes = []
    # a fifth of the requests are writes, on writer threads of their own
    writers = max(1, args.workers // 4)
    readers = args.workers - writers
    threads = [threading.Thread(target=worker_loop,
                                args=(args, stats, w, stop_at, writes,
                                      args.rate * (0.2 / writers if w < writers else 0.8 / readers),
                                      w < writers),
                                daemon=True)
               for w in range(args.workers)]
    probes = {org_name(i): [] for i in range(args.orgs)}
    threads += [threading.Thread(target=probe_loop, args=(args, org, stop_at, probes[org]),
                                 daemon=True) for org in probes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 60)
    ended = time.time()
    for org in stats.last_ok:  # the stretch from the last correct answer to the end counts too
        stats.answered(org, ended)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, f"{args.phase}-writes.jsonl"), "w") as out:
        for record in writes:
            out.write(json.dumps(record) + "\n")
    with open(os.path.join(args.out, f"{args.phase}-failures.jsonl"), "w") as out:
        for record in FAILED:
            out.write(json.dumps(record) + "\n")
    counts = stats.counts
    checks = sum(counts.get(k, 0) for k in ("checks_correct", "checks_correct_after_retry",
                                             "checks_wrong", "checks_failed"))
    correct = counts.get("checks_correct", 0) + counts.get("checks_correct_after_retry", 0)
    gaps = {org: {"seconds": round(gap, 2), "from": round(at, 2)}
            for org, (gap, at) in stats.longest_gap.items()}
    summary = {
        "phase": args.phase,
        "started_epoch": started,
        "seconds": round(ended - started, 1),
        "counts": dict(sorted(counts.items())),
        "checks_correct_ratio": round(correct / checks, 5) if checks else None,
        "failures": dict(sorted(stats.failures.items(), key=lambda kv: -kv[1])),
        "latency_ms": {name: {"p50": percentile(v, 0.5), "p99": percentile(v, 0.99),
                              "max": percentile(v, 1.0), "n": len(v)}
                       for name, v in sorted(stats.latency.items())},
        "longest_without_correct_check": gaps,
        "longest_without_correct_check_max": max(g["seconds"] for g in gaps.values()),
        "longest_without_probe_answer": {
            org: dict(zip(("seconds", "from"), longest_gap(times, started, ended)))
            for org, times in probes.items()},
        "timeline": {str(k): v for k, v in sorted(stats.timeline.items())},
    }
    with open(os.path.join(args.out, f"{args.phase}-summary.json"), "w") as out:
        json.dump(summary, out, indent=1)
    brief = {k: summary[k] for k in ("phase", "counts", "checks_correct_ratio",
                                      "longest_without_correct_check_max")}
    brief["longest_without_probe_answer_max"] = max(
        g["seconds"] for g in summary["longest_without_probe_answer"].values())
    print(json.dumps(brief), file=sys.stderr)


def export_objects(client, port, org):
    found = set()
    token_ = ""
    for _ in range(10000):
        status, body = client.call(port, "POST", f"/v1/orgs/{org}/export",
                                   {"page_size": 10000, "continuation_token": token_},
                                   timeout=60)
        if status != 200:
            sys.exit(f"export of {org}: {status} {body}")
        for tuple_ in body.get("tuples", []):
            key = tuple_.get("key", tuple_)
            found.add((key["object"], key["relation"], key["user"]))
        token_ = body.get("continuation_token", "")
        if not token_:
            return found
    sys.exit(f"export of {org} did not end")


def audit_writes(port, org):
    """How many changes wrote each tuple, from the audit trail as NDJSON."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", f"/v1/orgs/{org}/audit?kind=tuples",
                       headers={"Authorization": "Bearer " + token(),
                                "Accept": "application/x-ndjson"})
    response = connection.getresponse()
    if response.status != 200:
        sys.exit(f"audit of {org}: {response.status} {response.read()[:300]}")
    written = {}
    for line in response.read().splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        for tuple_ in entry.get("writes", []):
            key = (tuple_["object"], tuple_["relation"], tuple_["user"])
            written[key] = written.get(key, 0) + 1
    connection.close()
    return written


def verify(args):
    client = Client(args.ports)
    port = args.ports[0]
    records = []
    for path in sorted(glob.glob(os.path.join(args.out, "*-writes.jsonl"))):
        with open(path) as lines:
            records += [json.loads(line) for line in lines if line.strip()]
    by_org = {}
    for record in records:
        by_org.setdefault(record["org"], []).append(record)
    lost, twice, refused_applied, unknown_applied, acknowledged = [], [], [], 0, 0
    for i in range(args.orgs):
        org = org_name(i)
        stored = export_objects(client, port, org)
        written = audit_writes(port, org)
        for key, n in written.items():
            if n > 1:
                twice.append({"org": org, "tuple": key, "changes": n})
        for record in by_org.get(org, []):
            key = (record["object"], "viewer", "user:w")
            if record["status"] == 200:
                acknowledged += 1
                if key not in stored:
                    lost.append(record)
            elif key in stored and (record["status"] is None or record["status"] == 504):
                unknown_applied += 1  # allowed: the client was told the outcome was unknown
            elif key in stored:
                refused_applied.append(record)  # an error answer promised it was not applied
    result = {"writes_recorded": len(records), "acknowledged": acknowledged,
              "acknowledged_lost": len(lost), "applied_twice": len(twice),
              "refused_but_applied": len(refused_applied), "unknown_then_applied": unknown_applied,
              "acknowledged_lost_by_phase": dict(sorted(
                  {phase: sum(1 for r in lost if r["object"].split("-")[1] == phase)
                   for phase in {r["object"].split("-")[1] for r in lost}}.items())),
              "lost": lost[:1000], "twice": twice[:100], "refused_applied": refused_applied[:100]}
    with open(os.path.join(args.out, "verify.json"), "w") as out:
        json.dump(result, out, indent=1)
    print(json.dumps({k: v for k, v in result.items() if k not in ("lost", "twice", "refused_applied")}),
          file=sys.stderr)
    sys.exit(1 if lost or twice or refused_applied else 0)


def read_events(out):
    events = []
    path = os.path.join(out, "events.txt")
    if os.path.exists(path):
        with open(path) as lines:
            for line in lines:
                at, _, what = line.strip().partition(" ")
                if what:
                    events.append((float(at), what))
    return events


def phase_report(out, phase, events):
    path = os.path.join(out, f"{phase}-summary.json")
    if not os.path.exists(path):
        return [f"== {phase}: not run"]
    with open(path) as f:
        summary = json.load(f)
    with open(os.path.join(out, f"{phase}-writes.jsonl")) as f:
        writes = [json.loads(line) for line in f if line.strip()]
    started = summary["started_epoch"]
    counts = summary["counts"]
    lines = [f"== {phase} ({summary['seconds']} s of load)"]
    for at, what in events:
        if what.startswith(phase + " "):
            lines.append(f"  at {at - started:7.2f} s: {what[len(phase) + 1:]}")
    requests = sum(v for k, v in counts.items())
    failed = sum(counts.get(k, 0) for k in ("checks_failed", "checks_wrong", "batch_checks_failed",
                                             "batch_checks_wrong", "writes_refused"))
    lines.append(f"  requests: {requests}, failed after one retry: {failed}")
    lines.append("  counts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    lines.append(f"  checks answered correctly (one retry allowed): {summary['checks_correct_ratio']}")
    for name, title in (("longest_without_probe_answer", "without an answer to its probe (a check "
                         "every 250 ms, 2 s timeout)"),
                        ("longest_without_correct_check", "without a correct check of the load")):
        worst = sorted(summary.get(name, {}).items(), key=lambda kv: -kv[1]["seconds"])[:3]
        lines.append(f"  longest stretch {title}, per organization (worst 3): "
                     + ", ".join(f"{org} {g['seconds']} s from {g['from']} s" for org, g in worst))
    for name, figures in summary["latency_ms"].items():
        lines.append(f"  latency {name}: p50 {figures['p50']} ms, p99 {figures['p99']} ms, "
                     f"max {figures['max']} ms (n={figures['n']})")
    if summary["failures"]:
        lines.append("  failures: " + "; ".join(f"{k} x{v}" for k, v in summary["failures"].items()))
    ready = [at for at, what in events if what == f"{phase} cassandra ready"]
    if ready:
        done = sorted(started + w["at"] + w["seconds"] for w in writes if w["status"] == 200)
        after = [t for t in done if t >= ready[0]]
        if after:
            lines.append(f"  first acknowledged write {after[0] - ready[0]:.2f} s after Cassandra was ready")
        stopped = [at for at, what in events if what == f"{phase} cassandra stopped"]
        if stopped:
            refusals = sorted(w["last_attempt_seconds"] for w in writes if w["status"] == 503
                              and stopped[0] < started + w["at"] < ready[0])
            if refusals:
                lines.append(f"  writes sent while Cassandra was down: {len(refusals)} refused with 503, "
                             f"answered in p50 {percentile(refusals, 0.5)} ms, "
                             f"p99 {percentile(refusals, 0.99)} ms, max {percentile(refusals, 1.0)} ms")
        stopping = [at for at, what in events if what == f"{phase} cassandra stopping"]
        if stopping:
            during = [t for t in done if stopping[0] + 1 < t < ready[0]]
            lines.append(f"  writes acknowledged while Cassandra was down: {len(during)}")
    return lines


def report(args):
    events = read_events(args.out)
    lines = []
    for phase in ("kill", "rolling", "cassandra"):
        lines += phase_report(args.out, phase, events)
    path = os.path.join(args.out, "verify.json")
    if os.path.exists(path):
        with open(path) as f:
            result = json.load(f)
        lines.append("== every phase, verified after the load (export and audit of every organization)")
        lines.append(f"  writes recorded {result['writes_recorded']}, acknowledged "
                     f"{result['acknowledged']}, acknowledged but lost {result['acknowledged_lost']}, "
                     f"applied twice {result['applied_twice']}, refused but applied "
                     f"{result['refused_but_applied']}, outcome unknown and then found applied "
                     f"{result['unknown_then_applied']}")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["setup", "run", "verify", "report"])
    parser.add_argument("--ports", default="8080,8081,8082",
                        type=lambda s: [int(p) for p in s.split(",")])
    parser.add_argument("--orgs", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=300, help="requests per second, all workers")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--phase", default="load")
    parser.add_argument("--out", default="var/faults/results")
    parser.add_argument("--stop-file", help="run ends early once this file exists")
    args = parser.parse_args()
    socket.setdefaulttimeout(TIMEOUT)
    {"setup": setup, "run": run, "verify": verify, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
