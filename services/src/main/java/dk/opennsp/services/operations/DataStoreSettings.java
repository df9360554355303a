package dk.opennsp.services.operations;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Short timeouts on the data store, so that an outage is answered in about a second instead of the
 * pool's default 30 s: {@code opennsp.db.connect-timeout} bounds waiting for a pooled or new connection,
 * {@code opennsp.db.statement-timeout} bounds one statement (PostgreSQL {@code statement_timeout}, H2
 * {@code QUERY_TIMEOUT}). Applied before the pool starts.
 */
@Singleton
public class DataStoreSettings implements BeanCreatedEventListener<DatasourceConfiguration> {
    private final Duration connectTimeout;
    private final Duration statementTimeout;

    public DataStoreSettings(@Value("${opennsp.db.connect-timeout:1s}") Duration connectTimeout,
                             @Value("${opennsp.db.statement-timeout:5s}") Duration statementTimeout) {
        this.connectTimeout = connectTimeout;
        this.statementTimeout = statementTimeout;
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration pool = event.getBean();
        long connectMillis = Math.max(250, connectTimeout.toMillis());
        pool.setConnectionTimeout(connectMillis);
        pool.setValidationTimeout(Math.max(250, Math.min(connectMillis / 2, 1000)));
        String url = pool.getUrl() == null ? "" : pool.getUrl();
        if (url.startsWith("jdbc:postgresql:")) {
            long connectSeconds = Math.max(1, (connectMillis + 999) / 1000);
            pool.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
            pool.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
            // a server that stops answering mid-statement (network gone) must not hold a worker for minutes
            pool.addDataSourceProperty("socketTimeout", String.valueOf(statementTimeout.toSeconds() + 5));
            pool.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
        } else if (url.startsWith("jdbc:h2:")) {
            pool.addDataSourceProperty("QUERY_TIMEOUT", String.valueOf(statementTimeout.toMillis()));
            // H2 would close itself from its own JVM shutdown hook, under requests still draining on SIGTERM;
            // the pool closes it instead, after the drain and the MinLog writer's flush
            pool.addDataSourceProperty("DB_CLOSE_ON_EXIT", "FALSE");
        }
        return pool;
    }
}
