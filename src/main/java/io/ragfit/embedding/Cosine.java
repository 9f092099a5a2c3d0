package io.ragfit.embedding;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Cosine similarity between embeddings. */
public final class Cosine {

    private Cosine() {
    }

    /** Cosine similarity; 0 when either vector is all zeros. */
    public static double similarity(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    /** Indices of the {@code count} candidates most similar to the query, in their original order. */
    public static List<Integer> closest(float[] query, List<float[]> candidates, int count) {
        double[] similarities = candidates.stream().mapToDouble(candidate -> similarity(query, candidate)).toArray();
        return IntStream.range(0, candidates.size())
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -similarities[i]).thenComparing(i -> i))
                .limit(count)
                .sorted()
                .toList();
    }
}
