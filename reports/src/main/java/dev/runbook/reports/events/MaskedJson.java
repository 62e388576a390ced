package dev.runbook.reports.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A value's JSON with every string in it, field names and map keys included, passed through a mask on the way out:
 * the generator masks, so no field of any type is missed, and no tree is built and copied per event (valueToTree,
 * a masked copy, an envelope copy cost about as much as a check's query). Numbers are written as the value holds
 * them (a tree would have turned {@code BigDecimal} 100 into {@code 1E+2}).
 */
public final class MaskedJson {
    private final ObjectMapper mapper;
    private final UnaryOperator<String> mask;

    public MaskedJson(ObjectMapper mapper, UnaryOperator<String> mask) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.mask = Objects.requireNonNull(mask, "mask");
    }

    /** The value's masked JSON text, as {@link #writeFields} writes it inside an event line. */
    public String text(Object value) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            mapper.writeValue(new Masking(g, mask, false), value);
        }
        return out.toString();
    }

    /** Writes the fields of {@code value} (which serializes as a JSON object) into the object {@code g} has open. */
    public void writeFields(JsonGenerator g, Object value) throws IOException {
        mapper.writeValue(new Masking(g, mask, true), value);
    }

    /**
     * Masks every string and name written through it. {@code inline}: the outermost object's braces are left out,
     * so its fields join the object already open (the event line's envelope). Copy methods are not delegated, so
     * {@code writeObject} and {@code writeTree} come back through this generator too.
     */
    private static final class Masking extends JsonGeneratorDelegate {
        private final UnaryOperator<String> mask;
        private boolean inline;
        private int depth;

        Masking(JsonGenerator d, UnaryOperator<String> mask, boolean inline) {
            super(d, false);
            this.mask = mask;
            this.inline = inline;
        }

        @Override
        public void close() {
            // The caller owns the generator (mapper.writeValue closes what it is given when AUTO_CLOSE_TARGET).
        }

        @Override
        public void flush() throws IOException {
            if (!inline) super.flush();
        }

        private boolean outermost() {
            return inline && depth == 0;
        }

        @Override
        public void writeStartObject() throws IOException {
            if (!outermost()) delegate.writeStartObject();
            depth++;
        }

        @Override
        public void writeStartObject(Object forValue) throws IOException {
            if (!outermost()) delegate.writeStartObject(forValue);
            depth++;
        }

        @Override
        public void writeStartObject(Object forValue, int size) throws IOException {
            if (!outermost()) delegate.writeStartObject(forValue, size);
            depth++;
        }

        @Override
        public void writeEndObject() throws IOException {
            depth--;
            if (!outermost()) delegate.writeEndObject();
        }

        @Override
        public void writeStartArray() throws IOException {
            depth++;
            delegate.writeStartArray();
        }

        @Override
        @SuppressWarnings("deprecation")
        public void writeStartArray(int size) throws IOException {
            depth++;
            delegate.writeStartArray(size);
        }

        @Override
        public void writeArray(String[] array, int offset, int length) throws IOException {
            writeStartArray(array, length);
            for (int i = offset; i < offset + length; i++) writeString(array[i]);
            writeEndArray();
        }

        @Override
        public void writeStartArray(Object forValue) throws IOException {
            depth++;
            delegate.writeStartArray(forValue);
        }

        @Override
        public void writeStartArray(Object forValue, int size) throws IOException {
            depth++;
            delegate.writeStartArray(forValue, size);
        }

        @Override
        public void writeEndArray() throws IOException {
            depth--;
            delegate.writeEndArray();
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            delegate.writeFieldName(mask.apply(name));
        }

        @Override
        public void writeFieldName(SerializableString name) throws IOException {
            String masked = mask.apply(name.getValue());
            // The serializer's pre-encoded name is kept when masking leaves it as it is (nearly always).
            if (masked.equals(name.getValue())) delegate.writeFieldName(name);
            else delegate.writeFieldName(masked);
        }

        @Override
        public void writeStringField(String name, String value) throws IOException {
            writeFieldName(name);
            writeString(value);
        }

        @Override
        public void writeString(String text) throws IOException {
            delegate.writeString(text == null ? null : mask.apply(text));
        }

        @Override
        public void writeString(char[] text, int offset, int len) throws IOException {
            writeString(new String(text, offset, len));
        }

        @Override
        public void writeString(SerializableString text) throws IOException {
            String masked = mask.apply(text.getValue());
            if (masked.equals(text.getValue())) delegate.writeString(text);
            else delegate.writeString(masked);
        }

        @Override
        public void writeString(Reader reader, int len) throws IOException {
            StringBuilder all = new StringBuilder();
            char[] buf = new char[4096];
            int left = len < 0 ? Integer.MAX_VALUE : len;
            for (int n; left > 0 && (n = reader.read(buf, 0, Math.min(buf.length, left))) > 0; left -= n) {
                all.append(buf, 0, n);
            }
            writeString(all.toString());
        }

        @Override
        public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
            writeString(new String(text, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
            writeString(new String(text, offset, length, StandardCharsets.UTF_8));
        }
    }
}
