package dev.anvil.sdk;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Some replicas of a {@code fanout()} failed: says which, and keeps the results of the others. */
public class FanoutException extends AnvilException {
    private static final long serialVersionUID = 1L;
    private final transient Map<Integer, Throwable> failures;
    private final transient List<Object> results;

    /**
     * Creates the exception.
     *
     * @param failures the failure of each failed replica, by replica index
     * @param results one entry per replica in replica order; {@code null} where the replica failed
     */
    public FanoutException(String service, Map<Integer, Throwable> failures, List<Object> results) {
        super("fanout failed on " + failures.size() + " of " + results.size() + " replicas [service=" + service
                + ", failed="
                + failures.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue().getMessage())
                        .collect(Collectors.joining("; ", "{", "}"))
                + "]");
        this.failures = Collections.unmodifiableMap(failures);
        this.results = Collections.unmodifiableList(results);
    }

    /** The failure of each failed replica, by replica index. */
    public Map<Integer, Throwable> failures() {
        return failures;
    }

    /** One entry per replica in replica order; {@code null} where the replica failed. */
    public List<Object> results() {
        return results;
    }
}
