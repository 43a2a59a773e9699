package dev.anvil.grpo.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Special tokens of Hugging Face folders, in the shapes published checkpoints use. */
class SpecialTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKENIZER = "{\"added_tokens\": [{\"id\": 5, \"content\": \"<|endoftext|>\"},"
            + " {\"id\": 6, \"content\": \"<|im_end|>\"}, {\"id\": 7, \"content\": \"<s>\"}],"
            + " \"model\": {\"vocab\": {\"a\": 0, \"b\": 1}}}";

    @Test
    void qwenStyleNullBosMeansNoneEvenWhenConfigHasAnId(@TempDir Path dir) throws IOException {
        write(
                dir,
                "{\"bos_token\": null, \"eos_token\": \"<|im_end|>\", \"pad_token\": \"<|endoftext|>\"}",
                "{\"bos_token_id\": 5, \"eos_token_id\": 5}");
        assertThat(SpecialTokens.read(dir, tokenizer())).isEqualTo(new SpecialTokens(5, -1, 6, -1));
    }

    @Test
    void llamaStyleObjectsAndAddBosFlag(@TempDir Path dir) throws IOException {
        write(dir, "{\"bos_token\": {\"content\": \"<s>\"}, \"eos_token\": {\"content\": \"<|endoftext|>\"}}", "{}");
        assertThat(SpecialTokens.read(dir, tokenizer())).isEqualTo(new SpecialTokens(5, 7, 5, -1));
        write(dir, "{\"add_bos_token\": false, \"bos_token\": \"<s>\", \"eos_token\": \"<|endoftext|>\"}", "{}");
        assertThat(SpecialTokens.read(dir, tokenizer()).bos()).isEqualTo(-1);
    }

    @Test
    void configIdsWhenThereIsNoTokenizerConfig(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"bos_token_id\": 7, \"eos_token_id\": [6, 5]}");
        assertThat(SpecialTokens.read(dir, tokenizer())).isEqualTo(new SpecialTokens(6, 7, 6, -1));
        Files.writeString(dir.resolve("config.json"), "{}");
        assertThatThrownBy(() -> SpecialTokens.read(dir, tokenizer())).hasMessageContaining("end-of-sequence");
    }

    private static JsonNode tokenizer() throws IOException {
        return JSON.readTree(TOKENIZER);
    }

    private static void write(Path dir, String tokenizerConfig, String config) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), tokenizerConfig);
        Files.writeString(dir.resolve("config.json"), config);
    }
}
