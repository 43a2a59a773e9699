package dev.anvil.worker.jobs;

import dev.anvil.internal.code.ClientCode;
import dev.anvil.internal.code.CodeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class loaders of the code outside clients shipped: one per client (and per set of bundles it shipped), holding
 * the client's jars fetched from the cluster's {@link CodeStore}; parent is Anvil's loader, so the SDK is shared and
 * two clients with two versions of one class never see each other's. A client's loaders are closed and their jars
 * deleted when it leaves the cluster.
 */
final class ClientCodeLoaders {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCodeLoaders.class);

    private final Map<String, URLClassLoader> loaders = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Path root;

    ClientCodeLoaders(Path root) {
        this.root = root;
    }

    /**
     * The loader of {@code code}, fetching its bundles through {@code store} on first use.
     *
     * @throws IllegalArgumentException when the client has left (its code is gone)
     */
    ClassLoader loaderFor(ClientCode code, Supplier<CodeStore> store) {
        if (gone.contains(code.clientId())) {
            throw new IllegalArgumentException("the client that shipped this code has left the cluster [client="
                    + code.clientId() + ", shipped=" + code.describe() + "]");
        }
        return loaders.computeIfAbsent(code.loaderKey(), k -> open(code, store.get()));
    }

    private URLClassLoader open(ClientCode code, CodeStore store) {
        try {
            Path dir = Files.createDirectories(root.resolve(code.clientId()));
            List<URL> urls = new ArrayList<>();
            for (String hash : code.hashes()) {
                Path jar = dir.resolve(hash + ".jar");
                if (!Files.isRegularFile(jar)) {
                    Path tmp = dir.resolve(hash + ".jar.part");
                    Files.write(tmp, store.fetch(hash));
                    Files.move(tmp, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                urls.add(jar.toUri().toURL());
            }
            LOG.info("client class loader opened [client={}, code={}]", code.clientId(), code.describe());
            return new URLClassLoader(
                    "anvil-client-" + code.clientId(),
                    urls.toArray(URL[]::new),
                    ClientCodeLoaders.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the code of client " + code.clientId(), e);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " [client=" + code.clientId() + ", shipped=" + code.describe() + "]", e);
        }
    }

    /** Closes the loaders of client {@code clientId} and deletes its jars: it has left the cluster. */
    void drop(String clientId) {
        gone.add(clientId);
        String prefix = clientId + "/";
        int closed = 0;
        for (String key : List.copyOf(loaders.keySet())) {
            if (key.startsWith(prefix)) {
                URLClassLoader l = loaders.remove(key);
                if (l != null) {
                    try {
                        l.close();
                        closed++;
                    } catch (IOException e) {
                        LOG.debug("closing a client class loader failed [client={}]", clientId, e);
                    }
                }
            }
        }
        Path dir = root.resolve(clientId);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.debug("could not delete the code of client {}", clientId, e);
            }
        }
        if (closed > 0) {
            LOG.info("client class loaders dropped [client={}, loaders={}]", clientId, closed);
        }
    }

    /** Clients whose class loaders are open. */
    Set<String> openClients() {
        Set<String> out = new java.util.TreeSet<>();
        loaders.keySet().forEach(k -> out.add(k.substring(0, k.indexOf('/'))));
        return out;
    }
}
