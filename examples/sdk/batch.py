#!/usr/bin/env python3
"""Processing, training and batch transform with the SageMaker Python SDK (v2) against Sagebox:

    eval "$(./sagebox sdk-env)"
    python examples/sdk/batch.py [examples/data/iris.csv]

A ScriptProcessor splits the labelled Iris rows into training data and bare features, an Estimator trains on the
first, and its transformer() predicts every row of the second in one batch transform, each row joined with its
prediction. Roles, bucket and output paths come from the defaults `./sagebox sdk-env` wrote.
"""
import sys

import sagemaker
from sagemaker.estimator import Estimator
from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from sagemaker.s3 import S3Downloader

IMAGE = "sagebox/sklearn-iris:latest"
data = sys.argv[1] if len(sys.argv) > 1 else "examples/data/iris.csv"
session = sagemaker.Session()
raw = session.upload_data(data, key_prefix="iris/raw")

processor = ScriptProcessor(image_uri=IMAGE, command=["python3"], instance_count=1, instance_type="ml.m5.large")
processor.run(code="examples/sdk/prepare_iris.py",
              inputs=[ProcessingInput(source=raw, destination="/opt/ml/processing/input")],
              outputs=[ProcessingOutput(output_name="training", source="/opt/ml/processing/training"),
                       ProcessingOutput(output_name="features", source="/opt/ml/processing/features")])
described = processor.latest_job.describe()
outputs = {o["OutputName"]: o["S3Output"]["S3Uri"] for o in described["ProcessingOutputConfig"]["Outputs"]}
print("processing:", described["ProcessingJobStatus"])

estimator = Estimator(image_uri=IMAGE, instance_count=1, instance_type="ml.m5.large",
                      hyperparameters={"max_leaf_nodes": 5})
estimator.fit({"training": outputs["training"]}, logs=False)
print("training:", estimator.latest_training_job.describe()["TrainingJobStatus"], estimator.latest_training_job.name)

transformer = estimator.transformer(instance_count=1, instance_type="ml.m5.large", assemble_with="Line",
                                    accept="text/csv")
transformer.transform(outputs["features"], content_type="text/csv", split_type="Line", join_source="Input",
                      wait=True, logs=False)
print("transform:", transformer.sagemaker_session.describe_transform_job(
    transformer.latest_transform_job.name)["TransformJobStatus"])
rows = S3Downloader.read_file(transformer.output_path + "/features.csv.out").splitlines()
print("rows:", len(rows))
for row in (rows[0], rows[50], rows[100]):   # one of each species
    print("joined:", row)
transformer.delete_model()
