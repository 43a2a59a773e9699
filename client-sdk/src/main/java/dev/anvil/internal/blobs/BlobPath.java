package dev.anvil.internal.blobs;

import java.util.regex.Pattern;

/**
 * Where one immutable blob lives inside a holder's directory: {@code <store>/<version>/<name>}. Validated here, once,
 * because these strings become file names on servers and travel over the wire.
 *
 * @param store store name (a weight store's name)
 * @param version version number, {@code >= 0}
 * @param name blob name inside the version
 */
public record BlobPath(String store, long version, String name) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,120}");

    public BlobPath {
        check("store", store);
        check("blob name", name);
        if (version < 0) {
            throw new IllegalArgumentException("blob version must be >= 0 [version=" + version + "]");
        }
    }

    private static void check(String what, String s) {
        if (s == null || !SAFE.matcher(s).matches() || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException(
                    what + " must be 1-120 letters, digits, '.', '_' or '-' [" + what + "=" + s + "]");
        }
    }

    /** Directory of the version, relative to a holder's root. */
    String versionDir() {
        return store + "/" + version;
    }

    /** File of the blob, relative to a holder's root. */
    public String relative() {
        return versionDir() + "/" + name;
    }
}
