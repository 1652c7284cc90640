"""A processing script (run by examples/sdk/batch.py with ScriptProcessor): the labelled Iris rows go to the
training output as they are, the features alone (label column dropped) to the features output."""
import csv
import os

rows = []
for name in sorted(os.listdir("/opt/ml/processing/input")):
    path = os.path.join("/opt/ml/processing/input", name)
    if not os.path.isfile(path):   # the SDK puts this script in /opt/ml/processing/input/code
        continue
    with open(path, newline="") as f:
        rows.extend(r for r in csv.reader(f) if r)
os.makedirs("/opt/ml/processing/training", exist_ok=True)
os.makedirs("/opt/ml/processing/features", exist_ok=True)
with open("/opt/ml/processing/training/iris.csv", "w", newline="") as f:
    csv.writer(f).writerows(rows)
with open("/opt/ml/processing/features/features.csv", "w", newline="") as f:
    csv.writer(f).writerows(r[1:] for r in rows)
print("prepared", len(rows), "rows", flush=True)
