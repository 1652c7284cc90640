package dev.sagebox.runner.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code /opt/ml/config/processingjobconfig.json}: the job's request as SageMaker hands it to the container. */
final class ProcessingJobConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProcessingJobConfig() {
    }

    static ObjectNode of(ProcessingSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ProcessingJobArn", spec.jobArn());
        root.put("ProcessingJobName", spec.jobName());
        ObjectNode app = root.putObject("AppSpecification");
        app.put("ImageUri", spec.imageUri());
        spec.entrypoint().ifPresent(e -> e.forEach(app.putArray("ContainerEntrypoint")::add));
        spec.arguments().ifPresent(a -> a.forEach(app.putArray("ContainerArguments")::add));
        ObjectNode env = root.putObject("Environment");
        spec.environment().forEach(env::put);
        ArrayNode inputs = root.putArray("ProcessingInputs");
        for (ProcessingInput in : spec.inputs()) {
            ObjectNode s3 = inputs.addObject().put("InputName", in.inputName()).putObject("S3Input");
            s3.put("S3Uri", in.s3Uri()).put("LocalPath", in.localPath()).put("S3DataType", in.dataType().wireName())
                    .put("S3InputMode", in.inputMode().wireName())
                    .put("S3DataDistributionType", in.distribution().wireName())
                    .put("S3CompressionType", in.compression().wireName());
        }
        ObjectNode outputConfig = root.putObject("ProcessingOutputConfig");
        ArrayNode outputs = outputConfig.putArray("Outputs");
        for (ProcessingOutput out : spec.outputs()) {
            outputs.addObject().put("OutputName", out.outputName()).putObject("S3Output")
                    .put("S3Uri", out.s3Uri()).put("LocalPath", out.localPath())
                    .put("S3UploadMode", out.uploadMode().wireName());
        }
        spec.outputKmsKeyId().ifPresent(k -> outputConfig.put("KmsKeyId", k));
        root.putObject("ProcessingResources").putObject("ClusterConfig")
                .put("InstanceCount", spec.instanceCount()).put("InstanceType", spec.instanceType())
                .put("VolumeSizeInGB", spec.volumeSizeInGB());
        root.putObject("StoppingCondition").put("MaxRuntimeInSeconds", spec.maxRuntime().toSeconds());
        root.put("RoleArn", spec.roleArn());
        return root;
    }
}
