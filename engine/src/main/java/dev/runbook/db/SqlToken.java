package dev.runbook.db;

/** A classified slice {@code [start, end)} of SQL source text. */
record SqlToken(Kind kind, int start, int end) {

    /** What a slice of SQL is, as far as splitting and parameter parsing care. */
    enum Kind {
        WHITESPACE, LINE_COMMENT, BLOCK_COMMENT,
        /** Any literal: '..', E'..', N'..', $tag$..$tag$. */
        STRING,
        /** "..", or [..] on SQL Server. */
        QUOTED_IDENTIFIER,
        /** Keyword, unquoted identifier, number or variable. */
        WORD,
        /** A single character of anything else. */
        SYMBOL;

        /** Whitespace and comments: text that never changes what a statement does. */
        boolean isTrivia() {
            return this == WHITESPACE || this == LINE_COMMENT || this == BLOCK_COMMENT;
        }

        /** Text whose content must never be read as SQL syntax. */
        boolean isOpaque() {
            return this == LINE_COMMENT || this == BLOCK_COMMENT || this == STRING || this == QUOTED_IDENTIFIER;
        }
    }

    boolean isSymbol(String source, char c) {
        return kind == Kind.SYMBOL && source.charAt(start) == c;
    }

    String text(String source) {
        return source.substring(start, end);
    }
}
