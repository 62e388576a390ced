package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import java.sql.DriverPropertyInfo;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SqlServerUrlsTest {

    private static void assertNoPassword(JdbcConnectionSpec spec, String password) {
        assertFalse(spec.jdbcUrl().contains(password), spec.jdbcUrl());
        assertFalse(spec.display().contains(password), spec.display());
        assertFalse(spec.toString().contains(password), spec.toString());
    }

    /** The value mssql-jdbc itself parses out of the URL for a property, without connecting. */
    private static String driverValue(JdbcConnectionSpec spec, String property) throws Exception {
        for (DriverPropertyInfo info : new SQLServerDriver().getPropertyInfo(spec.jdbcUrl(), new Properties())) {
            if (info.name.equalsIgnoreCase(property)) {
                return info.value;
            }
        }
        throw new AssertionError("driver knows no property " + property);
    }

    @Test
    void buildsUrlWithOptionsAndKeepsThePasswordInProperties() {
        JdbcConnectionSpec spec = SqlServerUrls.build("db.example", null, "shop", true, false, "*.example", "sql",
                "app", "s3cret");
        assertEquals("jdbc:sqlserver://db.example:1433;databaseName=shop;encrypt=true;trustServerCertificate=false;"
                + "hostNameInCertificate=*.example", spec.jdbcUrl());
        assertEquals(Map.of("user", "app", "password", "s3cret"), spec.properties());
        assertEquals("sqlserver://app@db.example:1433/shop", spec.display());
        assertNoPassword(spec, "s3cret");
    }

    @Test
    void nullOptionsAreLeftToTheDriver() {
        JdbcConnectionSpec spec = SqlServerUrls.build("db", 14330, null, null, null, null, null, "app", "pw");
        assertEquals("jdbc:sqlserver://db:14330", spec.jdbcUrl());
        assertEquals("sqlserver://app@db:14330/", spec.display());
    }

    @Test
    void integratedAuthenticationSetsIntegratedSecurity() {
        JdbcConnectionSpec spec = SqlServerUrls.build("db", 1433, "shop", true, null, null, "integrated", null, null);
        assertEquals("jdbc:sqlserver://db:1433;databaseName=shop;encrypt=true;integratedSecurity=true", spec.jdbcUrl());
        assertEquals(Map.of(), spec.properties());
    }

    @Test
    void valuesWithSpecialCharactersAreBracedTheWayTheDriverReadsThem() throws Exception {
        JdbcConnectionSpec spec = SqlServerUrls.build("db", null, "we;ird}=db", null, null, null, "sql", "app", "pw");
        assertEquals("jdbc:sqlserver://db:1433;databaseName={we;ird}}=db}", spec.jdbcUrl());
        assertEquals("we;ird}=db", driverValue(spec, "databaseName"));
    }

    @Test
    void namedInstanceWithoutPortLetsTheBrowserResolveIt() {
        JdbcConnectionSpec spec = SqlServerUrls.build("db\\SQLEXPRESS", null, "shop", null, null, null, "sql", "app", "pw");
        assertEquals("jdbc:sqlserver://db\\SQLEXPRESS;databaseName=shop", spec.jdbcUrl());
        assertEquals("sqlserver://app@db\\SQLEXPRESS/shop", spec.display());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SqlServerUrls.build("db;x=1", null, null, null, null, null, "sql", "app", "pw"));
        assertThrows(IllegalArgumentException.class,
                () -> SqlServerUrls.build(" ", null, null, null, null, null, "sql", "app", "pw"));
        assertThrows(IllegalArgumentException.class,
                () -> SqlServerUrls.build("db", 0, null, null, null, null, "sql", "app", "pw"));
        assertThrows(IllegalArgumentException.class,
                () -> SqlServerUrls.build("db", null, null, null, null, null, "kerberos", "app", "pw"));
        assertThrows(IllegalArgumentException.class,
                () -> SqlServerUrls.build("db", null, null, null, null, null, "sql", null, "pw"));
    }

    @Test
    void fromJdbcUrlMovesUserAndPasswordOut() {
        JdbcConnectionSpec spec = SqlServerUrls.fromJdbcUrl(
                "jdbc:sqlserver://db:1433;databaseName=shop;user=app;password={p;a}}ss};encrypt=true");
        assertEquals("jdbc:sqlserver://db:1433;databaseName=shop;encrypt=true", spec.jdbcUrl());
        assertEquals(Map.of("user", "app", "password", "p;a}ss"), spec.properties());
        assertEquals("sqlserver://app@db:1433/shop", spec.display());
        assertNoPassword(spec, "p;a");
    }

    @Test
    void fromJdbcUrlMatchesPropertyNamesIgnoringCaseAndKnowsUserName() {
        JdbcConnectionSpec spec = SqlServerUrls.fromJdbcUrl(
                "JDBC:SQLSERVER://db;UserName=app;PASSWORD=pw;trustStorePassword=tspw;serverName=ignored");
        assertEquals("jdbc:sqlserver://db;serverName=ignored", spec.jdbcUrl());
        assertEquals(Map.of("user", "app", "password", "pw", "trustStorePassword", "tspw"), spec.properties());
        assertNoPassword(spec, "tspw");
    }

    @Test
    void fromJdbcUrlReadsHostPortAndDatabaseFromPropertiesForDisplay() {
        JdbcConnectionSpec spec = SqlServerUrls.fromJdbcUrl(
                "jdbc:sqlserver://;serverName=db;portNumber=1444;database=shop;integratedSecurity=true");
        assertEquals("sqlserver://db:1444/shop", spec.display());
        assertEquals(Map.of(), spec.properties());
    }

    @Test
    void explicitCredentialsWinOverTheJdbcUrl() {
        JdbcConnectionSpec spec = SqlServerUrls.fromJdbcUrl("jdbc:sqlserver://db;user=old;password=oldpw", "new", "newpw");
        assertEquals(Map.of("user", "new", "password", "newpw"), spec.properties());
    }

    @Test
    void fromJdbcUrlRejectsOtherUrlsWithoutEchoingThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SqlServerUrls.fromJdbcUrl("jdbc:postgresql://db/x?password=hunter2"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SqlServerUrls.fromJdbcUrl("jdbc:sqlserver://db;password={open"));
    }

    @Test
    void escapeValueBracesOnlyWhenNeeded() {
        assertEquals("plain", SqlServerUrls.escapeValue("plain"));
        assertEquals("{a;b}", SqlServerUrls.escapeValue("a;b"));
        assertEquals("{a}}b}", SqlServerUrls.escapeValue("a}b"));
        assertEquals("{ edge }", SqlServerUrls.escapeValue(" edge "));
        assertEquals("{}", SqlServerUrls.escapeValue(""));
        assertTrue(SqlServerUrls.escapeValue("k=v").startsWith("{"));
    }
}
