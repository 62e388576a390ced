package dev.runbook.reports.render;

/** Keeps only characters XML 1.0 allows; StAX escapes markup but passes control characters through. */
final class XmlChars {

    private XmlChars() {
    }

    /** Replaces characters XML 1.0 cannot hold (e.g. terminal escape codes in shell output) with U+FFFD. */
    static String clean(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!allowed && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (out != null) {
                if (allowed) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('\uFFFD');
                }
            }
            i = next;
        }
        return out == null ? value : out.toString();
    }
}
