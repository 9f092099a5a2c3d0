package io.ragfit.corpus.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * The characters of a UTF-8 source, handed to the JSON parser never past the end of a line at a time, so that
 * after a syntax error reading can resume on a line boundary: memory stays one buffer, however long the lines.
 * A byte order mark at the start is dropped.
 */
final class LineFeed implements AutoCloseable {

    private final Reader input;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long lines;
    private boolean atLineStart = true;
    private boolean started;

    LineFeed(InputStream input) {
        this.input = new InputStreamReader(input, StandardCharsets.UTF_8);
    }

    /** Lines handed out in full so far. */
    long lines() {
        return lines;
    }

    /** Whether the next character begins a line. */
    boolean atLineStart() {
        return atLineStart;
    }

    /** The next character, not consumed; -1 at the end. */
    int peek() throws IOException {
        return fill() ? buffer[position] : -1;
    }

    /** Drops the spaces and tabs that begin the line it stands at the start of; how many. */
    int skipBlanks() throws IOException {
        int blanks = 0;
        while (fill() && (buffer[position] == ' ' || buffer[position] == '\t')) {
            position++;
            blanks++;
        }
        return blanks;
    }

    /** Drops the rest of the current line, if it was begun. */
    void finishLine() throws IOException {
        if (!atLineStart) {
            skipLine();
        }
    }

    /** Drops everything up to the end of the line, the next newline included. */
    void skipLine() throws IOException {
        do {
            if (!fill()) {
                return;
            }
            take(1 + indexOfNewline() - position);
        } while (!atLineStart);
    }

    /** The whole source, at most a line per read. */
    Reader all() {
        return new View(false);
    }

    /** The current line only: the reader ends with it. */
    Reader line() {
        return new View(true);
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int read;
        do {
            read = input.read(buffer, 0, buffer.length);
        } while (read == 0);
        position = 0;
        limit = Math.max(read, 0);
        if (read > 0 && !started) {
            started = true;
            if (buffer[0] == '\uFEFF') {
                position = 1;
                return fill();
            }
        }
        return read > 0;
    }

    /** Where the current line ends in the buffer (its newline), or the last index of the buffer. */
    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return limit - 1;
    }

    private int take(int count) {
        position += count;
        atLineStart = buffer[position - 1] == '\n';
        if (atLineStart) {
            lines++;
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    private final class View extends Reader {

        private final boolean oneLine;
        private boolean lineDone;

        View(boolean oneLine) {
            this.oneLine = oneLine;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (lineDone || !fill()) {
                return -1;
            }
            int count = Math.min(length, 1 + indexOfNewline() - position);
            System.arraycopy(buffer, position, target, offset, count);
            take(count);
            lineDone = oneLine && atLineStart;
            return count;
        }

        @Override
        public void close() {
            // the feed is closed by its owner
        }
    }
}
