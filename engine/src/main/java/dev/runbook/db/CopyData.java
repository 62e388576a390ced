package dev.runbook.db;

/**
 * The inline rows after {@code COPY ... FROM stdin;} in a psql script (pg_dump's plain format): from the line after the
 * semicolon up to a line holding only {@code \.}, or the end of the script.
 *
 * @param rows   the rows, each line with its line break, as COPY's text format reads them
 * @param resume the offset where SQL resumes, just past the {@code \.} line
 */
record CopyData(String rows, int resume) {

    static boolean fromStdin(String statement) {
        Keywords k = Keywords.of(statement, SqlLexer.POSTGRES);
        if (!k.startsWith("COPY")) return false;
        int from = k.indexAtDepthZero(1, "FROM");
        return from > 0 && k.at(from + 1).equals("STDIN");
    }

    static CopyData after(String text, int semicolonEnd) {
        int start = semicolonEnd;
        while (start < text.length() && text.charAt(start) != '\n') start++;
        start = Math.min(text.length(), start + 1);
        int line = start;
        while (line < text.length()) {
            int end = text.indexOf('\n', line);
            int stop = end < 0 ? text.length() : end;
            String content = text.substring(line, stop);
            if (content.equals("\\.") || content.equals("\\.\r")) {
                return new CopyData(text.substring(start, line), end < 0 ? text.length() : end + 1);
            }
            line = stop + 1;
        }
        return new CopyData(text.substring(start), text.length());
    }
}
