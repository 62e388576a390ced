package dev.runbook.parse;

import dev.runbook.model.MigrateSpec;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migration files of a folder as Flyway will see them (versioned {@code V1_2__x.sql} or numbered
 * {@code 001_x.sql}, plus repeatable {@code R__x.sql}), read without Flyway so validate and plan stay fast.
 * Flyway itself decides at run time; this listing only serves previews and lint.
 */
public final class MigrationFiles {
    private static final Pattern FLYWAY = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.+\\.sql");
    private static final Pattern NUMBERED = Pattern.compile("([0-9]+(?:\\.[0-9]+)*)_.+\\.sql");
    private static final Pattern REPEATABLE = Pattern.compile("R__.+\\.sql");

    /** One file; {@code version} is null for a repeatable migration. */
    public record Migration(Path path, String version) {
        public boolean repeatable() {
            return version == null;
        }
    }

    private MigrationFiles() {}

    /** Versioned files in version order up to {@code target} (all when null or "latest"), then repeatables. */
    public static List<Migration> list(Path folder, MigrateSpec.Naming naming, String target) throws IOException {
        List<Migration> versioned = new ArrayList<>();
        List<Migration> repeatable = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (REPEATABLE.matcher(name).matches()) {
                    repeatable.add(new Migration(p, null));
                    continue;
                }
                Matcher m = (naming == MigrateSpec.Naming.NUMBERED ? NUMBERED : FLYWAY).matcher(name);
                if (m.matches()) versioned.add(new Migration(p, m.group(1).replace('_', '.')));
            }
        }
        versioned.sort(Comparator.comparing(Migration::version, MigrationFiles::compare));
        List<Migration> out = new ArrayList<>();
        boolean all = target == null || target.isBlank() || target.strip().equalsIgnoreCase("latest");
        for (Migration m : versioned) {
            if (all || compare(m.version(), target.strip()) <= 0) out.add(m);
        }
        out.addAll(repeatable);
        return out;
    }

    /** SQL files in the folder that the naming does not accept (Flyway refuses them at run time). */
    public static List<Path> misnamed(Path folder, MigrateSpec.Naming naming) throws IOException {
        Pattern versioned = naming == MigrateSpec.Naming.NUMBERED ? NUMBERED : FLYWAY;
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted()
                    .filter(p -> !versioned.matcher(p.getFileName().toString()).matches()
                            && !REPEATABLE.matcher(p.getFileName().toString()).matches())
                    .toList();
        }
    }

    /** Whether a file name fits the other naming, so the hint can say which one to declare. */
    public static boolean looksNumbered(Path file) {
        return NUMBERED.matcher(file.getFileName().toString()).matches();
    }

    /** Compares dotted versions numerically part by part, as Flyway does ("001" equals "1"). */
    public static int compare(String a, String b) {
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            BigInteger p = i < x.length ? number(x[i]) : BigInteger.ZERO;
            BigInteger q = i < y.length ? number(y[i]) : BigInteger.ZERO;
            int c = p.compareTo(q);
            if (c != 0) return c;
        }
        return 0;
    }

    private static BigInteger number(String part) {
        return part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? new BigInteger(part) : BigInteger.ZERO;
    }
}
