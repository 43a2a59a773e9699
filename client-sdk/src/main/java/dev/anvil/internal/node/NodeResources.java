package dev.anvil.internal.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resources a worker offers to replicas, advertised as node attributes.
 *
 * @param gpus the GPUs, in index order
 * @param cpus CPUs for replicas
 * @param memoryBytes memory for replicas, bytes
 */
public record NodeResources(List<GpuInfo> gpus, int cpus, long memoryBytes) {

    public NodeResources {
        gpus = List.copyOf(gpus);
        if (cpus < 0) {
            throw new IllegalArgumentException("cpus must be >= 0 [cpus=" + cpus + "]");
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memory must be >= 0 [memoryBytes=" + memoryBytes + "]");
        }
    }

    /** No resources at all (the head and clients). */
    public static NodeResources none() {
        return new NodeResources(List.of(), 0, 0);
    }

    /** {@code count} GPUs numbered from 0, named {@code declared}, for workers that pretend to own GPUs. */
    public static List<GpuInfo> declaredGpus(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("GPU count must be >= 0 [gpus=" + count + "]");
        }
        List<GpuInfo> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            gpus.add(new GpuInfo(i, "declared", 0));
        }
        return gpus;
    }

    /** Writes these resources into node attributes. */
    public void putAttributes(Map<String, Object> attrs) {
        attrs.put(NodeAttributes.GPUS, gpus.size());
        attrs.put(
                NodeAttributes.GPU_INDICES,
                join(gpus.stream().map(g -> String.valueOf(g.index())).toList()));
        attrs.put(
                NodeAttributes.GPU_NAMES, join(gpus.stream().map(GpuInfo::name).toList()));
        attrs.put(
                NodeAttributes.GPU_MEMORY_MIB,
                join(gpus.stream().map(g -> String.valueOf(g.memoryMib())).toList()));
        attrs.put(NodeAttributes.CPUS, cpus);
        attrs.put(NodeAttributes.MEMORY_BYTES, memoryBytes);
    }

    /** Reads resources back from a node's attributes; a node without them offers nothing. */
    public static NodeResources fromAttributes(Map<String, Object> attrs) {
        Object count = attrs.get(NodeAttributes.GPUS);
        if (count == null) {
            return none();
        }
        List<String> idx = split((String) attrs.get(NodeAttributes.GPU_INDICES));
        List<String> names = split((String) attrs.get(NodeAttributes.GPU_NAMES));
        List<String> mem = split((String) attrs.get(NodeAttributes.GPU_MEMORY_MIB));
        List<GpuInfo> gpus = new ArrayList<>();
        for (int i = 0; i < idx.size(); i++) {
            gpus.add(new GpuInfo(
                    Integer.parseInt(idx.get(i)),
                    i < names.size() ? names.get(i) : "unknown",
                    i < mem.size() ? Long.parseLong(mem.get(i)) : 0));
        }
        Object cpus = attrs.getOrDefault(NodeAttributes.CPUS, 0);
        Object memory = attrs.getOrDefault(NodeAttributes.MEMORY_BYTES, 0L);
        return new NodeResources(gpus, ((Number) cpus).intValue(), ((Number) memory).longValue());
    }

    private static String join(List<String> parts) {
        return parts.stream().collect(Collectors.joining(","));
    }

    private static List<String> split(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return List.of(joined.split(","));
    }
}
