package dev.anvil.worker.replica;

/**
 * Backpressure of one replica: at most {@code maxConcurrent} calls execute, at most {@code maxQueue} wait, and a call
 * beyond both is refused at once instead of waiting without bound.
 */
final class Admission {
    private final int maxConcurrent;
    private final int maxQueue;
    private int running;
    private int waiting;

    Admission(int maxConcurrent, int maxQueue) {
        this.maxConcurrent = maxConcurrent;
        this.maxQueue = maxQueue;
    }

    /** Admits a call, waiting for a slot when the queue has room; {@code false} when the replica is full. */
    synchronized boolean enter() throws InterruptedException {
        if (running < maxConcurrent) {
            running++;
            return true;
        }
        if (waiting >= maxQueue) {
            return false;
        }
        waiting++;
        try {
            while (running >= maxConcurrent) {
                wait();
            }
        } finally {
            waiting--;
        }
        running++;
        return true;
    }

    /** Releases the slot of a finished call. */
    synchronized void exit() {
        running--;
        notify();
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting;
    }
}
