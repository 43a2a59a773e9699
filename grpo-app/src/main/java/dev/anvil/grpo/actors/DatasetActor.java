package dev.anvil.grpo.actors;

import dev.anvil.grpo.data.Gsm8kDataset;
import dev.anvil.grpo.data.Sample;
import dev.anvil.sdk.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The training prompts as a service (TorchForge's {@code DatasetActor}): GSM8K-format JSONL, seeded order,
 * reshuffled each epoch.
 *
 * <pre>{@code
 * ServiceHandle<DatasetActor> ds = anvil.options(DatasetActor.class).asService("classpath:data/arith_train.jsonl", 43L);
 * Sample s = ds.endpoint(DatasetActor::sample).route().join();
 * }</pre>
 */
public class DatasetActor {

    private final Gsm8kDataset dataset;

    /**
     * Reads the dataset.
     *
     * @param location a JSONL file path or {@code classpath:...}
     * @param seed the shuffle seed
     * @throws IOException if the file cannot be read
     */
    public DatasetActor(String location, long seed) throws IOException {
        this.dataset = new Gsm8kDataset(Gsm8kDataset.readLocation(location), seed);
    }

    /**
     * Draws the next sample.
     *
     * @return the request and its target answer
     */
    @Endpoint
    public synchronized Sample sample() {
        return dataset.sample();
    }

    /**
     * Draws the next {@code n} samples in one call.
     *
     * @param n how many (at least 1)
     * @return the samples
     */
    @Endpoint
    public synchronized List<Sample> sampleBatch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("sampleBatch needs n >= 1 [n=" + n + "]");
        }
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(dataset.sample());
        }
        return out;
    }

    /**
     * Returns the number of full passes so far.
     *
     * @return the epoch counter
     */
    @Endpoint
    public synchronized int epoch() {
        return dataset.epoch();
    }
}
