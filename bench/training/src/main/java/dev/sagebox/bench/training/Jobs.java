package dev.sagebox.bench.training;

import dev.sagebox.storage.TarGz;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** Creating a training job through the SDK, watching it to its end, and reading what it left in S3. */
final class Jobs {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxBench";

    private Jobs() {
    }

    /** A job ended as observed by polling: the last describe, and when (System.nanoTime) it was first seen over. */
    record Ended(DescribeTrainingJobResponse describe, long observedNanos) {
        boolean completed() {
            return describe.trainingJobStatus() == TrainingJobStatus.COMPLETED;
        }

        /** Start times of each secondary status, in the order entered. */
        Map<SecondaryStatus, Instant> transitions() {
            Map<SecondaryStatus, Instant> out = new LinkedHashMap<>();
            for (SecondaryStatusTransition t : describe.secondaryStatusTransitions()) {
                out.putIfAbsent(t.status(), t.startTime());
            }
            return out;
        }

        /** Milliseconds between the starts of two secondary statuses, when both were entered. */
        Optional<Long> millisBetween(SecondaryStatus from, SecondaryStatus to) {
            Map<SecondaryStatus, Instant> t = transitions();
            if (!t.containsKey(from) || !t.containsKey(to)) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(t.get(from), t.get(to)).toMillis());
        }

        String failure() {
            return describe.trainingJobStatusAsString() + (describe.failureReason() == null ? ""
                    : ": " + describe.failureReason());
        }
    }

    static CreateTrainingJobRequest request(String name, String image, String inputMode, Optional<String> s3Uri) {
        CreateTrainingJobRequest.Builder b = CreateTrainingJobRequest.builder()
                .trainingJobName(name)
                .roleArn(ROLE)
                .algorithmSpecification(a -> a.trainingImage(image).trainingInputMode(inputMode))
                .outputDataConfig(o -> o.s3OutputPath("s3://" + BenchObjects.BUCKET + "/output"))
                // 2 GB: the 1 GiB channel and /opt/ml's own files, which Sagebox holds to VolumeSizeInGB
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(2))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600));
        s3Uri.ifPresent(uri -> b.inputDataConfig(Channel.builder().channelName("train")
                .dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri(uri)
                        .s3DataDistributionType("FullyReplicated")))
                .build()));
        return b.build();
    }

    /** Polls DescribeTrainingJob every {@code poll} until the job is no longer InProgress or Stopping. */
    static Ended await(SageMakerClient sm, String name, Duration poll, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            DescribeTrainingJobResponse d = sm.describeTrainingJob(r -> r.trainingJobName(name));
            long now = System.nanoTime();
            TrainingJobStatus s = d.trainingJobStatus();
            if (s != TrainingJobStatus.IN_PROGRESS && s != TrainingJobStatus.STOPPING) {
                return new Ended(d, now);
            }
            if (now > deadline) {
                sm.stopTrainingJob(r -> r.trainingJobName(name));
                throw new IllegalStateException("training job " + name + " still " + s + " ("
                        + d.secondaryStatusAsString() + ") after " + limit.toSeconds() + " s");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** One text file of the job's model.tar.gz. */
    static String modelFile(S3Client s3, String job, String file, Path scratch) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(scratch), job + "-model");
        try (InputStream in = s3.getObject(r -> r.bucket(BenchObjects.BUCKET)
                .key("output/" + job + "/output/model.tar.gz"))) {
            TarGz.extract(in, dir);
        }
        Path text = dir.resolve(file);
        if (!Files.isRegularFile(text)) {
            throw new IllegalStateException("model.tar.gz of " + job + " has no " + file);
        }
        String out = Files.readString(text, StandardCharsets.UTF_8);
        Files.delete(text);
        return out;
    }
}
