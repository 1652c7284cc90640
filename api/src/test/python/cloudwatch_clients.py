"""CloudWatch metrics through boto3 (botocore 1.43 speaks Smithy RPC v2 CBOR to CloudWatch) and the SageMaker
Python SDK's TrainingJobAnalytics, against a Sagebox whose endpoints come from the environment
(AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL_CLOUDWATCH). Prints one JSON object for the Java test to check.

    python cloudwatch_clients.py <training job name> <metric name>
"""
import datetime
import json
import sys

import boto3
import botocore.exceptions
import sagemaker
from sagemaker.analytics import TrainingJobAnalytics

job, metric = sys.argv[1], sys.argv[2]
cw = boto3.client("cloudwatch")
now = datetime.datetime.now(datetime.timezone.utc)
window = dict(StartTime=now - datetime.timedelta(hours=1), EndTime=now + datetime.timedelta(hours=1))
stats = cw.get_metric_statistics(Namespace="/aws/sagemaker/TrainingJobs", MetricName=metric,
                                 Dimensions=[{"Name": "TrainingJobName", "Value": job}], Period=86400,
                                 Statistics=["SampleCount", "Minimum", "Maximum"], **window)
data = cw.get_metric_data(MetricDataQueries=[{"Id": "m", "MetricStat": {
    "Metric": {"Namespace": "/aws/sagemaker/TrainingJobs", "MetricName": metric,
               "Dimensions": [{"Name": "TrainingJobName", "Value": job}, {"Name": "Host", "Value": "algo-1"}]},
    "Period": 60, "Stat": "Maximum"}}], ScanBy="TimestampAscending", **window)
listed = cw.list_metrics(Namespace="/aws/sagemaker/TrainingJobs", Dimensions=[{"Name": "TrainingJobName", "Value": job}])
try:
    cw.get_metric_statistics(Namespace="/aws/sagemaker/TrainingJobs", MetricName=metric, Period=7,
                             Statistics=["Average"], **window)
    error = None
except botocore.exceptions.ClientError as e:
    error = e.response["Error"]["Code"]
frame = TrainingJobAnalytics(job, metric_names=[metric], sagemaker_session=sagemaker.Session()).dataframe()
print(json.dumps({
    "protocol": cw.meta.service_model.protocol,
    "samples": sum(d["SampleCount"] for d in stats["Datapoints"]),
    "minimum": min(d["Minimum"] for d in stats["Datapoints"]),
    "maximum": max(d["Maximum"] for d in stats["Datapoints"]),
    "timestampType": type(stats["Datapoints"][0]["Timestamp"]).__name__,
    "dataValues": data["MetricDataResults"][0]["Values"],
    "listed": sorted(sorted(d["Name"] for d in m["Dimensions"]) for m in listed["Metrics"] if m["MetricName"] == metric),
    "error": error,
    "analytics": frame[["metric_name", "value"]].values.tolist(),
}))
