package dev.anvil.grpo.cluster;

import java.util.concurrent.atomic.AtomicLong;

/** Counters the rollout loops add to and the training loop reads per step. */
final class RolloutStats {

    final AtomicLong episodesAdded = new AtomicLong();
    final AtomicLong tokens = new AtomicLong();
    final AtomicLong generationNanos = new AtomicLong();
    final AtomicLong referenceNanos = new AtomicLong();
    final AtomicLong rounds = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    /** A copy of the counters at one moment. */
    record Snapshot(
            long episodesAdded, long tokens, long generationNanos, long referenceNanos, long rounds, long failures) {

        /**
         * The counters accumulated since {@code earlier}.
         *
         * @param earlier an older snapshot
         * @return the differences
         */
        Snapshot minus(Snapshot earlier) {
            return new Snapshot(
                    episodesAdded - earlier.episodesAdded,
                    tokens - earlier.tokens,
                    generationNanos - earlier.generationNanos,
                    referenceNanos - earlier.referenceNanos,
                    rounds - earlier.rounds,
                    failures - earlier.failures);
        }

        /** @return tokens per second of generation time, i.e. what one replica call sustains */
        double tokensPerReplicaSecond() {
            return generationNanos == 0 ? 0 : tokens * 1e9 / generationNanos;
        }
    }

    Snapshot snapshot() {
        return new Snapshot(
                episodesAdded.get(),
                tokens.get(),
                generationNanos.get(),
                referenceNanos.get(),
                rounds.get(),
                failures.get());
    }
}
