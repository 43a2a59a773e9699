package dev.anvil.grpo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.grpo.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @Test
    void weightExportImportRoundTripIsByteExact() {
        try (LanguageModel a = LanguageModel.create(TestModels.tiny(), 1);
                LanguageModel b = LanguageModel.create(TestModels.tiny(), 2)) {
            Map<String, byte[]> wa = a.exportWeights();
            assertThat(b.exportWeights().get("tok_emb.weight")).isNotEqualTo(wa.get("tok_emb.weight"));
            var before = b.namedParameters().get("tok_emb.weight").getArray();
            b.importWeights(wa);
            Map<String, byte[]> wb = b.exportWeights();
            assertThat(wb.keySet()).containsExactlyElementsOf(wa.keySet());
            wa.forEach((k, v) -> assertThat(wb.get(k)).as(k).isEqualTo(v));
            // In place: the parameter still holds the very same array object.
            assertThat(b.namedParameters().get("tok_emb.weight").getArray()).isSameAs(before);
        }
    }

    @Test
    void importRejectsWrongSizes() {
        try (LanguageModel a = LanguageModel.create(TestModels.tiny(), 1)) {
            Map<String, byte[]> w = new java.util.HashMap<>(a.exportWeights());
            w.put("tok_emb.weight", new byte[4]);
            assertThatThrownBy(() -> a.importWeights(w)).hasMessageContaining("tok_emb.weight");
        }
    }

    @Test
    void checkpointRoundTripsThroughDirectory(@TempDir Path dir) throws IOException {
        try (LanguageModel a = LanguageModel.create(TestModels.tiny(), 4)) {
            Checkpoint.save(a, dir);
            assertThat(dir.resolve(Checkpoint.CONFIG_FILE)).exists();
            assertThat(dir.resolve(Checkpoint.TOKENIZER_FILE)).exists();
            assertThat(CheckpointLoader.readConfig(dir)).isEqualTo(TestModels.tiny());
            try (LanguageModel b = CheckpointLoader.load(dir)) {
                Map<String, byte[]> wb = b.exportWeights();
                a.exportWeights().forEach((k, v) -> assertThat(wb.get(k)).as(k).isEqualTo(v));
            }
        }
    }

    @Test
    void loaderRejectsMismatchedShapesAndMissingDirectories(@TempDir Path dir) throws IOException {
        try (LanguageModel a = LanguageModel.create(TestModels.tiny(), 4);
                LanguageModel wider = LanguageModel.create(new ModelConfig(32, 64, 2, 4, 64, 32), 4)) {
            Checkpoint.save(a, dir);
            assertThatThrownBy(() -> CheckpointLoader.loadInto(dir, wider)).hasMessageContaining("shape mismatch");
        }
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> CheckpointLoader.load(empty)).hasMessageContaining("not a checkpoint directory");
    }
}
