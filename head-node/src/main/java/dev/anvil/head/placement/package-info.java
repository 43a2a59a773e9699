/**
 * Where ranks go: {@link dev.anvil.head.placement.Placer} picks workers from their advertised resources (a replica's
 * ranks over {@code hosts} distinct workers, least busy first) and {@link dev.anvil.head.placement.GpuLedger} hands
 * each GPU index to at most one live rank or driver, mirrored into a cache so a restarted head knows what is taken.
 */
package dev.anvil.head.placement;
