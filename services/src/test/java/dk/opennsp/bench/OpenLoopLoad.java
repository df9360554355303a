package dk.opennsp.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Open-loop load at a fixed rate, cheap enough to share two cores with the server: one thread, plain
 * non-blocking sockets, HTTP/1.1 keep-alive over a pool of connections. Request {@code i} is due at
 * {@code start + i / rate} whatever the server does; its latency counts from that moment, so time spent
 * waiting for a free connection behind a slow answer is counted too (no coordinated omission).
 * Prints the achieved rate, statuses and latency percentiles.
 * Usage: OpenLoopLoad url rate seconds connections label [--post bodyFile] [--header 'Name: value']...
 */
public final class OpenLoopLoad {
    private static final class Connection {
        final SocketChannel channel;
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long due = -1;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        String label = args[4];
        byte[] body = null;
        StringBuilder headers = new StringBuilder();
        for (int i = 5; i < args.length; i += 2) {
            if (args[i].equals("--post")) {
                body = Files.readAllBytes(Path.of(args[i + 1]));
            } else if (args[i].equals("--header")) {
                headers.append(args[i + 1]).append("\r\n");
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String head = (body == null ? "GET " : "POST ") + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\n" + headers + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        ByteBuffer request = ByteBuffer.allocate(head.length() + (body == null ? 0 : body.length));
        request.put(head.getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.put(body);
        }
        request.flip();

        Selector selector = Selector.open();
        ArrayDeque<Connection> idle = new ArrayDeque<>();
        for (int i = 0; i < connections; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            Connection connection = new Connection(channel);
            channel.register(selector, SelectionKey.OP_READ, connection);
            idle.add(connection);
        }

        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        Map<Integer, Integer> statuses = new TreeMap<>();
        ArrayDeque<Long> waiting = new ArrayDeque<>();
        int scheduled = 0;
        int completed = 0;
        int failed = 0;
        long start = System.nanoTime();
        long giveUp = start + (seconds + 30L) * 1_000_000_000L;
        while (completed + failed < total && System.nanoTime() < giveUp) {
            long now = System.nanoTime();
            while (scheduled < total && start + scheduled * interval <= now) {
                waiting.add(start + scheduled++ * interval);
            }
            while (!waiting.isEmpty() && !idle.isEmpty()) {
                Connection connection = idle.poll();
                connection.due = waiting.poll();
                ByteBuffer out = request.duplicate();
                while (out.hasRemaining()) {
                    connection.channel.write(out);
                }
            }
            long untilNext = scheduled < total ? start + scheduled * interval - System.nanoTime() : 1_000_000L;
            if (untilNext > 0) {
                selector.select(Math.max(1, untilNext / 1_000_000L));
            } else {
                selector.selectNow();
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Connection connection = (Connection) key.attachment();
                int read = connection.channel.read(connection.in);
                if (read < 0) {
                    throw new IOException("the server closed a connection");
                }
                int status;
                while (connection.due >= 0 && (status = complete(connection)) != 0) {
                    latencies[completed++] = System.nanoTime() - connection.due;
                    statuses.merge(status, 1, Integer::sum);
                    connection.due = -1;
                    idle.add(connection);
                }
                if (!connection.in.hasRemaining()) {
                    connection.in = ByteBuffer.allocate(connection.in.capacity() * 2).put(connection.in.flip());
                }
            }
            selector.selectedKeys().clear();
        }
        failed = total - completed;
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] done = Arrays.copyOf(latencies, completed);
        Arrays.sort(done);
        System.out.printf("%s: offered %d req/s for %d s over %d connections; completed %d (%.0f req/s), unanswered %d, statuses %s%n",
                label, rate, seconds, connections, completed, completed / elapsed, failed, statuses);
        if (completed > 0) {
            System.out.printf("%s: latency from the scheduled send: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                    label, at(done, 0.50), at(done, 0.90), at(done, 0.99), at(done, 0.999), done[done.length - 1] / 1e6);
        }
        System.exit(0);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /**
     * If the buffer holds a whole response, consumes it and returns its status; else 0. Bodies are framed by
     * Content-Length or chunked transfer coding.
     */
    private static int complete(Connection connection) {
        ByteBuffer in = connection.in;
        byte[] data = in.array();
        int length = in.position();
        int headerEnd = indexOf(data, 0, length, "\r\n\r\n");
        if (headerEnd < 0) {
            return 0;
        }
        String header = new String(data, 0, headerEnd, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(header.substring(9, 12));
        int bodyStart = headerEnd + 4;
        int end;
        String lower = header.toLowerCase();
        int cl = lower.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int lineEnd = lower.indexOf("\r\n", cl + 2);
            int contentLength = Integer.parseInt(lower.substring(cl + 17, lineEnd < 0 ? lower.length() : lineEnd).trim());
            end = bodyStart + contentLength;
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            end = chunkedEnd(data, bodyStart, length);
        } else {
            end = bodyStart;
        }
        if (end < 0 || end > length) {
            return 0;
        }
        in.flip().position(end);
        in.compact();
        return status;
    }

    private static int chunkedEnd(byte[] data, int from, int length) {
        int at = from;
        while (true) {
            int lineEnd = indexOf(data, at, length, "\r\n");
            if (lineEnd < 0) {
                return -1;
            }
            int size = Integer.parseInt(new String(data, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            at = lineEnd + 2 + size + 2;
            if (size == 0) {
                return at <= length ? at : -1;
            }
            if (at > length) {
                return -1;
            }
        }
    }

    private static int indexOf(byte[] data, int from, int length, String pattern) {
        outer:
        for (int i = from; i <= length - pattern.length(); i++) {
            for (int j = 0; j < pattern.length(); j++) {
                if (data[i + j] != pattern.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
