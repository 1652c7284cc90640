#!/usr/bin/env python3
"""Estimator.attach against Sagebox: train a managed-spot job with retries and an environment, attach to it by name
as a new process would, check that attach read back what the job was created with, then deploy and predict.

    eval "$(./sagebox sdk-env)"        # or set SAGEBOX_ENDPOINT, SAGEBOX_S3_ENDPOINT, SAGEBOX_ACCESS_KEY, SAGEBOX_SECRET_KEY
    python examples/sdk/attach_deploy.py [examples/data/iris.csv]

Exits non-zero when anything differs. attach indexes DescribeTrainingJob's OutputDataConfig.KmsKeyId,
ResourceConfig.VolumeSizeInGB, StoppingCondition.MaxRuntimeInSeconds and more directly, so this fails at once with a
KeyError when Describe leaves out a member AWS always returns.
"""
import os
import sys

import boto3
import sagemaker
from sagemaker.estimator import Estimator
from sagemaker.serializers import CSVSerializer

data = sys.argv[1] if len(sys.argv) > 1 else "examples/data/iris.csv"
api = os.environ.get("SAGEBOX_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL_SAGEMAKER", "http://127.0.0.1:7070")
s3 = os.environ.get("SAGEBOX_S3_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")
# The SDK's own S3 calls go through boto's default resolution: point it at Sagebox's S3 too.
os.environ["AWS_ENDPOINT_URL_S3"] = s3
region = os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
boto = boto3.Session(
    aws_access_key_id=os.environ.get("SAGEBOX_ACCESS_KEY") or os.environ.get("AWS_ACCESS_KEY_ID", "sagebox"),
    aws_secret_access_key=os.environ.get("SAGEBOX_SECRET_KEY") or os.environ.get("AWS_SECRET_ACCESS_KEY",
                                                                                 "sagebox-secret"),
    region_name=region)
bucket = "sagemaker-%s-123456789012" % region  # created by the server at start
session = sagemaker.Session(boto_session=boto,
                            sagemaker_client=boto.client("sagemaker", endpoint_url=api),
                            sagemaker_runtime_client=boto.client("sagemaker-runtime", endpoint_url=api),
                            default_bucket=bucket)
role = "arn:aws:iam::123456789012:role/SageboxRole"
image = os.environ.get("SAGEBOX_IMAGE", "sagebox/sklearn-iris:latest")

training = session.upload_data(data, bucket=bucket, key_prefix="attach-deploy/training")
estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type="ml.m5.large",
                      sagemaker_session=session, hyperparameters={"max_leaf_nodes": 5},
                      output_path="s3://%s/attach-deploy/output" % bucket, max_run=600,
                      use_spot_instances=True, max_wait=1200, max_retry_attempts=2,
                      environment={"SAGEBOX_EXAMPLE": "attach"})
estimator.fit({"training": training}, logs=False)
job = estimator.latest_training_job.name
described = session.describe_training_job(job)
print("training:", described["TrainingJobStatus"])
failures = []


def expect(what, actual, wanted):
    if actual != wanted:
        failures.append("%s: %r, expected %r" % (what, actual, wanted))


expect("status", described["TrainingJobStatus"], "Completed")
expect("BillableTimeInSeconds", described.get("BillableTimeInSeconds"), described.get("TrainingTimeInSeconds"))
expect("Environment", described.get("Environment"), {"SAGEBOX_EXAMPLE": "attach"})

attached = Estimator.attach(job, sagemaker_session=session)
expect("attached image", attached.image_uri, image)
expect("attached output_kms_key", attached.output_kms_key, "")
expect("attached use_spot_instances", attached.use_spot_instances, True)
expect("attached max_wait", attached.max_wait, 1200)
expect("attached max_run", attached.max_run, 600)
expect("attached max_retry_attempts", attached.max_retry_attempts, 2)
expect("attached enable_network_isolation", attached.enable_network_isolation(), False)
expect("attached model_data", attached.model_data, described["ModelArtifacts"]["S3ModelArtifacts"])

predictor = attached.deploy(initial_instance_count=1, instance_type="ml.m5.large", serializer=CSVSerializer(),
                            wait=False)
session.wait_for_endpoint(predictor.endpoint_name, poll=1)  # the SDK's own wait polls every 30 s
try:
    predictions = predictor.predict("5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n7.7,3.0,6.1,2.3").decode().split()
    print("predictions:", " ".join(predictions))
    expect("predictions", predictions, ["Iris-setosa", "Iris-versicolor", "Iris-virginica"])
finally:
    predictor.delete_model()  # first: it reads the model names from the endpoint configuration
    predictor.delete_endpoint()

if failures:
    print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
print("attach_deploy: ok")
