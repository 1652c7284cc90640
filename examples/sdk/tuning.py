#!/usr/bin/env python3
"""Hyperparameter tuning with the SageMaker Python SDK (v2) against Sagebox:

    eval "$(./sagebox sdk-env)"
    python examples/sdk/tuning.py [examples/data/iris.csv]

A HyperparameterTuner runs the scikit-learn example's training jobs with different max_leaf_nodes, two at a time,
with Bayesian search on the accuracy each job prints; the best job's model is then deployed and asked for
predictions. Every child is a real training job in its own container.
"""
import sys

import sagemaker
from sagemaker.estimator import Estimator
from sagemaker.serializers import CSVSerializer
from sagemaker.tuner import HyperparameterTuner, IntegerParameter

data = sys.argv[1] if len(sys.argv) > 1 else "examples/data/iris.csv"
session = sagemaker.Session()
training = session.upload_data(data, key_prefix="iris/tuning")

estimator = Estimator(image_uri="sagebox/sklearn-iris:latest", instance_count=1, instance_type="ml.m5.large")
tuner = HyperparameterTuner(estimator, objective_metric_name="train:accuracy", objective_type="Maximize",
                            metric_definitions=[{"Name": "train:accuracy",
                                                 "Regex": "accuracy on them ([0-9.]+)"}],
                            hyperparameter_ranges={"max_leaf_nodes": IntegerParameter(2, 8)},
                            max_jobs=4, max_parallel_jobs=2, random_seed=7)
tuner.fit({"training": training})
described = tuner.describe()
print("tuning:", described["HyperParameterTuningJobStatus"], described["TrainingJobStatusCounters"])
print("best:", tuner.best_training_job(),
      described["BestTrainingJob"]["FinalHyperParameterTuningJobObjectiveMetric"]["Value"])
frame = tuner.analytics().dataframe()
print("analytics:", len(frame), "jobs;", ", ".join(sorted(frame.columns)))

predictor = tuner.deploy(initial_instance_count=1, instance_type="ml.m5.large", serializer=CSVSerializer(),
                         wait=False)
session.wait_for_endpoint(predictor.endpoint_name, poll=1)
try:
    print("predictions:", predictor.predict("5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n7.7,3.0,6.1,2.3").decode().split())
finally:
    predictor.delete_endpoint()
