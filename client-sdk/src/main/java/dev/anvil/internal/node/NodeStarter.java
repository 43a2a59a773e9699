package dev.anvil.internal.node;

import dev.anvil.internal.blobs.BlobHost;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.lifecycle.LifecycleBean;

/**
 * Starts an Anvil node: its Ignite node from {@link IgniteConfigFactory} and, on workers, the {@link BlobHost} that
 * holds weight blobs next to it (advertised through node attributes, stopped with the node).
 */
public final class NodeStarter {
    private NodeStarter() {
    }

    /** Starts the node {@code s} describes; on failure nothing of it stays running. */
    public static Ignite start(NodeSettings s) {
        IgniteConfiguration cfg = IgniteConfigFactory.create(s);
        if (s.role() != NodeRole.WORKER) {
            return Ignition.start(cfg);
        }
        SSLContext tls = cfg.getSslContextFactory() == null ? null : cfg.getSslContextFactory().create();
        BlobHost blobs = BlobHost.start(s.instanceName(), s.blobRoot(), s.host(), s.blobPort(),
                s.discoveryPortRange(), tls);
        try {
            Map<String, Object> attrs = new HashMap<>(cfg.getUserAttributes());
            attrs.putAll(blobs.attributes());
            cfg.setUserAttributes(attrs);
            LifecycleBean[] beans = cfg.getLifecycleBeans() == null ? new LifecycleBean[0] : cfg.getLifecycleBeans();
            LifecycleBean[] withBlobs = java.util.Arrays.copyOf(beans, beans.length + 1);
            withBlobs[beans.length] = blobs;
            cfg.setLifecycleBeans(withBlobs);
            return Ignition.start(cfg);
        } catch (RuntimeException e) {
            blobs.close();
            throw e;
        }
    }
}
