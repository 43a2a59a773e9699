package dev.anvil.internal.blobs;

import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmaps a mapped blob as soon as it is read. The JDK unmaps only when the buffer is garbage-collected, and until then
 * the pages of a blob that was removed stay allocated in {@code /dev/shm}: a generator pulling every step would keep
 * many dropped versions alive in host memory. {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported})
 * is the JDK's supported way to free a direct buffer early; where it is missing, reads fall back to a plain read.
 */
final class Unmapper {
    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final sun.misc.Unsafe UNSAFE = find();

    private Unmapper() {}

    /** Whether mapped buffers can be unmapped early; when not, callers should not map. */
    static boolean available() {
        return UNSAFE != null;
    }

    /** Unmaps {@code buffer}; it must not be touched afterwards. */
    static void unmap(MappedByteBuffer buffer) {
        UNSAFE.invokeCleaner(buffer);
    }

    private static sun.misc.Unsafe find() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("blobs are read without memory mapping: cannot unmap early ({})", e.toString());
            return null;
        }
    }
}
