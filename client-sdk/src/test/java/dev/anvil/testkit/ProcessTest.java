package dev.anvil.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that starts JVMs of its own: node processes ({@link ProcessCluster}, {@link AnvilLauncher}),
 * job drivers of submitted jars, helper processes. Such classes carry the JUnit tag {@value #TAG}; the {@code quick}
 * Maven profile ({@code mvn -B -Pquick verify}) leaves them out, a plain {@code mvn -B verify} runs them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("process")
public @interface ProcessTest {
    /** The JUnit tag this annotation stands for, what {@code -Danvil.test.excludedGroups} names. */
    String TAG = "process";
}
