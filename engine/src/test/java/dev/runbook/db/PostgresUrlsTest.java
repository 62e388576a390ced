package dev.runbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PostgresUrlsTest {

    private static void assertNoPassword(JdbcConnectionSpec spec, String password) {
        assertFalse(spec.jdbcUrl().contains(password), spec.jdbcUrl());
        assertFalse(spec.display().contains(password), spec.display());
        assertFalse(spec.toString().contains(password), spec.toString());
    }

    /** How pgjdbc itself reads the URL, without connecting. */
    private static Properties driverView(JdbcConnectionSpec spec) {
        return org.postgresql.Driver.parseURL(spec.jdbcUrl(), spec.toProperties());
    }

    @Test
    void libpqUrlMovesCredentialsIntoProperties() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://app:s3cret@db.example:5432/shop?sslmode=require",
                null, null);
        assertEquals("jdbc:postgresql://db.example:5432/shop?sslmode=require", spec.jdbcUrl());
        assertEquals(Map.of("user", "app", "password", "s3cret"), spec.properties());
        assertEquals("postgresql://app@db.example:5432/shop", spec.display());
        assertNoPassword(spec, "s3cret");
    }

    @Test
    void postgresSchemeIsAcceptedToo() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgres://app@db/shop", null, "pw");
        assertEquals("jdbc:postgresql://db/shop", spec.jdbcUrl());
        assertEquals("pw", spec.properties().get("password"));
        assertEquals("postgresql://app@db:5432/shop", spec.display());
    }

    @Test
    void userInfoIsPercentDecodedAndPlusStaysPlus() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://d%C3%A9v:p%40ss%3Aw+rd%2F@db/shop", null, null);
        assertEquals("d\u00e9v", spec.properties().get("user"));
        assertEquals("p@ss:w+rd/", spec.properties().get("password"));
        assertNoPassword(spec, "p%40ss");
        assertEquals("postgresql://d%C3%A9v@db:5432/shop", spec.display());
    }

    @Test
    void rawAtSignInPasswordIsReadUpToTheLastAt() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://app:p@ss@db/shop", null, null);
        assertEquals("p@ss", spec.properties().get("password"));
        assertEquals("jdbc:postgresql://db/shop", spec.jdbcUrl());
    }

    @Test
    void jdbcUrlLosesPasswordAndUserParametersButKeepsTheRest() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny(
                "jdbc:postgresql://db:6432/shop?user=app&password=top+secret%21&sslmode=verify-full&ApplicationName=x",
                null, null);
        assertEquals("jdbc:postgresql://db:6432/shop?sslmode=verify-full&ApplicationName=x", spec.jdbcUrl());
        assertEquals("app", spec.properties().get("user"));
        // pgjdbc decodes query values with URLDecoder, where '+' is a space; so do we
        assertEquals("top secret!", spec.properties().get("password"));
        assertEquals("postgresql://app@db:6432/shop", spec.display());
        assertNoPassword(spec, "top");
    }

    @Test
    void otherSecretParametersMoveToPropertiesToo() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("jdbc:postgresql://db/shop?sslpassword=keypw&sslmode=require",
                "app", "pw");
        assertEquals("jdbc:postgresql://db/shop?sslmode=require", spec.jdbcUrl());
        assertEquals("keypw", spec.properties().get("sslpassword"));
        assertNoPassword(spec, "keypw");
    }

    @Test
    void explicitCredentialsWinOverTheUrl() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://old:oldpw@db/shop", "new", "newpw");
        assertEquals(Map.of("user", "new", "password", "newpw"), spec.properties());
        assertEquals("postgresql://new@db:5432/shop", spec.display());
    }

    @Test
    void blankExplicitCredentialsDoNotOverride() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://app:pw@db/shop", " ", "");
        assertEquals(Map.of("user", "app", "password", "pw"), spec.properties());
    }

    @Test
    void libpqParametersAreTranslatedForPgjdbc() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny(
                "postgresql://db/shop?application_name=ops%20tool&connect_timeout=10&target_session_attrs=read-write",
                null, null);
        assertEquals("jdbc:postgresql://db/shop?ApplicationName=ops+tool&connectTimeout=10&targetServerType=primary",
                spec.jdbcUrl());
        Properties driver = driverView(spec);
        assertEquals("ops tool", driver.getProperty("ApplicationName"));
        assertEquals("primary", driver.getProperty("targetServerType"));
    }

    @Test
    void hostPortAndDatabaseMayComeFromLibpqParameters() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://?host=db&port=6543&dbname=shop&user=app", null, null);
        assertEquals("jdbc:postgresql://db:6543/shop", spec.jdbcUrl());
        assertEquals("postgresql://app@db:6543/shop", spec.display());
    }

    @Test
    void multipleHostsAndIpv6AreKept() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://u:pw@h1:5433,h2,[::1]/shop", null, null);
        assertEquals("jdbc:postgresql://h1:5433,h2,[::1]/shop", spec.jdbcUrl());
        assertEquals("postgresql://u@h1:5433,h2:5432,[::1]:5432/shop", spec.display());
        assertEquals("h1,h2,[::1]", driverView(spec).getProperty("PGHOST"));
    }

    @Test
    void missingHostMeansLocalhost() {
        assertEquals("jdbc:postgresql://localhost/shop", PostgresUrls.fromAny("postgresql:///shop", null, null).jdbcUrl());
        assertEquals("jdbc:postgresql://localhost/shop", PostgresUrls.fromAny("jdbc:postgresql:shop", null, null).jdbcUrl());
    }

    @Test
    void driverReadsTheDatabaseAndCredentialsWeMeant() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://app:pw@db:5432/my%20shop?sslmode=require", null, null);
        Properties driver = driverView(spec);
        assertEquals("my shop", driver.getProperty("PGDBNAME"));
        assertEquals("app", driver.getProperty("user"));
        assertEquals("pw", driver.getProperty("password"));
        assertEquals("require", driver.getProperty("sslmode"));
    }

    @Test
    void unixSocketHostIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> PostgresUrls.fromAny("postgresql:///shop?host=/var/run/postgresql", null, null));
    }

    @Test
    void otherSchemesAreRejectedWithoutEchoingThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrls.fromAny("mysql://root:hunter2@db/shop", null, null));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostgresUrls.fromAny(" ", null, null));
    }

    @Test
    void malformedPercentEncodingIsRejectedWithoutTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrls.fromAny("postgresql://app:bad%zzpw@db/shop", null, null));
        assertFalse(e.getMessage().contains("bad"), e.getMessage());
    }

    @Test
    void displayNeverLooksLikeItCarriesAPassword() {
        JdbcConnectionSpec spec = PostgresUrls.fromAny("postgresql://db/shop", "a:b", "pw");
        assertEquals("postgresql://a%3Ab@db:5432/shop", spec.display());
        assertTrue(spec.properties().containsKey("password"));
    }
}
