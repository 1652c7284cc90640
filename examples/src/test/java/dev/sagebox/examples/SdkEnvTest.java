package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sagebox sdk-env}: the SDK's defaults file and the exports, following the server's settings. */
class SdkEnvTest {
    @TempDir
    Path home;

    @Test
    void defaultsPointEveryClientAtTheDefaultPortsAndWriteTheSdkDefaults() throws Exception {
        Map<String, String> exports = sdkEnv(Map.of("SAGEBOX_HOME", home.toString()));
        Path config = home.resolve("sdk/sagemaker-config.yaml");
        assertThat(exports).containsEntry("SAGEMAKER_USER_CONFIG_OVERRIDE", config.toString())
                .containsEntry("AWS_ENDPOINT_URL_SAGEMAKER", "http://127.0.0.1:7070")
                .containsEntry("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "http://127.0.0.1:7070")
                .containsEntry("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:7070")
                .containsEntry("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:7070")
                .containsEntry("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:7070")
                .containsEntry("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:7070")
                .containsEntry("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")
                .containsEntry("AWS_ACCESS_KEY_ID", "sagebox")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "sagebox-secret")
                .containsEntry("AWS_DEFAULT_REGION", "us-east-1");
        assertThat(Files.readString(config))
                .contains("DefaultS3Bucket: sagemaker-us-east-1-123456789012")
                .contains("TelemetryOptOut: true")
                .contains("  TrainingJob:\n    RoleArn: arn:aws:iam::123456789012:role/SageboxRole")
                .contains("  Model:\n    ExecutionRoleArn: arn:aws:iam::123456789012:role/SageboxRole")
                .contains("  ProcessingJob:\n    RoleArn: arn:aws:iam::123456789012:role/SageboxRole");
    }

    @Test
    void portsKeysRegionAndAccountFollowTheServersSettings() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SAGEBOX_HOME", home.toString());
        env.put("SAGEBOX_PORT", "7171");
        env.put("SAGEBOX_S3_PORT", "9191");
        env.put("SAGEBOX_ACCESS_KEY", "alice");
        env.put("SAGEBOX_SECRET_KEY", "alice's secret");
        env.put("SAGEBOX_REGION", "eu-west-1");
        env.put("SAGEBOX_ACCOUNT_ID", "210987654321");
        Map<String, String> exports = sdkEnv(env);
        assertThat(exports).containsEntry("AWS_ENDPOINT_URL_SAGEMAKER", "http://127.0.0.1:7171")
                .containsEntry("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9191")
                .containsEntry("AWS_ACCESS_KEY_ID", "alice")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "alice's secret")
                .containsEntry("AWS_REGION", "eu-west-1");
        assertThat(Files.readString(home.resolve("sdk/sagemaker-config.yaml")))
                .contains("DefaultS3Bucket: sagemaker-eu-west-1-210987654321")
                .contains("RoleArn: arn:aws:iam::210987654321:role/SageboxRole");
    }

    /** Runs {@code eval "$(./sagebox sdk-env)"} in bash, as users do, and reads back what it exported. */
    private static Map<String, String> sdkEnv(Map<String, String> settings) throws Exception {
        List<String> names = List.of("SAGEMAKER_USER_CONFIG_OVERRIDE", "AWS_ENDPOINT_URL_SAGEMAKER",
                "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "AWS_ENDPOINT_URL_CLOUDWATCH",
                "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION",
                "AWS_REGION");
        StringBuilder script = new StringBuilder("set -e; eval \"$(./sagebox sdk-env)\"");
        for (String name : names) {
            script.append("; printf '%s=%s\\n' ").append(name).append(" \"$").append(name).append('"');
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString())
                .directory(Path.of("..").toAbsolutePath().normalize().toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SAGEBOX_") || k.startsWith("AWS_"));
        pb.environment().putAll(settings);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        Map<String, String> exports = new LinkedHashMap<>();
        out.lines().forEach(line -> exports.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return exports;
    }
}
