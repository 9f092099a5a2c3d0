package io.ragfit.corpus.format;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Document;
import io.ragfit.corpus.Passage;
import io.ragfit.corpus.Question;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.ReferenceKind;

/**
 * ragfit's own layout, for users' corpora: a line is a document {@code {id, text, title?, metadata?}}
 * (paragraphs separated by blank lines) or a question {@code {id, question, answers?}}, its answers read by
 * {@link ReferenceKind#AUTO}: short ones exact, long ones ideal.
 */
final class GenericJsonl {

    private GenericJsonl() {
    }

    static List<DatasetRecord> record(SourceRecord source) {
        JsonNode line = source.node();
        if (line.has("question")) {
            List<ReferenceAnswer> answers = Fields.texts(line, "answers").stream()
                    .map(answer -> ReferenceKind.AUTO.read(answer, QuestionType.OPEN))
                    .toList();
            return List.of(new Question(Fields.text(line, "id"), Fields.text(line, "question"), QuestionType.OPEN,
                    answers, Fields.texts(line, "gold_document_ids"), Fields.metadata(line, "metadata")));
        }
        if (line.has("text")) {
            List<Passage> passages = new ArrayList<>();
            for (String paragraph : Fields.text(line, "text").split("\\n\\s*\\n")) {
                if (!paragraph.isBlank()) {
                    passages.add(new Passage(null, paragraph.strip()));
                }
            }
            return List.of(new Document(Fields.text(line, "id"), Fields.optionalText(line, "title"), passages,
                    Fields.metadata(line, "metadata")));
        }
        throw new InvalidRecordException("neither a document (needs \"id\" and \"text\") nor a question"
                + " (needs \"id\" and \"question\")");
    }
}
