"""Test training algorithm for Sagebox.

`train` records what the platform handed over (config files, checksums of every channel file, environment, whether the
other hosts resolve, whether S3 answers) into /opt/ml/model/<host>.json, writes /opt/ml/output/data/<host>.txt, then
behaves as the hyperparameter `behaviour` says:
  complete (default)  exit 0
  fail                write /opt/ml/output/failure and exit 2
  exit-code           exit with hyperparameter `exit_code` and no failure file
  wait-for-stop       wait for SIGTERM, then write model/stopped.txt and exit 0
  ignore-stop         ignore SIGTERM and sleep (the platform must SIGKILL)
  sleep               sleep `seconds` then exit 0
  write               write `mebibytes` MiB to /opt/ml/model/big.bin (stopping early if the disk is full), then
                      sleep `seconds` (default 0) and exit 0
  objective           a known function to tune: for `epochs` epochs (default 3), each `epoch_seconds` long (default 0),
                      print "epoch=<i> loss=<v>" where v = (x - 2)^2 + offset(kind) + 1/(i + 1), x the hyperparameter
                      `x` (default 0), offset 0, 1, 2 for `kind` a, b, c; the minimum, 0 + 1/epochs, is at x=2, kind a
  pipe                read `epochs` epochs of every Pipe channel at once (FIFOs <channel>_<n>), recording each epoch's
                      sha256 and size in /opt/ml/model/<host>-pipe.json; `close_early_bytes` makes epoch 0 stop early
"""
import hashlib
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.request

ML = "/opt/ml"


def load(path):
    with open(path) as f:
        return json.load(f)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def channel_files():
    data = os.path.join(ML, "input", "data")
    out = {}
    if not os.path.isdir(data):
        return out
    for channel in sorted(os.listdir(data)):
        root = os.path.join(data, channel)
        if not os.path.isdir(root):
            continue
        files = {}
        for dirpath, _, names in os.walk(root):
            for name in names:
                full = os.path.join(dirpath, name)
                files[os.path.relpath(full, root)] = sha256(full)
        out[channel] = files
    return out


def resolve(hosts, seconds):
    # The hosts of a job may start seconds apart (on a swarm each host's task is scheduled, and its image pulled, on
    # its own node): a name is retried for `resolve_seconds` (default 5), as distributed launchers wait for peers.
    found = {}
    for host in hosts:
        for _ in range(int(seconds * 10)):
            try:
                found[host] = socket.gethostbyname(host)
                break
            except OSError:
                time.sleep(0.1)
        else:
            found[host] = None
    return found


def s3_answers():
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3")
    if not endpoint:
        return None
    try:
        urllib.request.urlopen(endpoint, timeout=5)
        return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer (e.g. 403 without a signature) means S3 is reachable
    except OSError as e:
        return str(e)


def read_epochs(channel, epochs, close_early, out):
    digests = []
    for epoch in range(epochs):
        path = os.path.join(ML, "input", "data", f"{channel}_{epoch}")
        for _ in range(600):
            if os.path.exists(path):
                break
            time.sleep(0.05)
        h = hashlib.sha256()
        n = 0
        with open(path, "rb") as f:
            if close_early is not None and epoch == 0:
                data = f.read(close_early)
                h.update(data)
                n = len(data)
            else:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
                    n += len(chunk)
        digests.append({"sha256": h.hexdigest(), "bytes": n})
    out[channel] = digests


def pipe(host, hp, inputs):
    epochs = int(hp.get("epochs", "2"))
    close_early = int(hp["close_early_bytes"]) if "close_early_bytes" in hp else None
    found = {}
    readers = [threading.Thread(target=read_epochs, args=(c, epochs, close_early, found))
               for c, cfg in sorted(inputs.items()) if cfg["TrainingInputMode"] == "Pipe"]
    for r in readers:
        r.start()
    for r in readers:
        r.join()
    with open(os.path.join(ML, "model", f"{host}-pipe.json"), "w") as f:
        json.dump(found, f, indent=1, sort_keys=True)


def train():
    hp = load(os.path.join(ML, "input", "config", "hyperparameters.json"))
    resource = load(os.path.join(ML, "input", "config", "resourceconfig.json"))
    inputs = load(os.path.join(ML, "input", "config", "inputdataconfig.json"))
    host = resource["current_host"]
    behaviour = hp.get("behaviour", "complete")
    print(f"{host}: training with behaviour {behaviour}", flush=True)
    print(f"{host}: a line on stderr", file=sys.stderr, flush=True)
    record = {
        "host": host,
        "hyperparameters": hp,
        "resourceconfig": resource,
        "inputdataconfig": inputs,
        "channels": channel_files(),
        "env": {k: os.environ.get(k) for k in ("TRAINING_JOB_NAME", "TRAINING_JOB_ARN", "AWS_REGION", "MY_SETTING")},
        "resolved": resolve(resource["hosts"], float(hp.get("resolve_seconds", "5"))),
        "s3": s3_answers(),
        "argv": sys.argv[1:],
    }
    os.makedirs(os.path.join(ML, "model"), exist_ok=True)
    with open(os.path.join(ML, "model", f"{host}.json"), "w") as f:
        json.dump(record, f, indent=1, sort_keys=True)
    os.makedirs(os.path.join(ML, "output", "data"), exist_ok=True)
    with open(os.path.join(ML, "output", "data", f"{host}.txt"), "w") as f:
        f.write(f"output of {host}\n")

    if behaviour == "pipe":
        pipe(host, hp, inputs)
    if behaviour == "fail":
        with open(os.path.join(ML, "output", "failure"), "w") as f:
            f.write("it broke: learning_rate must be positive")
        sys.exit(2)
    if behaviour == "exit-code":
        sys.exit(int(hp.get("exit_code", "3")))
    if behaviour == "wait-for-stop":
        def stopped(signum, frame):
            with open(os.path.join(ML, "model", "stopped.txt"), "w") as f:
                f.write("saved on SIGTERM\n")
            sys.exit(0)
        signal.signal(signal.SIGTERM, stopped)
        print(f"{host}: waiting for SIGTERM", flush=True)
        while True:
            time.sleep(0.05)
    if behaviour == "ignore-stop":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            time.sleep(0.05)
    if behaviour == "write":
        chunk = b"\1" * (1 << 20)
        written = 0
        try:
            with open(os.path.join(ML, "model", "big.bin"), "wb") as f:
                for _ in range(int(hp.get("mebibytes", "1"))):
                    f.write(chunk)
                    written += 1
        except OSError as e:
            print(f"{host}: stopped writing after {written} MiB: {e}", flush=True)
        print(f"{host}: wrote {written} MiB", flush=True)
        time.sleep(float(hp.get("seconds", "0")))
    if behaviour == "sleep":
        time.sleep(float(hp.get("seconds", "1")))
    if behaviour == "objective":
        x = float(hp.get("x", "0"))
        offset = {"a": 0, "b": 1, "c": 2}.get(hp.get("kind", "a"), 0)
        for epoch in range(int(hp.get("epochs", "3"))):
            time.sleep(float(hp.get("epoch_seconds", "0")))
            print(f"epoch={epoch} loss={(x - 2) ** 2 + offset + 1 / (epoch + 1):.6f}", flush=True)
    print(f"{host}: done", flush=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "train"
    if command != "train":
        print(f"unknown command {command}", file=sys.stderr)
        sys.exit(64)
    train()
