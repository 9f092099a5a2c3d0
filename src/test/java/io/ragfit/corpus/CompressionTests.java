package io.ragfit.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.ragfit.testing.Archives;

class CompressionTests {

    private static final byte[] SAMPLE = read(Path.of("datasets/generic-example.jsonl"));

    @Test
    void shouldReadPlainFilesAsTheyAre() throws IOException {
        assertThat(readAll(new ByteArrayInputStream(SAMPLE))).isEqualTo(SAMPLE);
        assertThat(readAll(new ByteArrayInputStream(new byte[0]))).isEmpty();
        assertThat(readAll(new ByteArrayInputStream("P".getBytes(StandardCharsets.UTF_8)))).containsExactly('P');
    }

    @Test
    void shouldDecompressGzipByItsFirstBytes() throws IOException {
        assertThat(readAll(new ByteArrayInputStream(Archives.gzip(SAMPLE)))).isEqualTo(SAMPLE);
    }

    @Test
    void shouldReadTheOneFileOfAZipArchiveWhateverFoldersItHas() throws IOException {
        assertThat(readAll(new ByteArrayInputStream(Archives.zip("data/", null, "data/sample.jsonl", SAMPLE))))
                .isEqualTo(SAMPLE);
    }

    @Test
    void shouldRefuseAZipArchiveWithMoreThanOneFile() {
        byte[] two = Archives.zip("first.jsonl", SAMPLE, "second.jsonl", SAMPLE);

        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(two)))
                .isInstanceOf(IOException.class).hasMessageContaining("more than one file").hasMessageContaining("second.jsonl");
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(Archives.zip("empty/", null, "also-empty/", null))))
                .hasMessageContaining("holds no file");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (InputStream decompressed = Compression.decompressed(in)) {
            return decompressed.readAllBytes();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
