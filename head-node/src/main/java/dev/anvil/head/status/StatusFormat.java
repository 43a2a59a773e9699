package dev.anvil.head.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link ClusterStatus} as JSON (for {@code --json} and HTTP) or as a {@code ray status}-like table. */
public final class StatusFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private StatusFormat() {}

    /** The status as indented JSON. */
    public static String json(ClusterStatus s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status does not serialize", e);
        }
    }

    /** The status as a human-readable report. */
    public static String text(ClusterStatus s) {
        StringBuilder out = new StringBuilder();
        out.append("======== Anvil cluster status: ")
                .append(TIME.format(Instant.ofEpochMilli(s.takenAt())))
                .append(" ========\n");
        out.append("Nodes: ")
                .append(s.nodes().size())
                .append(" (")
                .append(s.nodesWithRole("head").size())
                .append(" head, ")
                .append(s.nodesWithRole("worker").size())
                .append(" workers), ")
                .append(s.clients())
                .append(" clients connected, topology version ")
                .append(s.topologyVersion())
                .append('\n');
        out.append("Head: ")
                .append(s.activeHead() == null ? "none active (requests wait for one)" : s.activeHead() + " active")
                .append(s.standbyHeads().isEmpty() ? "" : ", standby: " + String.join(", ", s.standbyHeads()))
                .append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ROLE", "NAME", "ADDRESS", "PID", "UPTIME", "GPUS", "CPUS", "MEMORY"});
        for (NodeStatus n : s.nodes()) {
            boolean worker = n.role().equals("worker");
            boolean head = n.role().equals("head");
            rows.add(new String[] {
                head ? (n.name().equals(s.activeHead()) ? "head (active)" : "head (standby)") : n.role(),
                n.name(),
                n.address(),
                Long.toString(n.pid()),
                uptime(n.uptimeMs()),
                worker ? n.gpusUsed() + "/" + n.gpus().size() : "-",
                worker ? n.cpusUsed() + "/" + n.cpus() : "-",
                worker ? mib(n.memoryBytes()) : "-"
            });
        }
        table(out, rows);
        ResourceTotals r = s.resources();
        out.append("\nResources (used/total):\n");
        out.append("  ").append(r.gpusUsed()).append("/").append(r.gpusTotal()).append(" GPU\n");
        out.append("  ").append(r.cpusUsed()).append("/").append(r.cpusTotal()).append(" CPU\n");
        out.append("  ").append(mib(r.memoryBytesTotal())).append(" memory offered\n");
        blobs(out, s.nodes());
        out.append("\nServices:\n");
        if (s.services().isEmpty()) {
            out.append("  (none)\n");
        } else {
            List<String[]> svc = new ArrayList<>();
            svc.add(new String[] {"NAME", "ACTOR", "REPLICAS (healthy/total)", "SESSIONS", "STATES"});
            for (ServiceSummary ss : s.services()) {
                svc.add(new String[] {
                    ss.name(),
                    ss.actorClass(),
                    ss.healthyReplicas() + "/" + ss.totalReplicas(),
                    String.valueOf(ss.sessions()),
                    String.join(",", ss.replicas().stream().map(x -> x.state()).toList())
                });
            }
            table(out, svc);
            autoscale(out, s.services());
            out.append("\nReplicas:\n");
            table(out, replicaRows(s.services()));
        }
        out.append("\nJobs:\n");
        if (s.jobs().isEmpty()) {
            out.append("  (none)\n");
        } else {
            List<String[]> jobs = new ArrayList<>();
            jobs.add(new String[] {"ID", "STATE", "MAIN", "SUBMITTED"});
            for (JobSummary j : s.jobs()) {
                jobs.add(new String[] {
                    j.id(), j.state(), j.mainClass(), TIME.format(Instant.ofEpochMilli(j.submittedAt()))
                });
            }
            table(out, jobs);
        }
        for (String w : s.warnings()) {
            out.append("\nWARNING: ").append(w).append('\n');
        }
        return out.toString();
    }

    /** Per data node: where its blob server listens and what its holder keeps in host memory. */
    private static void blobs(StringBuilder out, List<NodeStatus> nodes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "BLOB SERVER", "HELD", "LINKED", "BLOBS", "VERSIONS", "FREE", "DIR"});
        for (NodeStatus n : nodes) {
            if (n.blobAddress() == null) {
                continue;
            }
            BlobStatus u = n.blobs();
            rows.add(
                    u == null
                            ? new String[] {n.name(), n.blobAddress(), "?", "?", "?", "?", "?", "?"}
                            : new String[] {
                                n.name(),
                                n.blobAddress(),
                                bytes(u.bytes()),
                                bytes(u.linkedBytes()),
                                Integer.toString(u.blobs()),
                                Integer.toString(u.versions()),
                                bytes(u.freeBytes()),
                                u.dir()
                            });
        }
        if (rows.size() > 1) {
            out.append(
                    "\nWeight blobs (host memory outside the JVM; LINKED is shared with another holder on its host):\n");
            table(out, rows);
        }
    }

    private static void autoscale(StringBuilder out, List<ServiceSummary> services) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "CURRENT", "TARGET", "MIN", "MAX", "LOAD/REPLICA", "WHY NOT AT TARGET"});
        for (ServiceSummary ss : services) {
            var a = ss.autoscale();
            if (a != null) {
                rows.add(new String[] {
                    ss.name(),
                    String.valueOf(a.current()),
                    String.valueOf(a.target()),
                    String.valueOf(a.min()),
                    String.valueOf(a.max()),
                    String.format("%.1f/%.1f", a.meanOngoingRequests(), a.targetOngoingRequests()),
                    a.reason() == null ? "-" : a.reason()
                });
            }
        }
        if (rows.size() > 1) {
            out.append("\nAutoscaling:\n");
            table(out, rows);
        }
    }

    private static List<String[]> replicaRows(List<ServiceSummary> services) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "SERVICE",
            "REPLICA",
            "STATE",
            "NODES",
            "GPUS",
            "QUEUE",
            "IN-FLIGHT",
            "REQUESTS",
            "FAILURES",
            "MEAN MS",
            "RESTARTS"
        });
        for (ServiceSummary ss : services) {
            for (var r : ss.replicas()) {
                var st = r.stats();
                rows.add(new String[] {
                    ss.name(),
                    String.valueOf(r.index()),
                    r.state(),
                    String.join(
                            ",",
                            r.ranks().stream()
                                    .map(k -> k.nodeId()
                                            .substring(0, Math.min(8, k.nodeId().length())))
                                    .toList()),
                    String.join(
                            ";",
                            r.ranks().stream()
                                    .map(k -> k.gpuIndices().toString())
                                    .toList()),
                    String.valueOf(st.queued()),
                    String.valueOf(st.inFlight()),
                    String.valueOf(st.requests()),
                    String.valueOf(st.failures()),
                    String.format("%.2f", st.meanLatencyMs()),
                    String.valueOf(st.restarts())
                });
            }
        }
        return rows;
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + width[i] + "s", row[i]));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String uptime(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + String.format("%02dm", d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + String.format("%02ds", d.toSecondsPart());
        }
        return d.toSeconds() + "s";
    }

    /** Like {@link #mib} but exact enough for the small sizes a few weight chunks take. */
    private static String bytes(long bytes) {
        if (bytes < 1L << 20) {
            return bytes < 1L << 10 ? bytes + " B" : (bytes >> 10) + " KiB";
        }
        if (bytes < 1L << 30) {
            return String.format("%.1f MiB", bytes / (double) (1L << 20));
        }
        return mib(bytes);
    }

    private static String mib(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format("%.1f GiB", bytes / (double) (1L << 30));
        }
        return (bytes >> 20) + " MiB";
    }
}
