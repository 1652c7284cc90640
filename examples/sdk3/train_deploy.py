#!/usr/bin/env python3
"""The SageMaker Python SDK v3 against Sagebox, with nothing but the SDK's own defaults:

    eval "$(./sagebox sdk-env)"
    python examples/sdk3/train_deploy.py [examples/data/iris.csv]

ModelTrainer trains the example image with its default logs=True (the container's lines are printed from CloudWatch
Logs as it runs); ModelBuilder builds a Model from the trained artifacts and deploys it; the endpoint answers.
"""
import sys

from sagemaker.core.helper.session_helper import Session, get_execution_role
from sagemaker.serve.model_builder import ModelBuilder
from sagemaker.train import ModelTrainer
from sagemaker.train.configs import Compute, InputData

data = sys.argv[1] if len(sys.argv) > 1 else "examples/data/iris.csv"
session = Session()
training = session.upload_data(data, key_prefix="iris-v3/training")

trainer = ModelTrainer(training_image="sagebox/sklearn-iris:latest", base_job_name="iris-v3",
                       compute=Compute(instance_type="ml.m5.large", instance_count=1),
                       hyperparameters={"max_leaf_nodes": 5})
trainer.train(input_data_config=[InputData(channel_name="training", data_source=training)])
job = trainer._latest_training_job
print("training:", job.training_job_status, job.training_job_name)

builder = ModelBuilder(image_uri="sagebox/sklearn-iris:latest", model_path=job.model_artifacts.s3_model_artifacts,
                       role_arn=trainer.role, instance_type="ml.m5.large")
model = builder.build()
print("model:", model.model_name)
endpoint = builder.deploy(initial_instance_count=1, instance_type="ml.m5.large")
try:
    answer = endpoint.invoke(body="5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n7.7,3.0,6.1,2.3", content_type="text/csv")
    print("predictions:", answer.body.read().decode().split())
finally:
    endpoint.delete()
