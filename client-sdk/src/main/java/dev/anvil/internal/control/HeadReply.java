package dev.anvil.internal.control;

import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.DeploymentException;
import dev.anvil.sdk.InsufficientResourcesException;
import dev.anvil.sdk.JobException;
import java.util.ArrayList;
import java.util.List;

/**
 * The head's answer to a {@link HeadTask}: the replica rows a deployment produced or a job id, or a failure carried as
 * data and turned back into the same exception here, with its fields (plain fields: Ignite 2.17 cannot marshal
 * records).
 */
public final class HeadReply {
    /** How a request ended. */
    public enum Kind {
        OK,
        INSUFFICIENT_RESOURCES,
        DEPLOY_FAILED,
        JOB_REFUSED,
        INVALID,
        /** The node asked is not (or not yet) the active head: the caller asks again, the active head this time. */
        NOT_ACTIVE
    }

    private final Kind kind;
    private final String target;
    private final String message;
    private final String resource;
    private final int asked;
    private final int available;
    private final String causeType;
    private final String causeMessage;
    private final String value;
    private final JobException.Reason jobReason;
    private final ArrayList<ReplicaRecord> records = new ArrayList<>();

    private HeadReply(
            Kind kind,
            String target,
            String message,
            String resource,
            int asked,
            int available,
            String causeType,
            String causeMessage,
            String value,
            JobException.Reason jobReason) {
        this.kind = kind;
        this.target = target;
        this.message = message;
        this.resource = resource;
        this.asked = asked;
        this.available = available;
        this.causeType = causeType;
        this.causeMessage = causeMessage;
        this.value = value;
        this.jobReason = jobReason;
    }

    /** Success, with the replica table rows the request produced. */
    public static HeadReply ok(String service, List<ReplicaRecord> records) {
        HeadReply r = new HeadReply(Kind.OK, service, null, null, 0, 0, null, null, null, null);
        r.records.addAll(records);
        return r;
    }

    /** Success, with a value (a job id). */
    public static HeadReply value(String value) {
        return new HeadReply(Kind.OK, value, null, null, 0, 0, null, null, value, null);
    }

    /** The node asked runs no active head control plane (a standby, or a head still taking over). */
    public static HeadReply notActive(String target, String message) {
        return new HeadReply(Kind.NOT_ACTIVE, target, message, null, 0, 0, null, null, null, null);
    }

    /** Whether the node asked was not the active head, so the request was not handled and may be sent again. */
    public boolean notActive() {
        return kind == Kind.NOT_ACTIVE;
    }

    /** The reply for {@code e}, thrown by the head while handling a request about {@code target}. */
    public static HeadReply failed(String target, Throwable e) {
        if (e instanceof InsufficientResourcesException ire) {
            return new HeadReply(
                    Kind.INSUFFICIENT_RESOURCES,
                    target,
                    ire.getMessage(),
                    ire.resource(),
                    ire.asked(),
                    ire.available(),
                    null,
                    null,
                    null,
                    null);
        }
        if (e instanceof DeploymentException de) {
            Throwable c = de.getCause();
            return new HeadReply(
                    Kind.DEPLOY_FAILED,
                    target,
                    de.getMessage(),
                    null,
                    0,
                    0,
                    c == null ? null : c.getClass().getName(),
                    c == null ? null : c.getMessage(),
                    null,
                    null);
        }
        if (e instanceof JobException je) {
            return new HeadReply(
                    Kind.JOB_REFUSED, je.jobId(), je.getMessage(), null, 0, 0, null, null, null, je.reason());
        }
        return new HeadReply(
                Kind.INVALID, target, e.getMessage(), null, 0, 0, e.getClass().getName(), null, null, null);
    }

    /** The replica table rows the request produced (empty for failures, shutdowns and job requests). */
    public List<ReplicaRecord> records() {
        return List.copyOf(records);
    }

    /** The value of a successful job request (the job id). */
    public String value() {
        return value;
    }

    /** Throws the exception this reply stands for, if it is a failure. */
    public void throwIfFailed() {
        switch (kind) {
            case OK -> {}
            case INSUFFICIENT_RESOURCES -> throw new InsufficientResourcesException(target, resource, asked, available);
            case DEPLOY_FAILED ->
                throw new DeploymentException(
                        target,
                        message == null ? "unknown" : stripTag(message),
                        causeType == null ? null : new AnvilException(causeType + ": " + causeMessage));
            case JOB_REFUSED -> throw new JobException(jobReason, target, message);
            default -> throw new AnvilException(message);
        }
    }

    private static String stripTag(String m) {
        String prefix = "service deployment failed: ";
        String s = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
        int tag = s.lastIndexOf(" [service=");
        return tag > 0 ? s.substring(0, tag) : s;
    }
}
