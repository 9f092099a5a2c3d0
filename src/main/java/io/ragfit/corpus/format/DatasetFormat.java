package io.ragfit.corpus.format;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.ragfit.corpus.DatasetRecord;

/** The dataset layouts ragfit reads. */
public enum DatasetFormat {

    NQ_OPEN_ORACLE("nq-open-oracle",
            "Natural Questions open with oracle passages, JSONL {question, answers[], nq_annotated_gold{title, long_answer}}",
            Wrapping.NONE, NaturalQuestions::openOracle),
    NQ_OPEN("nq-open",
            "Natural Questions open, questions only, JSONL {question, answer[]}",
            Wrapping.NONE, NaturalQuestions::open),
    NQ_SIMPLIFIED("nq-simplified",
            "simplified Natural Questions, JSONL {example_id, document_url, question_text, document_text,"
                    + " long_answer_candidates[], annotations[]}",
            Wrapping.NONE, NaturalQuestions::simplified),
    QASPER("qasper",
            "Qasper original release (qasper-*-v0.3.json), JSON {paper_id: {title, abstract, full_text[], qas[]}}",
            Qasper.ORIGINAL_WRAPPING, Qasper::original),
    QASPER_HF("qasper-hf",
            "Qasper in the Hugging Face layout, one paper per JSONL line",
            Wrapping.NONE, Qasper::huggingFace),
    BIOASQ("bioasq",
            "BioASQ task B, JSON {questions: [{id, type, body, snippets[], ideal_answer, exact_answer}]}",
            Wrapping.arrayIn("questions"), BioAsq::question),
    JSONL("jsonl",
            "generic JSONL: documents {id, text, title?, metadata?} and questions {id, question, answers[]?}",
            Wrapping.NONE, GenericJsonl::record);

    /** The name that asks for the format to be detected from the first records. */
    public static final String AUTO = "auto";

    private final String formatName;
    private final String description;
    private final Wrapping wrapping;
    private final Function<SourceRecord, List<DatasetRecord>> converter;

    DatasetFormat(String formatName, String description, Wrapping wrapping,
            Function<SourceRecord, List<DatasetRecord>> converter) {
        this.formatName = formatName;
        this.description = description;
        this.wrapping = wrapping;
        this.converter = converter;
    }

    public String formatName() {
        return formatName;
    }

    public String description() {
        return description;
    }

    /**
     * Reads {@code input} one record at a time, whether it holds JSON Lines, one document, an array or values one
     * after another; closing the reader closes the input.
     */
    public RecordReader open(InputStream input) {
        return new RecordReader(JsonSource.open(input, wrapping), converter);
    }

    /**
     * The format of the dataset {@code input} holds, told from its first records, which are read again after:
     * {@code input} must support mark and reset.
     *
     * @throws UnrecognisedFormatException when the first records match no format
     */
    public static DatasetFormat detect(InputStream input) {
        return FormatDetection.detect(input);
    }

    public static Optional<DatasetFormat> byName(String name) {
        return Arrays.stream(values()).filter(format -> format.formatName.equals(name)).findFirst();
    }

    /** The formats' names, then {@value #AUTO}. */
    public static List<String> names() {
        return java.util.stream.Stream.concat(Arrays.stream(values()).map(DatasetFormat::formatName),
                java.util.stream.Stream.of(AUTO)).toList();
    }
}
