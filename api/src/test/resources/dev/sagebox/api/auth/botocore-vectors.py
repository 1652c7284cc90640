#!/usr/bin/env python3
"""Regenerates botocore-vectors.json: requests exactly as botocore signs and sends them, for SigV4VerifierTest.

Each vector is captured from a real botocore client (control plane CreateModel, runtime InvokeEndpoint with a binary
body, and a call with session credentials) at a fixed instant, just before it would go on the wire. The Java test
replays them against SigV4Verifier with a clock fixed at that instant. Run: python3 botocore-vectors.py > botocore-vectors.json
"""
import base64
import datetime
import json
import sys
from urllib.parse import urlsplit

import botocore
import botocore.auth
import botocore.session
from botocore.awsrequest import AWSResponse

SIGNED_AT = datetime.datetime(2024, 1, 1, 12, 0, 0)
ACCESS_KEY = "AKIDSAGEBOXEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
vectors = []


class FakeRaw:
    def stream(self, *args, **kwargs):
        yield b""


def capture(name):
    def before_send(request, **kwargs):
        url = urlsplit(request.url)
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = [[k, v.decode("utf-8") if isinstance(v, bytes) else v] for k, v in request.headers.items()]
        # urllib3 adds Host when it writes the request; botocore signed the same value (_host_from_url).
        if not any(k.lower() == "host" for k, _ in headers):
            headers.append(["Host", botocore.auth._host_from_url(request.url)])
        vectors.append({
            "name": name,
            "method": request.method,
            "rawPath": url.path,
            "rawQuery": url.query,
            "headers": headers,
            "bodyBase64": base64.b64encode(body).decode("ascii"),
            "now": SIGNED_AT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
        return AWSResponse(request.url, 200, {"Content-Type": "application/json"}, FakeRaw())
    return before_send


def client(service, name, **credentials):
    session = botocore.session.get_session()
    c = session.create_client(service, region_name="eu-west-1", endpoint_url="http://localhost:8080",
                              aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, **credentials)
    c.meta.events.register("before-send", capture(name))
    return c


# botocore reads the signing time through this function.
botocore.auth.get_current_datetime = lambda remove_tzinfo=True: SIGNED_AT

for attempt in [
    lambda: client("sagemaker", "botocore CreateModel").create_model(
        ModelName="my-model", ExecutionRoleArn="arn:aws:iam::123456789012:role/SageMakerRole",
        PrimaryContainer={"Image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/x:latest"}),
    lambda: client("sagemaker-runtime", "botocore InvokeEndpoint").invoke_endpoint(
        EndpointName="my-ep", Body=bytes(range(256)), ContentType="application/octet-stream"),
    lambda: client("sagemaker", "botocore DescribeModel with session token",
                   aws_session_token="FQoGZXIvYXdzEXAMPLETOKEN").describe_model(ModelName="my-model"),
]:
    try:
        attempt()
    except Exception:
        pass  # the fake 200 has an empty body; only the captured request matters

json.dump({"botocore": botocore.__version__, "accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET_KEY,
           "vectors": vectors}, sys.stdout, indent=2)
print()
