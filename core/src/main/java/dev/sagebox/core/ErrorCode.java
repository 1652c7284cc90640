package dev.sagebox.core;

/** Every wire error code Sagebox answers with, and the HTTP status it travels with. */
public enum ErrorCode {
    VALIDATION_EXCEPTION("ValidationException", 400),
    RESOURCE_NOT_FOUND("ResourceNotFound", 400),
    RESOURCE_IN_USE("ResourceInUse", 400),
    RESOURCE_LIMIT_EXCEEDED("ResourceLimitExceeded", 400),
    SERIALIZATION_EXCEPTION("SerializationException", 400),
    /** CloudWatch Logs' not-found code (SageMaker's is ResourceNotFound). */
    LOGS_RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
    /** CloudWatch Logs' code for a bad request, model validation included. */
    INVALID_PARAMETER("InvalidParameterException", 400),
    /** CloudWatch's bad parameter (its query-protocol code, which every CloudWatch protocol reports). */
    CW_INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    /** CloudWatch's missing required parameter. */
    CW_MISSING_PARAMETER("MissingParameter", 400),
    /** CloudWatch's parameters that do not go together. */
    CW_INVALID_PARAMETER_COMBINATION("InvalidParameterCombination", 400),
    /** CloudWatch's NextToken that it did not give. */
    CW_INVALID_NEXT_TOKEN("InvalidNextToken", 400),
    /** The query protocol's (STS) unknown Action. */
    INVALID_ACTION("InvalidAction", 400),
    /** The query protocol's request without an Action. */
    MISSING_ACTION("MissingAction", 400),
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    /** IAM's code for an entity (a role of another account, a user) that does not exist. */
    IAM_NO_SUCH_ENTITY("NoSuchEntity", 404),
    /** IAM's code for input it cannot use (a malformed ARN, a Marker it did not give, a member Sagebox refuses). */
    IAM_INVALID_INPUT("InvalidInput", 400),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLargeException", 413),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 403),
    INVALID_SIGNATURE("InvalidSignatureException", 403),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 403),
    /** A verified caller whose credentials' policy does not allow the action. */
    ACCESS_DENIED("AccessDeniedException", 400),
    /** The web console without a session: its one-time link was not followed, or the server restarted since. */
    CONSOLE_SESSION_REQUIRED("ConsoleSessionRequired", 401),
    /** What the web console refuses: a used or expired link, a request not from its page, an operation that writes. */
    CONSOLE_FORBIDDEN("AccessDeniedException", 403),
    /** Runtime (InvokeEndpoint) input errors use this code, not ValidationException. */
    VALIDATION_ERROR("ValidationError", 400),
    MODEL_ERROR("ModelError", 424),
    INTERNAL_FAILURE("InternalFailure", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503);

    private final String wireName;
    private final int httpStatus;

    ErrorCode(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
