package io.ragfit.judge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ragfit.embedding.Embedder;
import io.smallrye.mutiny.Uni;

/**
 * The vectors of reference answers for semantic similarity, each embedded once however many variants' answers are
 * compared with it: the answers to one question are judged at the same time, so the last few thousand texts are
 * remembered (about 8 MB), and a text being embedded is not embedded again meanwhile.
 */
final class ReferenceVectors {

    private static final int REMEMBERED = 4096;

    private final Embedder embedder;
    private final Map<String, Uni<float[]>> vectors = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Uni<float[]>> eldest) {
                    return size() > REMEMBERED;
                }
            });

    ReferenceVectors(Embedder embedder) {
        this.embedder = embedder;
    }

    Uni<List<float[]>> of(List<String> texts) {
        if (texts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(texts.stream().map(this::of).toList()).andFailFast();
    }

    private Uni<float[]> of(String text) {
        return vectors.computeIfAbsent(text, key -> embedder.embedDocuments(List.of(key))
                .map(List::getFirst)
                .onFailure().invoke(() -> vectors.remove(key))
                .memoize().indefinitely());
    }
}
