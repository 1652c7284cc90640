"""Every service answers botocore in its own protocol, and one Sagebox does not serve in a way botocore parses.

Against the Sagebox at the endpoint given (else $SAGEBOX_ENDPOINT, else $AWS_ENDPOINT_URL), with botocore clients of six protocols (query,
JSON 1.0, JSON 1.1, RPC v2 CBOR, REST JSON, REST XML): each call must fail with a parsed ClientError carrying the
expected code, status and content type, and a message naming the service where Sagebox answers that it does not
serve it. Prints one line per case and "protocol_errors: ok".

  python protocol_errors.py http://127.0.0.1:7070
"""
import copy
import json
import os
import sys
import tempfile

import botocore
import botocore.config
import botocore.session
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SAGEBOX_ENDPOINT") or os.environ["AWS_ENDPOINT_URL"]
ACCESS_KEY = os.environ.get("AWS_ACCESS_KEY_ID", "sagebox")
SECRET_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "sagebox-secret")
SESSION = botocore.session.get_session()
CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
UNSERVED = "Sagebox does not serve the service '{}' (this request was signed for it); it serves "
MISMATCH = "The request signature we calculated does not match the signature you provided."



def cbor_only(service):
    """A session whose model of `service` lists RPC v2 CBOR alone: botocore prefers JSON when a model offers both."""
    # A copy: the loader caches the model it returns, and the other clients keep botocore's choice.
    model = copy.deepcopy(SESSION.get_component("data_loader").load_service_model(service, "service-2"))
    model["metadata"]["protocols"] = ["smithy-rpc-v2-cbor"]
    models = tempfile.mkdtemp(prefix="protocol-errors-")
    folder = os.path.join(models, service, model["metadata"]["apiVersion"])
    os.makedirs(folder)
    with open(os.path.join(folder, "service-2.json"), "w", encoding="utf-8") as out:
        json.dump(model, out)
    session = botocore.session.get_session()
    session.set_config_variable("data_path", models)
    return session


def client(service, secret=SECRET_KEY, session=SESSION):
    return session.create_client(service, region_name="us-east-1", endpoint_url=ENDPOINT,
                                 aws_access_key_id=ACCESS_KEY, aws_secret_access_key=secret, config=CONFIG)


def expect(name, service, call, protocol, code, status, content_type, message, secret=SECRET_KEY,
           session=SESSION):
    """Calls `call` on a client of `service` and checks the ClientError it must raise."""
    c = client(service, secret, session)
    spoken = c.meta.service_model.resolved_protocol
    assert spoken == protocol, f"{name}: botocore {botocore.__version__} speaks {spoken} to {service}, not {protocol}"
    try:
        getattr(c, call)()
    except ClientError as e:
        error = e.response["Error"]
        meta = e.response["ResponseMetadata"]
        got = (error.get("Code"), meta.get("HTTPStatusCode"), meta["HTTPHeaders"].get("content-type", ""))
        assert got[0] == code and got[1] == status and got[2].startswith(content_type), \
            f"{name}: expected {code} {status} {content_type}, got {got} {error}"
        text = error.get("Message", "")
        assert text.startswith(message), f"{name}: the message {text!r} does not start with {message!r}"
        if message.startswith("Sagebox does not serve"):
            assert all(served in text for served in ("sagemaker", "logs", "sts", "iam", "monitoring")), \
                f"{name}: the message does not name every served service: {text!r}"
        print(f"{name}: ok ({spoken}: {code} {status} {got[2]}: {text})")
        return
    raise AssertionError(f"{name}: {service}.{call} succeeded; it should have failed with {code}")


def main():
    # The query protocol: XML <ErrorResponse>.
    expect("sns unserved", "sns", "list_topics", "query", "InvalidAction", 400, "text/xml", UNSERVED.format("sns"))
    expect("sns wrong secret", "sns", "list_topics", "query", "SignatureDoesNotMatch", 403, "text/xml", MISMATCH,
           secret="wrong")
    expect("sts wrong secret", "sts", "get_caller_identity", "query", "SignatureDoesNotMatch", 403, "text/xml",
           MISMATCH, secret="wrong")
    expect("iam wrong secret", "iam", "list_roles", "query", "SignatureDoesNotMatch", 403, "text/xml", MISMATCH,
           secret="wrong")
    expect("iam unknown action", "iam", "list_users", "query", "InvalidAction", 400, "text/xml",
           "Could not find operation ListUsers for version 2010-05-08")
    # AWS JSON 1.0 and 1.1: __type in a JSON body, in the version the request was sent in.
    expect("dynamodb unserved", "dynamodb", "list_tables", "json", "UnknownOperationException", 400,
           "application/x-amz-json-1.0", UNSERVED.format("dynamodb"))
    expect("logs wrong secret", "logs", "describe_log_groups", "json", "InvalidSignatureException", 403,
           "application/x-amz-json-1.1", MISMATCH, secret="wrong")
    # CloudWatch offers CBOR, JSON 1.0 and query; botocore picks JSON 1.0. It is query compatible: botocore reads
    # the query code (SignatureDoesNotMatch) from x-amzn-query-error.
    expect("cloudwatch wrong secret", "cloudwatch", "list_metrics", "json", "SignatureDoesNotMatch", 403,
           "application/x-amz-json-1.0", MISMATCH, secret="wrong")
    # Smithy RPC v2 CBOR: CloudWatch told to speak it, EventBridge v2 (CBOR alone), GameLift (CBOR or JSON 1.1).
    expect("cloudwatch in cbor wrong secret", "cloudwatch", "list_metrics", "smithy-rpc-v2-cbor",
           "SignatureDoesNotMatch", 403, "application/cbor", MISMATCH, secret="wrong", session=cbor_only("cloudwatch"))
    expect("eventbridgev2 unserved", "eventbridgev2", "list_event_buses", "smithy-rpc-v2-cbor",
           "UnknownOperationException", 400, "application/cbor", UNSERVED.format("events"))
    expect("gamelift in cbor unserved", "gamelift", "list_fleets", "smithy-rpc-v2-cbor", "UnknownOperationException",
           400, "application/cbor", UNSERVED.format("gamelift"), session=cbor_only("gamelift"))
    expect("gamelift unserved", "gamelift", "list_fleets", "json", "UnknownOperationException", 400,
           "application/x-amz-json-1.1", UNSERVED.format("gamelift"))
    # REST JSON and REST XML.
    expect("lambda unserved", "lambda", "list_functions", "rest-json", "UnknownOperationException", 400,
           "application/json", UNSERVED.format("lambda"))
    expect("s3 unserved", "s3", "list_buckets", "rest-xml", "InvalidAction", 400, "text/xml",
           UNSERVED.format("s3"))
    print("protocol_errors: ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"protocol_errors: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
