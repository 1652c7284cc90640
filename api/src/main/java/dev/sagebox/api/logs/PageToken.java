package dev.sagebox.api.logs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The opaque {@code nextToken} of DescribeLogGroups and DescribeLogStreams: the offset of the next page. */
final class PageToken {
    private static final String MARK = "sagebox-page/";

    private PageToken() {
    }

    static String of(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((MARK + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token carries; 0 without one, InvalidParameterException for one Sagebox did not issue. */
    static int offset(Optional<String> token) {
        if (token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
            if (text.startsWith(MARK)) {
                int offset = Integer.parseInt(text.substring(MARK.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal: not base64, or not a number.
        }
        throw LogsErrors.badToken();
    }
}
