package dev.anvil.grpo.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTokenizerTest {

    @Test
    void roundTripsPromptAndAnswerText() {
        try (TextTokenizer tok = TextTokenizer.bundled()) {
            String text = "What is 23 + 45?\n<answer>68</answer>";
            int[] ids = tok.encode(text);
            assertThat(tok.decode(ids)).isEqualTo(text);
            // Digits are single tokens and the tags are one token each.
            assertThat(tok.encode("<answer>68</answer>")).hasSize(4);
        }
    }

    @Test
    void promptStartsWithBosAndSpecialsAreDroppedOnDecode() {
        try (TextTokenizer tok = TextTokenizer.bundled()) {
            int[] ids = tok.encodePrompt("7 - 2");
            assertThat(ids[0]).isEqualTo(tok.bosId());
            int[] withEos = java.util.Arrays.copyOf(ids, ids.length + 1);
            withEos[ids.length] = tok.eosId();
            assertThat(tok.decode(withEos)).isEqualTo("7 - 2");
            assertThat(tok.vocabSize()).isEqualTo(32);
        }
    }

    @Test
    void loadsFromLocalPathAndMapsUnknownWords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        Files.write(file, TextTokenizer.bundledJson());
        try (TextTokenizer tok = TextTokenizer.load(file)) {
            assertThat(tok.encode("Natalia")).containsExactly(tok.unkId());
        }
    }
}
