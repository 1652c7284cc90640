package dev.sagebox.api.auth;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.util.Locale;

/**
 * The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…} header.
 * Parsed by hand: it runs on every request and the grammar is a few commas and equal signs.
 */
record AuthorizationHeader(String algorithm, String credential, String signedHeaders, String[] signedHeaderNames,
                           String signature) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /**
     * Parses {@code header}; {@code hasDate} tells whether the request carries X-Amz-Date or Date, because AWS
     * reports a missing date in the same message as missing header parameters.
     */
    static AuthorizationHeader parse(String header, boolean hasDate) {
        int space = header.indexOf(' ');
        String algorithm = space < 0 ? header : header.substring(0, space);
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        int start = space < 0 ? header.length() : space + 1;
        while (start < header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            String pair = header.substring(start, end).trim();
            start = end + 1;
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw incomplete("'" + pair + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                        + header + "'.");
            }
            String key = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            switch (key) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                    // AWS ignores parameters it does not know; so do we.
                }
            }
        }
        StringBuilder missing = new StringBuilder();
        requireParameter(missing, "Credential", credential);
        requireParameter(missing, "Signature", signature);
        requireParameter(missing, "SignedHeaders", signedHeaders);
        if (!hasDate) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw incomplete(missing.append("Authorization=").append(header).toString());
        }
        return new AuthorizationHeader(algorithm, credential, signedHeaders, names(signedHeaders), signature);
    }

    boolean signs(String lowerCaseName) {
        for (String name : signedHeaderNames) {
            if (name.equals(lowerCaseName)) {
                return true;
            }
        }
        return false;
    }

    private static void requireParameter(StringBuilder missing, String name, String value) {
        if (value == null || (value.isEmpty() && !name.equals("SignedHeaders"))) {
            missing.append("Authorization header requires '").append(name).append("' parameter. ");
        }
    }

    private static String[] names(String signedHeaders) {
        if (signedHeaders.isEmpty()) {
            return new String[0];
        }
        String[] names = signedHeaders.split(";", -1);
        for (int i = 0; i < names.length; i++) {
            // toLowerCase returns the same instance when the name is already lower case, as clients send it.
            names[i] = names[i].toLowerCase(Locale.ROOT);
        }
        return names;
    }

    static SageboxException incomplete(String message) {
        return new SageboxException(ErrorCode.INCOMPLETE_SIGNATURE, message);
    }
}
