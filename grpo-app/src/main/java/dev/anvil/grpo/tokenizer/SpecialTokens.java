package dev.anvil.grpo.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The special token ids of a Hugging Face checkpoint, -1 where it has none.
 *
 * @param pad padding
 * @param bos beginning of sequence
 * @param eos end of sequence, which stops generation
 * @param unk unknown token
 */
record SpecialTokens(int pad, int bos, int eos, int unk) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads the special tokens of a checkpoint folder: names from {@code tokenizer_config.json}, else ids from
     * {@code config.json}. A token {@code tokenizer_config.json} sets to null is absent (Qwen2's
     * {@code "bos_token": null} while its {@code config.json} still has a {@code bos_token_id}), and
     * {@code "add_bos_token": false} means no beginning-of-sequence token is prepended.
     */
    static SpecialTokens read(Path dir, JsonNode tokenizerJson) throws IOException {
        JsonNode tc = readIfPresent(dir.resolve("tokenizer_config.json"));
        JsonNode mc = readIfPresent(dir.resolve("config.json"));
        int eos = id(tokenizerJson, tc, mc, "eos");
        if (eos < 0) {
            throw new IOException("Hugging Face checkpoint names no end-of-sequence token (eos_token in"
                    + " tokenizer_config.json or eos_token_id in config.json) [dir=" + dir + "]");
        }
        int pad = id(tokenizerJson, tc, mc, "pad");
        return new SpecialTokens(
                pad < 0 ? eos : pad, id(tokenizerJson, tc, mc, "bos"), eos, id(tokenizerJson, tc, mc, "unk"));
    }

    private static int id(JsonNode tokenizerJson, JsonNode tokenizerConfig, JsonNode modelConfig, String kind) {
        if (kind.equals("bos") && !tokenizerConfig.path("add_bos_token").asBoolean(true)) {
            return -1; // the tokenizer says prompts start without one
        }
        JsonNode named = tokenizerConfig.path(kind + "_token");
        if (named.isNull()) {
            return -1; // "bos_token": null (Qwen2): none, whatever config.json's id says
        }
        String content =
                named.isObject() ? named.path("content").asText(null) : named.isTextual() ? named.asText() : null;
        if (content != null) {
            int id = lookup(tokenizerJson, content);
            if (id >= 0) {
                return id;
            }
        }
        JsonNode id = modelConfig.path(kind + "_token_id");
        if (id.isArray()) {
            id = id.path(0);
        }
        return id.isInt() ? id.asInt() : -1;
    }

    private static int lookup(JsonNode tokenizerJson, String content) {
        for (JsonNode added : tokenizerJson.path("added_tokens")) {
            if (content.equals(added.path("content").asText())) {
                return added.path("id").asInt();
            }
        }
        JsonNode id = tokenizerJson.path("model").path("vocab").path(content);
        return id.isInt() ? id.asInt() : -1;
    }

    private static JsonNode readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
    }
}
