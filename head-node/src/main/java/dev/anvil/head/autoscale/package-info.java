/**
 * Autoscaling of services on the head (Ray Serve's policy): {@link dev.anvil.head.autoscale.AutoscalePolicy} decides a
 * target number of replicas from the reported load (pure, no clock, no cluster), {@link
 * dev.anvil.head.autoscale.Autoscaler} applies it through the service controller (adds replicas, drains and removes
 * them) and publishes each service's {@link dev.anvil.head.autoscale.AutoscaleState} for {@code anvil status} and other
 * head code.
 */
package dev.anvil.head.autoscale;
