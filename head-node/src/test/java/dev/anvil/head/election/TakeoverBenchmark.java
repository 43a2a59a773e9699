package dev.anvil.head.election;

import static org.awaitility.Awaitility.await;

import dev.anvil.sdk.Anvil;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;

/**
 * Head takeover times: a head, a standby head and one worker as {@code bin/anvil} processes; {@code kill -9} of the
 * active head, N times (default 10, {@code -Dbench.kills=N}); each time a fresh standby is started for the next
 * round. Per kill it measures, from the kill:
 *
 * <ul>
 *   <li>baseline: until Ignite's discovery reports the head failed (this JVM, a client, hears the event): the
 *       least any takeover can take;
 *   <li>takeover: until the standby serves {@code /status} on the status port naming itself the active head.
 * </ul>
 *
 * It prints min/median/max of both and their ratio. See docs/RELIABILITY.md for the command and results.
 */
public final class TakeoverBenchmark {
    private static final int KILLS = Integer.getInteger("bench.kills", 10);

    private TakeoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Long> detect = new ArrayList<>();
        List<Long> takeover = new ArrayList<>();
        try (ProcessCluster cluster = ProcessCluster.start(1);
                Anvil anvil = Anvil.connect(cluster.address())) {
            Ignite ignite = Clusters.ignite(anvil);
            Deque<Integer> freeOffsets = new ArrayDeque<>(List.of(7, 6, 5));
            NodeProcess active = cluster.head();
            int activeOffset = 0;
            NodeProcess standby = cluster.startHead("standby-0", 9, true);
            int standbyOffset = 9;
            for (int k = 1; k <= KILLS; k++) {
                String activeName = active.name();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> activeName.equals(HeadFailoverProcessTest.activeHead(cluster)));
                CountDownLatch failed = new CountDownLatch(1);
                String killedName = active.name();
                IgnitePredicate<DiscoveryEvent> seen = e -> {
                    if (killedName.equals(
                            String.valueOf((Object) e.eventNode().attribute("org.apache.ignite.ignite.name")))) {
                        failed.countDown();
                    }
                    return true;
                };
                ignite.events().localListen(seen, EventType.EVT_NODE_FAILED, EventType.EVT_NODE_LEFT);
                long t0 = System.nanoTime();
                cluster.kill9(active);
                String next = standby.name();
                long detected = -1;
                while (true) {
                    if (detected < 0 && failed.await(0, TimeUnit.MILLISECONDS)) {
                        detected = System.nanoTime();
                    }
                    if (next.equals(HeadFailoverProcessTest.activeHead(cluster))) {
                        break;
                    }
                    if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
                        throw new IllegalStateException("no takeover within 120 s [kill=" + k + "]");
                    }
                    Thread.sleep(20);
                }
                long took = System.nanoTime();
                if (detected < 0) {
                    failed.await(60, TimeUnit.SECONDS);
                    detected = System.nanoTime();
                }
                ignite.events().stopLocalListen(seen);
                detect.add(TimeUnit.NANOSECONDS.toMillis(detected - t0));
                takeover.add(TimeUnit.NANOSECONDS.toMillis(took - t0));
                System.out.printf(
                        Locale.ROOT,
                        "kill %2d: %s -> %s, failure seen %5d ms, takeover %5d ms%n",
                        k,
                        killedName,
                        next,
                        detect.get(k - 1),
                        takeover.get(k - 1));
                freeOffsets.addLast(activeOffset);
                active = standby;
                activeOffset = standbyOffset;
                if (k < KILLS) {
                    standbyOffset = freeOffsets.removeFirst();
                    standby = cluster.startHead("standby-" + k, standbyOffset, true);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n| measure (%d kills) | min | median | max |%n|---|---|---|---|%n", KILLS);
        row("baseline: head failure seen by a client (ms)", detect);
        row("takeover: standby serving /status as active (ms)", takeover);
        System.out.printf(
                Locale.ROOT, "takeover / baseline (medians): %.2f%n", (double) median(takeover) / median(detect));
    }

    private static void row(String name, List<Long> xs) {
        List<Long> s = xs.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d |%n", name, s.get(0), median(xs), s.get(s.size() - 1));
    }

    private static long median(List<Long> xs) {
        List<Long> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
