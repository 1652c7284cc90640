package dev.sagebox.api.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ModelPatternsTest {
    private static final Set<String> MODEL_PATTERNS = modelPatterns();

    @Test
    void everyModelPatternCompilesInJavaAsWrittenAndAsAdapted() {
        assertThat(MODEL_PATTERNS).hasSizeGreaterThan(40).allSatisfy(p -> {
            assertThatCode(() -> Pattern.compile(p)).doesNotThrowAnyException();
            assertThatCode(() -> ModelPatterns.compile(p)).doesNotThrowAnyException();
        });
    }

    @Test
    void everyRewriteIsInUse() {
        assertThat(ModelPatterns.REWRITES.keySet()).allSatisfy(fragment ->
                assertThat(MODEL_PATTERNS).anySatisfy(p -> assertThat(p).contains(fragment)));
    }

    /** Exhaustive over every string of up to six characters drawn from the characters that matter. */
    @Test
    void rewrittenPatternsAcceptExactlyWhatTheOriginalsAccept() {
        char[] alphabet = {'a', 'Z', '0', '-', '+', '.', '/', '_'};
        for (String original : MODEL_PATTERNS) {
            String adapted = ModelPatterns.javaRegex(original);
            if (adapted.equals(original)) {
                continue;
            }
            Pattern before = Pattern.compile(original);
            Pattern after = Pattern.compile(adapted);
            for (String candidate : strings(alphabet, 6)) {
                assertThat(after.matcher(candidate).matches())
                        .as("%s vs %s on '%s'", original, adapted, candidate)
                        .isEqualTo(before.matcher(candidate).matches());
            }
        }
    }

    @Test
    void theObservedAwsTextHasALeadingCaret() {
        assertThat(ModelPatterns.display("[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?"))
                .isEqualTo("^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?");
        assertThat(ModelPatterns.display("^already")).isEqualTo("^already");
    }

    /** A client controls string length; no pattern may overflow the stack or backtrack for long on one. */
    @Test
    void longInputsNeitherOverflowTheStackNorTakeLong() {
        int n = 1_000_000;
        List<String> inputs = List.of("a".repeat(n), "a".repeat(n) + "_", "-".repeat(n), "a-".repeat(n / 2),
                "a".repeat(n / 2) + "/" + "b.".repeat(n / 4), "arn:aws:sagemaker:us-east-1:123456789012:" + "x".repeat(n));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String p : MODEL_PATTERNS) {
                Pattern compiled = ModelPatterns.compile(p);
                for (String input : inputs) {
                    assertThatCode(() -> compiled.matcher(input).matches()).as(p).doesNotThrowAnyException();
                }
            }
        });
    }

    private static List<String> strings(char[] alphabet, int maxLength) {
        List<String> all = new ArrayList<>();
        all.add("");
        List<String> previous = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> next = new ArrayList<>(previous.size() * alphabet.length);
            for (String prefix : previous) {
                for (char c : alphabet) {
                    next.add(prefix + c);
                }
            }
            all.addAll(next);
            previous = next;
        }
        return all;
    }

    private static Set<String> modelPatterns() {
        try (InputStream in = ServiceModel.class.getResourceAsStream(ServiceModel.RESOURCE)) {
            Set<String> patterns = new TreeSet<>();
            for (JsonNode shape : new ObjectMapper().readTree(in).path("shapes")) {
                if (shape.hasNonNull("pattern")) {
                    patterns.add(shape.get("pattern").asText());
                }
            }
            return patterns;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
