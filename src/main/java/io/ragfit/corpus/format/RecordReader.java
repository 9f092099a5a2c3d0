package io.ragfit.corpus.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.MalformedRecord;

/**
 * The records of a dataset, in source order. One source record may yield several (a Qasper paper and
 * its questions); one that cannot be read yields a {@link MalformedRecord} and reading goes on.
 */
public final class RecordReader implements Iterator<DatasetRecord>, AutoCloseable {

    private final JsonSource source;
    private final Function<SourceRecord, List<DatasetRecord>> converter;
    private final Deque<DatasetRecord> pending = new ArrayDeque<>();
    private long sourceRecords;

    RecordReader(JsonSource source, Function<SourceRecord, List<DatasetRecord>> converter) {
        this.source = source;
        this.converter = converter;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && source.hasNext()) {
            SourceRecord record = source.next();
            sourceRecords++;
            if (record.unreadable() != null) {
                pending.add(new MalformedRecord(record.number(), record.line(), record.unreadable()));
                continue;
            }
            try {
                pending.addAll(converter.apply(record));
            } catch (InvalidRecordException e) {
                pending.add(new MalformedRecord(record.number(), record.line(), e.getMessage()));
            } catch (RuntimeException unexpectedShape) {
                pending.add(new MalformedRecord(record.number(), record.line(),
                        "unexpected content (" + unexpectedShape + ")"));
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public DatasetRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    /** Why reading stopped before the end of the source (what follows was not read), or null. */
    public String stoppedEarly() {
        return source.stoppedEarly();
    }

    /** How many records of the source were read so far, readable or not. */
    public long sourceRecords() {
        return sourceRecords;
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
