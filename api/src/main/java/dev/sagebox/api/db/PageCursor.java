package dev.sagebox.api.db;

import static dev.sagebox.core.Errors.validation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page starts: the sort value and name key of the last item served, bound to the query that made it.
 * Keyset paging keeps pages stable while other callers insert.
 */
record PageCursor(String sortValue, String nameKey, int queryHash) {
    private static final char SEP = '\u0001';

    String encode() {
        String raw = queryHash + String.valueOf(SEP) + sortValue + SEP + nameKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a NextToken; a token from another query, or no token of ours at all, is a ValidationException. */
    static PageCursor decode(String token, int expectedQueryHash) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int a = raw.indexOf(SEP);
            int b = raw.indexOf(SEP, a + 1);
            if (a < 0 || b < 0 || Integer.parseInt(raw.substring(0, a)) != expectedQueryHash) {
                throw invalid();
            }
            return new PageCursor(raw.substring(a + 1, b), raw.substring(b + 1), expectedQueryHash);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static RuntimeException invalid() {
        return validation("The NextToken is not valid for this request. Repeat the same filters and sort order"
                + " that produced it.");
    }
}
