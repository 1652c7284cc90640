package dev.sagebox.hosting;

/** How a routed invocation failed, as the metrics tell failures apart. */
public enum InvocationFailure {
    /** A container answered 4xx (the caller gets ModelError); CloudWatch's Invocation4XXErrors. */
    MODEL_4XX,
    /** A container answered 5xx (the caller gets ModelError); CloudWatch's Invocation5XXErrors. */
    MODEL_5XX,
    /** No container answered within the invocation timeout (ModelError); counted as a 5XX error in CloudWatch. */
    TIMEOUT,
    /** No container could be reached (the caller gets a 5xx from Sagebox); counted as a 5XX error in CloudWatch. */
    UNREACHABLE
}
