package dev.anvil.head.services;

import dev.anvil.sdk.Endpoint;
import dev.anvil.sdk.ReplicaContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Actors the service tests deploy. Static state is shared because Anvil.local runs every node in this JVM. */
final class TestActors {
    private TestActors() {}

    /** A record argument/result: Ignite's binary marshaller cannot write records by itself. */
    public record Point(int x, int y) {}

    /** A POJO without Serializable. */
    public static class Box {
        private String label;
        private double[] values;

        public Box() {}

        public Box(String label, double[] values) {
            this.label = label;
            this.values = values;
        }

        public String label() {
            return label;
        }

        public double[] values() {
            return values;
        }
    }

    /** Where a rank runs, as the actor sees it. */
    public record Where(String service, int replica, int rank, int worldSize, List<Integer> gpus, String node) {}

    /** Echoes values of every transportable kind. */
    public static class Echo {
        private final Where where;

        public Echo() {
            ReplicaContext c = ReplicaContext.current();
            where = new Where(c.service(), c.replica(), c.rank(), c.worldSize(), c.gpuIndices(), c.nodeId());
        }

        @Endpoint
        public Point shift(Point p, int dx) {
            return new Point(p.x() + dx, p.y());
        }

        @Endpoint
        public List<Point> reverse(List<Point> points) {
            List<Point> out = new ArrayList<>(points);
            java.util.Collections.reverse(out);
            return List.copyOf(out);
        }

        @Endpoint
        public Map<String, Point> index(Map<String, Point> in) {
            return new LinkedHashMap<>(in);
        }

        @Endpoint
        public Box scale(Box b, double f) {
            double[] v = b.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] *= f;
            }
            return new Box(b.label() + "*" + f, v);
        }

        @Endpoint
        public int[] twice(int[] in) {
            int[] out = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = 2 * in[i];
            }
            return out;
        }

        @Endpoint
        public Point[] points(int n) {
            Point[] out = new Point[n];
            for (int i = 0; i < n; i++) {
                out[i] = new Point(i, -i);
            }
            return out;
        }

        @Endpoint
        public Where where() {
            return where;
        }

        @Endpoint
        public String fail(String message) {
            throw new IllegalStateException(message);
        }

        @Endpoint
        public int failOnReplica(int replica) {
            int me = ReplicaContext.current().replica();
            if (me == replica) {
                throw new UnsupportedOperationException("replica " + me + " refuses");
            }
            return me;
        }

        @Endpoint
        public int sum6(int a, int b, int c, int d, int e, int f) {
            return a + b + c + d + e + f;
        }
    }

    /** An actor built from a record and a list of records. */
    public static class Holder {
        private final Point origin;
        private final List<Point> path;

        public Holder(Point origin, List<Point> path) {
            this.origin = origin;
            this.path = path;
        }

        @Endpoint
        public Point origin() {
            return origin;
        }

        @Endpoint
        public int pathLength() {
            return path.size();
        }
    }

    /** An actor whose constructor throws. */
    public static class Exploding {
        public Exploding(String why) {
            throw new IllegalStateException("constructor exploded: " + why);
        }

        @Endpoint
        public int nothing() {
            return 0;
        }
    }

    /** Endpoints that block until a test releases them; keyed latches so tests do not interfere. */
    public static class Blocking {
        static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

        public Blocking() {}

        static CountDownLatch gate(String key) {
            return GATES.computeIfAbsent(key, k -> new CountDownLatch(1));
        }

        @Endpoint
        public String await(String key) throws InterruptedException {
            boolean opened = gate(key).await(30, TimeUnit.SECONDS);
            return opened ? "opened" : "timed out";
        }
    }

    /** An actor whose health a test switches, per replica. */
    public static class Flaky {
        static final Map<String, Boolean> SICK = new ConcurrentHashMap<>();
        static final Map<String, Integer> CLEANUPS = new ConcurrentHashMap<>();
        private final String key;

        public Flaky() {
            ReplicaContext c = ReplicaContext.current();
            key = c.service() + "#" + c.replica();
        }

        public boolean checkHealth() {
            return !SICK.getOrDefault(key, false);
        }

        public void cleanup() {
            CLEANUPS.merge(key, 1, Integer::sum);
        }

        @Endpoint
        public String id() {
            return key;
        }
    }
}
