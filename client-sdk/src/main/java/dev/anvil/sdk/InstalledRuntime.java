package dev.anvil.sdk;

import java.util.ServiceLoader;

/** Holds the {@link AnvilRuntime} found on the class path, loaded on first use. */
final class InstalledRuntime {
    static final AnvilRuntime RUNTIME = ServiceLoader.load(AnvilRuntime.class, AnvilRuntime.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new AnvilException("no Anvil runtime on the class path [missing=dev.anvil:client-sdk"
                    + " META-INF/services/" + AnvilRuntime.class.getName() + "]"));

    private InstalledRuntime() {}
}
