package io.ragfit.judge;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.ragfit.openai.ChatResponse.TokenLogprob;
import io.ragfit.openai.ChatResponse.TopLogprob;

/**
 * G-Eval's probability-weighted score: at the first generated token that is a point of the scale, the
 * top log probabilities of the scale's points, renormalised over those points; score = sum of s * p(s).
 */
public final class LogprobScore {

    /** @param distribution p(s) of each point found, renormalised to sum to 1 */
    public record Weighted(double score, Map<Integer, Double> distribution) {
    }

    private LogprobScore() {
    }

    /** Empty when no generated token is a point of the scale (or no log probabilities came back). */
    public static Optional<Weighted> of(List<TokenLogprob> tokens, int min, int max) {
        if (tokens == null) {
            return Optional.empty();
        }
        for (TokenLogprob token : tokens) {
            if (point(token.token(), min, max) == null) {
                continue;
            }
            Map<Integer, Double> probabilities = new TreeMap<>();
            List<TopLogprob> candidates = token.topLogprobs() == null || token.topLogprobs().isEmpty()
                    ? List.of(new TopLogprob(token.token(), token.logprob()))
                    : token.topLogprobs();
            for (TopLogprob candidate : candidates) {
                Integer point = point(candidate.token(), min, max);
                if (point != null) {
                    probabilities.merge(point, Math.exp(candidate.logprob()), Double::sum);
                }
            }
            double total = probabilities.values().stream().mapToDouble(Double::doubleValue).sum();
            Map<Integer, Double> distribution = new TreeMap<>();
            probabilities.forEach((point, probability) -> distribution.put(point, probability / total));
            double score = distribution.entrySet().stream().mapToDouble(entry -> entry.getKey() * entry.getValue()).sum();
            return Optional.of(new Weighted(score, distribution));
        }
        return Optional.empty();
    }

    /** The integer a token stands for (" 4", "4"), when it is a point of the scale. */
    private static Integer point(String token, int min, int max) {
        String digits = token == null ? "" : token.strip();
        if (!digits.matches("\\d{1,2}")) {
            return null;
        }
        int value = Integer.parseInt(digits);
        return value >= min && value <= max ? value : null;
    }
}
