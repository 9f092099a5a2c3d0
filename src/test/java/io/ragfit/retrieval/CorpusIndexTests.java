package io.ragfit.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorIndexOptionsType;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.indices.IndexState;
import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.embedding.InProcessEmbedder;

@QuarkusTest
class CorpusIndexTests {

    private static final String CORPUS = "index-settings";

    @Inject
    ChunkIndex index;

    @Inject
    ElasticsearchAsyncClient elasticsearch;

    @AfterEach
    void deleteIndex() {
        index.delete(CORPUS).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void shouldQuantizeVectorsAndRefreshEveryThirtySeconds() throws Exception {
        index.ensure(CORPUS, new IndexSettings(InProcessEmbedder.MODEL, 1500, 0)).await().atMost(Duration.ofSeconds(30));

        IndexState created = elasticsearch.indices().get(get -> get.index("ragfit-corpus-" + CORPUS)).get()
                .get("ragfit-corpus-" + CORPUS);
        Property vector = created.mappings().properties().get("vector");
        assertThat(vector.denseVector().indexOptions().type()).isEqualTo(DenseVectorIndexOptionsType.Int8Hnsw);
        assertThat(vector.denseVector().indexOptions().m()).isEqualTo(16);
        assertThat(created.settings().index().refreshInterval().time()).isEqualTo("30000ms");
    }
}
