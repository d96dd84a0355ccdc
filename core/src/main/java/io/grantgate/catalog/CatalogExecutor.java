package io.grantgate.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs catalog statements on the caller's connection (inside the caller's transaction). */
public final class CatalogExecutor {

    private static final Logger log = LoggerFactory.getLogger(CatalogExecutor.class);

    private final Connection connection;

    public CatalogExecutor(Connection connection) {
        this.connection = connection;
    }

    public void run(List<CatalogStatement> statements) throws SQLException {
        for (CatalogStatement statement : statements) {
            log.debug("catalog: {}", statement.display());
            try (PreparedStatement s = connection.prepareStatement(statement.sql())) {
                List<Object> parameters = statement.parameters();
                for (int i = 0; i < parameters.size(); i++) {
                    s.setObject(i + 1, parameters.get(i));
                }
                s.executeUpdate();
            }
        }
    }
}
