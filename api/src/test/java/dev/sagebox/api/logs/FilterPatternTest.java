package dev.sagebox.api.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import org.junit.jupiter.api.Test;

class FilterPatternTest {
    @Test
    void anEmptyPatternMatchesEverything() {
        assertThat(FilterPattern.parse("").matches("anything")).isTrue();
        assertThat(FilterPattern.parse("   ").matchesAll()).isTrue();
    }

    @Test
    void plainTermsMustAllOccurCaseSensitively() {
        FilterPattern pattern = FilterPattern.parse("ERROR disk");
        assertThat(pattern.matches("ERROR: disk full")).isTrue();
        assertThat(pattern.matches("disk ERROR")).isTrue();
        assertThat(pattern.matches("ERROR: memory")).isFalse();
        assertThat(pattern.matches("error: disk full")).isFalse();
    }

    @Test
    void aQuotedPhraseIsOneTerm() {
        FilterPattern pattern = FilterPattern.parse("\"disk full\" ERROR");
        assertThat(pattern.matches("ERROR: disk full")).isTrue();
        assertThat(pattern.matches("ERROR: full disk")).isFalse();
    }

    @Test
    void minusExcludes() {
        FilterPattern pattern = FilterPattern.parse("ERROR -retry -\"will retry\"");
        assertThat(pattern.matches("ERROR: gave up")).isTrue();
        assertThat(pattern.matches("ERROR: retry 3")).isFalse();
        assertThat(pattern.matches("ERROR: will retry")).isFalse();
    }

    @Test
    void questionMarkTermsNeedAnyOne() {
        FilterPattern pattern = FilterPattern.parse("?ERROR ?WARN");
        assertThat(pattern.matches("WARN low disk")).isTrue();
        assertThat(pattern.matches("ERROR crash")).isTrue();
        assertThat(pattern.matches("INFO fine")).isFalse();
    }

    @Test
    void requiredAndAnyOfCombine() {
        FilterPattern pattern = FilterPattern.parse("epoch ?loss ?accuracy -debug");
        assertThat(pattern.matches("epoch 3 loss 0.1")).isTrue();
        assertThat(pattern.matches("epoch 3 lr 0.1")).isFalse();
        assertThat(pattern.matches("epoch 3 loss debug")).isFalse();
    }

    @Test
    void aLoneMinusOrQuestionMarkIsAPlainTerm() {
        assertThat(FilterPattern.parse("a - b").matches("a - b")).isTrue();
        assertThat(FilterPattern.parse("a - b").matches("a b")).isFalse();
    }

    @Test
    void unsupportedAndMalformedPatternsAreInvalidParameters() {
        for (String pattern : new String[] {"{ $.level = \"ERROR\" }", "[ip, user]", "%ERR.*%", "\"open phrase"}) {
            assertThatThrownBy(() -> FilterPattern.parse(pattern))
                    .isInstanceOfSatisfying(SageboxException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
        }
    }
}
