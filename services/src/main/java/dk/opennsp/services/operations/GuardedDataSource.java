package dk.opennsp.services.operations;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The connection pool behind a Resilience4j {@link CircuitBreaker}: failed or timed-out connection
 * acquisitions open it, and while it is open every caller (requests, the MinLog writer, refreshes) is
 * refused in microseconds with a transient SQL error (SQLState 08001) that the error paths turn into
 * 503 + Retry-After. The breaker half-opens by itself and closes once connections succeed again.
 * Deliberately not a Micronaut {@code DelegatingDataSource}: unwrapping must stop here so that no
 * component can bypass the breaker.
 */
public final class GuardedDataSource implements DataSource {
    private final DataSource pool;
    private final CircuitBreaker breaker;

    public GuardedDataSource(DataSource pool, CircuitBreaker breaker) {
        this.pool = pool;
        this.breaker = breaker;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    DataSource pool() {
        return pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return guarded(pool::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return guarded(() -> pool.getConnection(username, password));
    }

    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private Connection guarded(ConnectionSource source) throws SQLException {
        if (!breaker.tryAcquirePermission()) {
            throw new SQLTransientConnectionException("The data store is unavailable (circuit open)", "08001");
        }
        long start = System.nanoTime();
        try {
            Connection connection = source.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return connection;
        } catch (SQLException | RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
