package io.ragfit.api;

import java.time.OffsetDateTime;

/** One change or deletion asked of ragfit: who, what (method and path), with what outcome, when. */
public record AuditEntry(long id, OffsetDateTime at, String actor, String method, String path, int status) {
}
