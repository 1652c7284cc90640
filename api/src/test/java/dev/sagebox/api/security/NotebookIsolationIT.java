package dev.sagebox.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.api.JupyterKernels;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.Poll;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.model.DescribeNotebookInstanceResponse;
import software.amazon.awssdk.services.sagemaker.model.DirectInternetAccess;
import software.amazon.awssdk.services.sagemaker.model.NotebookInstanceStatus;
import software.amazon.awssdk.services.sagemaker.model.RootAccess;

/**
 * Issue 16, item 5: a notebook's DirectInternetAccess Disabled and RootAccess Disabled were stored but not enforced.
 * Such a notebook's Jupyter now runs as an unprivileged user without sudo, on an internal network from which it
 * reaches Sagebox's API and S3 but no other container, and publishes no port; the proxy still serves it.
 */
@Tag("docker")
@Tag("security")
class NotebookIsolationIT {
    static final String NAME = "closed";
    static final Duration START = Duration.ofSeconds(180);

    @TempDir
    static java.nio.file.Path home;
    static RealDockerSagebox sagebox;

    @BeforeAll
    static void start() {
        sagebox = RealDockerSagebox.start(home, c -> c);
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.sm.stopNotebookInstance(r -> r.notebookInstanceName(NAME));
            Poll.until(START, NAME + " stopped", () -> sagebox.sm.describeNotebookInstance(r -> r
                    .notebookInstanceName(NAME)).notebookInstanceStatus() == NotebookInstanceStatus.STOPPED);
            sagebox.sm.deleteNotebookInstance(r -> r.notebookInstanceName(NAME));
            Poll.until(START, NAME + " deleted", () -> sagebox.sm.listNotebookInstances(r -> r.nameContains(NAME))
                    .notebookInstances().isEmpty());
            sagebox.close();
        }
    }

    @Test
    void jupyterWithoutInternetOrRootReachesOnlySageboxAndRunsUnprivileged() throws Exception {
        String outside = sagebox.startBridgeServer("outside-notebook");
        sagebox.sm.createNotebookInstance(r -> r.notebookInstanceName(NAME).instanceType("ml.t3.medium")
                .roleArn(RealDockerSagebox.ROLE).directInternetAccess(DirectInternetAccess.DISABLED)
                .rootAccess(RootAccess.DISABLED));
        DescribeNotebookInstanceResponse up = Poll.value(START, NAME + " in service", () -> {
            DescribeNotebookInstanceResponse d = sagebox.sm.describeNotebookInstance(r -> r.notebookInstanceName(NAME));
            assertThat(d.notebookInstanceStatus()).as(d.failureReason()).isNotEqualTo(NotebookInstanceStatus.FAILED);
            return Optional.of(d).filter(x -> x.notebookInstanceStatus() == NotebookInstanceStatus.IN_SERVICE);
        });
        assertThat(up.directInternetAccess()).isEqualTo(DirectInternetAccess.DISABLED);

        List<ContainerState> containers = sagebox.engine.containersWithLabels(java.util.Map.of(
                "sagebox.instance", sagebox.serverId(), "sagebox.role", "notebook"));
        assertThat(containers).hasSize(1);
        assertThat(containers.get(0).publishedPorts()).isEmpty();
        assertThat(containers.get(0).ipAddresses()).containsOnlyKeys("sagebox-notebooks-" + sagebox.serverId());

        HttpClient browser = browser();
        HttpResponse<String> kernel = send(browser, "POST", "api/kernels", "{\"name\": \"python3\"}");
        assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
        String kernelId = RealDockerSagebox.JSON.readTree(kernel.body()).path("id").asText();
        String output = execute(browser, kernelId, String.join("\n",
                "import os, shutil, urllib.request, urllib.error, boto3",
                "print('uid', os.getuid(), 'euid', os.geteuid())",
                "print('sudo', shutil.which('sudo'))",
                "print('described', boto3.client('sagemaker').describe_notebook_instance(NotebookInstanceName='"
                        + NAME + "')['NotebookInstanceStatus'])",
                // Its own credentials (issue 16, item 1): from the mounted credential_process, not the environment.
                "print('key in env', 'AWS_SECRET_ACCESS_KEY' in os.environ)",
                "print('own key', boto3.Session().get_credentials().access_key[:4])",
                "try:",
                "    urllib.request.urlopen('" + outside + "', timeout=3)",
                "    print('outside reached')",
                "except urllib.error.HTTPError:",
                "    print('outside reached')",
                "except Exception as e:",
                "    print('outside refused', e)"));

        assertThat(output).contains("uid 1000 euid 1000").contains("sudo None").contains("described InService")
                .contains("key in env False").contains("own key ASIA")
                .contains("outside refused").doesNotContain("outside reached");
    }

    static String base() {
        return "http://127.0.0.1:" + sagebox.server.port() + "/notebooks/" + NAME + "/";
    }

    /** A browser: follows redirects and keeps cookies, opened on a fresh presigned URL. */
    static HttpClient browser() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String url = sagebox.sm.createPresignedNotebookInstanceUrl(r -> r.notebookInstanceName(NAME)).authorizedUrl();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return browser;
    }

    static HttpResponse<String> send(HttpClient client, String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    static String execute(HttpClient browser, String kernelId, String code) throws Exception {
        return JupyterKernels.execute(browser, sagebox.server.port(), NAME, kernelId, code);
    }
}
