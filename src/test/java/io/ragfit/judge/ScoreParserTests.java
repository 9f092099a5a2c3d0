package io.ragfit.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScoreParserTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4|4",
            " 3 |3",
            "Score: 4|4",
            "score = 2|2",
            "The rating is 5.|5",
            "4/5|4",
            "3.5 / 5|3.5",
            "**4**|4",
            "**Score:** 2|2",
            "{\"score\": 4}|4",
            "{\"criterion\": \"accuracy\", \"score\": \"3\"}|3",
            "I would rate this answer 4 out of 5.|4",
            "- Accuracy: 5|5",
            "Step 1 looks fine. Score: 3|3",
            "The answer cites 1999 events but deserves a 2.|2" })
    void shouldReadTheScoreJudgesWrite(String reply, double expected) {
        assertThat(ScoreParser.parse(reply, 1, 5)).hasValue(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "I cannot rate this answer.", "10", "0", "Score: 7", "7/10", "N/A" })
    void shouldNeverReadAScoreWhereThereIsNone(String reply) {
        assertThat(ScoreParser.parse(reply, 1, 5)).isEqualTo(OptionalDouble.empty());
    }
}
