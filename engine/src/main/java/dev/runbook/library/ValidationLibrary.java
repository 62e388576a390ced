package dev.runbook.library;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The validation-SQL library shipped with Runbook. Each check is a SQL file whose leading comment block
 * ({@code -- ---} ... {@code -- ---}) is a YAML header: description, params (name: default or null when
 * required), expect. Parameters reach the SQL as bind parameters ({@code :name}).
 */
public final class ValidationLibrary {
    private static final String ROOT = "/validation-sql/";

    public Optional<LibraryCheck> find(String dialect, String name) {
        if (name == null || !name.matches("[a-z0-9_]+")) return Optional.empty();
        try (InputStream in = ValidationLibrary.class.getResourceAsStream(ROOT + dialect + "/" + name + ".sql")) {
            if (in == null) return Optional.empty();
            return Optional.of(parse(dialect, name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static LibraryCheck parse(String dialect, String name, String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        StringBuilder header = new StringBuilder();
        int i = 0;
        if (lines.length > 0 && lines[0].trim().equals("-- ---")) {
            for (i = 1; i < lines.length && !lines[i].trim().equals("-- ---"); i++) {
                header.append(lines[i].replaceFirst("^--\\s?", "")).append('\n');
            }
            i++;
        }
        StringBuilder sql = new StringBuilder();
        for (; i < lines.length; i++) sql.append(lines[i]).append('\n');
        Map<String, Object> meta = new LinkedHashMap<>();
        if (header.length() > 0) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(header.toString());
            if (loaded instanceof Map<?, ?> m) m.forEach((k, v) -> meta.put(String.valueOf(k), v));
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        if (meta.get("params") instanceof Map<?, ?> params) {
            params.forEach((k, v) -> {
                if (v == null) required.add(String.valueOf(k));
                else defaults.put(String.valueOf(k), String.valueOf(v));
            });
        }
        String expect = meta.get("expect") == null ? "count == 0" : String.valueOf(meta.get("expect"));
        return new LibraryCheck(name, dialect, meta.get("description") == null ? name : String.valueOf(meta.get("description")),
                Map.copyOf(defaults), List.copyOf(required), expect, sql.toString().strip());
    }
}
