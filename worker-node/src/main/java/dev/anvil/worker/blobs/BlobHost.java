package dev.anvil.worker.blobs;

import dev.anvil.internal.blobs.BlobDir;
import dev.anvil.internal.blobs.BlobTls;
import dev.anvil.internal.node.NodeAttributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.apache.ignite.lifecycle.LifecycleBean;
import org.apache.ignite.lifecycle.LifecycleEventType;

/**
 * The blob holder of one data node: its own directory under a host-wide root (by default in {@code /dev/shm}, so
 * blobs live in memory outside the JVM heap and outside Ignite's data regions) and a {@link BlobServer} for remote
 * readers and writers. It advertises both through node attributes, and removes its directory when the node stops.
 *
 * <p>The directory is marked as owned by a file lock the process holds: when a holder is killed, the lock goes with
 * it and the {@link #sweep janitor} of any other holder on the host removes the directory.
 */
public final class BlobHost implements LifecycleBean, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlobHost.class);
    static final String OWNER_LOCK = "owner.lock";
    /** Prefix of a holder directory still being set up: sweeps skip it, it has no lock yet. */
    static final String STAGING_PREFIX = ".staging-";

    private static final long STAGING_MAX_AGE_MS = 10 * 60_000L;
    /** System property: seconds between two sweeps of the janitor (default 30). Read once. */
    static final String SWEEP_SECONDS_PROPERTY = "anvil.blobs.sweepSeconds";

    private static final long SWEEP_SECONDS = Long.getLong(SWEEP_SECONDS_PROPERTY, 30);
    /**
     * Holder directories owned by this JVM. A sweep must never open their lock files: the locks are POSIX record locks,
     * which the kernel drops for the whole process when ANY descriptor of the file is closed, so probing a lock this
     * JVM holds would silently release it and let another process's janitor delete a live holder's blobs.
     */
    private static final Set<Path> OWNED_HERE = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final BlobDir dir;
    private final String token;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final BlobServer server;
    private final String advertisedHost;
    private final ScheduledExecutorService janitor;

    private BlobHost(
            Path root,
            BlobDir dir,
            String token,
            FileChannel lockChannel,
            FileLock lock,
            BlobServer server,
            String advertisedHost) {
        this.root = root;
        this.dir = dir;
        this.token = token;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
        this.advertisedHost = advertisedHost;
        this.janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "anvil-blobs-janitor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a holder directory under {@code root} (created when missing; {@code null} picks {@link #defaultRoot()})
     * and starts serving it on {@code host:port} ({@code port} 0: any free port), over TLS when {@code tls} is given.
     */
    public static BlobHost start(String nodeName, Path root, String host, int port, SSLContext tls) {
        return start(nodeName, root, host, port, 1, tls);
    }

    /**
     * As {@link #start(String, Path, String, int, SSLContext)}, serving on the first port of
     * {@code port..port+portRange-1} free at bind time: the holders of one host share a fixed range (one a firewall
     * opens), as their discovery ports do, and holders started at the same moment each get their own.
     */
    public static BlobHost start(String nodeName, Path root, String host, int port, int portRange, SSLContext tls) {
        Path base = root != null ? root : defaultRoot();
        String token = UUID.randomUUID().toString();
        String name = safe(nodeName) + "-" + token.substring(0, 8);
        Path own = base.resolve(name);
        Path staging = base.resolve(STAGING_PREFIX + name);
        FileChannel lockChannel = null;
        ServerSocket socket = null;
        try {
            // Set up under a name sweeps skip, then rename: a janitor elsewhere can otherwise find the lock file
            // between its creation and its locking, take it for a dead holder's and delete the new directory.
            Files.createDirectories(staging);
            lockChannel =
                    FileChannel.open(staging.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockChannel.lock();
            Files.writeString(staging.resolve(BlobDir.TOKEN_FILE), token);
            OWNED_HERE.add(key(own));
            Files.move(staging, own, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // the lock stays: same inode
            socket = bind(host, port, port == 0 ? 1 : Math.max(1, Math.min(portRange, 65_536 - port)), tls);
            BlobDir dir = new BlobDir(own);
            SocketFactory sockets = tls == null ? SocketFactory.getDefault() : tls.getSocketFactory();
            BlobServer server = new BlobServer(socket, dir, new BlobCopier(dir, sockets));
            BlobHost h = new BlobHost(base, dir, token, lockChannel, lock, server, host);
            server.start(nodeName);
            h.sweepQuietly(); // a janitor's hiccup must not stop the node from starting
            h.janitor.scheduleWithFixedDelay(h::sweepQuietly, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
            return h;
        } catch (IOException e) {
            closeQuietly(socket);
            closeQuietly(lockChannel);
            try {
                BlobDir.deleteTree(staging);
                BlobDir.deleteTree(own);
            } catch (IOException ignored) {
                // best effort
            }
            OWNED_HERE.remove(key(own));
            throw new UncheckedIOException(
                    "cannot start the weight blob holder: " + e + " [dir=" + own + ", host=" + host + ", port=" + port
                            + "]",
                    e);
        }
    }

    /** A server socket on the first port of {@code port..port+range-1} that binds; a failed bind closes its socket. */
    private static ServerSocket bind(String host, int port, int range, SSLContext tls) throws IOException {
        InetAddress addr = InetAddress.getByName(host);
        for (int p = port; ; p++) {
            ServerSocket socket;
            if (tls != null) {
                SSLServerSocket s =
                        (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
                s.setNeedClientAuth(true);
                BlobTls.preferFast(s);
                socket = s;
            } else {
                socket = new ServerSocket();
            }
            try {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(addr, p), 64);
                return socket;
            } catch (java.net.BindException e) {
                closeQuietly(socket);
                if (p >= port + range - 1) {
                    throw range == 1
                            ? e
                            : new java.net.BindException("no free port in " + port + ".." + p + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * {@code /dev/shm/anvil-blobs} where {@code /dev/shm} is a writable directory (Linux: memory, shared by the
     * processes of the host), else {@code anvil-blobs} under {@code java.io.tmpdir}.
     */
    public static Path defaultRoot() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm.resolve("anvil-blobs");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "anvil-blobs");
    }

    private static String safe(String s) {
        return s == null ? "node" : s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Node attributes that tell writers and readers how to reach this holder. */
    public Map<String, Object> attributes() {
        return Map.of(
                NodeAttributes.BLOB_ADDRESS,
                advertisedHost + ":" + server.port(),
                NodeAttributes.BLOB_DIR,
                dir.root().toAbsolutePath().toString(),
                NodeAttributes.BLOB_TOKEN,
                token);
    }

    /** This holder's directory. */
    public BlobDir dir() {
        return dir;
    }

    /**
     * Removes the directories of holders that are gone: their owner lock is free. Directories of live holders, in
     * this process or another, keep their lock.
     */
    void sweep() throws IOException {
        try (var dirs = Files.list(root)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                try {
                    sweepOne(d);
                } catch (java.nio.file.NoSuchFileException e) {
                    // Renamed or removed meanwhile: a holder finished starting, or another janitor was quicker.
                }
            }
        }
    }

    private static void sweepOne(Path d) throws IOException {
        if (OWNED_HERE.contains(key(d)) || !Files.isDirectory(d)) {
            return;
        }
        if (d.getFileName().toString().startsWith(STAGING_PREFIX)) {
            // Left by a holder killed while starting (setting up takes milliseconds).
            if (Files.getLastModifiedTime(d).toMillis() < System.currentTimeMillis() - STAGING_MAX_AGE_MS) {
                BlobDir.deleteTree(d);
            }
            return;
        }
        if (!Files.exists(d.resolve(OWNER_LOCK))) {
            // A live holder always has its lock file (it is there before the directory gets its name). Without one,
            // this is what a removal interrupted by a late writer left: free it once it is surely abandoned.
            if (Files.getLastModifiedTime(d).toMillis() < System.currentTimeMillis() - STAGING_MAX_AGE_MS) {
                BlobDir.deleteTree(d);
            }
            return;
        }
        if (ownerGone(d)) {
            BlobDir.deleteTree(d);
        }
    }

    /** The directory all holders of this host share; sweeps look at every holder directory in it. */
    Path root() {
        return root;
    }

    private static Path key(Path d) {
        return d.toAbsolutePath().normalize();
    }

    private static boolean ownerGone(Path d) {
        Path lockFile = d.resolve(OWNER_LOCK);
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return false;
            }
            l.release();
            return true;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false; // held by a holder in this JVM
        } catch (IOException e) {
            return false;
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (IOException | RuntimeException e) {
            LOG.debug("blob janitor sweep failed, the next one tries again [root={}]", root, e);
        }
    }

    @Override
    public void onLifecycleEvent(LifecycleEventType evt) {
        if (evt == LifecycleEventType.AFTER_NODE_STOP) {
            close();
        }
    }

    @Override
    public void close() {
        janitor.shutdownNow();
        server.close();
        try {
            lock.release();
        } catch (IOException e) {
            // the channel closes below
        }
        closeQuietly(lockChannel);
        try {
            BlobDir.deleteTree(dir.root());
        } catch (IOException e) {
            // a later sweep by another holder removes it
        }
        OWNED_HERE.remove(key(dir.root()));
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
