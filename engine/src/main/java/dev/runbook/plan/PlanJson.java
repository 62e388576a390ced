package dev.runbook.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.runbook.diag.Diagnostic;
import dev.runbook.text.HumanDuration;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.Locale;

/**
 * The machine-readable dry run (shape documented in dsl-schema/plan.schema.json, {@code plan_version} 1).
 * Every string passes through the secret masker. Written as a stream: a 10,000-step plan is megabytes, and
 * building a tree of it first cost more than planning.
 */
public final class PlanJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private PlanJson() {}

    public static String render(Plan plan, SecretMasker masker) {
        return render(plan, PlanViews.of(plan, masker), masker);
    }

    /** With the plan's view already built by the caller from the same masker (building it is a tenth of a plan). */
    public static String render(Plan plan, PlanView view, SecretMasker masker) {
        StringWriter w = new StringWriter(64 * 1024);
        write(plan, view, masker, w);
        return w.toString();
    }

    /** Writes the plan to {@code out} (not closed). */
    public static void write(Plan plan, SecretMasker masker, Writer out) {
        write(plan, PlanViews.of(plan, masker), masker, out);
    }

    /** Writes the plan to {@code out} (not closed), with its view already built from the same masker. */
    public static void write(Plan plan, PlanView view, SecretMasker masker, Writer out) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("plan_version", plan.planVersion());
            g.writeStringField("plan_hash", plan.hash());
            g.writeObjectFieldStart("runbook");
            g.writeStringField("id", plan.runbookId());
            g.writeStringField("title", plan.title());
            g.writeStringField("description", plan.description() == null ? null : masker.mask(plan.description()));
            g.writeStringField("owner", plan.owner());
            g.writeStringField("file", plan.runbookFile());
            g.writeStringField("checksum", plan.runbookChecksum());
            g.writeEndObject();
            g.writeStringField("environment", plan.environment());
            g.writeBooleanField("production", plan.production());
            g.writeStringField("ticket", masker.mask(plan.ticket()));
            g.writeObjectFieldStart("params");
            for (ResolvedParam p : plan.params().values()) {
                g.writeStringField(p.name(), p.secret() ? SecretMasker.MASK : masker.mask(String.valueOf(p.value())));
            }
            g.writeEndObject();
            g.writeArrayFieldStart("targets");
            for (PlannedTarget t : plan.targets().values()) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("engine", t.engine());
                g.writeStringField("display", masker.mask(t.display()));
                g.writeBooleanField("overridden", t.overridden());
                if (t.isDatabase()) {
                    g.writeBooleanField("read_only", t.readOnly());
                    g.writeStringField("connect", t.lazy() ? "lazy" : "start");
                    g.writeStringField("journal", t.readOnly() ? null : t.journalIn() == null ? t.name() : t.journalIn());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("policies");
            for (PolicyCheck p : plan.policies()) {
                g.writeStartObject();
                g.writeStringField("name", p.name());
                g.writeBooleanField("satisfied", p.satisfied());
                g.writeStringField("detail", masker.mask(p.detail()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("preconditions");
            for (int i = 0; i < plan.preconditions().size(); i++) {
                precondition(g, plan.preconditions().get(i), view.preconditions().get(i), masker);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("steps");
            List<String> compensations = Compensation.forPlan(plan.steps());
            for (int i = 0; i < plan.steps().size(); i++) {
                step(g, plan.steps().get(i), view.steps().get(i), masker, compensations.get(i));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (Diagnostic d : plan.warnings()) {
                g.writeStartObject();
                g.writeStringField("code", d.code());
                g.writeStringField("severity", d.severity().label());
                g.writeStringField("position", d.position().toString());
                g.writeStringField("message", masker.mask(d.message()));
                g.writeStringField("hint", d.hint());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("files");
            for (PlanFile f : plan.files()) {
                g.writeStartObject();
                g.writeStringField("path", f.path());
                g.writeStringField("sha256", f.sha256());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void precondition(JsonGenerator g, PlannedPrecondition p, PlanView.Item v, SecretMasker masker)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", p.index());
        g.writeStringField("name", p.name());
        g.writeStringField("kind", p.kind().word());
        g.writeStringField("target", p.target());
        g.writeStringField("text", masker.mask(p.preview()));
        g.writeStringField("expect", masker.mask(p.expect()));
        details(g, v);
        g.writeStringField("on_fail", p.onFail().name().toLowerCase(Locale.ROOT));
        g.writeStringField("evaluated", "at run time");
        g.writeStringField("position", p.pos().toString());
        g.writeEndObject();
    }

    private static void step(JsonGenerator g, PlannedStep s, PlanView.Item v, SecretMasker masker, String compensation)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", s.index());
        g.writeStringField("id", s.id());
        g.writeStringField("title", s.title());
        g.writeStringField("description", s.description() == null ? null : masker.mask(s.description()));
        g.writeStringField("kind", s.kind());
        g.writeStringField("target", s.target());
        g.writeStringField("position", s.pos().toString());
        g.writeStringField("decision", s.decision().word());
        if (s.decision() instanceof Decision.Skip skip) g.writeStringField("reason", masker.mask(skip.reason()));
        g.writeStringField("when", masker.mask(s.when()));
        g.writeStringField("expect", masker.mask(s.expect()));
        g.writeStringField("text", masker.mask(s.action().preview()));
        if (s.action() instanceof PlannedAction.Sql sql) {
            g.writeStringField("file", sql.sql().file());
            g.writeBooleanField("transaction", sql.sql().transaction());
            if (sql.sql().expectAffected() != null) g.writeNumberField("expect_affected", sql.sql().expectAffected());
            else if (sql.sql().expectAffectedAtRun() != null) {
                g.writeStringField("expect_affected", sql.sql().expectAffectedAtRun().source());
            }
        }
        g.writeStringField("on_failure", s.onFailure().word());
        g.writeObjectFieldStart("retry");
        g.writeNumberField("attempts", s.retry().attempts());
        g.writeStringField("delay", human(s.retry().delay()));
        g.writeNumberField("backoff", s.retry().backoff());
        g.writeEndObject();
        g.writeStringField("timeout", human(s.timeout()));
        if (s.lockTimeout() != null) g.writeStringField("lock_timeout", human(s.lockTimeout()));
        if (s.restartsTarget() != null) g.writeStringField("restarts_target", s.restartsTarget());
        g.writeBooleanField("once", s.once());
        g.writeBooleanField("idempotent", s.idempotent());
        g.writeBooleanField("backup", s.backup());
        g.writeBooleanField("destructive", s.destructive());
        g.writeBooleanField("seed", s.seed());
        g.writeBooleanField("mutating", s.mutating());
        g.writeStringField("rollback_scope", s.rollbackScope().word());
        g.writeBooleanField("checkpoint", s.checkpoint());
        g.writeStringField("on_failure_compensates", compensation);
        g.writeStringField("checksum", s.checksum());
        if (s.rollback() == null) {
            g.writeNullField("rollback");
        } else {
            g.writeObjectFieldStart("rollback");
            g.writeStringField("kind", s.rollback().action().kind());
            g.writeStringField("target", s.rollback().target());
            g.writeStringField("text", masker.mask(s.rollback().action().preview()));
            g.writeBooleanField("after_failure", s.rollback().afterFailure());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("notes");
        for (String n : s.notes()) g.writeString(n);
        g.writeEndArray();
        details(g, v);
        g.writeEndObject();
    }

    /** The facts the text plan shows besides the fields above (env values, library-check params, the item, ...). */
    private static void details(JsonGenerator g, PlanView.Item v) throws IOException {
        g.writeArrayFieldStart("details");
        for (PlanView.Fact f : v.details()) {
            g.writeStartObject();
            g.writeStringField("label", f.label());
            g.writeStringField("value", f.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String human(Duration d) {
        return d == null ? null : HumanDuration.of(d);
    }
}
