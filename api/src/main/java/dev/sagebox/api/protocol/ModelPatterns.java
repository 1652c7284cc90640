package dev.sagebox.api.protocol;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the model's regular expressions into Java patterns, and into the text AWS prints in its messages.
 *
 * <p>Java's regex engine recurses once per repetition of a group, so the model's {@code (-*[a-zA-Z0-9])*} idiom
 * overflows the stack on a string of a few thousand characters; a client could send one. Each such group is rewritten
 * to a form that accepts exactly the same strings with character-class loops, which do not recurse
 * ({@code ModelPatternsTest} checks the equivalence exhaustively on short strings).
 */
final class ModelPatterns {
    /**
     * Model fragment → equivalent non-recursive fragment. {@code (-*X)*} accepts "empty, or [-X]* ending in X";
     * {@code X+(-X+)*} accepts "X, then [-X]* ending in X, with no two dashes in a row".
     */
    static final Map<String, String> REWRITES = Map.of(
            "[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*", "(?![^\\n]*--)[a-zA-Z0-9](?:[\\-a-zA-Z0-9]*[a-zA-Z0-9])?",
            "(-*[a-zA-Z0-9])*", "(?:[\\-a-zA-Z0-9]*[a-zA-Z0-9])?",
            "(-*[a-zA-Z0-9+.])*", "(?:[\\-a-zA-Z0-9+.]*[a-zA-Z0-9+.])?",
            "(-*[a-zA-Z0-9.])*", "(?:[\\-a-zA-Z0-9.]*[a-zA-Z0-9.])?");

    private ModelPatterns() {
    }

    /** The Java pattern enforcing {@code modelPattern}; callers use {@code matches()}, i.e. whole-string matching. */
    static Pattern compile(String modelPattern) {
        return Pattern.compile(javaRegex(modelPattern));
    }

    static String javaRegex(String modelPattern) {
        String regex = modelPattern;
        for (Map.Entry<String, String> rewrite : REWRITES.entrySet()) {
            regex = regex.replace(rewrite.getKey(), rewrite.getValue());
        }
        return regex;
    }

    /**
     * The pattern as AWS prints it. botocore's model has the anchors stripped, but SageMaker's own messages show the
     * leading caret (observed: «… Member must satisfy regular expression pattern: ^[a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?»
     * for the model's {@code [a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?}), so it is put back.
     */
    static String display(String modelPattern) {
        return modelPattern.startsWith("^") ? modelPattern : "^" + modelPattern;
    }
}
