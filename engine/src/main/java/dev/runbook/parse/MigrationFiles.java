package dev.runbook.parse;

import dev.runbook.migrate.FlywayNaming;
import dev.runbook.model.MigrateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.migration.baseline.BaselineMigrationConfigurationExtension;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resource.ResourceName;
import org.flywaydb.core.internal.resource.ResourceNameParser;
import org.flywaydb.core.internal.scanner.filesystem.FileSystemScanner;

/**
 * The files of migration folders as Flyway sees them, found by Flyway's own file-system scanner and named by
 * its own name parser (with the step's naming), so validate and plan accept exactly what a run applies:
 * versioned with or without a description ({@code V2.sql}, {@code V3__.sql}), baselines ({@code B4__x.sql}),
 * repeatables, SQL callbacks ({@code afterMigrate.sql}, {@code beforeMigrate__x.sql}); the rest is ignored,
 * each with Flyway's reason. Internal Flyway classes are used because its public API only offers this with a
 * database connection ({@code info()}); validate and plan connect to nothing.
 */
public final class MigrationFiles {
    /** What Flyway makes of a file. */
    public enum Kind { VERSIONED, BASELINE, REPEATABLE, CALLBACK, IGNORED }

    /**
     * One file. {@code label} is how the plan names it ({@code migrations/V1__a.sql}); {@code version} is set for
     * versioned and baseline files, {@code event} for callbacks, {@code ignoredBecause} for ignored files.
     */
    public record Migration(Path path, String label, Kind kind, String version, String description, String event,
                            String ignoredBecause) {
        public boolean repeatable() {
            return kind == Kind.REPEATABLE;
        }

        MigrationVersion flywayVersion() {
            return MigrationVersion.fromVersion(version);
        }
    }

    /** A folder given to a migrate step: its label as written in the runbook and where it is. */
    public record Folder(String label, Path path) {}

    /** Every file of a step's folders, classified; Flyway's order within each kind. */
    public record Listing(List<Migration> versioned, List<Migration> baselines, List<Migration> repeatables,
                          List<Migration> callbacks, List<Migration> ignored) {
        /** The baseline a target without history starts from: the latest baseline file at or below the target. */
        public Migration baseline(String target) {
            Migration found = null;
            for (Migration b : baselines) if (upTo(b, target)) found = b;
            return found;
        }

        /** What Flyway applies to a target without migration history, in order: baseline, later versions, repeatables. */
        public List<Migration> applied(String target) {
            Migration baseline = baseline(target);
            List<Migration> out = new ArrayList<>();
            if (baseline != null) out.add(baseline);
            for (Migration v : versioned) {
                if (upTo(v, target) && (baseline == null || v.flywayVersion().isNewerThan(baseline.flywayVersion()))) out.add(v);
            }
            out.addAll(repeatables);
            return out;
        }

        /** Versioned files a new target never runs because the baseline holds them (Flyway: "Below Baseline"). */
        public List<Migration> belowBaseline(String target) {
            Migration baseline = baseline(target);
            if (baseline == null) return List.of();
            return versioned.stream().filter(v -> !v.flywayVersion().isNewerThan(baseline.flywayVersion())).toList();
        }

        /**
         * The versions that {@code baseline_on_migrate} at {@code baselineVersion} marks as present instead of
         * running them, on a target that has tables but no history: versioned files at or below that version.
         */
        public List<Migration> atOrBelow(String baselineVersion, String target) {
            MigrationVersion v = MigrationVersion.fromVersion(baselineVersion);
            return applied(target).stream().filter(m -> m.kind() == Kind.VERSIONED && !m.flywayVersion().isNewerThan(v)).toList();
        }

        /** Every file Flyway reads (all but the ignored): what a plan hashes. */
        public List<Migration> read() {
            List<Migration> out = new ArrayList<>(versioned);
            out.addAll(baselines);
            out.addAll(repeatables);
            out.addAll(callbacks);
            return out;
        }
    }

    private MigrationFiles() {}

    /** Lists and classifies the folders' files as Flyway does for this naming. */
    public static Listing scan(List<Folder> folders, MigrateSpec.Naming naming) throws IOException {
        FluentConfiguration cfg = FlywayNaming.configuration(naming);
        ResourceNameParser parser = new ResourceNameParser(cfg);
        String[] suffixes = cfg.getSqlMigrationSuffixes();
        String baselinePrefix = baselinePrefix(cfg);
        List<Migration> versioned = new ArrayList<>();
        List<Migration> baselines = new ArrayList<>();
        List<Migration> repeatables = new ArrayList<>();
        List<Migration> callbacks = new ArrayList<>();
        List<Migration> ignored = new ArrayList<>();
        for (Folder folder : folders) {
            if (!Files.isDirectory(folder.path())) throw new IOException("not a folder: " + folder.path());
            List<LoadableResource> resources;
            try {
                resources = new ArrayList<>(new FileSystemScanner(false, cfg).scanForResources(
                        new Location(Location.FILESYSTEM_PREFIX + folder.path().toAbsolutePath().normalize())));
            } catch (FlywayException e) {
                throw new IOException(e.getMessage(), e);
            }
            resources.sort(Comparator.comparing(LoadableResource::getRelativePath));
            for (LoadableResource r : resources) {
                Path path = Path.of(r.getAbsolutePathOnDisk());
                String label = folder.label() + "/" + r.getRelativePath().replace('\\', '/');
                String name = r.getFilename();
                String suffix = suffixOf(name, suffixes);
                if (suffix == null) {
                    ignored.add(ignored(path, label, name.toLowerCase(Locale.ROOT).endsWith(".conf")
                            ? "a script configuration file, not a migration"
                            : "not an SQL file (Flyway reads " + String.join(", ", suffixes) + ")"));
                    continue;
                }
                ResourceName parsed = parser.parse(name, suffixes);
                if (!parsed.isValid()) {
                    ignored.add(ignored(path, label, parsed.getValidityMessage()));
                    continue;
                }
                String prefix = parsed.getPrefix();
                String version = parsed.getVersion() == null ? null : parsed.getVersion().getVersion();
                String description = parsed.getDescription().strip();
                if (isCallback(prefix)) {
                    callbacks.add(new Migration(path, label, Kind.CALLBACK, null, description, prefix, null));
                } else if (prefix.equals(cfg.getRepeatableSqlMigrationPrefix())) {
                    repeatables.add(new Migration(path, label, Kind.REPEATABLE, null, description, null, null));
                } else if (version != null && prefix.equals(cfg.getSqlMigrationPrefix())) {
                    versioned.add(new Migration(path, label, Kind.VERSIONED, version, description, null, null));
                } else if (version != null && prefix.equals(baselinePrefix)) {
                    baselines.add(new Migration(path, label, Kind.BASELINE, version, description, null, null));
                } else {
                    ignored.add(ignored(path, label, "prefix '" + prefix + "' names a kind of migration Runbook's Flyway"
                            + " (community edition) does not run"));
                }
            }
        }
        Comparator<Migration> byVersion = Comparator.comparing(Migration::flywayVersion);
        versioned.sort(byVersion);
        baselines.sort(byVersion);
        // Flyway orders repeatables by description and runs callbacks of one event in file-name order.
        repeatables.sort(Comparator.comparing(Migration::description).thenComparing(Migration::label));
        callbacks.sort(Comparator.comparing((Migration m) -> Event.fromId(m.event()).ordinal())
                .thenComparing(m -> m.path().getFileName().toString()));
        return new Listing(List.copyOf(versioned), List.copyOf(baselines), List.copyOf(repeatables), List.copyOf(callbacks),
                List.copyOf(ignored));
    }

    /** One folder, labelled by its name. */
    public static Listing scan(Path folder, MigrateSpec.Naming naming) throws IOException {
        return scan(List.of(new Folder(folder.getFileName().toString(), folder)), naming);
    }

    /** What a target without history gets from one folder up to {@code target} (all when null or "latest"). */
    public static List<Migration> list(Path folder, MigrateSpec.Naming naming, String target) throws IOException {
        return scan(folder, naming).applied(target);
    }

    /** Whether an ignored file's name fits the numbered naming, so the hint can say to declare it. */
    public static boolean looksNumbered(Path file) {
        return file.getFileName().toString().matches("[0-9]+(\\.[0-9]+)*_.+\\.sql");
    }

    /** A target that is no version yet ({@code ${params.to}} before the plan fixes it) limits nothing: lint reads all. */
    private static boolean upTo(Migration m, String target) {
        if (target == null || target.isBlank() || target.strip().equalsIgnoreCase("latest")) return true;
        if (!target.strip().matches("[0-9]+([._][0-9]+)*")) return true;
        return !m.flywayVersion().isNewerThan(MigrationVersion.fromVersion(target.strip().replace('_', '.')));
    }

    private static Migration ignored(Path path, String label, String why) {
        return new Migration(path, label, Kind.IGNORED, null, null, null, why);
    }

    /** Flyway matches suffixes ignoring case ({@code V7__x.SQL} runs). */
    private static String suffixOf(String name, String[] suffixes) {
        for (String s : suffixes) {
            if (name.toLowerCase(Locale.ROOT).endsWith(s.toLowerCase(Locale.ROOT))) return s;
        }
        return null;
    }

    private static boolean isCallback(String prefix) {
        return Event.fromId(prefix) != null;
    }

    /** The baseline-migration prefix of Flyway's configuration ("B" unless configured otherwise). */
    private static String baselinePrefix(FluentConfiguration cfg) {
        BaselineMigrationConfigurationExtension ext = cfg.getPluginRegister()
                .getPlugin(BaselineMigrationConfigurationExtension.class);
        return ext == null ? null : ext.getBaselineMigrationPrefix();
    }
}
