package io.ragfit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.ragfit.corpus.Question;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.corpus.format.RecordReader;

/** The questions of the samples under {@code datasets/}, read by the service's own loaders. */
public final class ShippedDatasets {

    private ShippedDatasets() {
    }

    public static List<Question> questions(DatasetFormat format, String file) {
        List<Question> questions = new ArrayList<>();
        try (InputStream input = Files.newInputStream(Path.of("datasets", file)); RecordReader reader = format.open(input)) {
            reader.forEachRemaining(record -> {
                if (record instanceof Question question) {
                    questions.add(question);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return questions;
    }
}
