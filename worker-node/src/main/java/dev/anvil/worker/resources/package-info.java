/**
 * What a worker offers for {@code --gpus auto}: {@link dev.anvil.worker.resources.GpuDetector} runs {@code nvidia-smi}
 * when it is on the {@code PATH} (no GPUs otherwise) and {@link dev.anvil.worker.resources.NvidiaSmiParser} reads its
 * CSV output.
 */
package dev.anvil.worker.resources;
