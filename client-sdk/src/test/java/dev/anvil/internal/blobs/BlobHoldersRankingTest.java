package dev.anvil.internal.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Where blobs go: rendezvous ranking of holders per blob. */
class BlobHoldersRankingTest {
    private static List<UUID> holders(int n, long seed) {
        Random r = new Random(seed);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(new UUID(r.nextLong(), r.nextLong()));
        }
        return ids;
    }

    private static List<UUID> rank(String key, List<UUID> ids) {
        return BlobHolders.rank(key, new ArrayList<>(ids), Function.identity());
    }

    @Test
    void theRankingIsTheSameWhateverTheOrderTheHoldersAreListedIn() {
        List<UUID> ids = holders(5, 1);
        for (int i = 0; i < 50; i++) {
            String key = "store/3/chunk-" + i;
            List<UUID> shuffled = new ArrayList<>(ids);
            Collections.shuffle(shuffled, new Random(i));
            assertThat(rank(key, shuffled)).as(key).isEqualTo(rank(key, ids)).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void blobsSpreadEvenlyOverHolders() {
        List<UUID> ids = holders(4, 2);
        Map<UUID, Integer> first = new HashMap<>();
        Map<UUID, Integer> inFirstTwo = new HashMap<>();
        int blobs = 4000;
        for (int i = 0; i < blobs; i++) {
            List<UUID> r = rank("w/" + (i / 100) + "/chunk-" + (i % 100), ids);
            first.merge(r.get(0), 1, Integer::sum);
            inFirstTwo.merge(r.get(0), 1, Integer::sum);
            inFirstTwo.merge(r.get(1), 1, Integer::sum);
        }
        System.out.println("blobs ranked first per holder: " + first.values());
        assertThat(first).hasSize(4);
        assertThat(first.values()).allMatch(n -> n > blobs / 4 * 0.8 && n < blobs / 4 * 1.2);
        assertThat(inFirstTwo.values()).allMatch(n -> n > blobs / 2 * 0.8 && n < blobs / 2 * 1.2);
    }

    @Test
    void aHolderLeavingMovesOnlyTheBlobsItRankedFirst() {
        List<UUID> ids = holders(4, 3);
        UUID leaving = ids.get(2);
        List<UUID> rest = new ArrayList<>(ids);
        rest.remove(leaving);
        for (int i = 0; i < 500; i++) {
            String key = "w/1/chunk-" + i;
            List<UUID> before = rank(key, ids);
            List<UUID> after = rank(key, rest);
            List<UUID> expected = new ArrayList<>(before);
            expected.remove(leaving);
            assertThat(after).as(key).isEqualTo(expected);
        }
    }
}
