package dev.anvil.sdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run as a job: an application jar, its main class, arguments, an optional config file and the GPUs its
 * driver needs. Immutable; built by {@link #builder()}, which checks the files exist.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder().jar(Path.of("app.jar")).mainClass("com.example.Main")
 *         .args("--steps", "100").config(Path.of("grpo.yaml")).build();
 * }</pre>
 */
public final class JobSpec {
    private final Path jar;
    private final String mainClass;
    private final List<String> args;
    private final Path config;
    private final int entrypointGpus;
    private final int maxRestarts;

    private JobSpec(Builder b) {
        this.jar = b.jar;
        this.mainClass = b.mainClass;
        this.args = List.copyOf(b.args);
        this.config = b.config;
        this.entrypointGpus = b.entrypointGpus;
        this.maxRestarts = b.maxRestarts;
    }

    /** A new builder; {@link Builder#jar(Path)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The application jar. */
    public Path jar() {
        return jar;
    }

    /** The driver's main class; empty to use the jar manifest's {@code Main-Class}. */
    public Optional<String> mainClass() {
        return Optional.ofNullable(mainClass);
    }

    /** Arguments passed to the driver's {@code main}. */
    public List<String> args() {
        return args;
    }

    /** A config file shipped with the job; the driver reads it from the system property {@code anvil.job.config}. */
    public Optional<Path> config() {
        return Optional.ofNullable(config);
    }

    /** GPUs the driver itself needs; 0 runs it on any worker (the head only without workers), more on one with them. */
    public int entrypointGpus() {
        return entrypointGpus;
    }

    /** How many times the driver is restarted when the node running it leaves the cluster. */
    public int maxRestarts() {
        return maxRestarts;
    }

    @Override
    public String toString() {
        return "JobSpec[jar=" + jar + ", mainClass=" + mainClass + ", args=" + args + ", config=" + config
                + ", entrypointGpus=" + entrypointGpus + "]";
    }

    /** Builds a {@link JobSpec}; {@link #build()} checks it. */
    public static final class Builder {
        private Path jar;
        private String mainClass;
        private final List<String> args = new ArrayList<>();
        private Path config;
        private int entrypointGpus;
        private int maxRestarts;

        private Builder() {}

        /** The application jar (required); its classes need not be on any node's classpath. */
        public Builder jar(Path jar) {
            this.jar = Objects.requireNonNull(jar, "jar");
            return this;
        }

        /** The driver's main class; without it the jar manifest's {@code Main-Class} is used. */
        public Builder mainClass(String mainClass) {
            if (mainClass != null && mainClass.isBlank()) {
                throw new IllegalArgumentException("main class is blank [mainClass='" + mainClass + "']");
            }
            this.mainClass = mainClass;
            return this;
        }

        /** Arguments for the driver's {@code main}, appended to those given before. */
        public Builder args(String... args) {
            return args(List.of(args));
        }

        /** Arguments for the driver's {@code main}, appended to those given before. */
        public Builder args(List<String> args) {
            for (String a : args) {
                this.args.add(Objects.requireNonNull(a, "argument"));
            }
            return this;
        }

        /** A config file shipped with the job. */
        public Builder config(Path config) {
            this.config = config;
            return this;
        }

        /** GPUs the driver needs (default 0: the driver runs on a worker, so it outlives the head). */
        public Builder entrypointGpus(int gpus) {
            if (gpus < 0) {
                throw new IllegalArgumentException("entrypoint GPUs must be >= 0 [entrypointGpus=" + gpus + "]");
            }
            this.entrypointGpus = gpus;
            return this;
        }

        /**
         * How many times the driver is started again, on another node, when the node running it leaves the cluster
         * (default 0: the job then fails, with a reason that says so). A restarted driver runs {@code main} from the
         * start; its output goes on in the same log.
         */
        public Builder maxRestarts(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("max restarts must be >= 0 [maxRestarts=" + n + "]");
            }
            this.maxRestarts = n;
            return this;
        }

        /** Checks the spec and builds it. */
        public JobSpec build() {
            if (jar == null) {
                throw new IllegalArgumentException("a job needs a jar [jar=<unset>]");
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("job jar does not exist or is not a file [jar=" + jar + "]");
            }
            if (config != null && !Files.isRegularFile(config)) {
                throw new IllegalArgumentException(
                        "job config does not exist or is not a file [config=" + config + "]");
            }
            return new JobSpec(this);
        }
    }
}
