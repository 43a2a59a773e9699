package dev.anvil.head.services;

import dev.anvil.sdk.Endpoint;
import dev.anvil.sdk.ReplicaContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Actors of the actor-semantics tests (one call at a time, streams, autoscaling). */
final class SemanticsActors {
    private SemanticsActors() {}

    /** The {@code Counter} of the API's first example: a plain field, no lock, no atomic. */
    public static class Tally {
        private int value;

        @Endpoint
        public int increment() {
            int v = value;
            Thread.yield(); // widens the read-modify-write window, so overlapping calls would lose updates
            value = v + 1;
            return value;
        }

        @Endpoint
        public int get() {
            return value;
        }
    }

    /** Counts how many of its calls run at once, per key (static: Anvil.local runs every node in this JVM). */
    public static class Overlap {
        static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
        static final Map<String, AtomicInteger> MOST = new ConcurrentHashMap<>();

        @Endpoint
        public int work(String key, long ms) throws InterruptedException {
            int now = RUNNING.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            MOST.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(ms);
            } finally {
                RUNNING.get(key).decrementAndGet();
            }
            return now;
        }

        static int most(String key) {
            AtomicInteger m = MOST.get(key);
            return m == null ? 0 : m.get();
        }

        static int running(String key) {
            AtomicInteger m = RUNNING.get(key);
            return m == null ? 0 : m.get();
        }
    }

    /** Answers after a delay that depends on its replica index; a negative delay throws. */
    public static class Paced {
        @Endpoint
        public int paced(List<Long> msByReplica) throws InterruptedException {
            int me = ReplicaContext.current().replica();
            long ms = msByReplica.get(me);
            if (ms < 0) {
                throw new IllegalStateException("replica " + me + " fails on purpose");
            }
            Thread.sleep(ms);
            return me;
        }

        /** Sleeps {@code ms} on replica {@code replica} only; answers at once elsewhere. */
        @Endpoint
        public int stallOn(int replica, long ms) throws InterruptedException {
            int me = ReplicaContext.current().replica();
            if (me == replica) {
                Thread.sleep(ms);
            }
            return me;
        }
    }
}
