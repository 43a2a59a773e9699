package dev.anvil.grpo.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.engine.Torch;
import dev.anvil.grpo.hf.HfConfig;
import dev.anvil.grpo.hf.HfDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owns one network with its native memory, the small {@link TransformerLM} or, when the config names a Hugging Face
 * checkpoint ({@link ModelConfig#hfPath()}), an {@link HfDecoder}; exports and imports its weights as plain bytes.
 *
 * <p>Weights leave and enter as {@code Map<String, byte[]>} (little-endian float32, keyed by DJL's
 * parameter names), the form the weight store carries. {@link #importWeights} writes into the existing
 * parameter arrays in place, so anything holding this model sees the new values. Not thread-safe:
 * callers must not import weights while another thread runs a forward pass.
 *
 * <pre>{@code
 * try (LanguageModel policy = LanguageModel.create(cfg, 42);
 *      LanguageModel copy = LanguageModel.create(cfg, 7)) {
 *     copy.importWeights(policy.exportWeights());
 * }
 * }</pre>
 */
public final class LanguageModel implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final AbstractBlock net;
    private final ParameterStore parameterStore;
    private final Map<String, Parameter> parameters;

    private LanguageModel(ModelConfig config, NDManager manager, AbstractBlock net) {
        this.config = config;
        this.manager = manager;
        this.net = net;
        this.parameterStore = new ParameterStore(manager, false);
        this.parameters = new LinkedHashMap<>();
        collect(net, "", parameters);
    }

    /**
     * Creates a model with freshly initialised weights (GPT-2 style: N(0, 0.02) weights, zero biases, unit norms).
     * With {@link ModelConfig#hfPath()} set, the network is that checkpoint's architecture (read from its
     * {@code config.json}); its weights are not loaded here ({@link CheckpointLoader#load} does that).
     *
     * @param config the shape
     * @param seed the seed of the engine's random generator used for initialisation
     * @return the model
     * @throws UncheckedIOException if the Hugging Face config cannot be read
     */
    public static LanguageModel create(ModelConfig config, int seed) {
        return create(config, seed, Torch.defaultDevice());
    }

    /**
     * Creates a model with freshly initialised weights on {@code device}; every array its forward passes, training
     * steps and generation create comes from sub-managers of its manager, so lives there too.
     *
     * @param config the shape
     * @param seed the seed of the engine's random generator used for initialisation
     * @param device where the parameters live, e.g. {@code Device.gpu(1)}
     * @return the model
     */
    public static LanguageModel create(ModelConfig config, int seed, Device device) {
        AbstractBlock net = config.isHf() ? new HfDecoder(readHf(config.hfPath())) : new TransformerLM(config);
        NDManager manager = Torch.engine().newBaseManager(device);
        net.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
        net.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        net.setInitializer(Initializer.ONES, Parameter.Type.GAMMA);
        net.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
        synchronized (LanguageModel.class) {
            // The engine seed is global: set it and initialise under one lock so concurrent creates stay seeded.
            Torch.engine().setRandomSeed(seed);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1, 1, 1));
        }
        return new LanguageModel(config, manager, net);
    }

    private static HfConfig readHf(String dir) {
        try {
            return HfConfig.read(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the shape */
    public ModelConfig config() {
        return config;
    }

    /** @return the device holding the parameters */
    public Device device() {
        return manager.getDevice();
    }

    /** @return the network block */
    public Block net() {
        return net;
    }

    /** @return the manager owning the parameters; create per-step sub-managers from it */
    public NDManager manager() {
        return manager;
    }

    /**
     * Runs the network.
     *
     * @param inputs tokens, positions, mask and optional cache (see {@link TransformerLM}; {@link HfDecoder} takes the
     *     same)
     * @param training whether autograd should treat this as a training pass
     * @return logits followed by the new cache
     */
    public NDList forward(NDList inputs, boolean training) {
        return net.forward(parameterStore, inputs, training);
    }

    /** @return the number of scalar parameters */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters.values()) {
            n += p.getArray().size();
        }
        return n;
    }

    /**
     * Returns every parameter under a readable dotted name such as {@code block0.attn.qkv.weight}.
     *
     * @return name to parameter, in the network's order
     */
    public Map<String, Parameter> namedParameters() {
        return parameters;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            // DJL prefixes child names with their ordinal ("03block0"); the weight store wants stable names.
            collect(child.getValue(), prefix + child.getKey().replaceFirst("^\\d+", "") + ".", out);
        }
    }

    /**
     * Copies every parameter out as little-endian float32 bytes.
     *
     * @return parameter name to bytes, in the network's parameter order
     */
    public Map<String, byte[]> exportWeights() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
            out.put(p.getKey(), WeightCodec.toBytes(p.getValue().getArray().toFloatArray()));
        }
        return out;
    }

    /**
     * Returns each parameter's shape.
     *
     * @return parameter name to shape, in the network's parameter order
     */
    public Map<String, long[]> shapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
            out.put(p.getKey(), p.getValue().getArray().getShape().getShape());
        }
        return out;
    }

    /**
     * Writes weights into the existing parameter arrays in place.
     *
     * @param weights parameter name to little-endian float32 bytes; must name every parameter
     * @throws IllegalArgumentException if a parameter is missing or has the wrong size
     */
    public void importWeights(Map<String, byte[]> weights) {
        for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
            byte[] bytes = weights.get(p.getKey());
            NDArray array = p.getValue().getArray();
            if (bytes == null) {
                throw new IllegalArgumentException("weights lack a parameter [name=" + p.getKey() + "]");
            }
            if (bytes.length != array.size() * Float.BYTES) {
                throw new IllegalArgumentException("weight size mismatch [name=" + p.getKey() + ", expectedBytes="
                        + array.size() * Float.BYTES + ", actualBytes=" + bytes.length + "]");
            }
        }
        try (NoGrad ignored = NoGrad.open()) {
            for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
                // NDArray.set copies into the existing tensor: same object, so optimizer state stays attached.
                p.getValue().getArray().set(WeightCodec.toFloats(weights.get(p.getKey())));
            }
        }
    }

    /**
     * Writes float32 values into the existing parameter arrays in place, checking names and element counts first
     * (the loader of Hugging Face checkpoints checks shapes).
     *
     * @param weights parameter name to values; must name every parameter (extra names are ignored)
     * @throws IllegalArgumentException if a parameter is missing or has the wrong size
     */
    void importArrays(Map<String, float[]> weights) {
        for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
            float[] values = weights.get(p.getKey());
            if (values == null) {
                throw new IllegalArgumentException("weights lack a parameter [name=" + p.getKey() + "]");
            }
            if (values.length != p.getValue().getArray().size()) {
                throw new IllegalArgumentException("weight size mismatch [name=" + p.getKey() + ", expected="
                        + p.getValue().getArray().size() + ", actual=" + values.length + "]");
            }
        }
        try (NoGrad ignored = NoGrad.open()) {
            for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
                p.getValue().getArray().set(weights.get(p.getKey()));
            }
        }
    }

    /**
     * Copies another model's weights into this one, in place.
     *
     * @param other a model of the same shape
     */
    public void copyWeightsFrom(LanguageModel other) {
        importWeights(other.exportWeights());
    }

    @Override
    public void close() {
        manager.close();
    }
}
