package dev.anvil.internal.node;

/**
 * One GPU a worker offers.
 *
 * @param index the device index (as {@code CUDA_VISIBLE_DEVICES} counts)
 * @param name the device name, or {@code "declared"} for GPUs declared with {@code --gpus N}
 * @param memoryMib device memory in MiB, 0 when unknown
 */
public record GpuInfo(int index, String name, long memoryMib) {}
