package dev.anvil.grpo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * grpo-app is an application like any user's: it uses Anvil through the public SDK ({@code dev.anvil.sdk}) and
 * nothing else.
 *
 * <p>grpo-app depends on head-node only for the embedded cluster of {@code Anvil.local}, which the SDK finds through
 * {@link java.util.ServiceLoader}; that puts the runtime ({@code dev.anvil.internal}) and the nodes
 * ({@code dev.anvil.worker}, {@code dev.anvil.head}, {@code dev.anvil.cli}) on its compile classpath, where nothing
 * but this rule stops a class from reaching for them. A class that did would tie the application to server code
 * that may change under it, and would hide that the SDK lacks something applications need. The rule reads
 * grpo-app's main classes only ({@code dev.anvil.grpo}, no test classes).
 *
 * <p>Its packages are layered like the rest of Anvil's main code: no package cycles (the engine and the
 * configuration at the bottom, the cluster loop and the actors at the top).
 */
@AnalyzeClasses(packages = "dev.anvil.grpo", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** grpo-app's main code is there and its tests are not: otherwise the rule below would pass on nothing. */
    @ArchTest
    static void importsTheMainClassesOnly(JavaClasses classes) {
        assertThat(classes.contain(GrpoApp.class)).as("GrpoApp imported").isTrue();
        assertThat(classes)
                .as("classes imported from test-classes")
                .noneMatch(c -> c.getSource()
                        .map(src -> src.getUri().toString())
                        .orElse("")
                        .contains("/test-classes/"));
    }

    @ArchTest
    static final ArchRule usesOnlyThePublicSdk = noClasses()
            .that()
            .resideInAPackage("dev.anvil.grpo..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.anvil.internal..", "dev.anvil.worker..", "dev.anvil.head..", "dev.anvil.cli..")
            .because("grpo-app is an application: it uses Anvil through dev.anvil.sdk, as any user's would");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.anvil.grpo.(**)")
            .should()
            .beFreeOfCycles()
            .because("a cycle means two packages can only be understood, tested and moved together");
}
