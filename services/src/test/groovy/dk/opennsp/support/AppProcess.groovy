package dk.opennsp.support

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * The platform as a separate JVM (the same main class and classpath as the jar), for what only a real
 * process shows: kill -9, SIGTERM, restart on the same database.
 */
class AppProcess {
    final Process process
    final int port
    final Path log

    private AppProcess(Process process, int port, Path log) {
        this.process = process
        this.port = port
        this.log = log
    }

    static AppProcess start(String name, Map<String, Object> database, Map<String, Object> extra = [:]) {
        int port = new ServerSocket(0).withCloseable { it.localPort }
        Map<String, Object> props = TestApp.properties(database, extra) + ['micronaut.server.port': port]
        String classpath = System.getProperty('surefire.test.class.path') ?: System.getProperty('java.class.path')
        Path log = TestApp.DIR.resolve("${name}-${System.nanoTime()}.log")
        List<String> command = [Path.of(System.getProperty('java.home'), 'bin', 'java').toString(), '-Xmx512m',
                                *props.collect { k, v -> "-D${k}=${v}".toString() }, '-cp', classpath, 'dk.opennsp.Application']
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start()
        AppProcess app = new AppProcess(process, port, log)
        app.awaitReady(Duration.ofSeconds(120))
        app
    }

    String url(String path) {
        "http://localhost:${port}${path}"
    }

    void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient()
        long deadline = System.nanoTime() + timeout.toNanos()
        while (System.nanoTime() < deadline) {
            if (!process.alive) {
                throw new IllegalStateException("The application exited with ${process.exitValue()}:\n${tail()}")
            }
            try {
                def r = client.send(HttpRequest.newBuilder(URI.create(url('/health/readiness'))).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString())
                if (r.statusCode() == 200) {
                    return
                }
            } catch (IOException ignored) {
                // not listening yet
            }
            Thread.sleep(250)
        }
        throw new IllegalStateException("The application did not become ready:\n${tail()}")
    }

    /** kill -9: no shutdown hook, no flush, nothing. */
    void kill() {
        process.destroyForcibly()
        process.waitFor()
    }

    /** SIGTERM (unless already sent); returns the exit code once the process has ended. */
    int terminate(Duration timeout, boolean signal = true) {
        if (signal) {
            process.destroy()
        }
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly()
            throw new IllegalStateException("The application did not stop within ${timeout}:\n${tail()}")
        }
        process.exitValue()
    }

    String tail(int lines = 60) {
        List<String> all = Files.exists(log) ? Files.readAllLines(log) : []
        all.takeRight(lines).join('\n')
    }
}
