package io.ragfit.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorSimilarity;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ElasticsearchKnnRoundTripTests {

    record Passage(String text, List<Float> vector) {
    }

    @Inject
    ElasticsearchClient client;

    @Test
    void shouldFindTheNearestVectorWithKnn() throws IOException {
        String index = "devstack-probe-" + UUID.randomUUID();
        client.indices().create(c -> c
                .index(index)
                .settings(s -> s.numberOfReplicas("0"))
                .mappings(m -> m
                        .properties("text", p -> p.text(t -> t))
                        .properties("vector", p -> p.denseVector(dv -> dv
                                .dims(3)
                                .similarity(DenseVectorSimilarity.Cosine)
                                .index(true)))));
        Map<String, Passage> passages = Map.of(
                "east", new Passage("points east", List.of(1f, 0f, 0f)),
                "north", new Passage("points north", List.of(0f, 1f, 0f)),
                "up", new Passage("points up", List.of(0f, 0f, 1f)));
        BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
        passages.forEach((id, passage) -> bulk.operations(op -> op
                .index(idx -> idx
                        .index(index)
                        .id(id)
                        .document(passage))));
        BulkResponse indexed = client.bulk(bulk.build());
        assertThat(indexed.errors()).isFalse();

        SearchResponse<Passage> found = client.search(s -> s
                .index(index)
                .knn(k -> k
                        .field("vector")
                        .queryVector(List.of(0.1f, 0.9f, 0.2f))
                        .k(2)
                        .numCandidates(10)),
                Passage.class);

        assertThat(found.hits().hits()).extracting(Hit::id).containsExactly("north", "up");
        assertThat(found.hits().hits().getFirst().source().text()).isEqualTo("points north");
        client.indices().delete(d -> d.index(index));
    }
}
