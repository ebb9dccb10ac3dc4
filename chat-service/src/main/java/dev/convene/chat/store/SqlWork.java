package dev.convene.chat.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one connection (inside a transaction or not). */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
