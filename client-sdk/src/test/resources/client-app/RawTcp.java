package app;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The raw TCP baseline: {@code java -cp app.jar app.RawTcp HOST PORT [KEYSTORE TRUSTSTORE PASSWORD]}. Per connection: 'P' LENGTH then LENGTH bytes
 * (answered with one byte), 'G' LENGTH (answered with LENGTH bytes). Exits after 10 minutes whatever happens.
 */
public final class RawTcp {
    public static void main(String[] args) throws Exception {
        Thread reaper = new Thread(() -> {
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                return;
            }
            System.exit(0);
        });
        reaper.setDaemon(true);
        reaper.start();
        // With KEYSTORE TRUSTSTORE PASSWORD: the same over mutual TLS, as the blob servers speak it.
        ServerSocket bound = args.length >= 5
                ? Client.tls(args[2], args[3], args[4])
                        .getServerSocketFactory()
                        .createServerSocket(Integer.parseInt(args[1]), 8, InetAddress.getByName(args[0]))
                : new ServerSocket(Integer.parseInt(args[1]), 8, InetAddress.getByName(args[0]));
        if (bound instanceof javax.net.ssl.SSLServerSocket ssl) {
            ssl.setNeedClientAuth(true);
            dev.anvil.internal.blobs.BlobTls.preferFast(ssl); // the cipher suite the blob servers pick
        }
        try (ServerSocket server = bound) {
            System.out.println("listening");
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s));
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void serve(Socket s) {
        byte[] buf = new byte[1 << 20];
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (true) {
                int op;
                try {
                    op = in.readByte();
                } catch (EOFException e) {
                    return;
                }
                long n = in.readLong();
                if (op == 'P') {
                    for (long done = 0; done < n; ) {
                        int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
                        if (r < 0) {
                            return;
                        }
                        done += r;
                    }
                    out.writeByte(1);
                    out.flush();
                } else {
                    for (long done = 0; done < n; done += buf.length) {
                        out.write(buf, 0, (int) Math.min(buf.length, n - done));
                    }
                    out.flush();
                }
            }
        } catch (Exception e) {
            // the client went away
        }
    }
}
