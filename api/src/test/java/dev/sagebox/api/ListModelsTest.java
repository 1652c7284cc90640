package dev.sagebox.api;

import dev.sagebox.docker.FakeContainerEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ListModelsResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelSummary;
import software.amazon.awssdk.services.sagemaker.model.OrderKey;

/** The shared list engine, seen through ListModels and its paginator. */
class ListModelsTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;
    static final AtomicReference<Instant> now = new AtomicReference<>(T0);

    /** A clock the test moves, so every model gets a distinct, known creation time. */
    static final Clock CLOCK = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeAll
    static void start() {
        // The fixed clock would make every real signature look stale, so this server runs with the documented
        // switch that turns signature checks off.
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home).withVerifySignatures(false))
                .inMemoryDatabase().clock(CLOCK).containerEngine(new FakeContainerEngine()));
        sm = sagebox.sageMaker;
        for (int i = 0; i < 25; i++) {
            now.set(T0.plus(Duration.ofMinutes(i)));
            ModelAndEndpointConfigTest.createModel(sm, String.format("%s-model-%02d", i % 2 == 0 ? "even" : "odd", i));
        }
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    @Test
    void defaultsToNewestFirstInPagesOfTenWithATokenOnlyWhileMoreRemain() {
        ListModelsResponse first = sm.listModels(r -> { });
        assertThat(first.models()).hasSize(10);
        assertThat(first.models().get(0).modelName()).isEqualTo("even-model-24");
        assertThat(first.nextToken()).isNotBlank();

        List<String> all = sm.listModelsPaginator(r -> r.maxResults(7)).models().stream()
                .map(ModelSummary::modelName).toList();
        assertThat(all).hasSize(25).doesNotHaveDuplicates();
        assertThat(all.get(24)).isEqualTo("even-model-00");

        ListModelsResponse last = sm.listModels(r -> r.maxResults(100));
        assertThat(last.models()).hasSize(25);
        assertThat(last.nextToken()).isNull();
    }

    @Test
    void filtersByNameContainsAndExclusiveTimeBounds() {
        List<String> odd = names(sm.listModels(r -> r.nameContains("ODD").maxResults(100)));
        assertThat(odd).hasSize(12).allMatch(n -> n.startsWith("odd-"));

        List<String> window = names(sm.listModels(r -> r.maxResults(100)
                .creationTimeAfter(T0.plus(Duration.ofMinutes(3)))
                .creationTimeBefore(T0.plus(Duration.ofMinutes(6)))));
        assertThat(window).containsExactly("odd-model-05", "even-model-04");
        // the time bounds are exclusive: minutes 3 and 6 themselves are out
    }

    @Test
    void sortsByNameInBothOrders() {
        List<String> asc = names(sm.listModels(r -> r.sortBy("Name").sortOrder(OrderKey.ASCENDING).maxResults(3)));
        assertThat(asc).containsExactly("even-model-00", "even-model-02", "even-model-04");
        List<String> desc = names(sm.listModels(r -> r.sortBy("Name").sortOrder(OrderKey.DESCENDING).maxResults(2)));
        assertThat(desc).containsExactly("odd-model-23", "odd-model-21");
    }

    @Test
    void pagesStayStableWhileOthersInsert() {
        ListModelsResponse page1 = sm.listModels(r -> r.sortBy("Name").sortOrder(OrderKey.ASCENDING)
                .nameContains("stable").maxResults(2));
        assertThat(page1.models()).isEmpty();

        List<String> seen = new ArrayList<>();
        ListModelsResponse page = sm.listModels(r -> r.sortBy("Name").sortOrder(OrderKey.ASCENDING).maxResults(5));
        seen.addAll(names(page));
        // an insert that sorts before the cursor must not shift the next page
        ModelAndEndpointConfigTest.createModel(sm, "aaa-inserted-meanwhile");
        String token = page.nextToken();
        ListModelsResponse next = sm.listModels(r -> r.sortBy("Name").sortOrder(OrderKey.ASCENDING).maxResults(5)
                .nextToken(token));
        assertThat(names(next)).first().isEqualTo("even-model-10");
        seen.addAll(names(next));
        assertThat(seen).doesNotHaveDuplicates();
        sm.deleteModel(r -> r.modelName("aaa-inserted-meanwhile"));
    }

    @Test
    void aTokenFromAnotherQueryIsRefused() {
        String token = sm.listModels(r -> r.maxResults(2)).nextToken();
        assertThatThrownBy(() -> sm.listModels(r -> r.maxResults(2).nameContains("odd").nextToken(token)))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> sm.listModels(r -> r.nextToken("not-a-token")))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    private static List<String> names(ListModelsResponse r) {
        return r.models().stream().map(ModelSummary::modelName).toList();
    }
}
