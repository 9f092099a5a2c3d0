package io.ragfit.api;

/**
 * The roles of ragfit's OIDC tokens (realm roles, at {@code realm_access.roles} in Keycloak's tokens). Each
 * includes the ones before it ({@code quarkus.http.auth.roles-mapping}): an admin may do what an evaluator
 * may, an evaluator what a viewer may.
 */
public final class Roles {

    /** Reads corpora, variants, runs, results, reports and experiments. */
    public static final String VIEWER = "viewer";
    /** Ingests corpora, submits batches and questions, creates runs and experiments, asks for answers and judgements. */
    public static final String EVALUATOR = "evaluator";
    /** Manages variants and their secret references, deletes and stops, reads the audit log. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
