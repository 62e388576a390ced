package dev.runbook.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.runbook.model.MigrateSpec.Naming;
import dev.runbook.testdb.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.extensibility.TelemetryPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that Flyway, as Runbook runs it, talks to nothing but the database: no update check, no
 * telemetry, no Redgate reporting.
 *
 * <p>Technique: two JVM-wide observers watch a real migrate and info, and a positive control first shows
 * that each one does see an HTTP call made the ways telemetry code would make it.
 * <ol>
 *   <li>A recording {@link ProxySelector} set with {@link ProxySelector#setDefault}. The JDK asks the default
 *       selector before every {@code HttpURLConnection}/{@code URL.openStream} ({@code http(s)://} URIs), for
 *       every {@code java.net.http.HttpClient} built without its own proxy, and for every plain
 *       {@code java.net.Socket} connect (its SOCKS layer asks for {@code socket://host:port}); the PostgreSQL
 *       driver's own socket shows up this way. It records attempts even when the connect would fail, which
 *       matters on a machine without internet access, where a telemetry call would never move a byte.</li>
 *   <li>A JFR recording of {@code jdk.SocketRead} and {@code jdk.SocketWrite} with threshold 0: the JDK emits
 *       one event per read or write on any {@code java.net.Socket} or NIO {@code SocketChannel}, with the
 *       remote address and port, which covers code that bypasses the proxy selector.</li>
 * </ol>
 * A {@code SecurityManager} would also see connects, but it is deprecated for removal and would not catch
 * failed-before-connect lookups any better. DNS lookups alone (UDP) are not observed; a report needs TCP.
 */
class FlywayPrivacyTest {
    @RegisterExtension
    static final TestPostgres PG = new TestPostgres();

    @TempDir
    Path dir;

    /** Records every URI the JDK asks about and answers "no proxy", so behaviour is otherwise unchanged. */
    static final class RecordingSelector extends ProxySelector {
        final List<URI> asked = new CopyOnWriteArrayList<>();

        @Override
        public List<Proxy> select(URI uri) {
            asked.add(uri);
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            asked.add(uri);
        }
    }

    @Test
    void flywayContactsNothingButTheDatabase() throws Exception {
        TestPostgres.Db db = PG.freshDatabase();
        Files.writeString(dir.resolve("001_init.sql"), "CREATE TABLE a (id int);");
        Files.writeString(dir.resolve("002_more.sql"), "INSERT INTO a VALUES (1);");
        MigrationRunner runner = new MigrationRunner(db.dataSource());
        MigrationRequest request = MigrationRequest.latest(List.of(dir), Naming.NUMBERED);

        ProxySelector original = ProxySelector.getDefault();
        RecordingSelector selector = new RecordingSelector();
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        control.start();
        int controlPort = control.getAddress().getPort();
        boolean stopped = false;
        try {
            ProxySelector.setDefault(selector);

            // Positive control: both observers see HTTP calls made the two ways Java code makes them.
            Set<Integer> controlPorts = socketPorts(() -> {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + controlPort + "/check")
                        .toURL().openConnection();
                try (InputStream in = c.getInputStream()) {
                    in.readAllBytes();
                }
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort
                        + "/telemetry")).build(), HttpResponse.BodyHandlers.discarding());
            });
            assertTrue(controlPorts.contains(controlPort), "JFR saw the control's HTTP traffic: " + controlPorts);
            assertTrue(selector.asked.stream().anyMatch(u -> u.getPath() != null && u.getPath().equals("/check")),
                    "the selector saw HttpURLConnection: " + selector.asked);
            assertTrue(selector.asked.stream().anyMatch(u -> u.getPath() != null && u.getPath().equals("/telemetry")),
                    "the selector saw HttpClient: " + selector.asked);
            selector.asked.clear();
            // The control's connections close now, not in the middle of the window below: a keep-alive socket the
            // JDK closes after its idle timeout (5 s) would otherwise show up as traffic while Flyway runs.
            control.stop(0);
            stopped = true;

            // The real thing: migrate and info as the executor and plan --connect run them.
            Set<Integer> flywayPorts = socketPorts(() -> {
                assertTrue(runner.migrate(request).succeeded());
                assertTrue(runner.info(request).upToDate());
            });

            assertEquals(Set.of(db.port()), flywayPorts, "JFR: sockets used while Flyway ran");
            Set<String> contacted = new TreeSet<>();
            for (URI u : selector.asked) contacted.add(u.getScheme() + "://" + u.getHost() + ":" + u.getPort());
            assertEquals(Set.of("socket://localhost:" + db.port()), contacted, "proxy selector: every connection attempt");
        } finally {
            ProxySelector.setDefault(original);
            if (!stopped) control.stop(0);
        }
    }

    @Test
    void noTelemetryPluginIsOnTheClasspathAndReportsAreOff() {
        var config = Flyway.configure(getClass().getClassLoader());
        assertEquals(List.of(), config.getPluginRegister().getPlugins(TelemetryPlugin.class));
        Flyway flyway = FlywaySettings.load(PG.freshDatabase().dataSource(),
                MigrationRequest.latest(List.of(dir), Naming.FLYWAY));
        assertFalse(flyway.getConfiguration().isReportEnabled());
    }

    interface Action {
        void run() throws Exception;
    }

    /** Remote ports of every socket read or write the JDK recorded while {@code action} ran. */
    private static Set<Integer> socketPorts(Action action) throws Exception {
        Path file = Files.createTempFile("privacy", ".jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.SocketRead").withThreshold(Duration.ZERO);
            r.enable("jdk.SocketWrite").withThreshold(Duration.ZERO);
            r.start();
            action.run();
            r.stop();
            r.dump(file);
            Set<Integer> ports = new TreeSet<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) ports.add(e.getInt("port"));
            return ports;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
