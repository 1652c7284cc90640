"""The SDK's other two entry points, after examples/sdk/batch.py trained a model (its job name is the argument):

- a plain Processor (entrypoint, no code upload) copying its input to its output;
- a Transformer built by hand on a model made from the job, MultiRecord with a 1 MB payload and two requests in
  flight, an input filter that drops the label, the input joined to each prediction and an output filter keeping
  label and prediction, with wait=True and logs=True (the SDK reads /aws/sagemaker/TransformJobs meanwhile).

Exits non-zero when a result is not what SageMaker would give."""
import sys

import sagemaker
from sagemaker.processing import ProcessingInput, ProcessingOutput, Processor
from sagemaker.s3 import S3Downloader
from sagemaker.transformer import Transformer

IMAGE = "sagebox/sklearn-iris:latest"
job = sys.argv[1]
session = sagemaker.Session()
raw = session.upload_data("examples/data/iris.csv", key_prefix="iris/check")

processor = Processor(image_uri=IMAGE, instance_count=1, instance_type="ml.m5.large",
                      entrypoint=["python3", "-c", "import shutil; shutil.copytree('/opt/ml/processing/in',"
                                  " '/opt/ml/processing/out', dirs_exist_ok=True); print('copied', flush=True)"])
processor.run(inputs=[ProcessingInput(source=raw, destination="/opt/ml/processing/in")],
              outputs=[ProcessingOutput(output_name="copy", source="/opt/ml/processing/out")], logs=True)
copy = processor.latest_job.describe()["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
assert S3Downloader.read_file(copy + "/iris.csv") == open("examples/data/iris.csv").read(), "the copy differs"
print("processor: ok")

model = session.create_model_from_job(job)
transformer = Transformer(model_name=model, instance_count=1, instance_type="ml.m5.large", strategy="MultiRecord",
                          assemble_with="Line", accept="text/csv", max_concurrent_transforms=2, max_payload=1,
                          output_path="s3://%s/iris/check-out" % session.default_bucket())
transformer.transform(raw, content_type="text/csv", split_type="Line", input_filter="$[1:]",
                      join_source="Input", output_filter="$[0,-1]", wait=True, logs=True)
rows = [r.split(",") for r in S3Downloader.read_file(transformer.output_path + "/iris.csv.out").splitlines()]
assert len(rows) == 150 and all(len(r) == 2 for r in rows), rows[:3]
right = sum(1 for label, predicted in rows if label == predicted)
assert right >= 140, "only %d of 150 predicted right" % right
print("transformer: ok (%d of 150 right)" % right)
session.delete_model(model)
