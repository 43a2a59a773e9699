package dev.anvil.grpo.actors;

import dev.anvil.grpo.engine.DevicePlacement;
import dev.anvil.sdk.ReplicaContext;

/** The device of the calling actor replica: the GPU its {@link ReplicaContext} names, or the CPU. */
final class ReplicaDevice {

    private ReplicaDevice() {}

    /**
     * Chooses the device for the replica the calling thread works for (call from the constructor, {@code setup()} or
     * an endpoint: the context is bound to those threads).
     *
     * @return the placement
     */
    static DevicePlacement choose() {
        ReplicaContext ctx = ReplicaContext.current();
        return DevicePlacement.choose(ctx.service() + "#" + ctx.replica(), ctx.gpuIndices());
    }
}
