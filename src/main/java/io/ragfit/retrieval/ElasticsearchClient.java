package io.ragfit.retrieval;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.elasticsearch.client.RestClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.rest_client.RestClientTransport;

/**
 * The Elasticsearch client ragfit uses: the extension's, on its low-level client, but without the client's own
 * spans. Those take as parent whatever trace context is current on the calling thread, which in reactive code
 * is as often another question's as none; {@link ChunkIndex}'s search span, under its question's, stands for the
 * call instead.
 */
class ElasticsearchClient {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    ElasticsearchAsyncClient untraced(RestClient lowLevel, ObjectMapper json) {
        return new ElasticsearchAsyncClient(new RestClientTransport(lowLevel, new JacksonJsonpMapper(json), null,
                NoopInstrumentation.INSTANCE));
    }
}
