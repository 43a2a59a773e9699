package dev.anvil.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.anvil.cli.JobCommand;
import dev.anvil.head.status.JobSummary;
import dev.anvil.head.status.JobsSection;
import dev.anvil.internal.node.NodeLocalKey;
import java.util.Set;
import java.util.TreeSet;
import org.apache.ignite.IgniteCluster;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.lang.IgniteRunnable;

/**
 * The layout of Anvil's main code, as rules that fail the build when it drifts.
 *
 * <p>head-node's test classpath holds the main classes of all three server-side modules: client-sdk
 * ({@code dev.anvil.sdk}, the public API, and {@code dev.anvil.internal}, its runtime), worker-node
 * ({@code dev.anvil.worker}) and head-node ({@code dev.anvil.head}, {@code dev.anvil.cli}). The rules see main classes
 * only: test classes ({@code target/test-classes}) and test-jars (client-sdk's {@code dev.anvil.testkit}) stay out,
 * and so does everything outside {@code dev.anvil}. They hold for target/classes directories ({@code mvn test}) and
 * for the modules' jars ({@code mvn verify} in the reactor) alike.
 *
 * <ul>
 *   <li><b>The public API stands alone</b>: {@code dev.anvil.sdk} names nothing of the runtime or the nodes; it finds
 *       its runtime through {@link java.util.ServiceLoader} ({@code AnvilRuntime}, {@code LocalClusterProvider}).
 *       An application compiles against the API and nothing else can leak into its signatures.</li>
 *   <li><b>No package cycles</b>: every package of {@code dev.anvil} is its own slice and no slice reaches back to
 *       itself. A cycle means two packages can only be understood, tested and moved together.</li>
 *   <li><b>Layers follow the modules</b>: the runtime ({@code dev.anvil.internal}, in client-sdk) knows no node, the
 *       worker knows no head and no CLI, the head knows no CLI. Maven already forbids a module from compiling against
 *       a later one; these rules keep the same direction inside head-node (head below cli) and say it in words.</li>
 *   <li><b>Names mean one thing</b>: whatever Ignite runs for us on a node ({@link IgniteCallable},
 *       {@link IgniteRunnable}) is a {@code ...Task}; "Job" means a submitted program (a jar run by {@code anvil job
 *       submit}) and appears only where those live: the {@code jobs} packages, the API, and the two views of them
 *       (the CLI's {@code anvil job} command, the status report's jobs section).</li>
 *   <li><b>The node-local map has one door</b>: {@code IgniteCluster.nodeLocalMap()} is an untyped map shared by
 *       everything on a node; only {@link NodeLocalKey} touches it, so each entry has one typed key and one
 *       owner.</li>
 * </ul>
 */
@AnalyzeClasses(
        packages = "dev.anvil",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {
    /** Leaves out test-jars (client-sdk's {@code dev.anvil.testkit}); {@code DoNotIncludeTests} covers directories. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String SDK = "dev.anvil.sdk..";
    private static final String INTERNAL = "dev.anvil.internal..";
    private static final String WORKER = "dev.anvil.worker..";
    private static final String HEAD = "dev.anvil.head..";
    private static final String CLI = "dev.anvil.cli..";

    /** Every module's main code is there and no test code is: otherwise the rules below would pass on nothing. */
    @ArchTest
    static void importsTheMainClassesOfEveryModuleAndNoTests(JavaClasses classes) {
        Set<String> packages = new TreeSet<>();
        classes.forEach(c -> packages.add(c.getPackageName()));
        assertThat(packages)
                .contains(
                        "dev.anvil.sdk",
                        "dev.anvil.internal.node",
                        "dev.anvil.worker.jobs",
                        "dev.anvil.head.jobs",
                        "dev.anvil.cli");
        assertThat(packages)
                .as("packages of test code")
                .noneMatch(p -> p.startsWith("dev.anvil.testkit") || p.startsWith("dev.anvil.architecture"));
    }

    // a. The public API.

    @ArchTest
    static final ArchRule sdkDependsOnNoRuntimeAndNoNode = noClasses()
            .that()
            .resideInAPackage(SDK)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(INTERNAL, WORKER, HEAD, CLI)
            .because("the public API finds its runtime through ServiceLoader (AnvilRuntime, LocalClusterProvider)"
                    + " and applications compile against it alone");

    // b. Cycles.

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.anvil.(**)")
            .namingSlices("$1")
            .should()
            .beFreeOfCycles()
            .because("packages that depend on each other can only be understood, tested and moved together");

    // c. Layers.

    @ArchTest
    static final ArchRule runtimeKnowsNoNode = noClasses()
            .that()
            .resideInAPackage(INTERNAL)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(WORKER, HEAD, CLI)
            .because("dev.anvil.internal ships in client-sdk, the jar applications depend on; nodes sit above it");

    @ArchTest
    static final ArchRule workerKnowsNoHead = noClasses()
            .that()
            .resideInAPackage(WORKER)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(HEAD, CLI)
            .because("worker-node sits below head-node: the head places work on workers, never the other way round");

    @ArchTest
    static final ArchRule headKnowsNoCli = noClasses()
            .that()
            .resideInAPackage(HEAD)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(CLI)
            .because("the CLI drives the head; the head runs embedded (Anvil.local) without it");

    // d. Names.

    @ArchTest
    static final ArchRule igniteClosuresAreTasks = classes()
            .that()
            .implement(IgniteCallable.class)
            .or()
            .implement(IgniteRunnable.class)
            .should()
            .haveSimpleNameEndingWith("Task")
            .because("what Ignite runs for us on a node is a task; \"job\" means a submitted program");

    /** Where "Job" names a type: the jobs packages, the API, the CLI's {@code anvil job} command, the status report. */
    private static final DescribedPredicate<JavaClass> JOB_VOCABULARY = resideInAnyPackage(
                    "dev.anvil.sdk", "dev.anvil.*.jobs..")
            .or(belongToAnyOf(JobCommand.class, JobSummary.class, JobsSection.class))
            .as("reside in dev.anvil.sdk or a dev.anvil.*.jobs package, or belong to JobCommand, JobSummary,"
                    + " JobsSection");

    @ArchTest
    static final ArchRule jobMeansSubmittedProgram = noClasses()
            .that(DescribedPredicate.not(JOB_VOCABULARY))
            .should()
            .haveSimpleNameContaining("Job")
            .because("\"job\" means a submitted program only; Ignite's callables are tasks");

    // e. The node-local map.

    private static final DescribedPredicate<JavaAccess<?>> NODE_LOCAL_MAP =
            new DescribedPredicate<>("target is IgniteCluster.nodeLocalMap()") {
                @Override
                public boolean test(JavaAccess<?> access) {
                    return access.getName().equals("nodeLocalMap")
                            && access.getTargetOwner().isAssignableTo(IgniteCluster.class);
                }
            };

    @ArchTest
    static final ArchRule nodeLocalMapOnlyThroughNodeLocalKey = noClasses()
            .that()
            .doNotBelongToAnyOf(NodeLocalKey.class)
            .should()
            .accessTargetWhere(NODE_LOCAL_MAP)
            .because("the node-local map is untyped and shared by everything on a node: NodeLocalKey gives each entry"
                    + " one typed key");

    /** The rule above recognises the call: NodeLocalKey does make it. */
    @ArchTest
    static final ArchRule nodeLocalKeyReachesTheMap =
            classes().that().belongToAnyOf(NodeLocalKey.class).should().accessTargetWhere(NODE_LOCAL_MAP);
}
