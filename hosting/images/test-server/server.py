"""A SageMaker inference container for tests.

Run with the argument `serve`. Listens on $SAGEMAKER_BIND_TO_PORT (default 8080).
GET /ping answers 200; POST /invocations answers a JSON document naming this instance (hostname, selected
environment, model directory listing, headers received, the body, how many requests this connection has
carried, and the container's memory, CPU and process limits as its cgroup says) unless a behaviour below is switched on.

Behaviour switches (environment, usually from the model's Environment):
  TEST_INVOCATION_STATUS=<code>  answer invocations with this status and body "failure from <hostname>"
  TEST_PING_STATUS=<code>        answer /ping with this status (e.g. 500: never healthy)
  TEST_SLEEP_SECONDS=<s>         wait this long before answering an invocation
  TEST_EXIT_AT_START=<code>      exit at once with this code
  TEST_TAG=<text>                echoed back as "tag" (tells models and variants apart)
  TEST_SILENT_CLOSE=1            close the connection after every answer without saying so (no Connection: close),
                                 as a server ending idle kept-alive connections does
  TEST_PROBE_URL=<url>           also report whether this URL answers from inside the container ("probe")
  TEST_PIPELINE_STEP=<name>      pipeline mode: answer {"steps": [...previous steps, name], ...} built on the
                                 JSON body received, so a test sees the order the containers ran in
  TEST_ANSWER=sum                batch transform mode: answer each line of the body (CSV numbers, or a JSON list or
                                 object of numbers) with the sum of its numbers, one line per line received
  TEST_FAIL_ON=<text>            answer 500 to a body that contains this text
  TEST_EXECUTION_PARAMETERS=<j>  answer GET /execution-parameters with this JSON (404 without it)
"""
import json
import os
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL_DIR = "/opt/ml/model"
HOSTNAME = socket.gethostname()
ECHOED_HEADERS = ("Content-Type", "Accept", "X-Amzn-SageMaker-Custom-Attributes")


def model_files():
    found = []
    for root, _dirs, files in os.walk(MODEL_DIR):
        for name in files:
            found.append(os.path.relpath(os.path.join(root, name), MODEL_DIR))
    return sorted(found)


def model_dir_writable():
    try:
        probe = os.path.join(MODEL_DIR, ".write-probe")
        with open(probe, "w") as f:
            f.write("x")
        os.remove(probe)
        return True
    except OSError:
        return False


def read_first(*paths):
    for path in paths:
        try:
            with open(path) as f:
                return f.read().strip()
        except OSError:
            continue
    return None


def limits():
    """memory in bytes, CPUs, pids as the cgroup (v2, else v1) limits them; None where unlimited or unknown."""
    memory = read_first("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")
    cpu_max = read_first("/sys/fs/cgroup/cpu.max")
    if cpu_max is None:
        quota = read_first("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us")
        period = read_first("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us")
        cpu_max = "%s %s" % (quota, period) if quota and period and quota != "-1" else "max"
    quota, _, period = cpu_max.partition(" ")
    pids = read_first("/sys/fs/cgroup/pids.max", "/sys/fs/cgroup/pids/pids.max")
    unlimited = memory is None or memory == "max" or int(memory) >= 1 << 62
    return {"memory": None if unlimited else int(memory),
            "cpus": None if quota == "max" else int(quota) / int(period),
            "pids": None if pids in (None, "max") else int(pids)}


def probe(url):
    try:
        urllib.request.urlopen(url, timeout=3).read()
        return "reached"
    except urllib.error.HTTPError:
        return "reached"
    except Exception as e:
        return "refused: %s" % e


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in one write (wfile is buffered and flushed after each request), on a socket without
    # Nagle's algorithm: written separately, the body waited for the peer's delayed ACK of the headers, about 40 ms
    # per kept-alive request.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body, content_type="application/json", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/ping":
            self.answer(int(os.environ.get("TEST_PING_STATUS", "200")), b"")
        elif self.path == "/execution-parameters" and os.environ.get("TEST_EXECUTION_PARAMETERS"):
            self.answer(200, os.environ["TEST_EXECUTION_PARAMETERS"].encode())
        else:
            self.answer(404, b"not found", "text/plain")

    def do_POST(self):
        # One handler per connection: this counts the requests a kept-alive connection has carried.
        self.connection_requests = getattr(self, "connection_requests", 0) + 1
        if os.environ.get("TEST_SILENT_CLOSE"):
            self.close_connection = True
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        if self.path != "/invocations":
            self.answer(404, b"not found", "text/plain")
            return
        sleep = float(os.environ.get("TEST_SLEEP_SECONDS", "0"))
        if sleep > 0:
            time.sleep(sleep)
        status = int(os.environ.get("TEST_INVOCATION_STATUS", "200"))
        if status >= 300:
            self.answer(status, ("failure from " + HOSTNAME).encode(), "text/plain")
            return
        fail_on = os.environ.get("TEST_FAIL_ON")
        if fail_on and fail_on.encode() in body:
            self.answer(500, ("cannot transform a record with " + fail_on).encode(), "text/plain")
            return
        if os.environ.get("TEST_ANSWER") == "sum":
            lines = body.decode("utf-8").splitlines()
            print("transforming %d record(s)" % len(lines), flush=True)
            self.answer(200, "".join("%g\n" % total(line) for line in lines).encode(), "text/csv")
            return
        step = os.environ.get("TEST_PIPELINE_STEP")
        if step:
            try:
                received = json.loads(body or b"{}")
            except ValueError:
                received = {"raw": body.decode("utf-8", "replace")}
            steps = received.get("steps", []) + [step]
            document = {"steps": steps, "hostname": HOSTNAME,
                        "content_type": self.headers.get("Content-Type")}
            self.answer(200, json.dumps(document).encode())
            return
        document = {
            "hostname": HOSTNAME,
            "tag": os.environ.get("TEST_TAG"),
            "port": PORT,
            "env": {k: v for k, v in os.environ.items() if k.startswith(("TEST_", "SAGEMAKER_", "MODEL_"))},
            "model_files": model_files(),
            "model_dir_writable": model_dir_writable(),
            "headers": {h: self.headers.get(h) for h in ECHOED_HEADERS if self.headers.get(h) is not None},
            "body": body.decode("utf-8", "replace"),
            "connection_requests": self.connection_requests,
            "limits": limits(),
        }
        if os.environ.get("TEST_PROBE_URL"):
            document["probe"] = probe(os.environ["TEST_PROBE_URL"])
        extra = {}
        if self.headers.get("X-Amzn-SageMaker-Custom-Attributes"):
            extra["X-Amzn-SageMaker-Custom-Attributes"] = "echo=" + self.headers["X-Amzn-SageMaker-Custom-Attributes"]
        accept = self.headers.get("Accept")
        content_type = accept if accept and accept not in ("*/*",) and "json" in accept else "application/json"
        self.answer(200, json.dumps(document, sort_keys=True).encode(), content_type, extra)


def total(line):
    """The sum of the numbers in a CSV line, or in a JSON list or object."""
    line = line.strip()
    if line.startswith(("[", "{")):
        value = json.loads(line)
        numbers = value.values() if isinstance(value, dict) else value
        return sum(float(n) for n in numbers if isinstance(n, (int, float)))
    return sum(float(n) for n in line.split(",") if n.strip())


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


PORT = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "serve":
        print("usage: server.py serve", file=sys.stderr)
        sys.exit(2)
    if os.environ.get("TEST_EXIT_AT_START"):
        sys.exit(int(os.environ["TEST_EXIT_AT_START"]))
    # PID 1 ignores SIGTERM unless it handles it; scale-in and replacement expect a prompt, clean exit.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print("serving on port %d as %s" % (PORT, HOSTNAME), flush=True)
    Server(("0.0.0.0", PORT), Handler).serve_forever()
