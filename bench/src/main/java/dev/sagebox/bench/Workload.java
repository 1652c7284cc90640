package dev.sagebox.bench;

import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The requests the benchmark sends, all signed ahead of the timed loops (in parallel, since the SDK signer costs
 * tens of microseconds a request). Models are named {@code bench-model-00000} … so a NameContains of
 * {@code model-01234} matches exactly one of them.
 */
final class Workload {
    static final String ROLE = "arn:aws:iam::123456789012:role/sagebox-bench";
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/bench-serve:latest";

    private final SignedRequests signer;
    private final int models;

    Workload(SignedRequests signer, int models) {
        this.signer = signer;
        this.models = models;
    }

    static String modelName(int i) {
        return String.format("bench-model-%05d", i);
    }

    /** One CreateModel per model, with a realistic container definition (image, data URL, environment). */
    List<byte[]> createModels() {
        return signAll(models, i -> signer.control("CreateModel", "{\"ModelName\":\"" + modelName(i) + "\","
                + "\"ExecutionRoleArn\":\"" + ROLE + "\","
                + "\"PrimaryContainer\":{\"Image\":\"" + IMAGE + "\","
                + "\"ModelDataUrl\":\"s3://sagebox-bench/models/" + modelName(i) + "/model.tar.gz\","
                + "\"Environment\":{\"SAGEMAKER_PROGRAM\":\"serve.py\",\"MODEL_INDEX\":\"" + i + "\"}}}"));
    }

    /** One DescribeModel per model, so the load touches every row rather than one hot row. */
    List<byte[]> describeModels() {
        return signAll(models, i -> describe(i));
    }

    byte[] describe(int i) {
        return signer.control("DescribeModel", "{\"ModelName\":\"" + modelName(i) + "\"}");
    }

    /** ListModels with a NameContains that matches one model each, picked at random with a fixed seed. */
    List<byte[]> listNameContains(int count, long seed) {
        int[] picks = picks(count, seed);
        return signAll(count, i -> signer.control("ListModels",
                "{\"NameContains\":\"" + nameFragment(picks[i]) + "\",\"MaxResults\":100}"));
    }

    int[] picks(int count, long seed) {
        return new Random(seed).ints(count, 0, models).toArray();
    }

    static String nameFragment(int model) {
        return modelName(model).substring("bench-".length());
    }

    /** The first page of ListModels (newest first), the largest page SageMaker allows. */
    List<byte[]> listFirstPage(int count) {
        return signAll(count, i -> signer.control("ListModels", "{\"MaxResults\":100}"));
    }

    private static List<byte[]> signAll(int count, IntFunction<byte[]> sign) {
        return IntStream.range(0, count).parallel().mapToObj(sign).toList();
    }
}
