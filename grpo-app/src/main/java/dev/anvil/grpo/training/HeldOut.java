package dev.anvil.grpo.training;

import dev.anvil.grpo.config.DatasetConfig;
import dev.anvil.grpo.data.Gsm8kDataset;
import dev.anvil.grpo.data.Gsm8kRecord;
import java.io.IOException;
import java.util.List;

/** Reads the held-out split named by a {@link DatasetConfig}, trimmed to its limit. */
final class HeldOut {

    private HeldOut() {}

    static List<Gsm8kRecord> records(DatasetConfig ds) throws IOException {
        List<Gsm8kRecord> all = Gsm8kDataset.readLocation(ds.heldOut());
        return ds.heldOutLimit() > 0 && ds.heldOutLimit() < all.size() ? all.subList(0, ds.heldOutLimit()) : all;
    }
}
