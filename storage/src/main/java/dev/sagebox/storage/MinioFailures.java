package dev.sagebox.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;

/** Turns what the MinIO client throws into {@link ObjectStoreException}s whose messages name the s3:// location. */
final class MinioFailures {
    private static final Set<String> DENIED = Set.of(
            "AccessDenied",
            "AllAccessDisabled",
            "InvalidAccessKeyId",
            "SignatureDoesNotMatch",
            "InvalidToken",
            "ExpiredToken",
            "TokenRefreshRequired",
            "RequestTimeTooSkewed");

    private final URI endpoint;

    MinioFailures(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The failure of {@code action} (a verb such as "read" or "upload to") on {@code where}. */
    ObjectStoreException map(String action, S3Location where, Exception e) {
        String prefix = "Cannot " + action + " " + where + ": ";
        if (e instanceof ErrorResponseException error) {
            return fromErrorResponse(prefix, where, error);
        }
        if (e instanceof SocketException || e instanceof SocketTimeoutException || e instanceof UnknownHostException) {
            return new ObjectStoreException(
                    ObjectStoreException.Kind.UNREACHABLE,
                    prefix + "S3 endpoint " + endpoint + " is unreachable (" + describe(e) + ")",
                    e);
        }
        if (e instanceof ServerException server && server.statusCode() == 503) {
            return new ObjectStoreException(
                    ObjectStoreException.Kind.UNREACHABLE,
                    prefix + "S3 endpoint " + endpoint + " is unavailable (HTTP 503)",
                    e);
        }
        if (e instanceof InvalidResponseException) {
            return new ObjectStoreException(
                    ObjectStoreException.Kind.FAILED,
                    prefix + "the answer from " + endpoint + " is not an S3 response (" + describe(e) + ")",
                    e);
        }
        return new ObjectStoreException(ObjectStoreException.Kind.FAILED, prefix + describe(e), e);
    }

    private static ObjectStoreException fromErrorResponse(String prefix, S3Location where, ErrorResponseException e) {
        String code = e.errorResponse().code();
        String detail = code + (e.errorResponse().message() == null ? "" : ": " + e.errorResponse().message());
        int status = e.response() == null ? 0 : e.response().code();
        if ("NoSuchBucket".equals(code)) {
            return new ObjectStoreException(
                    ObjectStoreException.Kind.NO_SUCH_BUCKET,
                    prefix + "the bucket \"" + where.bucket() + "\" does not exist (" + code + ")",
                    e);
        }
        if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
            return new ObjectStoreException(
                    ObjectStoreException.Kind.NO_SUCH_KEY, prefix + "no such key (" + code + ")", e);
        }
        if (DENIED.contains(code) || status == 403) {
            return new ObjectStoreException(
                    ObjectStoreException.Kind.ACCESS_DENIED, prefix + "access denied (" + detail + ")", e);
        }
        return new ObjectStoreException(ObjectStoreException.Kind.FAILED, prefix + detail, e);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
