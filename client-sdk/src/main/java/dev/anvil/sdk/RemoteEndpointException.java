package dev.anvil.sdk;

/** An endpoint threw: carries the remote exception's type name and message (the remote class need not exist here). */
public class RemoteEndpointException extends AnvilException {
    private static final long serialVersionUID = 1L;
    private final String service;
    private final int replica;
    private final String remoteType;
    private final String remoteMessage;

    /** Creates the exception from what the replica reported; {@code remoteTrace} becomes the remote stack text. */
    public RemoteEndpointException(
            String service, int replica, String remoteType, String remoteMessage, String remoteTrace) {
        super(remoteType + ": " + remoteMessage + " [service=" + service + ", replica=" + replica + "]"
                + (remoteTrace == null || remoteTrace.isEmpty() ? "" : "\nremote stack:\n" + remoteTrace));
        this.service = service;
        this.replica = replica;
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
    }

    /** The service whose endpoint threw. */
    public String service() {
        return service;
    }

    /** The replica whose endpoint threw. */
    public int replica() {
        return replica;
    }

    /** The fully qualified class name of the exception the endpoint threw. */
    public String remoteType() {
        return remoteType;
    }

    /** The message of the exception the endpoint threw (may be {@code null}). */
    public String remoteMessage() {
        return remoteMessage;
    }
}
