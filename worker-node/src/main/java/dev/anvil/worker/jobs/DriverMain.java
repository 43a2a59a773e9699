package dev.anvil.worker.jobs;

import dev.anvil.internal.client.ClusterAnvil;
import dev.anvil.internal.client.ClusterConnector;
import dev.anvil.internal.jobs.JobContext;
import dev.anvil.internal.node.TransportSecurity;
import dev.anvil.sdk.Anvil;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of a driver JVM: joins the cluster as a client, makes {@code Anvil.connect()} return it, loads the job
 * jar in its own class loader (parent: Anvil's, so the SDK is shared) and runs the job's {@code main}.
 *
 * <p>Exit codes: what the driver passed to {@code System.exit}, else 0 when {@code main} returned and 1 when it threw
 * (the stack trace goes to stderr, hence into the job's logs) or could not be started.
 *
 * <p>Arguments: {@code jobId address parentPid jarPath mainClass configPath|- args...}.
 */
public final class DriverMain {
    private DriverMain() {}

    /** Runs one driver; see the class comment for the arguments. */
    public static void main(String[] argv) {
        if (argv.length < 6) {
            System.err.println("anvil: driver launcher needs jobId address parentPid jar mainClass config [args...]");
            System.exit(2);
        }
        String jobId = argv[0];
        String address = argv[1];
        long parentPid = Long.parseLong(argv[2]);
        Path jar = Path.of(argv[3]);
        String mainClass = argv[4];
        String[] args = Arrays.copyOfRange(argv, 6, argv.length);
        System.setProperty(JobContext.JOB_ID_PROPERTY, jobId);
        if (!"-".equals(argv[5])) {
            System.setProperty(JobContext.CONFIG_PROPERTY, argv[5]);
        }
        // A driver must not outlive the node that launched it (kill -9 of that node included): nobody would stop it.
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(
                        p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(137)),
                        () -> Runtime.getRuntime().halt(137));
        Anvil cluster;
        try {
            cluster = ClusterConnector.connect(
                    address,
                    TransportSecurity.tlsFromEnvironment(System.getenv()),
                    Boolean.parseBoolean(System.getenv(TransportSecurity.ENV_INSECURE)),
                    List.of());
        } catch (RuntimeException e) {
            System.err.println("anvil: the driver could not join its cluster: " + e.getMessage());
            System.exit(1);
            return;
        }
        // The driver may close the handle Anvil.connect() gave it; the connection itself lives until the driver ends.
        ClusterAnvil shared = new ClusterAnvil(((ClusterAnvil) cluster).ignite(), address, () -> {});
        ClusterConnector.setJobCluster(() -> shared);
        int code = run(jobId, jar, mainClass, args);
        System.out.flush();
        System.err.flush();
        cluster.close();
        System.exit(code);
    }

    private static int run(String jobId, Path jar, String mainClass, String[] args) {
        try {
            URLClassLoader loader = new URLClassLoader(
                    "anvil-job-" + jobId, new URL[] {jar.toUri().toURL()}, DriverMain.class.getClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> cls = Class.forName(mainClass, true, loader);
            Method main = cls.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers())) {
                System.err.println("anvil: main is not static [mainClass=" + mainClass + "]");
                return 1;
            }
            main.invoke(null, (Object) args);
            return 0;
        } catch (InvocationTargetException e) {
            System.err.print("Exception in job " + jobId + " main: ");
            e.getCause().printStackTrace();
            return 1;
        } catch (ReflectiveOperationException | LinkageError | java.net.MalformedURLException e) {
            System.err.println("anvil: the driver could not start: " + e + " [mainClass=" + mainClass + "]");
            return 1;
        }
    }
}
