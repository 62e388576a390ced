package dev.runbook.reports.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.reports.model.Evidence;
import dev.runbook.reports.model.JsonMapping;
import dev.runbook.reports.model.Kind;
import dev.runbook.reports.model.Status;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedJsonTest {
    private static final String SECRET = "s3cr3t";
    private final ObjectMapper mapper = JsonMapping.newMapper();
    private final MaskedJson masked = new MaskedJson(mapper, text -> text.replace(SECRET, "******"));

    @Test
    void everyStringNameAndKeyOfAnEventIsMaskedInTheLogLine(@TempDir Path dir) throws Exception {
        Map<String, Object> captures = new LinkedHashMap<>();
        captures.put("key " + SECRET, "value " + SECRET);
        captures.put("rows", List.of(Map.of("col", SECRET), List.of(SECRET, 7L)));
        ItemFinished finished = ItemFinished.failed("step/" + SECRET, 1, 12, "reason " + SECRET, null)
                .withEvidence(new Evidence(List.of(SECRET), List.of(List.of("cell " + SECRET)), 1, false))
                .withExpectation("result == '" + SECRET + "'", SECRET)
                .withCaptures(captures);
        try (EventLogWriter log = EventLogWriter.open(dir, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))) {
            log.write(finished, masked, false);
            log.write(ItemStarted.of("step/a/check/1", Kind.CHECK, SECRET, "check", "db", null, "step/a",
                    "SELECT '" + SECRET + "'", 1), masked, false);
        }
        String text = Files.readString(dir.resolve(EventLogWriter.FILE_NAME));
        assertFalse(text.contains(SECRET), text);
        List<String> lines = text.lines().toList();
        JsonNode line = mapper.readTree(lines.get(0));
        // The envelope first, then the event's fields in the record's order, as the reader expects.
        List<String> names = new java.util.ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("v", "seq", "ts", "type", "key", "attempt", "status"), names.subList(0, 7));
        assertEquals("1970-01-01T00:00:00.000Z", line.get("ts").asText());
        assertEquals("failed", line.get("status").asText());
        assertEquals("value ******", line.get("captures").get("key ******").asText());
        assertEquals("******", line.get("captures").get("rows").get(1).get(0).asText());
        assertEquals(7, line.get("captures").get("rows").get(1).get(1).asInt());
        assertEquals("cell ******", line.get("evidence").get("rows").get(0).get(0).asText());
        // The reader takes the masked line back as the same event, masked.
        LoggedEvent back = new EventLogReader().readEvents(dir).get(0);
        assertEquals(Status.FAILED, ((ItemFinished) back.event()).status());
        assertEquals("reason ******", ((ItemFinished) back.event()).reason());
        assertEquals("SELECT '******'", mapper.readTree(lines.get(1)).get("item").get("text").asText());
    }

    @Test
    void aTextIsTheMaskedJsonOfTheValueAsTheLineHoldsIt() throws Exception {
        Evidence evidence = new Evidence(List.of("a"), List.of(Arrays.asList(SECRET, null)), 1, true);
        assertEquals("{\"columns\":[\"a\"],\"rows\":[[\"******\",null]],\"total_rows\":1,\"truncated\":true}",
                masked.text(evidence));
        assertEquals("null", masked.text(null));
        assertEquals("{\"x\":[\"******\"]}", masked.text(Map.of("x", new String[] {SECRET})));
    }

    @Test
    void numbersAreLoggedAsTheDatabaseGaveThem() throws Exception {
        // Through a tree (valueToTree), as the log was written before, numeric 100 became 1E+2 and 3.50 became 3.5.
        Map<String, Object> captures = new LinkedHashMap<>();
        captures.put("sum", new BigDecimal("100"));
        captures.put("avg", new BigDecimal("3.50"));
        captures.put("count", 5L);
        captures.put("ratio", 0.25d);
        assertEquals("{\"sum\":100,\"avg\":3.50,\"count\":5,\"ratio\":0.25}", masked.text(captures));
    }

    @Test
    void noEventHasAFieldNamedAsTheEnvelopesSoNoneIsLost() {
        // EventLogWriter writes the envelope, then every field of the event: a field named v, seq, ts or type would
        // appear twice in the line.
        Set<String> envelope = Set.of("v", "seq", "ts", "type");
        for (Class<?> type : Event.class.getPermittedSubclasses()) {
            Set<String> fields = Arrays.stream(type.getRecordComponents()).map(c -> c.getName())
                    .collect(Collectors.toSet());
            assertTrue(fields.stream().noneMatch(envelope::contains), type + " " + fields);
        }
    }
}
