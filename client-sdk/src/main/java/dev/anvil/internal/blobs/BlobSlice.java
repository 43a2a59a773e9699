package dev.anvil.internal.blobs;

/**
 * One blob's bytes inside a larger array: what a writer sends from, or what a reader fills.
 *
 * @param name blob name within its version
 * @param bytes the array
 * @param offset first byte of the blob in {@code bytes}
 * @param length blob size
 */
public record BlobSlice(String name, byte[] bytes, int offset, int length) {}
