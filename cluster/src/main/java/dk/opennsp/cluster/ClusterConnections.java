package dk.opennsp.cluster;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Dedicated connections to the platform's database, outside the request pool: a LISTEN connection is
 * held for the node's lifetime and a start-up lock for as long as seeding takes, neither of which a
 * pooled connection is for. Same URL, credentials and driver properties as the pool.
 */
@Singleton
public class ClusterConnections {
    private final DatasourceConfiguration pool;

    public ClusterConnections(@Named("default") DatasourceConfiguration pool) {
        this.pool = pool;
    }

    /** Only PostgreSQL is shared between nodes; the embedded H2 file belongs to one process. */
    public boolean shared() {
        String url = pool.getUrl();
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    /** A new connection (the caller closes it); {@code socketTimeout} bounds how long a silent server is waited for. */
    public Connection open(String applicationName, Duration socketTimeout) throws SQLException {
        Properties props = new Properties();
        props.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            props.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            props.setProperty("password", pool.getPassword());
        }
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("socketTimeout", String.valueOf(Math.max(1, socketTimeout.toSeconds())));
        props.setProperty("tcpKeepAlive", "true");
        Connection connection = DriverManager.getConnection(pool.getUrl(), props);
        connection.setAutoCommit(true);
        return connection;
    }
}
