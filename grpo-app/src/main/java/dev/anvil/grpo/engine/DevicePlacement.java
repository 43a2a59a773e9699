package dev.anvil.grpo.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import java.io.Serializable;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an actor's model lives: the GPU its replica was given, or the CPU.
 *
 * <p>A replica that was given GPU {@code i} (its {@code ReplicaContext.gpuIndices()}) runs on {@code Device.gpu(i)}
 * when DJL's engine can put a tensor there; otherwise it runs on the CPU and says why in one log line (a cluster that
 * declares GPUs whose worker's DJL has no CUDA, or an index that this host does not have). A replica given no GPU runs
 * on the CPU silently: that is what was asked for. DJL's default device is never used for actors: on a CUDA build it
 * is GPU 0 for every replica of the JVM, whatever the cluster placed.
 *
 * @param deviceType DJL's device type, {@code cpu} or {@code gpu}
 * @param deviceId DJL's device id ({@code -1} for the CPU)
 * @param gpuIndex the GPU the cluster gave this replica, {@code -1} when it gave none
 * @param fallback whether a GPU was given but the CPU is used
 * @param reason why this device, in words
 */
public record DevicePlacement(String deviceType, int deviceId, int gpuIndex, boolean fallback, String reason)
        implements Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(DevicePlacement.class);

    /**
     * Chooses the device for a replica given {@code gpuIndices} by the cluster, with the process's PyTorch engine.
     *
     * @param who the actor, for the log line (e.g. {@code grpo-1234-policy#0})
     * @param gpuIndices the replica's GPUs; the first is used
     * @return the placement
     */
    public static DevicePlacement choose(String who, List<Integer> gpuIndices) {
        return choose(who, gpuIndices, Torch.engine());
    }

    /**
     * Chooses the device for a replica given {@code gpuIndices}, with {@code engine}.
     *
     * @param who the actor, for the log line
     * @param gpuIndices the replica's GPUs; the first is used
     * @param engine the engine that will hold the model
     * @return the placement
     */
    static DevicePlacement choose(String who, List<Integer> gpuIndices, Engine engine) {
        if (gpuIndices.isEmpty()) {
            return new DevicePlacement(Device.Type.CPU, -1, -1, false, "no GPU asked for");
        }
        int gpu = gpuIndices.get(0);
        String problem = unusable(engine, gpu);
        if (problem == null) {
            LOG.info("{} runs on gpu({}) (engine {} {})", who, gpu, engine.getEngineName(), engine.getVersion());
            return new DevicePlacement(Device.Type.GPU, gpu, gpu, false, "the GPU the cluster gave");
        }
        LOG.warn("{} was given GPU {} but runs on the CPU: {}", who, gpu, problem);
        return new DevicePlacement(Device.Type.CPU, -1, gpu, true, problem);
    }

    /** Why {@code gpu} cannot hold tensors of {@code engine}, or null when it can (one tiny tensor is put there). */
    private static String unusable(Engine engine, int gpu) {
        if (!engine.hasCapability(StandardCapabilities.CUDA)) {
            return "DJL's " + engine.getEngineName() + " engine " + engine.getVersion()
                    + " has no CUDA (a CPU libtorch; see README, Running on GPUs)";
        }
        // Not engine.getGpuCount(): it asks libcudart through JNA, which a pip-installed PyTorch does not put on the
        // library path, and answers 0 although libtorch itself sees the GPUs. Allocating is the question that matters.
        try (NDManager probe = engine.newBaseManager(Device.gpu(gpu))) {
            probe.zeros(new ai.djl.ndarray.types.Shape(1)).toFloatArray();
            return null;
        } catch (RuntimeException e) {
            return "DJL cannot use gpu(" + gpu + ") on this host [cause=" + e.getMessage() + "]";
        }
    }

    /** @return the DJL device */
    public Device device() {
        return Device.of(deviceType, deviceId);
    }

    /** @return the device as DJL names it, e.g. {@code gpu(1)} or {@code cpu()} */
    public String describe() {
        return device().toString() + (fallback ? " (given GPU " + gpuIndex + ": " + reason + ")" : "");
    }
}
