package io.ragfit.judge;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a score from a judge's reply, as judges write them: {@code 4}, {@code Score: 4}, {@code 4/5},
 * {@code **4**}, {@code {"score": 4}}, {@code I would rate it 4 out of 5}. A reply with no number on the
 * scale is unparsable: it is never read as a zero.
 */
public final class ScoreParser {

    private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
    private static final Pattern JSON = Pattern.compile("\"score\"\\s*:\\s*\"?" + NUMBER);
    private static final Pattern LABELLED = Pattern.compile("(?i)(?:score|rating)\\s*(?:is|[:=])?\\s*\\**\\s*" + NUMBER);
    private static final Pattern OUT_OF = Pattern.compile(NUMBER + "\\s*(?:/|out of)\\s*(\\d+)");
    private static final Pattern STANDALONE = Pattern.compile("(?<![\\d.])" + NUMBER + "(?![\\d.]*\\d)");

    private ScoreParser() {
    }

    public static OptionalDouble parse(String reply, int min, int max) {
        if (reply == null || reply.isBlank()) {
            return OptionalDouble.empty();
        }
        for (Pattern pattern : new Pattern[] { JSON, LABELLED, OUT_OF }) {
            Matcher match = pattern.matcher(reply);
            if (match.find()) {
                OptionalDouble score = inRange(match.group(1), min, max);
                if (pattern == OUT_OF && Integer.parseInt(match.group(2)) != max) {
                    continue;
                }
                if (score.isPresent()) {
                    return score;
                }
            }
        }
        Matcher numbers = STANDALONE.matcher(reply);
        while (numbers.find()) {
            OptionalDouble score = inRange(numbers.group(1), min, max);
            if (score.isPresent()) {
                return score;
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble inRange(String number, int min, int max) {
        double value = Double.parseDouble(number);
        return value >= min && value <= max ? OptionalDouble.of(value) : OptionalDouble.empty();
    }
}
