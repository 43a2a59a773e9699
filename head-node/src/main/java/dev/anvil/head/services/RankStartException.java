package dev.anvil.head.services;

/**
 * A rank did not start on its worker: its actor's constructor or {@code setup()} threw, or its class could not be
 * loaded. Carries the worker's description of the failure ({@code class: message}, then the stack trace), since the
 * actor's exception class may not be loadable on the head.
 */
final class RankStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String failure;

    RankStartException(String service, String failure) {
        super(firstLine(failure) + " [service=" + service + "]");
        this.failure = failure;
    }

    /** What the worker said, stack trace included. */
    String failure() {
        return failure;
    }

    /** {@code class: message} of the actor's failure. */
    String actorFailure() {
        return firstLine(failure);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
