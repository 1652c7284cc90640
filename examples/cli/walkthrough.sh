#!/usr/bin/env bash
# The whole flow with the AWS CLI (Debian's awscli): upload Iris to S3, train the scikit-learn example image,
# deploy it behind an endpoint, ask it for predictions, clean up.
#   bash examples/cli/walkthrough.sh [examples/data/iris.csv]
set -euo pipefail
DATA="${1:-examples/data/iris.csv}"
API="${SAGEBOX_ENDPOINT:-http://127.0.0.1:7070}"
S3="${SAGEBOX_S3_ENDPOINT:-http://127.0.0.1:9000}"
export AWS_ACCESS_KEY_ID="${SAGEBOX_ACCESS_KEY:-sagebox}" AWS_SECRET_ACCESS_KEY="${SAGEBOX_SECRET_KEY:-sagebox-secret}"
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
AWS="${AWS_CLI:-aws}"
NAME="iris-cli-$(date +%s)"
IMAGE=sagebox/sklearn-iris:latest
ROLE=arn:aws:iam::123456789012:role/SageboxRole

"$AWS" --endpoint-url "$S3" s3 mb s3://sagebox-examples 2>/dev/null || true
"$AWS" --endpoint-url "$S3" s3 cp "$DATA" "s3://sagebox-examples/$NAME/training/iris.csv"

"$AWS" --endpoint-url "$API" sagemaker create-training-job --training-job-name "$NAME" --role-arn "$ROLE" \
  --algorithm-specification "TrainingImage=$IMAGE,TrainingInputMode=File" \
  --hyper-parameters max_leaf_nodes=5 \
  --input-data-config "[{\"ChannelName\":\"training\",\"DataSource\":{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"s3://sagebox-examples/$NAME/training/\"}}}]" \
  --output-data-config "S3OutputPath=s3://sagebox-examples/$NAME/output" \
  --resource-config InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1 \
  --stopping-condition MaxRuntimeInSeconds=600
until status=$("$AWS" --endpoint-url "$API" sagemaker describe-training-job --training-job-name "$NAME" \
    --query TrainingJobStatus --output text) && [ "$status" != InProgress ] && [ "$status" != Stopping ]; do sleep 1; done
echo "training: $status"
[ "$status" = Completed ]
MODEL_DATA=$("$AWS" --endpoint-url "$API" sagemaker describe-training-job --training-job-name "$NAME" \
  --query ModelArtifacts.S3ModelArtifacts --output text)

"$AWS" --endpoint-url "$API" sagemaker create-model --model-name "$NAME" --execution-role-arn "$ROLE" \
  --primary-container "Image=$IMAGE,ModelDataUrl=$MODEL_DATA"
"$AWS" --endpoint-url "$API" sagemaker create-endpoint-config --endpoint-config-name "$NAME" \
  --production-variants "VariantName=AllTraffic,ModelName=$NAME,InitialInstanceCount=1,InstanceType=ml.m5.large"
"$AWS" --endpoint-url "$API" sagemaker create-endpoint --endpoint-name "$NAME" --endpoint-config-name "$NAME"
cleanup() {
  "$AWS" --endpoint-url "$API" sagemaker delete-endpoint --endpoint-name "$NAME" || true
  "$AWS" --endpoint-url "$API" sagemaker delete-endpoint-config --endpoint-config-name "$NAME" || true
  "$AWS" --endpoint-url "$API" sagemaker delete-model --model-name "$NAME" || true
}
trap cleanup EXIT
until status=$("$AWS" --endpoint-url "$API" sagemaker describe-endpoint --endpoint-name "$NAME" \
    --query EndpointStatus --output text) && [ "$status" != Creating ]; do sleep 1; done
echo "endpoint: $status"
[ "$status" = InService ]

printf '5.1,3.5,1.4,0.2\n6.4,3.2,4.5,1.5\n7.7,3.0,6.1,2.3\n' > "/tmp/$NAME-input.csv"
"$AWS" --endpoint-url "$API" sagemaker-runtime invoke-endpoint --endpoint-name "$NAME" \
  --content-type text/csv --body "fileb:///tmp/$NAME-input.csv" "/tmp/$NAME-output.csv" >/dev/null
echo "predictions: $(tr '\n' ' ' < "/tmp/$NAME-output.csv")"
rm -f "/tmp/$NAME-input.csv" "/tmp/$NAME-output.csv"
