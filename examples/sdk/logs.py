#!/usr/bin/env python3
"""A finished training job's container output, read back through the SDK's two ways to it:

    eval "$(./sagebox sdk-env)"
    python examples/sdk/logs.py <training-job-name>
"""
import sys

import sagemaker
from sagemaker.estimator import Estimator

job = sys.argv[1]
print("--- Session().logs_for_job")
sagemaker.Session().logs_for_job(job, wait=True)
print("--- Estimator.attach(job).logs()")
Estimator.attach(job).logs()
