package dev.anvil.grpo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {

    @Test
    void generatorIsDeterministicAndTheThreeSplitsAreDisjoint(@TempDir Path dir) throws Exception {
        var a = new ArithmeticProblemGenerator(7, 9).generate(300, 50, 40);
        var b = new ArithmeticProblemGenerator(7, 9).generate(300, 50, 40);
        assertThat(a).isEqualTo(b);
        assertThat(a.train()).hasSize(300);
        assertThat(a.validation()).hasSize(50);
        assertThat(a.test()).hasSize(40);
        Set<String> train = questions(a.train());
        Set<String> validation = questions(a.validation());
        Set<String> test = questions(a.test());
        assertThat(train).hasSize(300);
        assertThat(validation).hasSize(50).doesNotContainAnyElementsOf(train);
        assertThat(test).hasSize(40).doesNotContainAnyElementsOf(train).doesNotContainAnyElementsOf(validation);
        // Another seed draws other splits.
        var other = new ArithmeticProblemGenerator(8, 9).generate(300, 50, 40);
        assertThat(other.test()).isNotEqualTo(a.test());
        assertThat(other.validation()).isNotEqualTo(a.validation());
        // Files written twice from the same seed are byte-identical.
        ArithmeticProblemGenerator.writeJsonl(a.train(), dir.resolve("x.jsonl"));
        ArithmeticProblemGenerator.writeJsonl(b.train(), dir.resolve("y.jsonl"));
        assertThat(Files.readAllBytes(dir.resolve("x.jsonl"))).isEqualTo(Files.readAllBytes(dir.resolve("y.jsonl")));
    }

    @Test
    void committedFilesMatchTheGeneratorAndValidationIsTheFormerHeldOutSet() throws Exception {
        var split = ArithmeticProblemGenerator.defaults()
                .generate(
                        ArithmeticProblemGenerator.DEFAULT_TRAIN_SIZE,
                        ArithmeticProblemGenerator.DEFAULT_VALIDATION_SIZE,
                        ArithmeticProblemGenerator.DEFAULT_TEST_SIZE);
        assertThat(bundled(ArithmeticProblemGenerator.TRAIN_FILE)).isEqualTo(split.train());
        assertThat(bundled(ArithmeticProblemGenerator.VALIDATION_FILE)).isEqualTo(split.validation());
        assertThat(bundled(ArithmeticProblemGenerator.TEST_FILE)).isEqualTo(split.test());
        assertThat(split.train()).hasSize(1200);
        assertThat(split.validation()).hasSize(300);
        assertThat(split.test()).hasSize(300);
        // The learning rates and step counts were chosen on the former 1500/300 split's held-out part: that is now
        // validation, unchanged, and test comes out of the former training set, so no past choice looked at it.
        var former = ArithmeticProblemGenerator.defaults().generate(1500, 300, 0);
        assertThat(split.validation()).isEqualTo(former.validation());
        List<Gsm8kRecord> trainThenTest = new java.util.ArrayList<>(split.train());
        trainThenTest.addAll(split.test());
        assertThat(trainThenTest).isEqualTo(former.train());
        // The whole 1800-problem space is used, each problem in exactly one split.
        Set<String> all = questions(split.train());
        all.addAll(questions(split.validation()));
        all.addAll(questions(split.test()));
        assertThat(all).hasSize(1800);
    }

    private List<Gsm8kRecord> bundled(String file) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/data/" + file)) {
            assertThat(in).as(file).isNotNull();
            return Gsm8kDataset.read(in);
        }
    }

    private static Set<String> questions(List<Gsm8kRecord> records) {
        Set<String> out = new HashSet<>();
        records.forEach(r -> out.add(r.question()));
        return out;
    }

    @Test
    void twoOperandProblemsStayInRangeAndFillTheSpace() {
        // 100 first operands x 10 second operands x 2 signs = 2000 distinct problems.
        var split = new ArithmeticProblemGenerator(3, 99, 9, 2).generate(1900, 60, 40);
        Set<String> all = new HashSet<>();
        for (Gsm8kRecord r : split.train()) {
            String[] t = r.question().replace("What is ", "").replace("?", "").split(" ");
            assertThat(t).hasSize(3);
            assertThat(Integer.parseInt(t[0])).isBetween(0, 99);
            assertThat(Integer.parseInt(t[2])).isBetween(0, 9);
            int v = Integer.parseInt(t[0]) + (t[1].equals("+") ? 1 : -1) * Integer.parseInt(t[2]);
            assertThat(r.finalAnswer()).isEqualTo(Integer.toString(v));
            all.add(r.question());
        }
        split.validation().forEach(r -> all.add(r.question()));
        split.test().forEach(r -> all.add(r.question()));
        assertThat(all).hasSize(2000);
        assertThatThrownBy(() -> new ArithmeticProblemGenerator(3, 99, 9, 2).generate(1900, 60, 41))
                .hasMessageContaining("available=2000");
        assertThatThrownBy(() -> new ArithmeticProblemGenerator(3, 99, 9, 2).generate(10, -1, 5))
                .hasMessageContaining("validation=-1");
        assertThatThrownBy(() -> new ArithmeticProblemGenerator(3, 9, 9, 1)).hasMessageContaining("operands=1");
    }

    @Test
    void answersAreCorrectAndEndInHashes() {
        for (Gsm8kRecord r :
                new ArithmeticProblemGenerator(1, 9).generate(200, 0, 0).train()) {
            String[] t = r.question().replace("What is ", "").replace("?", "").split(" ");
            int v = Integer.parseInt(t[0]);
            for (int i = 1; i < t.length; i += 2) {
                v += (t[i].equals("+") ? 1 : -1) * Integer.parseInt(t[i + 1]);
            }
            assertThat(r.finalAnswer()).isEqualTo(Integer.toString(v));
        }
        assertThat(new Gsm8kRecord("q", "a\n#### 1,234").finalAnswer()).isEqualTo("1234");
        assertThatThrownBy(() -> new Gsm8kRecord("q", "no marker").finalAnswer())
                .hasMessageContaining("####");
    }

    @Test
    void datasetReadsAnyGsm8kFileAndReshufflesEachEpoch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gsm8k.jsonl");
        Files.writeString(file, """
                {"question": "Natalia sold 48 clips. How many?", "answer": "She sold 48.\\n#### 48"}

                {"question": "Q2", "answer": "x\\n#### 2"}
                {"question": "Q3", "answer": "y\\n#### 3"}
                {"question": "Q4", "answer": "z\\n#### 4"}
                """);
        Gsm8kDataset ds = Gsm8kDataset.open(file, 3);
        assertThat(ds.size()).isEqualTo(4);
        List<String> epoch1 = new java.util.ArrayList<>();
        List<String> epoch2 = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            epoch1.add(ds.sample().target());
        }
        Sample s = null;
        for (int i = 0; i < 4; i++) {
            s = ds.sample();
            epoch2.add(s.target());
        }
        assertThat(epoch1).containsExactlyInAnyOrder("48", "2", "3", "4");
        assertThat(epoch2).containsExactlyInAnyOrder("48", "2", "3", "4");
        assertThat(ds.epoch()).isEqualTo(1);
        assertThat(s.request()).endsWith("\n");
        // A different seed gives a different order over a few epochs.
        Gsm8kDataset other = Gsm8kDataset.open(file, 4);
        List<String> otherOrder = new java.util.ArrayList<>();
        List<String> sameSeed = new java.util.ArrayList<>();
        Gsm8kDataset again = Gsm8kDataset.open(file, 3);
        for (int i = 0; i < 12; i++) {
            otherOrder.add(other.sample().target());
            sameSeed.add(again.sample().target());
        }
        assertThat(sameSeed.subList(0, 8)).containsExactlyElementsOf(concat(epoch1, epoch2));
        assertThat(otherOrder).isNotEqualTo(sameSeed);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
