package io.jvirt.daemon.rest;

/**
 * An answer already encoded as JSON (by the streaming writers of jvirt-api), so that the
 * handler does not pass it through data binding.
 *
 * @param bytes the JSON document
 */
record JsonBody(byte[] bytes) {
}
