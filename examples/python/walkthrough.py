#!/usr/bin/env python3
"""The whole flow with boto3 (Debian's python3-boto3): upload Iris to S3, train the scikit-learn example image,
deploy it behind an endpoint, ask it for predictions, clean up.

    python3 examples/python/walkthrough.py [examples/data/iris.csv]

Sagebox's addresses and keys come from SAGEBOX_ENDPOINT, SAGEBOX_S3_ENDPOINT, SAGEBOX_ACCESS_KEY and
SAGEBOX_SECRET_KEY (defaults: http://127.0.0.1:7070, http://127.0.0.1:9000, sagebox, sagebox-secret).
"""
import os
import sys
import time

import boto3

API = os.environ.get("SAGEBOX_ENDPOINT", "http://127.0.0.1:7070")
S3 = os.environ.get("SAGEBOX_S3_ENDPOINT", "http://127.0.0.1:9000")
session = boto3.session.Session(
    aws_access_key_id=os.environ.get("SAGEBOX_ACCESS_KEY", "sagebox"),
    aws_secret_access_key=os.environ.get("SAGEBOX_SECRET_KEY", "sagebox-secret"),
    region_name="us-east-1",
)
sagemaker = session.client("sagemaker", endpoint_url=API)
runtime = session.client("sagemaker-runtime", endpoint_url=API)
s3 = session.client("s3", endpoint_url=S3)

IMAGE = "sagebox/sklearn-iris:latest"
ROLE = "arn:aws:iam::123456789012:role/SageboxRole"
BUCKET = "sagebox-examples"


def wait(describe, key, busy):
    while True:
        status = describe()
        if status[key] not in busy:
            return status
        time.sleep(0.5)


def main(data):
    name = f"iris-python-{int(time.time())}"
    if BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        s3.create_bucket(Bucket=BUCKET)
    s3.upload_file(data, BUCKET, f"{name}/training/iris.csv")

    sagemaker.create_training_job(
        TrainingJobName=name,
        RoleArn=ROLE,
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        HyperParameters={"max_leaf_nodes": "5"},
        InputDataConfig=[{"ChannelName": "training", "ContentType": "text/csv",
                          "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix",
                                                          "S3Uri": f"s3://{BUCKET}/{name}/training/"}}}],
        OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/{name}/output"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
        StoppingCondition={"MaxRuntimeInSeconds": 600},
    )
    job = wait(lambda: sagemaker.describe_training_job(TrainingJobName=name), "TrainingJobStatus",
               ("InProgress", "Stopping"))
    print("training:", job["TrainingJobStatus"], job["ModelArtifacts"]["S3ModelArtifacts"])
    if job["TrainingJobStatus"] != "Completed":
        sys.exit(f"training failed: {job.get('FailureReason')}")

    sagemaker.create_model(ModelName=name, ExecutionRoleArn=ROLE,
                           PrimaryContainer={"Image": IMAGE,
                                             "ModelDataUrl": job["ModelArtifacts"]["S3ModelArtifacts"]})
    sagemaker.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    sagemaker.create_endpoint(EndpointName=name, EndpointConfigName=name)
    try:
        endpoint = wait(lambda: sagemaker.describe_endpoint(EndpointName=name), "EndpointStatus", ("Creating",))
        print("endpoint:", endpoint["EndpointStatus"])
        if endpoint["EndpointStatus"] != "InService":
            sys.exit(f"endpoint failed: {endpoint.get('FailureReason')}")
        answer = runtime.invoke_endpoint(EndpointName=name, ContentType="text/csv",
                                         Body=b"5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n7.7,3.0,6.1,2.3\n")
        print("predictions:", answer["Body"].read().decode().split())
    finally:
        sagemaker.delete_endpoint(EndpointName=name)
        sagemaker.delete_endpoint_config(EndpointConfigName=name)
        sagemaker.delete_model(ModelName=name)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/data/iris.csv")
