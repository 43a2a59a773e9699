package dev.anvil.head.status;

import dev.anvil.internal.registry.ReplicaLoad;
import dev.anvil.internal.state.StateStats;
import dev.anvil.sdk.ReplicaState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * The cluster as Prometheus metrics, built from one {@link ClusterStatus} and one {@link StateSummary} per scrape
 * through the Prometheus Java client's data model (its writers render the exposition format).
 *
 * <p>Labels are bounded by what the cluster holds: service and replica index, node name, buffer, store, job id, run
 * and figure names. Sessions and calls are never labels.
 */
public final class ClusterMetrics implements MultiCollector {
    private final Ignite ignite;
    private final Supplier<ClusterStatus> status;
    private final Supplier<StateSummary> state;

    /**
     * @param ignite the head's node (for each node's heap figures)
     * @param status takes a status snapshot
     * @param state takes a state snapshot
     */
    public ClusterMetrics(Ignite ignite, Supplier<ClusterStatus> status, Supplier<StateSummary> state) {
        this.ignite = ignite;
        this.status = status;
        this.state = state;
    }

    @Override
    public MetricSnapshots collect() {
        ClusterStatus s = status.get();
        StateSummary st = state.get();
        Families f = new Families();
        services(s, f);
        nodes(s, f);
        state(st, f);
        jobs(s, f);
        f.gauge("anvil_cluster_clients", "Client nodes (drivers, CLIs) connected.", Labels.EMPTY, s.clients());
        f.gauge(
                "anvil_status_warnings",
                "Sections of this scrape that could not be read (see /status).",
                Labels.EMPTY,
                s.warnings().size());
        return f.build();
    }

    private static void services(ClusterStatus s, Families f) {
        for (ServiceSummary svc : s.services()) {
            Labels sl = Labels.of("service", svc.name());
            f.gauge("anvil_service_replicas", "Replicas of the service, in any state.", sl, svc.totalReplicas());
            f.gauge(
                    "anvil_service_target_replicas",
                    "Replicas the service should have (the autoscaler's target).",
                    sl,
                    ReplicaTargets.target(svc));
            for (ReplicaSummary r : svc.replicas()) {
                Labels l = Labels.of("replica", String.valueOf(r.index()), "service", svc.name());
                ReplicaSummary.Stats st = r.stats();
                f.counter("anvil_replica_requests", "Calls the replica served.", l, st.requests());
                f.counter("anvil_replica_failures", "Calls the replica failed.", l, st.failures());
                f.gauge("anvil_replica_ongoing_requests", "Calls the replica is executing.", l, st.inFlight());
                f.gauge("anvil_replica_queued_requests", "Calls waiting in the replica's queue.", l, st.queued());
                f.counter("anvil_replica_restarts", "Restarts of the replica after failures.", l, st.restarts());
                for (ReplicaState state : ReplicaState.values()) {
                    f.gauge(
                            "anvil_replica_state",
                            "1 for the replica's current state, 0 for the others.",
                            Labels.of(
                                    "replica", String.valueOf(r.index()), "service", svc.name(), "state", state.name()),
                            state.name().equals(r.state()) ? 1 : 0);
                }
                f.histogram(
                        "anvil_replica_latency_seconds",
                        "Execution time of the replica's calls, measured where they run.",
                        l,
                        ReplicaLoad.LATENCY_BOUNDS_SECONDS,
                        st.latencyBuckets(),
                        st.latencySumSeconds());
            }
        }
    }

    private void nodes(ClusterStatus s, Families f) {
        for (NodeStatus n : s.nodes()) {
            Labels l = Labels.of("node", n.name().isEmpty() ? n.id() : n.name(), "role", n.role());
            f.gauge("anvil_node_gpus", "GPUs the node offers.", l, n.gpus().size());
            f.gauge("anvil_node_gpus_used", "GPUs of the node held by replicas.", l, n.gpusUsed());
            f.gauge("anvil_node_cpus", "CPUs the node offers.", l, n.cpus());
            f.gauge("anvil_node_cpus_used", "CPUs of the node held by replicas.", l, n.cpusUsed());
            f.gauge("anvil_node_memory_offered_bytes", "Memory the node offers.", l, n.memoryBytes());
            ClusterNode node = ignite.cluster().node(UUID.fromString(n.id()));
            if (node != null) {
                f.gauge(
                        "anvil_node_memory_used_bytes",
                        "Heap the node's JVM uses (Ignite node metrics).",
                        l,
                        node.metrics().getHeapMemoryUsed());
            }
            if (n.blobs() != null) {
                f.gauge(
                        "anvil_node_blob_bytes",
                        "Weight blob bytes the node holds.",
                        l,
                        n.blobs().bytes());
            }
        }
    }

    private static void state(StateSummary st, Families f) {
        for (StateSummary.Buffer b : st.buffers()) {
            Labels l = Labels.of("buffer", b.name());
            f.gauge("anvil_replay_buffer_size", "Entries the replay buffer holds.", l, b.size());
            f.counter("anvil_replay_buffer_adds", "Entries added to the replay buffer.", l, b.adds());
            f.counter("anvil_replay_buffer_samples", "Batches sampled from the replay buffer.", l, b.samples());
            f.counter("anvil_replay_buffer_evictions", "Entries evicted from the replay buffer.", l, b.evictions());
        }
        for (StateSummary.Store w : st.stores()) {
            Labels l = Labels.of("store", w.name());
            f.gauge(
                    "anvil_weight_store_latest_version",
                    "Newest committed version, -1 when none.",
                    l,
                    w.latestVersion());
            f.gauge("anvil_weight_store_versions", "Committed versions the store keeps.", l, w.versions());
            f.gauge("anvil_weight_store_bytes", "Bytes of the newest version.", l, w.latestBytes());
            f.histogram(
                    "anvil_weight_store_push_duration_seconds",
                    "Time a push took, from the pushing process.",
                    l,
                    StateStats.DURATION_BOUNDS_SECONDS,
                    w.push().buckets(),
                    w.push().sumSeconds());
            f.histogram(
                    "anvil_weight_store_pull_duration_seconds",
                    "Time a pull took, from the pulling process.",
                    l,
                    StateStats.DURATION_BOUNDS_SECONDS,
                    w.pull().buckets(),
                    w.pull().sumSeconds());
        }
        for (StateSummary.Run r : st.runs()) {
            if (r.points().isEmpty()) {
                continue;
            }
            StateSummary.Point last = r.points().get(r.points().size() - 1);
            f.gauge("anvil_run_step", "Newest step a run published.", Labels.of("run", r.name()), last.step());
            for (Map.Entry<String, Double> v : last.values().entrySet()) {
                f.gauge(
                        "anvil_run_metric",
                        "A run's figure at its newest step (anvil.runMetrics(run).record).",
                        Labels.of("metric", v.getKey(), "run", r.name()),
                        v.getValue());
            }
        }
    }

    private static void jobs(ClusterStatus s, Families f) {
        for (JobSummary j : s.jobs()) {
            for (String state : List.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "STOPPED")) {
                f.gauge(
                        "anvil_job_state",
                        "1 for the job's current state, 0 for the others.",
                        Labels.of("job", j.id(), "state", state),
                        state.equals(j.state()) ? 1 : 0);
            }
        }
    }

    /** Data points gathered by metric name, then built into snapshots. */
    private static final class Families {
        private final Map<String, String> help = new LinkedHashMap<>();
        private final Map<String, List<CounterDataPointSnapshot>> counters = new LinkedHashMap<>();
        private final Map<String, List<GaugeDataPointSnapshot>> gauges = new LinkedHashMap<>();
        private final Map<String, List<HistogramDataPointSnapshot>> histograms = new LinkedHashMap<>();

        void counter(String name, String text, Labels labels, double value) {
            help.putIfAbsent(name, text);
            counters.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(CounterDataPointSnapshot.builder()
                            .labels(labels)
                            .value(value)
                            .build());
        }

        void gauge(String name, String text, Labels labels, double value) {
            help.putIfAbsent(name, text);
            gauges.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(GaugeDataPointSnapshot.builder()
                            .labels(labels)
                            .value(value)
                            .build());
        }

        /** A classic histogram from per-bucket counts (not cumulative; the last is above the last bound). */
        void histogram(String name, String text, Labels labels, double[] bounds, long[] counts, double sum) {
            double[] upper = new double[bounds.length + 1];
            System.arraycopy(bounds, 0, upper, 0, bounds.length);
            upper[bounds.length] = Double.POSITIVE_INFINITY;
            long[] c = new long[upper.length];
            System.arraycopy(counts, 0, c, 0, Math.min(counts.length, c.length));
            help.putIfAbsent(name, text);
            histograms
                    .computeIfAbsent(name, k -> new ArrayList<>())
                    .add(HistogramDataPointSnapshot.builder()
                            .labels(labels)
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, c))
                            .sum(sum)
                            .build());
        }

        MetricSnapshots build() {
            MetricSnapshots.Builder out = MetricSnapshots.builder();
            counters.forEach((name, points) -> {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help.get(name));
                points.forEach(b::dataPoint);
                out.metricSnapshot(b.build());
            });
            gauges.forEach((name, points) -> {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help.get(name));
                if (name.endsWith("_bytes")) {
                    b.unit(Unit.BYTES);
                }
                points.forEach(b::dataPoint);
                out.metricSnapshot(b.build());
            });
            histograms.forEach((name, points) -> {
                HistogramSnapshot.Builder b = HistogramSnapshot.builder()
                        .name(name)
                        .help(help.get(name))
                        .unit(Unit.SECONDS);
                points.forEach(b::dataPoint);
                out.metricSnapshot(b.build());
            });
            return out.build();
        }
    }
}
