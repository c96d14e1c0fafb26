package io.jvirt.api;

/** The body of every failed API call: a stable {@link ErrorCode} name and a whole-sentence message. */
public record ApiError(String code, String message) {
}
