package dev.runbook.parse;


/** Text the way hashes need it: BOM dropped, CRLF and CR turned into LF (files are read by {@link SourceSet}). */
public final class SourceFiles {
    private SourceFiles() {}

    public static String normalize(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
