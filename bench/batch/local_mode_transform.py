"""The SageMaker Python SDK's local mode transforming the benchmark's data: the baseline `bench/batch/run` compares
Sagebox's transform job with. Local mode starts the model's container with docker-compose and sends the records itself,
one request at a time. Reads everything from files, writes one line to stdout: "records seconds".

    python local_mode_transform.py <image> <model.tar.gz> <input dir> <output dir> <SingleRecord|MultiRecord>
"""
import os
import subprocess
import sys
import time

from sagemaker.local import LocalSession
from sagemaker.model import Model

image, model_data, input_dir, output_dir, strategy = sys.argv[1:6]
session = LocalSession()
session.config = {"local": {"local_code": True}}
model = Model(image_uri=image, model_data="file://" + model_data,
              role="arn:aws:iam::123456789012:role/SageboxRole", sagemaker_session=session)
transformer = model.transformer(instance_count=1, instance_type="local", strategy=strategy, assemble_with="Line",
                                max_payload=6, output_path="file://" + output_dir)


def compose_containers():
    """The containers docker-compose made of the image (local mode stops its container but leaves it behind)."""
    out = subprocess.run(["docker", "ps", "-aq", "--filter", "ancestor=" + image, "--filter",
                          "label=com.docker.compose.project"], capture_output=True, text=True, check=True).stdout
    return set(out.split())


before = compose_containers()
try:
    start = time.monotonic()
    transformer.transform("file://" + input_dir, content_type="text/csv", split_type="Line", wait=True, logs=False)
    seconds = time.monotonic() - start
finally:
    left = compose_containers() - before
    if left:
        subprocess.run(["docker", "rm", "-f", *sorted(left)], capture_output=True, check=False)
lines = 0
for root, _dirs, files in os.walk(output_dir):
    for name in files:
        with open(os.path.join(root, name), "rb") as f:
            lines += sum(1 for _ in f)
print(lines, seconds)
