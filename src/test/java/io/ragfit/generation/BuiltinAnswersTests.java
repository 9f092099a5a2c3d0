package io.ragfit.generation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuiltinAnswersTests {

    @Test
    void shouldCutABuiltinAnswerToItsMaxTokensInWords() {
        assertThat(BuiltinAnswers.capped("Refunds arrive within five working days.", 3)).isEqualTo("Refunds arrive within");
        assertThat(BuiltinAnswers.capped("  Five  working days. ", 3)).isEqualTo("  Five  working days. ");
        assertThat(BuiltinAnswers.capped("Five working days.", null)).isEqualTo("Five working days.");
        assertThat(BuiltinAnswers.capped(null, 3)).isNull();
    }
}
