package dev.sagebox.api.auth;

/** The Credential parameter: {@code {access key id}/{yyyyMMdd}/{region}/{service}/aws4_request}. */
record CredentialScope(String accessKeyId, String date, String region, String service, String terminator,
                       String scope) {

    /** Splits on the four slashes by hand; {@code scope} is everything after the key id, as the string to sign needs. */
    static CredentialScope parse(String credential) {
        int[] slashes = new int[4];
        int count = 0;
        for (int i = 0; i < credential.length(); i++) {
            if (credential.charAt(i) == '/') {
                if (count == slashes.length) {
                    throw malformed(credential);
                }
                slashes[count++] = i;
            }
        }
        if (count != slashes.length) {
            throw malformed(credential);
        }
        return new CredentialScope(credential.substring(0, slashes[0]),
                credential.substring(slashes[0] + 1, slashes[1]),
                credential.substring(slashes[1] + 1, slashes[2]),
                credential.substring(slashes[2] + 1, slashes[3]),
                credential.substring(slashes[3] + 1),
                credential.substring(slashes[0] + 1));
    }

    private static RuntimeException malformed(String credential) {
        return AuthorizationHeader.incomplete("Credential must have exactly 5 slash-delimited elements, e.g."
                + " keyid/date/region/service/term, got '" + credential + "'");
    }
}
