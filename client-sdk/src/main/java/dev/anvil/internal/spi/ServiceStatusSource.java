package dev.anvil.internal.spi;

import java.util.List;
import org.apache.ignite.Ignite;

/**
 * Fills the services section of {@code anvil status}: implemented by the module that runs services and found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.anvil.internal.spi.ServiceStatusSource}). With none
 * installed the section is empty.
 *
 * <p>Called on the head (HTTP status) and on short-lived CLI client nodes ({@code anvil status}); it must only read
 * cluster state and return quickly.
 */
public interface ServiceStatusSource {
    /**
     * The services deployed in the cluster {@code ignite} belongs to.
     *
     * @param ignite any node of the cluster (server or client)
     * @return one summary per service, in a stable order
     */
    List<ServiceSummary> services(Ignite ignite);
}
