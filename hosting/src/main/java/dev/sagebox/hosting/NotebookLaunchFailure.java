package dev.sagebox.hosting;

/** A notebook instance's Jupyter server could not be brought up; the message is the instance's FailureReason. */
final class NotebookLaunchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    NotebookLaunchFailure(String failureReason) {
        super(failureReason);
    }
}
