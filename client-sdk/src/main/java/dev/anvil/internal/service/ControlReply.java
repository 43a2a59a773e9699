package dev.anvil.internal.service;

import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.DeploymentException;
import dev.anvil.sdk.InsufficientResourcesException;

/** The head's answer to a control request; carries failures as data and turns them back into exceptions here. */
public final class ControlReply {
    /** How a control request ended. */
    public enum Kind { OK, INSUFFICIENT_RESOURCES, DEPLOY_FAILED, INVALID }

    private final Kind kind;
    private final String service;
    private final String message;
    private final String resource;
    private final int asked;
    private final int available;
    private final String causeType;
    private final String causeMessage;
    private final java.util.ArrayList<ReplicaRecord> records = new java.util.ArrayList<>();

    private ControlReply(Kind kind, String service, String message, String resource, int asked, int available,
                         String causeType, String causeMessage) {
        this.kind = kind;
        this.service = service;
        this.message = message;
        this.resource = resource;
        this.asked = asked;
        this.available = available;
        this.causeType = causeType;
        this.causeMessage = causeMessage;
    }

    /** Success, with the replica table rows the request produced. */
    public static ControlReply ok(String service, java.util.List<ReplicaRecord> records) {
        ControlReply r = new ControlReply(Kind.OK, service, null, null, 0, 0, null, null);
        r.records.addAll(records);
        return r;
    }

    /** The replica table rows the request produced (empty for failures and shutdowns). */
    public java.util.List<ReplicaRecord> records() {
        return java.util.List.copyOf(records);
    }

    /** The reply for {@code e}, thrown by the head while handling a request. */
    public static ControlReply failed(String service, Throwable e) {
        if (e instanceof InsufficientResourcesException ire) {
            return new ControlReply(Kind.INSUFFICIENT_RESOURCES, service, ire.getMessage(), ire.resource(), ire.asked(),
                    ire.available(), null, null);
        }
        if (e instanceof DeploymentException de) {
            Throwable c = de.getCause();
            return new ControlReply(Kind.DEPLOY_FAILED, service, de.getMessage(), null, 0, 0,
                    c == null ? null : c.getClass().getName(), c == null ? null : c.getMessage());
        }
        return new ControlReply(Kind.INVALID, service, e.getMessage(), null, 0, 0, e.getClass().getName(), null);
    }

    /** Throws the exception this reply stands for, if it is a failure. */
    public void throwIfFailed() {
        switch (kind) {
            case OK -> { }
            case INSUFFICIENT_RESOURCES -> throw new InsufficientResourcesException(service, resource, asked, available);
            case DEPLOY_FAILED -> throw new DeploymentException(service, message == null ? "unknown" : stripTag(message),
                    causeType == null ? null : new AnvilException(causeType + ": " + causeMessage));
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
