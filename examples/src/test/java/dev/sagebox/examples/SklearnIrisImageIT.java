package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The scikit-learn example image against the SageMaker container contract, without Sagebox: {@code train} on a
 * prepared /opt/ml, then {@code serve} on the model it wrote, checked through /ping and /invocations.
 */
@Tag("docker")
class SklearnIrisImageIT {
    static final DockerImageName IMAGE = DockerImageName.parse("sagebox/sklearn-iris:latest");

    @TempDir
    Path optMl;

    @Test
    void trainWritesAModelThatServeAnswersWith() throws Exception {
        Files.createDirectories(optMl.resolve("input/config"));
        Files.createDirectories(optMl.resolve("input/data/training"));
        Files.createDirectories(optMl.resolve("model"));
        Files.createDirectories(optMl.resolve("output"));
        Files.writeString(optMl.resolve("input/config/hyperparameters.json"), "{\"max_leaf_nodes\": \"5\"}");
        Files.writeString(optMl.resolve("input/config/inputdataconfig.json"),
                "{\"training\": {\"TrainingInputMode\": \"File\"}}");
        Files.copy(ExamplesIT.IRIS, optMl.resolve("input/data/training/iris.csv"));

        try (GenericContainer<?> train = new GenericContainer<>(IMAGE)
                .withCommand("train")
                .withLabel("sagebox.managed", "true")
                .withFileSystemBind(optMl.toString(), "/opt/ml", BindMode.READ_WRITE)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
            train.start();
            assertThat(train.getLogs()).contains("trained on 150 rows (File mode)");
        }
        assertThat(optMl.resolve("model/decision-tree-model.pkl")).isRegularFile();

        try (GenericContainer<?> serve = new GenericContainer<>(IMAGE)
                .withCommand("serve")
                .withLabel("sagebox.managed", "true")
                .withFileSystemBind(optMl.resolve("model").toString(), "/opt/ml/model", BindMode.READ_ONLY)
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/ping").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(1)))) {
            serve.start();
            URI base = URI.create("http://" + serve.getHost() + ":" + serve.getMappedPort(8080));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/invocations"))
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString("5.1,3.5,1.4,0.2\n7.7,3.0,6.1,2.3\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            assertThat(answer.body().lines().toList()).containsExactly("Iris-setosa", "Iris-virginica");

            HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(base.resolve("/invocations"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongType.statusCode()).isEqualTo(415);
        }
    }
}
