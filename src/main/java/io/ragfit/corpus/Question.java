package io.ragfit.corpus;

import java.util.List;
import java.util.Map;

/** A question with its reference answers and the documents that hold its answer, when the dataset says so. */
public record Question(String id, String text, QuestionType type, List<ReferenceAnswer> answers,
        List<String> goldDocumentIds, Map<String, String> metadata) implements DatasetRecord {

    public Question {
        answers = List.copyOf(answers);
        goldDocumentIds = List.copyOf(goldDocumentIds);
        metadata = Map.copyOf(metadata);
    }
}
