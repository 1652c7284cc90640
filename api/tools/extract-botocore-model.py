#!/usr/bin/env python3
"""Regenerates api/src/main/resources/dev/sagebox/api/protocol/sagemaker-2017-07-24.json.

It keeps, from botocore's SageMaker service model (Apache-2.0), the operations Sagebox serves and every shape they
reach, without documentation strings. Run with any botocore installed: python3 api/tools/extract-botocore-model.py
"""
import gzip
import json
import os
import sys

import botocore

OPERATIONS = """AddTags ListTags DeleteTags CreateNotebookInstance DescribeNotebookInstance ListNotebookInstances
StartNotebookInstance StopNotebookInstance UpdateNotebookInstance DeleteNotebookInstance
CreatePresignedNotebookInstanceUrl CreateTrainingJob DescribeTrainingJob ListTrainingJobs StopTrainingJob CreateModel
DescribeModel ListModels DeleteModel CreateEndpointConfig DescribeEndpointConfig ListEndpointConfigs
DeleteEndpointConfig CreateEndpoint DescribeEndpoint ListEndpoints UpdateEndpoint UpdateEndpointWeightsAndCapacities
DeleteEndpoint CreateTransformJob DescribeTransformJob ListTransformJobs StopTransformJob CreateProcessingJob
DescribeProcessingJob ListProcessingJobs StopProcessingJob CreateHyperParameterTuningJob DescribeHyperParameterTuningJob
ListHyperParameterTuningJobs StopHyperParameterTuningJob ListTrainingJobsForHyperParameterTuningJob""".split()

base = os.path.join(os.path.dirname(botocore.__file__), "data", "sagemaker", "2017-07-24", "service-2.json")
model = json.load(gzip.open(base + ".gz") if os.path.exists(base + ".gz") else open(base))
seen = set()


def walk(name):
    if name in seen:
        return
    seen.add(name)
    shape = model["shapes"][name]
    for key in ("member", "key", "value"):
        if key in shape:
            walk(shape[key]["shape"])
    for member in shape.get("members", {}).values():
        walk(member["shape"])


def strip(shape):
    shape = {k: v for k, v in shape.items() if k != "documentation"}
    if "members" in shape:
        shape["members"] = {k: {kk: vv for kk, vv in v.items() if kk != "documentation"}
                            for k, v in shape["members"].items()}
    for key in ("member", "key", "value"):
        if key in shape:
            shape[key] = {kk: vv for kk, vv in shape[key].items() if kk != "documentation"}
    return shape


for op in OPERATIONS:
    for io in ("input", "output"):
        if io in model["operations"][op]:
            walk(model["operations"][op][io]["shape"])
out = {
    "metadata": model["metadata"],
    "operations": {op: {k: v for k, v in model["operations"][op].items() if k in ("name", "input", "output", "errors")}
                   for op in OPERATIONS},
    "shapes": {name: strip(model["shapes"][name]) for name in sorted(seen)},
}
target = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "dev", "sagebox", "api", "protocol",
                      "sagemaker-2017-07-24.json")
json.dump(out, open(target, "w"), indent=1, sort_keys=True)
print("botocore", botocore.__version__, "->", len(seen), "shapes", file=sys.stderr)
