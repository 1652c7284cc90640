#!/usr/bin/env python3
"""SDK v3's script mode against Sagebox: ModelTrainer runs examples/sdk3/iris_script/train.py in the example image
(which has Debian's python3 and pip, as script mode expects), showing the container's lines as it trains.

    eval "$(./sagebox sdk-env)"
    python examples/sdk3/script_mode.py [examples/data/iris.csv]
"""
import io
import os
import sys
import tarfile

from sagemaker.core.helper.session_helper import Session
from sagemaker.train import ModelTrainer
from sagemaker.train.configs import Compute, InputData, SourceCode

data = sys.argv[1] if len(sys.argv) > 1 else "examples/data/iris.csv"
session = Session()
training = session.upload_data(data, key_prefix="iris-v3-script/training")

trainer = ModelTrainer(training_image="sagebox/sklearn-iris:latest", base_job_name="iris-v3-script",
                       source_code=SourceCode(source_dir=os.path.join(os.path.dirname(__file__), "iris_script"),
                                              entry_script="train.py"),
                       compute=Compute(instance_type="ml.m5.large", instance_count=1),
                       hyperparameters={"max_leaf_nodes": 5})
trainer.train(input_data_config=[InputData(channel_name="training", data_source=training)])
job = trainer._latest_training_job
print("training:", job.training_job_status, job.training_job_name)

bucket, key = job.model_artifacts.s3_model_artifacts[len("s3://"):].split("/", 1)
archive = session.boto_session.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
    print("model.tar.gz:", sorted(tar.getnames()))
