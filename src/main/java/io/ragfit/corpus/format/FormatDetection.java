package io.ragfit.corpus.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tells a dataset's format from its first readable record: each format has fields no other has. The records are
 * read from a marked window of the source, which is then reset to be read again in the format found.
 */
final class FormatDetection {

    /** How much of the source detection may read (and buffer, to read it again): several Qasper papers. */
    static final int WINDOW_BYTES = 4 << 20;
    private static final int RECORDS_TRIED = 20;

    /** Any format's records and containers: BioASQ's question array, Qasper's object keyed by paper id. */
    private static final Wrapping ANY_FORMAT = new Wrapping("questions", true, Set.of("id", "title", "abstract",
            "full_text", "qas", "figures_and_tables", "question", "answer", "answers", "nq_annotated_gold",
            "example_id", "document_url", "question_text", "document_text", "long_answer_candidates", "annotations",
            "type", "body", "snippets", "documents", "ideal_answer", "exact_answer", "concepts", "triples", "text",
            "metadata", "gold_document_ids"));

    private FormatDetection() {
    }

    static DatasetFormat detect(InputStream input) {
        if (!input.markSupported()) {
            throw new IllegalArgumentException("format detection needs an input that can be read again");
        }
        input.mark(WINDOW_BYTES);
        List<String> unreadable = new ArrayList<>();
        try (JsonSource source = JsonSource.open(JsonSource.bounded(input, WINDOW_BYTES), ANY_FORMAT)) {
            for (int tried = 0; tried < RECORDS_TRIED && source.hasNext(); tried++) {
                SourceRecord record = source.next();
                if (record.unreadable() != null) {
                    unreadable.add("line " + record.line() + ": " + record.unreadable());
                    continue;
                }
                return recognise(record.node()).orElseThrow(() -> new UnrecognisedFormatException(
                        "format auto: the first record (line " + record.line() + ") has the fields "
                                + fieldNames(record.node()) + ", which match no format ragfit reads;"
                                + " name the format (GET /formats lists them)"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reset(input);
        }
        throw new UnrecognisedFormatException("format auto: no readable JSON record in the first " + RECORDS_TRIED
                + " records or " + (WINDOW_BYTES >> 20) + " MiB" + (unreadable.isEmpty() ? ""
                        : " (" + String.join("; ", unreadable.subList(0, Math.min(3, unreadable.size()))) + ")")
                + "; name the format (GET /formats lists them)");
    }

    /** The format whose distinctive fields {@code record} has. */
    static Optional<DatasetFormat> recognise(JsonNode record) {
        if (record.has("nq_annotated_gold")) {
            return Optional.of(DatasetFormat.NQ_OPEN_ORACLE);
        }
        if (record.has("document_text") || record.has("question_text")) {
            return Optional.of(DatasetFormat.NQ_SIMPLIFIED);
        }
        if (record.has("full_text") && record.has("qas")) {
            return Optional.of(record.get("full_text").isObject() ? DatasetFormat.QASPER_HF : DatasetFormat.QASPER);
        }
        if (record.has("body") && (record.has("snippets") || record.has("type"))) {
            return Optional.of(DatasetFormat.BIOASQ);
        }
        if (record.has("question") && record.has("answer") && !record.has("id")) {
            return Optional.of(DatasetFormat.NQ_OPEN);
        }
        if (record.has("id") && (record.has("text") || record.has("question"))) {
            return Optional.of(DatasetFormat.JSONL);
        }
        return Optional.empty();
    }

    private static List<String> fieldNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        return names.size() > 12 ? names.subList(0, 12) : names;
    }

    private static void reset(InputStream input) {
        try {
            input.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("format auto: the source could not be read again after detection", e);
        }
    }
}
