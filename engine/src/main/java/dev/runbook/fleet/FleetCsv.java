package dev.runbook.fleet;

import dev.runbook.diag.Diagnostic;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.diag.Position;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV form of a fleet file: a header row naming the columns ({@code name}, {@code labels} separated by ';' or
 * spaces, {@code url}, {@code skip}, {@code target.NAME}, {@code param.NAME}), then one target per row. Fields may be
 * quoted with '"' (a quote inside doubled), as RFC 4180 has it; every cell keeps its line and column.
 */
final class FleetCsv {
    private FleetCsv() {}

    record Cell(String text, Position at) {}

    static List<FleetFile.RawTarget> read(Path file, String shown, List<Diagnostic> problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw InvalidInputException.of(Diagnostic.error("RB001", Position.of(shown), "file not found",
                    "check the path; it is resolved against the current directory"));
        } catch (IOException e) {
            throw InvalidInputException.of(Diagnostic.error("RB001", Position.of(shown), "cannot read file: " + e.getMessage(), null));
        }
        List<List<Cell>> rows = rows(text, shown, problems);
        if (rows.isEmpty()) return List.of();
        List<Cell> header = rows.get(0);
        boolean ok = knownColumns(header, "a fleet CSV header", problems);
        if (!ok) return List.of();
        List<FleetFile.RawTarget> out = new ArrayList<>();
        for (List<Cell> row : rows.subList(1, rows.size())) {
            if (row.size() == 1 && row.get(0).text().isBlank()) continue;
            if (row.size() != header.size()) {
                problems.add(Diagnostic.error("RB801", row.get(0).at(), "expected " + header.size() + " fields as in the header, found "
                        + row.size(), "quote a field that holds a comma: \"a,b\""));
                continue;
            }
            out.add(target(header, row));
        }
        return out;
    }

    private static FleetFile.RawTarget target(List<Cell> header, List<Cell> row) {
        return columns(header, row, row.get(0).at());
    }

    /** One target from named columns (a CSV row, a catalog query's row); empty cells are left out. */
    static FleetFile.RawTarget columns(List<Cell> header, List<Cell> row, Position entry) {
        Map<String, Position> at = new HashMap<>();
        at.put("entry", entry);
        String name = null;
        String url = null;
        String skip = null;
        List<String> labels = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).text().trim();
            String value = row.get(i).text() == null ? "" : row.get(i).text().trim();
            at.put(column, row.get(i).at());
            if (value.isEmpty()) continue;
            switch (column) {
                case "name" -> name = value;
                case "url" -> url = value;
                case "skip" -> skip = value;
                case "labels" -> {
                    for (String l : value.split("[;\\s]+")) if (!l.isEmpty()) labels.add(l);
                }
                default -> {
                    if (column.startsWith("target.")) targets.put(column.substring(7), value);
                    else params.put(column.substring(6), value);
                }
            }
        }
        return new FleetFile.RawTarget(entry, name, labels, url, targets, params, skip, at);
    }

    /** The column names a fleet knows; a problem for each other one. */
    static boolean knownColumns(List<Cell> header, String where, List<Diagnostic> problems) {
        boolean ok = true;
        for (Cell h : header) {
            String c = h.text().trim();
            boolean known = List.of("name", "labels", "url", "skip").contains(c)
                    || c.startsWith("target.") && c.length() > 7 || c.startsWith("param.") && c.length() > 6;
            if (!known) {
                problems.add(Diagnostic.error("RB801", h.at(), "unknown column '" + c + "' in " + where,
                        "columns: name, labels, url, skip, target.NAME, param.NAME"));
                ok = false;
            }
        }
        return ok;
    }

    /** Splits the text into rows of cells, each with its position; an unclosed quote is a problem. */
    private static List<List<Cell>> rows(String text, String file, List<Diagnostic> problems) {
        List<List<Cell>> rows = new ArrayList<>();
        List<Cell> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int col = 1;
        Position cellAt = new Position(file, 1, 1);
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                    col++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
            } else if (c == ',') {
                row.add(new Cell(cell.toString(), cellAt));
                cell.setLength(0);
                cellAt = new Position(file, line, col + 1);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                row.add(new Cell(cell.toString(), cellAt));
                rows.add(row);
                row = new ArrayList<>();
                cell.setLength(0);
                line++;
                col = 0;
                cellAt = new Position(file, line, 1);
            } else {
                cell.append(c);
            }
            if (c == '\n') {
                col = 1;
                continue;
            }
            col++;
        }
        if (quoted) problems.add(Diagnostic.error("RB801", cellAt, "a quoted field is not closed", "end it with '\"'"));
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(new Cell(cell.toString(), cellAt));
            rows.add(row);
        }
        rows.removeIf(r -> r.size() == 1 && r.get(0).text().isBlank());
        return rows;
    }
}
