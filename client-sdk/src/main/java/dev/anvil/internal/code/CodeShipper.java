package dev.anvil.internal.code;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships an outside driver's code: for each actor class it deploys, the jar or classes folder that holds it, plus the
 * extra paths of {@code ConnectOptions.code(...)}, each stored in the cluster once per content hash. Workers load
 * them in a class loader of this client (see {@code ClientCodeLoaders} on the worker), dropped when it leaves.
 */
public final class CodeShipper {
    private static final Logger LOG = LoggerFactory.getLogger(CodeShipper.class);

    private final Ignite ignite;
    private final List<Path> extra;
    private final Map<Path, CodeBundle> shipped = new LinkedHashMap<>();
    private CodeStore store;

    /**
     * @param ignite this client's node
     * @param extra more jars or folders to ship with every deployment ({@code ConnectOptions.code(...)})
     */
    public CodeShipper(Ignite ignite, List<Path> extra) {
        this.ignite = ignite;
        this.extra = List.copyOf(extra);
        for (Path p : this.extra) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("code to ship does not exist [path=" + p.toAbsolutePath() + "]");
            }
        }
    }

    /**
     * Makes sure the cluster holds the code of {@code actorClass} (and the extra paths), and returns what a service
     * spec of it carries.
     *
     * @throws IllegalArgumentException when the class has no jar or folder to ship (and no extra path is given)
     */
    public synchronized ClientCode codeFor(Class<?> actorClass) {
        List<Path> wanted = new ArrayList<>(extra);
        Path own = location(actorClass);
        if (own != null && !own.equals(location(CodeShipper.class))) {
            wanted.add(own);
        }
        if (wanted.isEmpty() && own == null) {
            throw new IllegalArgumentException("cannot ship actor class " + actorClass.getName()
                    + ": it comes from no jar or classes folder (loader=" + actorClass.getClassLoader()
                    + "); pass its jar with ConnectOptions.code(...)");
        }
        List<CodeBundle> fresh = new ArrayList<>();
        for (Path p : wanted) {
            Path key = p.toAbsolutePath().normalize();
            if (!shipped.containsKey(key)) {
                CodeBundle b = CodeBundle.of(key);
                shipped.put(key, b);
                fresh.add(b);
            }
        }
        List<CodeBundle> all = List.copyOf(shipped.values());
        String clientId = String.valueOf(ignite.cluster().localNode().id());
        if (!fresh.isEmpty()) {
            long t0 = System.nanoTime();
            long sent = store().ship(clientId, fresh);
            LOG.info(
                    "code shipped [client={}, bundles={}, sentBytes={}, ms={}]",
                    clientId,
                    fresh.stream().map(CodeBundle::describe).toList(),
                    sent,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return new ClientCode(clientId, all);
    }

    private CodeStore store() {
        if (store == null) {
            store = new CodeStore(ignite);
        }
        return store;
    }

    /** The jar or folder {@code c} was loaded from, or {@code null} (JDK classes, generated classes). */
    static Path location(Class<?> c) {
        CodeSource src =
                c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        if (src == null
                || src.getLocation() == null
                || !"file".equals(src.getLocation().getProtocol())) {
            return null;
        }
        try {
            return Path.of(src.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
