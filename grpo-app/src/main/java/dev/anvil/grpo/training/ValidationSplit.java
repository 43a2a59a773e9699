package dev.anvil.grpo.training;

import dev.anvil.grpo.config.DatasetConfig;
import dev.anvil.grpo.data.Gsm8kDataset;
import dev.anvil.grpo.data.Gsm8kRecord;
import java.io.IOException;
import java.util.List;

/** Reads the validation split named by a {@link DatasetConfig}, trimmed to its limit. */
final class ValidationSplit {

    private ValidationSplit() {}

    static List<Gsm8kRecord> validation(DatasetConfig ds) throws IOException {
        List<Gsm8kRecord> all = Gsm8kDataset.readLocation(ds.validation());
        return ds.validationLimit() > 0 && ds.validationLimit() < all.size()
                ? all.subList(0, ds.validationLimit())
                : all;
    }
}
