#!/usr/bin/env python3
"""SDK v3's low-level resources (sagemaker.core.resources) against Sagebox: a training job created, waited for with
its logs and read back; one created and stopped (with the role v3 resolves for role=None); a Model, two EndpointConfigs and an Endpoint that serves, is updated
to the second config and serves again.

    eval "$(./sagebox sdk-env)"
    python examples/sdk3/core_resources.py [examples/data/iris.csv]
"""
import sys
import time

from sagemaker.core.helper.iam_role_resolver import resolve_and_validate_role
from sagemaker.core.helper.session_helper import Session
from sagemaker.core.resources import Endpoint, EndpointConfig, Model, TrainingJob
from sagemaker.core.shapes import (AlgorithmSpecification, Channel, ContainerDefinition, DataSource, OutputDataConfig,
                                   ProductionVariant, ResourceConfig, S3DataSource, StoppingCondition)

IMAGE = "sagebox/sklearn-iris:latest"
data = sys.argv[1] if len(sys.argv) > 1 else "examples/data/iris.csv"
session = Session()
bucket = session.default_bucket()
training = session.upload_data(data, key_prefix="iris-v3-core/training")
# The caller's own role, as v3 finds it for role=None: STS GetCallerIdentity, then IAM GetRole and a simulation.
role = resolve_and_validate_role(None, "training", session)
suffix = time.strftime("%H%M%S")


def job(name, **algorithm):
    return TrainingJob.create(
        training_job_name=name, role_arn=role, hyper_parameters={"max_leaf_nodes": "5"},
        algorithm_specification=AlgorithmSpecification(training_image=IMAGE, training_input_mode="File", **algorithm),
        input_data_config=[Channel(channel_name="training", data_source=DataSource(s3_data_source=S3DataSource(
            s3_data_type="S3Prefix", s3_uri=training, s3_data_distribution_type="FullyReplicated")))],
        output_data_config=OutputDataConfig(s3_output_path=f"s3://{bucket}/iris-v3-core/output"),
        resource_config=ResourceConfig(instance_type="ml.m5.large", instance_count=1, volume_size_in_gb=1),
        stopping_condition=StoppingCondition(max_runtime_in_seconds=600))


trained = job(f"core-{suffix}")
trained.wait(poll=1, logs=True)
trained = TrainingJob.get(trained.training_job_name)
print("training:", trained.training_job_status, trained.model_artifacts.s3_model_artifacts)

stopped = job(f"core-stop-{suffix}", container_entrypoint=["sleep", "600"])
stopped.stop()
stopped.wait(poll=1)
print("stopped:", TrainingJob.get(stopped.training_job_name).training_job_status)

model = Model.create(model_name=f"core-{suffix}", execution_role_arn=role, primary_container=ContainerDefinition(
    image=IMAGE, model_data_url=trained.model_artifacts.s3_model_artifacts))
configs = [EndpointConfig.create(endpoint_config_name=f"core-{suffix}-{i}", production_variants=[ProductionVariant(
    variant_name=f"v{i}", model_name=model.model_name, initial_instance_count=1, instance_type="ml.m5.large")])
    for i in (1, 2)]
endpoint = Endpoint.create(endpoint_name=f"core-{suffix}", endpoint_config_name=configs[0].endpoint_config_name)
try:
    endpoint.wait_for_status("InService", poll=1)
    rows = "5.1,3.5,1.4,0.2\n7.7,3.0,6.1,2.3"
    answer = endpoint.invoke(body=rows, content_type="text/csv")
    print("predictions:", answer.body.read().decode().split(), "from", answer.invoked_production_variant)
    endpoint.endpoint_config_name = configs[1].endpoint_config_name
    endpoint.update()
    endpoint.wait_for_status("InService", poll=1)
    answer = endpoint.invoke(body=rows, content_type="text/csv")
    print("after update:", answer.body.read().decode().split(), "from", answer.invoked_production_variant)
finally:
    endpoint.delete()
    for config in configs:
        config.delete()
    model.delete()
