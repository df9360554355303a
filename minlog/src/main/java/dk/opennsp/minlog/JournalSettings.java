package dk.opennsp.minlog;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether and where MinLog entries are journaled (see {@link GroupCommitLogWriter}): only on an embedded H2
 * database, one node's own. The directory is {@code opennsp.minlog.journal.directory}, by default beside the H2
 * file ({@code ./data/opennsp} → {@code ./data/opennsp.minlog-journal}); an in-memory H2 database has no
 * default and so no journal unless one is configured.
 */
@Singleton
public class JournalSettings {
    private final boolean enabled;
    private final String directory;
    private final int segmentSize;
    private final Duration indexInterval;
    private final String url;

    public JournalSettings(@Value("${datasources.default.url:}") String url,
                           @Value("${opennsp.minlog.journal.enabled:true}") boolean enabled,
                           @Value("${opennsp.minlog.journal.directory:}") String directory,
                           @Value("${opennsp.minlog.journal.segment-size:64MB}") @ReadableBytes int segmentSize,
                           @Value("${opennsp.minlog.journal.index-interval:100ms}") Duration indexInterval) {
        this.url = url;
        this.enabled = enabled;
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.indexInterval = indexInterval;
    }

    int segmentSize() {
        return segmentSize;
    }

    Duration indexInterval() {
        return indexInterval;
    }

    /** The journal's directory for the configured database, or null when entries go straight to the table. */
    Path directory() {
        return enabled ? directoryFor(url, directory) : null;
    }

    /** The journal directory for a JDBC URL: the configured one on embedded H2, else beside the H2 file, else null. */
    static Path directoryFor(String url, String configured) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return null;
        }
        String location = url.substring("jdbc:h2:".length());
        int settings = location.indexOf(';');
        location = settings < 0 ? location : location.substring(0, settings);
        if (location.startsWith("tcp:") || location.startsWith("ssl:")) {
            return null; // an H2 server may be shared: entries must reach the table before they are acknowledged
        }
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        if (location.startsWith("mem:")) {
            return null;
        }
        location = location.startsWith("file:") ? location.substring("file:".length()) : location;
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Path.of(location + ".minlog-journal");
    }
}
