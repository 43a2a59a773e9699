package dev.anvil.internal.routing;

import dev.anvil.sdk.Router;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Picks one replica among those a predicate lets through; one instance per service and caller. */
public abstract class ReplicaChooser {

    /** The chooser for {@code router}. */
    public static ReplicaChooser of(Router router) {
        return switch (router) {
            case ROUND_ROBIN -> new RoundRobin();
            case LEAST_LOADED -> new LeastLoaded();
            case POWER_OF_TWO -> new PowerOfTwo();
        };
    }

    /** One of {@code replicas} that {@code eligible} accepts, or {@code null}. */
    public abstract ReplicaEntry choose(ReplicaEntry[] replicas, Predicate<ReplicaEntry> eligible);

    /** The load this caller sees on {@code e}: its own calls in flight plus the replica's last reported queue. */
    static int load(ReplicaEntry e) {
        return e.inFlight() + e.record().load().queued();
    }

    static final class RoundRobin extends ReplicaChooser {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public ReplicaEntry choose(ReplicaEntry[] replicas, Predicate<ReplicaEntry> eligible) {
            int n = replicas.length;
            int start = Math.floorMod(next.getAndIncrement(), Math.max(n, 1));
            for (int i = 0; i < n; i++) {
                ReplicaEntry e = replicas[(start + i) % n];
                if (eligible.test(e)) {
                    return e;
                }
            }
            return null;
        }
    }

    static final class LeastLoaded extends ReplicaChooser {
        private final AtomicInteger tieBreak = new AtomicInteger();

        @Override
        public ReplicaEntry choose(ReplicaEntry[] replicas, Predicate<ReplicaEntry> eligible) {
            int n = replicas.length;
            int start = Math.floorMod(tieBreak.getAndIncrement(), Math.max(n, 1));
            ReplicaEntry best = null;
            int bestLoad = Integer.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                ReplicaEntry e = replicas[(start + i) % n];
                int l = load(e);
                if (l < bestLoad && eligible.test(e)) {
                    best = e;
                    bestLoad = l;
                }
            }
            return best;
        }
    }

    static final class PowerOfTwo extends ReplicaChooser {
        @Override
        public ReplicaEntry choose(ReplicaEntry[] replicas, Predicate<ReplicaEntry> eligible) {
            int n = replicas.length;
            if (n == 0) {
                return null;
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            ReplicaEntry a = replicas[rnd.nextInt(n)];
            ReplicaEntry b = replicas[rnd.nextInt(n)];
            boolean okA = eligible.test(a);
            boolean okB = b != a && eligible.test(b);
            if (okA && okB) {
                return load(a) <= load(b) ? a : b;
            }
            if (okA) {
                return a;
            }
            if (okB) {
                return b;
            }
            // Both picks were out of routing: fall back to a scan so a healthy replica is never missed.
            for (ReplicaEntry e : replicas) {
                if (eligible.test(e)) {
                    return e;
                }
            }
            return null;
        }
    }
}
