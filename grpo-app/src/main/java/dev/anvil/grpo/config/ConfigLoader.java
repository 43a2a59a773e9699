package dev.anvil.grpo.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML config files and applies dotted command-line overrides ({@code trainer.optimizer.lr=3e-3}),
 * as TorchForge's config parser does.
 *
 * <pre>{@code
 * GrpoConfig cfg = ConfigLoader.load("classpath:config/grpo.yaml", List.of("steps=10", "trainer.beta=0.1"), GrpoConfig.class);
 * }</pre>
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Keys renamed since older configs and command lines were written (old dotted path to new), read under their
     * new name: the held-out split became the validation split when the test split was added.
     */
    static final Map<String, String> RENAMED_KEYS = Map.of(
            "dataset.held_out", "dataset.validation",
            "dataset.held_out_limit", "dataset.validation_limit");

    private ConfigLoader() {}

    /**
     * Loads a config.
     *
     * @param location a file path, or {@code classpath:...}
     * @param overrides {@code dotted.key=value} pairs; values are parsed as YAML scalars
     * @param type the record type to bind
     * @param <T> the type
     * @return the config
     * @throws IOException if the file cannot be read or bound
     */
    public static <T> T load(String location, List<String> overrides, Class<T> type) throws IOException {
        JsonNode root;
        try (InputStream in = open(location)) {
            root = YAML.readTree(in);
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new IOException("config root must be a mapping [location=" + location + "]");
        }
        renameOldKeys(obj);
        for (String o : overrides) {
            apply(obj, o);
        }
        return YAML.treeToValue(obj, type);
    }

    /**
     * Applies one {@code a.b.c=value} override, creating intermediate mappings as needed.
     *
     * @param root the config tree
     * @param override the override
     * @throws IOException if the value is not valid YAML
     */
    public static void apply(ObjectNode root, String override) throws IOException {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("override must look like key.path=value [override=" + override + "]");
        }
        String key = override.substring(0, eq).trim();
        String[] path = RENAMED_KEYS.getOrDefault(key, key).split("\\.");
        JsonNode value = YAML.readTree(override.substring(eq + 1));
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(path[i]);
        }
        node.set(path[path.length - 1], value == null || value.isMissingNode() ? YAML.nullNode() : value);
    }

    /** Moves values found under an old key to its new name; where a file has both, the new key's value stays. */
    private static void renameOldKeys(ObjectNode root) {
        RENAMED_KEYS.forEach((oldKey, newKey) -> {
            String[] from = oldKey.split("\\.");
            String[] to = newKey.split("\\.");
            JsonNode parent = root;
            for (int i = 0; i < from.length - 1 && parent != null; i++) {
                parent = parent.get(from[i]);
            }
            if (parent instanceof ObjectNode p && p.has(from[from.length - 1])) {
                JsonNode value = p.remove(from[from.length - 1]);
                ObjectNode target = root;
                for (int i = 0; i < to.length - 1; i++) {
                    JsonNode child = target.get(to[i]);
                    target = child instanceof ObjectNode o ? o : target.putObject(to[i]);
                }
                if (!target.has(to[to.length - 1])) {
                    target.set(to[to.length - 1], value);
                }
            }
        });
    }

    /**
     * Opens a file path or a {@code classpath:} resource.
     *
     * @param location the location
     * @return the stream
     * @throws IOException if it does not exist
     */
    public static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String res = location.substring("classpath:".length());
            InputStream in = ConfigLoader.class.getResourceAsStream(res.startsWith("/") ? res : "/" + res);
            if (in == null) {
                throw new IOException("resource not found [location=" + location + "]");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }
}
