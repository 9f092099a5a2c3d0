package io.ragfit.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ragfit.openai.ChatMessage;

class JudgePromptsTests {

    @Test
    void shouldStateTheCriterionWithItsScaleAndAnchors() {
        assertThat(Criterion.ACCURACY.describe()).startsWith("Accuracy (1-5): Does the answer address the question?")
                .endsWith("Scale: 1 = Poor Accuracy; 5 = Excellent Accuracy.");
        assertThat(Criterion.COMPLETENESS.describe()).contains("1 = Incomplete or Irrelevant; 5 = Complete and Comprehensive");
    }

    @Test
    void shouldFillTheFormAndEndInTheScoreSlot() {
        List<ChatMessage> messages = JudgePrompts.score(Criterion.COMPLETENESS, "1. Read.\n2. Compare.", "Who won?",
                List.of("Röntgen won in 1901."), "Röntgen.", "Wilhelm Röntgen");

        String prompt = messages.getFirst().content();
        assertThat(prompt).contains("Evaluation Steps:\n\n1. Read.\n2. Compare.")
                .contains("Question:\n\nWho won?")
                .contains("[1] Röntgen won in 1901.")
                .contains("Answer:\n\nRöntgen.")
                .contains("Reference answer:\n\nWilhelm Röntgen")
                .endsWith("Evaluation Form (scores ONLY):\n\n- Completeness:");
        assertThat(JudgePrompts.score(Criterion.COMPLETENESS, "s", "q", List.of(), "a", null).getFirst().content())
                .doesNotContain("Reference answer");
        assertThat(JudgePrompts.steps(Criterion.ACCURACY).getFirst().content()).endsWith("Evaluation Steps:");
    }
}
