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
 * Prints the achieved rate, statuses, latency percentiles of all answers and of the admitted ones (2xx),
 * and with {@code --timeline} a second-by-second account (for storms and outages: when answers turned
 * into fast refusals, when 200s came back). A connection the server closes counts its request as a
 * transport error and is opened again.
 * Used as the benchmarks' load, storm and probe.
 * With {@code --warmup s} the load runs s seconds longer and its first s seconds are not counted: the tool's
 * own JIT and the server's first moments under a new load are not what a storm's figures should show.
 * Usage: OpenLoopLoad url rate seconds connections label [--post bodyFile] [--header 'Name: value']... [--timeline]
 *        [--warmup seconds]
 */
public final class OpenLoopLoad {
    /** Status recorded for a request whose connection failed. */
    private static final int TRANSPORT_ERROR = -1;

    /** When each request fell due, and what became of it. */
    private static final class Requests {
        final long start = System.nanoTime();
        final long interval;
        final long[] latencies;
        final int[] statuses;
        /** How late this tool sent each request (its own stalls, or no free connection): told apart from the server's time. */
        final long[] sendLag;
        /** The first request counted (those before it are the warm-up's). */
        final int first;
        int answered;

        Requests(int total, int rate, int first) {
            this.first = first;
            interval = 1_000_000_000L / rate;
            latencies = new long[total];
            statuses = new int[total];
            sendLag = new long[total];
        }

        long due(int i) {
            return start + i * interval;
        }

        void sent(int i) {
            sendLag[i] = System.nanoTime() - due(i);
        }

        /** The answer (or TRANSPORT_ERROR) to request i, its latency counted from when it was due. */
        void answer(int i, int status) {
            latencies[i] = System.nanoTime() - due(i);
            statuses[i] = status;
            answered++;
        }
    }

    private static final class Connection {
        final SocketChannel channel;
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        /** Index of the request this connection is waiting for, or -1. */
        int request = -1;

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
        boolean timeline = false;
        int warmup = 0;
        StringBuilder headers = new StringBuilder();
        for (int i = 5; i < args.length; i++) {
            switch (args[i]) {
                case "--post" -> body = Files.readAllBytes(Path.of(args[++i]));
                case "--header" -> headers.append(args[++i]).append("\r\n");
                case "--timeline" -> timeline = true;
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
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
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());

        Selector selector = Selector.open();
        ArrayDeque<Connection> idle = new ArrayDeque<>();
        for (int i = 0; i < connections; i++) {
            idle.add(open(address, selector));
        }

        int total = rate * (warmup + seconds);
        Requests requests = new Requests(total, rate, rate * warmup);
        ArrayDeque<Integer> waiting = new ArrayDeque<>();
        int scheduled = 0;
        long giveUp = requests.start + (warmup + seconds + 30L) * 1_000_000_000L;
        while (requests.answered < total && System.nanoTime() < giveUp) {
            long now = System.nanoTime();
            while (scheduled < total && requests.due(scheduled) <= now) {
                waiting.add(scheduled++);
            }
            while (!waiting.isEmpty() && !idle.isEmpty()) {
                Connection connection = idle.poll();
                connection.request = waiting.poll();
                requests.sent(connection.request);
                ByteBuffer out = request.duplicate();
                try {
                    while (out.hasRemaining()) {
                        connection.channel.write(out);
                    }
                } catch (IOException e) {
                    requests.answer(connection.request, TRANSPORT_ERROR);
                    idle.add(reopen(connection, address, selector));
                }
            }
            long untilNext = scheduled < total ? requests.due(scheduled) - System.nanoTime() : 1_000_000L;
            if (untilNext > 0) {
                selector.select(Math.max(1, untilNext / 1_000_000L));
            } else {
                selector.selectNow();
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Connection connection = (Connection) key.attachment();
                int read;
                try {
                    read = connection.channel.read(connection.in);
                } catch (IOException e) {
                    read = -1;
                }
                if (read < 0) {
                    if (connection.request >= 0) {
                        requests.answer(connection.request, TRANSPORT_ERROR);
                    } else {
                        idle.remove(connection);
                    }
                    idle.add(reopen(connection, address, selector));
                    continue;
                }
                int status;
                while (connection.request >= 0 && (status = complete(connection)) != 0) {
                    requests.answer(connection.request, status);
                    connection.request = -1;
                    idle.add(connection);
                }
                if (!connection.in.hasRemaining()) {
                    connection.in = ByteBuffer.allocate(connection.in.capacity() * 2).put(connection.in.flip());
                }
            }
            selector.selectedKeys().clear();
        }
        double elapsed = (System.nanoTime() - requests.due(requests.first)) / 1e9;
        report(label, rate, seconds, connections, elapsed, scheduled, requests, timeline);
        System.exit(0);
    }

    private static void report(String label, int rate, int seconds, int connections, double elapsed, int sent,
                               Requests requests, boolean timeline) {
        long[] latencies = requests.latencies;
        int[] statuses = requests.statuses;
        int answered = requests.answered;
        Map<String, Integer> byStatus = new TreeMap<>();
        long[] all = new long[answered];
        long[] admitted = new long[answered];
        int answers = 0;
        int admissions = 0;
        for (int i = requests.first; i < sent; i++) {
            if (statuses[i] == 0) {
                continue; // sent, never answered
            }
            byStatus.merge(statuses[i] == TRANSPORT_ERROR ? "error" : String.valueOf(statuses[i]), 1, Integer::sum);
            all[answers++] = latencies[i];
            if (statuses[i] / 100 == 2) {
                admitted[admissions++] = latencies[i];
            }
        }
        System.out.printf("%s: offered %d req/s for %d s over %d connections; answered %d (%.0f req/s), unanswered %d, statuses %s%n",
                label, rate, seconds, connections, answers, answers / elapsed, rate * seconds - answers, byStatus);
        printLatency(label + ": latency from the scheduled send", Arrays.copyOf(all, answers));
        printLatency(label + ": admitted (2xx) " + admissions + " (" + Math.round(admissions / (double) seconds) + "/s)",
                Arrays.copyOf(admitted, admissions));
        if (timeline) {
            int[][] perSecond = new int[seconds + 1][3];
            long[] slowest = new long[seconds + 1];
            long[] latestSend = new long[seconds + 1];
            for (int i = requests.first; i < sent; i++) {
                int second = (int) Math.min(seconds, (i - requests.first) * requests.interval / 1_000_000_000L);
                int kind = statuses[i] / 100 == 2 ? 0 : statuses[i] == 429 || statuses[i] == 503 ? 1 : 2;
                perSecond[second][kind]++;
                slowest[second] = Math.max(slowest[second], latencies[i]);
                latestSend[second] = Math.max(latestSend[second], requests.sendLag[i]);
            }
            System.out.println("  second    2xx  429/503  other  max-latency-ms  max-send-lag-ms");
            for (int second = 0; second < seconds; second++) {
                System.out.printf("  %6d %6d %8d %6d %15.0f %16.1f%n", second, perSecond[second][0], perSecond[second][1],
                        perSecond[second][2], slowest[second] / 1e6, latestSend[second] / 1e6);
            }
        }
    }

    private static void printLatency(String what, long[] latencies) {
        if (latencies.length == 0) {
            System.out.println(what + ": none");
            return;
        }
        Arrays.sort(latencies);
        System.out.printf("%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", what, at(latencies, 0.50),
                at(latencies, 0.90), at(latencies, 0.99), at(latencies, 0.999), latencies[latencies.length - 1] / 1e6);
    }

    private static Connection open(InetSocketAddress address, Selector selector) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        Connection connection = new Connection(channel);
        channel.register(selector, SelectionKey.OP_READ, connection);
        return connection;
    }

    /** A fresh connection in place of one that failed (the server restarting or refusing: retried until it answers). */
    private static Connection reopen(Connection failed, InetSocketAddress address, Selector selector) {
        try {
            failed.channel.close();
        } catch (IOException ignored) {
            // already gone
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return open(address, selector);
            } catch (IOException e) {
                if (attempt == 50) {
                    throw new IllegalStateException("cannot reconnect to " + address, e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
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
