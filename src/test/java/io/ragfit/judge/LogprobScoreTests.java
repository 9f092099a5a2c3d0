package io.ragfit.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ragfit.openai.ChatResponse.TokenLogprob;
import io.ragfit.openai.ChatResponse.TopLogprob;

class LogprobScoreTests {

    private static TopLogprob top(String token, double probability) {
        return new TopLogprob(token, Math.log(probability));
    }

    @Test
    void shouldWeightTheScalesPointsByTheirRenormalisedProbabilities() {
        // 4: 0.5, 5: 0.25, 3: 0.15 among the scale; "four" and "\n" are not points and are left out
        TokenLogprob scoreToken = new TokenLogprob("4", Math.log(0.5), List.of(top("4", 0.5), top("5", 0.25),
                top(" 3", 0.15), top("four", 0.05), top("\n", 0.05)));

        LogprobScore.Weighted weighted = LogprobScore.of(List.of(scoreToken), 1, 5).orElseThrow();

        assertThat(weighted.distribution()).containsOnlyKeys(3, 4, 5);
        assertThat(weighted.distribution().get(4)).isCloseTo(0.5 / 0.9, within(1e-9));
        assertThat(weighted.score()).isCloseTo((3 * 0.15 + 4 * 0.5 + 5 * 0.25) / 0.9, within(1e-9));
    }

    @Test
    void shouldUseTheFirstGeneratedTokenThatIsAPointOfTheScale() {
        List<TokenLogprob> tokens = List.of(
                new TokenLogprob("Score", Math.log(0.9), List.of(top("Score", 0.9))),
                new TokenLogprob(":", Math.log(0.95), List.of(top(":", 0.95))),
                new TokenLogprob(" 2", Math.log(0.6), List.of(top(" 2", 0.6), top(" 1", 0.4))));

        assertThat(LogprobScore.of(tokens, 1, 5).orElseThrow().score()).isCloseTo(1.6, within(1e-9));
    }

    @Test
    void shouldFindNothingWhenNoTokenIsAPoint() {
        assertThat(LogprobScore.of(List.of(new TokenLogprob("Good", -0.1, List.of(top("Good", 0.9)))), 1, 5)).isEmpty();
        assertThat(LogprobScore.of(null, 1, 5)).isEmpty();
    }
}
