package dev.runbook.migrate;

import dev.runbook.plan.MigrationScript;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Flyway's view of the migrations folders made from the plan's scripts, so Flyway reads no file at run time.
 * Names and relative paths are the files' own, so the schema history records the same script names and
 * checksums as a scan of the folder would.
 */
final class PlannedResources implements ResourceProvider {
    private final List<MigrationScript> scripts;

    PlannedResources(List<MigrationScript> scripts) {
        this.scripts = List.copyOf(scripts);
    }

    @Override
    public LoadableResource getResource(String name) {
        for (MigrationScript s : scripts) if (s.relativePath().equals(name)) return new Script(s);
        return null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> out = new ArrayList<>();
        for (MigrationScript s : scripts) {
            String name = s.file().getFileName().toString();
            if (!name.startsWith(prefix)) continue;
            for (String suffix : suffixes) {
                // As Flyway's own scanner: V7__x.SQL is a migration too.
                if (name.toLowerCase(java.util.Locale.ROOT).endsWith(suffix.toLowerCase(java.util.Locale.ROOT))) {
                    out.add(new Script(s));
                    break;
                }
            }
        }
        return out;
    }

    /** One planned script as a Flyway resource. */
    private static final class Script extends LoadableResource {
        private final MigrationScript script;

        Script(MigrationScript script) {
            this.script = script;
        }

        @Override
        public Reader read() {
            return new StringReader(script.text());
        }

        @Override
        public String getAbsolutePath() {
            return script.file().toString();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return script.file().toString();
        }

        @Override
        public String getFilename() {
            return script.file().getFileName().toString();
        }

        @Override
        public String getRelativePath() {
            return script.relativePath();
        }
    }
}
