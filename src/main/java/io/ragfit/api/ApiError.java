package io.ragfit.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error ragfit returns.
 *
 * @param field the request field at fault, when one is (its JSON path, form field or query parameter)
 * @param supported the accepted values, when one was unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, List<String> supported) {

    public static ApiError of(String error) {
        return new ApiError(error, null, null);
    }
}
