package io.ragfit.corpus.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Document;
import io.ragfit.corpus.Passage;
import io.ragfit.corpus.Question;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.StableIds;

/**
 * BioASQ task B questions. Their documents are PubMed ids only, so the retrievable text is the
 * snippets: each distinct snippet becomes a document. Accepts the old and new shapes of the answers:
 * {@code ideal_answer} as a string or a list, factoid {@code exact_answer} as a string, a flat list of
 * synonyms or a list of synonym lists.
 */
final class BioAsq {

    private BioAsq() {
    }

    static List<DatasetRecord> question(SourceRecord source) {
        JsonNode question = source.node();
        String id = Fields.text(question, "id");
        String body = Fields.optionalText(question, "body");
        String text = body != null ? body : Fields.text(question, "_body");
        QuestionType type = type(question.has("type") ? question.get("type").asText() : Fields.text(question, "_type"));

        Map<String, Document> snippets = new LinkedHashMap<>();
        for (JsonNode snippet : Fields.array(question, "snippets")) {
            Document document = snippet(snippet);
            snippets.putIfAbsent(document.id(), document);
        }
        List<String> evidence = snippets.values().stream().map(snippet -> snippet.passages().getFirst().text()).toList();

        List<ReferenceAnswer> answers = new ArrayList<>();
        Fields.texts(question, "ideal_answer").forEach(ideal -> answers.add(
                new ReferenceAnswer(ReferenceAnswer.Kind.IDEAL, ideal, List.of(), evidence)));
        answers.addAll(exactAnswers(type, question.get("exact_answer"), evidence));

        List<DatasetRecord> records = new ArrayList<>(snippets.values());
        records.add(new Question("bioasq:" + id, text, type, answers, List.copyOf(snippets.keySet()), Map.of()));
        return records;
    }

    private static QuestionType type(String type) {
        return switch (type) {
            case "yesno" -> QuestionType.YES_NO;
            case "factoid" -> QuestionType.FACTOID;
            case "list" -> QuestionType.LIST;
            case "summary" -> QuestionType.SUMMARY;
            default -> throw new InvalidRecordException("unknown question type \"" + type
                    + "\" (expected yesno, factoid, list or summary)");
        };
    }

    private static Document snippet(JsonNode snippet) {
        String url = Fields.text(snippet, "document");
        String section = Fields.optionalText(snippet, "beginSection");
        String id = StableIds.of("bioasq", url, section, Fields.optionalText(snippet, "offsetInBeginSection"),
                Fields.optionalText(snippet, "endSection"), Fields.optionalText(snippet, "offsetInEndSection"));
        String pubmedId = url.substring(url.lastIndexOf('/') + 1);
        return new Document(id, "PubMed " + pubmedId, List.of(new Passage(section, Fields.text(snippet, "text"))),
                Map.of("dataset", "bioasq", "document", url));
    }

    private static List<ReferenceAnswer> exactAnswers(QuestionType type, JsonNode exact, List<String> evidence) {
        if (exact == null || exact.isNull() || type == QuestionType.SUMMARY) {
            return List.of();
        }
        if (type == QuestionType.YES_NO) {
            String yesNo = exact.isArray() ? exact.path(0).asText() : exact.asText();
            if (!yesNo.equalsIgnoreCase("yes") && !yesNo.equalsIgnoreCase("no")) {
                throw new InvalidRecordException("a yesno exact_answer must be \"yes\" or \"no\", found \"" + yesNo + "\"");
            }
            return List.of(new ReferenceAnswer(ReferenceAnswer.Kind.YES_NO, yesNo.toLowerCase(), List.of(), evidence));
        }
        List<List<String>> entities = new ArrayList<>();
        if (exact.isArray() && exact.size() > 0 && exact.get(0).isArray()) {
            exact.forEach(synonyms -> entities.add(Fields.textsOf(synonyms, "exact_answer")));
        } else if (type == QuestionType.LIST) {
            // old list answers: one entity per element
            Fields.textsOf(exact, "exact_answer").forEach(entity -> entities.add(List.of(entity)));
        } else {
            // old factoid answers: one entity, a string or a flat list of its synonyms
            entities.add(Fields.textsOf(exact, "exact_answer"));
        }
        return entities.stream()
                .filter(synonyms -> !synonyms.isEmpty())
                .map(synonyms -> new ReferenceAnswer(ReferenceAnswer.Kind.EXACT, synonyms.getFirst(),
                        synonyms.subList(1, synonyms.size()), evidence))
                .toList();
    }
}
