package dev.sagebox.core;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one table from SageMaker instance types to container limits: vCPUs from the size, memory from the family's GiB
 * per vCPU, GPUs for GPU families. Limits never exceed the host, so an ml.m5.24xlarge still runs on a laptop.
 */
public final class InstanceTypes {
    /** What an instance type gives a container. */
    public record Shape(int vcpus, long memoryGiB, int gpus) {
    }

    private static final Pattern TYPE = Pattern.compile("ml\\.([a-z]+)(\\d+)([a-z]*)\\.(\\w+)");
    private static final Map<String, Integer> VCPUS_BY_SIZE = Map.ofEntries(
            Map.entry("medium", 2), Map.entry("large", 2), Map.entry("xlarge", 4), Map.entry("2xlarge", 8),
            Map.entry("4xlarge", 16), Map.entry("8xlarge", 32), Map.entry("9xlarge", 36), Map.entry("10xlarge", 40),
            Map.entry("12xlarge", 48), Map.entry("16xlarge", 64), Map.entry("18xlarge", 72),
            Map.entry("24xlarge", 96), Map.entry("32xlarge", 128), Map.entry("48xlarge", 192));
    /** GiB of memory per vCPU by family letter: compute 2, general 4, memory 8; GPU families as general. */
    private static final Map<String, Integer> GIB_PER_VCPU = Map.of("c", 2, "m", 4, "r", 8, "t", 2, "x", 16);
    private static final Map<String, Integer> GPUS = Map.ofEntries(
            Map.entry("p2.xlarge", 1), Map.entry("p2.8xlarge", 8), Map.entry("p2.16xlarge", 16),
            Map.entry("p3.2xlarge", 1), Map.entry("p3.8xlarge", 4), Map.entry("p3.16xlarge", 8),
            Map.entry("p3dn.24xlarge", 8), Map.entry("p4d.24xlarge", 8), Map.entry("p4de.24xlarge", 8),
            Map.entry("p5.48xlarge", 8), Map.entry("g4dn.12xlarge", 4), Map.entry("g5.12xlarge", 4),
            Map.entry("g5.24xlarge", 4), Map.entry("g5.48xlarge", 8), Map.entry("g6.12xlarge", 4),
            Map.entry("g6.24xlarge", 4), Map.entry("g6.48xlarge", 8));

    /** The largest ML storage volume a hosting instance gets, and what a type outside the table gets. */
    private static final long MAX_HOSTING_STORAGE_GIB = 30;

    private InstanceTypes() {
    }

    /**
     * The ML storage volume of a hosting (endpoint) instance in GiB: half its memory, at most 30, as SageMaker's table
     * of host instance storage volumes has it (ml.t2.medium 2, ml.m5.large 4, ml.m5.xlarge 8, ... 30). A model
     * archive must fit in it.
     */
    public static long hostingStorageGiB(String instanceType) {
        return shape(instanceType).map(s -> Math.max(1, Math.min(MAX_HOSTING_STORAGE_GIB, s.memoryGiB() / 2)))
                .orElse(MAX_HOSTING_STORAGE_GIB);
    }

    /** The shape of {@code instanceType}, or empty for a name outside the ml.{family}{gen}.{size} form. */
    public static Optional<Shape> shape(String instanceType) {
        Matcher m = TYPE.matcher(instanceType);
        if (!m.matches() || !VCPUS_BY_SIZE.containsKey(m.group(4))) {
            return Optional.empty();
        }
        String family = m.group(1);
        String size = m.group(4);
        int vcpus = VCPUS_BY_SIZE.get(size);
        if (instanceType.equals("ml.t2.medium") || instanceType.equals("ml.t3.medium")) {
            return Optional.of(new Shape(2, 4, 0));
        }
        boolean gpuFamily = family.equals("p") || family.equals("g");
        int gpus = gpuFamily ? GPUS.getOrDefault(family + m.group(2) + m.group(3) + "." + size, 1) : 0;
        long gib = (long) vcpus * GIB_PER_VCPU.getOrDefault(family, 4);
        return Optional.of(new Shape(vcpus, gib, gpus));
    }
}
