package dev.anvil.internal.replay;

import dev.anvil.sdk.AnvilException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte form of a replay buffer's state: its configuration, the sampler's position, and every entry (key, sample
 * count, payload) oldest first. Encoding the same state twice gives the same bytes.
 *
 * @param descriptor the buffer's element type and configuration
 * @param draws how many draws the sampler has made
 * @param keys entry keys, oldest first
 * @param entries entries, in the order of {@code keys}
 */
record ReplayState(String descriptor, long draws, List<ReplayKey> keys, List<ReplayEntry> entries) {
    private static final int MAGIC = 0x414E5242; // "ANRB"
    private static final int FORMAT = 1;

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(descriptor);
            out.writeLong(draws);
            out.writeInt(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                ReplayKey k = keys.get(i);
                ReplayEntry e = entries.get(i);
                out.writeLong(k.addedAtMicros());
                out.writeLong(k.seq());
                out.writeLong(k.policyVersion());
                out.writeInt(e.sampleCount());
                out.writeInt(e.payload().length);
                out.write(e.payload());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a state.
     *
     * @throws AnvilException when the bytes are not a replay-buffer state
     */
    static ReplayState decode(byte[] state) {
        if (state == null) {
            throw new IllegalArgumentException("replay buffer state is null [state=null]");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
            int magic = in.readInt();
            int format = in.readInt();
            if (magic != MAGIC || format != FORMAT) {
                throw new AnvilException("bytes are not a replay buffer state [magic=" + Integer.toHexString(magic)
                        + ", format=" + format + "]");
            }
            String descriptor = in.readUTF();
            long draws = in.readLong();
            int n = in.readInt();
            if (n < 0) {
                throw new AnvilException("replay buffer state is corrupt [entries=" + n + "]");
            }
            List<ReplayKey> keys = new ArrayList<>(n);
            List<ReplayEntry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                keys.add(new ReplayKey(in.readLong(), in.readLong(), in.readLong()));
                int count = in.readInt();
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    throw new AnvilException(
                            "replay buffer state is corrupt [entry=" + i + ", payloadBytes=" + len + "]");
                }
                byte[] payload = new byte[len];
                in.readFully(payload);
                entries.add(new ReplayEntry(count, payload));
            }
            if (in.available() != 0) {
                throw new AnvilException("replay buffer state has trailing bytes [trailing=" + in.available() + "]");
            }
            return new ReplayState(descriptor, draws, keys, entries);
        } catch (IOException e) {
            throw new AnvilException("replay buffer state is truncated or corrupt [bytes=" + state.length + "]", e);
        }
    }
}
