#!/usr/bin/env python3
"""The SageMaker Python SDK (v2) against Sagebox, with nothing but the SDK's own defaults:

    eval "$(./sagebox sdk-env)"
    python examples/sdk/walkthrough.py [examples/data/iris.csv]

No role, no bucket, no output path: `./sagebox sdk-env` wrote the SDK's defaults file (the bucket
sagemaker-<region>-<account> that the server creates, and the role) and pointed boto at Sagebox. fit() shows the
container's output from CloudWatch Logs as it trains, as it does on AWS.
"""
import sys

import sagemaker
from sagemaker.estimator import Estimator
from sagemaker.serializers import CSVSerializer

data = sys.argv[1] if len(sys.argv) > 1 else "examples/data/iris.csv"
session = sagemaker.Session()
training = session.upload_data(data, key_prefix="iris/training")

estimator = Estimator(image_uri="sagebox/sklearn-iris:latest", instance_count=1, instance_type="ml.m5.large",
                      hyperparameters={"max_leaf_nodes": 5})
estimator.fit({"training": training})  # logs=True by default: prints the container's lines, returns at the end
job = estimator.latest_training_job.name
print("training:", session.describe_training_job(job)["TrainingJobStatus"], job)

# Attach to the finished job by name, as a new process would, and serve it.
attached = Estimator.attach(job)
predictor = attached.deploy(initial_instance_count=1, instance_type="ml.m5.large", serializer=CSVSerializer(),
                            wait=False)
session.wait_for_endpoint(predictor.endpoint_name, poll=1)  # the SDK's own wait polls every 30 s
try:
    print("predictions:", predictor.predict("5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n7.7,3.0,6.1,2.3").decode().split())
finally:
    predictor.delete_endpoint()
