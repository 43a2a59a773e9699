package dev.anvil.grpo.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns libtorch autograd recording off for the current thread until closed.
 *
 * <p>Grad mode is thread-local in libtorch and on by default in new threads, so every inference path
 * (generation, reference log-probs, evaluation) opens one; otherwise each op would build a graph.
 *
 * <pre>{@code
 * try (NoGrad ignored = NoGrad.open()) { ... forward passes ... }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
    }

    /**
     * Disables grad mode on this thread.
     *
     * @return a scope that restores the previous mode on close
     */
    public static NoGrad open() {
        return new NoGrad();
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
