package io.ragfit.pipeline;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ragfit.corpus.Question;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;

/**
 * A question as it arrives on {@code ragfit.questions} (or in an HTTP batch).
 *
 * @param runId the run it belongs to; none means the live run
 * @param references reference answers; none means it is judged without reference
 */
public record QuestionMessage(int schemaVersion, String id, String question, String corpus, UUID runId,
        QuestionType questionType, List<ReferenceAnswer> references, Map<String, String> metadata) {

    /** A dataset's question, with its references and metadata, asked of {@code corpus} in the run of its batch. */
    public static QuestionMessage of(Question question, String corpus) {
        return new QuestionMessage(QuestionMessages.SCHEMA_VERSION, question.id(), question.text(), corpus, null,
                question.type(), question.answers(), question.metadata());
    }
}
