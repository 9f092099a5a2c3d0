package io.ragfit.corpus;

import java.util.List;
import java.util.Map;

/** Retrievable text: a Wikipedia passage, a paper, a PubMed snippet, a help-centre page. */
public record Document(String id, String title, List<Passage> passages, Map<String, String> metadata)
        implements DatasetRecord {

    public Document {
        passages = List.copyOf(passages);
        metadata = Map.copyOf(metadata);
    }
}
