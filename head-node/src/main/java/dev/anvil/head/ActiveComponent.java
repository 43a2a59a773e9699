package dev.anvil.head;

import org.apache.ignite.Ignite;

/**
 * A part of the head that runs only while the head is the active one (the status HTTP port, autoscaling, ...):
 * started when the head gains the role, closed when it loses it. See {@link HeadNode#whileActive}.
 */
@FunctionalInterface
public interface ActiveComponent {
    /** Starts the component on the now active head; the result is closed when the head stops acting. */
    AutoCloseable start(Ignite ignite, HeadNode head) throws Exception;
}
