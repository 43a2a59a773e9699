package dev.anvil.worker.blobs;

import dev.anvil.internal.node.NodeSettings;
import dev.anvil.internal.node.NodeStarter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.ignite.Ignite;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.lifecycle.LifecycleBean;

/**
 * Starts a data node's Ignite node with the {@link BlobHost} that keeps weight blobs next to it: the holder is
 * advertised through node attributes and stopped with the node.
 */
public final class BlobHostingNode {
    private BlobHostingNode() {}

    /** Starts the node {@code s} describes with its blob holder; on failure nothing of either stays running. */
    public static Ignite start(NodeSettings s) {
        BlobHost[] started = new BlobHost[1];
        try {
            return NodeStarter.start(s, cfg -> {
                started[0] = startHost(s, cfg);
                return withHost(cfg, started[0]);
            });
        } catch (RuntimeException e) {
            if (started[0] != null) {
                started[0].close();
            }
            throw e;
        }
    }

    private static BlobHost startHost(NodeSettings s, IgniteConfiguration cfg) {
        SSLContext tls = cfg.getSslContextFactory() == null
                ? null
                : cfg.getSslContextFactory().create();
        return BlobHost.start(s.instanceName(), s.blobRoot(), s.host(), s.blobPort(), s.discoveryPortRange(), tls);
    }

    private static IgniteConfiguration withHost(IgniteConfiguration cfg, BlobHost blobs) {
        Map<String, Object> attrs = new HashMap<>(cfg.getUserAttributes());
        attrs.putAll(blobs.attributes());
        cfg.setUserAttributes(attrs);
        LifecycleBean[] beans = cfg.getLifecycleBeans() == null ? new LifecycleBean[0] : cfg.getLifecycleBeans();
        LifecycleBean[] withBlobs = Arrays.copyOf(beans, beans.length + 1);
        withBlobs[beans.length] = blobs;
        cfg.setLifecycleBeans(withBlobs);
        return cfg;
    }
}
