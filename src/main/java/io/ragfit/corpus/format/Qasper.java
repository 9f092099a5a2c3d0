package io.ragfit.corpus.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Document;
import io.ragfit.corpus.Passage;
import io.ragfit.corpus.Question;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;

/**
 * Qasper papers and their questions, from the original release ({@code {paper_id: paper}}) or the
 * Hugging Face layout (papers with their {@code id}, lists of objects turned into objects of lists). A paper is
 * one document: the abstract and every paragraph, with its section.
 */
final class Qasper {

    private static final String ABSTRACT = "Abstract";

    /** The original release keys papers by id; a paper standing alone (with its {@code id}) is read too. */
    static final Wrapping ORIGINAL_WRAPPING = Wrapping.keyedUnlessFirstFieldIn(
            Set.of("id", "title", "abstract", "full_text", "qas", "figures_and_tables"));

    private Qasper() {
    }

    static List<DatasetRecord> original(SourceRecord source) {
        JsonNode paper = source.node();
        List<Passage> passages = new ArrayList<>();
        addAbstract(paper, passages);
        if (paper.path("full_text").isObject()) {
            throw new InvalidRecordException("\"full_text\" is an object: this paper is in the Hugging Face layout,"
                    + " format qasper-hf");
        }
        for (JsonNode section : Fields.array(paper, "full_text")) {
            String name = Fields.optionalText(section, "section_name");
            Fields.texts(section, "paragraphs").forEach(paragraph -> add(passages, name, paragraph));
        }
        Document document = document(source.key() != null ? source.key() : Fields.text(paper, "id"), paper, passages);
        List<DatasetRecord> records = new ArrayList<>(List.of(document));
        for (JsonNode qa : Fields.array(paper, "qas")) {
            List<ReferenceAnswer> answers = new ArrayList<>();
            for (JsonNode annotation : Fields.array(qa, "answers")) {
                answers.add(answer(Fields.object(annotation, "answer")));
            }
            records.add(question(qa.get("question_id"), qa.get("question"), answers, document));
        }
        return records;
    }

    static List<DatasetRecord> huggingFace(SourceRecord source) {
        JsonNode paper = source.node();
        List<Passage> passages = new ArrayList<>();
        addAbstract(paper, passages);
        if (paper.path("full_text").isArray()) {
            throw new InvalidRecordException("\"full_text\" is an array: this paper is in the original layout,"
                    + " format qasper");
        }
        JsonNode fullText = Fields.object(paper, "full_text");
        JsonNode names = Fields.array(fullText, "section_name");
        JsonNode paragraphs = Fields.array(fullText, "paragraphs");
        for (int i = 0; i < paragraphs.size(); i++) {
            String name = names.path(i).isTextual() ? names.get(i).asText() : null;
            Fields.textsOf(paragraphs.get(i), "paragraphs").forEach(paragraph -> add(passages, name, paragraph));
        }
        Document document = document(Fields.text(paper, "id"), paper, passages);
        List<DatasetRecord> records = new ArrayList<>(List.of(document));
        JsonNode qas = Fields.object(paper, "qas");
        JsonNode questions = Fields.array(qas, "question");
        JsonNode questionIds = Fields.array(qas, "question_id");
        JsonNode answerSets = Fields.array(qas, "answers");
        for (int i = 0; i < questions.size(); i++) {
            List<ReferenceAnswer> answers = new ArrayList<>();
            for (JsonNode answer : Fields.array(answerSets.path(i), "answer")) {
                answers.add(answer(answer));
            }
            records.add(question(questionIds.get(i), questions.get(i), answers, document));
        }
        return records;
    }

    private static void addAbstract(JsonNode paper, List<Passage> passages) {
        String summary = Fields.optionalText(paper, "abstract");
        if (summary != null) {
            add(passages, ABSTRACT, summary);
        }
    }

    private static void add(List<Passage> passages, String section, String paragraph) {
        if (!paragraph.isBlank()) {
            passages.add(new Passage(section, paragraph.strip()));
        }
    }

    private static Document document(String paperId, JsonNode paper, List<Passage> passages) {
        if (paperId == null || paperId.isBlank()) {
            throw new InvalidRecordException("missing paper id");
        }
        return new Document("qasper:" + paperId, Fields.optionalText(paper, "title"), passages,
                Map.of("dataset", "qasper", "paper", paperId));
    }

    private static Question question(JsonNode id, JsonNode text, List<ReferenceAnswer> answers, Document paper) {
        if (id == null || !id.isTextual() || text == null || !text.isTextual()) {
            throw new InvalidRecordException("a question lacks its \"question\" or \"question_id\"");
        }
        return new Question("qasper:" + id.asText(), text.asText(), QuestionType.OPEN, answers,
                List.of(paper.id()), Map.of());
    }

    /** One annotator's answer, of whichever of Qasper's four kinds it is. */
    private static ReferenceAnswer answer(JsonNode answer) {
        List<String> evidence = Fields.texts(answer, "evidence");
        if (answer.path("unanswerable").asBoolean(false)) {
            return new ReferenceAnswer(ReferenceAnswer.Kind.UNANSWERABLE, "unanswerable", List.of(), evidence);
        }
        List<String> spans = Fields.texts(answer, "extractive_spans");
        if (!spans.isEmpty()) {
            // Qasper's own scorer compares the spans joined into one string
            return new ReferenceAnswer(ReferenceAnswer.Kind.EXACT, String.join(", ", spans), List.of(), evidence);
        }
        JsonNode yesNo = answer.get("yes_no");
        if (yesNo != null && yesNo.isBoolean()) {
            return new ReferenceAnswer(ReferenceAnswer.Kind.YES_NO, yesNo.asBoolean() ? "yes" : "no", List.of(), evidence);
        }
        String freeForm = Fields.optionalText(answer, "free_form_answer");
        if (freeForm != null && !freeForm.isBlank()) {
            return new ReferenceAnswer(ReferenceAnswer.Kind.IDEAL, freeForm, List.of(), evidence);
        }
        throw new InvalidRecordException("an answer is none of unanswerable, extractive_spans, yes_no, free_form_answer");
    }
}
