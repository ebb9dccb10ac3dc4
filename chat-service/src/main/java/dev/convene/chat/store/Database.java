package dev.convene.chat.store;

import dev.convene.chat.service.ChatErrors;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Plain JDBC transactions. When PostgreSQL cannot be reached (no connection, connection lost,
 * server shutting down) or a transaction must be retried (deadlock), callers get
 * 503 service_unavailable with Retry-After: the transaction rolled back, so a client retry
 * with the same client id neither loses nor doubles anything.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);

    private final AgroalDataSource dataSource;

    @Inject
    public Database(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The same transactions on another pool (the outbox publisher's). */
    public static Database on(AgroalDataSource dataSource) {
        return new Database(dataSource);
    }

    public <T> T inTransaction(SqlWork<T> work) {
        Connection connection = connect();
        try (connection) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Reads in auto-commit mode. */
    public <T> T read(SqlWork<T> work) {
        Connection connection = connect();
        try (connection) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** A connection for callers that manage it themselves (streaming a download). */
    public Connection connect() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            // the pool could not hand out a connection: the database is down or saturated
            LOG.warnf("No database connection: %s", e.getMessage());
            throw ChatErrors.storageUnavailable();
        }
    }

    public static RuntimeException translate(SQLException e) {
        if (isTransient(e)) {
            LOG.warnf("Database unavailable: %s (%s)", e.getMessage(), e.getSQLState());
            return ChatErrors.storageUnavailable();
        }
        return new IllegalStateException("Database error " + e.getSQLState(), e);
    }

    /** Connection failures (08…), shutdown/startup (57P0…), too many connections, deadlock/serialization. */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                        || state.equals("40001") || state.equals("40P01")) {
                    return true;
                }
            }
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}
