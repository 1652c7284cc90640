package dev.sagebox.api.http;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An error in the query protocol (STS, CloudWatch) and REST-XML: {@code <ErrorResponse>} XML, with the codes query
 * services use where they differ from JSON services' (SignatureDoesNotMatch for InvalidSignatureException, …). Without
 * a namespace: it is the same for every service, and clients read the elements by name.
 */
final class QueryErrorBody {
    static final String CONTENT_TYPE = "text/xml";

    private static final Map<ErrorCode, String> QUERY_CODES = Map.of(
            ErrorCode.MISSING_AUTHENTICATION_TOKEN, "MissingAuthenticationToken",
            ErrorCode.INCOMPLETE_SIGNATURE, "IncompleteSignature",
            ErrorCode.INVALID_SIGNATURE, "SignatureDoesNotMatch",
            ErrorCode.UNRECOGNIZED_CLIENT, "InvalidClientTokenId",
            ErrorCode.VALIDATION_EXCEPTION, "ValidationError",
            ErrorCode.UNKNOWN_OPERATION, "InvalidAction");

    private QueryErrorBody() {
    }

    static String code(ErrorCode code) {
        return QUERY_CODES.getOrDefault(code, code.wireName());
    }

    static byte[] render(SageboxException error, String requestId) {
        String type = error.code().httpStatus() >= 500 ? "Receiver" : "Sender";
        String xml = "<ErrorResponse>\n"
                + "  <Error>\n"
                + "    <Type>" + type + "</Type>\n"
                + "    <Code>" + Xml.escape(code(error.code())) + "</Code>\n"
                + "    <Message>" + Xml.escape(String.valueOf(error.getMessage())) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + Xml.escape(requestId) + "</RequestId>\n"
                + "</ErrorResponse>\n";
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
