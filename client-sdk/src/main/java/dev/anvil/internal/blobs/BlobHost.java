package dev.anvil.internal.blobs;

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
import java.util.UUID;
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
    private static final String OWNER_LOCK = "owner.lock";
    private static final long SWEEP_SECONDS = 30;

    private final Path root;
    private final BlobDir dir;
    private final String token;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final BlobServer server;
    private final String advertisedHost;
    private final ScheduledExecutorService janitor;

    private BlobHost(Path root, BlobDir dir, String token, FileChannel lockChannel, FileLock lock, BlobServer server,
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
        Path base = root != null ? root : defaultRoot();
        String token = UUID.randomUUID().toString();
        Path own = base.resolve(safe(nodeName) + "-" + token.substring(0, 8));
        FileChannel lockChannel = null;
        ServerSocket socket = null;
        try {
            Files.createDirectories(own);
            lockChannel = FileChannel.open(own.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockChannel.lock();
            Files.writeString(own.resolve(BlobDir.TOKEN_FILE), token);
            if (tls != null) {
                SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
                s.setNeedClientAuth(true);
                socket = s;
            } else {
                socket = new ServerSocket();
            }
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
            BlobDir dir = new BlobDir(own);
            SocketFactory sockets = tls == null ? SocketFactory.getDefault() : tls.getSocketFactory();
            BlobServer server = new BlobServer(socket, dir, new BlobCopier(dir, sockets));
            BlobHost h = new BlobHost(base, dir, token, lockChannel, lock, server, host);
            server.start(nodeName);
            h.sweep();
            h.janitor.scheduleWithFixedDelay(h::sweepQuietly, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
            return h;
        } catch (IOException e) {
            closeQuietly(socket);
            closeQuietly(lockChannel);
            try {
                BlobDir.deleteTree(own);
            } catch (IOException ignored) {
                // best effort
            }
            throw new UncheckedIOException("cannot start the weight blob holder [dir=" + own + ", host=" + host
                    + ", port=" + port + "]: " + e.getMessage(), e);
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
        return Map.of(NodeAttributes.BLOB_ADDRESS, advertisedHost + ":" + server.port(),
                NodeAttributes.BLOB_DIR, dir.root().toAbsolutePath().toString(),
                NodeAttributes.BLOB_TOKEN, token);
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
                if (d.equals(dir.root()) || !Files.isDirectory(d)) {
                    continue;
                }
                if (ownerGone(d)) {
                    BlobDir.deleteTree(d);
                }
            }
        }
    }

    private static boolean ownerGone(Path d) {
        Path lockFile = d.resolve(OWNER_LOCK);
        if (!Files.exists(lockFile)) {
            return false; // being created right now, or not ours
        }
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
            // the next sweep tries again
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
